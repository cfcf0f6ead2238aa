import type { Request, RequestHandler, Response, Router } from 'express';
import { sumActionBudgets } from '../db/budget';
import { listPeriodClosures, listSpendingTypes } from '../db/monitoring';
import { ValidationError, type Problem } from '../errors';
import type { Lang } from '../i18n';
import { formatPercent, formatRupiah } from '../i18n/format';
import { absorptionTargets, budgetFigures, DEFAULT_ABSORPTION_TARGETS } from '../monitoring/budget';
import { addSpendingType, importBudgetFile, setAbsorptionSettings, setBudgetLine, setBudgetMonths } from '../monitoring/budget-service';
import { monthName } from '../monitoring/periods';
import { getPlan } from '../plan/service';
import { actorOf, formBody, idParam, type AppContext } from './context';
import { requireCapability } from './middleware';
import { periodParam, type PlanPages } from './monitoring';
import { asOfParam } from './plans';

/**
 * The plan's budget page: the pagu and blokir of the year per spending type, the disbursement
 * plan (RPD) and realisation month by month with absorption and deviation, and the forms that
 * change them (one per spending type), the file import and the absorption settings. The year is
 * the year of the period chosen on the page. The services in src/monitoring/budget-service.ts
 * check every change; this file only turns forms into their input and back.
 */

const MONTHS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] as const;
const MONTH_FIELDS = MONTHS.flatMap((month) => [`planned_${month}`, `realised_${month}`]);
const TARGET_FIELDS = ['tw1', 'tw2', 'tw3', 'tw4'] as const;

export interface BudgetEntryMonth {
  month: number;
  planned: number | null;
  realised: number | null;
  /** The closed quarter (2027-Q2) the month lies in: its amounts are frozen and shown, not offered. */
  closed: string | null;
}

export interface BudgetEntryType {
  code: string;
  name: string;
  /** The year's pagu and blokir; null before the pagu is set. */
  line: { pagu: number; blokir: number } | null;
  /** The months as stored, whatever period the page shows (the forms write what they show). */
  months: BudgetEntryMonth[];
  /** The plan's own TW I–IV targets for the type; null = the defaults. */
  own_targets: readonly number[] | null;
  actions_budget: number;
}

/** What the forms of the budget page show: every spending type, with or without a budget line. */
export interface BudgetEntry {
  year: number;
  types: BudgetEntryType[];
  rpd_tolerance: number;
  default_targets: readonly number[];
  /** January first, in the page's language. */
  month_names: string[];
}

function budgetEntry(context: AppContext, req: Request, planId: number): BudgetEntry {
  const { db } = context;
  const plan = getPlan(db, planId);
  const year = Number(periodParam(plan, req, asOfParam(context, req)).slice(0, 4));
  const figures = budgetFigures(db, planId, year, { lang: req.lang, throughMonth: 12 });
  const closed = new Set(listPeriodClosures(db, planId).map((row) => row.period));
  const own = absorptionTargets(plan).targets;
  const actionBudgets = new Map(sumActionBudgets(db, planId).map((row) => [row.spending_type, row.total]));
  return {
    year,
    types: listSpendingTypes(db).map((type) => {
      const line = figures?.types.find((row) => row.code === type.code);
      return {
        code: type.code,
        name: req.lang === 'id' ? type.name_id : type.name_en,
        line: line ? { pagu: line.pagu, blokir: line.blokir } : null,
        months: MONTHS.map((month) => {
          const quarter = `${year}-Q${Math.ceil(month / 3)}`;
          const stored = line?.months[month - 1];
          return { month, planned: stored?.planned ?? null, realised: stored?.realised ?? null, closed: closed.has(quarter) ? quarter : null };
        }),
        own_targets: own[type.code] ?? null,
        actions_budget: actionBudgets.get(type.code) ?? 0,
      };
    }),
    rpd_tolerance: plan.rpd_tolerance,
    default_targets: DEFAULT_ABSORPTION_TARGETS,
    month_names: MONTHS.map((month) => monthName(month, req.lang)),
  };
}

/** An amount as a form shows it again: grouped as the language writes it, without "Rp" (12.500.000). */
function amountText(value: number | null, lang: Lang): string {
  return value === null ? '' : formatRupiah(value, lang).replace(/^Rp /, '');
}

/**
 * What the budget page needs beyond the plan pages' own: the forms' view of the year and two
 * formatters. Set before the handler, so that a refused form re-rendered by `change` has it too.
 */
function withEntry(context: AppContext): RequestHandler {
  return (req, res, next) => {
    res.locals.budgetEntry = budgetEntry(context, req, idParam(req, 'plan'));
    res.locals.amountText = (value: number | null) => amountText(value, req.lang);
    // Absorption and deviation are read against targets and a tolerance of a few percent: one decimal.
    res.locals.percentTenths = (value: number | null) => formatPercent(value, req.lang, 1);
    next();
  };
}

/** The guard first, then the page's view of the year, then the handler. */
function guardedWithEntry(context: AppContext, handlers: RequestHandler[]): RequestHandler[] {
  const [guard, ...rest] = handlers;
  return [guard, withEntry(context), ...rest];
}

const blank = (value: unknown) => value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

/** A spending type code as the forms send it, for naming the form's fields; anything else names none. */
function typeCode(value: unknown): string | null {
  return typeof value === 'string' && /^\d{2}$/.test(value.trim()) ? value.trim() : null;
}

/**
 * The page repeats a form per spending type, so a problem names its field inside that type's form
 * (l52-blokir, m52-planned_3) for its message to sit beside the field and the summary to link to
 * it. Problems of fields the form does not show (a crafted type or year) keep their names.
 */
function inForm(prefix: string | null, fields: ReadonlySet<string>, run: () => void): void {
  try {
    run();
  } catch (error) {
    if (!(error instanceof ValidationError) || prefix === null) throw error;
    throw new ValidationError(
      error.message,
      error.problems.map((problem): Problem => (problem.field !== undefined && fields.has(problem.field) ? { ...problem, field: `${prefix}${problem.field}` } : problem)),
    );
  }
}

/** A form's repeated field (one value arrives as text) as a list. */
function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}

export function registerBudgetRoutes(router: Router, context: AppContext, pages: PlanPages): void {
  const { db, config, now } = context;
  const { render, change } = pages;
  const reader = requireCapability('plans.read');
  const entry = withEntry(context);

  router.get('/plans/:plan/budget', reader, entry, (req, res) => render(req, res, 200, 'budget', idParam(req, 'plan')));

  // The pagu and blokir of one spending type for the page's year; a blank blokir is none (0), as the form shows it.
  router.post(
    '/plans/:plan/budget/lines',
    ...guardedWithEntry(
      context,
      change('budget', ['year', 'spending_type', 'pagu', 'blokir'], 'budget-line', (req, body, planId) => {
        const code = typeCode(body.spending_type);
        inForm(code && `l${code}-`, new Set(['pagu', 'blokir']), () => setBudgetLine(db, planId, { ...body, blokir: blank(body.blokir) ? 0 : body.blokir }, now(), actorOf(req)));
      }),
    ),
  );

  // Twelve months of one spending type, all or none; a month of a closed quarter is not in the form.
  router.post(
    '/plans/:plan/budget/months',
    ...guardedWithEntry(
      context,
      change('budget', ['year', 'spending_type', ...MONTH_FIELDS], 'budget-months', (req, body, planId) => {
        const code = typeCode(body.spending_type);
        const months = Object.fromEntries(MONTHS.map((month) => [month, { planned: body[`planned_${month}`], realised: body[`realised_${month}`] }]));
        inForm(code && `m${code}-`, new Set(MONTH_FIELDS), () => setBudgetMonths(db, planId, { year: body.year, spending_type: body.spending_type, months }, now(), actorOf(req)));
      }),
    ),
  );

  // The quarterly targets, four per spending type in parallel lists (type, tw1 … tw4), and the RPD tolerance.
  router.post(
    '/plans/:plan/budget/settings',
    ...guardedWithEntry(
      context,
      change('budget', ['rpd_tolerance', 'type', ...TARGET_FIELDS], 'budget-settings', (req, body, planId) => {
        const codes = listOf(body.type);
        const columns = TARGET_FIELDS.map((field) => listOf(body[field]));
        if (columns.some((column) => column.length !== codes.length)) {
          throw new ValidationError('The absorption settings were not saved', [{ field: 'targets', message: 'give four targets, TW I to TW IV, for each spending type' }]);
        }
        // Four blanks leave a type on the defaults, so that they stay labelled as such.
        const targets = Object.fromEntries(
          codes.flatMap((code, index) => {
            const four = columns.map((column) => column[index]);
            return four.every(blank) ? [] : [[String(code), four]];
          }),
        );
        try {
          setAbsorptionSettings(db, planId, { targets, rpd_tolerance: body.rpd_tolerance }, now(), actorOf(req));
        } catch (error) {
          if (!(error instanceof ValidationError)) throw error;
          // targets.52 → the type's first target field, t52-1.
          throw new ValidationError(error.message, error.problems.map((problem) => ({ ...problem, field: problem.field?.replace(/^targets\.(\d{2})$/, 't$1-1') })));
        }
      }),
    ),
  );

  // Spending types are shared by every plan; adding one is a planner's decision like the pagu.
  router.post(
    '/plans/:plan/budget/types',
    ...guardedWithEntry(
      context,
      change('budget', ['code', 'name_id', 'name_en'], 'budget-type', (req, body) => {
        addSpendingType(db, body, now(), actorOf(req));
        return 'added';
      }),
    ),
  );

  // The months of the page's year from CSV or XLSX, all rows or none; a dry run only checks.
  router.post('/plans/:plan/budget/import', requireCapability('plans.manage'), entry, async (req: Request, res: Response) => {
    const planId = idParam(req, 'plan');
    const plan = getPlan(db, planId);
    const body = formBody(req);
    const dryRun = body.dry_run === '1';
    const year = typeof body.year === 'string' && /^\d{4}$/.test(body.year) ? Number(body.year) : (res.locals.budgetEntry as BudgetEntry).year;
    try {
      if (!req.file || req.file.size === 0) throw new ValidationError('Nothing was imported', [{ field: 'file', message: 'choose a CSV or XLSX file' }]);
      const result = await importBudgetFile(db, planId, req.file.buffer, {
        fileName: req.file.originalname || 'anggaran.csv',
        year,
        dryRun,
        maxRows: config.maxRows,
        maxBytes: config.maxUploadBytes,
        actor: actorOf(req),
        now: now(),
      });
      if (dryRun) return render(req, res, 200, 'budget', planId, { importResult: result });
      res.redirect(303, `/plans/${planId}/budget?period=${encodeURIComponent(periodParam(plan, req, asOfParam(context, req)))}&notice=imported`);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      render(req, res, 422, 'budget', planId, { problems: error.problems, form: 'budget-import', problemsTitle: error.message });
    }
  });
}

/**
 * GET /api/plans/:plan/budget?year=2027: the BudgetFigures of the year (the plan's first year
 * unless given) as `potret budget show` prints them, every stored month counted (through_month
 * 12); null when the year has no budget line.
 */
export function registerBudgetApiRoutes(router: Router, context: AppContext): void {
  const { db } = context;
  router.get('/plans/:plan/budget', requireCapability('plans.read'), (req, res) => {
    const planId = idParam(req, 'plan');
    const plan = getPlan(db, planId);
    const asked = req.query.year;
    let year: number;
    // Unless asked, the plan's first year, as `potret budget show` and the budget services take it.
    if (asked === undefined || asked === '') year = plan.start_year;
    else if (typeof asked !== 'string' || !/^\d{4}$/.test(asked)) throw new ValidationError('No budget for that year', [{ field: 'year', message: 'a year such as 2027', value: String(asked) }]);
    else year = Number(asked);
    if (year < plan.start_year || year > plan.end_year) {
      throw new ValidationError('No budget for that year', [{ field: 'year', message: `the plan runs ${plan.start_year}–${plan.end_year}`, value: String(year) }]);
    }
    res.json(budgetFigures(db, planId, year, { lang: req.lang, throughMonth: 12 }));
  });
}
