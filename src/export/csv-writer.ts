/**
 * CSV for people who will double-click it in Excel.
 *
 * - UTF-8 with a byte order mark: without it Excel reads the file as the Windows code page and
 *   garbles any non-ASCII name.
 * - CRLF line ends, as Excel writes them.
 * - Two dialects, because Excel takes the separator and the decimal mark from the Windows
 *   region: 'comma' (comma + decimal point, English settings, Google Sheets) and 'semicolon'
 *   (semicolon + decimal comma, Indonesian settings, under which "3.75" is not read as 3¾).
 * - Formula injection (OWASP "CSV Injection"): a text cell starting with = + - @ tab or CR would
 *   run as a formula, so it gets a leading apostrophe. Only text is touched: a number such as
 *   -0.25 is data, and the caller passes it as a number.
 */

export type CsvDialect = 'comma' | 'semicolon';

export interface CsvWriteOptions {
  dialect: CsvDialect;
}

export type CsvCell = string | number | null;

/** Write this first when streaming lines from csvLine(). */
export const CSV_BOM = '\uFEFF';

const CRLF = '\r\n';

export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[], options: CsvWriteOptions): string {
  const lines = [csvLine(header, options)];
  for (const row of rows) lines.push(csvLine(row, options));
  return CSV_BOM + lines.join('');
}

/** One record including its CRLF, for streaming a large export row by row (after CSV_BOM). */
export function csvLine(cells: readonly CsvCell[], options: CsvWriteOptions): string {
  const separator = options.dialect === 'semicolon' ? ';' : ',';
  let line = '';
  for (let index = 0; index < cells.length; index++) {
    if (index > 0) line += separator;
    line += formatCell(cells[index], options.dialect, separator);
  }
  return line + CRLF;
}

function formatCell(cell: CsvCell, dialect: CsvDialect, separator: string): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return formatNumber(cell, dialect);
  const text = /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
  if (text.includes(separator) || text.includes('"') || text.includes('\r') || text.includes('\n')) {
    return `"${text.replace(/"/g, '""')}"`;
  }
  return text;
}

/**
 * All the digits JavaScript needs to round-trip the value (the caller rounds), never in
 * exponent form: Excel reads "1e-7" as text under some regional settings.
 */
function formatNumber(value: number, dialect: CsvDialect): string {
  if (!Number.isFinite(value)) throw new Error(`toCsv: cannot write ${value} as a number; pass null for a missing value`);
  const plain = withoutExponent(String(value));
  return dialect === 'semicolon' ? plain.replace('.', ',') : plain;
}

/** "1.5e-7" → "0.00000015", "1e+21" → "1000000000000000000000"; other strings unchanged. */
function withoutExponent(text: string): string {
  const match = /^(-?)(\d+)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (match === null) return text;
  const [, sign, whole, fraction = '', exponentText] = match;
  const digits = whole + fraction;
  const pointAt = whole.length + Number(exponentText);
  if (pointAt <= 0) return `${sign}0.${'0'.repeat(-pointAt)}${digits}`;
  if (pointAt >= digits.length) return sign + digits + '0'.repeat(pointAt - digits.length);
  return `${sign}${digits.slice(0, pointAt)}.${digits.slice(pointAt)}`;
}
