import { CHART_WIDTH, element, GRID, INK, MUTED, SMALLEST_FONT, svgDocument, text, wrapText } from '../report/svg';

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

const BOUNDS = [
  { grade: 'A', nrr: 88.31 / 25 },
  { grade: 'B', nrr: 76.61 / 25 },
  { grade: 'C', nrr: 65 / 25 },
];

export function nrrChart(bars: readonly NrrBar[], title: string, description: string): string {
  const labelWidth = 250;
  const valueWidth = 60;
  const left = labelWidth + 10;
  const right = CHART_WIDTH - valueWidth;
  const rowHeight = 34;
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
  bars.forEach((bar, index) => {
    const y = top + index * rowHeight;
    const lines = wrapText(bar.name, 34, 2);
    lines.forEach((line, lineIndex) => {
      body += text(labelWidth, y + rowHeight / 2 + (lineIndex - (lines.length - 1) / 2) * 14 + 4, line, { size: SMALLEST_FONT + 1, anchor: 'end', fill: INK });
    });
    if (bar.nrr !== null) {
      body += element('rect', { x: left, y: y + 7, width: Math.max(1, x(bar.nrr) - left), height: rowHeight - 14, fill: '#4a5560' });
    }
    body += text(right + 8, y + rowHeight / 2 + 5, bar.label, { size: SMALLEST_FONT + 1, fill: INK });
  });
  return svgDocument(CHART_WIDTH, height, title, description, body);
}
