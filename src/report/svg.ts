/**
 * Small helpers for the report charts: SVG written as strings on the server, so the charts need
 * no client-side JavaScript, print like text and can be embedded in a self-contained file.
 * Styling is done with presentation attributes (allowed by the Content Security Policy, unlike
 * style attributes).
 *
 * Names in the charts come from rosters, paper CSVs and custom instruments, so `element` escapes
 * its text content as well as its attributes. Only `elementWithMarkup` takes content as it is,
 * and only for children built by these helpers; grep for it when auditing the charts.
 */

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

type AttributeValue = string | number | null | undefined;

/** Rounds coordinates to 0.1 px: smaller files, same picture. */
function attributeText(value: Exclude<AttributeValue, null | undefined>): string {
  if (typeof value === 'number') return String(Math.round(value * 10) / 10);
  return escapeXml(value);
}

function openTag(name: string, attributes: Record<string, AttributeValue>): string {
  let open = `<${name}`;
  for (const [key, value] of Object.entries(attributes)) {
    if (value === null || value === undefined) continue;
    open += ` ${key}="${attributeText(value)}"`;
  }
  return open;
}

/** An element with plain text content (escaped), or empty when there is none. */
export function element(name: string, attributes: Record<string, AttributeValue>, textContent?: string): string {
  const open = openTag(name, attributes);
  return textContent === undefined ? `${open}/>` : `${open}>${escapeXml(textContent)}</${name}>`;
}

/**
 * An element whose children are markup built by `element` and the other helpers here, inserted
 * unescaped. Never pass text from data: wrap it in `element` (or `text`) first.
 */
export function elementWithMarkup(name: string, attributes: Record<string, AttributeValue>, markup: string): string {
  return `${openTag(name, attributes)}>${markup}</${name}>`;
}

export const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", Arial, sans-serif';
export const INK = '#1b1f24';
export const MUTED = '#555d66';
export const GRID = '#c9ced4';

/**
 * The viewBox width of the report charts. They are printed across the text width of an A4 page
 * (170–184 mm), where one unit is 170 / 720 mm or more; SMALLEST_FONT units then print at 8 pt
 * (12 × 170 / 720 mm = 2.83 mm) or larger, the least a printed figure should use.
 */
export const CHART_WIDTH = 720;
export const SMALLEST_FONT = 12;

export interface TextOptions {
  size?: number;
  anchor?: 'start' | 'middle' | 'end';
  weight?: 'normal' | 'bold';
  fill?: string;
}

/** One line of text; y is the baseline. */
export function text(x: number, y: number, content: string, options: TextOptions = {}): string {
  return element(
    'text',
    {
      x,
      y,
      'font-size': options.size ?? 12,
      'text-anchor': options.anchor && options.anchor !== 'start' ? options.anchor : null,
      'font-weight': options.weight === 'bold' ? 'bold' : null,
      fill: options.fill ?? INK,
    },
    content,
  );
}

/** Several lines stacked from the first baseline y. */
export function textLines(x: number, y: number, lines: readonly string[], options: TextOptions & { lineHeight?: number } = {}): string {
  const lineHeight = options.lineHeight ?? (options.size ?? 12) * 1.25;
  return lines.map((line, index) => text(x, y + index * lineHeight, line, options)).join('');
}

/** Rough width of a line of text: good enough to lay out legends and to wrap labels. */
export function textWidth(content: string, size: number): number {
  return content.length * size * 0.56;
}

/**
 * Greedy word wrap into at most maxLines lines of about maxChars characters; an overlong last
 * line ends with an ellipsis (the full text stays in the chart's text alternative and tables).
 */
export function wrapText(content: string, maxChars: number, maxLines = 3): string[] {
  const words = content.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let current = '';
  for (const word of words) {
    if (current === '') current = word;
    else if (current.length + 1 + word.length <= maxChars) current += ` ${word}`;
    else {
      lines.push(current);
      current = word;
    }
  }
  if (current !== '') lines.push(current);
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  const last = kept[maxLines - 1];
  kept[maxLines - 1] = `${last.length >= maxChars ? last.slice(0, maxChars - 1) : last}…`;
  return kept;
}

/**
 * Diagonal hatching over a base colour: marks "below target" and "suppressed" areas so they stay
 * distinguishable when printed in greyscale.
 */
export function hatchPattern(id: string, base: string, stroke: string): string {
  return elementWithMarkup(
    'pattern',
    { id, width: 6, height: 6, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' },
    element('rect', { width: 6, height: 6, fill: base }) + element('line', { x1: 0, y1: 0, x2: 0, y2: 6, stroke, 'stroke-width': 2.5 }),
  );
}

/**
 * The outer element: role="img" with the full text alternative as aria-label, a <title> for a
 * tooltip and a <desc> with the figures in words. It has no fixed size: it takes the width of its
 * container (the full text width on a page and in print) and keeps the viewBox's proportions, so
 * font sizes are chosen against the viewBox width (see CHART_WIDTH).
 */
export function svgDocument(width: number, height: number, title: string, description: string, body: string, defs = ''): string {
  return elementWithMarkup(
    'svg',
    {
      xmlns: 'http://www.w3.org/2000/svg',
      viewBox: `0 0 ${Math.ceil(width)} ${Math.ceil(height)}`,
      width: '100%',
      preserveAspectRatio: 'xMinYMin meet',
      role: 'img',
      'aria-label': `${title}. ${description}`,
      'font-family': FONT,
      class: 'chart-svg',
    },
    element('title', {}, title) + element('desc', {}, description) + (defs ? elementWithMarkup('defs', {}, defs) : '') + body,
  );
}

/**
 * An SVG for inline use in HTML, which takes the namespace from the parser: without the attribute
 * a self-contained document holds no web address at all.
 */
export function inlineSvg(svg: string): string {
  return svg.replace(/ xmlns="http:\/\/www\.w3\.org\/2000\/svg"/g, '');
}
