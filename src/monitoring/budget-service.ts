import { z } from 'zod';
import { recordAudit, type AuditAction, type AuditDetails } from '../audit/log';
import * as budgetDb from '../db/budget';
import type { Db } from '../db/connection';
import * as monitoringDb from '../db/monitoring';
import type { BudgetMonthRow, PlanRow } from '../db/types';
import { parseInput, PayloadTooLargeError, refuse, ValidationError, type Problem } from '../errors';
import { columnLetter, type ColumnPosition, type CsvColumnSpec, type CsvProblem, type CsvRow } from '../import/read-csv';
import { readTable, type TableFile } from '../import/read-table';
import { parseRupiah } from '../plan/import';
import { decimalInput } from '../plan/schemas';
import { auditPlan, getPlan, periodLabel } from '../plan/service';
import { absorptionTargets, DEFAULT_ABSORPTION_TARGETS } from './budget';

/**
 * Changes to a plan's budget: the pagu and blokir of a year per spending type, the disbursement
 * plan (RPD) and realisation of each month, one by one or from a file, and the absorption
 * settings. Each change is checked here (whatever sent it), written in one transaction and
 * recorded in the audit log with the old and new values.
 *
 * A month inside a closed quarter (period_closures, 2027-Q2) is frozen: a change to its plan or
 * realisation is refused, naming the quarter.
 */

// ——— Months ———

const MONTH_MESSAGE = 'a month is 1–12 or its name, such as 3, Maret or Mar';

/** Indonesian and English spellings, full and short, January first. */
const MONTH_SPELLINGS = [
  ['januari', 'january', 'jan'],
  ['februari', 'february', 'feb', 'pebruari', 'peb'],
  ['maret', 'march', 'mar'],
  ['april', 'apr'],
  ['mei', 'may'],
  ['juni', 'june', 'jun'],
  ['juli', 'july', 'jul'],
  ['agustus', 'august', 'agu', 'agt', 'ags', 'aug'],
  ['september', 'sep', 'sept'],
  ['oktober', 'october', 'okt', 'oct'],
  ['november', 'nopember', 'nov', 'nop'],
  ['desember', 'december', 'des', 'dec'],
];
const MONTH_BY_NAME = new Map(MONTH_SPELLINGS.flatMap((names, index) => names.map((name) => [name, index + 1] as const)));

/** 1–12 ("03" too) or the month's name in Indonesian or English, full or short, any case ("Mei", "Agt.", "DEC"). */
export function parseMonth(text: string): number | null {
  const word = text.trim().toLowerCase().replace(/\.$/, '');
  if (/^\d{1,2}$/.test(word)) {
    const month = Number(word);
    return month >= 1 && month <= 12 ? month : null;
  }
  return MONTH_BY_NAME.get(word) ?? null;
}

const RUPIAH_MESSAGE = 'whole rupiah, such as 150000000 or 150.000.000';

/**
 * Whole rupiah read as the plan import reads them (parseRupiah: 150000000, 150.000.000, Rp 150.000.000,
 * 150.000.000,00, 150,000,000; a decimal such as 1.5 is refused, not read as 15), or a JSON integer.
 */
const rupiahInput = z.union([z.number(), z.string()]).transform((value, context) => {
  const amount = typeof value === 'number' ? (Number.isSafeInteger(value) && value >= 0 ? value : null) : parseRupiah(value.trim());
  if (amount === null) {
    context.addIssue({ code: 'custom', message: RUPIAH_MESSAGE });
    return z.NEVER;
  }
  return amount;
});

const blank = (value: unknown) => value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

/** Absent or blank → undefined. */
const optional = <T extends z.ZodType>(schema: T) =>
  z
    .unknown()
    .optional()
    .transform((value) => (blank(value) ? undefined : value))
    .pipe(schema.optional());

/** Absent → undefined (leave as it is); null or blank → null (not entered); otherwise rupiah. */
const clearableRupiah = z
  .unknown()
  .optional()
  .transform((value) => (value === undefined ? undefined : blank(value) ? null : value))
  .pipe(z.union([z.undefined(), z.null(), rupiahInput]));

const yearInput = z.union([z.number().int(), z.string().trim().regex(/^\d{4}$/, 'a year such as 2027').transform(Number)]);
const spendingTypeCode = z.string().trim().regex(/^\d{2}$/, 'a spending type is two digits, such as 52');

const BudgetLineInputSchema = z.object({
  year: optional(yearInput),
  spending_type: spendingTypeCode,
  pagu: rupiahInput.pipe(z.number().min(1, 'the pagu is more than 0')),
  blokir: optional(rupiahInput),
});

const BudgetMonthInputSchema = z.object({
  year: optional(yearInput),
  spending_type: spendingTypeCode,
  month: z.union([z.number(), z.string()]).transform((value, context) => {
    const month = parseMonth(String(value));
    if (month === null) {
      context.addIssue({ code: 'custom', message: MONTH_MESSAGE });
      return z.NEVER;
    }
    return month;
  }),
  planned: clearableRupiah,
  realised: clearableRupiah,
});

const SpendingTypeInputSchema = z.object({
  code: z.string().trim().regex(/^5\d$/, 'a new spending type is a two-digit code 5x, such as 54'),
  name_id: z.string().trim().min(1, 'a name is required').max(100, 'at most 100 characters'),
  name_en: z
    .union([z.string(), z.null()])
    .optional()
    .transform((value) => (value ?? '').trim())
    .pipe(z.string().max(100, 'at most 100 characters')),
});

function rupiahText(amount: number): string {
  return `Rp ${amount.toLocaleString('id-ID')}`;
}

/** The year of a budget: the plan's first year unless given, always inside the plan period. */
function budgetYear(plan: PlanRow, year: number | undefined, message: string): number {
  const value = year ?? plan.start_year;
  if (value < plan.start_year || value > plan.end_year) {
    refuse(message, 'year', `${value} is outside the plan period ${periodLabel(plan.start_year, plan.end_year)}`, value);
  }
  return value;
}

function knownTypes(db: Db): string {
  return monitoringDb.listSpendingTypes(db).map((type) => type.code).join(', ');
}

function quarterOf(month: number): 1 | 2 | 3 | 4 {
  return Math.ceil(month / 3) as 1 | 2 | 3 | 4;
}

/** The closed quarter (2027-Q2) the month lies in, or null. */
function closedQuarter(closed: ReadonlySet<string>, year: number, month: number): string | null {
  const period = `${year}-Q${quarterOf(month)}`;
  return closed.has(period) ? period : null;
}

function closedPeriods(db: Db, planId: number): Set<string> {
  return new Set(monitoringDb.listPeriodClosures(db, planId).map((closure) => closure.period));
}

function closedMessage(period: string): string {
  return `quarter ${period} is closed: its months can no longer be changed (an administrator may reopen it)`;
}

/** Adds a spending type beyond the four of a typical unit, such as 54; recorded in the audit log. */
export function addSpendingType(db: Db, input: unknown, now: Date, actor: string): string {
  const value = parseInput(SpendingTypeInputSchema, input, 'The spending type was not added');
  return db.transaction(() => {
    if (monitoringDb.findSpendingType(db, value.code)) refuse('The spending type was not added', 'code', `spending type ${value.code} already exists`, value.code);
    const row = { code: value.code, name_id: value.name_id, name_en: value.name_en || value.name_id, position: budgetDb.nextSpendingTypePosition(db) };
    monitoringDb.insertSpendingType(db, row);
    recordAudit(db, { actor, action: 'budget.type', details: { code: row.code, name_id: row.name_id, name_en: row.name_en } }, now);
    return row.code;
  })();
}

/**
 * Sets the pagu and blokir of a spending type for a year of the plan (the first year unless
 * given). A blokir left out keeps the line's current one (0 for a new line); it must stay below the pagu.
 */
export function setBudgetLine(db: Db, planId: number, input: unknown, now: Date, actor: string): void {
  const message = 'The budget line was not saved';
  const value = parseInput(BudgetLineInputSchema, input, message);
  db.transaction(() => {
    const plan = getPlan(db, planId);
    const year = budgetYear(plan, value.year, message);
    const type = monitoringDb.findSpendingType(db, value.spending_type);
    if (!type) refuse(message, 'spending_type', `no spending type ${value.spending_type}; use ${knownTypes(db)}, or add the type first`, value.spending_type);
    const before = budgetDb.findBudgetLine(db, planId, year, type.code);
    const blokir = value.blokir ?? before?.blokir ?? 0;
    if (blokir >= value.pagu) refuse(message, 'blokir', `the blokir (${rupiahText(blokir)}) must be less than the pagu (${rupiahText(value.pagu)})`, blokir);
    budgetDb.upsertBudgetLine(db, { plan_id: planId, year, spending_type: type.code, pagu: value.pagu, blokir });
    auditPlan(db, actor, 'budget.set', planId, { year, spending_type: type.code, pagu: { from: before?.pagu ?? null, to: value.pagu }, blokir: { from: before?.blokir ?? null, to: blokir } }, now);
  })();
}

/**
 * Sets one month's planned (RPD) and realised amounts of a spending type. A field left out stays
 * as it is; null or blank clears it (not entered). The type needs a budget line for the year.
 */
export function setBudgetMonth(db: Db, planId: number, input: unknown, now: Date, actor: string): void {
  const message = 'The budget month was not saved';
  const value = parseInput(BudgetMonthInputSchema, input, message);
  if (value.planned === undefined && value.realised === undefined) refuse(message, 'realised', 'give the planned amount, the realisation or both');
  db.transaction(() => {
    const plan = getPlan(db, planId);
    const year = budgetYear(plan, value.year, message);
    if (!monitoringDb.findSpendingType(db, value.spending_type)) refuse(message, 'spending_type', `no spending type ${value.spending_type}; use ${knownTypes(db)}`, value.spending_type);
    if (!budgetDb.findBudgetLine(db, planId, year, value.spending_type)) {
      refuse(message, 'spending_type', `spending type ${value.spending_type} has no budget line for ${year}: set its pagu first`, value.spending_type);
    }
    const before = budgetDb.findBudgetMonth(db, planId, year, value.spending_type, value.month);
    const planned = value.planned === undefined ? (before?.planned ?? null) : value.planned;
    const realised = value.realised === undefined ? (before?.realised ?? null) : value.realised;
    const plannedChanges = planned !== (before?.planned ?? null);
    const realisedChanges = realised !== (before?.realised ?? null);
    if (!plannedChanges && !realisedChanges) return;
    const closed = closedQuarter(closedPeriods(db, planId), year, value.month);
    if (closed !== null) refuse(message, realisedChanges ? 'realised' : 'planned', closedMessage(closed), realisedChanges ? realised : planned);
    budgetDb.upsertBudgetMonth(db, { plan_id: planId, year, spending_type: value.spending_type, month: value.month, planned, realised });
    const details: AuditDetails = { year, spending_type: value.spending_type, month: value.month };
    if (plannedChanges) details.planned = { from: before?.planned ?? null, to: planned };
    if (realisedChanges) details.realised = { from: before?.realised ?? null, to: realised };
    auditPlan(db, actor, 'budget.month', planId, details, now);
  })();
}

export interface BudgetMonthsInput {
  year?: unknown;
  spending_type?: unknown;
  /** Per month (1–12): the planned and realised amounts as setBudgetMonth takes them; a month with neither is left as it is. */
  months: Readonly<Record<number, { planned?: unknown; realised?: unknown }>>;
}

/**
 * Sets several months of one spending type at once (the twelve months of the budget page), all
 * or nothing: each month is checked and written as setBudgetMonth does it (one audit entry per
 * month that changes), every problem of every month is reported, and one problem undoes them
 * all. A month's problem names its field with the month: planned_3, realised_3.
 */
export function setBudgetMonths(db: Db, planId: number, input: BudgetMonthsInput, now: Date, actor: string): void {
  db.transaction(() => {
    const problems: Problem[] = [];
    const reported = new Set<string>();
    for (const [month, amounts] of Object.entries(input.months)) {
      if (amounts.planned === undefined && amounts.realised === undefined) continue;
      try {
        setBudgetMonth(db, planId, { year: input.year, spending_type: input.spending_type, month, planned: amounts.planned, realised: amounts.realised }, now, actor);
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        for (const problem of error.problems) {
          const field = problem.field === 'planned' || problem.field === 'realised' ? `${problem.field}_${month}` : problem.field;
          // A wrong year or type is wrong for every month: said once.
          const key = `${field ?? ''}\n${problem.message}`;
          if (reported.has(key)) continue;
          reported.add(key);
          problems.push({ ...problem, field });
        }
      }
    }
    if (problems.length > 0) throw new ValidationError('The budget months were not saved', problems);
  })();
}

// ——— Absorption settings ———

const TOLERANCE_MESSAGE = 'the RPD tolerance is a percentage from 0 to 100';
const QUARTER_NAMES = ['TW I', 'TW II', 'TW III', 'TW IV'];

/** One type's four targets, or what is wrong with them (the message names the type). */
function checkTargets(code: string, list: unknown): number[] | string {
  if (!Array.isArray(list) || list.length !== 4) return `spending type ${code}: give four targets, TW I to TW IV`;
  const values: number[] = [];
  for (const item of list) {
    const parsed = decimalInput.safeParse(item);
    if (!parsed.success) return `spending type ${code}: each target is a number such as 40 or 12,5`;
    values.push(parsed.data);
  }
  if (values.some((value) => value < 0 || value > 100)) return `spending type ${code}: each target is a percentage from 0 to 100`;
  const fall = values.findIndex((value, index) => index > 0 && value < values[index - 1]);
  if (fall !== -1) {
    return `spending type ${code}: the targets are cumulative and cannot fall from ${QUARTER_NAMES[fall - 1]} (${values[fall - 1]}) to ${QUARTER_NAMES[fall]} (${values[fall]})`;
  }
  return values;
}

export interface AbsorptionSettingsInput {
  /** Four cumulative percentages per spending type code; null = the defaults for every type; left out = unchanged. */
  targets?: Record<string, readonly unknown[]> | null;
  /** Percent; left out = unchanged. */
  rpd_tolerance?: unknown;
}

/**
 * The quarterly absorption targets per spending type (four cumulative percentages, TW I to TW IV,
 * each 0–100 and never lower than the one before) and the RPD tolerance in percent. The targets
 * given replace the stored ones; a type not given has the defaults (15/40/60/90).
 */
export function setAbsorptionSettings(db: Db, planId: number, input: AbsorptionSettingsInput, now: Date, actor: string): void {
  const message = 'The absorption settings were not saved';
  db.transaction(() => {
    const plan = getPlan(db, planId);
    const problems: Problem[] = [];
    let targetsJson = plan.absorption_targets;
    if (input.targets === null) targetsJson = null;
    else if (input.targets !== undefined) {
      const types = monitoringDb.listSpendingTypes(db);
      const given = typeof input.targets === 'object' && !Array.isArray(input.targets) ? input.targets : {};
      if (given !== input.targets) problems.push({ field: 'targets', message: 'the targets are given per spending type code' });
      for (const code of Object.keys(given)) {
        if (!types.some((type) => type.code === code)) problems.push({ field: `targets.${code}`, message: `no spending type ${code}; use ${types.map((type) => type.code).join(', ')}`, value: code });
      }
      const targets: Record<string, number[]> = {};
      for (const type of types) {
        if (!Object.hasOwn(given, type.code)) continue;
        const list = given[type.code];
        const checked = checkTargets(type.code, list);
        if (typeof checked === 'string') problems.push({ field: `targets.${type.code}`, message: checked, value: Array.isArray(list) ? list.join(', ') : String(list) });
        else targets[type.code] = checked;
      }
      // Nothing of its own is the defaults, and says so.
      targetsJson = Object.keys(targets).length === 0 ? null : JSON.stringify(targets);
    }
    let tolerance = plan.rpd_tolerance;
    if (input.rpd_tolerance !== undefined) {
      const parsed = decimalInput.safeParse(input.rpd_tolerance);
      if (!parsed.success || parsed.data < 0 || parsed.data > 100) problems.push({ field: 'rpd_tolerance', message: TOLERANCE_MESSAGE, value: String(input.rpd_tolerance) });
      else tolerance = parsed.data;
    }
    if (problems.length > 0) throw new ValidationError(message, problems);
    budgetDb.updateAbsorptionSettings(db, planId, targetsJson, tolerance, now.toISOString());
    const shown = (json: string | null): AuditDetails[string] => {
      if (json === null) return `defaults ${DEFAULT_ABSORPTION_TARGETS.join('/')}`;
      return Object.fromEntries(Object.entries(absorptionTargets({ ...plan, absorption_targets: json }).targets).map(([code, list]) => [code, list.join('/')]));
    };
    recordAudit(
      db,
      { actor, action: 'budget.settings', details: { plan: planId, targets: { from: shown(plan.absorption_targets), to: shown(targetsJson) }, rpd_tolerance: { from: plan.rpd_tolerance, to: tolerance } } },
      now,
    );
  })();
}

// ——— File import ———

type BudgetColumn = 'month' | 'spending_type' | 'plan' | 'realisation';

/** Canonical names and the spellings of Indonesian templates (capitals, spaces and underscores do not matter). */
const COLUMNS: CsvColumnSpec[] = [
  { name: 'month', required: true, aliases: ['bulan', 'bln'] },
  { name: 'spending_type', required: true, aliases: ['jenis_belanja', 'kode_jenis_belanja', 'jenis', 'type', 'kode_belanja'] },
  { name: 'plan', required: false, aliases: ['rencana', 'rpd', 'rencana_penarikan', 'rencana_penarikan_dana', 'planned'] },
  { name: 'realisation', required: false, aliases: ['realisasi', 'realization', 'realised', 'realized'] },
];

export interface BudgetImportOptions {
  fileName: string;
  /** The budget year; the plan's first year unless given. */
  year?: number;
  dryRun?: boolean;
  /** Largest file accepted, in bytes. */
  maxBytes?: number;
  /** Most data rows accepted. */
  maxRows?: number;
  actor: string;
  now: Date;
}

export interface BudgetImportResult {
  dryRun: boolean;
  year: number;
  /** Data rows in the file. */
  rows: number;
  /** Months whose plan or realisation the file changes (written unless a dry run). */
  changed: number;
  /** Rows that repeat what is already stored. */
  unchanged: number;
  /** The spending types in the file, in the order they first appear. */
  spending_types: string[];
}

const MAX_LISTED = 1000;
const DEFAULT_MAX_ROWS = 10_000;

interface MonthChange {
  line: number;
  spending_type: string;
  month: number;
  before: BudgetMonthRow | undefined;
  planned: number | null;
  realised: number | null;
}

function toProblems(problems: readonly CsvProblem[]): Problem[] {
  return problems.map((problem) => ({ line: problem.line, column: problem.column, value: problem.value, message: problem.message }));
}

function readBudgetFile(file: Buffer, options: BudgetImportOptions): Promise<TableFile | { problems: CsvProblem[] }> {
  return readTable(file, { fileName: options.fileName, columns: COLUMNS, maxRows: options.maxRows ?? DEFAULT_MAX_ROWS });
}

/**
 * Imports the monthly plan (RPD) and realisation of one budget year from CSV or XLSX, all or
 * nothing. Header `month,spending_type,plan,realisation` (or bulan, jenis_belanja, rencana / rpd,
 * realisasi); one row per month and spending type; a blank amount leaves the stored one as it is.
 * Every row is checked first; any problem and nothing is written. Then the months are written in
 * one transaction with one `budget.import` audit entry listing every change, old → new.
 */
export async function importBudgetFile(db: Db, planId: number, file: Buffer, options: BudgetImportOptions): Promise<BudgetImportResult> {
  const refused = 'The budget file was not imported';
  const plan = getPlan(db, planId);
  const year = budgetYear(plan, options.year, refused);
  if (options.maxBytes !== undefined && file.length > options.maxBytes) {
    throw new PayloadTooLargeError(
      options.maxBytes >= 1024 * 1024 ? `The file is larger than the limit of ${Math.round(options.maxBytes / 1024 / 1024)} MB` : `The file is larger than the limit of ${options.maxBytes} bytes`,
    );
  }
  const parsed = await readBudgetFile(file, options);
  if ('problems' in parsed) throw new ValidationError('The budget file could not be read; nothing was imported', toProblems(parsed.problems));
  if (!parsed.positions.some((position) => position.name === 'plan' || position.name === 'realisation')) {
    throw new ValidationError('The budget file could not be read; nothing was imported', [
      { line: 1, column: null, value: null, message: 'The header has neither a "plan" (rencana, rpd) nor a "realisation" (realisasi) column: add at least one of them.' },
    ]);
  }
  if (parsed.rows.length === 0) {
    throw new ValidationError('The budget file could not be read; nothing was imported', [
      { line: 2, column: null, value: null, message: 'The file has no months: type one row per month and spending type below the header.' },
    ]);
  }
  // From here on everything is synchronous: the rows are checked inside the transaction that writes them.
  return db.transaction(() => {
    const { problems, changes, unchanged, types } = checkBudgetRows(db, planId, year, parsed.rows, parsed.positions);
    if (problems.length > 0) {
      const lines = new Set(problems.map((problem) => problem.line));
      const listed = problems.slice(0, MAX_LISTED);
      if (problems.length > MAX_LISTED) listed.push({ line: null, column: null, value: null, message: `…and ${problems.length - MAX_LISTED} more problem(s) not listed.` });
      throw new ValidationError(`The budget file has ${problems.length} problem(s) in ${lines.size} row(s); nothing was imported`, listed);
    }
    const result: BudgetImportResult = { dryRun: options.dryRun === true, year, rows: parsed.rows.length, changed: changes.length, unchanged, spending_types: types };
    if (options.dryRun) return result;
    for (const change of changes) {
      budgetDb.upsertBudgetMonth(db, { plan_id: planId, year, spending_type: change.spending_type, month: change.month, planned: change.planned, realised: change.realised });
    }
    const changeDetails = changes.map((change) => {
      const entry: Record<string, string | number | { from: number | null; to: number | null }> = { spending_type: change.spending_type, month: change.month };
      if (change.planned !== (change.before?.planned ?? null)) entry.planned = { from: change.before?.planned ?? null, to: change.planned };
      if (change.realised !== (change.before?.realised ?? null)) entry.realised = { from: change.before?.realised ?? null, to: change.realised };
      return entry;
    });
    auditPlan(db, options.actor, 'budget.import', planId, { file: options.fileName, year, rows: result.rows, changed: result.changed, unchanged, changes: changeDetails }, options.now);
    return result;
  })();
}

function checkBudgetRows(
  db: Db,
  planId: number,
  year: number,
  rows: readonly CsvRow[],
  positions: readonly ColumnPosition[],
): { problems: Problem[]; changes: MonthChange[]; unchanged: number; types: string[] } {
  const spendingTypes = monitoringDb.listSpendingTypes(db);
  const byWord = new Map<string, string>();
  for (const type of spendingTypes) for (const word of [type.code, type.name_id, type.name_en]) byWord.set(word.trim().replace(/\s+/g, ' ').toLowerCase(), type.code);
  const lines = new Set(budgetDb.listBudgetLines(db, planId, year).map((line) => line.spending_type));
  const stored = new Map(budgetDb.listBudgetMonths(db, planId, year).map((row) => [`${row.spending_type}-${row.month}`, row]));
  const closed = closedPeriods(db, planId);

  const positionOf = new Map(positions.map((position) => [position.name, position]));
  const label = (column: BudgetColumn): string => {
    const position = positionOf.get(column);
    return position ? `${position.header} (${columnLetter(position.index)})` : column;
  };
  const problems: Problem[] = [];
  const changes: MonthChange[] = [];
  const seen = new Map<string, number>();
  const types: string[] = [];
  let unchanged = 0;

  for (const row of rows) {
    const { line } = row;
    const cell = (column: BudgetColumn) => (row.cells[column] ?? '').trim();
    const report = (column: BudgetColumn, message: string) => problems.push({ line, column: label(column), field: column, value: cell(column) || null, message });

    const month = parseMonth(cell('month'));
    if (!cell('month')) report('month', 'the month is blank: write 1–12 or its name, such as Maret');
    else if (month === null) report('month', MONTH_MESSAGE);

    // "52", "52 Belanja Barang" (a code and its name, as templates write it) or the name alone.
    const written = cell('spending_type');
    const codeFirst = /^(\d{2})(?:\b|\s|$)/.exec(written);
    const code = codeFirst ? codeFirst[1] : (byWord.get(written.replace(/\s+/g, ' ').toLowerCase()) ?? null);
    let type: string | null = null;
    if (!written) report('spending_type', 'the spending type is blank: write its code, such as 52');
    else if (code === null || !spendingTypes.some((known) => known.code === code)) report('spending_type', `no spending type "${written}"; use ${spendingTypes.map((known) => known.code).join(', ')}`);
    else if (!lines.has(code)) report('spending_type', `spending type ${code} has no budget line for ${year}: set its pagu first`);
    else type = code;

    const amount = (column: 'plan' | 'realisation'): number | null | undefined => {
      const text = cell(column);
      if (!text) return undefined;
      const value = parseRupiah(text);
      if (value === null) report(column, /^(rp\.?\s*)?[-–]$/i.test(text) ? 'write 0 for a month without spending, or leave the cell blank while it is not known' : RUPIAH_MESSAGE);
      return value;
    };
    const planned = amount('plan');
    const realised = amount('realisation');

    if (month === null || type === null) continue;
    const key = `${type}-${month}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      report('month', `month ${month} of spending type ${type} is already on line ${earlier}: one row per month and spending type`);
      continue;
    }
    seen.set(key, line);
    if (!types.includes(type)) types.push(type);
    if (planned === null || realised === null) continue;

    const before = stored.get(key);
    const newPlanned = planned === undefined ? (before?.planned ?? null) : planned;
    const newRealised = realised === undefined ? (before?.realised ?? null) : realised;
    const plannedChanges = newPlanned !== (before?.planned ?? null);
    const realisedChanges = newRealised !== (before?.realised ?? null);
    if (!plannedChanges && !realisedChanges) {
      unchanged += 1;
      continue;
    }
    const quarter = closedQuarter(closed, year, month);
    if (quarter !== null) {
      report(realisedChanges ? 'realisation' : 'plan', closedMessage(quarter));
      continue;
    }
    changes.push({ line, spending_type: type, month, before, planned: newPlanned, realised: newRealised });
  }
  problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return { problems, changes, unchanged, types };
}
