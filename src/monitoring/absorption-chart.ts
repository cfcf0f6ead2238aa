import { element, elementWithMarkup, FONT, GRID, INK, MUTED, text } from '../report/svg';

/**
 * The S-curve of one spending type: cumulative absorption month by month against the RPD plan
 * curve and the quarterly targets. Pure: the figures in, one SVG string out.
 *
 * Greyscale and print: the three series differ by line style and marker shape as well as colour
 * (realised: solid thick line with filled circles; plan: dashed thin line with hollow squares;
 * targets: black diamonds, no line), the legend draws each sample, and the figures themselves are
 * in the table beside the chart. Presentation attributes only (the Content Security Policy
 * forbids style attributes).
 */

export interface AbsorptionSeries {
  /** Cumulative absorption per month 1–12 (percent of the available budget); null after the last month realised. */
  realised: (number | null)[];
  /** Cumulative RPD plan per month 1–12 (percent of the available budget). */
  plan: (number | null)[];
  /** Quarterly targets (percent), quarters 1–4. */
  targets: (number | null)[];
}

export interface AbsorptionChartLabels {
  /** The accessible name and the figures in words, e.g. "Belanja Barang (52): serapan s.d. Juni 31,3%, …". */
  title: string;
  description: string;
  realised: string;
  plan: string;
  target: string;
  /** "Serapan kumulatif (%)" */
  yAxis: string;
  /** "Bulan" */
  xAxis: string;
  /** Short month names, January first. */
  months: readonly string[];
}

const WIDTH = 360;
const LEFT = 40;
const RIGHT = 10;
const TOP = 44;
const PLOT_HEIGHT = 150;
const BOTTOM = 40;
const HEIGHT = TOP + PLOT_HEIGHT + BOTTOM;
const PLOT_WIDTH = WIDTH - LEFT - RIGHT;

const REALISED = '#0b5cad';
const PLAN = MUTED;
const TARGET = INK;

interface Point {
  x: number;
  y: number;
}

/** The axis top: 100 % unless a value goes above it, then the next multiple of 25. */
function axisTop(series: AbsorptionSeries): number {
  const values = [...series.realised, ...series.plan, ...series.targets].filter((value): value is number => value !== null && Number.isFinite(value));
  return Math.max(100, Math.ceil(Math.max(0, ...values) / 25) * 25);
}

function circle(point: Point): string {
  return element('circle', { cx: point.x, cy: point.y, r: 3.5, fill: REALISED, stroke: '#ffffff', 'stroke-width': 1 });
}

function square(point: Point): string {
  return element('rect', { x: point.x - 3, y: point.y - 3, width: 6, height: 6, fill: '#ffffff', stroke: PLAN, 'stroke-width': 1.5 });
}

function diamond(point: Point, size = 5.5): string {
  return element('path', { d: `M${point.x} ${point.y - size} L${point.x + size} ${point.y} L${point.x} ${point.y + size} L${point.x - size} ${point.y} Z`, fill: TARGET, stroke: '#ffffff', 'stroke-width': 1 });
}

function polyline(points: Point[], attributes: Record<string, string | number>): string {
  if (points.length < 2) return '';
  return element('path', { d: points.map((point, index) => `${index === 0 ? 'M' : 'L'}${point.x} ${point.y}`).join(' '), fill: 'none', 'stroke-linejoin': 'round', ...attributes });
}

/** The curve from the origin (month 0, 0 %) through each month with a value, stopping at the first gap. */
function curve(values: (number | null)[], at: (month: number, value: number) => Point): Point[] {
  const points = [at(0, 0)];
  for (let index = 0; index < values.length; index += 1) {
    const value = values[index];
    if (value === null || !Number.isFinite(value)) break;
    points.push(at(index + 1, value));
  }
  return points;
}

export function absorptionChartSvg(series: AbsorptionSeries, labels: AbsorptionChartLabels): string {
  const top = axisTop(series);
  const x = (month: number) => LEFT + (month / 12) * PLOT_WIDTH;
  const y = (value: number) => TOP + PLOT_HEIGHT - (Math.max(0, value) / top) * PLOT_HEIGHT;
  const at = (month: number, value: number): Point => ({ x: x(month), y: y(value) });

  let grid = '';
  for (let value = 0; value <= top; value += 25) {
    grid += element('line', { x1: LEFT, y1: y(value), x2: WIDTH - RIGHT, y2: y(value), stroke: value === 0 ? INK : GRID, 'stroke-width': value === 0 ? 1 : 0.75 });
    grid += text(LEFT - 5, y(value) + 3.5, String(value), { size: 10, anchor: 'end', fill: MUTED });
  }
  // Quarter ends: faint verticals, so the targets line up with their months.
  for (let month = 3; month <= 12; month += 3) grid += element('line', { x1: x(month), y1: TOP, x2: x(month), y2: TOP + PLOT_HEIGHT, stroke: GRID, 'stroke-width': 0.75, 'stroke-dasharray': '2 3' });
  let axis = '';
  labels.months.forEach((name, index) => {
    axis += text(x(index + 1), TOP + PLOT_HEIGHT + 13, name, { size: 9, anchor: 'middle', fill: INK });
  });
  axis += text(LEFT + PLOT_WIDTH / 2, HEIGHT - 8, labels.xAxis, { size: 10, anchor: 'middle', fill: MUTED });
  axis += element('text', { x: 11, y: TOP + PLOT_HEIGHT / 2, 'font-size': 10, 'text-anchor': 'middle', fill: MUTED, transform: `rotate(-90 11 ${TOP + PLOT_HEIGHT / 2})` }, labels.yAxis);

  const planPoints = curve(series.plan, at);
  const realisedPoints = curve(series.realised, at);
  const plan = polyline(planPoints, { stroke: PLAN, 'stroke-width': 1.5, 'stroke-dasharray': '5 3' }) + planPoints.slice(1).map(square).join('');
  const realised = polyline(realisedPoints, { stroke: REALISED, 'stroke-width': 3 }) + realisedPoints.slice(1).map(circle).join('');
  const targets = series.targets
    .map((value, index) => (value === null ? '' : diamond(at((index + 1) * 3, value))))
    .join('');

  // The legend above the plot: one line, each sample drawn as its series is.
  const legendY = 16;
  let legendX = LEFT - 30;
  let legend = '';
  const entries: { label: string; sample: (x0: number) => string; width: number }[] = [
    { label: labels.realised, width: 24, sample: (x0) => element('line', { x1: x0, y1: legendY - 4, x2: x0 + 20, y2: legendY - 4, stroke: REALISED, 'stroke-width': 3 }) + circle({ x: x0 + 10, y: legendY - 4 }) },
    { label: labels.plan, width: 24, sample: (x0) => element('line', { x1: x0, y1: legendY - 4, x2: x0 + 20, y2: legendY - 4, stroke: PLAN, 'stroke-width': 1.5, 'stroke-dasharray': '5 3' }) + square({ x: x0 + 10, y: legendY - 4 }) },
    { label: labels.target, width: 14, sample: (x0) => diamond({ x: x0 + 6, y: legendY - 4 }, 5) },
  ];
  let line = 0;
  for (const entry of entries) {
    const width = entry.width + 4 + entry.label.length * 5.6 + 12;
    if (legendX + width > WIDTH && legendX > LEFT - 30) {
      line += 1;
      legendX = LEFT - 30;
    }
    const offset = line * 16;
    legend += elementWithMarkup('g', { transform: offset ? `translate(0 ${offset})` : null }, entry.sample(legendX) + text(legendX + entry.width + 4, legendY, entry.label, { size: 10 }));
    legendX += width;
  }

  return elementWithMarkup(
    'svg',
    {
      viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
      width: WIDTH,
      height: HEIGHT,
      role: 'img',
      'aria-label': `${labels.title}. ${labels.description}`,
      'font-family': FONT,
      class: 'chart-svg absorption-chart',
    },
    element('title', {}, labels.title) + elementWithMarkup('g', { 'data-grid': '' }, grid + axis) + elementWithMarkup('g', { 'data-series': 'plan' }, plan) + elementWithMarkup('g', { 'data-series': 'realised' }, realised) + elementWithMarkup('g', { 'data-series': 'target' }, targets) + elementWithMarkup('g', { 'data-legend': '' }, legend),
  );
}
