import path from 'node:path';
import type { Writable } from 'node:stream';
import type { Config } from '../config';
import type { Db } from '../db/connection';
import type { CsvDialect } from '../export/csv-writer';
import { AppError, BadRequestError, ConflictError, ForbiddenError, NotFoundError, PayloadTooLargeError, ServiceUnavailableError, ValidationError, type Problem } from '../errors';
import type { RoundReport } from '../report/build-report';
import { reportOptions, type LoadedReport, type ReportRequest } from '../report/service';
import { ConcurrencyGate } from './gate';
import { jobConfig, loadedFrom, runJob, type HeavyJob, type KeyedReport, type ReportHtml } from './downloads';
import { keepReport, peekReport } from '../report/cache';
import { WorkerPool, type SerialisedError } from './pool';
import { runPaperJob, type PaperJob, type PaperPreviewSummary } from './paper-jobs';
import type { PaperImportResult } from '../survey/paper';

/** Seconds a client is asked to wait when every worker and waiting place is taken. */
export const BUILD_BUSY_RETRY_SECONDS = 10;

export const BUILD_BUSY_MESSAGE = 'The server is building other large files at this moment; try again in a few seconds';

/** Where the worker's module is: beside this one, as built JavaScript or (under the test runner) as TypeScript. */
const WORKER_ENTRY = path.join(__dirname, `worker${path.extname(__filename)}`);

/** The error classes a worker's known error is made again as, by status, so that callers can tell them apart as before. */
const KNOWN: Record<number, (message: string, problems: Problem[]) => AppError> = {
  400: (message) => new BadRequestError(message),
  403: (message) => new ForbiddenError(message),
  404: (message) => new NotFoundError(message),
  409: (message) => new ConflictError(message),
  413: (message) => new PayloadTooLargeError(message),
  422: (message, problems) => new ValidationError(message, problems),
};

/** An error from a worker as the error handler knows it: a known one keeps its class and status, anything else is a bug (500). */
export function revive(error: SerialisedError): Error {
  if (typeof error.status === 'number') {
    const problems = (error.problems ?? []) as Problem[];
    const known = KNOWN[error.status]?.(error.message, problems) ?? new AppError(error.status, error.message, problems);
    known.retryAfterSeconds = error.retryAfterSeconds ?? null;
    return known;
  }
  const bug = new Error(error.message);
  bug.name = error.name;
  if (error.stack) bug.stack = error.stack;
  return bug;
}

export interface FileDownload {
  /** Called once the report the file is built from is known, before the file's first byte: record the download, set the headers. */
  onReport(loaded: LoadedReport): void;
  /** Where the file goes (the response). */
  out: Writable;
}

/**
 * The round's heavy builds, one place per worker thread and a short queue; beyond it the request
 * is refused at once with 503 and Retry-After. A server on a database file builds in worker
 * threads with their own read-only connections, so employees' questionnaire pages are answered
 * while a ministry's workbook is written; an in-memory database (tests, demos without a file) is
 * built on the calling thread behind the same gate.
 */
export class HeavyWork {
  private readonly pool: WorkerPool | null;
  private readonly inline: ConcurrencyGate;

  constructor(
    private readonly db: Db,
    private readonly config: Readonly<Config>,
  ) {
    const onFile = db.name !== ':memory:' && db.name !== '' && !db.memory;
    this.pool = onFile ? new WorkerPool(WORKER_ENTRY, { dbFile: path.resolve(db.name), config: jobConfig(config) }, config.workers, config.workerQueue, revive) : null;
    this.inline = new ConcurrencyGate(config.workers, config.workerQueue);
  }

  /** Whether builds run in worker threads (false: on the calling thread). */
  get offThread(): boolean {
    return this.pool !== null;
  }

  /** The gate of the in-thread builds, for tests that take its places to see what a busy server answers. */
  get inlineGate(): ConcurrencyGate {
    return this.inline;
  }

  /** The JSON report of a round, built off the thread that answers requests. */
  async report(request: ReportRequest): Promise<LoadedReport> {
    // A report already built for the round's current state costs a lookup here, never a place in the queue.
    const options = reportOptions(this.config, request);
    const cached = peekReport(this.db, request.roundId, options);
    if (cached !== undefined) return loadedFrom(this.db, cached, request);
    const built = (await this.submit<KeyedReport>({ kind: 'report', request }, null)) as KeyedReport;
    if (this.pool) keepReport(this.db, built.key, built.report);
    return loadedFrom(this.db, built.report, request);
  }

  /** The condition report as a self-contained HTML document (for Chromium to print), with the report it shows. */
  async reportHtml(request: ReportRequest, generatedOn: string): Promise<{ loaded: LoadedReport; html: string }> {
    const built = (await this.submit<ReportHtml>({ kind: 'report-html', request, generatedOn }, null)) as ReportHtml;
    return { loaded: loadedFrom(this.db, built.report, request), html: built.html };
  }

  /** The workbook (rawData: with the raw data and codebook sheets) written to `download.out`. */
  workbook(request: ReportRequest, rawData: boolean, generatedOn: string, download: FileDownload): Promise<void> {
    return this.file({ kind: 'workbook', request, rawData, generatedOn }, download);
  }

  /** The raw data as CSV written to `download.out`. */
  rawCsv(request: ReportRequest, dialect: CsvDialect, download: FileDownload): Promise<void> {
    return this.file({ kind: 'raw-csv', request, dialect }, download);
  }

  /** A step of the web's paper upload (check, reports, import), off the answering thread. */
  paper<T extends PaperPreviewSummary | string | PaperImportResult>(job: PaperJob): Promise<T> {
    return this.run(job, async () => runPaperJob(this.db, job) as T);
  }

  close(): Promise<void> {
    return this.pool ? this.pool.close() : Promise.resolve();
  }

  private async file(job: Extract<HeavyJob, { kind: 'workbook' | 'raw-csv' }>, download: FileDownload): Promise<void> {
    let started = false;
    const onReport = (report: RoundReport) => {
      started = true;
      download.onReport(loadedFrom(this.db, report, job.request));
    };
    if (!this.pool) {
      await this.submit(job, { report: onReport, file: download.out });
      return;
    }
    const out = download.out;
    const running = this.pool.run<null>(job, {
      onEvent: (event) => onReport(event as RoundReport),
      onChunk: (chunk) => {
        if (!started) throw new Error('a file chunk came before its report');
        if (out.destroyed) throw new Error('the client went away');
        if (out.write(chunk)) return;
        return new Promise<void>((resolve, reject) => {
          const drained = () => {
            out.off('close', gone);
            resolve();
          };
          const gone = () => {
            out.off('drain', drained);
            reject(new Error('the client went away'));
          };
          out.once('drain', drained);
          out.once('close', gone);
        });
      },
    });
    if (!running) throw this.busy();
    await running;
    await new Promise<void>((resolve) => out.end(resolve));
  }

  private submit<T>(job: HeavyJob, output: Parameters<typeof runJob>[3]): Promise<T | null> {
    return this.run(job, () => runJob(this.db, jobConfig(this.config), job, output, false) as Promise<T | null>);
  }

  /** The job in a worker, or `inline` on this thread when there are none; refused at once (503) when every place and waiting place is taken. */
  private run<T>(job: HeavyJob | PaperJob, inline: () => Promise<T>): Promise<T> {
    const running = this.pool ? this.pool.run<T>(job) : this.inline.run(inline);
    if (!running) throw this.busy();
    return running;
  }

  private busy(): ServiceUnavailableError {
    return new ServiceUnavailableError(BUILD_BUSY_MESSAGE, BUILD_BUSY_RETRY_SECONDS);
  }
}
