import { Router } from 'express';
import { can } from '../auth/permissions';
import type { Db } from '../db/connection';
import { listPlans } from '../db/plans';
import * as plans from '../plan/service';
import { reportSettingsOf, showPlan } from '../plan/show';
import { registerBudgetApiRoutes } from './budget';
import { actorOf, formBody, idParam, type AppContext } from './context';
import { requireCapability } from './middleware';
import { asOfParam, progressScope } from './plans';
import { requestedEvaluation } from './monitoring';
import * as kpi from '../monitoring/indicators';

/** The plan as JSON for scripts: the same services and rules as the pages (src/routes/plans.ts). */
export function plansApiRouter(context: AppContext): Router {
  const { db, config, now } = context;
  const router = Router();
  const manage = requireCapability('plans.manage');
  const read = requireCapability('plans.read');

  router.get('/plans', read, (_req, res) => {
    res.json(listPlans(db).map((row) => ({ id: row.id, name: row.name, organisation: row.organisation, start_year: row.start_year, end_year: row.end_year, updated_at: row.updated_at })));
  });
  router.post('/plans', manage, (req, res) => {
    res.status(201).json({ id: plans.createPlan(db, formBody(req), now(), actorOf(req)) });
  });
  router.get('/plans/:plan', read, (req, res) => {
    res.json(showPlan(db, idParam(req, 'plan'), { asOf: asOfParam(context, req), lang: req.lang, report: reportSettingsOf(config), contacts: can(req.user, 'plans.manage') }));
  });

  const creators: Record<string, (db: Db, planId: number, input: unknown, at: Date, actor: string) => number | void> = {
    aspirations: plans.addAspiration,
    swot: (database, planId, input, at, actor) => {
      const body = input as Record<string, unknown>;
      return plans.addSwotEntry(database, planId, body, at, actor, typeof body.dimension_code === 'string' && body.dimension_code ? body.dimension_code : null);
    },
    options: plans.addStrategyOption,
    objectives: plans.addObjective,
    links: plans.addLink,
    actions: plans.addAction,
  };
  for (const [path, create] of Object.entries(creators)) {
    router.post(`/plans/:plan/${path}`, manage, (req, res) => {
      const planId = idParam(req, 'plan');
      plans.getPlan(db, planId);
      const id = create(db, planId, formBody(req), now(), actorOf(req));
      res.status(201).json(typeof id === 'number' ? { id } : { ok: true });
    });
  }
  router.post('/plans/:plan/objectives/:id/indicators', manage, (req, res) => {
    res.status(201).json({ id: plans.addIndicator(db, idParam(req, 'plan'), idParam(req, 'id'), formBody(req), now(), actorOf(req)) });
  });
  router.post('/people', manage, (req, res) => {
    res.status(201).json({ id: plans.addPerson(db, formBody(req), now(), actorOf(req)) });
  });
  registerBudgetApiRoutes(router, context);
  // A contributor reports on the actions they are in charge of; planners on any.
  router.post('/actions/:id/progress', read, (req, res) => {
    res.status(201).json({ id: plans.addProgress(db, idParam(req, 'id'), formBody(req), now(), actorOf(req), progressScope(context, req)) });
  });
  // Measurement: the evaluation of a period, realisations (contributors for their own indicators), period targets, indicator definitions.
  router.get('/plans/:plan/evaluation', read, (req, res) => {
    res.json(requestedEvaluation(context, req, idParam(req, 'plan'), { strict: true }));
  });
  router.post('/plans/:plan/indicators/:id/realisations', read, (req, res) => {
    const scope = progressScope(context, req);
    kpi.recordRealisation(db, idParam(req, 'plan'), idParam(req, 'id'), formBody(req), now(), actorOf(req), scope === null ? {} : { ownPersonId: scope });
    res.json({ ok: true });
  });
  router.post('/plans/:plan/indicators/:id/targets', manage, (req, res) => {
    kpi.setIndicatorTargets(db, idParam(req, 'plan'), idParam(req, 'id'), formBody(req), now(), actorOf(req));
    res.json({ ok: true });
  });
  router.post('/plans/:plan/indicators/:id', manage, (req, res) => {
    kpi.updateIndicator(db, idParam(req, 'plan'), idParam(req, 'id'), formBody(req), now(), actorOf(req));
    res.json({ ok: true });
  });
  return router;
}
