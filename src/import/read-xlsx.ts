import ExcelJS from 'exceljs';
import { normaliseColumnName, readRecords, type CsvProblem, type ReadCsvOptions, type ReadRecordsResult } from './read-csv';

/**
 * The first sheet of an Excel workbook read as a table, with the same header and row checks as a
 * CSV file (readRecords) and the sheet's own row numbers as lines. Cells become the text a CSV
 * saved from that sheet would hold, except that dates become YYYY-MM-DD (a CSV would carry them
 * in the Windows region's format) so that the caller reads one spelling.
 *
 * The header need not be the first row: an exported sheet starts with a title. It is the first
 * of the first `headerSearchRows` rows that names at least two declared columns (or the first
 * non-blank row, whose unknown names are then reported as in a CSV file).
 */

export interface ReadXlsxOptions extends ReadCsvOptions {
  headerSearchRows?: number;
}

export type ReadXlsxResult = (ReadRecordsResult & { ok: false }) | (ReadRecordsResult & { ok: true; sheet: string; headerLine: number });

const ZIP_SIGNATURE = [0x50, 0x4b, 0x03, 0x04];

export function looksLikeXlsx(input: Buffer): boolean {
  return input.length >= 4 && ZIP_SIGNATURE.every((byte, index) => input[index] === byte);
}

function fail(message: string): { ok: false; problems: CsvProblem[] } {
  return { ok: false, problems: [{ line: null, column: null, value: null, message }] };
}

/** YYYY-MM-DD of a date cell: exceljs gives Excel's serial day as a Date at UTC midnight. */
function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/**
 * A number as a CSV saved from Excel would show it; beyond Excel's 15 significant digits the
 * digits are already lost (an NIP typed into a number cell), so it is shown in exponent form
 * ("1.98501012010012E+17") for the caller's "Excel shortened this number" check to catch.
 */
function numberText(value: number): string {
  if (Number.isInteger(value) && Math.abs(value) >= 1e15) return value.toExponential().toUpperCase();
  return String(value);
}

export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return numberText(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return isoDay(value);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((run) => run.text).join('');
    if ('error' in value) return String(value.error);
    // A formula counts by the result Excel last computed; a hyperlink by its text.
    if ('result' in value || 'formula' in value || 'sharedFormula' in value) {
      const result = (value as { result?: ExcelJS.CellValue }).result;
      return result === undefined ? '' : cellText(result as ExcelJS.CellValue);
    }
    if ('text' in value) return cellText((value as { text: ExcelJS.CellValue }).text);
  }
  return String(value);
}

export async function readXlsx(input: Buffer, options: ReadXlsxOptions): Promise<ReadXlsxResult> {
  if (!looksLikeXlsx(input)) return fail('This is not an Excel workbook (.xlsx): save it in Excel as "Excel Workbook (*.xlsx)", or upload a CSV file.');
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(input as unknown as ExcelJS.Buffer);
  } catch {
    return fail('The workbook could not be read: open it in Excel and save it again as "Excel Workbook (*.xlsx)".');
  }
  const sheet = workbook.worksheets[0];
  if (sheet === undefined || sheet.actualRowCount === 0) return fail('The first sheet of the workbook is empty: the first rows must hold the column names.');

  const declared = new Set<string>();
  for (const column of options.columns) for (const spelling of [column.name, ...(column.aliases ?? [])]) declared.add(normaliseColumnName(spelling));

  // Rows as text, from the header down; blank rows stay so that readRecords skips them and counts lines.
  const width = sheet.actualColumnCount > 0 ? sheet.columnCount : 0;
  const rowText = (rowNumber: number): string[] => {
    const row = sheet.getRow(rowNumber);
    const cells: string[] = [];
    for (let column = 1; column <= width; column++) cells.push(cellText(row.getCell(column).value));
    return cells;
  };
  const lastRow = sheet.rowCount;
  const searchRows = Math.min(lastRow, options.headerSearchRows ?? 10);
  let headerLine: number | null = null;
  let firstFilled: number | null = null;
  for (let rowNumber = 1; rowNumber <= searchRows; rowNumber++) {
    const cells = rowText(rowNumber);
    if (firstFilled === null && cells.some((cell) => cell.trim() !== '')) firstFilled = rowNumber;
    if (cells.filter((cell) => declared.has(normaliseColumnName(cell))).length >= 2) {
      headerLine = rowNumber;
      break;
    }
  }
  headerLine ??= firstFilled;
  if (headerLine === null) return fail('The first sheet of the workbook is empty: the first rows must hold the column names.');

  // The upload's size limit bounds the sheet; readRecords stops at the row limit.
  const records: string[][] = [];
  const lines: number[] = [];
  for (let rowNumber = headerLine; rowNumber <= lastRow; rowNumber++) {
    records.push(rowText(rowNumber));
    lines.push(rowNumber);
  }
  const table = readRecords(records, lines, options);
  if (!table.ok) return table;
  return { ...table, sheet: sheet.name, headerLine };
}
