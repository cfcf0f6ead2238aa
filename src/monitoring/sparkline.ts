/**
 * A small trend of an indicator over its periods to date, drawn on the server: the realisation as a
 * line with a dot per period, the target as a dashed line (dashes and dots, not colour, tell them
 * apart in greyscale). Periods without a realisation leave a gap; the figures are in the table beside it.
 */

export interface TrendPoint {
  target: number | null;
  realisation: number | null;
}

const WIDTH = 96;
const HEIGHT = 28;
const PAD = 3;

export function sparklineSvg(points: readonly TrendPoint[], label: string): string {
  const values = points.flatMap((point) => [point.target, point.realisation]).filter((value): value is number => value !== null);
  if (points.length === 0 || values.length === 0) return '';
  let low = Math.min(...values);
  let high = Math.max(...values);
  if (high === low) {
    high += 1;
    low -= 1;
  }
  const x = (index: number) => (points.length === 1 ? WIDTH / 2 : PAD + (index * (WIDTH - 2 * PAD)) / (points.length - 1));
  const y = (value: number) => HEIGHT - PAD - ((value - low) / (high - low)) * (HEIGHT - 2 * PAD);
  const path = (pick: (point: TrendPoint) => number | null) => {
    let d = '';
    let open = false;
    points.forEach((point, index) => {
      const value = pick(point);
      if (value === null) {
        open = false;
        return;
      }
      d += `${open ? 'L' : 'M'}${x(index).toFixed(1)} ${y(value).toFixed(1)} `;
      open = true;
    });
    return d.trim();
  };
  const target = path((point) => point.target);
  const realisation = path((point) => point.realisation);
  const dots = points
    .map((point, index) => (point.realisation === null ? '' : `<circle cx="${x(index).toFixed(1)}" cy="${y(point.realisation).toFixed(1)}" r="2" fill="#1f2937"/>`))
    .join('');
  const escaped = label.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
  return (
    `<svg class="sparkline" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-label="${escaped}">` +
    (target ? `<path d="${target}" fill="none" stroke="#6b7280" stroke-width="1.5" stroke-dasharray="3 2"/>` : '') +
    (realisation ? `<path d="${realisation}" fill="none" stroke="#1f2937" stroke-width="2"/>` : '') +
    dots +
    '</svg>'
  );
}
