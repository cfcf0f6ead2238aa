import { PassThrough, type Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Lang, Translate } from '../i18n';
import type { LoadedInstrument } from '../survey/instruments';
import type { RoundReport } from './build-report';
import { codebookTable, type RawData } from './raw-data';
import { executiveSummary } from './summary';
import { gapReportTable, groupTable, type Cell } from './tables';

/**
 * The XLSX workbook: summary, one sheet per perspective, the heatmap, the anonymised raw data and
 * its codebook. Numbers are stored as numbers at full precision and only displayed rounded
 * (number formats), headers are frozen, and column widths follow the content. Written with the
 * streaming writer so that a large round's raw data is never held as a whole in memory.
 */

export interface WorkbookInput {
  report: RoundReport;
  instrument: LoadedInstrument;
  /** null leaves out the raw data and codebook sheets (a reader of the report, not its analyst). */
  raw: RawData | null;
  t: Translate;
  lang: Lang;
  generatedOn: string;
}

const FORMATS: Record<string, string> = {
  mean: '0.00',
  sd: '0.00',
  median: '0.0',
  target: '0.00',
  gap: '+0.00;-0.00;0.00',
  achievement_pct: '0.0',
  scale_pct: '0.0',
  favorable_pct: '0.0',
  unfavorable_pct: '0.0',
  alpha: '0.000',
  item_total_r: '0.000',
  r_critical: '0.0000',
};

const BOLD = { bold: true };

/** Excel refuses sheet names over 31 characters or with []:*?/\ in them. */
function sheetName(name: string, used: Set<string>): string {
  const base = name.replace(/[[\]:*?/\\]/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 31) || 'Sheet';
  let candidate = base;
  for (let suffix = 2; used.has(candidate.toLowerCase()); suffix += 1) candidate = `${base.slice(0, 28)} ${suffix}`;
  used.add(candidate.toLowerCase());
  return candidate;
}

function cellWidth(value: Cell): number {
  if (value === null) return 0;
  if (typeof value === 'number') return Number.isInteger(value) ? String(value).length : 7;
  return value.length;
}

/** Widths that fit the header and the content, within reason (long statements wrap instead). */
function fitWidths(header: readonly string[], rows: readonly (readonly Cell[])[], maxWidth = 60): number[] {
  return header.map((label, index) => {
    let width = label.length;
    for (const row of rows) width = Math.max(width, cellWidth(row[index] ?? null));
    return Math.min(Math.max(width + 2, 6), maxWidth);
  });
}

function columnLabel(code: string, t: Translate): string {
  const count = /^count_(\d+)$/.exec(code);
  if (count) return t('report.col.count', { value: count[1] });
  return t(`report.col.${code}` as 'report.col.mean');
}

interface SheetOptions {
  header: string[];
  codes: string[];
  widths: number[];
  /** Columns that wrap their text (long statements). */
  wrap?: ReadonlySet<string>;
  frozenColumns?: number;
}

function addTableSheet(workbook: ExcelJS.stream.xlsx.WorkbookWriter, name: string, options: SheetOptions): ExcelJS.Worksheet {
  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1, xSplit: options.frozenColumns ?? 0 }] });
  sheet.columns = options.codes.map((code, index) => ({
    key: code,
    width: options.widths[index],
    style: {
      ...(FORMATS[code] ? { numFmt: FORMATS[code] } : {}),
      ...(options.wrap?.has(code) ? { alignment: { wrapText: true, vertical: 'top' as const } } : { alignment: { vertical: 'top' as const } }),
    },
  }));
  const headerRow = sheet.addRow(options.header);
  headerRow.font = BOLD;
  headerRow.commit();
  return sheet;
}

function writeSummarySheet(workbook: ExcelJS.stream.xlsx.WorkbookWriter, name: string, input: WorkbookInput): void {
  const { report, t, lang, generatedOn } = input;
  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  const widths = [34, 44, 10, 10, 10, 10, 10, 14, 16, 14, 10, 12];
  sheet.columns = widths.map((width) => ({ width }));
  const add = (values: (Cell | boolean)[], options: { bold?: boolean; formats?: Record<number, string>; size?: number } = {}) => {
    const row = sheet.addRow(values);
    if (options.bold || options.size) row.font = { bold: options.bold ?? false, ...(options.size ? { size: options.size } : {}) };
    for (const [column, format] of Object.entries(options.formats ?? {})) row.getCell(Number(column)).numFmt = format;
    row.commit();
  };
  const { round } = report;
  add([t('report.title', { round: round.name })], { bold: true, size: 14 });
  add([]);
  add([t('report.round'), round.name]);
  add([t('report.instrument'), input.instrument.definition.name[lang]]);
  add([t('report.generated_on'), generatedOn]);
  add([t('rounds.invited'), round.invited]);
  add([t('report.responses'), round.responses]);
  add([t('report.online'), round.online]);
  add([t('report.paper'), round.paper]);
  add([t('rounds.response_rate'), round.response_rate], { formats: { 2: '0.0%' } });
  add([t('report.col.n'), report.n]);
  add([t('report.col.r_critical'), report.thresholds.r_critical], { formats: { 2: '0.0000' } });
  add([t('report.method.alpha_min'), report.thresholds.alpha_min], { formats: { 2: '0.00' } });
  add([t('rounds.min_group_size'), report.thresholds.min_group_size]);
  add([]);
  add([t('report.summary_title')], { bold: true });
  const summary = executiveSummary(report, t, lang);
  for (const sentence of [summary.response, summary.standing, summary.strengths, summary.priorities, ...summary.priorityItems.map((item, index) => `${index + 1}. ${item}`), ...summary.focus, ...summary.reliability, ...(summary.comparison ? [summary.comparison] : [])]) {
    add([sentence]);
  }
  add([]);
  add([t('report.perspectives_title')], { bold: true });
  add(
    ['code', 'name', 'n', 'mean', 'sd', 'target', 'gap', 'achievement_pct', 'scale_pct', 'category_label', 'favorable_pct', 'alpha', 'reliable'].map((code) => columnLabel(code, t)),
    { bold: true },
  );
  for (const perspective of report.perspectives) {
    add(
      [
        perspective.code,
        perspective.name,
        perspective.n,
        perspective.mean,
        perspective.sd,
        perspective.target,
        perspective.gap,
        perspective.achievement_pct,
        perspective.scale_pct,
        perspective.category === null ? null : t(`report.category.${perspective.category}`),
        perspective.favorable_pct,
        perspective.alpha,
        perspective.reliable === null ? null : perspective.reliable ? 1 : 0,
      ],
      { formats: { 4: FORMATS.mean, 5: FORMATS.sd, 6: FORMATS.target, 7: FORMATS.gap, 8: FORMATS.achievement_pct, 9: FORMATS.scale_pct, 11: FORMATS.favorable_pct, 12: FORMATS.alpha } },
    );
  }
  add([]);
  add([t('report.priorities_title')], { bold: true });
  add([t('report.col.rank'), t('report.col.name'), t('report.col.mean'), t('report.col.target'), t('report.col.gap'), t('report.col.focus')], { bold: true });
  report.priorities.forEach((dimension, index) => {
    add([index + 1, dimension.name, dimension.mean, dimension.target, dimension.gap, dimension.focus ? t(`report.focus.${dimension.focus as 'hr_development'}`) : null], {
      formats: { 3: FORMATS.mean, 4: FORMATS.target, 5: FORMATS.gap },
    });
  });
  sheet.commit();
}

export async function writeWorkbook(stream: Writable, input: WorkbookInput): Promise<void> {
  const { report, instrument, raw, t, lang } = input;
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
  workbook.creator = 'Potret';
  const used = new Set<string>();

  writeSummarySheet(workbook, sheetName(t('report.sheet.summary'), used), input);

  for (const perspective of report.perspectives) {
    const table = gapReportTable(report, instrument, perspective.code, t, lang);
    const rows = table.rows.map((row) => row.map((cell, index) => (table.header[index] === 'level' && typeof cell === 'string' ? t(`report.level.${cell as 'item'}`) : cell)));
    const header = table.header.map((code) => columnLabel(code, t));
    const sheet = addTableSheet(workbook, sheetName(`${perspective.code} ${perspective.name}`, used), {
      header,
      codes: table.header,
      widths: fitWidths(header, rows),
      wrap: new Set(['name', 'notes']),
    });
    for (const row of rows) sheet.addRow(row).commit();
    sheet.commit();
  }

  {
    const table = groupTable(report, t);
    const dimensionCount = report.dimensions.length;
    const rows = table.rows.map((row) => {
      const suppressed = row[3] === 'suppressed';
      const out = [...row];
      out[0] = t(`report.by.${row[0] as 'unit'}`);
      out[3] = suppressed ? t('common.suppressed') : t('report.shown');
      // A suppressed group says so in every cell, so that an empty cell is never read as missing data or 0.
      if (suppressed) for (let index = 4; index < 4 + dimensionCount; index += 1) out[index] = t('common.suppressed');
      return out;
    });
    const header = table.header.map((code, index) => (index >= 4 && index < 4 + dimensionCount ? code : columnLabel(code, t)));
    const codes = table.header.map((code, index) => (index >= 4 && index < 4 + dimensionCount ? 'mean' : code));
    const sheet = addTableSheet(workbook, sheetName(t('report.sheet.heatmap'), used), { header, codes, widths: fitWidths(header, rows), frozenColumns: 2 });
    for (const row of rows) sheet.addRow(row).commit();
    sheet.commit();
  }

  if (raw !== null) {
    const widths = raw.header.map((code, index) => {
      if (index === 1) return Math.min(raw.widths.unit + 2, 40);
      if (index === 2) return Math.min(raw.widths.grade + 2, 20);
      return Math.max(code.length + 2, 6);
    });
    const sheet = addTableSheet(workbook, sheetName(t('report.sheet.data'), used), { header: raw.header, codes: raw.header, widths, frozenColumns: 1 });
    for (const row of raw.rows()) sheet.addRow(row).commit();
    sheet.commit();
  }

  if (raw !== null) {
    const table = codebookTable(instrument, report.thresholds.min_group_size);
    const sheet = addTableSheet(workbook, sheetName(t('report.sheet.codebook'), used), {
      header: table.header,
      codes: table.header,
      widths: fitWidths(table.header, table.rows, 50),
      wrap: new Set(['label_id', 'label_en', 'values', 'missing']),
    });
    for (const row of table.rows) sheet.addRow(row).commit();
    sheet.commit();
  }

  await workbook.commit();
}

/** The workbook as one buffer (CLI and tests). */
export async function workbookBuffer(input: WorkbookInput): Promise<Buffer> {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    stream.on('end', resolve);
    stream.on('error', reject);
  });
  await writeWorkbook(stream, input);
  await ended;
  return Buffer.concat(chunks);
}
