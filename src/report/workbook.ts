import { PassThrough, type Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { ComparisonRow } from '../analysis/compare';
import type { DimensionResult, ItemResult, NullReason, PerspectiveResult } from '../analysis/report';
import type { Lang, Translate } from '../i18n';
import { formatLongDate } from '../i18n/format';
import type { LoadedInstrument } from '../survey/instruments';
import type { RoundReport } from './build-report';
import { codebookTable, type RawData } from './raw-data';
import { executiveSummary, reasonText, type DrivingStatement, type SummaryDimension } from './summary';
import type { Cell } from './tables';

/**
 * The XLSX workbook: the summary (round, perspectives, the executive summary's priorities,
 * near-target dimensions and strengths with their driving statements), the comparison with an
 * earlier round when one was chosen, one sheet per perspective, the heatmap, and for analysts the
 * anonymised raw data and its codebook.
 *
 * Everything a reader sees is in the download's language, in the words the report page uses: no
 * cell holds only an internal code (`below_target`, `high`, `sop_compliance`, a 1/0 flag, an
 * English null reason). Codes of perspectives, dimensions and items stay, as a column beside the
 * name, because analysts join on them. Numbers are stored as numbers at full precision and only
 * displayed rounded (number formats). Gaps are coloured on a diverging scale centred on 0 and
 * always stand beside a target status in words, so that nothing is said by colour alone. Written
 * with the streaming writer so that a large round's raw data is never held as a whole in memory.
 */

export interface WorkbookInput {
  report: RoundReport;
  instrument: LoadedInstrument;
  /** null leaves out the raw data and codebook sheets (a reader of the report, not its analyst). */
  raw: RawData | null;
  t: Translate;
  lang: Lang;
  /** YYYY-MM-DD. */
  generatedOn: string;
  /** The round's dates as set by the analyst (YYYY-MM-DD), null when not set. */
  period: { opensOn: string | null; closesOn: string | null };
}

const FORMAT = {
  mean: '0.00',
  sd: '0.00',
  median: '0.0',
  target: '0.00',
  signed: '+0.00;-0.00;0.00',
  // The percentages of the JSON report are on the 0–100 scale: the sign is text, the value stays as published.
  percent: '0.0"%"',
  share: '0.0%',
  alpha: '0.000',
  r: '0.000',
  rCritical: '0.0000',
} as const;

/** p with three decimals and "< 0,001" below that, as the page writes it (a format, so the cell keeps the exact p). */
function pValueFormat(lang: Lang): string {
  return `[<0.001]"< ${lang === 'id' ? '0,001' : '0.001'}";0.000`;
}

/**
 * ColorBrewer RdBu, which readers with the common colour-vision deficiencies still tell apart: red
 * below the centre (short of the target), blue above it, near-white on it.
 */
const DIVERGING = { below: 'FFD6604D', centre: 'FFF7F7F7', above: 'FF4393C3' } as const;

const BOLD = { bold: true };
const HEADER_WIDTH_CAP = 18;
const LINE_HEIGHT = 15;

/** Excel refuses sheet names over 31 characters, with []:*?/\ in them, or starting or ending with an apostrophe. */
const SHEET_NAME_MAX = 31;

function cleanSheetName(name: string): string {
  return name
    .replace(/\s*[/\\]\s*/g, '-')
    .replace(/[[\]:*?]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^'+|'+$/g, '')
    .trim();
}

/** Cuts at the last word (space or hyphen) that fits, so that a long name stays readable instead of ending mid-word. */
function trimAtWord(name: string, max: number): string {
  if (name.length <= max) return name;
  const head = name.slice(0, max + 1);
  const cut = Math.max(head.lastIndexOf(' '), head.lastIndexOf('-'));
  const trimmed = cut >= max / 2 ? head.slice(0, cut) : name.slice(0, max);
  // A cut can end at a closing apostrophe ("… 'Utama' …"), which Excel refuses at the end of a name.
  return trimmed.replace(/[\s'-]+$/, '');
}

/**
 * A valid, unique sheet name: the first candidate that fits whole (e.g. "CUS Pelanggan-Pemangku
 * Kepentingan" is too long, "Pelanggan-Pemangku Kepentingan" fits), else the first one cut at a word.
 * Uniqueness is case-insensitive, as in Excel.
 */
export function sheetName(candidates: readonly string[], used: Set<string>): string {
  const cleaned = candidates.map(cleanSheetName).filter((name) => name !== '');
  let base = cleaned.find((name) => name.length <= SHEET_NAME_MAX && !used.has(name.toLowerCase()));
  if (base === undefined) base = trimAtWord(cleaned[0] ?? 'Sheet', SHEET_NAME_MAX) || 'Sheet';
  let candidate = base;
  for (let suffix = 2; used.has(candidate.toLowerCase()); suffix += 1) {
    candidate = `${trimAtWord(base, SHEET_NAME_MAX - String(suffix).length - 1)} ${suffix}`;
  }
  used.add(candidate.toLowerCase());
  return candidate;
}

function columnLetter(column: number): string {
  let letters = '';
  for (let rest = column; rest > 0; rest = Math.floor((rest - 1) / 26)) letters = String.fromCharCode(65 + ((rest - 1) % 26)) + letters;
  return letters;
}

/** A diverging colour scale on one column's rows, centred on `centre` (0 for a gap, the target for a mean). */
interface ColourScale {
  column: number;
  firstRow: number;
  lastRow: number;
  centre: number;
  halfRange: number;
}

/**
 * How far from the centre the scale reaches its full colour: at least a quarter of the answer
 * scale (one point on 1–5), or the largest deviation if that is further. Symmetric, so that a
 * shortfall and a margin of the same size get the same strength; with a floor, so that a round
 * whose gaps are all small is not painted as deep as one far from its targets.
 */
function halfRange(deviations: readonly (number | null)[], scale: { min: number; max: number }): number {
  let largest = (scale.max - scale.min) / 4;
  for (const deviation of deviations) if (deviation !== null) largest = Math.max(largest, Math.abs(deviation));
  return largest;
}

/** Adds a sheet's colour scales, each with its own priority (Excel expects them distinct within a sheet). */
function addColourScales(sheet: ExcelJS.Worksheet, scales: readonly ColourScale[]): void {
  scales.forEach((scale, index) => {
    if (scale.lastRow >= scale.firstRow) addColourScale(sheet, scale, index + 1);
  });
}

function addColourScale(sheet: ExcelJS.Worksheet, scale: ColourScale, priority: number): void {
  const letter = columnLetter(scale.column);
  sheet.addConditionalFormatting({
    ref: `${letter}${scale.firstRow}:${letter}${scale.lastRow}`,
    rules: [
      {
        type: 'colorScale',
        priority,
        cfvo: [
          { type: 'num', value: scale.centre - scale.halfRange },
          { type: 'num', value: scale.centre },
          { type: 'num', value: scale.centre + scale.halfRange },
        ],
        color: [{ argb: DIVERGING.below }, { argb: DIVERGING.centre }, { argb: DIVERGING.above }],
      },
    ],
  });
}

// ---------------------------------------------------------------------------------------------
// Words for the report's codes, from the catalogue keys the report page uses.

function targetStatusText(row: Pick<PerspectiveResult | DimensionResult | SummaryDimension, 'target_status'>, t: Translate): string | null {
  return row.target_status === null ? null : t(`report.target_status.${row.target_status}`);
}

function categoryText(row: Pick<PerspectiveResult | DimensionResult, 'category'>, t: Translate): string | null {
  return row.category === null ? null : t(`report.category.${row.category}`);
}

function focusText(focus: string | null, t: Translate): string | null {
  return focus ? t(`report.focus.${focus as 'hr_development'}`) : null;
}

/** Reliable or not in words, or why it could not be judged: as the page's reliability column reads. */
function reliabilityText(row: PerspectiveResult | DimensionResult, t: Translate): string | null {
  if (row.reliable === null) return reasonText(t, row.null_reasons.reliable ?? row.null_reasons.alpha) || null;
  return t(row.reliable ? 'report.reliable' : 'report.not_reliable');
}

function validityText(item: ItemResult, t: Translate): string | null {
  if (item.valid === null) return reasonText(t, item.null_reasons.valid ?? item.null_reasons.item_total_r) || null;
  return t(item.valid ? 'report.valid' : 'report.not_valid');
}

/** The column a null figure belongs to, as its header reads. */
function fieldLabel(field: string, t: Translate): string {
  if (field === 'category') return t('report.col.category_label');
  return t(`report.col.${field}` as 'report.col.mean');
}

/** Why figures are empty, one reason with the columns it empties: "tidak ada jawaban: Rata-rata, SD, Gap". */
function notesText(reasons: Partial<Record<string, NullReason>>, t: Translate): string | null {
  const byReason = new Map<NullReason, string[]>();
  for (const [field, reason] of Object.entries(reasons)) {
    if (reason === undefined) continue;
    const fields = byReason.get(reason) ?? [];
    fields.push(fieldLabel(field, t));
    byReason.set(reason, fields);
  }
  if (byReason.size === 0) return null;
  return [...byReason.entries()].map(([reason, fields]) => `${reasonText(t, reason)}: ${fields.join(', ')}`).join('; ');
}

// ---------------------------------------------------------------------------------------------
// Table sheets: a bold, wrapped, frozen header row and one row per record.

interface Column {
  header: string;
  format?: string;
  wrap?: boolean;
  maxWidth?: number;
}

interface Table {
  columns: Column[];
  rows: Cell[][];
}

function cellWidth(value: Cell): number {
  if (value === null) return 0;
  if (typeof value === 'number') return Number.isInteger(value) ? String(value).length : 7;
  return value.length;
}

/** Widths that fit the content; a long header wraps instead of widening its column. */
function fitWidths(table: Table): number[] {
  return table.columns.map((column, index) => {
    let width = Math.min(column.header.length, HEADER_WIDTH_CAP);
    for (const row of table.rows) width = Math.max(width, cellWidth(row[index] ?? null));
    return Math.min(Math.max(width + 2, 6), column.maxWidth ?? 60);
  });
}

function linesNeeded(text: string, width: number): number {
  const perLine = Math.max(width - 1, 1);
  return text.split('\n').reduce((lines, paragraph) => lines + Math.max(1, Math.ceil(paragraph.length / perLine)), 0);
}

function writeTableSheet(workbook: ExcelJS.stream.xlsx.WorkbookWriter, name: string, table: Table, options: { frozenColumns?: number; scales?: ColourScale[] } = {}): void {
  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1, xSplit: options.frozenColumns ?? 0 }] });
  const widths = fitWidths(table);
  sheet.columns = table.columns.map((column, index) => ({
    width: widths[index],
    style: {
      ...(column.format ? { numFmt: column.format } : {}),
      alignment: { vertical: 'top' as const, ...(column.wrap ? { wrapText: true } : {}) },
    },
  }));
  const header = sheet.addRow(table.columns.map((column) => column.header));
  header.font = BOLD;
  header.alignment = { vertical: 'top', wrapText: true };
  header.height = LINE_HEIGHT * Math.max(...table.columns.map((column, index) => linesNeeded(column.header, widths[index])));
  header.commit();
  for (const row of table.rows) sheet.addRow(row).commit();
  addColourScales(sheet, options.scales ?? []);
  sheet.commit();
}

// ---------------------------------------------------------------------------------------------
// One sheet per perspective: the perspective, its dimensions and its items.

function perspectiveTable(report: RoundReport, instrument: LoadedInstrument, perspective: PerspectiveResult, t: Translate, lang: Lang): { table: Table; scales: ColourScale[] } {
  const scaleMax = report.scale.max;
  const rCritical = report.thresholds.r_critical;
  const columns: Column[] = [
    { header: t('report.col.level') },
    { header: t('report.col.perspective') },
    { header: t('report.col.dimension') },
    { header: t('report.col.code') },
    { header: t('report.col.name'), wrap: true },
    { header: t('report.col.focus') },
    { header: t('report.col.n') },
    { header: t('report.col.mean'), format: FORMAT.mean },
    { header: t('report.col.sd'), format: FORMAT.sd },
    { header: t('report.col.median'), format: FORMAT.median },
    { header: t('report.col.target'), format: FORMAT.target },
    { header: t('report.col.gap_signed'), format: FORMAT.signed },
    { header: t('report.col.target_status') },
    { header: t('report.col.ci95_low'), format: FORMAT.mean },
    { header: t('report.col.ci95_high'), format: FORMAT.mean },
    { header: t('report.col.achievement_pct'), format: FORMAT.percent },
    { header: t('report.col.scale_pct'), format: FORMAT.percent },
    { header: t('report.col.category_label') },
    { header: t('report.col.favorable_pct'), format: FORMAT.percent },
    { header: t('report.col.unfavorable_pct'), format: FORMAT.percent },
    { header: t('report.col.alpha'), format: FORMAT.alpha },
    { header: t('report.col.complete_cases') },
    { header: t('report.col.reliable') },
    { header: t('report.col.item_total_r'), format: FORMAT.r },
    { header: t('report.col.r_critical'), format: FORMAT.rCritical },
    { header: t('report.col.valid'), wrap: true, maxWidth: 24 },
  ];
  for (let value = 1; value <= scaleMax; value += 1) columns.push({ header: t('report.col.count', { value }) });
  columns.push({ header: t('report.col.notes'), wrap: true, maxWidth: 50 });
  const GAP = 12;
  const MEAN = 8;
  const blanks = (count: number) => new Array<Cell>(count).fill(null);

  const scoreCells = (level: 'perspective' | 'dimension', row: PerspectiveResult | DimensionResult): Cell[] => [
    t(`report.level.${level}`),
    perspective.code,
    level === 'dimension' ? row.code : null,
    row.code,
    row.name,
    'focus' in row ? focusText(row.focus, t) : null,
    row.n,
    row.mean,
    row.sd,
    null,
    row.target,
    row.gap,
    targetStatusText(row, t),
    row.ci95_low,
    row.ci95_high,
    row.achievement_pct,
    row.scale_pct,
    categoryText(row, t),
    row.favorable_pct,
    null,
    row.alpha,
    row.complete_cases,
    reliabilityText(row, t),
    null,
    null,
    null,
    ...blanks(scaleMax),
    notesText(row.null_reasons, t),
  ];
  const itemTexts = new Map(instrument.items.map((item) => [item.code, item.text[lang]]));
  const itemCells = (item: ItemResult): Cell[] => {
    const counts: Cell[] = [];
    for (let value = 1; value <= scaleMax; value += 1) counts.push(item.distribution[String(value)] ?? 0);
    return [
      t('report.level.item'),
      perspective.code,
      item.dimension,
      item.code,
      itemTexts.get(item.code) ?? '',
      null,
      item.n,
      item.mean,
      item.sd,
      item.median,
      ...blanks(8),
      item.favorable_pct,
      item.unfavorable_pct,
      null,
      null,
      null,
      item.item_total_r,
      rCritical,
      validityText(item, t),
      ...counts,
      notesText(item.null_reasons, t),
    ];
  };

  const rows: Cell[][] = [scoreCells('perspective', perspective)];
  const deviations: (number | null)[] = [perspective.gap];
  // Item means are coloured against their own dimension's target (items have no gap of their own).
  const itemBlocks: { firstRow: number; lastRow: number; target: number }[] = [];
  for (const dimension of report.dimensions.filter((entry) => entry.perspective === perspective.code)) {
    rows.push(scoreCells('dimension', dimension));
    deviations.push(dimension.gap);
    const items = report.items.filter((entry) => entry.dimension === dimension.code);
    const firstRow = rows.length + 2;
    for (const item of items) {
      rows.push(itemCells(item));
      deviations.push(item.mean === null ? null : item.mean - dimension.target);
    }
    itemBlocks.push({ firstRow, lastRow: rows.length + 1, target: dimension.target });
  }
  const half = halfRange(deviations, report.scale);
  const scales: ColourScale[] = [
    { column: GAP, firstRow: 2, lastRow: rows.length + 1, centre: 0, halfRange: half },
    ...itemBlocks.map((block) => ({ column: MEAN, firstRow: block.firstRow, lastRow: block.lastRow, centre: block.target, halfRange: half })),
  ];
  return { table: { columns, rows }, scales };
}

// ---------------------------------------------------------------------------------------------
// The comparison with an earlier round.

function comparisonTable(report: RoundReport, comparison: NonNullable<RoundReport['comparison']>, t: Translate, lang: Lang): { table: Table; scales: ColourScale[] } {
  const previous = comparison.round.name;
  const current = report.round.name;
  const columns: Column[] = [
    { header: t('report.col.level') },
    { header: t('report.col.code') },
    { header: t('report.col.name'), wrap: true },
    { header: t('report.col.n_of', { round: previous }) },
    { header: t('report.col.n_of', { round: current }) },
    { header: t('report.col.mean_of', { round: previous }), format: FORMAT.mean },
    { header: t('report.col.mean_of', { round: current }), format: FORMAT.mean },
    { header: t('report.col.change'), format: FORMAT.signed },
    { header: t('report.col.p_value'), format: pValueFormat(lang) },
    { header: t('report.col.cohens_d'), format: FORMAT.signed },
    { header: t('report.col.significant') },
    { header: t('report.col.verdict'), wrap: true, maxWidth: 40 },
  ];
  const CHANGE = 8;
  // The verdict as the page words it: rise / fall / within noise, or why there was no test.
  const verdict = (row: ComparisonRow): string | null => {
    if (row.direction !== null) return t(`report.direction.${row.direction}`);
    return row.test_null_reason === null ? null : t(`report.compare_null.${row.test_null_reason}`);
  };
  const cells = (level: 'perspective' | 'dimension', row: ComparisonRow): Cell[] => [
    t(`report.level.${level}`),
    row.code,
    row.name,
    row.previous_n,
    row.current_n,
    row.previous_mean,
    row.current_mean,
    row.change,
    row.p_value,
    row.cohens_d,
    row.significant === null ? null : t(row.significant ? 'common.yes' : 'common.no'),
    verdict(row),
  ];
  const rows = [...comparison.perspectives.map((row) => cells('perspective', row)), ...comparison.dimensions.map((row) => cells('dimension', row))];
  const changes = [...comparison.perspectives, ...comparison.dimensions].map((row) => row.change);
  return { table: { columns, rows }, scales: [{ column: CHANGE, firstRow: 2, lastRow: rows.length + 1, centre: 0, halfRange: halfRange(changes, report.scale) }] };
}

// ---------------------------------------------------------------------------------------------
// The unit × dimension and grade × dimension breakdowns, as the report publishes them.

function heatmapTable(report: RoundReport, t: Translate): { table: Table; scales: ColourScale[]; frozenColumns: number } {
  const dimensions = report.dimensions;
  const columns: Column[] = [
    { header: t('report.col.by') },
    { header: t('report.col.group') },
    { header: t('report.col.n') },
    { header: t('report.col.status') },
    ...dimensions.map((dimension) => ({ header: `${dimension.code} ${dimension.name}`, format: FORMAT.mean, maxWidth: 16 })),
    { header: t('report.col.notes'), wrap: true, maxWidth: 50 },
  ];
  const rows: Cell[][] = [];
  for (const breakdown of report.groups) {
    for (const row of breakdown.rows) {
      const notes: Partial<Record<string, NullReason>> = {};
      const means = dimensions.map((dimension): Cell => {
        const mean = row.suppressed ? null : (row.dimensions[dimension.code] ?? null);
        if (mean !== null) return mean;
        const reason = row.null_reasons[dimension.code];
        // A suppressed figure says so in its cell, so that an empty cell is never read as missing data or 0.
        if (row.suppressed || reason === 'group suppressed' || reason === 'cell suppressed') return t('common.suppressed');
        if (reason !== undefined) notes[dimension.code] = reason;
        return null;
      });
      rows.push([
        t(`report.by.${breakdown.by}`),
        row.group ?? t('report.group_unknown'),
        // Hidden with the figures: with the total, a cover group's size gives away the small group's.
        row.suppressed ? null : row.n,
        t(row.suppressed ? 'common.suppressed' : 'report.shown'),
        ...means,
        groupNotes(notes, t),
      ]);
    }
  }
  const deviations: (number | null)[] = [];
  for (const breakdown of report.groups) {
    for (const row of breakdown.rows) {
      if (row.suppressed) continue;
      for (const dimension of dimensions) {
        const mean = row.dimensions[dimension.code] ?? null;
        deviations.push(mean === null ? null : mean - dimension.target);
      }
    }
  }
  // Each dimension's column is centred on its own target.
  const half = halfRange(deviations, report.scale);
  const scales = dimensions.map((dimension, index) => ({ column: 5 + index, firstRow: 2, lastRow: rows.length + 1, centre: dimension.target, halfRange: half }));
  return { table: { columns, rows }, scales, frozenColumns: 2 };
}

/** "tidak ada jawaban: LG-HR, IBP-SOP" for the dimensions of a group row without a figure. */
function groupNotes(reasons: Partial<Record<string, NullReason>>, t: Translate): string | null {
  const byReason = new Map<NullReason, string[]>();
  for (const [code, reason] of Object.entries(reasons)) {
    if (reason === undefined) continue;
    byReason.set(reason, [...(byReason.get(reason) ?? []), code]);
  }
  if (byReason.size === 0) return null;
  return [...byReason.entries()].map(([reason, codes]) => `${reasonText(t, reason)}: ${codes.join(', ')}`).join('; ');
}

// ---------------------------------------------------------------------------------------------
// The codebook, with headers and focus areas in words.

function codebookSheetTable(instrument: LoadedInstrument, minimum: number, t: Translate): Table {
  const source = codebookTable(instrument, minimum);
  const language = { lang: t('report.codebook.lang.id') };
  const english = { lang: t('report.codebook.lang.en') };
  const columns: Column[] = [
    { header: t('report.codebook.col.variable') },
    { header: t('report.codebook.col.label', language), wrap: true, maxWidth: 50 },
    { header: t('report.codebook.col.label', english), wrap: true, maxWidth: 50 },
    { header: t('report.col.perspective') },
    { header: t('report.codebook.col.perspective_name', language), maxWidth: 40 },
    { header: t('report.codebook.col.perspective_name', english), maxWidth: 40 },
    { header: t('report.col.dimension') },
    { header: t('report.codebook.col.dimension_name', language), maxWidth: 40 },
    { header: t('report.codebook.col.dimension_name', english), maxWidth: 40 },
    { header: t('report.col.focus') },
    { header: t('report.codebook.col.values'), wrap: true, maxWidth: 50 },
    { header: t('report.codebook.col.missing'), wrap: true, maxWidth: 50 },
  ];
  const focus = source.header.indexOf('focus');
  const rows = source.rows.map((row) => row.map((cell, index) => (index === focus && typeof cell === 'string' ? focusText(cell, t) : cell)));
  return { columns, rows };
}

// ---------------------------------------------------------------------------------------------
// The summary sheet: a fixed grid shared by its blocks (labels and codes in A, names in B).

const SUMMARY_WIDTHS = [24, 50, 10, 10, 10, 10, 12, 14, 14, 14, 14, 20, 22, 12, 10, 20];
/** Sentences span this many columns and wrap inside them. */
const SENTENCE_COLUMNS = 12;

interface SummaryRowOptions {
  bold?: boolean;
  size?: number;
  formats?: Record<number, string>;
  /** Column numbers whose text wraps (with the row's height left to Excel). */
  wrap?: number[];
  indent?: number[];
  /** One sentence across the first SENTENCE_COLUMNS columns. */
  sentence?: boolean;
}

function writeSummarySheet(workbook: ExcelJS.stream.xlsx.WorkbookWriter, name: string, input: WorkbookInput): void {
  const { report, t, lang, generatedOn, period } = input;
  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = SUMMARY_WIDTHS.map((width) => ({ width }));
  const sentenceWidth = SUMMARY_WIDTHS.slice(0, SENTENCE_COLUMNS).reduce((sum, width) => sum + width, 0);
  const add = (values: (Cell | undefined)[], options: SummaryRowOptions = {}): number => {
    const row = sheet.addRow(values);
    if (options.bold || options.size) row.font = { bold: options.bold ?? false, ...(options.size ? { size: options.size } : {}) };
    for (const [column, format] of Object.entries(options.formats ?? {})) row.getCell(Number(column)).numFmt = format;
    for (const column of options.wrap ?? []) row.getCell(column).alignment = { wrapText: true, vertical: 'top', ...(options.indent?.includes(column) ? { indent: 1 } : {}) };
    if (options.sentence && typeof values[0] === 'string') {
      sheet.mergeCells(row.number, 1, row.number, SENTENCE_COLUMNS);
      row.getCell(1).alignment = { wrapText: true, vertical: 'top' };
      // Excel does not fit the height of merged cells itself.
      row.height = LINE_HEIGHT * linesNeeded(values[0], sentenceWidth) * (options.size ? options.size / 11 : 1);
    }
    row.commit();
    return row.number;
  };
  const heading = (text: string) => add([text], { bold: true, sentence: true });

  const { round } = report;
  add([t('report.title', { round: round.name })], { bold: true, size: 14, sentence: true });
  add([]);
  add([t('report.round'), round.name]);
  add([t('report.instrument'), input.instrument.definition.name[lang]]);
  add([t('rounds.opens_on'), formatLongDate(period.opensOn, lang)]);
  add([t('rounds.closes_on'), formatLongDate(period.closesOn, lang)]);
  add([t('report.generated_on'), formatLongDate(generatedOn, lang)]);
  if (report.comparison) add([t('report.compared_with'), report.comparison.round.name]);
  add([t('rounds.invited'), round.invited], { formats: { 2: '0' } });
  add([t('report.responses'), round.responses], { formats: { 2: '0' } });
  add([t('report.online'), round.online], { formats: { 2: '0' } });
  add([t('report.paper'), round.paper], { formats: { 2: '0' } });
  add([t('rounds.response_rate'), round.response_rate], { formats: { 2: FORMAT.share } });
  add([t('report.col.n'), report.n], { formats: { 2: '0' } });
  add([t('report.col.r_critical'), report.thresholds.r_critical], { formats: { 2: FORMAT.rCritical } });
  add([t('report.method.alpha_min'), report.thresholds.alpha_min], { formats: { 2: '0.00' } });
  add([t('rounds.min_group_size'), report.thresholds.min_group_size], { formats: { 2: '0' } });

  const summary = executiveSummary(report, t, lang);
  add([]);
  heading(t('report.summary_title'));
  add([summary.response], { sentence: true });
  add([summary.standing], { sentence: true });

  // The perspectives; column A the code and D the mean, which readers of earlier workbooks rely on.
  add([]);
  heading(t('report.perspectives_title'));
  add(
    [
      t('report.col.code'),
      t('report.col.perspective'),
      t('report.col.n'),
      t('report.col.mean'),
      t('report.col.sd'),
      t('report.col.target'),
      t('report.col.gap_signed'),
      t('report.col.achievement_pct'),
      t('report.col.scale_pct'),
      t('report.col.ci95_low'),
      t('report.col.ci95_high'),
      t('report.col.target_status'),
      t('report.col.category_label'),
      t('report.col.favorable_pct'),
      t('report.col.alpha'),
      t('report.col.reliable'),
    ],
    { bold: true, wrap: SUMMARY_WIDTHS.map((_, index) => index + 1) },
  );
  let first = 0;
  for (const perspective of report.perspectives) {
    const row = add(
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
        perspective.ci95_low,
        perspective.ci95_high,
        targetStatusText(perspective, t),
        categoryText(perspective, t),
        perspective.favorable_pct,
        perspective.alpha,
        reliabilityText(perspective, t),
      ],
      { formats: { 4: FORMAT.mean, 5: FORMAT.sd, 6: FORMAT.target, 7: FORMAT.signed, 8: FORMAT.percent, 9: FORMAT.percent, 10: FORMAT.mean, 11: FORMAT.mean, 14: FORMAT.percent, 15: FORMAT.alpha }, wrap: [2, 12, 13, 16] },
    );
    first ||= row;
  }
  const scales: ColourScale[] = [];
  if (first) scales.push({ column: 7, firstRow: first, lastRow: first + report.perspectives.length - 1, centre: 0, halfRange: halfRange(report.perspectives.map((entry) => entry.gap), report.scale) });

  // Priorities, near-target dimensions and strengths as the executive summary picks them (by
  // target status, from `summary`), each dimension followed by its driving statements.
  const figures = report.summary;
  const dimensionsByCode = new Map(report.dimensions.map((dimension) => [dimension.code, dimension]));
  const perspectiveNames = new Map(report.perspectives.map((perspective) => [perspective.code, perspective.name]));
  const dimensionHeader = [
    t('report.col.code'),
    t('report.col.name'),
    t('report.col.rank'),
    t('report.col.n'),
    t('report.col.mean'),
    t('report.col.target'),
    t('report.col.gap_signed'),
    t('report.col.ci95_low'),
    t('report.col.ci95_high'),
    t('report.col.target_status'),
    t('report.col.unfavorable_pct'),
    t('report.col.perspective'),
    t('report.col.focus'),
  ];
  const dimensionBlock = (title: string, dimensions: readonly (SummaryDimension & { statements?: DrivingStatement[] })[], ranked: boolean) => {
    add([]);
    heading(title);
    if (dimensions.length === 0) return;
    add(dimensionHeader, { bold: true, wrap: dimensionHeader.map((_, index) => index + 1) });
    const gapRows: number[] = [];
    dimensions.forEach((dimension, index) => {
      gapRows.push(
        add(
          [
            dimension.code,
            dimension.name,
            ranked ? index + 1 : null,
            dimensionsByCode.get(dimension.code)?.n ?? null,
            dimension.mean,
            dimension.target,
            dimension.gap,
            dimension.ci95_low,
            dimension.ci95_high,
            targetStatusText(dimension, t),
            null,
            perspectiveNames.get(dimension.perspective) ?? dimension.perspective,
            focusText(dimensionsByCode.get(dimension.code)?.focus ?? null, t),
          ],
          { formats: { 5: FORMAT.mean, 6: FORMAT.target, 7: FORMAT.signed, 8: FORMAT.mean, 9: FORMAT.mean }, wrap: [2, 10, 12, 13] },
        ),
      );
      for (const statement of dimension.statements ?? []) {
        add([statement.code, statement.text, null, statement.n, statement.mean, null, null, null, null, null, statement.unfavorable_pct], { formats: { 5: FORMAT.mean, 11: FORMAT.percent }, wrap: [2], indent: [2] });
      }
    });
    scales.push({ column: 7, firstRow: gapRows[0], lastRow: gapRows[gapRows.length - 1], centre: 0, halfRange: halfRange(dimensions.map((dimension) => dimension.gap), report.scale) });
  };
  dimensionBlock(summary.priorities, figures.priorities, true);
  if (figures.near_target.length) dimensionBlock(t('report.summary.near_target_items'), figures.near_target, false);
  dimensionBlock(figures.strengths.length ? t('report.summary.strength_items') : summary.strengths, figures.strengths, true);

  add([]);
  heading(t('report.focus_title'));
  for (const sentence of summary.focus) add([sentence], { sentence: true });
  add([]);
  heading(t('report.reliability_title'));
  for (const sentence of summary.reliability) add([sentence], { sentence: true });
  if (summary.comparison) {
    add([]);
    heading(t('report.change_title'));
    add([summary.comparison], { sentence: true });
  }
  addColourScales(sheet, scales);
  sheet.commit();
}

export async function writeWorkbook(stream: Writable, input: WorkbookInput): Promise<void> {
  const { report, instrument, raw, t, lang } = input;
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
  workbook.creator = 'Potret';
  const used = new Set<string>();

  writeSummarySheet(workbook, sheetName([t('report.sheet.summary')], used), input);

  if (report.comparison) {
    const { table, scales } = comparisonTable(report, report.comparison, t, lang);
    writeTableSheet(workbook, sheetName([t('report.sheet.comparison')], used), table, { scales, frozenColumns: 3 });
  }

  for (const perspective of report.perspectives) {
    const { table, scales } = perspectiveTable(report, instrument, perspective, t, lang);
    writeTableSheet(workbook, sheetName([`${perspective.code} ${perspective.name}`, perspective.name], used), table, { scales });
  }

  {
    const { table, scales, frozenColumns } = heatmapTable(report, t);
    writeTableSheet(workbook, sheetName([t('report.sheet.heatmap')], used), table, { scales, frozenColumns });
  }

  if (raw !== null) {
    // Variable names, not words: they are the columns SPSS and R refer to, explained in the codebook.
    const widths = raw.header.map((code, index) => {
      if (index === 1) return Math.min(raw.widths.unit + 2, 40);
      if (index === 2) return Math.min(raw.widths.grade + 2, 20);
      return Math.max(code.length + 2, 6);
    });
    const sheet = workbook.addWorksheet(sheetName([t('report.sheet.data')], used), { views: [{ state: 'frozen', ySplit: 1, xSplit: 1 }] });
    sheet.columns = widths.map((width) => ({ width }));
    const header = sheet.addRow(raw.header);
    header.font = BOLD;
    header.commit();
    for (const row of raw.rows()) sheet.addRow(row).commit();
    sheet.commit();
  }

  if (raw !== null) {
    writeTableSheet(workbook, sheetName([t('report.sheet.codebook')], used), codebookSheetTable(instrument, report.thresholds.min_group_size, t));
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
