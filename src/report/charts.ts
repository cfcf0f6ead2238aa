import { categorize, CATEGORY_CODES, type CategoryCode } from '../analysis/category';
import type { GroupBreakdown } from '../analysis/report';
import type { Lang, Translate } from '../i18n';
import type { RoundReport } from './build-report';
import { formatDecimal, formatPClause, formatPercent, formatSigned } from '../i18n/format';
import { standingText } from './standing';
import { element, elementWithMarkup, GRID, hatchPattern, INK, MUTED, svgDocument, text, textWidth, wrapText } from './svg';

/**
 * Charts of the condition report, built from the JSON report and nothing else. Every chart is
 * readable in greyscale: below-target and suppressed areas are hatched, values are written out,
 * and the aria-label carries every figure the chart shows.
 */

export interface ChartText {
  t: Translate;
  lang: Lang;
}

// Narrow enough to stay legible on a 360-px phone; labels sit above the bars, values beside or below.
const WIDTH = 360;
// Above target / agree: blue; below target / disagree: orange and hatched (ColorBrewer PuOr-like, colour-blind safe).
const ABOVE = '#2166ac';
const BELOW = '#d6604d';
const BELOW_STROKE = '#8c2d04';
const TARGET = INK;
// A change within noise: neither colour of a verdict, light enough to read as "nothing to report" in greyscale.
const NEUTRAL = '#c3c8ce';
const SUPPRESSED_BASE = '#eceff2';
const SUPPRESSED_STROKE = '#8a929b';
// Category classes, light to dark: the order alone reads in greyscale.
const CATEGORY_FILLS: Record<CategoryCode, string> = {
  very_low: '#f7fbff',
  low: '#c6dbef',
  medium: '#6baed6',
  high: '#2171b5',
  very_high: '#08306b',
};
const DARK_FILLS = new Set(['#2171b5', '#08306b', ABOVE, '#542788', '#b35806']);

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

function swatch(x: number, y: number, fill: string, label: string): { svg: string; width: number } {
  const svg = element('rect', { x, y: y - 10, width: 14, height: 12, fill, stroke: INK, 'stroke-width': 0.5 }) + text(x + 19, y, label, { size: 12 });
  return { svg, width: 19 + textWidth(label, 12) + 18 };
}

/** Legend entries laid out left to right, wrapping to a new line when the width is used up. */
function legend(entries: { fill: string; label: string }[], top: number, left = 0, right = WIDTH): { svg: string; bottom: number } {
  let x = left;
  let y = top + 12;
  let svg = '';
  for (const entry of entries) {
    const width = 19 + textWidth(entry.label, 12) + 18;
    if (x > left && x + width > right) {
      x = left;
      y += 20;
    }
    const drawn = swatch(x, y, entry.fill, entry.label);
    svg += drawn.svg;
    x += drawn.width;
  }
  return { svg, bottom: y + 8 };
}

/** The four perspectives' means on the scale, each with its target marked. */
export function perspectiveChart(report: RoundReport, { t, lang }: ChartText): string {
  const { min, max } = report.scale;
  const plotLeft = 6;
  const plotRight = WIDTH - 12;
  const x = (value: number) => plotLeft + ((value - min) / (max - min)) * (plotRight - plotLeft);

  const top = legend([{ fill: ABOVE, label: t('report.chart.mean') }], 0, 0, 200);
  let body = top.svg;
  // Target legend: a black bar like the markers.
  body += element('line', { x1: 140, y1: 2, x2: 140, y2: 16, stroke: TARGET, 'stroke-width': 3 }) + text(148, 12, t('report.chart.target'), { size: 12 });

  const rowsTop = top.bottom + 8;
  const rowHeight = 64;
  const descriptions: string[] = [];
  report.perspectives.forEach((perspective, index) => {
    const y = rowsTop + index * rowHeight;
    body += text(0, y + 13, wrapText(perspective.name, 48, 1)[0], { size: 13, weight: 'bold' });
    const barTop = y + 20;
    body += element('rect', { x: plotLeft, y: barTop, width: plotRight - plotLeft, height: 20, fill: '#f3f5f7' });
    for (let value = min; value <= max; value += 1) {
      body += element('line', { x1: x(value), y1: barTop, x2: x(value), y2: barTop + 20, stroke: GRID, 'stroke-width': 1 });
    }
    if (perspective.mean !== null) {
      body += element('rect', { x: plotLeft, y: barTop + 1, width: x(perspective.mean) - plotLeft, height: 18, fill: ABOVE });
    } else {
      body += text(plotLeft + 6, barTop + 15, t('report.no_answers'), { size: 12, fill: MUTED });
    }
    body += element('line', { x1: x(perspective.target), y1: barTop - 4, x2: x(perspective.target), y2: barTop + 24, stroke: TARGET, 'stroke-width': 3 });
    const figures = perspective.mean === null
      ? t('report.no_answers')
      : `${formatDecimal(perspective.mean, lang)} · ${t('report.gap')} ${formatSigned(perspective.gap, lang)} · ${standingText(perspective, t)}`;
    body += text(0, barTop + 36, figures, { size: 12 });
    descriptions.push(
      t('report.chart.perspective_alt', {
        name: perspective.name,
        mean: formatDecimal(perspective.mean, lang),
        target: formatDecimal(perspective.target, lang),
        gap: formatSigned(perspective.gap, lang),
      }),
    );
  });

  const axisY = rowsTop + report.perspectives.length * rowHeight + 2;
  body += axis(axisY, plotLeft, plotRight, min, max, x, lang);
  return svgDocument(WIDTH, axisY + 24, t('report.chart.perspectives_title'), descriptions.join('; '), body);
}

/** An axis line with a tick and a number at every scale point. */
function axis(y: number, left: number, right: number, min: number, max: number, x: (value: number) => number, lang: Lang): string {
  let svg = element('line', { x1: left, y1: y, x2: right, y2: y, stroke: INK, 'stroke-width': 1 });
  for (let value = min; value <= max; value += 1) {
    svg += element('line', { x1: x(value), y1: y, x2: x(value), y2: y + 4, stroke: INK, 'stroke-width': 1 });
    svg += text(x(value), y + 17, formatDecimal(value, lang, 0), { size: 11, anchor: 'middle', fill: MUTED });
  }
  return svg;
}

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
 * under its label. Used for gaps to target and for the change since an earlier round.
 */
function divergingBars(idPrefix: string, title: string, rows: SignedRow[], legendEntries: { negative: string; positive: string; neutral?: string }, lang: Lang): string {
  const plotLeft = 16;
  const plotRight = 266;
  const valueLeft = plotRight + 8;
  const zero = (plotLeft + plotRight) / 2;
  const { limit, step } = signedAxis(rows.flatMap((row) => (row.value === null ? [] : [row.value])));
  const x = (value: number) => zero + (value / limit) * ((plotRight - plotLeft) / 2);
  const hatch = `${idPrefix}-below`;
  const defs = hatchPattern(hatch, BELOW, BELOW_STROKE);

  const top = legend(
    [
      { fill: `url(#${hatch})`, label: legendEntries.negative },
      { fill: ABOVE, label: legendEntries.positive },
      ...(legendEntries.neutral === undefined ? [] : [{ fill: NEUTRAL, label: legendEntries.neutral }]),
    ],
    0,
  );
  let body = '';
  let y = top.bottom + 6;
  const barTops: number[] = [];
  for (const row of rows) {
    const lines = wrapText(row.label, 52, 2);
    lines.forEach((line, index) => {
      body += text(0, y + 12 + index * 14, line, { size: 12 });
    });
    const barTop = y + 4 + lines.length * 14;
    barTops.push(barTop);
    if (row.value === null) {
      body += text(zero + 6, barTop + 13, row.missingText, { size: 11, fill: MUTED });
    } else {
      const end = x(row.value);
      const left = Math.min(zero, end);
      const width = Math.max(Math.abs(end - zero), 1);
      const tone = row.tone ?? (row.value < 0 ? 'negative' : 'positive');
      const fill = tone === 'negative' ? `url(#${hatch})` : tone === 'positive' ? ABOVE : NEUTRAL;
      const stroke = tone === 'negative' ? BELOW_STROKE : tone === 'neutral' ? MUTED : null;
      body += element('rect', { x: left, y: barTop, width, height: 16, fill, stroke, 'stroke-width': stroke === null ? null : 0.75 });
      body += text(valueLeft, barTop + 13, row.valueText, { size: 11, weight: 'bold' });
    }
    y = barTop + 24;
    if (row.note) {
      const lines = wrapText(row.note, 62, 2);
      lines.forEach((line, index) => {
        body += text(0, y + 6 + index * 13, line, { size: 10, fill: MUTED });
      });
      y += lines.length * 13 + 6;
    }
  }
  const plotBottom = y;
  // Grid lines behind the bars only, so they never cross a label.
  let grid = '';
  for (let tick = -limit; tick <= limit + 1e-9; tick += step) {
    const value = Math.abs(tick) < 1e-9 ? 0 : tick;
    for (const barTop of barTops) {
      grid += element('line', { x1: x(value), y1: barTop - 3, x2: x(value), y2: barTop + 19, stroke: value === 0 ? INK : GRID, 'stroke-width': value === 0 ? 1.5 : 1 });
    }
    grid += text(x(value), plotBottom + 10, formatSigned(value, lang), { size: 10, anchor: 'middle', fill: MUTED });
  }
  // Grid first, so bars and labels are drawn over it.
  return svgDocument(WIDTH, plotBottom + 18, title, rows.map((row) => row.alt).join('; '), top.svg + grid + body, defs);
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

interface Segment {
  value: number;
  fill: string;
  /** Hatched segments (disagreement) keep apart from agreement in greyscale. */
  hatched: boolean;
}

/**
 * Fills per scale point: disagreement (below the midpoint) orange and hatched, agreement blue,
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

/**
 * The standard Likert chart: one bar per item, disagreement to the left of the centre line,
 * agreement to the right, the neutral point split across the centre. Shares are of the item's
 * answers (n), from its distribution in the report.
 */
export function itemChart(report: RoundReport, perspectiveCode: string, scaleLabels: readonly string[], { t, lang }: ChartText): string {
  const { min, max } = report.scale;
  const middle = (min + max) / 2;
  const dimensionCodes = new Set(report.dimensions.filter((dimension) => dimension.perspective === perspectiveCode).map((dimension) => dimension.code));
  const items = report.items.filter((item) => dimensionCodes.has(item.dimension));
  const segments = scaleSegments(min, max);
  const idPrefix = `items-${perspectiveCode.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  const defs = segments
    .filter((segment) => segment.hatched)
    .map((segment) => hatchPattern(`${idPrefix}-${segment.value}`, segment.fill, '#ffffff'))
    .join('');
  const fillOf = (segment: Segment) => (segment.hatched ? `url(#${idPrefix}-${segment.value})` : segment.fill);

  const plotLeft = 84;
  const plotRight = 326;
  const centre = (plotLeft + plotRight) / 2;
  const perPercent = (plotRight - plotLeft) / 200;
  const top = legend(
    segments.map((segment, index) => ({ fill: fillOf(segment), label: scaleLabels[index] ?? String(segment.value) })),
    0,
  );
  let body = top.svg;
  const rowsTop = top.bottom + 12;
  const rowHeight = 28;
  const plotBottom = rowsTop + items.length * rowHeight;
  for (const tick of [-100, -50, 0, 50, 100]) {
    const xTick = centre + tick * perPercent;
    body += element('line', { x1: xTick, y1: rowsTop - 4, x2: xTick, y2: plotBottom + 2, stroke: tick === 0 ? INK : GRID, 'stroke-width': tick === 0 ? 1.5 : 1 });
    body += text(xTick, plotBottom + 16, formatPercent(Math.abs(tick), lang, 0), { size: 11, anchor: 'middle', fill: MUTED });
  }
  body += text(centre - 6, plotBottom + 30, `← ${t('report.chart.disagree')}`, { size: 11, anchor: 'end', fill: MUTED });
  body += text(centre + 6, plotBottom + 30, `${t('report.chart.agree')} →`, { size: 11, fill: MUTED });

  const descriptions: string[] = [];
  items.forEach((item, index) => {
    const y = rowsTop + index * rowHeight;
    body += text(0, y + 17, item.code, { size: 11 });
    if (item.n === 0) {
      body += text(centre + 6, y + 17, t('report.no_answers'), { size: 12, fill: MUTED });
      descriptions.push(`${item.code}: ${t('report.no_answers')}`);
      return;
    }
    const shares = segments.map((segment) => ((item.distribution[String(segment.value)] ?? 0) / item.n) * 100);
    const leftShare = segments.reduce((sum, segment, s) => sum + (segment.value < middle ? shares[s] : segment.value === middle ? shares[s] / 2 : 0), 0);
    let cursor = centre - leftShare * perPercent;
    const barLeft = cursor;
    segments.forEach((segment, s) => {
      const width = shares[s] * perPercent;
      if (width <= 0) return;
      body += elementWithMarkup('rect', { x: cursor, y: y + 4, width, height: 18, fill: fillOf(segment) }, element('title', {}, `${scaleLabels[s] ?? segment.value}: ${formatPercent(shares[s], lang)}`));
      if (width >= 20) {
        // On hatched segments the number sits on a white box so it stays legible.
        if (segment.hatched) body += element('rect', { x: cursor + width / 2 - 11, y: y + 6, width: 22, height: 14, fill: '#ffffff', opacity: 0.85 });
        body += text(cursor + width / 2, y + 17, formatDecimal(shares[s], lang, 0), { size: 10, anchor: 'middle', fill: segment.hatched ? INK : inkOn(segment.fill) });
      }
      cursor += width;
    });
    body += text(barLeft - 4, y + 17, formatPercent(item.unfavorable_pct, lang, 0), { size: 11, anchor: 'end', fill: MUTED });
    body += text(cursor + 4, y + 17, formatPercent(item.favorable_pct, lang, 0), { size: 11, weight: 'bold' });
    descriptions.push(
      t('report.chart.item_alt', {
        code: item.code,
        favorable: formatPercent(item.favorable_pct, lang),
        unfavorable: formatPercent(item.unfavorable_pct, lang),
        n: item.n,
      }),
    );
  });
  const title = t('report.chart.items_title', { perspective: report.perspectives.find((p) => p.code === perspectiveCode)?.name ?? perspectiveCode });
  return svgDocument(WIDTH, plotBottom + 38, title, descriptions.join('; '), body, defs);
}

/**
 * Mean per group and dimension, shaded by category. A suppressed group is one hatched band that
 * says so and a suppressed cell a hatched cell with a cross: neither ever shows a number, and
 * neither looks like a low score.
 */
export function heatmapChart(report: RoundReport, breakdown: GroupBreakdown, { t, lang }: ChartText): string {
  const dimensions = report.dimensions;
  const labelWidth = 190;
  const cellWidth = 60;
  const cellHeight = 34;
  const width = Math.max(WIDTH, labelWidth + dimensions.length * cellWidth + 4);
  const hatch = `heatmap-${breakdown.by}-suppressed`;
  const defs = hatchPattern(hatch, SUPPRESSED_BASE, SUPPRESSED_STROKE);
  const boundary = report.thresholds.category_boundary;

  const top = legend(
    [
      ...CATEGORY_CODES.map((code) => ({ fill: CATEGORY_FILLS[code], label: t(`report.category.${code}`) })),
      { fill: `url(#${hatch})`, label: t('report.suppressed_legend') },
    ],
    0,
    0,
    width,
  );
  let body = top.svg;
  const headerY = top.bottom + 22;
  dimensions.forEach((dimension, d) => {
    body += text(labelWidth + d * cellWidth + cellWidth / 2, headerY, dimension.code, { size: 10, anchor: 'middle', weight: 'bold' });
  });
  const rowsTop = headerY + 8;
  const descriptions: string[] = [];
  breakdown.rows.forEach((row, r) => {
    const y = rowsTop + r * cellHeight;
    const name = row.group ?? t('report.group_unknown');
    body += text(0, y + 15, wrapText(name, 27, 1)[0], { size: 12 });
    // A suppressed group's size is hidden too (as on the status page): with the total it would
    // give away the size of the small group it covers.
    if (!row.suppressed) body += text(0, y + 29, `n = ${row.n}`, { size: 10, fill: MUTED });
    if (row.suppressed) {
      const bandWidth = dimensions.length * cellWidth;
      body += element('rect', { x: labelWidth, y: y + 1, width: bandWidth, height: cellHeight - 2, fill: `url(#${hatch})`, stroke: '#ffffff' });
      // The label sits at the start of the band, visible without scrolling on a phone.
      const label = t('report.group_suppressed_band');
      body += element('rect', { x: labelWidth + 6, y: y + 8, width: textWidth(label, 11) + 12, height: 18, fill: '#ffffff' });
      body += text(labelWidth + 12, y + 21, label, { size: 11 });
      descriptions.push(`${name}: ${t('report.group_suppressed_band')}`);
      return;
    }
    const cells: string[] = [];
    dimensions.forEach((dimension, d) => {
      const x = labelWidth + d * cellWidth;
      const mean = row.dimensions[dimension.code] ?? null;
      const reason = row.null_reasons[dimension.code];
      if (mean === null) {
        const suppressed = reason === 'group suppressed' || reason === 'cell suppressed';
        const label = suppressed ? t('common.suppressed') : t('report.no_answers');
        body += elementWithMarkup('rect', { x, y: y + 1, width: cellWidth - 2, height: cellHeight - 2, fill: suppressed ? `url(#${hatch})` : '#ffffff', stroke: GRID }, element('title', {}, `${name} · ${dimension.name}: ${label}`));
        body += text(x + cellWidth / 2 - 1, y + 21, suppressed ? '×' : '—', { size: 13, anchor: 'middle', fill: INK });
        cells.push(`${dimension.code} ${label}`);
        return;
      }
      const fill = CATEGORY_FILLS[categorize(mean, report.scale, boundary)];
      body += elementWithMarkup('rect', { x, y: y + 1, width: cellWidth - 2, height: cellHeight - 2, fill, stroke: '#ffffff' }, element('title', {}, `${name} · ${dimension.name}: ${formatDecimal(mean, lang)}`));
      body += text(x + cellWidth / 2 - 1, y + 21, formatDecimal(mean, lang), { size: 11, anchor: 'middle', fill: inkOn(fill) });
      cells.push(`${dimension.code} ${formatDecimal(mean, lang)}`);
    });
    descriptions.push(`${name} (n = ${row.n}): ${cells.join(', ')}`);
  });
  const bottom = rowsTop + breakdown.rows.length * cellHeight + 6;
  const title = t(breakdown.by === 'unit' ? 'report.chart.heatmap_unit_title' : 'report.chart.heatmap_grade_title');
  const description = breakdown.rows.length === 0 ? t('report.no_answers') : descriptions.join('; ');
  return svgDocument(width, bottom, title, description, body, defs);
}
