import { CSV_BOM, csvLine, toCsv, type CsvDialect } from '../export/csv-writer';
import type { Lang, Translate } from '../i18n';
import type { LoadedInstrument } from '../survey/instruments';
import type { RoundReport } from './build-report';
import { codebookTable, type RawData } from './raw-data';
import { gapReportTable, groupTable } from './tables';

/** The CSV downloads; separator and decimal mark come together from the dialect (see csv-writer). */

export function gapReportCsv(report: RoundReport, instrument: LoadedInstrument, perspective: string | null, dialect: CsvDialect, t: Translate, lang: Lang): string {
  const table = gapReportTable(report, instrument, perspective, t, lang);
  return toCsv(table.header, table.rows, { dialect });
}

export function groupsCsv(report: RoundReport, dialect: CsvDialect, t: Translate): string {
  const table = groupTable(report, t);
  return toCsv(table.header, table.rows, { dialect });
}

/** Streams the raw data as CSV text chunks, one record each: rounds can be large. */
export function* rawDataCsv(data: RawData, dialect: CsvDialect): Generator<string> {
  yield CSV_BOM + csvLine(data.header, { dialect });
  for (const row of data.rows()) yield csvLine(row, { dialect });
}

export function codebookCsv(instrument: LoadedInstrument, minimum: number, dialect: CsvDialect): string {
  const table = codebookTable(instrument, minimum);
  return toCsv(table.header, table.rows, { dialect });
}

export function parseDialect(value: unknown): CsvDialect | null {
  return value === 'comma' || value === 'semicolon' ? value : null;
}
