import { isUtf8 } from 'node:buffer';
import { CsvError, parse } from 'csv-parse/sync';
import type { Options as CsvParseOptions } from 'csv-parse/sync';

/**
 * The CSV layer shared by the roster upload and the paper-questionnaire import: bytes in,
 * rows keyed by column name out, every problem reported with the line a spreadsheet user sees.
 *
 * Parser API: csv-parse/sync returning plain string arrays, then one loop of ours. Uploads
 * arrive as one in-memory Buffer (size-limited by the upload route), so the streaming API would
 * add async plumbing without saving memory.
 *
 * Line numbers are counted here, not taken from csv-parse's `info`: `info.lines` is the line
 * where a record *ends*, it counts a CRLF inside a quoted value as two lines (csv-parse 7.0.3),
 * and computing it per record (`info: true` or an `on_record` hook) costs about 12 % of the
 * parse. A record starts on the line after the previous one ended, and spans one line plus the
 * line breaks inside its values — which a file without any quote character cannot have.
 *
 * Measured on 100,000 rows × 50 columns (15 MB, semicolons, quoted comments; Node 20, median of
 * 7): bare csv-parse/sync ≈ 850 ms, readCsv ≈ 1,000 ms (1.15–1.2×). The extra is building the
 * row objects (see createRowBuilder) and counting line breaks.
 */

export type CsvSeparator = ',' | ';' | '\t';

/** One thing wrong with an upload, shown to the analyst beside the line and cell it concerns. */
export interface CsvProblem {
  /** 1-based line in the file as a text editor or spreadsheet shows it (the header is line 1). */
  line: number | null;
  column: string | null;
  value: string | null;
  message: string;
}

export interface CsvColumnSpec {
  /** The canonical name: rows are keyed by it, whatever spelling the file's header uses. */
  name: string;
  required: boolean;
  /** Other header names accepted for this column, e.g. Indonesian ones ("nama" for "name"). */
  aliases?: readonly string[];
}

export interface ReadCsvOptions {
  columns: readonly CsvColumnSpec[];
  /** Keep columns that are not declared (keyed by their normalised header) instead of rejecting them. */
  allowUnknownColumns?: boolean;
  /** Most data rows accepted (blank rows not counted). */
  maxRows?: number;
}

export interface CsvRow {
  /** The line on which the record starts (a quoted value may continue on later lines). */
  line: number;
  /**
   * Canonical column name → the cell exactly as written (not trimmed). Only columns present in
   * the file are keys; a short row gets '' for its missing trailing cells.
   */
  cells: Record<string, string>;
}

export type ReadCsvResult =
  | { ok: true; separator: CsvSeparator; columns: string[]; positions: ColumnPosition[]; rows: CsvRow[] }
  | { ok: false; problems: CsvProblem[] };

/** A file with a wrong separator or shifted columns fails on every row; a hundred reasons are enough. */
const MAX_PROBLEMS = 100;

const SAVE_AS_UTF8 = 'In Excel use File → Save As → "CSV UTF-8 (comma delimited) (*.csv)"; in Google Sheets use File → Download → "Comma-separated values (.csv)".';

export function readCsv(input: Buffer, options: ReadCsvOptions): ReadCsvResult {
  const declaredByKey = indexDeclaredColumns(options.columns);
  const decoded = decodeToUtf8(input);
  if (!decoded.ok) return { ok: false, problems: [decoded.problem] };
  const bytes = decoded.bytes;
  const separator = detectSeparator(bytes);
  const parseOptions = csvParseOptions(separator);

  let records: string[][];
  try {
    records = parse(bytes, parseOptions);
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    return { ok: false, problems: [parserProblem(error, lineOfUnreadableRecord(bytes, parseOptions))] };
  }
  if (records.length === 0) {
    return { ok: false, problems: [{ line: null, column: null, value: null, message: 'The file is empty: the first line must hold the column names.' }] };
  }
  // Where each record starts: a quoted value may hold line breaks (see the comment at the top).
  const mayHaveLineBreaksInValues = bytes.includes(0x22);
  const lines = new Array<number>(records.length);
  let nextLine = 1;
  for (let index = 0; index < records.length; index++) {
    lines[index] = nextLine;
    nextLine += mayHaveLineBreaksInValues ? 1 + countLineBreaks(records[index]) : 1;
  }
  const table = readRecords(records, lines, { ...options, declaredByKey });
  return table.ok ? { ...table, separator } : table;
}

export type ReadRecordsResult =
  | { ok: true; columns: string[]; positions: ColumnPosition[]; rows: CsvRow[] }
  | { ok: false; problems: CsvProblem[] };

/** A declared column found in the header: where it is and how the file spells it. */
export interface ColumnPosition {
  name: string;
  /** 0-based; columnLetter(index) is what a spreadsheet shows. */
  index: number;
  header: string;
}

/**
 * The header and row checks of readCsv on records already split into cells: a CSV file's, or
 * the rows of a spreadsheet (read-xlsx.ts). `lines[i]` is the line (or sheet row) of records[i];
 * records[0] is the header.
 */
export function readRecords(records: readonly string[][], lines: readonly number[], options: ReadCsvOptions & { declaredByKey?: Map<string, CsvColumnSpec> }): ReadRecordsResult {
  const declaredByKey = options.declaredByKey ?? indexDeclaredColumns(options.columns);
  const headerRead = readHeader(records[0], lines[0], declaredByKey, options);
  if (!headerRead.ok) return { ok: false, problems: headerRead.problems };
  const header = headerRead.header;

  const problems: CsvProblem[] = [];
  const rows: CsvRow[] = [];
  let dataRowCount = 0;
  for (let index = 1; index < records.length; index++) {
    const record = records[index];
    const line = lines[index];
    if (isBlankRecord(record)) continue;

    dataRowCount++;
    if (options.maxRows !== undefined && dataRowCount > options.maxRows) {
      problems.push({
        line,
        column: null,
        value: null,
        message: `The file has more than ${options.maxRows} rows; at most ${options.maxRows} can be imported at once. Split it into smaller files.`,
      });
      break;
    }
    const problem = findUnnamedCell(record, header, line);
    if (problem !== null) {
      problems.push(problem);
      if (problems.length === MAX_PROBLEMS) {
        problems.push({ line: null, column: null, value: null, message: `Reading stopped after ${MAX_PROBLEMS} problems: fix these and upload the file again.` });
        break;
      }
    }
    // Once the upload has failed, building rows is wasted work.
    if (problems.length === 0) rows.push({ line, cells: header.buildCells(record) });
  }

  if (problems.length > 0) return { ok: false, problems };
  const positions: ColumnPosition[] = [];
  header.names.forEach((name, index) => {
    if (name !== null) positions.push({ name, index, header: records[0][index].trim() });
  });
  return { ok: true, columns: positions.map((position) => position.name), positions, rows };
}

function csvParseOptions(separator: CsvSeparator): CsvParseOptions {
  return {
    delimiter: separator,
    // Explicit, so a file whose lines end differently (edited in two programs) still reads.
    record_delimiter: ['\r\n', '\n', '\r'],
    // A quote inside an unquoted value (Pak "Budi") is kept as typed, as Excel reads it.
    relax_quotes: true,
    relax_column_count: true,
    // Blank lines come through as records so that line numbers can be counted; we skip them.
    skip_empty_lines: false,
  };
}

/**
 * csv-parse throws without saying which record failed (its line count is off after a CRLF in
 * quotes), so on this rare path the file is parsed again, counting lines record by record.
 */
function lineOfUnreadableRecord(bytes: Buffer, parseOptions: CsvParseOptions): number {
  let nextLine = 1;
  try {
    parse(bytes, {
      ...parseOptions,
      on_record: (record: string[]) => {
        nextLine += 1 + countLineBreaks(record);
        return null;
      },
    });
  } catch {
    // Expected: the same error as the first pass, after the last readable record.
  }
  return nextLine;
}

/** Header text → lookup key: case-, space- and underscore-insensitive ("Form ID" = "form_id"). */
export function normaliseColumnName(name: string): string {
  return name.trim().toLowerCase().replace(/[\s_]+/g, '_');
}

/** 0 → "A", 25 → "Z", 26 → "AA": how a spreadsheet user finds a column. */
export function columnLetter(index: number): string {
  let letters = '';
  for (let rest = index + 1; rest > 0; rest = Math.floor((rest - 1) / 26)) {
    letters = String.fromCharCode(65 + ((rest - 1) % 26)) + letters;
  }
  return letters;
}

interface Header {
  line: number;
  /** Canonical name per cell position; null for a column with no name in the header. */
  names: (string | null)[];
  unnamedIndexes: number[];
  buildCells: (record: string[]) => Record<string, string>;
}

function indexDeclaredColumns(columns: readonly CsvColumnSpec[]): Map<string, CsvColumnSpec> {
  const byKey = new Map<string, CsvColumnSpec>();
  for (const column of columns) {
    for (const spelling of [column.name, ...(column.aliases ?? [])]) {
      const key = normaliseColumnName(spelling);
      const other = byKey.get(key);
      if (other !== undefined) throw new Error(`readCsv: columns "${other.name}" and "${column.name}" would match the same header`);
      byKey.set(key, column);
    }
  }
  return byKey;
}

function readHeader(
  record: readonly string[],
  headerLine: number,
  declaredByKey: Map<string, CsvColumnSpec>,
  options: ReadCsvOptions,
): { ok: true; header: Header } | { ok: false; problems: CsvProblem[] } {
  const problems: CsvProblem[] = [];
  // Excel leaves empty cells after the last used column; they are not columns.
  let length = record.length;
  while (length > 0 && isBlank(record[length - 1])) length--;
  if (length === 0) {
    return { ok: false, problems: [{ line: 1, column: null, value: null, message: 'Line 1 is empty: the first line must hold the column names.' }] };
  }

  const names: (string | null)[] = [];
  const unnamedIndexes: number[] = [];
  const positionByName = new Map<string, number>();
  for (let index = 0; index < length; index++) {
    const raw = record[index];
    const key = normaliseColumnName(raw);
    if (key === '') {
      names.push(null);
      unnamedIndexes.push(index);
      continue;
    }
    const declared = declaredByKey.get(key);
    let name: string;
    if (declared !== undefined) {
      name = declared.name;
    } else if (options.allowUnknownColumns === true && key !== '__proto__') {
      name = key;
    } else {
      problems.push({ line: headerLine, column: raw.trim(), value: raw, message: unknownColumnMessage(raw, index, options.columns) });
      names.push(null);
      continue;
    }
    const earlier = positionByName.get(name);
    if (earlier !== undefined) {
      problems.push({
        line: headerLine,
        column: name,
        value: raw,
        message: `Column "${name}" appears twice in the header (columns ${columnLetter(earlier)} and ${columnLetter(index)}): keep one of them.`,
      });
    } else {
      positionByName.set(name, index);
    }
    names.push(name);
  }

  for (const column of options.columns) {
    if (column.required && !positionByName.has(column.name)) {
      problems.push({ line: headerLine, column: column.name, value: null, message: `Required column "${column.name}" is missing from the header (line ${headerLine}).` });
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, header: { line: headerLine, names, unnamedIndexes, buildCells: createRowBuilder(names) } };
}

function unknownColumnMessage(raw: string, index: number, columns: readonly CsvColumnSpec[]): string {
  const expected = columns.map((column) => column.name).join(', ');
  return `Unknown column "${raw.trim()}" (column ${columnLetter(index)}). Expected columns: ${expected} (capitals and spaces do not matter).`;
}

/** Values under a nameless column, or beyond the header's last column, would be silently lost. */
function findUnnamedCell(record: string[], header: Header, line: number): CsvProblem | null {
  for (const index of header.unnamedIndexes) {
    if (index < record.length && !isBlank(record[index])) {
      return {
        line,
        column: columnLetter(index),
        value: record[index],
        message: `Column ${columnLetter(index)} has a value but no name in the header (line ${header.line}): name the column or delete the value.`,
      };
    }
  }
  for (let index = header.names.length; index < record.length; index++) {
    if (!isBlank(record[index])) {
      return {
        line,
        column: columnLetter(index),
        value: record[index],
        message: `This row has a value in column ${columnLetter(index)}, but the header has only ${header.names.length} columns: check for a separator inside a value that is not in quotes, or delete the extra cells.`,
      };
    }
  }
  return null;
}

/**
 * Rows are built by copying a template that already has every column, then filling it in.
 * Adding 50 properties one by one with computed keys makes V8 switch each row to a slow
 * dictionary object (4–5× slower to build for 100,000 rows); a copy of a fast template stays fast.
 * JSON.parse is used because it is the plain way to get such a fast template from runtime names.
 */
function createRowBuilder(names: (string | null)[]): (record: string[]) => Record<string, string> {
  const blankRow: Record<string, string> = {};
  for (const name of names) {
    if (name !== null) blankRow[name] = '';
  }
  const template = JSON.parse(JSON.stringify(blankRow)) as Record<string, string>;
  return (record) => {
    const cells = { ...template };
    const count = Math.min(names.length, record.length);
    for (let index = 0; index < count; index++) {
      const name = names[index];
      if (name !== null) cells[name] = record[index];
    }
    return cells;
  };
}

function isBlank(cell: string): boolean {
  return cell.length === 0 || cell.trim().length === 0;
}

function isBlankRecord(record: string[]): boolean {
  for (const cell of record) {
    if (!isBlank(cell)) return false;
  }
  return true;
}

/** CRLF, LF and a lone CR each end one line, as in a text editor. */
function countLineBreaks(record: string[]): number {
  let breaks = 0;
  for (const cell of record) {
    for (let index = 0; index < cell.length; index++) {
      const code = cell.charCodeAt(index);
      if (code === 0x0a) breaks++;
      else if (code === 0x0d) {
        breaks++;
        if (cell.charCodeAt(index + 1) === 0x0a) index++;
      }
    }
  }
  return breaks;
}

function parserProblem(error: CsvError, line: number): CsvProblem {
  if (error.code === 'CSV_QUOTE_NOT_CLOSED') {
    return {
      line,
      column: null,
      value: null,
      message: `The row starting on line ${line} opens a quoted value (") that is never closed, so the rest of the file would be read as one value: add the closing quote.`,
    };
  }
  return { line, column: null, value: null, message: `The row starting on line ${line} could not be read as CSV: ${error.message}` };
}

/**
 * Separator = the most frequent of tab, semicolon and comma in the header line outside quotes.
 * On a tie the character less likely to appear inside a column name wins (tab, then semicolon).
 * No separator at all means a one-column file; comma is reported.
 */
function detectSeparator(bytes: Buffer): CsvSeparator {
  let tabs = 0;
  let semicolons = 0;
  let commas = 0;
  let quoted = false;
  for (let index = 0; index < bytes.length; index++) {
    const byte = bytes[index];
    if (byte === 0x22) quoted = !quoted;
    else if (quoted) continue;
    else if (byte === 0x0a || byte === 0x0d) break;
    else if (byte === 0x09) tabs++;
    else if (byte === 0x3b) semicolons++;
    else if (byte === 0x2c) commas++;
  }
  if (tabs > 0 && tabs >= semicolons && tabs >= commas) return '\t';
  if (semicolons > 0 && semicolons >= commas) return ';';
  return ',';
}

type Decoded = { ok: true; bytes: Buffer } | { ok: false; problem: CsvProblem };

/**
 * Everything becomes UTF-8 without a BOM, so csv-parse gets a Buffer and one code path.
 * UTF-8 (the common case) is checked in place with the native validator and not copied.
 */
function decodeToUtf8(input: Buffer): Decoded {
  const fail = (message: string, line: number | null = null, value: string | null = null): Decoded => ({
    ok: false,
    problem: { line, column: null, value, message },
  });
  if (input.length === 0) return fail('The file is empty: the first line must hold the column names.');
  if (startsWith(input, [0x50, 0x4b, 0x03, 0x04])) {
    return fail(`This is an Excel workbook (.xlsx), not a CSV file. ${SAVE_AS_UTF8}`);
  }
  if (startsWith(input, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    return fail(`This is an old Excel workbook (.xls), not a CSV file. ${SAVE_AS_UTF8}`);
  }
  if (startsWith(input, [0xff, 0xfe]) || startsWith(input, [0xfe, 0xff])) {
    // Excel's "Unicode Text": UTF-16 with a byte order mark (little-endian on Windows).
    const body = Buffer.from(input.subarray(2));
    if (body.length % 2 !== 0) return fail(`The file looks like UTF-16 text but is cut off (odd number of bytes). ${SAVE_AS_UTF8}`);
    if (input[0] === 0xfe) body.swap16();
    return { ok: true, bytes: Buffer.from(body.toString('utf16le'), 'utf8') };
  }
  const body = startsWith(input, [0xef, 0xbb, 0xbf]) ? input.subarray(3) : input;
  if (body.subarray(0, 4096).includes(0)) {
    return fail(`The file contains NUL bytes: it is not CSV text, or it is UTF-16 without a byte order mark. ${SAVE_AS_UTF8}`);
  }
  if (!isUtf8(body)) {
    const offset = firstInvalidUtf8Offset(body);
    const line = offset === -1 ? null : lineAtOffset(body, offset);
    const value = offset === -1 ? null : lineTextAtOffset(body, offset);
    return fail(
      `The file is not UTF-8 text${line === null ? '' : ` (line ${line} has a character in another encoding, such as Windows-1252)`}: it was probably saved as "CSV (comma delimited)" or "CSV (MS-DOS)", which garbles letters like é. ${SAVE_AS_UTF8}`,
      line,
      value,
    );
  }
  return { ok: true, bytes: body };
}

function startsWith(bytes: Buffer, prefix: number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((byte, index) => bytes[index] === byte);
}

/** Only called once validation has failed, to point at the line; speed does not matter here. */
function firstInvalidUtf8Offset(bytes: Buffer): number {
  let index = 0;
  while (index < bytes.length) {
    const lead = bytes[index];
    if (lead < 0x80) {
      index++;
      continue;
    }
    let continuation: number;
    let low = 0x80;
    let high = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) continuation = 1;
    else if (lead >= 0xe0 && lead <= 0xef) {
      continuation = 2;
      if (lead === 0xe0) low = 0xa0; // overlong
      if (lead === 0xed) high = 0x9f; // UTF-16 surrogates
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      continuation = 3;
      if (lead === 0xf0) low = 0x90; // overlong
      if (lead === 0xf4) high = 0x8f; // above U+10FFFF
    } else return index;
    if (index + continuation >= bytes.length) return index;
    const second = bytes[index + 1];
    if (second < low || second > high) return index;
    for (let next = 2; next <= continuation; next++) {
      if ((bytes[index + next] & 0xc0) !== 0x80) return index;
    }
    index += continuation + 1;
  }
  return -1;
}

function lineAtOffset(bytes: Buffer, offset: number): number {
  let line = 1;
  for (let index = 0; index < offset; index++) {
    if (bytes[index] === 0x0a) line++;
    else if (bytes[index] === 0x0d && bytes[index + 1] !== 0x0a) line++;
  }
  return line;
}

/** The offending line decoded as Windows-1252 (latin1 is close enough to show it), shortened. */
function lineTextAtOffset(bytes: Buffer, offset: number): string {
  let start = offset;
  while (start > 0 && bytes[start - 1] !== 0x0a && bytes[start - 1] !== 0x0d) start--;
  let end = offset;
  while (end < bytes.length && bytes[end] !== 0x0a && bytes[end] !== 0x0d) end++;
  const text = bytes.subarray(start, Math.min(end, start + 200)).toString('latin1');
  return end - start > 200 ? `${text}…` : text;
}
