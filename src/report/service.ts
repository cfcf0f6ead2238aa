import { recordAudit } from '../audit/log';
import type { Config } from '../config';
import { AppError } from '../errors';
import type { CsvDialect } from '../export/csv-writer';
import { listRoundComments } from '../db/comments';
import { listPlansOfRound } from '../db/plans';
import type { Db } from '../db/connection';
import { translator, type Lang, type Translate } from '../i18n';
import { getRound, listAllRounds, type Round } from '../survey/rounds';
import type { ReportOptions, RoundReport } from './build-report';
import { cachedReport } from './cache';
import { codebookCsv, gapReportCsv, groupsCsv, rawDataCsv } from './csv';
import { htmlToPdf, locateChromium } from './pdf';
import { renderStandaloneReport } from './render';
import { workbookBuffer, type WorkbookInput } from './workbook';
import { rawData, type RawData } from './raw-data';
import { buildReportView, type ReportIdentity, type ReportView } from './view-model';
import { loadOrganisation, logoDataUri, type OrganisationProfile } from '../organisation/profile';

/**
 * What the report page, the downloads and the CLI share: one JSON report per request, the round
 * it belongs to, and the view model built from it.
 */

export interface ReportRequest {
  roundId: number;
  lang: Lang;
  compareWith?: number | null;
}

export interface LoadedReport {
  round: Round;
  report: RoundReport;
  t: Translate;
  lang: Lang;
}

export function loadReport(db: Db, config: Readonly<Config>, request: ReportRequest): LoadedReport {
  const round = getRound(db, request.roundId);
  // Computed once per state of the round's data; every later reader gets the same frozen object.
  const report = cachedReport(db, request.roundId, reportOptions(config, request));
  return { round, report, t: translator(request.lang), lang: request.lang };
}

/** The analysis options of a report request: the reader's language, the configured thresholds. */
export function reportOptions(config: Pick<Config, 'alphaMin' | 'categoryBoundary'>, request: ReportRequest): ReportOptions {
  return { lang: request.lang, alphaMin: config.alphaMin, categoryBoundary: config.categoryBoundary, compareWith: request.compareWith ?? null };
}

export function reportView(db: Db, config: Readonly<Config>, loaded: LoadedReport, generatedOn: string): ReportView {
  const { row } = loaded.round;
  return buildReportView(loaded.report, {
    lang: loaded.lang,
    t: loaded.t,
    instrument: loaded.round.instrument,
    comments: listRoundComments(db, row.id),
    commentMin: config.commentMin,
    generatedOn,
    identity: reportIdentity(loadOrganisation(db)),
    period: { opensOn: row.opens_on ?? row.created_at.slice(0, 10), closesOn: row.closes_on ?? (row.closed_at ? row.closed_at.slice(0, 10) : null) },
    plans: listPlansOfRound(db, row.id),
  });
}

/** The organisation profile as the condition report's cover and approval block show it. */
function reportIdentity(profile: OrganisationProfile): ReportIdentity {
  return { organisation: profile.name, parent: profile.parent, unit: profile.unit, city: profile.city, logo: logoDataUri(profile), head: { ...profile.head } };
}

export function loadRawData(db: Db, loaded: LoadedReport): RawData {
  return rawData(db, loaded.round, loaded.report);
}

/** What the workbook is written from, for the route and the command line alike. */
export function workbookInput(loaded: LoadedReport, raw: RawData | null, generatedOn: string): WorkbookInput {
  const { report, round, t, lang } = loaded;
  return { report, instrument: round.instrument, raw, t, lang, generatedOn, period: { opensOn: round.row.opens_on, closesOn: round.row.closes_on } };
}

export interface DownloadDescription {
  /** 'json' for the JSON report, otherwise a ReportFileFormat. */
  format: 'json' | ReportFileFormat;
  lang: Lang;
  dialect?: CsvDialect | null;
  perspective?: string | null;
  /** false for a workbook without its raw data sheets. */
  rawData?: boolean;
}

/**
 * Records a download of results in the audit log, with the release it was built from: together
 * with the release history that says exactly which published state of the round left Potret,
 * when and with whom. Call it once the file is built, before it is sent (a download that breaks
 * off half-way has still let its first rows out). The condition report page itself and the
 * codebook (no results in it) are not recorded.
 */
export function recordDownload(db: Db, report: RoundReport, download: DownloadDescription, actor: string, now: Date): void {
  recordAudit(
    db,
    {
      actor,
      action: 'report.download',
      roundId: report.round.id,
      details: {
        format: download.format,
        release: report.round.release,
        responses: report.round.responses,
        compare: report.comparison?.round.id ?? null,
        lang: download.lang,
        ...(download.dialect ? { dialect: download.dialect } : {}),
        ...(download.perspective ? { perspective: download.perspective } : {}),
        ...(download.rawData === false ? { raw_data: false } : {}),
      },
    },
    now,
  );
}

/** Other rounds of the same instrument, archived ones left out: the choices for "compare with". */
export function comparableRounds(db: Db, round: Round): { id: number; name: string }[] {
  return listAllRounds(db)
    .filter((row) => row.instrument_id === round.row.instrument_id && row.id !== round.row.id && row.archived_at === null)
    .map((row) => ({ id: row.id, name: row.name }));
}

export function pdfChromium(config: Readonly<Config>): string | null {
  return locateChromium(config.chromium, config.executableSearchPath);
}

export const REPORT_FILE_FORMATS = ['html', 'csv', 'xlsx', 'pdf', 'groups-csv', 'raw-csv', 'codebook-csv'] as const;
export type ReportFileFormat = (typeof REPORT_FILE_FORMATS)[number];

export function isReportFileFormat(value: string): value is ReportFileFormat {
  return (REPORT_FILE_FORMATS as readonly string[]).includes(value);
}

export interface ReportFileRequest extends ReportRequest {
  format: ReportFileFormat;
  /** csv only: one perspective's gap report; null for all. */
  perspective: string | null;
  dialect: CsvDialect;
  generatedOn: string;
  /** Recorded in the audit log with the download. */
  actor: string;
  now: Date;
}

/**
 * One download as a sequence of chunks (the raw data is streamed), for the command line: the same
 * builders as the routes, so a file from `potret report` equals the one from the round page.
 */
export async function reportFile(db: Db, config: Readonly<Config>, request: ReportFileRequest): Promise<Iterable<string | Buffer>> {
  const loaded = loadReport(db, config, request);
  const chunks = await reportFileChunks(db, config, loaded, request);
  // Once built, before the caller writes a byte; the raw data's rows are read only then. The
  // codebook holds no results and is not recorded (as on the round page).
  if (request.format !== 'codebook-csv') {
    const csv = request.format === 'csv' || request.format === 'groups-csv' || request.format === 'raw-csv';
    recordDownload(db, loaded.report, { format: request.format, lang: loaded.lang, dialect: csv ? request.dialect : null, perspective: request.perspective }, request.actor, request.now);
  }
  return chunks;
}

async function reportFileChunks(db: Db, config: Readonly<Config>, loaded: LoadedReport, request: ReportFileRequest): Promise<Iterable<string | Buffer>> {
  const { report, round, t, lang } = loaded;
  switch (request.format) {
    case 'html':
      return [await renderStandaloneReport(reportView(db, config, loaded, request.generatedOn))];
    case 'pdf': {
      const chromium = pdfChromium(config);
      if (chromium === null) throw new AppError(503, 'PDF export needs Chromium (set POTRET_CHROMIUM or install chromium)');
      return [await htmlToPdf(await renderStandaloneReport(reportView(db, config, loaded, request.generatedOn)), chromium)];
    }
    case 'csv':
      return [gapReportCsv(report, round.instrument, request.perspective, request.dialect, t, lang)];
    case 'groups-csv':
      return [groupsCsv(report, request.dialect, t)];
    case 'raw-csv':
      return rawDataCsv(loadRawData(db, loaded), request.dialect);
    case 'codebook-csv':
      return [codebookCsv(round.instrument, round.row.min_group_size, request.dialect)];
    case 'xlsx':
      return [await workbookBuffer(workbookInput(loaded, loadRawData(db, loaded), request.generatedOn))];
  }
}
