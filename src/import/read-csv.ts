import { isUtf8 } from 'node:buffer';
import fs from 'node:fs';
import { CsvError, Parser } from 'csv-parse';
import type { Options as CsvParseOptions } from 'csv-parse';

/**
 * The CSV layer shared by the roster upload and the paper-questionnaire import: bytes in,
 * rows keyed by column name out, every problem reported with the line a spreadsheet user sees.
 *
 * Parser API: csv-parse's incremental parser, fed one slice (1 MB) of the file at a time and
 * handing over each record as it completes, then one loop of ours per record. A file given by
 * path (the command line, up to a million forms) is never held whole; an upload (one in-memory
 * Buffer, size-limited by the route) is fed as views into it. The slices are fed synchronously —
 * the incremental parser behind csv-parse's stream Parser (`parser.api`, the very one
 * csv-parse/sync runs over a whole Buffer) rather than the stream's async events — so that an
 * import stays one synchronous function around better-sqlite3's synchronous transactions.
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
  /** How messages name the column when not by `name` (the Indonesian header a roster's users know). */
  label?: string;
}

/** A column of the file that was not read (ignoreUnknownColumns), as the file spells it. */
export interface IgnoredColumn {
  /** 0-based; columnLetter(index) is what a spreadsheet shows. */
  index: number;
  header: string;
}

export interface ReadCsvOptions {
  columns: readonly CsvColumnSpec[];
  /** Keep columns that are not declared (keyed by their normalised header) instead of rejecting them. */
  allowUnknownColumns?: boolean;
  /**
   * Skip columns that are not declared (a leading "No" of a staff list) instead of rejecting them;
   * the result lists them so that the caller can say so.
   */
  ignoreUnknownColumns?: boolean;
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
  | { ok: true; separator: CsvSeparator; columns: string[]; positions: ColumnPosition[]; ignored: IgnoredColumn[]; rows: CsvRow[] }
  | { ok: false; problems: CsvProblem[] };

/** A file with a wrong separator or shifted columns fails on every row; a hundred reasons are enough. */
const MAX_PROBLEMS = 100;

const SAVE_AS_UTF8 = 'In Excel use File → Save As → "CSV UTF-8 (comma delimited) (*.csv)"; in Google Sheets use File → Download → "Comma-separated values (.csv)".';

/** Where a CSV comes from: an upload held in memory, or a file on disk read a slice at a time. */
export type CsvSource = Buffer | { path: string };

/** Bytes handed to the parser at a time: large enough that per-slice costs vanish, small enough not to matter. */
const SLICE_BYTES = 1 << 20;

/** Reads every data row into memory: the roster, the preview of an upload. streamCsv is the same read, a row at a time. */
export function readCsv(input: CsvSource, options: ReadCsvOptions): ReadCsvResult {
  const rows: CsvRow[] = [];
  const read = streamCsv(input, options, (row) => rows.push(row));
  return read.ok ? { ok: true, separator: read.separator, columns: read.columns, positions: read.positions, ignored: read.ignored, rows } : read;
}

export type StreamCsvResult =
  | { ok: true; separator: CsvSeparator; columns: string[]; positions: ColumnPosition[]; ignored: IgnoredColumn[]; rowCount: number }
  | { ok: false; problems: CsvProblem[] };

export interface StreamCsvHooks {
  /** Every byte of the source as read (for a checksum computed on the way). */
  onBytes?: (slice: Buffer) => void;
  /** Once, after a header that passed its checks and before the first row. */
  onHeader?: (header: { separator: CsvSeparator; columns: string[]; positions: ColumnPosition[]; ignored: IgnoredColumn[] }) => void;
}

/**
 * readCsv a row at a time: onRow gets each data row as soon as it is read, so memory does not
 * grow with the file. The checks are readCsv's, with its messages and line numbers; but a
 * problem found late in the file (a cell beyond the header, the row limit, an unclosed quote, a
 * byte that is not UTF-8) comes after the rows before it were handed over, so a caller that
 * writes as it reads must be able to throw that away (the paper import stages its rows, see
 * survey/paper.ts).
 */
export function streamCsv(input: CsvSource, options: ReadCsvOptions, onRow: (row: CsvRow) => void, hooks: StreamCsvHooks = {}): StreamCsvResult {
  const declaredByKey = indexDeclaredColumns(options.columns);
  const fail = (problems: CsvProblem[]): StreamCsvResult => ({ ok: false, problems });
  const slices = slicesOf(input);
  try {
    const first = slices.next();
    const head = first.done === true ? Buffer.alloc(0) : first.value;
    hooks.onBytes?.(head);
    const decoder = createDecoder(head);
    if (!decoder.ok) return fail([decoder.problem]);

    let separator: CsvSeparator | null = null;
    let parser: IncrementalParser | null = null;
    const records = createRecordReader({ ...options, declaredByKey });
    // Where each record starts: a quoted value may hold line breaks (see the comment at the top),
    // which a record read before the first quote character of the file cannot have.
    let sawQuote = false;
    let nextLine = 1;
    let stopped = false;
    const push = (record: string[]) => {
      if (stopped) return;
      const line = nextLine;
      nextLine += sawQuote ? 1 + countLineBreaks(record) : 1;
      if (!records.take(record, line, onRow)) stopped = true;
      else if (records.header !== null && !records.announced) {
        records.announced = true;
        hooks.onHeader?.({ separator: separator as CsvSeparator, ...records.describeHeader() });
      }
    };
    const feed = (bytes: Buffer | undefined, end: boolean): CsvProblem | null => {
      if (bytes !== undefined && bytes.length > 0) {
        if (separator === null) {
          separator = detectSeparator(bytes);
          parser = createParser(csvParseOptions(separator));
        }
        if (!sawQuote && bytes.includes(0x22)) sawQuote = true;
      }
      if (parser === null) return null;
      const error = parser.parse(bytes, end, push, () => undefined);
      if (error === undefined) return null;
      if (!(error instanceof CsvError)) throw error;
      return parserProblem(error, nextLine);
    };

    const decodeAndFeed = (raw: Buffer | undefined, end: boolean): CsvProblem | null => {
      const decoded = decoder.decode(raw, end);
      if (!decoded.ok) return decoded.problem ?? notUtf8Problem(input, decoded.invalidAt);
      return feed(decoded.bytes, end);
    };
    let problem = decodeAndFeed(head, false);
    while (problem === null && !stopped) {
      const next = slices.next();
      if (next.done === true) break;
      hooks.onBytes?.(next.value);
      problem = decodeAndFeed(next.value, false);
    }
    if (problem === null && !stopped) problem = decodeAndFeed(undefined, true);
    if (problem !== null) return fail([problem]);
    const result = records.finish();
    if (!result.ok) return fail(result.problems);
    return { ok: true, separator: separator ?? ',', columns: result.columns, positions: result.positions, ignored: result.ignored, rowCount: result.rowCount };
  } finally {
    slices.return(undefined);
  }
}

/** A Buffer as views into it; a file by path, read a slice at a time into fresh buffers (the parser keeps a view of the last one's tail). */
function* slicesOf(input: CsvSource): Generator<Buffer, void, undefined> {
  if (Buffer.isBuffer(input)) {
    for (let offset = 0; offset < input.length; offset += SLICE_BYTES) yield input.subarray(offset, offset + SLICE_BYTES);
    return;
  }
  const descriptor = fs.openSync(input.path, 'r');
  try {
    for (;;) {
      const slice = Buffer.allocUnsafe(SLICE_BYTES);
      let filled = 0;
      while (filled < SLICE_BYTES) {
        const read = fs.readSync(descriptor, slice, filled, SLICE_BYTES - filled, null);
        if (read === 0) break;
        filled += read;
      }
      if (filled === 0) return;
      yield slice.subarray(0, filled);
      if (filled < SLICE_BYTES) return;
    }
  } finally {
    fs.closeSync(descriptor);
  }
}

interface IncrementalParser {
  parse(bytes: Buffer | undefined, end: boolean, push: (record: string[]) => void, close: () => void): Error | undefined;
}

/** csv-parse's incremental parser (see the comment at the top of this file). */
function createParser(options: CsvParseOptions): IncrementalParser {
  const parser = new Parser(options) as unknown as { api?: IncrementalParser };
  if (parser.api === undefined || typeof parser.api.parse !== 'function') throw new Error('csv-parse: Parser.api is missing (the incremental parser readCsv feeds); check the csv-parse version');
  return parser.api;
}

interface RecordReader {
  header: Header | null;
  announced: boolean;
  /** false: stop reading (the header failed, or enough problems are known). */
  take(record: string[], line: number, onRow: (row: CsvRow) => void): boolean;
  describeHeader(): { columns: string[]; positions: ColumnPosition[]; ignored: IgnoredColumn[] };
  finish(): { ok: true; columns: string[]; positions: ColumnPosition[]; ignored: IgnoredColumn[]; rowCount: number } | { ok: false; problems: CsvProblem[] };
}

/**
 * The header and row checks, one record at a time: records[0] is the header. Shared by CSV files
 * (streamCsv) and the rows of a spreadsheet (readRecords).
 */
function createRecordReader(options: ReadCsvOptions & { declaredByKey: Map<string, CsvColumnSpec> }): RecordReader {
  const problems: CsvProblem[] = [];
  let headerRecord: readonly string[] | null = null;
  let dataRowCount = 0;
  let rowCount = 0;
  const reader: RecordReader = {
    header: null,
    announced: false,
    take(record, line, onRow) {
      if (headerRecord === null) {
        headerRecord = record;
        const headerRead = readHeader(record, line, options.declaredByKey, options);
        if (!headerRead.ok) {
          problems.push(...headerRead.problems);
          return false;
        }
        reader.header = headerRead.header;
        return true;
      }
      const header = reader.header as Header;
      if (isBlankRecord(record)) return true;
      dataRowCount++;
      if (options.maxRows !== undefined && dataRowCount > options.maxRows) {
        problems.push({ line, column: null, value: null, message: tooManyRowsMessage(options.maxRows) });
        return false;
      }
      const problem = findUnnamedCell(record, header, line);
      if (problem !== null) {
        problems.push(problem);
        if (problems.length === MAX_PROBLEMS) {
          problems.push({ line: null, column: null, value: null, message: `Reading stopped after ${MAX_PROBLEMS} problems: fix these and upload the file again.` });
          return false;
        }
      }
      // Once the file has failed, building rows is wasted work.
      if (problems.length === 0) {
        rowCount++;
        onRow({ line, cells: header.buildCells(record) });
      }
      return true;
    },
    describeHeader() {
      const positions: ColumnPosition[] = [];
      const header = reader.header as Header;
      header.names.forEach((name, index) => {
        if (name !== null) positions.push({ name, index, header: (headerRecord as readonly string[])[index].trim() });
      });
      return { columns: positions.map((position) => position.name), positions, ignored: header.ignored };
    },
    finish() {
      if (headerRecord === null) {
        return { ok: false, problems: [{ line: null, column: null, value: null, message: 'The file is empty: the first line must hold the column names.' }] };
      }
      if (problems.length > 0) return { ok: false, problems };
      return { ok: true, ...reader.describeHeader(), rowCount };
    },
  };
  return reader;
}

/**
 * The row limit's message names the limit and how to raise it: the web upload keeps
 * POTRET_MAX_ROWS; the command line takes --max-rows for a file of a whole civil service.
 */
export function tooManyRowsMessage(maxRows: number): string {
  return `The file has more than ${maxRows} rows; at most ${maxRows} can be imported at once. Split it into smaller files, or raise the row limit (POTRET_MAX_ROWS; on the command line, --max-rows <n> for one import).`;
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
  const reader = createRecordReader({ ...options, declaredByKey: options.declaredByKey ?? indexDeclaredColumns(options.columns) });
  const rows: CsvRow[] = [];
  for (let index = 0; index < records.length; index++) {
    if (!reader.take(records[index], lines[index], (row) => rows.push(row))) break;
  }
  const result = reader.finish();
  return result.ok ? { ok: true, columns: result.columns, positions: result.positions, rows } : result;
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
  ignored: IgnoredColumn[];
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
  const ignored: IgnoredColumn[] = [];
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
    } else if (options.ignoreUnknownColumns === true) {
      // Not read, and not an unnamed column either: its values are expected and dropped.
      ignored.push({ index, header: raw.trim() });
      names.push(null);
      continue;
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
      const also = column.label !== undefined && column.label !== column.name ? ` (or "${column.name}")` : '';
      problems.push({ line: headerLine, column: column.label ?? column.name, value: null, message: `Required column "${column.label ?? column.name}"${also} is missing from the header (line ${headerLine}).` });
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, header: { line: headerLine, names, unnamedIndexes, ignored, buildCells: createRowBuilder(names) } };
}

function unknownColumnMessage(raw: string, index: number, columns: readonly CsvColumnSpec[]): string {
  const expected = columns.map((column) => column.label ?? column.name).join(', ');
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

type Decoded = { ok: true; bytes: Buffer | undefined } | { ok: false; problem: CsvProblem | null; invalidAt: number };

interface Decoder {
  ok: true;
  /** The next slice of the file as UTF-8 without a BOM; a slice may end inside a character, which is kept for the next. */
  decode(raw: Buffer | undefined, end: boolean): Decoded;
}

/**
 * Everything becomes UTF-8 without a BOM, so csv-parse gets Buffers and one code path. The
 * encoding is told from the file's first slice. UTF-8 (the common case) is checked slice by
 * slice with the native validator and not copied; only a character cut by a slice boundary is.
 */
function createDecoder(head: Buffer): Decoder | { ok: false; problem: CsvProblem } {
  const fail = (message: string): { ok: false; problem: CsvProblem } => ({ ok: false, problem: { line: null, column: null, value: null, message } });
  if (head.length === 0) return fail('The file is empty: the first line must hold the column names.');
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) {
    return fail(`This is an Excel workbook (.xlsx), not a CSV file. ${SAVE_AS_UTF8}`);
  }
  if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    return fail(`This is an old Excel workbook (.xls), not a CSV file. ${SAVE_AS_UTF8}`);
  }
  if (startsWith(head, [0xff, 0xfe]) || startsWith(head, [0xfe, 0xff])) return utf16Decoder(head[0] === 0xfe);
  const bomLength = startsWith(head, [0xef, 0xbb, 0xbf]) ? 3 : 0;
  if (head.subarray(bomLength, bomLength + 4096).includes(0)) {
    return fail(`The file contains NUL bytes: it is not CSV text, or it is UTF-16 without a byte order mark. ${SAVE_AS_UTF8}`);
  }
  let first = true;
  let carry: Buffer | null = null;
  // Offset in the file (BOM excluded) of the first byte of the next slice's text.
  let offset = 0;
  return {
    ok: true,
    decode(raw, end) {
      let bytes = raw;
      if (first && bytes !== undefined) {
        bytes = bytes.subarray(bomLength);
        first = false;
      }
      if (carry !== null) bytes = bytes === undefined ? carry : Buffer.concat([carry, bytes]);
      carry = null;
      if (bytes === undefined) return { ok: true, bytes };
      const complete = end ? bytes.length : completeUtf8Length(bytes);
      if (complete < bytes.length) {
        carry = Buffer.from(bytes.subarray(complete));
        bytes = bytes.subarray(0, complete);
      }
      if (!isUtf8(bytes)) return { ok: false, problem: null, invalidAt: offset + Math.max(0, firstInvalidUtf8Offset(bytes)) };
      offset += bytes.length;
      return { ok: true, bytes };
    },
  };
}

/** Bytes of `bytes` up to the last character that is complete in it (a slice may cut one). */
function completeUtf8Length(bytes: Buffer): number {
  let start = bytes.length - 1;
  while (start >= 0 && bytes.length - start <= 4 && (bytes[start] & 0xc0) === 0x80) start--;
  if (start < 0 || bytes.length - start > 4) return bytes.length;
  const lead = bytes[start];
  const needed = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  return start + needed > bytes.length ? start : bytes.length;
}

/** Excel's "Unicode Text": UTF-16 with a byte order mark (little-endian on Windows). */
function utf16Decoder(bigEndian: boolean): Decoder {
  const decoder = new TextDecoder(bigEndian ? 'utf-16be' : 'utf-16le');
  let first = true;
  let length = 0;
  return {
    ok: true,
    decode(raw, end) {
      let bytes = raw;
      if (first && bytes !== undefined) {
        bytes = bytes.subarray(2);
        first = false;
      }
      length += bytes?.length ?? 0;
      if (end && length % 2 !== 0) {
        return { ok: false, invalidAt: 0, problem: { line: null, column: null, value: null, message: `The file looks like UTF-16 text but is cut off (odd number of bytes). ${SAVE_AS_UTF8}` } };
      }
      const text = decoder.decode(bytes, { stream: !end });
      return { ok: true, bytes: text === '' ? undefined : Buffer.from(text, 'utf8') };
    },
  };
}

/**
 * Where the first byte that is not UTF-8 is: the line is counted by reading the file again up to
 * that byte (this only runs once the file has failed), and the line is shown as Windows-1252.
 */
function notUtf8Problem(input: CsvSource, invalidAt: number): CsvProblem {
  let line = 1;
  let previous = 0;
  let position = 0;
  let text = '';
  let first = true;
  for (const raw of slicesOf(input)) {
    const bytes = first ? raw.subarray(startsWith(raw, [0xef, 0xbb, 0xbf]) ? 3 : 0) : raw;
    first = false;
    const stop = Math.min(bytes.length, invalidAt - position);
    for (let index = 0; index < stop; index++) {
      const byte = bytes[index];
      if (byte === 0x0a) {
        if (previous !== 0x0d) line++;
        text = '';
      } else if (byte === 0x0d) {
        line++;
        text = '';
      } else if (text.length <= 200) text += String.fromCharCode(byte);
      previous = byte;
    }
    if (stop < bytes.length) {
      // The offending line, decoded as latin1 (close enough to Windows-1252 to show it), shortened.
      for (let index = stop; index < bytes.length && text.length <= 200 && bytes[index] !== 0x0a && bytes[index] !== 0x0d; index++) text += String.fromCharCode(bytes[index]);
      break;
    }
    position += bytes.length;
  }
  const value = text.length > 200 ? `${text.slice(0, 200)}…` : text;
  return {
    line,
    column: null,
    value,
    message: `The file is not UTF-8 text (line ${line} has a character in another encoding, such as Windows-1252): it was probably saved as "CSV (comma delimited)" or "CSV (MS-DOS)", which garbles letters like é. ${SAVE_AS_UTF8}`,
  };
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
