import type { DimensionResult, ItemResult, PerspectiveResult } from '../analysis/report';
import { ValidationError } from '../errors';
import type { Translate } from '../i18n';
import type { LoadedInstrument } from '../survey/instruments';
import type { RoundReport } from './build-report';

/**
 * The report's figures as flat tables, shared by the CSV and XLSX downloads. Values stay at full
 * precision (the files are for Excel, SPSS and R); null stays null (an empty cell).
 */

export type Cell = string | number | null;

/** Stable column names (they are the CSV header R and SPSS scripts refer to). */
export function gapColumns(scaleMax: number): string[] {
  const distribution: string[] = [];
  for (let value = 1; value <= scaleMax; value += 1) distribution.push(`count_${value}`);
  return [
    'level',
    'perspective',
    'dimension',
    'code',
    'name',
    'focus',
    'n',
    'mean',
    'sd',
    'median',
    'target',
    'gap',
    'achievement_pct',
    'scale_pct',
    'category',
    'category_label',
    'favorable_pct',
    'unfavorable_pct',
    'alpha',
    'complete_cases',
    'reliable',
    'item_total_r',
    'r_critical',
    'valid',
    ...distribution,
    'notes',
  ];
}

function flag(value: boolean | null): number | null {
  return value === null ? null : value ? 1 : 0;
}

function notes(reasons: Partial<Record<string, string>>): string | null {
  const entries = Object.entries(reasons);
  return entries.length ? entries.map(([field, reason]) => `${field}: ${reason}`).join('; ') : null;
}

function scoreCells(level: 'perspective' | 'dimension', row: PerspectiveResult | DimensionResult, perspective: string, t: Translate, scaleMax: number): Cell[] {
  const focus = 'focus' in row ? row.focus : null;
  return [
    level,
    perspective,
    level === 'dimension' ? row.code : null,
    row.code,
    row.name,
    focus,
    row.n,
    row.mean,
    row.sd,
    null,
    row.target,
    row.gap,
    row.achievement_pct,
    row.scale_pct,
    row.category,
    row.category === null ? null : t(`report.category.${row.category}`),
    row.favorable_pct,
    null,
    row.alpha,
    row.complete_cases,
    flag(row.reliable),
    null,
    null,
    null,
    ...new Array<Cell>(scaleMax).fill(null),
    notes(row.null_reasons),
  ];
}

function itemCells(item: ItemResult, perspective: string, itemText: string, rCritical: number | null, scaleMax: number): Cell[] {
  const counts: Cell[] = [];
  for (let value = 1; value <= scaleMax; value += 1) counts.push(item.distribution[String(value)] ?? 0);
  return [
    'item',
    perspective,
    item.dimension,
    item.code,
    itemText,
    null,
    item.n,
    item.mean,
    item.sd,
    item.median,
    null,
    null,
    null,
    null,
    null,
    null,
    item.favorable_pct,
    item.unfavorable_pct,
    null,
    null,
    null,
    item.item_total_r,
    rCritical,
    flag(item.valid),
    ...counts,
    notes(item.null_reasons),
  ];
}

/** Checks a perspective code given in a URL or on the command line. */
export function checkPerspective(report: RoundReport, code: string | null): void {
  if (code !== null && !report.perspectives.some((perspective) => perspective.code === code)) {
    throw new ValidationError('Unknown perspective', [
      { field: 'perspective', value: code, message: `use one of ${report.perspectives.map((perspective) => perspective.code).join(', ')}` },
    ]);
  }
}

/**
 * One row per perspective, dimension and item (in instrument order), for one perspective or, with
 * perspective null, for all of them. Item names are the statements in the report's language.
 */
export function gapReportTable(report: RoundReport, instrument: LoadedInstrument, perspective: string | null, t: Translate, lang: 'id' | 'en'): { header: string[]; rows: Cell[][] } {
  checkPerspective(report, perspective);
  const scaleMax = report.scale.max;
  const itemTexts = new Map(instrument.items.map((item) => [item.code, item.text[lang]]));
  const rows: Cell[][] = [];
  for (const perspectiveRow of report.perspectives) {
    if (perspective !== null && perspectiveRow.code !== perspective) continue;
    rows.push(scoreCells('perspective', perspectiveRow, perspectiveRow.code, t, scaleMax));
    for (const dimension of report.dimensions.filter((entry) => entry.perspective === perspectiveRow.code)) {
      rows.push(scoreCells('dimension', dimension, perspectiveRow.code, t, scaleMax));
      for (const item of report.items.filter((entry) => entry.dimension === dimension.code)) {
        rows.push(itemCells(item, perspectiveRow.code, itemTexts.get(item.code) ?? '', report.thresholds.r_critical, scaleMax));
      }
    }
  }
  return { header: gapColumns(scaleMax), rows };
}

/**
 * The unit × dimension and grade × dimension breakdowns. A suppressed group keeps its name and
 * nothing else: its n and its means are empty, its status says why.
 */
export function groupTable(report: RoundReport, t: Translate): { header: string[]; rows: Cell[][] } {
  const codes = report.dimensions.map((dimension) => dimension.code);
  const rows: Cell[][] = [];
  for (const breakdown of report.groups) {
    for (const row of breakdown.rows) {
      const cellNotes = Object.entries(row.null_reasons)
        .filter(([, reason]) => reason !== 'group suppressed')
        .map(([code, reason]) => `${code}: ${reason}`);
      rows.push([
        breakdown.by,
        row.group ?? t('report.group_unknown'),
        row.suppressed ? null : row.n,
        row.suppressed ? 'suppressed' : 'shown',
        ...codes.map((code) => (row.suppressed ? null : (row.dimensions[code] ?? null))),
        cellNotes.length ? cellNotes.join('; ') : null,
      ]);
    }
  }
  return { header: ['by', 'group', 'n', 'status', ...codes, 'notes'], rows };
}
