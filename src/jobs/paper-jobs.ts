import type { Db } from '../db/connection';
import type { ImportBatchRow } from '../db/import-batches';
import { problemsReportCsv, rejectsCsv } from '../import/paper';
import type { CsvProblem, CsvSeparator } from '../import/read-csv';
import { importPaperFile, previewPaperFile, type PaperCheckOptions, type PaperImportOptions, type PaperImportResult } from '../survey/paper';
import { ValidationError } from '../errors';

/**
 * The web's paper upload steps as jobs: reading and checking a file of up to POTRET_MAX_UPLOAD_MB
 * takes seconds, and in a worker thread those seconds are not taken from employees' pages. The
 * import itself writes from the worker's own connection (staged as it reads, moved into the
 * round in one transaction, as on the command line).
 */

/** The problems shown on the preview page; the problems report has all of them. */
export const PREVIEW_PROBLEMS = 1000;

export type PaperJob =
  | { kind: 'paper-preview'; roundId: number; content: Uint8Array; options: PaperCheckOptions }
  | { kind: 'paper-problems-csv'; roundId: number; content: Uint8Array; options: PaperCheckOptions }
  | { kind: 'paper-rejects-csv'; roundId: number; content: Uint8Array; options: PaperCheckOptions }
  | { kind: 'paper-import'; roundId: number; content: Uint8Array; options: PaperJobImportOptions };

/** The import's options as they cross to a worker: no callbacks, the time as text. */
export type PaperJobImportOptions = Omit<PaperImportOptions, 'now' | 'onProgress' | 'onWritten'> & { now: string };

/** What the preview page shows of a check: counts, the first problems, the warnings — not every form. */
export type PaperCheckSummary =
  | { ok: true; separator: CsvSeparator; rowCount: number; valid: number; rejected: number; problems: CsvProblem[]; problemCount: number; warnings: CsvProblem[] }
  | { ok: false; problems: CsvProblem[] };

export interface PaperPreviewSummary {
  sha256: string;
  duplicateOf: ImportBatchRow | null;
  check: PaperCheckSummary;
}

function bufferOf(content: Uint8Array): Buffer {
  return Buffer.isBuffer(content) ? content : Buffer.from(content.buffer, content.byteOffset, content.byteLength);
}

export function isPaperJob(job: { kind: string }): job is PaperJob {
  return job.kind.startsWith('paper-');
}

export function runPaperJob(db: Db, job: PaperJob): PaperPreviewSummary | string | PaperImportResult {
  const content = bufferOf(job.content);
  if (job.kind === 'paper-import') return importPaperFile(db, job.roundId, content, { ...job.options, now: new Date(job.options.now) });
  const preview = previewPaperFile(db, job.roundId, content, job.options);
  const { check } = preview;
  switch (job.kind) {
    case 'paper-preview':
      return {
        sha256: preview.sha256,
        duplicateOf: preview.duplicateOf,
        check: check.ok
          ? { ok: true, separator: check.separator, rowCount: check.rowCount, valid: check.forms.length, rejected: check.rejected.length, problems: check.problems.slice(0, PREVIEW_PROBLEMS), problemCount: check.problemCount, warnings: check.warnings }
          : check,
      };
    case 'paper-problems-csv': {
      const problems: CsvProblem[] = [];
      if (preview.duplicateOf) problems.push({ line: null, column: null, value: null, message: `Already imported as batch ${preview.duplicateOf.id} ("${preview.duplicateOf.file_name}").` });
      return check.ok
        ? problemsReportCsv({ problems: [...problems, ...check.problems], problemCount: problems.length + check.problemCount, warnings: check.warnings }, check.separator)
        : problemsReportCsv({ problems: [...problems, ...check.problems] }, ',');
    }
    case 'paper-rejects-csv':
      if (!check.ok) throw new ValidationError('The file could not be read', check.problems);
      return rejectsCsv(check);
  }
}
