import zlib from 'node:zlib';

/**
 * Just enough of PDF to read back what Chromium printed: its pages, in order, and the text drawn
 * on each (through each font's ToUnicode map). Chromium writes plain objects (no object streams)
 * and Flate-compressed content; anything else is out of scope for a test helper.
 */

interface PdfObject {
  dictionary: string;
  stream: Buffer | null;
}

function readObjects(pdf: Buffer): Map<number, PdfObject> {
  const objects = new Map<number, PdfObject>();
  const text = pdf.toString('latin1');
  const header = /(\d+) 0 obj\s*/g;
  let match: RegExpExecArray | null;
  while ((match = header.exec(text)) !== null) {
    const start = match.index + match[0].length;
    const end = text.indexOf('endobj', start);
    const body = text.slice(start, end);
    const streamAt = body.indexOf('stream');
    let stream: Buffer | null = null;
    let dictionary = body;
    if (streamAt !== -1 && /^\s*<</.test(body)) {
      dictionary = body.slice(0, streamAt);
      const dataStart = start + streamAt + 'stream'.length + (text[start + streamAt + 6] === '\r' ? 2 : 1);
      const dataEnd = text.lastIndexOf('endstream', end);
      const raw = pdf.subarray(dataStart, dataEnd);
      stream = /\/FlateDecode/.test(dictionary) ? zlib.inflateSync(raw, { finishFlush: zlib.constants.Z_SYNC_FLUSH }) : raw;
    }
    objects.set(Number(match[1]), { dictionary, stream });
    header.lastIndex = end;
  }
  return objects;
}

function reference(dictionary: string, key: string): number | null {
  const match = new RegExp(`/${key}\\s+(\\d+) 0 R`).exec(dictionary);
  return match ? Number(match[1]) : null;
}

function pageIds(objects: Map<number, PdfObject>, id: number): number[] {
  const node = objects.get(id);
  if (!node) return [];
  if (/\/Type\s*\/Page\b(?!s)/.test(node.dictionary)) return [id];
  const kids = /\/Kids\s*\[([^\]]*)\]/.exec(node.dictionary);
  if (!kids) return [];
  return [...kids[1].matchAll(/(\d+) 0 R/g)].flatMap((kid) => pageIds(objects, Number(kid[1])));
}

function toUnicodeMap(cmap: string): Map<string, string> {
  const map = new Map<string, string>();
  const unicode = (hex: string) => String.fromCodePoint(...(hex.match(/.{4}/g) ?? []).map((unit) => parseInt(unit, 16)));
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const pair of block[1].matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) map.set(pair[1].toUpperCase(), unicode(pair[2]));
  }
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const range of block[1].matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) {
      const width = range[1].length;
      const from = parseInt(range[1], 16);
      const to = parseInt(range[2], 16);
      const base = parseInt(range[3], 16);
      for (let code = from; code <= to; code += 1) map.set(code.toString(16).toUpperCase().padStart(width, '0'), String.fromCodePoint(base + code - from));
    }
  }
  return map;
}

export interface PdfText {
  pages: string[];
}

/** The pages of a Chromium-printed PDF with the text on each, in drawing order. */
export function readPdfText(pdf: Buffer): PdfText {
  const objects = readObjects(pdf);
  const catalog = [...objects.values()].find((object) => /\/Type\s*\/Catalog/.test(object.dictionary));
  const root = catalog ? reference(catalog.dictionary, 'Pages') : null;
  if (root === null) throw new Error('no page tree');
  const pages = pageIds(objects, root).map((id) => {
    const page = objects.get(id) as PdfObject;
    const fontsAt = /\/Font\s*<<([^>]*)>>/.exec(page.dictionary);
    const fonts = new Map<string, { map: Map<string, string>; width: number }>();
    for (const font of fontsAt ? fontsAt[1].matchAll(/\/(\w+)\s+(\d+) 0 R/g) : []) {
      const dictionary = objects.get(Number(font[2]))?.dictionary ?? '';
      const cmapId = reference(dictionary, 'ToUnicode');
      const cmap = cmapId === null ? '' : (objects.get(cmapId)?.stream?.toString('latin1') ?? '');
      fonts.set(font[1], { map: toUnicodeMap(cmap), width: /\/Type0/.test(dictionary) ? 4 : 2 });
    }
    const contentIds = [...(/\/Contents\s*(\[[^\]]*\]|\d+ 0 R)/.exec(page.dictionary)?.[1] ?? '').matchAll(/(\d+) 0 R/g)].map((found) => Number(found[1]));
    const content = contentIds.map((contentId) => objects.get(contentId)?.stream?.toString('latin1') ?? '').join('\n');
    let font = { map: new Map<string, string>(), width: 4 };
    const words: string[] = [];
    for (const token of content.matchAll(/\/(\w+)\s+[\d.]+\s+Tf|(\[[^\]]*\]|<[0-9A-Fa-f]*>)\s*T[Jj]/g)) {
      if (token[1]) {
        font = fonts.get(token[1]) ?? font;
        continue;
      }
      const hexes = [...token[2].matchAll(/<([0-9A-Fa-f]*)>/g)].map((hex) => hex[1].toUpperCase());
      words.push(hexes.map((hex) => (hex.match(new RegExp(`.{${font.width}}`, 'g')) ?? []).map((code) => font.map.get(code) ?? '').join('')).join(''));
    }
    return words.join(' ');
  });
  return { pages };
}
