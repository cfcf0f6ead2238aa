import type { DimensionResult, GroupBreakdown, PerspectiveResult, TargetStatus } from '../analysis/report';
import type { Lang, Translate } from '../i18n';
import type { RoundReport } from './build-report';
import { formatDecimal, formatPClause, formatPercent, formatSigned } from '../i18n/format';
import { CHART_WIDTH, element, elementWithMarkup, GRID, hatchPattern, INK, MUTED, SMALLEST_FONT, svgDocument, text, textWidth, wrapText } from './svg';

/**
 * Charts of the condition report, built from the JSON report (and, for the item chart, the
 * statements of the instrument) and nothing else. Every chart is readable in greyscale: status
 * is carried by a shape or a word as well as a colour, below-target and suppressed areas are
 * hatched or marked, values are written out, and the text alternative carries every figure the
 * chart shows.
 *
 * All charts share one viewBox width (CHART_WIDTH) and take the full text width of the page; no
 * text is smaller than SMALLEST_FONT, so nothing prints below 8 pt on A4.
 */

export interface ChartText {
  t: Translate;
  lang: Lang;
}

const WIDTH = CHART_WIDTH;
const SMALL = SMALLEST_FONT;
// Names and headings: one step above the smallest size.
const LABEL = 13;
const CHAR_WIDTH = textWidth('x', SMALL);

// Above target / agree: blue; below target / disagree: orange and hatched (ColorBrewer PuOr-like, colour-blind safe).
const ABOVE = '#2166ac';
const BELOW = '#d6604d';
const BELOW_STROKE = '#8c2d04';
const TARGET = '#000000';
// A change within noise: neither colour of a verdict, light enough to read as "nothing to report" in greyscale.
const NEUTRAL = '#c3c8ce';
const SUPPRESSED_BASE = '#eceff2';
const SUPPRESSED_STROKE = '#8a929b';
const BAND = '#f3f5f7';

/**
 * Heatmap classes of gap = group mean − the dimension's target, ColorBrewer RdBu with 7 classes
 * (colour-blind safe): darkest red far below the target, near white at it, darkest blue far above.
 */
export const GAP_FILLS = ['#b2182b', '#ef8a62', '#fddbc7', '#f7f7f7', '#d1e5f0', '#67a9cf', '#2166ac'] as const;
// Class bounds on a 1–5 scale; scaled with the width of other scales (a quarter of max − min is 1.00 on 1–5).
const GAP_BOUNDS = [0.1, 0.5, 1];
const DARK_FILLS = new Set<string>([GAP_FILLS[0], GAP_FILLS[6], ABOVE, '#542788', '#2d004b', '#b35806', '#7f3b08']);

function inkOn(fill: string): string {
  return DARK_FILLS.has(fill) ? '#ffffff' : INK;
}

/** A symmetric axis for signed values: a round step, and a limit that is a whole number of steps (at least 0.5). */
function signedAxis(values: readonly number[]): { limit: number; step: number } {
  const largest = Math.max(0, ...values.map(Math.abs));
  const step = largest <= 1 ? 0.25 : largest <= 2.5 ? 0.5 : 1;
  const limit = Math.max(0.5, Math.ceil(largest / step - 1e-9) * step);
  return { limit, step };
}

/** Characters of SMALL text that fit in a width (the estimate of textWidth). */
function charsIn(width: number, size = SMALL): number {
  return Math.max(8, Math.floor(width / textWidth('x', size)));
}

interface LegendEntry {
  /** Draws the key glyph in the 14 × 12 box whose bottom-left corner is (x, y + 2). */
  glyph: (x: number, y: number) => string;
  label: string;
}

const swatchGlyph = (fill: string) => (x: number, y: number) => element('rect', { x, y: y - 10, width: 14, height: 12, fill, stroke: INK, 'stroke-width': 0.5 });

/** Legend entries laid out left to right, wrapping to a new line when the width is used up. */
function legend(entries: LegendEntry[], top: number, left = 0, right = WIDTH): { svg: string; bottom: number } {
  let x = left;
  let y = top + 13;
  let svg = '';
  for (const entry of entries) {
    const width = 20 + textWidth(entry.label, SMALL) + 18;
    if (x > left && x + width > right) {
      x = left;
      y += 20;
    }
    svg += entry.glyph(x, y) + text(x + 20, y, entry.label, { size: SMALL });
    x += width;
  }
  return { svg, bottom: y + 8 };
}

// ——— Perspectives (or dimensions) against target, with their intervals ———

type IntervalRow = Pick<PerspectiveResult | DimensionResult, 'name' | 'mean' | 'target' | 'gap' | 'ci95_low' | 'ci95_high' | 'target_status'>;

/**
 * The mean's marker says the target status by its shape, so the status reads without colour:
 * pointing up at or above the target, down below it, a diamond when the interval contains it,
 * a hollow square when there is no interval (n < 2).
 */
function statusMarker(status: TargetStatus | null, x: number, y: number): string {
  const r = 7;
  if (status === 'at_or_above_target') return element('path', { d: `M${x} ${y - r - 1}L${x + r + 1} ${y + r - 1}L${x - r - 1} ${y + r - 1}Z`, fill: ABOVE, stroke: '#ffffff', 'stroke-width': 1.5 });
  if (status === 'below_target') return element('path', { d: `M${x} ${y + r + 1}L${x + r + 1} ${y - r + 1}L${x - r - 1} ${y - r + 1}Z`, fill: BELOW, stroke: BELOW_STROKE, 'stroke-width': 1.5 });
  if (status === 'near_target') return element('path', { d: `M${x} ${y - r - 1}L${x + r + 1} ${y}L${x} ${y + r + 1}L${x - r - 1} ${y}Z`, fill: '#ffffff', stroke: INK, 'stroke-width': 2 });
  return element('rect', { x: x - r + 1, y: y - r + 1, width: 2 * r - 2, height: 2 * r - 2, fill: '#ffffff', stroke: MUTED, 'stroke-width': 2 });
}

function targetMark(x: number, y: number, halfHeight: number): string {
  // A white edge keeps the mark apart from a whisker that runs through it.
  return element('rect', { x: x - 2.5, y: y - halfHeight, width: 5, height: 2 * halfHeight, fill: TARGET, stroke: '#ffffff', 'stroke-width': 1, class: 'target' });
}

export interface PerspectiveChartOptions {
  /** The four perspectives (the default), or every dimension of the instrument. */
  level?: 'perspectives' | 'dimensions';
}

/**
 * Each perspective's mean with its 95 % confidence interval against its target, the target
 * status in words beside it, on the instrument's scale from min to max. Compact enough for the
 * first page of the executive summary; with level 'dimensions' the same for every dimension.
 */
export function perspectiveChart(report: RoundReport, { t, lang }: ChartText, options: PerspectiveChartOptions = {}): string {
  const rows: IntervalRow[] = options.level === 'dimensions' ? report.dimensions : report.perspectives;
  const { min, max } = report.scale;
  const labelRight = 196;
  const plotLeft = 214;
  const plotRight = 534;
  const statusLeft = 552;
  const x = (value: number) => plotLeft + ((value - min) / (max - min)) * (plotRight - plotLeft);

  const top = legend(
    [
      { glyph: (gx, gy) => statusMarker('at_or_above_target', gx + 7, gy - 4), label: t('report.target_status.at_or_above_target') },
      { glyph: (gx, gy) => statusMarker('near_target', gx + 7, gy - 4), label: t('report.target_status.near_target') },
      { glyph: (gx, gy) => statusMarker('below_target', gx + 7, gy - 4), label: t('report.target_status.below_target') },
      { glyph: (gx, gy) => whisker(gx - 2, gx + 16, gy - 4, null), label: t('report.chart.interval') },
      { glyph: (gx, gy) => targetMark(gx + 7, gy - 4, 8), label: t('report.chart.target') },
    ],
    0,
  );
  let body = top.svg;
  const descriptions: string[] = [];
  let y = top.bottom + 8;
  const plotTop = y;
  for (const row of rows) {
    const lines = wrapText(row.name, charsIn(labelRight, LABEL) - 1, 2);
    const height = Math.max(lines.length * 16, 32) + 12;
    const middle = y + height / 2;
    const firstBaseline = middle - ((lines.length - 1) * 16) / 2 + 4.5;
    lines.forEach((line, index) => {
      body += text(0, firstBaseline + index * 16, line, { size: LABEL, weight: 'bold' });
    });
    body += element('rect', { x: plotLeft, y: middle - 12, width: plotRight - plotLeft, height: 24, fill: BAND });
    for (let value = min; value <= max; value += 1) {
      body += element('line', { x1: x(value), y1: middle - 12, x2: x(value), y2: middle + 12, stroke: GRID, 'stroke-width': 1 });
    }
    body += targetMark(x(row.target), middle, 15);
    if (row.mean === null) {
      body += text(plotLeft + 8, middle + 4.5, t('report.no_answers'), { size: SMALL, fill: MUTED });
      body += text(statusLeft, middle + 4.5, t('report.no_answers'), { size: SMALL, fill: MUTED });
      descriptions.push(`${row.name}: ${t('report.no_answers')}`);
    } else {
      // An interval of few answers can reach past the scale; it is cut at the scale's end, without a cap there.
      if (row.ci95_low !== null && row.ci95_high !== null) body += whisker(x(Math.max(min, row.ci95_low)), x(Math.min(max, row.ci95_high)), middle, 'whisker', row.ci95_low >= min, row.ci95_high <= max);
      body += statusMarker(row.target_status, x(row.mean), middle);
      const status = row.target_status === null ? t('report.null.fewer than 2 answers') : t(`report.target_status.${row.target_status}`);
      body += text(statusLeft, middle - 2, status, { size: LABEL, weight: row.target_status === 'below_target' ? 'bold' : 'normal' });
      body += text(statusLeft, middle + 14, `${formatDecimal(row.mean, lang)} · ${t('report.gap')} ${formatSigned(row.gap, lang)}`, { size: SMALL, fill: MUTED });
      const interval = row.ci95_low === null || row.ci95_high === null ? '' : `, ${t('report.chart.interval_alt', { low: formatDecimal(row.ci95_low, lang), high: formatDecimal(row.ci95_high, lang) })}`;
      descriptions.push(
        `${t('report.chart.perspective_alt', { name: row.name, mean: formatDecimal(row.mean, lang), target: formatDecimal(row.target, lang), gap: formatSigned(row.gap, lang) })}${interval}: ${status}`,
      );
    }
    y += height;
  }
  body += element('line', { x1: plotLeft, y1: plotTop, x2: plotLeft, y2: y, stroke: GRID, 'stroke-width': 1 });
  body += axis(y + 2, plotLeft, plotRight, min, max, x, lang);
  const title = t(options.level === 'dimensions' ? 'report.chart.dimensions_title' : 'report.chart.perspectives_title');
  return svgDocument(WIDTH, y + 26, title, descriptions.join('; '), body);
}

/** A 95 % interval: a line with end caps (an end cut at the edge of the scale has none). */
function whisker(x1: number, x2: number, y: number, role: string | null = 'whisker', capLow = true, capHigh = true): string {
  const ends = [...(capLow ? [x1] : []), ...(capHigh ? [x2] : [])];
  const caps = ends.map((xCap) => element('line', { x1: xCap, y1: y - 6, x2: xCap, y2: y + 6, stroke: INK, 'stroke-width': 2 })).join('');
  return element('line', { x1, y1: y, x2, y2: y, stroke: INK, 'stroke-width': 2, class: role }) + caps;
}

/** An axis line with a tick and a number at every scale point. */
function axis(y: number, left: number, right: number, min: number, max: number, x: (value: number) => number, lang: Lang): string {
  let svg = element('line', { x1: left, y1: y, x2: right, y2: y, stroke: INK, 'stroke-width': 1 });
  for (let value = min; value <= max; value += 1) {
    svg += element('line', { x1: x(value), y1: y, x2: x(value), y2: y + 4, stroke: INK, 'stroke-width': 1 });
    svg += text(x(value), y + 18, formatDecimal(value, lang, 0), { size: SMALL, anchor: 'middle', fill: MUTED });
  }
  return svg;
}

// ——— Signed bars: gaps and changes ———

interface SignedRow {
  label: string;
  value: number | null;
  /** How the bar is drawn; by default from the sign of the value. */
  tone?: 'negative' | 'positive' | 'neutral';
  /** Shown at the right end of the row. */
  valueText: string;
  /** Shown instead of a bar when value is null. */
  missingText: string;
  /** A line of small print under the bar. */
  note?: string;
  alt: string;
}

/**
 * Horizontal bars from a zero line, negative to the left (hatched), positive to the right, each
 * beside its label. Used for gaps to target and for the change since an earlier round.
 */
function divergingBars(idPrefix: string, title: string, rows: SignedRow[], legendEntries: { negative: string; positive: string; neutral?: string }, lang: Lang): string {
  const labelRight = 330;
  const plotLeft = 346;
  const plotRight = 610;
  const valueLeft = plotRight + 8;
  const zero = (plotLeft + plotRight) / 2;
  const { limit, step } = signedAxis(rows.flatMap((row) => (row.value === null ? [] : [row.value])));
  const x = (value: number) => zero + (value / limit) * ((plotRight - plotLeft) / 2);
  const hatch = `${idPrefix}-below`;
  const defs = hatchPattern(hatch, BELOW, BELOW_STROKE);

  const top = legend(
    [
      { glyph: swatchGlyph(`url(#${hatch})`), label: legendEntries.negative },
      { glyph: swatchGlyph(ABOVE), label: legendEntries.positive },
      ...(legendEntries.neutral === undefined ? [] : [{ glyph: swatchGlyph(NEUTRAL), label: legendEntries.neutral }]),
    ],
    0,
  );
  let body = '';
  let y = top.bottom + 10;
  const barTops: number[] = [];
  for (const row of rows) {
    const lines = wrapText(row.label, charsIn(labelRight, LABEL), 2);
    lines.forEach((line, index) => {
      body += text(0, y + 13 + index * 16, line, { size: LABEL });
    });
    const barTop = y + 1;
    barTops.push(barTop);
    if (row.value === null) {
      body += text(zero + 6, barTop + 13, row.missingText, { size: SMALL, fill: MUTED });
    } else {
      const end = x(row.value);
      const left = Math.min(zero, end);
      const width = Math.max(Math.abs(end - zero), 1);
      const tone = row.tone ?? (row.value < 0 ? 'negative' : 'positive');
      const fill = tone === 'negative' ? `url(#${hatch})` : tone === 'positive' ? ABOVE : NEUTRAL;
      const stroke = tone === 'negative' ? BELOW_STROKE : tone === 'neutral' ? MUTED : null;
      body += element('rect', { x: left, y: barTop, width, height: 16, fill, stroke, 'stroke-width': stroke === null ? null : 0.75 });
      body += text(valueLeft, barTop + 13, row.valueText, { size: SMALL, weight: 'bold' });
    }
    let rowBottom = Math.max(y + lines.length * 16 + 2, barTop + 20);
    if (row.note) {
      const noteLines = wrapText(row.note, charsIn(WIDTH - plotLeft), 2);
      noteLines.forEach((line, index) => {
        body += text(plotLeft, barTop + 32 + index * 15, line, { size: SMALL, fill: MUTED });
      });
      rowBottom = Math.max(rowBottom, barTop + 22 + noteLines.length * 15);
    }
    y = rowBottom + 10;
  }
  const plotBottom = y;
  // Grid lines behind the bars only, so they never cross a label.
  let grid = '';
  // Tick labels need about 48 units each; when the ticks are closer, every other one is labelled, always 0.
  const ticksPerSide = Math.round(limit / step);
  const labelEvery = (plotRight - plotLeft) / (2 * ticksPerSide) < 48 ? 2 : 1;
  for (let index = -ticksPerSide; index <= ticksPerSide; index += 1) {
    const value = index === 0 ? 0 : index * step;
    for (const barTop of barTops) {
      grid += element('line', { x1: x(value), y1: barTop - 3, x2: x(value), y2: barTop + 19, stroke: value === 0 ? INK : GRID, 'stroke-width': value === 0 ? 1.5 : 1 });
    }
    if (index % labelEvery === 0) grid += text(x(value), plotBottom + 8, formatSigned(value, lang), { size: SMALL, anchor: 'middle', fill: MUTED });
  }
  // Grid first, so bars and labels are drawn over it.
  return svgDocument(WIDTH, plotBottom + 16, title, rows.map((row) => row.alt).join('; '), top.svg + grid + body, defs);
}

/** Every dimension's gap to its target, largest shortfall first; dimensions without answers last. */
export function gapChart(report: RoundReport, { t, lang }: ChartText): string {
  const ranked = [...report.priorities, ...[...report.strengths].reverse()];
  const rankedCodes = new Set(ranked.map((dimension) => dimension.code));
  const rows: SignedRow[] = ranked.map((dimension) => ({
    label: dimension.name,
    value: dimension.gap,
    valueText: `${formatSigned(dimension.gap, lang)} (${formatDecimal(dimension.mean, lang)})`,
    missingText: '',
    alt: t('report.chart.gap_alt', { name: dimension.name, mean: formatDecimal(dimension.mean, lang), target: formatDecimal(dimension.target, lang), gap: formatSigned(dimension.gap, lang) }),
  }));
  for (const dimension of report.dimensions) {
    if (rankedCodes.has(dimension.code)) continue;
    rows.push({ label: dimension.name, value: null, valueText: '', missingText: t('report.no_answers'), alt: `${dimension.name}: ${t('report.no_answers')}` });
  }
  return divergingBars('gaps', t('report.chart.gaps_title'), rows, { negative: t('report.chart.below_target'), positive: t('report.chart.at_or_above_target') }, lang);
}

/**
 * Change of every dimension's mean since the compared round; null when no comparison was asked
 * for. Only a significant change is drawn as a rise or a fall; the rest are grey, whatever their sign.
 */
export function changeChart(report: RoundReport, { t, lang }: ChartText): string | null {
  if (report.comparison === null) return null;
  const rows: SignedRow[] = report.comparison.dimensions.map((row) => {
    const reason = row.test_null_reason === null ? '' : t(`report.compare_null.${row.test_null_reason}`);
    // The verdict with the figures it rests on, or why there is none.
    const reading = row.direction === null ? [reason] : [t(`report.direction.${row.direction}`), formatPClause(row.p_value, lang), `d = ${formatSigned(row.cohens_d, lang)}`];
    return {
      label: row.name,
      value: row.change,
      tone: row.direction === 'rise' ? 'positive' : row.direction === 'fall' ? 'negative' : 'neutral',
      valueText: formatSigned(row.change, lang),
      missingText: reason,
      note: row.change === null ? undefined : reading.join(' · '),
      alt:
        row.change === null
          ? `${row.name}: ${reason}`
          : t('report.chart.change_alt', {
              name: row.name,
              previous: formatDecimal(row.previous_mean, lang),
              current: formatDecimal(row.current_mean, lang),
              change: formatSigned(row.change, lang),
              verdict: reading.join(', '),
            }),
    };
  });
  return divergingBars(
    'change',
    t('report.chart.change_title', { round: report.comparison.round.name }),
    rows,
    { negative: t('report.chart.fall'), positive: t('report.chart.rise'), neutral: t('report.chart.unchanged') },
    lang,
  );
}

// ——— Answers per item ———

interface Segment {
  value: number;
  fill: string;
  /** Hatched segments (disagreement) keep apart from agreement in greyscale. */
  hatched: boolean;
}

/**
 * Fills per scale point: disagreement (below the midpoint) orange and hatched, agreement purple,
 * the midpoint of an odd scale grey; the further from the middle, the darker.
 */
function scaleSegments(min: number, max: number): Segment[] {
  const middle = (min + max) / 2;
  const disagree = ['#fdb863', '#e08214', '#b35806', '#7f3b08'];
  const agree = ['#b2abd2', '#8073ac', '#542788', '#2d004b'];
  const segments: Segment[] = [];
  for (let value = min; value <= max; value += 1) {
    const distance = Math.ceil(Math.abs(value - middle)) - 1;
    if (value === middle) segments.push({ value, fill: '#d9d9d9', hatched: false });
    else if (value < middle) segments.push({ value, fill: disagree[Math.min(distance, disagree.length - 1)], hatched: true });
    else segments.push({ value, fill: agree[Math.min(distance, agree.length - 1)], hatched: false });
  }
  return segments;
}

export interface ItemChartOptions {
  /**
   * Item code → full statement in the report's language (the instrument's item texts; the JSON
   * report carries codes only). Without it, or for a code it lacks, the row shows the code alone.
   */
  texts?: ReadonlyMap<string, string>;
  /** false: no legend of the scale's answers (it stands on the first of several charts that follow each other). */
  legend?: boolean;
  /** Only the items of this dimension (a chart per dimension, for long perspectives). */
  dimension?: string;
}

// The label column takes a little over half the width, so that statements of the default
// instrument (up to about 110 characters) fit in three lines; the bars keep the rest.
const ITEM_LABEL_RIGHT = 392;
const ITEM_PLOT_LEFT = 424;
const ITEM_PLOT_RIGHT = 684;
const ITEM_CENTRE = (ITEM_PLOT_LEFT + ITEM_PLOT_RIGHT) / 2;

/**
 * The standard Likert chart: one bar per item, disagreement to the left of the centre line,
 * agreement to the right, the neutral point split across the centre. Rows are labelled with the
 * full statement (code small beside it) and grouped under their dimension's name. Shares are of
 * the item's answers (n), from its distribution in the report.
 */
export function itemChart(report: RoundReport, perspectiveCode: string, scaleLabels: readonly string[], { t, lang }: ChartText, options: ItemChartOptions = {}): string {
  const { min, max } = report.scale;
  const middle = (min + max) / 2;
  const dimensions = report.dimensions.filter((dimension) => dimension.perspective === perspectiveCode && (options.dimension === undefined || dimension.code === options.dimension));
  const groups = dimensions.map((dimension) => ({ dimension, items: report.items.filter((item) => item.dimension === dimension.code) })).filter((group) => group.items.length > 0);
  const segments = scaleSegments(min, max);
  const idPrefix = `items-${`${perspectiveCode}${options.dimension === undefined ? '' : `-${options.dimension}`}`.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  const defs = segments
    .filter((segment) => segment.hatched)
    .map((segment) => hatchPattern(`${idPrefix}-${segment.value}`, segment.fill, '#ffffff'))
    .join('');
  const fillOf = (segment: Segment) => (segment.hatched ? `url(#${idPrefix}-${segment.value})` : segment.fill);

  const centre = ITEM_CENTRE;
  const perPercent = (ITEM_PLOT_RIGHT - ITEM_PLOT_LEFT) / 200;
  const codeWidth = Math.min(96, Math.max(48, ...groups.flatMap((group) => group.items.map((item) => textWidth(item.code, SMALL) + 10))));
  const statementChars = charsIn(ITEM_LABEL_RIGHT - codeWidth);
  const top =
    options.legend === false
      ? { svg: '', bottom: -10 }
      : legend(
          segments.map((segment, index) => ({ glyph: swatchGlyph(fillOf(segment)), label: scaleLabels[index] ?? String(segment.value) })),
          0,
        );
  let rows = '';
  const rowsTop = top.bottom + 10;
  let y = rowsTop;
  const descriptions: string[] = [];
  for (const { dimension, items } of groups) {
    // The dimension as a sub-heading row, with a rule across the chart.
    rows += element('line', { x1: 0, y1: y + 0.5, x2: WIDTH, y2: y + 0.5, stroke: GRID, 'stroke-width': 1 });
    const heading = wrapText(dimension.name, charsIn(WIDTH - 90, LABEL), 1)[0];
    rows += text(0, y + 17, heading, { size: LABEL, weight: 'bold' });
    rows += text(WIDTH, y + 17, dimension.code, { size: SMALL, anchor: 'end', fill: MUTED });
    y += 24;
    for (const item of items) {
      const statement = options.texts?.get(item.code);
      const lines = statement === undefined || statement === '' ? [] : wrapText(statement, statementChars, 3);
      // Tight rows: the longest perspective of the default instrument (21 items) stays under 1,000
      // units, so that it fits one printed page with its caption at 8 pt or more.
      const height = Math.max(lines.length * 13.5 + 8, 24);
      const barTop = y + height / 2 - 9;
      const baseline = y + 4 + 10.5;
      rows += text(0, baseline, item.code, { size: SMALL, fill: lines.length === 0 ? INK : MUTED });
      lines.forEach((line, index) => {
        rows += text(codeWidth, baseline + index * 13.5, line, { size: SMALL });
      });
      const label = statement ? `${item.code} ${statement}` : item.code;
      y += height;
      if (item.n === 0) {
        rows += text(centre + 6, barTop + 13, t('report.no_answers'), { size: SMALL, fill: MUTED });
        descriptions.push(`${label}: ${t('report.no_answers')}`);
        continue;
      }
      const shares = segments.map((segment) => ((item.distribution[String(segment.value)] ?? 0) / item.n) * 100);
      const leftShare = segments.reduce((sum, segment, s) => sum + (segment.value < middle ? shares[s] : segment.value === middle ? shares[s] / 2 : 0), 0);
      let cursor = centre - leftShare * perPercent;
      const barLeft = cursor;
      segments.forEach((segment, s) => {
        const width = shares[s] * perPercent;
        if (width <= 0) return;
        rows += elementWithMarkup('rect', { x: cursor, y: barTop, width, height: 18, fill: fillOf(segment) }, element('title', {}, `${item.code} · ${scaleLabels[s] ?? segment.value}: ${formatPercent(shares[s], lang)}`));
        if (width >= 22) {
          // On hatched segments the number sits on a white box so it stays legible.
          if (segment.hatched) rows += element('rect', { x: cursor + width / 2 - 11, y: barTop + 2, width: 22, height: 14, fill: '#ffffff', opacity: 0.85 });
          rows += text(cursor + width / 2, barTop + 13.5, formatDecimal(shares[s], lang, 0), { size: SMALL, anchor: 'middle', fill: segment.hatched ? INK : inkOn(segment.fill) });
        }
        cursor += width;
      });
      rows += text(barLeft - 4, barTop + 13.5, formatPercent(item.unfavorable_pct, lang, 0), { size: SMALL, anchor: 'end', fill: MUTED });
      rows += text(cursor + 4, barTop + 13.5, formatPercent(item.favorable_pct, lang, 0), { size: SMALL, weight: 'bold' });
      descriptions.push(
        t('report.chart.item_alt', {
          code: label,
          favorable: formatPercent(item.favorable_pct, lang),
          unfavorable: formatPercent(item.unfavorable_pct, lang),
          n: item.n,
        }),
      );
    }
  }
  const plotBottom = y;
  // Grid lines first, so bars and labels are drawn over them; they stay in the plot column.
  let grid = '';
  for (const tick of [-100, -50, 0, 50, 100]) {
    const xTick = centre + tick * perPercent;
    grid += element('line', { x1: xTick, y1: rowsTop + 24, x2: xTick, y2: plotBottom + 2, stroke: tick === 0 ? INK : GRID, 'stroke-width': tick === 0 ? 1.5 : 1 });
    grid += text(xTick, plotBottom + 17, formatPercent(Math.abs(tick), lang, 0), { size: SMALL, anchor: 'middle', fill: MUTED });
  }
  grid += text(centre - 6, plotBottom + 33, `← ${t('report.chart.disagree')}`, { size: SMALL, anchor: 'end', fill: MUTED });
  grid += text(centre + 6, plotBottom + 33, `${t('report.chart.agree')} →`, { size: SMALL, fill: MUTED });
  const perspectiveName = report.perspectives.find((p) => p.code === perspectiveCode)?.name ?? perspectiveCode;
  const title = t('report.chart.items_title', { perspective: options.dimension === undefined ? perspectiveName : (dimensions[0]?.name ?? options.dimension) });
  return svgDocument(WIDTH, plotBottom + 42, title, descriptions.join('; '), top.svg + grid + rows, defs);
}

// ——— Groups × dimensions ———

/**
 * The heatmap class (0 = far below the target … 3 = at it … 6 = far above) of a group mean
 * against the dimension's own target. The gap is taken from the mean as printed (2 decimals), so
 * the colour never contradicts the number in the cell; a bound belongs to the class further from
 * the target (−0.10 is already "below").
 */
export function gapClass(mean: number, target: number, scale: { min: number; max: number }): number {
  const gap = shownGap(mean, target);
  const unit = (scale.max - scale.min) / 4;
  const distance = Math.abs(gap);
  let steps = 0;
  for (const bound of GAP_BOUNDS) if (distance >= bound * unit - 1e-9) steps += 1;
  return gap < 0 ? 3 - steps : 3 + steps;
}

/** mean (rounded as printed) − target, without the binary noise of the subtraction (3.90 − 4 is −0.1, not −0.10000000000000009). */
export function shownGap(mean: number, target: number): number {
  return Math.round((Math.round(mean * 100) / 100 - target) * 1e9) / 1e9;
}

function belowMarker(x: number, y: number, fill: string): string {
  return element('path', { d: `M${x} ${y + 4}L${x + 4.5} ${y - 4}L${x - 4.5} ${y - 4}Z`, fill, class: 'below-target' });
}

/**
 * Mean per group and dimension, coloured by its distance to the dimension's target on a
 * diverging scale centred on the target, the mean written in each cell; below-target cells also
 * carry a ▼ and a bold number, so they stand out in greyscale. A suppressed group is one hatched
 * band that says so and a suppressed cell a hatched cell with a cross: neither ever shows a
 * number, and neither looks like a low score. Columns are headed by dimension codes (the key of
 * codes to names is printed with the report; every cell's tooltip names its dimension).
 */
export function heatmapChart(report: RoundReport, breakdown: GroupBreakdown, { t, lang }: ChartText): string {
  const dimensions = report.dimensions;
  const labelWidth = 160;
  const cellWidth = Math.max(54, (WIDTH - labelWidth) / Math.max(dimensions.length, 1));
  const width = Math.max(WIDTH, labelWidth + dimensions.length * cellWidth);
  const hatch = `heatmap-${breakdown.by}-suppressed`;
  const defs = hatchPattern(hatch, SUPPRESSED_BASE, SUPPRESSED_STROKE);
  const unit = (report.scale.max - report.scale.min) / 4;

  // Legend: the scale of gaps, from below to above target, with the class bounds under the edges.
  let body = text(0, 14, t('report.chart.heatmap_scale'), { size: SMALL, fill: MUTED });
  const belowLabel = t('report.target_status.below_target');
  const aboveLabel = t('report.chart.above_target');
  const boxWidth = 64;
  const rampLeft = textWidth(belowLabel, SMALL) + 12;
  const rampTop = 24;
  body += text(rampLeft - 8, rampTop + 13, belowLabel, { size: SMALL, anchor: 'end' });
  GAP_FILLS.forEach((fill, index) => {
    body += element('rect', { x: rampLeft + index * boxWidth, y: rampTop, width: boxWidth, height: 18, fill, stroke: GRID, 'stroke-width': 0.75 });
  });
  body += text(rampLeft + 3.5 * boxWidth, rampTop + 13, t('report.chart.target'), { size: SMALL, anchor: 'middle' });
  body += text(rampLeft + 7 * boxWidth + 8, rampTop + 13, aboveLabel, { size: SMALL });
  const bounds = [...GAP_BOUNDS].reverse().map((bound) => -bound * unit).concat(GAP_BOUNDS.map((bound) => bound * unit));
  bounds.forEach((bound, index) => {
    const xEdge = rampLeft + (index + 1) * boxWidth;
    body += element('line', { x1: xEdge, y1: rampTop + 18, x2: xEdge, y2: rampTop + 23, stroke: INK, 'stroke-width': 1 });
    body += text(xEdge, rampTop + 36, formatSigned(bound, lang), { size: SMALL, anchor: 'middle', fill: MUTED });
  });
  const keyTop = rampTop + 46;
  const key = legend(
    [
      { glyph: (gx, gy) => belowMarker(gx + 7, gy - 4, INK), label: t('report.chart.below_target') },
      { glyph: swatchGlyph(`url(#${hatch})`), label: `× ${t('report.suppressed_legend')}` },
    ],
    keyTop,
    0,
    width,
  );
  body += key.svg;

  // Bold text is wider than textWidth's estimate; a code too wide for its column breaks after its hyphens.
  const boldWidth = (content: string) => textWidth(content, SMALL) * 1.15;
  const headerLines = dimensions.map((dimension) => (boldWidth(dimension.code) > cellWidth - 6 ? dimension.code.split(/(?<=[-_.])/) : [dimension.code]));
  const headerHeight = Math.max(1, ...headerLines.map((lines) => lines.length)) * 14;
  const headerTop = key.bottom + 14;
  dimensions.forEach((dimension, d) => {
    const lines = headerLines[d];
    const cx = labelWidth + d * cellWidth + cellWidth / 2 - 1;
    lines.forEach((line, index) => {
      // The code's tooltip names the dimension.
      body += elementWithMarkup('g', {}, element('title', {}, dimension.name) + text(cx, headerTop + headerHeight - (lines.length - 1 - index) * 14, line, { size: SMALL, anchor: 'middle', weight: 'bold' }));
    });
  });
  let y = headerTop + headerHeight + 6;
  const descriptions: string[] = [];
  for (const row of breakdown.rows) {
    const name = row.group ?? t('report.group_unknown');
    const nameLines = wrapText(name, charsIn(labelWidth - 6), 2);
    const height = Math.max(38, (nameLines.length + (row.suppressed ? 0 : 1)) * 14 + 10);
    nameLines.forEach((line, index) => {
      body += text(0, y + 16 + index * 14, line, { size: SMALL });
    });
    // A suppressed group's size is hidden too (as on the status page): with the total it would
    // give away the size of the small group it covers.
    if (!row.suppressed) body += text(0, y + 16 + nameLines.length * 14, `n = ${row.n}`, { size: SMALL, fill: MUTED });
    const middle = y + height / 2;
    if (row.suppressed) {
      const bandWidth = dimensions.length * cellWidth - 2;
      body += element('rect', { x: labelWidth, y: y + 1, width: bandWidth, height: height - 2, fill: `url(#${hatch})`, stroke: '#ffffff' });
      // The label sits at the start of the band, visible without scrolling on a phone.
      const label = t('report.group_suppressed_band');
      body += element('rect', { x: labelWidth + 6, y: middle - 10, width: textWidth(label, SMALL) + 12, height: 20, fill: '#ffffff' });
      body += text(labelWidth + 12, middle + 4.5, label, { size: SMALL });
      descriptions.push(`${name}: ${t('report.group_suppressed_band')}`);
      y += height;
      continue;
    }
    const cells: string[] = [];
    dimensions.forEach((dimension, d) => {
      const x = labelWidth + d * cellWidth;
      const cx = x + cellWidth / 2 - 1;
      const mean = row.dimensions[dimension.code] ?? null;
      const reason = row.null_reasons[dimension.code];
      if (mean === null) {
        const suppressed = reason === 'group suppressed' || reason === 'cell suppressed';
        const label = suppressed ? t('common.suppressed') : t('report.no_answers');
        body += elementWithMarkup('rect', { x, y: y + 1, width: cellWidth - 2, height: height - 2, fill: suppressed ? `url(#${hatch})` : '#ffffff', stroke: GRID }, element('title', {}, `${name} · ${dimension.name}: ${label}`));
        if (suppressed) body += element('rect', { x: cx - 8, y: middle - 9, width: 16, height: 17, fill: '#ffffff' });
        body += text(cx, middle + 4.5, suppressed ? '×' : '—', { size: 14, anchor: 'middle', fill: INK });
        cells.push(`${dimension.code} ${label}`);
        return;
      }
      const fill = GAP_FILLS[gapClass(mean, dimension.target, report.scale)];
      const gap = shownGap(mean, dimension.target);
      const below = gap < 0;
      const figures = t('report.chart.cell_alt', { mean: formatDecimal(mean, lang), target: formatDecimal(dimension.target, lang), gap: formatSigned(gap, lang) });
      body += elementWithMarkup('rect', { x, y: y + 1, width: cellWidth - 2, height: height - 2, fill, stroke: GRID, 'stroke-width': 0.75 }, element('title', {}, `${name} · ${dimension.name}: ${figures}`));
      const ink = inkOn(fill);
      if (below) body += belowMarker(cx - 17, middle, ink);
      body += text(below ? cx + 5 : cx, middle + 4.5, formatDecimal(mean, lang), { size: SMALL, anchor: 'middle', fill: ink, weight: below ? 'bold' : 'normal' });
      cells.push(`${dimension.code} ${figures}`);
    });
    descriptions.push(`${name} (n = ${row.n}): ${cells.join(', ')}`);
    y += height;
  }
  const bottom = y + 6;
  const title = t(breakdown.by === 'unit' ? 'report.chart.heatmap_unit_title' : 'report.chart.heatmap_grade_title');
  const description = breakdown.rows.length === 0 ? t('report.no_answers') : descriptions.join('; ');
  return svgDocument(width, bottom, title, description, body, defs);
}
