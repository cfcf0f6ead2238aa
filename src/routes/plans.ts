import { Router, type Request, type RequestHandler, type Response } from 'express';
import { can } from '../auth/permissions';
import { findPersonByUser } from '../db/actions';
import { listPlans } from '../db/plans';
import { listAllRounds } from '../survey/rounds';
import { ForbiddenError, ValidationError, type Problem } from '../errors';
import { isCalendarDate } from '../dates';
import { parseId } from '../ids';
import * as plans from '../plan/service';
import { listUsers } from '../db/users';
import { pdfChromium } from '../report/service';
import { acceptStarter, discardStarter, prefillSituation, reportSettingsOf, showPlan, type PlanShow } from '../plan/show';
import { ACTION_STATUSES } from '../plan/status';
import { importPlanFile, planImportTemplate } from '../plan/import';
import { strategyDocumentHtml, strategyMapFor } from '../plan/document';
import { planFile } from '../plan/files';
import { loadOrganisation } from '../organisation/profile';
import { actorOf, formBody, idParam, pick, type AppContext } from './context';
import { requireCapability, today } from './middleware';
import { requestedEvaluation, periodChoices, periodsByFrequency, registerMonitoringRoutes, sparklineFor } from './monitoring';
import { listSpendingTypes } from '../db/monitoring';
import { absorptionCharts } from '../monitoring/document';
import { registerBudgetRoutes } from './budget';

/** The sections of a plan, one page each (no script: every change is a form that comes back here). */
export const PLAN_SECTIONS = ['overview', 'strategy', 'situation', 'objectives', 'actions', 'people', 'indicators', 'budget', 'monitoring'] as const;
/** Sections that show the plan measured for a period. */
const MEASURED: ReadonlySet<Section> = new Set(['indicators', 'budget', 'monitoring']);
type Section = (typeof PLAN_SECTIONS)[number];

const NOTICES = new Set(['created', 'saved', 'added', 'removed', 'prefilled', 'linked', 'imported', 'progress', 'cancelled', 'resumed', 'starter', 'discarded', 'recorded', 'closed', 'reopened']);

/**
 * What a re-rendered form may show of what was sent: text (and numbers, from the JSON API's
 * spelling), one by one in a list. A JSON body can hold anything, and a template that prints an
 * object whose toString is not a function would crash the page instead of showing the problem.
 */
function formValues(body: Record<string, unknown>): Record<string, unknown> {
  const shown = (value: unknown) => (typeof value === 'string' ? value : typeof value === 'number' && Number.isFinite(value) ? value : undefined);
  return Object.fromEntries(
    Object.entries(body).map(([field, value]) => [field, Array.isArray(value) ? value.map(shown).filter((item) => item !== undefined) : shown(value)]),
  );
}

/** An id typed into a form field (a select's value); anything but text is no id. */
function idField(value: unknown): number | null {
  return typeof value === 'string' ? parseId(value) : typeof value === 'number' ? parseId(String(value)) : null;
}

/** The date a plan's statuses are computed for: `?as_of=YYYY-MM-DD`, or today (an impossible date is today too). */
export function asOfParam(context: AppContext, req: Request): string {
  const asOf = typeof req.query.as_of === 'string' ? req.query.as_of : '';
  return isCalendarDate(asOf) ? asOf : today(context);
}

const requirePlanManager = requireCapability('plans.manage');
const requirePlanReader = requireCapability('plans.read');

export function canManagePlans(req: Request): boolean {
  return can(req.user, 'plans.manage');
}

/**
 * Whom a progress report may concern: null for planners (any action), the linked person for a
 * contributor (their own actions only, checked by the service), and refused for anyone else.
 */
export function progressScope(context: AppContext, req: Request): number | null {
  if (canManagePlans(req)) return null;
  if (can(req.user, 'actions.update_own') && req.user) {
    const person = findPersonByUser(context.db, req.user.id);
    if (!person) throw new ForbiddenError('This account is not linked to a person in the directory; ask an administrator');
    return person.id;
  }
  throw new ForbiddenError('Read-only account');
}

const PLAN_FIELDS = ['name', 'organisation', 'start_year', 'end_year', 'baseline_round'];
const TEXT_FIELDS = ['vision_id', 'vision_en', 'mission_id', 'mission_en', 'values_id', 'values_en', 'signatory_name', 'signatory_position', 'signatory_nip', 'signed_place'];
const ASPIRATION_FIELDS = ['interviewee', 'position', 'interviewed_on', 'notes', 'themes'];
const OBJECTIVE_FIELDS = ['perspective_code', 'code', 'name', 'name_en', 'description', 'dimension_codes', 'option_ids'];
const ACTION_FIELDS = ['objective_id', 'title', 'description', 'target_indicator', 'target_value', 'target_unit', 'starts_on', 'ends_on', 'due_on', 'pic_id', 'member_ids', 'horizon', 'quarters', 'budget', 'budget_code', 'spending_type'];
const PERSON_FIELDS = ['name', 'position', 'unit', 'nip', 'email'];
const PROGRESS_FIELDS = ['reported_on', 'percent', 'value', 'note', 'evidence_url'];

export function plansRouter(context: AppContext): Router {
  const { db, config, now } = context;
  const router = Router();
  const reportSettings = reportSettingsOf(config);

  function show(req: Request, planId: number): PlanShow {
    return showPlan(db, planId, { asOf: asOfParam(context, req), lang: req.lang, report: reportSettings, contacts: canManagePlans(req) });
  }

  function render(req: Request, res: Response, status: number, section: Section, planId: number, extra: Record<string, unknown> = {}) {
    const plan = show(req, planId);
    const ownPerson = req.user && can(req.user, 'actions.update_own') ? (findPersonByUser(db, req.user.id)?.id ?? null) : null;
    const evaluation = MEASURED.has(section) ? requestedEvaluation(context, req, planId, { show: plan }) : null;
    res.status(status).render(`plans/${section}`, {
      plan,
      section,
      sections: PLAN_SECTIONS,
      canManage: canManagePlans(req),
      ownPerson,
      statuses: ACTION_STATUSES,
      notice: typeof req.query.notice === 'string' && NOTICES.has(req.query.notice) ? req.query.notice : null,
      problems: [] as Problem[],
      values: {},
      form: null,
      rounds: canManagePlans(req) ? listAllRounds(db).map((round) => ({ id: round.id, name: round.name })) : [],
      contributors: section === 'people' && can(req.user, 'users.manage') ? listUsers(db).filter((user) => user.role === 'contributor').map((user) => ({ id: user.id, username: user.username })) : null,
      map: (section === 'overview' || section === 'monitoring') && plan.objectives.length > 0 ? strategyMapFor(plan, req.lang, evaluation) : null,
      evaluation,
      periods: evaluation ? periodChoices(plan, req.lang) : [],
      indicatorPeriods: evaluation ? periodsByFrequency(plan, req.lang) : {},
      sparkline: sparklineFor(req.lang),
      absorptionCharts: evaluation?.budget && section !== 'indicators' ? absorptionCharts(evaluation.budget, req.lang) : [],
      spendingTypes: MEASURED.has(section) || section === 'actions' ? listSpendingTypes(db) : [],
      canReopen: can(req.user, 'periods.reopen'),
      pdfAvailable: pdfChromium(config) !== null,
      ...extra,
    });
  }

  /**
   * A form post on a section: runs the change, then goes back to the section with a notice; a
   * validation problem re-renders the section with the form's values and the messages (422).
   */
  function change(section: Section, fields: readonly string[] | ((body: Record<string, unknown>) => readonly string[]), formName: string, run: (req: Request, body: Record<string, unknown>, planId: number) => string | void, guard = requirePlanManager): RequestHandler[] {
    return [
      guard,
      (req: Request, res: Response) => {
        const planId = idParam(req, 'plan');
        plans.getPlan(db, planId);
        const body = pick(formBody(req), typeof fields === 'function' ? fields(formBody(req)) : fields);
        // A form of one action's page (edit, cancel, milestone, progress) comes back to that page,
        // after the change as after a refusal (then with what was typed); removing the action does not.
        const onActionPage = /\/actions\/\d+(\/|$)/.test(req.path) && !/\/actions\/\d+\/remove$/.test(req.path);
        const actionId = onActionPage ? parseId(String(req.params.action ?? req.params.id)) : null;
        try {
          const notice = run(req, body, planId) ?? 'saved';
          const anchor = typeof formBody(req)._anchor === 'string' && /^[a-z0-9-]+$/.test(String(formBody(req)._anchor)) ? `#${String(formBody(req)._anchor)}` : '';
          const target = actionId !== null ? `/actions/${actionId}` : section === 'overview' ? '' : `/${section}`;
          // A measured section comes back to the period it showed.
          const period = MEASURED.has(section) && typeof req.query.period === 'string' && /^[0-9A-Za-z-]{4,8}$/.test(req.query.period) ? `&period=${req.query.period}` : '';
          res.redirect(303, `/plans/${planId}${target}?notice=${notice}${period}${anchor || (actionId !== null ? '#action' : '')}`);
        } catch (error) {
          if (!(error instanceof ValidationError)) throw error;
          render(req, res, 422, section, planId, { problems: error.problems, values: formValues(body), form: formName, ...(actionId === null ? {} : { actionId }) });
        }
      },
    ];
  }

  router.get('/plans', requirePlanReader, (req, res) => {
    res.render('plans/index', {
      plans: listPlans(db).map((row) => ({ id: row.id, name: row.name, organisation: row.organisation, period: plans.periodLabel(row.start_year, row.end_year) })),
      canManage: canManagePlans(req),
      rounds: listAllRounds(db).map((round) => ({ id: round.id, name: round.name })),
      values: {},
      problems: [],
      thisYear: Number(today(context).slice(0, 4)),
    });
  });

  router.post('/plans', requirePlanManager, (req, res) => {
    const body = pick(formBody(req), PLAN_FIELDS);
    try {
      const id = plans.createPlan(db, body, now(), actorOf(req));
      res.redirect(303, `/plans/${id}?notice=created`);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      res.status(422).render('plans/index', {
        plans: listPlans(db).map((row) => ({ id: row.id, name: row.name, organisation: row.organisation, period: plans.periodLabel(row.start_year, row.end_year) })),
        canManage: true,
        rounds: listAllRounds(db).map((round) => ({ id: round.id, name: round.name })),
        values: formValues(body),
        problems: error.problems,
        thisYear: Number(today(context).slice(0, 4)),
      });
    }
  });

  router.get('/plans/:plan', requirePlanReader, (req, res) => render(req, res, 200, 'overview', idParam(req, 'plan')));
  registerMonitoringRoutes(router, context, { render, change });
  registerBudgetRoutes(router, context, { render, change });
  for (const section of PLAN_SECTIONS.filter((name) => name !== 'overview' && !MEASURED.has(name))) {
    router.get(`/plans/:plan/${section}`, requirePlanReader, (req, res) => render(req, res, 200, section, idParam(req, 'plan')));
  }

  // Overview: the header, the rounds, the settings.
  router.post('/plans/:plan', ...change('overview', ['name', 'organisation', 'start_year', 'end_year'], 'header', (req, body, planId) => plans.updatePlanHeader(db, planId, body, now(), actorOf(req))));
  router.post('/plans/:plan/settings', ...change('overview', ['perspective_order', 'behind_margin', 'load_limit'], 'settings', (req, body, planId) => {
    const order = typeof body.perspective_order === 'string' ? body.perspective_order.split(/[,\s]+/).filter(Boolean) : body.perspective_order;
    plans.updatePlanSettings(db, planId, { ...body, perspective_order: order }, now(), actorOf(req));
  }));
  router.post('/plans/:plan/rounds', ...change('overview', ['round'], 'rounds', (req, body, planId) => {
    const roundId = idField(body.round);
    if (roundId === null) throw new ValidationError('The round was not linked', [{ field: 'round', message: 'choose a round' }]);
    plans.linkEvaluationRound(db, planId, roundId, now(), actorOf(req));
    return 'linked';
  }));
  router.post('/plans/:plan/rounds/:round/unlink', ...change('overview', [], 'rounds', (req, _body, planId) => {
    plans.unlinkRound(db, planId, idParam(req, 'round'), now(), actorOf(req));
    return 'removed';
  }));

  // Strategy: vision, mission, values and the leadership interviews.
  router.post('/plans/:plan/texts', ...change('strategy', TEXT_FIELDS, 'texts', (req, body, planId) => plans.updatePlanTexts(db, planId, body, now(), actorOf(req))));
  router.post('/plans/:plan/aspirations', ...change('strategy', ASPIRATION_FIELDS, 'aspiration', (req, body, planId) => {
    plans.addAspiration(db, planId, body, now(), actorOf(req));
    return 'added';
  }));
  router.post('/plans/:plan/aspirations/:id', ...change('strategy', ASPIRATION_FIELDS, 'aspiration-edit', (req, body, planId) => plans.updateAspiration(db, planId, idParam(req, 'id'), body, now(), actorOf(req))));

  // Situation analysis.
  router.post('/plans/:plan/situation/prefill', ...change('situation', [], 'prefill', (req, _body, planId) => {
    prefillSituation(db, planId, { lang: req.lang, report: reportSettings }, now(), actorOf(req));
    return 'prefilled';
  }));
  router.post('/plans/:plan/swot', ...change('situation', ['kind', 'text', 'dimension_code'], 'swot', (req, body, planId) => {
    const dimension = typeof body.dimension_code === 'string' && body.dimension_code ? body.dimension_code : null;
    plans.addSwotEntry(db, planId, body, now(), actorOf(req), dimension);
    return 'added';
  }));
  router.post('/plans/:plan/swot/:id', ...change('situation', ['text'], 'swot-edit', (req, body, planId) => plans.updateSwotEntry(db, planId, idParam(req, 'id'), body, now(), actorOf(req))));
  router.post('/plans/:plan/options', ...change('situation', ['quadrant', 'text', 'factor_ids'], 'option', (req, body, planId) => {
    plans.addStrategyOption(db, planId, body, now(), actorOf(req));
    return 'added';
  }));
  router.post('/plans/:plan/options/:id', ...change('situation', ['text', 'factor_ids'], 'option-edit', (req, body, planId) => plans.updateStrategyOption(db, planId, idParam(req, 'id'), body, now(), actorOf(req))));

  // Objectives, links, indicators, starters.
  router.post('/plans/:plan/objectives', ...change('objectives', OBJECTIVE_FIELDS, 'objective', (req, body, planId) => {
    plans.addObjective(db, planId, body, now(), actorOf(req));
    return 'added';
  }));
  router.post('/plans/:plan/objectives/:id', ...change('objectives', OBJECTIVE_FIELDS, 'objective-edit', (req, body, planId) => plans.updateObjective(db, planId, idParam(req, 'id'), body, now(), actorOf(req))));
  router.post('/plans/:plan/objectives/:id/indicators', ...change('objectives', ['code', 'name', 'unit', 'target'], 'indicator', (req, body, planId) => {
    plans.addIndicator(db, planId, idParam(req, 'id'), body, now(), actorOf(req));
    return 'added';
  }));
  router.post('/plans/:plan/links', ...change('objectives', ['cause_id', 'effect_id'], 'link', (req, body, planId) => {
    plans.addLink(db, planId, body, now(), actorOf(req));
    return 'added';
  }));
  router.post('/plans/:plan/links/remove', ...change('objectives', ['cause_id', 'effect_id'], 'link', (req, body, planId) => {
    plans.removeLink(db, planId, body, now(), actorOf(req));
    return 'removed';
  }));
  router.post('/plans/:plan/starters/:key', ...change('objectives', ['decision', 'indicators', 'actions', 'pic_id'], 'starter', (req, body, planId) => {
    const key = String(req.params.key);
    if (body.decision === 'discard') {
      discardStarter(db, planId, key, now(), actorOf(req));
      return 'discarded';
    }
    const indexes = (value: unknown) => (Array.isArray(value) ? value : value === undefined ? [] : [value]).filter((item) => (typeof item === 'string' || typeof item === 'number') && /^\d{1,3}$/.test(String(item))).map(Number);
    acceptStarter(db, planId, key, { indicator_indexes: indexes(body.indicators), action_indexes: indexes(body.actions), pic_id: body.pic_id }, { lang: req.lang, report: reportSettings }, now(), actorOf(req));
    return 'starter';
  }));

  // Actions.
  router.post('/plans/:plan/actions', ...change('actions', ACTION_FIELDS, 'action', (req, body, planId) => {
    plans.addAction(db, planId, body, now(), actorOf(req));
    return 'added';
  }));
  router.get('/plans/:plan/actions/:id', requirePlanReader, (req, res) => {
    const planId = idParam(req, 'plan');
    plans.getAction(db, planId, idParam(req, 'id'));
    render(req, res, 200, 'actions', planId, { actionId: idParam(req, 'id') });
  });
  router.post('/plans/:plan/actions/:id', ...change('actions', ACTION_FIELDS, 'action-edit', (req, body, planId) => plans.updateAction(db, planId, idParam(req, 'id'), body, now(), actorOf(req))));
  router.post('/plans/:plan/actions/:id/cancel', ...change('actions', ['cancelled_on', 'reason'], 'cancel', (req, body, planId) => {
    plans.cancelAction(db, planId, idParam(req, 'id'), body, now(), actorOf(req));
    return 'cancelled';
  }));
  router.post('/plans/:plan/actions/:id/resume', ...change('actions', [], 'cancel', (req, _body, planId) => {
    plans.resumeAction(db, planId, idParam(req, 'id'), now(), actorOf(req));
    return 'resumed';
  }));
  router.post('/plans/:plan/actions/:id/milestones', ...change('actions', ['title', 'due_on'], 'milestone', (req, body, planId) => {
    plans.addMilestone(db, planId, idParam(req, 'id'), body, now(), actorOf(req));
    return 'added';
  }));
  router.post(
    '/plans/:plan/actions/:id/milestones/:milestone',
    ...change(
      'actions',
      ['done_on'],
      'milestone',
      (req, body, planId) => {
        // No date undoes the milestone; a date that is no day of the calendar (2027-02-30) is refused, not stored.
        const written = typeof body.done_on === 'string' ? body.done_on.trim() : '';
        if (written && !isCalendarDate(written)) throw new ValidationError('The milestone was not saved', [{ field: 'done_on', message: 'use a date such as 2027-03-31', value: written }]);
        const doneOn = written || null;
        plans.setMilestoneDone(db, planId, idParam(req, 'id'), idParam(req, 'milestone'), doneOn, now(), actorOf(req), progressScope(context, req));
      },
      requirePlanReader,
    ),
  );
  // Progress: planners for any action, a contributor for the actions they are in charge of.
  router.post(
    '/plans/:plan/actions/:id/progress',
    ...change(
      'actions',
      PROGRESS_FIELDS,
      'progress',
      (req, body, planId) => {
        plans.getAction(db, planId, idParam(req, 'id'));
        plans.addProgress(db, idParam(req, 'id'), body, now(), actorOf(req), progressScope(context, req));
        return 'progress';
      },
      requirePlanReader,
    ),
  );

  // People.
  router.post('/plans/:plan/people', ...change('people', PERSON_FIELDS, 'person', (req, body) => {
    plans.addPerson(db, body, now(), actorOf(req));
    return 'added';
  }));
  router.post('/plans/:plan/people/import', ...change('people', ['round'], 'people-import', (req, body) => {
    const roundId = idField(body.round);
    if (roundId === null) throw new ValidationError('Nobody was added', [{ field: 'round', message: 'choose a round' }]);
    plans.importPeopleFromRoster(db, roundId, now(), actorOf(req));
    return 'imported';
  }));

  // Which contributor account may report on a person's actions: an administrator's decision.
  router.post('/plans/:plan/people/:id/account', ...change('people', ['user_id'], 'person-account', (req, body) => {
    const userId = body.user_id === '' || body.user_id === undefined ? null : idField(body.user_id);
    if (userId === null && body.user_id !== '' && body.user_id !== undefined) throw new ValidationError('The account was not linked', [{ field: 'user_id', message: 'not a valid id' }]);
    plans.linkPersonToUser(db, idParam(req, 'id'), userId, now(), actorOf(req));
  }, requireCapability('users.manage')));
  router.post('/plans/:plan/people/:id', ...change('people', PERSON_FIELDS, 'person-edit', (req, body) => plans.updatePerson(db, idParam(req, 'id'), body, now(), actorOf(req))));
  // Downloads of the action-plan matrix, the import template, and the import itself (all rows or none).
  // The strategy document as a page, and every download of the plan through one dispatcher.
  router.get('/plans/:plan/document', requirePlanReader, async (req, res) => {
    const plan = show(req, idParam(req, 'plan'));
    res.type('html').send(await strategyDocumentHtml(plan, { lang: req.lang, selfContained: false, generatedOn: today(context), organisation: loadOrganisation(db) }));
  });
  for (const [path, format] of [['document.html', 'html'], ['document.pdf', 'pdf'], ['matrix.xlsx', 'xlsx'], ['matrix.csv', 'csv']] as const) {
    router.get(`/plans/:plan/${path}`, requirePlanReader, async (req, res) => {
      const plan = show(req, idParam(req, 'plan'));
      const file = await planFile(plan, format, { lang: req.lang, dialect: req.query.dialect === 'semicolon' ? 'semicolon' : 'comma', generatedOn: today(context), config, organisation: loadOrganisation(db) });
      res.attachment(file.fileName);
      res.type(file.contentType).send(file.body);
    });
  }
  for (const format of ['csv', 'xlsx'] as const) {
    router.get(`/plans/:plan/import-template.${format}`, requirePlanManager, async (req, res) => {
      const template = await planImportTemplate(db, idParam(req, 'plan'), format, req.lang);
      res.attachment(template.fileName);
      res.type(template.contentType).send(template.body);
    });
  }
  router.post('/plans/:plan/import', requirePlanManager, async (req, res) => {
    const planId = idParam(req, 'plan');
    plans.getPlan(db, planId);
    const dryRun = formBody(req).dry_run === '1';
    try {
      if (!req.file || req.file.size === 0) throw new ValidationError('Nothing was imported', [{ field: 'file', message: 'choose a CSV or XLSX file' }]);
      const result = await importPlanFile(db, planId, req.file.buffer, { fileName: req.file.originalname || 'rencana.csv', now: now(), actor: actorOf(req), maxRows: config.maxRows, maxBytes: config.maxUploadBytes, dryRun });
      if (dryRun) {
        render(req, res, 200, 'actions', planId, { importResult: result });
        return;
      }
      res.redirect(303, `/plans/${planId}/actions?notice=imported`);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      render(req, res, 422, 'actions', planId, { problems: error.problems, form: 'import', problemsTitle: error.message });
    }
  });

  // Removing anything: one confirmation-free form per element (the audit log keeps what was removed).
  for (const [path, element, section] of [
    ['aspirations', 'aspiration', 'strategy'],
    ['swot', 'swot', 'situation'],
    ['options', 'option', 'situation'],
    ['objectives', 'objective', 'objectives'],
    ['indicators', 'indicator', 'indicators'],
    ['actions', 'action', 'actions'],
  ] as const) {
    router.post(`/plans/:plan/${path}/:id/remove`, ...change(section, [], 'remove', (req, _body, planId) => {
      plans.removeElement(db, planId, element, idParam(req, 'id'), now(), actorOf(req));
      return 'removed';
    }));
  }
  router.post('/plans/:plan/actions/:action/milestones/:id/remove', ...change('actions', [], 'remove', (req, _body, planId) => {
    plans.removeElement(db, planId, 'milestone', idParam(req, 'id'), now(), actorOf(req), idParam(req, 'action'));
    return 'removed';
  }));

  return router;
}
