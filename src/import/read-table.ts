import { readCsv, type ColumnPosition, type CsvColumnSpec, type CsvProblem, type CsvRow } from './read-csv';
import { looksLikeXlsx, readXlsx } from './read-xlsx';

export interface TableFile {
  rows: CsvRow[];
  positions: ColumnPosition[];
  /** Read from CSV (whose cells may carry the apostrophe our CSV writer puts before = + - @). */
  csv: boolean;
}

/** A CSV file (any of its dialects) or an XLSX workbook's first sheet, by content or name. */
export async function readTable(file: Buffer, options: { fileName: string; columns: readonly CsvColumnSpec[]; maxRows?: number }): Promise<TableFile | { problems: CsvProblem[] }> {
  if (looksLikeXlsx(file) || /\.xlsx$/i.test(options.fileName)) {
    const table = await readXlsx(file, { columns: options.columns, maxRows: options.maxRows });
    return table.ok ? { rows: table.rows, positions: table.positions, csv: false } : { problems: table.problems };
  }
  const table = readCsv(file, { columns: options.columns, maxRows: options.maxRows });
  return table.ok ? { rows: table.rows, positions: table.positions, csv: true } : { problems: table.problems };
}

/** csv-writer.ts puts an apostrophe before a text starting with = + - @ tab or CR; the value is what follows it. */
export function withoutNeutralisingQuote(text: string): string {
  return /^'[=+\-@\t\r]/.test(text) ? text.slice(1) : text;
}
