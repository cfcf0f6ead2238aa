import ExcelJS from 'exceljs';
import { tableSheet, type SheetCell, type SheetColumn } from '../export/xlsx-table';
import { translator, type Lang, type Translate } from '../i18n';
import { RUPIAH_FORMAT } from '../plan/matrix';
import type { ActionStatus } from '../plan/status';
import type { Status } from './achievement';
import type { Evaluation, IndicatorEvaluation } from './evaluation';
import { budgetOf, evaluationNarrative, promptQuestion, satisfactionText, statusLabel, type BudgetTypeReading } from './narrative';
import { monthName, parsePeriod } from './periods';

/**
 * The evaluation as a workbook for the planning staff: the same figures as the report, at full
 * precision, one sheet per table (summary, indicators with every field and one set of columns
 * per period, objectives and perspectives, budget per spending type per month and per quarter,
 * actions behind, prompts, survey changes). Numbers are numbers with a number format, never text;
 * every status is also a word, so the sheet reads without its colours.
 */

type Cell = SheetCell;
type Column = SheetColumn;

const ONE_DECIMAL = '0.0';
const TWO_DECIMALS = '0.00';
const P_VALUE = '0.0000';
const GAP_FORMAT = '+0.00;-0.00;0.00';
const DATE_FORMAT = 'dd/mm/yyyy';

/** Light tints behind the status word: the word carries the meaning, the tint only repeats it. */
const STATUS_FILL: Record<Status, string> = { red: 'FFFBE3E0', yellow: 'FFFCF1CC', green: 'FFDDF0DF' };

function excelDate(value: string | null): Date | null {
  return value && /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00Z`) : null;
}

/** A table sheet whose status column is tinted by status. */
function table(workbook: ExcelJS.Workbook, name: string, columns: Column[], rows: Cell[][], statusColumn?: number, statuses?: (Status | null)[]): ExcelJS.Worksheet {
  const highlight = statusColumn === undefined ? undefined : { column: statusColumn, fills: (statuses ?? []).map((status) => (status ? STATUS_FILL[status] : null)) };
  return tableSheet(workbook, name, columns, rows, highlight);
}

function statusWord(status: Status | null, t: Translate, reported = true): string {
  return status ? statusLabel(status, t) : reported ? t('evaluation.status.none') : t('evaluation.status.unreported');
}

function yesNo(value: boolean | null, t: Translate): string | null {
  return value === null ? null : t(value ? 'common.yes' : 'common.no');
}

/** The periods the indicators report in, months first, then quarters, semesters and the year, each in order. */
function periodColumnsOf(indicators: IndicatorEvaluation[]): { code: string; name: string }[] {
  const seen = new Map<string, string>();
  for (const indicator of indicators) for (const item of indicator.periods) if (!seen.has(item.period)) seen.set(item.period, item.name);
  const rank = { month: 0, quarter: 1, semester: 2, year: 3 } as const;
  const key = (code: string) => {
    const period = parsePeriod(code);
    return period ? rank[period.kind] * 100 + period.index : 1000;
  };
  return [...seen.entries()].sort((a, b) => key(a[0]) - key(b[0])).map(([code, name]) => ({ code, name }));
}

function summarySheet(workbook: ExcelJS.Workbook, evaluation: Evaluation, lang: Lang, t: Translate): void {
  const sheet = workbook.addWorksheet(t('evaluation.sheet.summary'));
  sheet.columns = [{ width: 34 }, { width: 16 }, { width: 12 }, { width: 16 }, { width: 12 }, { width: 12 }];
  const label = (row: ExcelJS.Row) => {
    row.getCell(1).font = { bold: true };
  };
  const title = sheet.addRow([t('evaluation.doc.html_title', { kind: t('evaluation.doc.kind'), period: evaluation.period.name, plan: evaluation.plan.name })]);
  title.font = { bold: true, size: 14 };
  for (const [name, value] of [
    [t('evaluation.sheet.organisation'), evaluation.plan.organisation || null],
    [t('evaluation.sheet.plan'), evaluation.plan.name],
    [t('evaluation.sheet.period'), evaluation.period.name],
    [t('evaluation.sheet.period_code'), evaluation.period.code],
    [t('evaluation.sheet.as_of'), excelDate(evaluation.as_of)],
  ] as [string, Cell][]) {
    const row = sheet.addRow([name, value]);
    label(row);
    if (value instanceof Date) row.getCell(2).numFmt = DATE_FORMAT;
  }
  const nko = sheet.addRow([t('evaluation.sheet.nko'), evaluation.nko, statusWord(evaluation.nko_status, t)]);
  label(nko);
  nko.getCell(2).numFmt = ONE_DECIMAL;
  if (evaluation.nko_status) nko.getCell(3).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: STATUS_FILL[evaluation.nko_status] } };
  sheet.addRow([]);

  const header = sheet.addRow([t('evaluation.sheet.col.perspective'), t('evaluation.sheet.col.weight'), t('evaluation.sheet.col.value'), t('evaluation.sheet.col.status'), t('evaluation.sheet.col.objectives'), t('evaluation.sheet.col.measured')]);
  header.font = { bold: true };
  for (const perspective of evaluation.perspectives) {
    const row = sheet.addRow([perspective.name, perspective.weight, perspective.value, statusWord(perspective.status, t), perspective.objectives, perspective.measured]);
    row.getCell(2).numFmt = ONE_DECIMAL;
    row.getCell(3).numFmt = ONE_DECIMAL;
    if (perspective.status) row.getCell(4).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: STATUS_FILL[perspective.status] } };
  }
  sheet.addRow([]);

  const outcomes = sheet.addRow([t('evaluation.sheet.outcomes'), t('evaluation.sheet.col.absorption'), t('evaluation.sheet.col.target'), t('evaluation.sheet.col.met')]);
  outcomes.font = { bold: true };
  const absorption = evaluation.outcomes.absorption;
  const absorptionRow = sheet.addRow([t('evaluation.narrative.budget_heading'), absorption?.absorption_pct ?? null, absorption?.target_pct ?? null, yesNo(absorption?.met ?? null, t)]);
  absorptionRow.getCell(2).numFmt = ONE_DECIMAL;
  absorptionRow.getCell(3).numFmt = ONE_DECIMAL;
  const satisfaction = evaluation.outcomes.satisfaction;
  const satisfactionRow = sheet.addRow([t('evaluation.sheet.satisfaction'), satisfaction?.ikm ?? null, satisfactionText(satisfaction, lang)]);
  satisfactionRow.getCell(2).numFmt = '0.00';
  sheet.addRow([]);

  // The narrative, one sentence a row: long lines run on across the empty cells to their right.
  for (const paragraph of evaluationNarrative(evaluation, lang).paragraphs) {
    label(sheet.addRow([paragraph.heading]));
    for (const sentence of paragraph.sentences) sheet.addRow([sentence]);
  }
}

function indicatorsSheet(workbook: ExcelJS.Workbook, evaluation: Evaluation, lang: Lang, t: Translate): void {
  const periods = periodColumnsOf(evaluation.indicators);
  const perspectiveName = new Map(evaluation.perspectives.map((perspective) => [perspective.code, perspective.name]));
  const columns: Column[] = [
    { header: t('evaluation.sheet.col.perspective'), width: 22, wrap: true },
    { header: t('evaluation.sheet.col.objective_code'), width: 10 },
    { header: t('evaluation.sheet.col.code'), width: 10 },
    { header: t('evaluation.sheet.col.indicator'), width: 36, wrap: true },
    { header: t('evaluation.sheet.col.unit'), width: 10 },
    { header: t('evaluation.sheet.col.polarity'), width: 18, wrap: true },
    { header: t('evaluation.sheet.col.lower_bound'), width: 10 },
    { header: t('evaluation.sheet.col.upper_bound'), width: 10 },
    { header: t('evaluation.sheet.col.frequency'), width: 12 },
    { header: t('evaluation.sheet.col.consolidation'), width: 14 },
    { header: t('evaluation.sheet.col.baseline'), width: 10 },
    { header: t('evaluation.sheet.col.annual_target'), width: 12 },
    { header: t('evaluation.sheet.col.weight'), width: 10, format: ONE_DECIMAL },
    { header: t('evaluation.sheet.col.pic'), width: 22, wrap: true },
    { header: t('evaluation.sheet.col.source'), width: 18 },
    { header: t('evaluation.sheet.col.target_to_date'), width: 12 },
    { header: t('evaluation.sheet.col.target_basis'), width: 14 },
    { header: t('evaluation.sheet.col.realisation'), width: 12 },
    { header: t('evaluation.sheet.col.achievement'), width: 12, format: ONE_DECIMAL },
    { header: t('evaluation.sheet.col.index'), width: 12, format: ONE_DECIMAL },
    { header: t('evaluation.sheet.col.status'), width: 16 },
    { header: t('evaluation.sheet.col.missing'), width: 20, wrap: true },
    ...periods.flatMap((period) => [
      { header: t('evaluation.sheet.col.period_target', { period: period.name }), width: 12 },
      { header: t('evaluation.sheet.col.period_realisation', { period: period.name }), width: 12 },
      { header: t('evaluation.sheet.col.period_achievement', { period: period.name }), width: 12, format: ONE_DECIMAL },
    ]),
  ];
  const rows = evaluation.indicators.map((indicator): Cell[] => [
    perspectiveName.get(indicator.perspective) ?? indicator.perspective,
    indicator.objective_code,
    indicator.code,
    indicator.name,
    indicator.unit || null,
    t(`evaluation.sheet.polarity.${indicator.polarity}`),
    indicator.lower_bound,
    indicator.upper_bound,
    t(`evaluation.sheet.frequency.${indicator.frequency}`),
    t(`evaluation.sheet.consolidation.${indicator.consolidation}`),
    indicator.baseline,
    indicator.annual_target,
    indicator.weight,
    indicator.pic?.name ?? null,
    t(`evaluation.sheet.source.${indicator.source}`),
    indicator.target,
    indicator.target_basis ? t(`evaluation.sheet.target_basis.${indicator.target_basis}`) : null,
    indicator.realisation,
    indicator.achievement_pct,
    indicator.index_pct,
    statusWord(indicator.status, t, indicator.realisation !== null),
    indicator.missing_periods.map((code) => indicator.periods.find((item) => item.period === code)?.name ?? code).join(', ') || null,
    ...periods.flatMap((period) => {
      const figures = indicator.periods.find((item) => item.period === period.code);
      return [figures?.target ?? null, figures?.realisation ?? null, figures?.achievement_pct ?? null];
    }),
  ]);
  table(workbook, t('evaluation.sheet.indicators'), columns, rows, 21, evaluation.indicators.map((indicator) => indicator.status));
}

function objectivesSheet(workbook: ExcelJS.Workbook, evaluation: Evaluation, t: Translate): void {
  const actionStatuses: ActionStatus[] = ['not_started', 'on_track', 'behind', 'overdue', 'done', 'cancelled'];
  const columns: Column[] = [
    { header: t('evaluation.sheet.col.level'), width: 14 },
    { header: t('evaluation.sheet.col.perspective'), width: 24, wrap: true },
    { header: t('evaluation.sheet.col.code'), width: 10 },
    { header: t('evaluation.sheet.col.name'), width: 40, wrap: true },
    { header: t('evaluation.sheet.col.weight'), width: 10, format: ONE_DECIMAL },
    { header: t('evaluation.sheet.col.weight_set'), width: 12, format: ONE_DECIMAL },
    { header: t('evaluation.sheet.col.value'), width: 10, format: ONE_DECIMAL },
    { header: t('evaluation.sheet.col.status'), width: 14 },
    { header: t('evaluation.sheet.col.members'), width: 12 },
    { header: t('evaluation.sheet.col.measured'), width: 10 },
    { header: t('evaluation.sheet.col.weights_problem'), width: 22, wrap: true },
    { header: t('evaluation.sheet.col.dimensions'), width: 18 },
    ...actionStatuses.map((status) => ({ header: t('evaluation.sheet.col.actions_status', { status: t(`plan.status.${status}`) }), width: 14 })),
  ];
  const rows: Cell[][] = [];
  const statuses: (Status | null)[] = [];
  const problem = (value: 'partial' | 'sum' | null) => (value ? t(`evaluation.sheet.weights_problem.${value}`) : null);
  rows.push([t('evaluation.sheet.level.organisation'), null, null, evaluation.plan.organisation || evaluation.plan.name, 100, null, evaluation.nko, statusWord(evaluation.nko_status, t), evaluation.perspectives.length, evaluation.perspectives.filter((item) => item.value !== null).length, null, null, ...actionStatuses.map(() => null)]);
  statuses.push(evaluation.nko_status);
  for (const perspective of evaluation.perspectives) {
    rows.push([t('evaluation.sheet.level.perspective'), perspective.name, perspective.code, perspective.name, perspective.weight, evaluation.settings.perspective_weights_set ? perspective.weight : null, perspective.value, statusWord(perspective.status, t), perspective.objectives, perspective.measured, problem(perspective.weights_problem), null, ...actionStatuses.map(() => null)]);
    statuses.push(perspective.status);
    for (const objective of evaluation.objectives.filter((item) => item.perspective === perspective.code)) {
      rows.push([
        t('evaluation.sheet.level.objective'),
        perspective.name,
        objective.code,
        objective.name,
        objective.weight,
        objective.weight_set,
        objective.value,
        statusWord(objective.status, t),
        objective.indicators,
        objective.measured,
        problem(objective.weights_problem),
        objective.dimension_codes.join(', ') || null,
        ...actionStatuses.map((status) => objective.actions[status]),
      ]);
      statuses.push(objective.status);
    }
  }
  table(workbook, t('evaluation.sheet.objectives'), columns, rows, 8, statuses);
}

function budgetSheets(workbook: ExcelJS.Workbook, evaluation: Evaluation, lang: Lang, t: Translate): void {
  const budget = budgetOf(evaluation);
  const all: { figures: BudgetTypeReading; code: string; name: string }[] = budget
    ? [...budget.types.map((figures) => ({ figures, code: figures.code, name: figures.name })), { figures: budget.total, code: t('evaluation.doc.budget_total'), name: t('evaluation.doc.budget_total') }]
    : [];
  const months: Column[] = [
    { header: t('evaluation.sheet.col.spending_code'), width: 10 },
    { header: t('evaluation.sheet.col.spending_type'), width: 22 },
    { header: t('evaluation.sheet.col.month'), width: 8 },
    { header: t('evaluation.sheet.col.month_name'), width: 12 },
    { header: t('evaluation.sheet.col.planned'), width: 18, format: RUPIAH_FORMAT },
    { header: t('evaluation.sheet.col.realised'), width: 18, format: RUPIAH_FORMAT },
    { header: t('evaluation.sheet.col.cumulative_planned'), width: 18, format: RUPIAH_FORMAT },
    { header: t('evaluation.sheet.col.cumulative_realised'), width: 18, format: RUPIAH_FORMAT },
    { header: t('evaluation.sheet.col.plan_pct'), width: 12, format: ONE_DECIMAL },
    { header: t('evaluation.sheet.col.absorption'), width: 12, format: ONE_DECIMAL },
    { header: t('evaluation.sheet.col.target'), width: 10, format: ONE_DECIMAL },
    { header: t('evaluation.sheet.col.rpd_deviation'), width: 12, format: ONE_DECIMAL },
    { header: t('evaluation.sheet.col.within_tolerance'), width: 14 },
  ];
  const monthRows = all.flatMap(({ figures, code, name }) =>
    figures.months.map((month): Cell[] => [
      code,
      name,
      month.month,
      monthName(month.month, lang),
      month.planned,
      month.realised,
      month.cumulative_planned,
      month.cumulative_realised,
      month.plan_pct,
      month.absorption_pct,
      month.target_pct,
      month.rpd_deviation_pct,
      yesNo(month.rpd_within_tolerance, t),
    ]),
  );
  table(workbook, t('evaluation.sheet.budget'), months, monthRows);

  const quarters: Column[] = [
    { header: t('evaluation.sheet.col.spending_code'), width: 10 },
    { header: t('evaluation.sheet.col.spending_type'), width: 22 },
    { header: t('evaluation.sheet.col.pagu'), width: 18, format: RUPIAH_FORMAT },
    { header: t('evaluation.sheet.col.blokir'), width: 16, format: RUPIAH_FORMAT },
    { header: t('evaluation.sheet.col.available'), width: 18, format: RUPIAH_FORMAT },
    { header: t('evaluation.sheet.col.actions_budget'), width: 18, format: RUPIAH_FORMAT },
    { header: t('evaluation.sheet.col.quarter'), width: 10 },
    { header: t('evaluation.sheet.col.absorption'), width: 12, format: ONE_DECIMAL },
    { header: t('evaluation.sheet.col.target'), width: 10, format: ONE_DECIMAL },
    { header: t('evaluation.sheet.col.met'), width: 10 },
  ];
  const quarterRows = all.flatMap(({ figures, code, name }) =>
    figures.quarters.map((quarter): Cell[] => [code, name, figures.pagu, figures.blokir, figures.available, figures.actions_budget, quarter.quarter, quarter.absorption_pct, quarter.target_pct, yesNo(quarter.met, t)]),
  );
  const sheet = table(workbook, t('evaluation.sheet.budget_quarters'), quarters, quarterRows);
  if (budget?.targets_are_defaults) sheet.addRow([t('evaluation.sheet.targets_default')]);
}

function behindSheet(workbook: ExcelJS.Workbook, evaluation: Evaluation, t: Translate): void {
  const columns: Column[] = [
    { header: t('evaluation.sheet.col.pic'), width: 24, wrap: true },
    { header: t('evaluation.sheet.col.action'), width: 40, wrap: true },
    { header: t('evaluation.sheet.col.objective_code'), width: 10 },
    { header: t('evaluation.sheet.col.status'), width: 20 },
    { header: t('evaluation.sheet.col.progress'), width: 12, format: ONE_DECIMAL },
    { header: t('evaluation.sheet.col.elapsed'), width: 14, format: ONE_DECIMAL },
    { header: t('evaluation.sheet.col.due_on'), width: 12, format: DATE_FORMAT },
    { header: t('evaluation.sheet.col.reported_on'), width: 14, format: DATE_FORMAT },
  ];
  const rows = evaluation.behind.flatMap((group) =>
    group.actions.map((action): Cell[] => [group.pic.name, action.title, action.objective_code, t(`plan.document.status.${action.status}`), action.progress, action.elapsed_pct, excelDate(action.due_on), excelDate(action.reported_on)]),
  );
  table(workbook, t('evaluation.sheet.behind'), columns, rows);
}

function promptsSheet(workbook: ExcelJS.Workbook, evaluation: Evaluation, lang: Lang, t: Translate): void {
  const columns: Column[] = [
    { header: t('evaluation.sheet.col.prompt_kind'), width: 28, wrap: true },
    { header: t('evaluation.sheet.col.objective_code'), width: 10 },
    { header: t('evaluation.sheet.col.objective'), width: 32, wrap: true },
    { header: t('evaluation.sheet.col.question'), width: 70, wrap: true },
    { header: t('evaluation.sheet.col.dimension'), width: 12 },
    { header: t('evaluation.sheet.col.gap'), width: 10, format: GAP_FORMAT },
    { header: t('evaluation.sheet.col.action'), width: 32, wrap: true },
    { header: t('evaluation.sheet.col.indicators'), width: 18 },
  ];
  const rows = evaluation.prompts.map((prompt): Cell[] => [
    t(`evaluation.sheet.prompt.${prompt.kind}`),
    prompt.objective_code,
    prompt.objective_name,
    promptQuestion(prompt, evaluation, lang),
    prompt.dimension_code ?? null,
    prompt.gap ?? null,
    prompt.action_title ?? null,
    prompt.indicator_codes?.join(', ') || null,
  ]);
  table(workbook, t('evaluation.sheet.prompts'), columns, rows);
}

function surveySheet(workbook: ExcelJS.Workbook, evaluation: Evaluation, t: Translate): void {
  const columns: Column[] = [
    { header: t('evaluation.sheet.col.objective_code'), width: 10 },
    { header: t('evaluation.sheet.col.dimension'), width: 12 },
    { header: t('evaluation.sheet.col.dimension_name'), width: 34, wrap: true },
    { header: t('evaluation.sheet.col.from_round'), width: 22, wrap: true },
    { header: t('evaluation.sheet.col.to_round'), width: 22, wrap: true },
    { header: t('evaluation.sheet.col.previous_mean'), width: 12, format: TWO_DECIMALS },
    { header: t('evaluation.sheet.col.current_mean'), width: 12, format: TWO_DECIMALS },
    { header: t('evaluation.sheet.col.change'), width: 12, format: GAP_FORMAT },
    { header: t('evaluation.sheet.col.p_value'), width: 10, format: P_VALUE },
    { header: t('evaluation.sheet.col.significant'), width: 12 },
    { header: t('evaluation.sheet.col.direction'), width: 30, wrap: true },
  ];
  const rows = evaluation.survey_changes.map((change): Cell[] => [
    change.objective_code,
    change.dimension_code,
    change.dimension_name,
    change.from_round,
    change.to_round,
    change.previous_mean,
    change.current_mean,
    change.change,
    change.p_value,
    yesNo(change.significant, t),
    change.direction === null ? null : change.direction === 'unchanged' || change.significant === false ? t('evaluation.doc.survey_unchanged') : t(`evaluation.sheet.direction.${change.direction}`),
  ]);
  table(workbook, t('evaluation.sheet.survey'), columns, rows);
}

/** The evaluation as an XLSX workbook (exceljs), for the same downloads as the report. */
export async function evaluationWorkbook(evaluation: Evaluation, lang: Lang): Promise<Buffer> {
  const t = translator(lang);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Potret';
  summarySheet(workbook, evaluation, lang, t);
  indicatorsSheet(workbook, evaluation, lang, t);
  objectivesSheet(workbook, evaluation, t);
  budgetSheets(workbook, evaluation, lang, t);
  behindSheet(workbook, evaluation, t);
  promptsSheet(workbook, evaluation, lang, t);
  surveySheet(workbook, evaluation, t);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
