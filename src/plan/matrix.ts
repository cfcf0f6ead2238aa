import ExcelJS from 'exceljs';
import { toCsv, type CsvDialect } from '../export/csv-writer';
import { translator, type Lang, type Translate } from '../i18n';
import type { PlanShow } from './show';

/**
 * The action-plan matrix (matriks rencana aksi) as agencies file it: one row per action with its
 * objective, target, person in charge, quarters, budget and status. The same columns are read
 * back by the plan import (import.ts), so a planner can download the matrix, edit it in Excel
 * and import it into another plan; the columns after `progress` are the ones the import needs
 * beyond what agencies usually show. Status and progress are read-only on import.
 */

export const MATRIX_COLUMNS = [
  'perspective',
  'objective_code',
  'objective',
  'indicator',
  'target_value',
  'target_unit',
  'due_on',
  'action',
  'pic',
  'members',
  'tw1',
  'tw2',
  'tw3',
  'tw4',
  'budget',
  'budget_code',
  'status',
  'progress',
  'starts_on',
  'ends_on',
  'horizon',
  'dimensions',
] as const;
export type MatrixColumn = (typeof MATRIX_COLUMNS)[number];

export const QUARTER_COLUMNS = ['tw1', 'tw2', 'tw3', 'tw4'] as const;
export const DATE_COLUMNS: ReadonlySet<MatrixColumn> = new Set(['due_on', 'starts_on', 'ends_on']);

/** Members are separated by semicolons: Indonesian names carry academic titles after a comma ("Ani, S.E."). */
export const MEMBER_SEPARATOR = '; ';

export type MatrixCell = string | number | null;

export interface MatrixTable {
  codes: MatrixColumn[];
  header: string[];
  rows: MatrixCell[][];
}

export function columnHeader(t: Translate, code: string): string {
  return t(`plan.matrix.col.${code}` as 'plan.matrix.col.action');
}

export function objectiveName(objective: { name: string; name_en: string }, lang: Lang): string {
  return lang === 'en' && objective.name_en ? objective.name_en : objective.name;
}

/**
 * Objectives in map order, each followed by its actions; an objective without actions gets one
 * row with the action cells empty, so that the matrix shows it and an import keeps it.
 */
export function matrixRows(show: PlanShow, lang: Lang): MatrixTable {
  const t = translator(lang);
  const perspectiveName = new Map(show.perspectives.map((perspective) => [perspective.code, perspective.name]));
  const rows: MatrixCell[][] = [];
  for (const objective of show.objectives) {
    const objectiveCells: Partial<Record<MatrixColumn, MatrixCell>> = {
      perspective: perspectiveName.get(objective.perspective) ?? objective.perspective,
      objective_code: objective.code,
      objective: objectiveName(objective, lang),
      dimensions: objective.dimension_codes.join(', ') || null,
    };
    const actions = show.actions.filter((action) => action.objective_id === objective.id);
    if (actions.length === 0) rows.push(MATRIX_COLUMNS.map((code) => objectiveCells[code] ?? null));
    for (const action of actions) {
      const cells: Partial<Record<MatrixColumn, MatrixCell>> = {
        ...objectiveCells,
        indicator: action.target.indicator || null,
        target_value: action.target.value,
        target_unit: action.target.unit || null,
        due_on: action.target.due_on,
        action: action.title,
        pic: action.pic.name,
        members: action.members.map((member) => member.name).join(MEMBER_SEPARATOR) || null,
        budget: action.budget,
        budget_code: action.budget_code || null,
        status: t(`plan.status.${action.status}`),
        // Shown to one decimal; the plan pages hold the exact figure.
        progress: action.progress === null ? null : Math.round(action.progress * 10) / 10,
        starts_on: action.starts_on,
        ends_on: action.ends_on,
        horizon: t(`plan.horizon.${action.horizon}`),
      };
      QUARTER_COLUMNS.forEach((code, index) => {
        cells[code] = action.quarters.includes(index + 1) ? t('plan.matrix.mark') : null;
      });
      rows.push(MATRIX_COLUMNS.map((code) => cells[code] ?? null));
    }
  }
  return { codes: [...MATRIX_COLUMNS], header: MATRIX_COLUMNS.map((code) => columnHeader(t, code)), rows };
}

/** UTF-8 with BOM, CRLF, text cells starting with = + - @ neutralised (csv-writer.ts); header on line 1 so it imports back as it is. */
export function matrixCsv(show: PlanShow, lang: Lang, dialect: CsvDialect): string {
  const table = matrixRows(show, lang);
  return toCsv(table.header, table.rows, { dialect });
}

const WIDTHS: Record<MatrixColumn, number> = {
  perspective: 18,
  objective_code: 10,
  objective: 32,
  indicator: 28,
  target_value: 9,
  target_unit: 10,
  due_on: 12,
  action: 36,
  pic: 22,
  members: 24,
  tw1: 7,
  tw2: 7,
  tw3: 7,
  tw4: 7,
  budget: 16,
  budget_code: 18,
  status: 16,
  progress: 10,
  starts_on: 12,
  ends_on: 12,
  horizon: 14,
  dimensions: 18,
};

const WRAPPED: ReadonlySet<MatrixColumn> = new Set(['perspective', 'objective', 'indicator', 'action', 'pic', 'members', 'budget_code', 'dimensions']);

/** Rupiah without decimals; Excel shows the thousands separator of the Windows region (Rp150.000.000 in Indonesian). */
export const RUPIAH_FORMAT = '"Rp"#,##0';
const GAP_FORMAT = '+0.00;-0.00;0.00';
const DATE_FORMAT = 'dd/mm/yyyy';

/** A YYYY-MM-DD cell as an Excel date: exceljs writes a Date as the serial day of its UTC date. */
function excelDate(value: MatrixCell): Date | MatrixCell {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00Z`) : value;
}

export async function matrixWorkbook(show: PlanShow, lang: Lang): Promise<Buffer> {
  const t = translator(lang);
  const table = matrixRows(show, lang);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Potret';

  const headerRowNumber = 3;
  const sheet = workbook.addWorksheet(t('plan.matrix.sheet'), {
    views: [{ state: 'frozen', ySplit: headerRowNumber, xSplit: 0 }],
    pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: `${headerRowNumber}:${headerRowNumber}` },
  });
  sheet.columns = table.codes.map((code) => ({
    key: code,
    width: WIDTHS[code],
    style: {
      alignment: { vertical: 'top' as const, wrapText: WRAPPED.has(code), ...(code.startsWith('tw') ? { horizontal: 'center' as const } : {}) },
      ...(code === 'budget' ? { numFmt: RUPIAH_FORMAT } : code === 'progress' ? { numFmt: '0.0' } : DATE_COLUMNS.has(code) ? { numFmt: DATE_FORMAT } : {}),
    },
  }));
  const title = sheet.getRow(1);
  title.getCell(1).value = t('plan.matrix.title', { organisation: show.organisation, plan: show.name, period: show.period });
  title.font = { bold: true, size: 14 };
  sheet.getRow(2).getCell(1).value = t('plan.matrix.as_of', { date: show.as_of });
  const header = sheet.getRow(headerRowNumber);
  header.values = table.header;
  header.font = { bold: true };
  header.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  header.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE7ECF3' } };
    cell.border = { bottom: { style: 'thin' } };
  });
  // Every value is written as a value: a title such as "=HYPERLINK(…)" stays text (exceljs writes a formula only from { formula }).
  for (const row of table.rows) sheet.addRow(row.map((cell, index) => (DATE_COLUMNS.has(table.codes[index]) ? excelDate(cell) : cell)));
  sheet.autoFilter = { from: { row: headerRowNumber, column: 1 }, to: { row: headerRowNumber, column: table.codes.length } };

  const objectives = workbook.addWorksheet(t('plan.matrix.objectives_sheet'), { views: [{ state: 'frozen', ySplit: 1 }] });
  objectives.columns = [
    { header: columnHeader(t, 'perspective'), key: 'perspective', width: 24, style: { alignment: { vertical: 'top', wrapText: true } } },
    { header: columnHeader(t, 'objective_code'), key: 'code', width: 10, style: { alignment: { vertical: 'top' } } },
    { header: columnHeader(t, 'objective'), key: 'name', width: 40, style: { alignment: { vertical: 'top', wrapText: true } } },
    { header: t('plan.matrix.obj.dimensions'), key: 'dimensions', width: 40, style: { alignment: { vertical: 'top', wrapText: true } } },
    { header: t('plan.matrix.obj.gap'), key: 'gap', width: 22, style: { numFmt: GAP_FORMAT, alignment: { vertical: 'top' } } },
    { header: t('plan.matrix.obj.actions'), key: 'actions', width: 12, style: { alignment: { vertical: 'top' } } },
    { header: t('plan.matrix.obj.budget'), key: 'budget', width: 18, style: { numFmt: RUPIAH_FORMAT, alignment: { vertical: 'top' } } },
  ];
  const objectivesHeader = objectives.getRow(1);
  objectivesHeader.font = { bold: true };
  objectivesHeader.alignment = { vertical: 'middle', wrapText: true };
  const perspectiveName = new Map(show.perspectives.map((perspective) => [perspective.code, perspective.name]));
  for (const objective of show.objectives) {
    const actions = show.actions.filter((action) => action.objective_id === objective.id);
    objectives.addRow({
      perspective: perspectiveName.get(objective.perspective) ?? objective.perspective,
      code: objective.code,
      name: objectiveName(objective, lang),
      dimensions: objective.dimensions.map((dimension) => `${dimension.code} ${dimension.name}`).join('\n') || null,
      gap: objective.gap,
      actions: actions.length,
      // As the plan's totals count it: a cancelled action spends nothing.
      budget: actions.reduce((sum, action) => sum + (action.status === 'cancelled' ? 0 : (action.budget ?? 0)), 0),
    });
  }

  return Buffer.from(await workbook.xlsx.writeBuffer());
}
