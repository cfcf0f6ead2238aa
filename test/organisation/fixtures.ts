import zlib from 'node:zlib';

/** CRC-32 as PNG computes it over a chunk's type and data, written out here so the test does not trust the code it checks. */
function crc(bytes: Buffer): number {
  let value = 0xffffffff;
  for (const byte of bytes) {
    value ^= byte;
    for (let bit = 0; bit < 8; bit += 1) value = value & 1 ? (value >>> 1) ^ 0xedb88320 : value >>> 1;
  }
  return (value ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const sum = Buffer.alloc(4);
  sum.writeUInt32BE(crc(body));
  return Buffer.concat([length, body, sum]);
}

/**
 * A real PNG: signature, IHDR (8-bit RGB), one IDAT of zlib-compressed scanlines (filter byte 0,
 * then the pixels), IEND. `padding` adds an ancillary text chunk to make the file as large as wanted.
 */
export function pngImage(options: { width?: number; height?: number; padding?: number } = {}): Buffer {
  const width = options.width ?? 2;
  const height = options.height ?? 2;
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // colour type RGB
  const rows = Math.min(height, 4);
  const scanline = Buffer.concat([Buffer.from([0]), Buffer.alloc(Math.min(width, 4) * 3, 0x2a)]);
  const parts = [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header)];
  if (options.padding) parts.push(chunk('tEXt', Buffer.concat([Buffer.from('Comment\0'), Buffer.alloc(options.padding, 0x61)])));
  parts.push(chunk('IDAT', zlib.deflateSync(Buffer.concat(Array.from({ length: rows }, () => scanline)))), chunk('IEND', Buffer.alloc(0)));
  return Buffer.concat(parts);
}

export const SVG_NS = 'http://www.w3.org/2000/svg';

/** A small SVG logo; `inner` goes inside the root element, `attributes` on it. */
export function svgImage(inner = '<circle cx="32" cy="32" r="30" fill="#1d4e89"/>', attributes = ''): Buffer {
  return Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="${SVG_NS}" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 64 64"${attributes ? ` ${attributes}` : ''}>${inner}</svg>\n`, 'utf8');
}

export const PROFILE_INPUT = {
  name: 'Direktorat Pengembangan Sistem',
  parent: 'Kementerian Contoh',
  unit: 'Sekretariat Direktorat Jenderal Contoh',
  city: 'Jakarta',
  head_name: 'Dr. Uji Coba, M.Si.',
  head_position: 'Direktur Pengembangan Sistem',
  head_nip: '197001011995031001',
};
