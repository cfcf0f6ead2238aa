import type { Request, RequestHandler, Response, Router } from 'express';
import { can } from '../auth/permissions';
import { ValidationError, type Problem } from '../errors';
import type { Lang } from '../i18n';
import { formatDecimal } from '../i18n/format';
import { evaluationDocumentHtml } from '../monitoring/document';
import { evaluatePeriod, type Evaluation } from '../monitoring/evaluation';
import { EVALUATION_FILE_FORMATS, evaluationFile } from '../monitoring/files';
import * as kpi from '../monitoring/indicators';
import { importKpiFile } from '../monitoring/kpi-import';
import { loadOrganisation } from '../organisation/profile';
import { evaluationPeriodOf, parsePeriod, periodName, periodsOf, type Period } from '../monitoring/periods';
import { sparklineSvg } from '../monitoring/sparkline';
import { getPlan } from '../plan/service';
import { reportSettingsOf, type PlanShow } from '../plan/show';
import { actorOf, formBody, idParam, type AppContext } from './context';
import { requireCapability, today, type CapabilityGuard } from './middleware';
import { asOfParam, progressScope } from './plans';

/**
 * The plan's measurement pages: indicators (definitions, targets, realisations, weights,
 * settings, closed quarters), the monitoring dashboard and the evaluation report. They share the plan pages' render and
 * form handling (src/routes/plans.ts), so a refused form comes back the same way everywhere.
 */

export type ChangeHandler = (req: Request, body: Record<string, unknown>, planId: number) => string | void;
export interface PlanPages {
  render: (req: Request, res: Response, status: number, section: 'indicators' | 'budget' | 'monitoring', planId: number, extra?: Record<string, unknown>) => void;
  change: (section: 'indicators' | 'budget' | 'monitoring', fields: readonly string[] | ((body: Record<string, unknown>) => readonly string[]), formName: string, run: ChangeHandler, guard?: CapabilityGuard) => RequestHandler[];
}

/** The evaluation period a page shows: `?period=` (a quarter, semester or year of the plan), else the quarter holding the date, kept inside the plan's years. */
export function periodParam(plan: { start_year: number; end_year: number }, req: Request, asOf: string): string {
  const asked = typeof req.query.period === 'string' ? parsePeriod(req.query.period) : null;
  if (asked && asked.kind !== 'month' && asked.year >= plan.start_year && asked.year <= plan.end_year) return asked.code;
  const year = Number(asOf.slice(0, 4));
  if (year < plan.start_year) return `${plan.start_year}-Q1`;
  if (year > plan.end_year) return String(plan.end_year);
  return evaluationPeriodOf(asOf, 'quarter').code;
}

/** Every evaluation period of the plan, for the period chooser: the quarters, semesters and the year, year by year. */
export function periodChoices(plan: { start_year: number; end_year: number }, lang: Lang): { code: string; name: string }[] {
  const choices: { code: string; name: string }[] = [];
  for (let year = plan.start_year; year <= plan.end_year; year += 1) {
    for (const period of [...periodsOf('quarterly', year), ...periodsOf('semester', year), ...periodsOf('annual', year)] as Period[]) choices.push({ code: period.code, name: periodName(period, lang) });
  }
  return choices;
}

/**
 * The plan measured for the request's period (`?period=`, else the quarter of the date) as of
 * `?as_of=` or today (or the period's end when it ended before). `show`, the plan as of that date,
 * is reused when the caller has it. `strict` refuses an asked period the plan does not have (the
 * API) where a page falls back to its default one.
 */
export function requestedEvaluation(context: AppContext, req: Request, planId: number, options: { show?: PlanShow; strict?: boolean } = {}): Evaluation {
  const asOf = options.show?.as_of ?? asOfParam(context, req);
  const asked = typeof req.query.period === 'string' ? req.query.period : '';
  const code = options.strict && asked ? asked : periodParam(getPlan(context.db, planId), req, asOf);
  return evaluatePeriod(context.db, planId, code, { lang: req.lang, report: reportSettingsOf(context.config), today: asOf, contacts: can(req.user, 'plans.manage'), show: options.show });
}

const INDICATOR_FIELDS = ['_id', 'code', 'name', 'unit', 'target', 'definition', 'formula', 'polarity', 'lower_bound', 'upper_bound', 'frequency', 'consolidation', 'baseline', 'weight', 'pic_id', 'data_source', 'source', 'source_level', 'source_code', 'source_measure'];

/** Fields named `<prefix><key>` of a form, as { key: value } (period targets, weights). */
function prefixed(body: Record<string, unknown>, prefix: string): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).filter(([key]) => key.startsWith(prefix) && key.length > prefix.length).map(([key, value]) => [key.slice(prefix.length), value]));
}

export function registerMonitoringRoutes(router: Router, context: AppContext, pages: PlanPages): void {
  const { db, config, now } = context;
  const { render, change } = pages;
  const reader = requireCapability('plans.read');
  const reopen = requireCapability('periods.reopen');

  for (const section of ['indicators', 'monitoring'] as const) {
    router.get(`/plans/:plan/${section}`, reader, (req, res) => render(req, res, 200, section, idParam(req, 'plan')));
  }

  // The evaluation report of a period: a page, and its self-contained file, PDF and workbook.
  const evaluationOf = (req: Request) => requestedEvaluation(context, req, idParam(req, 'plan'));
  router.get('/plans/:plan/evaluation', reader, async (req, res) => {
    res.type('html').send(await evaluationDocumentHtml(evaluationOf(req), { lang: req.lang, generatedOn: today(context), selfContained: false, organisation: loadOrganisation(db) }));
  });
  for (const format of EVALUATION_FILE_FORMATS) {
    router.get(`/plans/:plan/evaluation.${format}`, reader, async (req, res) => {
      const file = await evaluationFile(evaluationOf(req), format, { lang: req.lang, generatedOn: today(context), config, organisation: loadOrganisation(db) });
      res.attachment(file.fileName);
      res.type(file.contentType).send(file.body);
    });
  }

  router.post('/plans/:plan/indicators/:id', ...change('indicators', INDICATOR_FIELDS, 'indicator-edit', (req, body, planId) => {
    kpi.updateIndicator(db, planId, idParam(req, 'id'), body, now(), actorOf(req));
  }));
  // The period fields (t_2027-Q1 …) come back to the form after a refusal.
  const withPrefix = (prefix: string, also: readonly string[]) => (body: Record<string, unknown>) => [...also, ...Object.keys(body).filter((key) => key.startsWith(prefix))];
  router.post('/plans/:plan/indicators/:id/targets', ...change('indicators', withPrefix('t_', ['_id']), 'targets', (req, _body, planId) => {
    kpi.setIndicatorTargets(db, planId, idParam(req, 'id'), prefixed(formBody(req), 't_'), now(), actorOf(req));
  }));
  // Realisations: planners for any indicator, a contributor for the ones they are in charge of.
  router.post('/plans/:plan/indicators/:id/realisations', ...change('indicators', ['_id', 'period', 'value', 'note'], 'realisation', (req, body, planId) => {
    const scope = progressScope(context, req);
    kpi.recordRealisation(db, planId, idParam(req, 'id'), body, now(), actorOf(req), scope === null ? {} : { ownPersonId: scope });
    return 'recorded';
  }, reader));
  router.post('/plans/:plan/weights', ...change('indicators', withPrefix('w_', ['level', 'scope']), 'weights', (req, body, planId) => {
    const level = body.level === 'objectives' || body.level === 'perspectives' ? body.level : 'indicators';
    const scope = level === 'perspectives' ? null : level === 'objectives' ? String(body.scope ?? '') : Number(body.scope);
    kpi.setWeights(db, planId, level, scope, prefixed(formBody(req), 'w_'), now(), actorOf(req));
  }));
  router.post('/plans/:plan/measurement', ...change('indicators', ['index_cap', 'red_below', 'green_from'], 'measurement', (req, body, planId) => {
    kpi.updateMonitoringSettings(db, planId, body, now(), actorOf(req));
  }));
  router.post('/plans/:plan/periods/close', ...change('indicators', ['period'], 'close', (req, body, planId) => {
    kpi.closePeriod(db, planId, String(body.period ?? ''), now(), actorOf(req));
    return 'closed';
  }));
  router.post('/plans/:plan/periods/reopen', ...change('indicators', ['period', 'reason'], 'reopen', (req, body, planId) => {
    kpi.reopenPeriod(db, planId, String(body.period ?? ''), { reason: body.reason }, now(), actorOf(req));
    return 'reopened';
  }, reopen));
  router.post('/plans/:plan/indicators-import', requireCapability('plans.manage'), async (req, res) => {
    const planId = idParam(req, 'plan');
    getPlan(db, planId);
    const dryRun = formBody(req).dry_run === '1';
    try {
      if (!req.file || req.file.size === 0) throw new ValidationError('Nothing was imported', [{ field: 'file', message: 'choose a CSV or XLSX file' }]);
      const result = await importKpiFile(db, planId, req.file.buffer, { fileName: req.file.originalname || 'iku.csv', now: now(), actor: actorOf(req), maxRows: config.maxRows, maxBytes: config.maxUploadBytes, dryRun });
      if (dryRun) return render(req, res, 200, 'indicators', planId, { importResult: result });
      res.redirect(303, `/plans/${planId}/indicators?notice=imported`);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      render(req, res, 422, 'indicators', planId, { problems: error.problems as Problem[], form: 'kpi-import', problemsTitle: error.message });
    }
  });
}

/** The periods an indicator of each frequency is reported in over the plan's years (for the forms' choices). */
export function periodsByFrequency(plan: { start_year: number; end_year: number }, lang: Lang): Record<string, { code: string; name: string }[]> {
  const result: Record<string, { code: string; name: string }[]> = {};
  for (const frequency of ['monthly', 'quarterly', 'semester', 'annual'] as const) {
    result[frequency] = [];
    for (let year = plan.start_year; year <= plan.end_year; year += 1) for (const period of periodsOf(frequency, year)) result[frequency].push({ code: period.code, name: periodName(period, lang) });
  }
  return result;
}

/** The trend drawing of an indicator for the dashboard, labelled with its figures for a screen reader. */
export function sparklineFor(lang: Lang): (indicator: Evaluation['indicators'][number]) => string {
  return (indicator) => {
    const figures = indicator.periods.map((period) => `${period.name}: ${period.realisation === null ? '—' : formatDecimal(period.realisation, lang)}`).join('; ');
    return sparklineSvg(indicator.periods, `${indicator.name} — ${figures}`);
  };
}
