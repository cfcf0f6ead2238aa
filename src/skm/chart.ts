import { CHART_WIDTH, element, GRID, hatchPattern, INK, MUTED, SMALLEST_FONT, svgDocument, text, textWidth, wrapText } from '../report/svg';

/**
 * The charts of the SKM report and infographic, SVG built on the server like the condition
 * report's (src/report/svg.ts): values are written beside every bar and nothing is told by colour
 * alone, so they read the same in greyscale and in print.
 */

/**
 * The element NRRs as horizontal bars on the 1–4 scale, with the grade bounds as dashed lines
 * (NRR = converted value ÷ 25: A from 3.5324, B from 3.0644, C from 2.60). Bars in one dark grey
 * and lines labelled with their letter: it reads the same in greyscale and in print.
 */
export interface NrrBar {
  name: string;
  nrr: number | null;
  /** The value as shown beside the bar (formatted for the page's language). */
  label: string;
}

/** Sizes of the NRR chart: the report's (printed across the text width) or larger, for the infographic on a notice board. */
export interface NrrChartLayout {
  labelWidth: number;
  /** Characters per line of an element's name, and lines at most (the full name stays in the text alternative). */
  labelChars: number;
  labelLines: number;
  rowHeight: number;
  labelSize: number;
  valueSize: number;
  valueWeight: 'normal' | 'bold';
}

const REPORT_LAYOUT: NrrChartLayout = { labelWidth: 250, labelChars: 34, labelLines: 2, rowHeight: 34, labelSize: SMALLEST_FONT + 1, valueSize: SMALLEST_FONT + 1, valueWeight: 'normal' };

const BAR = '#4a5560';

const BOUNDS = [
  { grade: 'A', nrr: 88.31 / 25 },
  { grade: 'B', nrr: 76.61 / 25 },
  { grade: 'C', nrr: 65 / 25 },
];

export function nrrChart(bars: readonly NrrBar[], title: string, description: string, sizes: Partial<NrrChartLayout> = {}): string {
  const layout = { ...REPORT_LAYOUT, ...sizes };
  const { labelWidth, rowHeight, labelSize, valueSize } = layout;
  const valueWidth = Math.max(60, textWidth('0,00', valueSize) + 16);
  const left = labelWidth + 10;
  const right = CHART_WIDTH - valueWidth;
  const top = 28;
  const x = (nrr: number) => left + ((nrr - 1) / 3) * (right - left);
  const height = top + bars.length * rowHeight + 30;
  let body = '';
  // Axis ticks 1–4 and the grade bounds.
  for (const tick of [1, 2, 3, 4]) {
    body += element('line', { x1: x(tick), x2: x(tick), y1: top - 4, y2: height - 26, stroke: GRID, 'stroke-width': 1 });
    body += text(x(tick), height - 8, String(tick), { size: SMALLEST_FONT, anchor: 'middle', fill: MUTED });
  }
  for (const bound of BOUNDS) {
    body += element('line', { x1: x(bound.nrr), x2: x(bound.nrr), y1: top - 8, y2: height - 26, stroke: INK, 'stroke-width': 1.5, 'stroke-dasharray': '5 4' });
    body += text(x(bound.nrr) + 4, top - 12, bound.grade, { size: SMALLEST_FONT, fill: INK, weight: 'bold' });
  }
  const lineHeight = labelSize * 1.1;
  bars.forEach((bar, index) => {
    const y = top + index * rowHeight;
    const lines = wrapText(bar.name, layout.labelChars, layout.labelLines);
    lines.forEach((line, lineIndex) => {
      body += text(labelWidth, y + rowHeight / 2 + (lineIndex - (lines.length - 1) / 2) * lineHeight + labelSize * 0.35, line, { size: labelSize, anchor: 'end', fill: INK });
    });
    if (bar.nrr !== null) {
      body += element('rect', { x: left, y: y + rowHeight * 0.2, width: Math.max(1, x(bar.nrr) - left), height: rowHeight * 0.6, fill: BAR });
    }
    body += text(right + 8, y + rowHeight / 2 + valueSize * 0.35, bar.label, { size: valueSize, fill: INK, weight: layout.valueWeight });
  });
  return svgDocument(CHART_WIDTH, height, title, description, body);
}

export interface ProfileBar {
  label: string;
  n: number;
  /** "12 (10,0%)", as shown at the end of the bar. */
  value: string;
  /** The respondents who left the field blank: hatched, so that the group reads as "no answer" in greyscale too. */
  unanswered: boolean;
}

/**
 * The width of a profile chart's viewBox: half the report's, so that two stand side by side across
 * an A4 page (about 89 mm each); its 13-unit text then prints at 8.2 pt.
 */
export const PROFILE_CHART_WIDTH = 400;
const PROFILE_FONT = 13;
const PROFILE_LABEL_WIDTH = 150;

/**
 * Respondents per group of one profile field as horizontal bars, longest bar for the largest group,
 * each bar with its count and share. `id` names the chart's hatching, unique within the page.
 */
export function profileChart(bars: readonly ProfileBar[], title: string, description: string, id: string): string {
  const left = PROFILE_LABEL_WIDTH + 8;
  const widest = Math.max(...bars.map((bar) => textWidth(bar.value, PROFILE_FONT)), 0);
  const right = PROFILE_CHART_WIDTH - widest - 8;
  const largest = Math.max(1, ...bars.map((bar) => bar.n));
  const lineHeight = PROFILE_FONT * 1.15;
  const labelChars = Math.floor(PROFILE_LABEL_WIDTH / textWidth('x', PROFILE_FONT));
  let y = 4;
  let body = '';
  for (const bar of bars) {
    const lines = wrapText(bar.label, labelChars, 2);
    const rowHeight = Math.max(24, lines.length * lineHeight + 8);
    lines.forEach((line, index) => {
      body += text(PROFILE_LABEL_WIDTH, y + rowHeight / 2 + (index - (lines.length - 1) / 2) * lineHeight + PROFILE_FONT * 0.35, line, { size: PROFILE_FONT, anchor: 'end' });
    });
    const width = ((right - left) * bar.n) / largest;
    if (bar.n > 0) {
      body += element('rect', { x: left, y: y + rowHeight / 2 - 8, width: Math.max(1, width), height: 16, fill: bar.unanswered ? `url(#${id}-unanswered)` : BAR, stroke: bar.unanswered ? BAR : null, 'stroke-width': bar.unanswered ? 1 : null });
    }
    body += text(left + width + 6, y + rowHeight / 2 + PROFILE_FONT * 0.35, bar.value, { size: PROFILE_FONT });
    y += rowHeight;
  }
  // The baseline the bars grow from.
  body += element('line', { x1: left, x2: left, y1: 0, y2: y + 4, stroke: INK, 'stroke-width': 1 });
  const defs = bars.some((bar) => bar.unanswered) ? hatchPattern(`${id}-unanswered`, '#ffffff', BAR) : '';
  return svgDocument(PROFILE_CHART_WIDTH, y + 8, title, description, body, defs);
}
