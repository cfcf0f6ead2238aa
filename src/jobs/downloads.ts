import type { Writable } from 'node:stream';
import type { Config } from '../config';
import type { Db } from '../db/connection';
import type { CsvDialect } from '../export/csv-writer';
import { translator } from '../i18n';
import type { RoundReport } from '../report/build-report';
import { rawDataCsv } from '../report/csv';
import { renderStandaloneReport } from '../report/render';
import { cachedReportWithKey } from '../report/cache';
import { loadRawData, loadReport, reportOptions, reportView, workbookInput, type LoadedReport, type ReportRequest } from '../report/service';
import { writeWorkbook } from '../report/workbook';
import { getRound } from '../survey/rounds';

/**
 * The heavy builds of a round's results, as jobs: the same code runs in a worker thread (a server
 * on a database file) or on the calling thread (an in-memory database, which no other thread can
 * open). Each job reads one snapshot of the database from its first read to its last.
 */
export type HeavyJob =
  | { kind: 'report'; request: ReportRequest }
  /** The condition report as one self-contained HTML document (what Chromium prints). */
  | { kind: 'report-html'; request: ReportRequest; generatedOn: string }
  | { kind: 'workbook'; request: ReportRequest; rawData: boolean; generatedOn: string }
  | { kind: 'raw-csv'; request: ReportRequest; dialect: CsvDialect };

/** A report with the cache key of the state it was built from (null: a state that is not cached). */
export interface KeyedReport {
  key: string | null;
  report: RoundReport;
}

export interface ReportHtml {
  report: RoundReport;
  html: string;
}

/** What a job tells its caller while it runs: the report a file is built from, before the file's first byte. */
export interface JobOutput {
  report(report: RoundReport): void;
  /** A writable for the file; it slows the job down to the pace of whoever reads the file. */
  file: Writable;
}

/** The configuration a job needs (a worker gets a copy; functions and frozen objects do not cross). */
export type JobConfig = Pick<Config, 'alphaMin' | 'categoryBoundary' | 'commentMin'>;

export function jobConfig(config: Readonly<Config>): JobConfig {
  return { alphaMin: config.alphaMin, categoryBoundary: config.categoryBoundary, commentMin: config.commentMin };
}

/** Gathers small pieces of text into chunks of about this many bytes before they are written. */
const CHUNK_BYTES = 256 * 1024;

/**
 * Runs a job on `db`; the report job returns its report, the file jobs write to `output.file` and
 * end it. In a worker (`ownConnection`) the job holds one read transaction, so the report and the
 * rows under it come from one state, and waits for the reader of the file. On the calling
 * thread's shared connection it must do neither: another request's write would join the
 * transaction, and a statement left open across a wait makes every other request's query fail,
 * so the rows are written in one go, as they are read.
 */
export async function runJob(db: Db, config: JobConfig, job: HeavyJob, output: JobOutput | null, ownConnection: boolean): Promise<KeyedReport | ReportHtml | null> {
  if (ownConnection) db.exec('BEGIN');
  try {
    // The report and the key of the state it was built from: the thread that asked keeps it in its own cache.
    if (job.kind === 'report') return cachedReportWithKey(db, job.request.roundId, reportOptions(config, job.request));
    const loaded = loadReport(db, config as Readonly<Config>, job.request);
    if (job.kind === 'report-html') return { report: loaded.report, html: await renderStandaloneReport(reportView(db, config as Readonly<Config>, loaded, job.generatedOn)) };
    if (!output) throw new Error(`a ${job.kind} job needs somewhere to write`);
    output.report(loaded.report);
    if (job.kind === 'workbook') {
      await writeWorkbook(output.file, workbookInput(loaded, job.rawData ? loadRawData(db, loaded) : null, job.generatedOn));
    } else {
      await writeChunks(output.file, rawDataCsv(loadRawData(db, loaded), job.dialect), ownConnection);
    }
    return null;
  } finally {
    if (db.inTransaction) db.exec('COMMIT');
  }
}

async function writeChunks(file: Writable, pieces: Iterable<string>, mayWait: boolean): Promise<void> {
  let pending: string[] = [];
  let size = 0;
  const flush = async () => {
    if (pending.length === 0) return;
    const chunk = pending.join('');
    pending = [];
    size = 0;
    if (!file.write(chunk) && mayWait) await new Promise<void>((resolve, reject) => {
      file.once('drain', resolve);
      file.once('error', reject);
    });
  };
  for (const piece of pieces) {
    pending.push(piece);
    size += piece.length;
    if (size >= CHUNK_BYTES) await flush();
  }
  await flush();
  await new Promise<void>((resolve, reject) => file.end((error?: Error | null) => (error ? reject(error) : resolve())));
}

/** The loaded report around a report that came back from a job (the round and translator are cheap to get again). */
export function loadedFrom(db: Db, report: RoundReport, request: ReportRequest): LoadedReport {
  return { round: getRound(db, request.roundId), report, t: translator(request.lang), lang: request.lang };
}
