import { SaxesParser, type SaxesAttributeNS, type SaxesTagNS } from 'saxes';
import { AppError, refuse } from '../errors';

/**
 * What a logo may be: a PNG or an SVG of at most 512 KB, recognised by its content (never by its
 * file name or the type the browser claims). A logo is shown as <img src="data:…"> in documents
 * whose Content Security Policy allows nothing else, where no script of an SVG runs; we still
 * never store active content, so that a logo stays inert wherever it is opened later (a browser
 * tab, an editor, a page that inlines it).
 */

export type LogoType = 'image/png' | 'image/svg+xml';

export const LOGO_MAX_BYTES = 512 * 1024;
/** Wider or taller than this is not a logo but a photograph, and would bloat every document. */
export const LOGO_MAX_PIXELS = 4096;

const REFUSED = 'The logo was not saved';
const FIELD = 'file';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

// CRC-32 as PNG defines it (ISO 3309, polynomial 0xEDB88320), over a chunk's type and data.
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

export function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** Bit depths allowed per colour type (PNG specification, 11.2.2 IHDR). */
const BIT_DEPTHS: Record<number, number[]> = { 0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16] };

function notPng(reason: string): never {
  refuse(REFUSED, FIELD, `not a valid PNG image: ${reason}`);
}

/**
 * A PNG whose IHDR is what the specification allows (13 bytes, its CRC right, 1–4096 pixels each
 * way, a known colour type and bit depth) and whose chunks run whole to IEND with nothing after it,
 * so that a truncated file or one with something appended is refused rather than stored.
 */
function checkPng(file: Buffer): void {
  if (file.length < PNG_SIGNATURE.length + 25) notPng('the file ends before its header (IHDR)');
  const length = file.readUInt32BE(8);
  if (length !== 13 || file.toString('latin1', 12, 16) !== 'IHDR') notPng('the first chunk is not a 13-byte header (IHDR)');
  if (crc32(file.subarray(12, 29)) !== file.readUInt32BE(29)) notPng('the header (IHDR) is damaged (its checksum does not match)');
  const width = file.readUInt32BE(16);
  const height = file.readUInt32BE(20);
  const [bitDepth, colourType, compression, filter, interlace] = file.subarray(24, 29);
  if (width < 1 || height < 1 || width > LOGO_MAX_PIXELS || height > LOGO_MAX_PIXELS) {
    refuse(REFUSED, FIELD, `the image is ${width} × ${height} pixels; a logo is 1 to ${LOGO_MAX_PIXELS} pixels each way`);
  }
  if (!(BIT_DEPTHS[colourType] ?? []).includes(bitDepth) || compression !== 0 || filter !== 0 || interlace > 1) notPng('its header (IHDR) describes no image the PNG standard knows');
  let offset = PNG_SIGNATURE.length;
  let sawData = false;
  for (;;) {
    if (offset + 12 > file.length) notPng('the file ends in the middle of a chunk (it may be cut short)');
    const size = file.readUInt32BE(offset);
    const type = file.toString('latin1', offset + 4, offset + 8);
    const next = offset + 12 + size;
    if (next > file.length) notPng('the file ends in the middle of a chunk (it may be cut short)');
    if (type === 'IDAT') sawData = true;
    if (type === 'IEND') {
      if (!sawData) notPng('it holds no image data (IDAT)');
      if (next !== file.length) notPng('something follows the end of the image (IEND)');
      return;
    }
    offset = next;
  }
}

const SVG_NAMESPACE = 'http://www.w3.org/2000/svg';
const XHTML_NAMESPACE = 'http://www.w3.org/1999/xhtml';

/** Elements that run or embed content of their own; compared by local name, whatever the prefix. */
const ACTIVE_ELEMENTS: Record<string, string> = {
  script: 'scripts (<script>)',
  foreignobject: 'embedded HTML (<foreignObject>)',
  iframe: 'embedded pages (<iframe>)',
  embed: 'embedded content (<embed>)',
  object: 'embedded content (<object>)',
  handler: 'event handlers (<handler>)',
  listener: 'event listeners (<listener>)',
};
const ANIMATIONS = new Set(['set', 'animate', 'animatemotion', 'animatetransform', 'animatecolor']);

/**
 * What an SVG logo may link to: a fragment of itself (#gradient) or a raster image embedded in it.
 * Not an embedded SVG (data:image/svg+xml), which could carry anything this check refuses.
 */
function allowedReference(value: string): boolean {
  const target = value.trim();
  return target.startsWith('#') || /^data:image\/(png|jpeg|gif|webp)[;,]/i.test(target);
}

/** Shortened for a message: the reference as written, at most 60 characters. */
function shown(value: string): string {
  const target = value.trim();
  return target.length > 60 ? `${target.slice(0, 57)}…` : target;
}

/**
 * url(…) in CSS (a style attribute, a <style> element, or any attribute: presentation attributes
 * such as fill="url(…)" and an animation's to="url(…)" take CSS values too) and @import: the same
 * rule as href. CSS escapes (\75rl, @\69mport) and image-set("…") could name an address the
 * patterns below never see, so they are refused outright; a logo has no need of them.
 */
function checkCss(css: string): void {
  if (css.includes('\\')) refuse(REFUSED, FIELD, 'an SVG logo may not use escapes (\\) in its styles');
  if (/image-set\s*\(/i.test(css)) refuse(REFUSED, FIELD, 'an SVG logo may not load images by image-set()');
  if (/@import/i.test(css)) refuse(REFUSED, FIELD, 'an SVG logo may not load a stylesheet (@import)');
  for (const match of css.matchAll(/url\(\s*(["']?)([^"')]*)\1\s*\)/gi)) {
    if (!allowedReference(match[2])) refuse(REFUSED, FIELD, `an SVG logo may link only to a #fragment of itself or an embedded image (data:image/…), not "${shown(match[2])}"`);
  }
}

function checkAttribute(tag: SaxesTagNS, attribute: SaxesAttributeNS): void {
  const local = attribute.local.toLowerCase();
  if (local.startsWith('on')) refuse(REFUSED, FIELD, `an SVG logo may not contain event attributes (${attribute.name}=)`);
  if (local === 'href' && !allowedReference(attribute.value)) {
    refuse(REFUSED, FIELD, `an SVG logo may link only to a #fragment of itself or an embedded image (data:image/…), not "${shown(attribute.value)}"`);
  }
  // An animation can rewrite a link after the checks above (<set attributeName="href" to="javascript:…">).
  if (ANIMATIONS.has(tag.local.toLowerCase()) && local === 'attributename' && /(^|:)href$/i.test(attribute.value.trim())) {
    refuse(REFUSED, FIELD, `an SVG logo may not animate a link (<${tag.name} attributeName="${attribute.value.trim()}">)`);
  }
  if (/j\s*a\s*v\s*a\s*s\s*c\s*r\s*i\s*p\s*t\s*:/i.test(attribute.value)) refuse(REFUSED, FIELD, 'an SVG logo may not contain javascript: addresses');
  // xml:base would make a #fragment resolve against another address.
  if (local === 'base' && (attribute.prefix === 'xml' || attribute.uri === 'http://www.w3.org/XML/1998/namespace')) {
    refuse(REFUSED, FIELD, `an SVG logo may not set a base address (${attribute.name}=)`);
  }
  // Attributes without a namespace take CSS values (fill, filter, an animation's to=); an editor's
  // own namespaced ones (inkscape:export-filename="C:\\…") are not read by a browser.
  if (local === 'style' || (attribute.uri === '' && /url\s*\(|image-set|@import|\\/i.test(attribute.value))) checkCss(attribute.value);
}

/**
 * An SVG: well-formed XML (read by a real XML parser, so entities and character references are
 * decoded before anything is judged) whose one root element is <svg> in the SVG namespace, with no
 * document type (its entities could build markup the checks never see) and no processing
 * instruction (xml-stylesheet loads a stylesheet), nothing that runs or embeds content, no event
 * attribute and no link outside itself.
 */
function checkSvg(file: Buffer): void {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(file);
  } catch {
    refuse(REFUSED, FIELD, 'an SVG logo is UTF-8 text; this file is not');
  }
  // The rule says it plainly, before any parsing: whatever the XML, a script is not a logo.
  if (/<\s*([\w.-]+:)?script[\s/>]/i.test(text)) refuse(REFUSED, FIELD, `an SVG logo may not contain ${ACTIVE_ELEMENTS.script}`);
  const parser = new SaxesParser({ xmlns: true });
  // Set from the parser's callbacks.
  // A <style>'s text is judged whole when it closes: a comment or CDATA section inside it splits
  // the text the parser reports (ur<!-- -->l(…)), but the stylesheet a browser reads is the joined text.
  const state: { root: SaxesTagNS | null; inStyle: number; styleText: string; failure: string | null } = { root: null, inStyle: 0, styleText: '', failure: null };
  parser.on('error', (error) => {
    state.failure ??= error.message;
  });
  parser.on('doctype', () => refuse(REFUSED, FIELD, 'an SVG logo may not have a document type (<!DOCTYPE>)'));
  parser.on('processinginstruction', (instruction) => refuse(REFUSED, FIELD, `an SVG logo may not contain processing instructions (<?${instruction.target}?>)`));
  parser.on('opentag', (tag) => {
    if (state.root === null) {
      state.root = tag;
      if (tag.local !== 'svg') refuse(REFUSED, FIELD, `the file is XML but its root element is <${tag.name}>, not <svg>`);
      if (tag.uri !== SVG_NAMESPACE) refuse(REFUSED, FIELD, `the <svg> element needs xmlns="${SVG_NAMESPACE}" (without it a browser does not draw it)`);
    }
    const local = tag.local.toLowerCase();
    if (local in ACTIVE_ELEMENTS) refuse(REFUSED, FIELD, `an SVG logo may not contain ${ACTIVE_ELEMENTS[local]}`);
    if (tag.uri === XHTML_NAMESPACE) refuse(REFUSED, FIELD, `an SVG logo may not contain HTML elements (<${tag.name}>)`);
    for (const attribute of Object.values(tag.attributes)) checkAttribute(tag, attribute);
    if (local === 'style') state.inStyle += 1;
  });
  parser.on('closetag', (tag) => {
    if (tag.local.toLowerCase() !== 'style') return;
    state.inStyle -= 1;
    if (state.inStyle === 0) {
      checkCss(state.styleText);
      state.styleText = '';
    }
  });
  const css = (chunk: string) => {
    if (state.inStyle > 0) state.styleText += chunk;
  };
  parser.on('text', css);
  parser.on('cdata', css);
  try {
    parser.write(text.replace(/^\uFEFF/, '')).close();
  } catch (error) {
    // A refusal from a callback above, or the parser's own complaint.
    if (error instanceof AppError) throw error;
    state.failure ??= (error as Error).message;
  }
  if (state.failure !== null) refuse(REFUSED, FIELD, `an SVG logo is well-formed XML; this file is not (${state.failure})`);
  if (state.root === null) refuse(REFUSED, FIELD, 'the file has no <svg> element');
}

/**
 * Which kind of logo the file is, after every check; refuses it (413 beyond the size limit, 422
 * otherwise, on the field `file`) with the reason.
 */
export function checkLogo(file: Buffer): LogoType {
  if (file.length === 0) refuse(REFUSED, FIELD, 'choose a PNG or SVG file');
  if (file.length > LOGO_MAX_BYTES) {
    throw new AppError(413, REFUSED, [{ field: FIELD, message: `the logo is larger than the limit of ${LOGO_MAX_BYTES / 1024} KB (this file is ${Math.ceil(file.length / 1024)} KB)` }]);
  }
  if (file.subarray(0, PNG_SIGNATURE.length).equals(PNG_SIGNATURE)) {
    checkPng(file);
    return 'image/png';
  }
  // An SVG starts with markup: an XML declaration, a comment or the element itself (after a byte order mark or spaces).
  const start = file.subarray(0, 64).toString('utf8').replace(/^\uFEFF/, '').trimStart();
  if (start.startsWith('<')) {
    checkSvg(file);
    return 'image/svg+xml';
  }
  refuse(REFUSED, FIELD, 'a logo is a PNG or SVG image; this file is neither');
}
