import crypto from 'node:crypto';
import type { Db } from '../db/connection';
import {
  deleteImportBatch,
  deletePendingImport,
  deletePendingImportsBefore,
  findImportBatch,
  findImportBatchBySha256,
  findImportRejects,
  findPendingImport,
  insertImportBatch,
  insertImportRejects,
  listImportBatches,
  iterateImportedFormIds,
  listImportedFormIds,
  moveStagedPaperForms,
  openPaperStaging,
  listPendingImportsBy,
  savePendingImport,
  tallyPendingImportsBy,
  type ImportBatchRow,
  type ImportBatchSummary,
  type PendingImportRow,
  type PendingImportSummary,
} from '../db/import-batches';
import { listRosterUnits } from '../db/roster';
import { calendarDate } from '../dates';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import { checkPaperFile, createRejectsCsv, scanPaperFile, type PaperCheck, type PaperFileFailure, type PaperScan } from '../import/paper';
import type { CsvProblem, CsvSource } from '../import/read-csv';
import { releaseResults } from './release';
import { getRound, roundState } from './rounds';
import { recordAudit } from '../audit/log';

/**
 * Paper questionnaires: check a typed-in CSV against a round, import it as one batch (all rows
 * or, on request, the valid ones), list and undo batches. The routes and the CLI both call these.
 */

export interface PaperCheckOptions {
  /** Accept units that are not on the roster (each reported as a warning) instead of rejecting their rows. */
  allowNewUnits?: boolean;
  /** Most data rows accepted in one file; no limit when left out. */
  maxRows?: number;
}

export interface PaperImportOptions extends PaperCheckOptions {
  /** Recorded with the batch. */
  fileName: string;
  /** Recorded with the batch: the username, or "cli (<os user>)". */
  importedBy: string;
  /** Recorded in the audit log; importedBy when left out (the command line gives CLI_ACTOR). */
  actor?: string;
  /** Time zone of the date stored with each form (responses keep the date only, as online ones do). */
  timeZone: string;
  now?: Date;
  /** Import the valid rows and leave the others out (returned, and kept with the batch, as a rejects CSV) instead of refusing the file. */
  skipInvalid?: boolean;
  /** Check everything and report what would happen, without writing. */
  dryRun?: boolean;
  /** Called every 1,000 forms checked and staged, while the file is read (before the write transaction). */
  onProgress?: (formsStaged: number) => void;
  /** Called inside the write transaction once the forms are written into the round, before it commits. */
  onWritten?: (forms: number) => void;
  /**
   * Delete the upload kept for the confirm step (the pending upload of this very file, see
   * stashPaperUpload) in the import's transaction: the forms and the end of the upload that
   * carried them are committed together, and a failed import leaves the upload to try again.
   */
  consumePendingUpload?: boolean;
}

export interface PaperImportResult {
  /** null for a dry run. */
  batchId: number | null;
  sha256: string;
  /** Data rows in the file. */
  rowCount: number;
  /** Forms stored (or, in a dry run, that would be stored). */
  imported: number;
  rejectedCount: number;
  problems: CsvProblem[];
  problemCount: number;
  warnings: CsvProblem[];
  /** The rejected rows as typed plus the reason (with skipInvalid, the header alone when none was); null when no row was rejected. */
  rejectsCsv: string | null;
}

/** What the preview shows: the file's check, or why it cannot be imported at all. */
export interface PaperPreview {
  sha256: string;
  /** The batch that already imported this very file, if any. */
  duplicateOf: ImportBatchRow | null;
  check: PaperCheck | PaperFileFailure;
}

export function sha256Of(file: Buffer): string {
  return crypto.createHash('sha256').update(file).digest('hex');
}

function checkAgainstRound(db: Db, roundId: number, file: Buffer, options: PaperCheckOptions): PaperCheck | PaperFileFailure {
  const round = getRound(db, roundId);
  return checkPaperFile(file, {
    instrument: round.instrument,
    rosterUnits: listRosterUnits(db, roundId),
    importedFormIds: listImportedFormIds(db, roundId),
    allowNewUnits: options.allowNewUnits === true,
    maxRows: options.maxRows ?? Number.POSITIVE_INFINITY,
  });
}

/** Checks a file against the round without writing anything: the preview, the problems report and the rejects preview. */
export function previewPaperFile(db: Db, roundId: number, file: Buffer, options: PaperCheckOptions = {}): PaperPreview {
  const sha256 = sha256Of(file);
  return db
    .transaction(() => ({
      sha256,
      duplicateOf: findImportBatchBySha256(db, roundId, sha256) ?? null,
      check: checkAgainstRound(db, roundId, file, options),
    }))
    .deferred();
}

function duplicateMessage(batch: ImportBatchRow): string {
  return `This file was already imported into this round as batch ${batch.id} ("${batch.file_name}", ${batch.row_count} forms, ${batch.imported_at.slice(0, 10)}, by ${batch.imported_by}). Nothing was imported. To import it again, undo batch ${batch.id} first.`;
}

/**
 * Imports a paper CSV into a round as one batch: a crash or a kill part-way leaves the database
 * as it was. By default any problem refuses the whole file (ValidationError with every problem);
 * with skipInvalid the valid rows are stored and the others come back as a rejects CSV, also kept
 * with the batch. The same file twice is refused (ConflictError naming the earlier batch).
 *
 * The file (an upload in memory, or a file on disk by path) is read a slice at a time and each
 * form is checked and staged as it is read (see openPaperStaging), so a million forms never sit
 * in memory and the main database is not locked while they are read: online submissions do not
 * wait for the CSV parse. Only then does one write transaction move the staged forms into the
 * round, after checking again, under the lock, what may have changed in between (another import
 * of the file or of some of its forms). A refused file writes nothing to the round.
 */
export function importPaperFile(db: Db, roundId: number, file: CsvSource, options: PaperImportOptions): PaperImportResult {
  const round = getRound(db, roundId);
  const skipInvalid = options.skipInvalid === true;
  const dryRun = options.dryRun === true;
  // An upload is hashed first, so that the same file twice is refused before it is read; a file
  // on disk is hashed as it is read, and refused after.
  const inMemory = Buffer.isBuffer(file);
  const hash = inMemory ? null : crypto.createHash('sha256');
  if (inMemory) {
    const duplicate = findImportBatchBySha256(db, roundId, sha256Of(file));
    if (duplicate) throw new ConflictError(duplicateMessage(duplicate));
  }
  const { rosterUnits, importedFormIds } = db.transaction(() => ({ rosterUnits: listRosterUnits(db, roundId), importedFormIds: listImportedFormIds(db, roundId) })).deferred();

  const staging = dryRun ? null : openPaperStaging(db);
  try {
    // With skipInvalid the rejected rows become the rejects file, a line of CSV each (no row is
    // kept); without it, the first one refuses the file, which needs only the problems.
    let rejectsFile: ReturnType<typeof createRejectsCsv> | null = null;
    const rejectedLines = new Set<number>();
    let refused = false;
    let staged = 0;
    // Staging writes only TEMP tables: this transaction takes no lock on the main database.
    const scan = db.transaction(() =>
      scanPaperFile(
        file,
        { instrument: round.instrument, rosterUnits, importedFormIds, allowNewUnits: options.allowNewUnits === true, maxRows: options.maxRows ?? Number.POSITIVE_INFINITY },
        {
          onHeader({ columns, separator }) {
            if (skipInvalid) rejectsFile = createRejectsCsv(columns, separator);
          },
          onForm(form) {
            if (staging === null || refused) return;
            staging.addForm(form);
            staged++;
            if (options.onProgress !== undefined && staged % PROGRESS_EVERY === 0) options.onProgress(staged);
          },
          onRejected(row) {
            if (rejectsFile !== null) {
              rejectsFile.add(row);
              rejectedLines.add(row.line);
            }
            // The file will be refused: what is staged is thrown away, and no more is staged.
            else refused = true;
          },
          onBytes: hash === null ? undefined : (slice) => hash.update(slice),
        },
      ),
    )();
    if (!scan.ok) throw new ValidationError('The file could not be read; nothing was imported', scan.problems);
    // Only now has a file on disk been read whole, and its SHA-256 is known.
    const sha256 = hash === null ? sha256Of(file as Buffer) : hash.digest('hex');
    if (hash !== null) {
      const duplicate = findImportBatchBySha256(db, roundId, sha256);
      if (duplicate) throw new ConflictError(duplicateMessage(duplicate));
    }
    if (scan.problemCount > 0 && !skipInvalid) {
      throw new ValidationError(
        `${scan.rejectedCount} of ${scan.rowCount} row(s) have problems (${scan.problemCount} in all); nothing was imported. Fix them, or import the valid rows only and get the others back as a rejects file.`,
        withUnlistedNote(scan),
      );
    }
    if (scan.formCount === 0) {
      throw new ValidationError(`None of the ${scan.rowCount} row(s) can be imported; nothing was imported.`, withUnlistedNote(scan));
    }
    const rejects = (rejectsFile as ReturnType<typeof createRejectsCsv> | null)?.text() ?? null;
    const result: PaperImportResult = {
      batchId: null,
      sha256,
      rowCount: scan.rowCount,
      imported: scan.formCount,
      rejectedCount: scan.rejectedCount,
      problems: scan.problems,
      problemCount: scan.problemCount,
      warnings: scan.warnings,
      rejectsCsv: rejects,
    };
    if (staging === null) return result;

    const now = options.now ?? new Date();
    const write = db.transaction((): number => {
      const duplicate = findImportBatchBySha256(db, roundId, sha256);
      if (duplicate) throw new ConflictError(duplicateMessage(duplicate));
      assertFormsStillNew(db, roundId, scan, rejectedLines);
      // The pending upload is keyed by the SHA-256 of its content, which is this file's.
      if (options.consumePendingUpload === true) deletePendingImport(db, roundId, sha256);
      const batchId = insertImportBatch(db, {
        round_id: roundId,
        file_name: options.fileName,
        sha256,
        row_count: scan.formCount,
        imported_by: options.importedBy,
        imported_at: now.toISOString(),
      });
      moveStagedPaperForms(db, { roundId, batchId, submittedOn: calendarDate(now, options.timeZone) });
      options.onWritten?.(scan.formCount);
      if (rejects !== null && rejectedLines.size > 0) insertImportRejects(db, { batch_id: batchId, row_count: rejectedLines.size, content: Buffer.from(rejects, 'utf8') });
      recordAudit(
        db,
        { actor: options.actor ?? options.importedBy, action: 'paper.import', roundId, details: { batch: batchId, file_name: options.fileName, sha256, forms: scan.formCount, rejected: scan.rejectedCount } },
        now,
      );
      return batchId;
    });
    result.batchId = write.immediate();
    // Into a closed round the forms are published at once (they lift no online group: see
    // analysis/disclosure.ts); into an open one they wait for its close, like online answers.
    if (roundState(getRound(db, roundId).row, calendarDate(now, options.timeZone)) === 'closed') releaseResults(db, roundId, now, options.actor ?? options.importedBy);
    return result;
  } finally {
    staging?.drop();
  }
}

const PROGRESS_EVERY = 1000;

/**
 * Another import may have stored some of these forms between the check and the write lock. The
 * stored form ids are read one at a time (a round may hold a million), each looked up among the
 * file's; a form of the file that was rejected (skipInvalid) is not being imported.
 */
function assertFormsStillNew(db: Db, roundId: number, scan: PaperScan, rejectedLines: ReadonlySet<number>): void {
  for (const formId of iterateImportedFormIds(db, roundId)) {
    const line = scan.lineOfFormId(formId);
    if (line === undefined || rejectedLines.has(line)) continue;
    throw new ConflictError(`Form "${formId}" (line ${line}) was imported into this round by someone else while this file was being checked. Nothing was imported: check the file again.`);
  }
}

function withUnlistedNote(check: Pick<PaperCheck, 'problems' | 'problemCount'>): CsvProblem[] {
  const unlisted = check.problemCount - check.problems.length;
  if (unlisted <= 0) return check.problems;
  return [...check.problems, { line: null, column: null, value: null, message: `…and ${unlisted} more problem(s) not listed.` }];
}

export function listPaperBatches(db: Db, roundId: number): ImportBatchSummary[] {
  getRound(db, roundId);
  return listImportBatches(db, roundId);
}

export function getPaperBatch(db: Db, roundId: number, batchId: number): ImportBatchRow {
  const batch = Number.isSafeInteger(batchId) ? findImportBatch(db, roundId, batchId) : undefined;
  if (!batch) throw new NotFoundError(`No import batch ${batchId} in round ${roundId}`);
  return batch;
}

/** Removes a batch with all its forms, comments and rejects, in one transaction; returns the batch as it was. */
export function undoPaperBatch(db: Db, roundId: number, batchId: number, now: Date, actor: string): ImportBatchRow {
  return db
    .transaction(() => {
      const batch = getPaperBatch(db, roundId, batchId);
      deleteImportBatch(db, batch.id);
      recordAudit(db, { actor, action: 'paper.undo', roundId, details: { batch: batch.id, file_name: batch.file_name, sha256: batch.sha256, forms: batch.row_count } }, now);
      return batch;
    })
    .immediate();
}

/** The rejects CSV kept with a batch imported with "skip invalid rows". */
export function paperBatchRejects(db: Db, roundId: number, batchId: number): { rowCount: number; csv: Buffer } {
  const batch = getPaperBatch(db, roundId, batchId);
  const rejects = findImportRejects(db, batch.id);
  if (!rejects) throw new NotFoundError(`Batch ${batchId} has no rejected rows`);
  return { rowCount: rejects.row_count, csv: rejects.content };
}

/** How long an upload waits for its confirm step. */
export const PENDING_UPLOAD_HOURS = 24;

/**
 * Deletes the uploads older than PENDING_UPLOAD_HOURS, in every round: they hold answers and
 * comments, so they are not kept longer than the confirm step needs. Runs on every upload, on
 * every look-up of an upload and when Potret starts (bootstrap.ts); returns how many went.
 */
export function purgeExpiredPaperUploads(db: Db, now: Date): number {
  return deletePendingImportsBefore(db, pendingCutoff(now));
}

/** Uploads made before this time (ISO) are past their time. */
function pendingCutoff(now: Date): string {
  return new Date(now.getTime() - PENDING_UPLOAD_HOURS * 3600_000).toISOString();
}

/** How much one user may have waiting for confirmation (POTRET_MAX_PENDING_UPLOADS, POTRET_MAX_PENDING_UPLOAD_MB). */
export interface PendingUploadLimits {
  maxCount: number;
  maxBytes: number;
}

/** Refuses an upload that would take its user over their limit of waiting uploads; nothing is stored. */
export class PendingUploadsFullError extends ConflictError {
  constructor(
    readonly limit: 'count' | 'bytes',
    readonly waiting: { count: number; bytes: number },
    readonly limits: PendingUploadLimits,
  ) {
    super(
      limit === 'count'
        ? `${waiting.count} upload(s) are already waiting for their confirmation (at most ${limits.maxCount}): import or cancel one first. This file was not stored.`
        : `The uploads waiting for their confirmation and this file would hold ${Math.ceil(waiting.bytes / 1024 / 1024)} MB (at most ${Math.floor(limits.maxBytes / 1024 / 1024)} MB): import or cancel one first. This file was not stored.`,
    );
  }
}

/**
 * Refuses the upload when its user's waiting uploads and this one together would pass the
 * limits. Uploads past their time are deleted first, so they never count; the same file again
 * in the same round replaces its earlier upload rather than adding one.
 */
export function assertRoomForUpload(db: Db, roundId: number, upload: { content: Buffer; uploadedBy: string }, limits: PendingUploadLimits, now: Date): void {
  purgeExpiredPaperUploads(db, now);
  const waiting = tallyPendingImportsBy(db, upload.uploadedBy, { roundId, sha256: sha256Of(upload.content) });
  const after = { count: waiting.count + 1, bytes: waiting.bytes + upload.content.length };
  if (after.count > limits.maxCount) throw new PendingUploadsFullError('count', waiting, limits);
  if (after.bytes > limits.maxBytes) throw new PendingUploadsFullError('bytes', after, limits);
}

/**
 * Keeps an upload between its preview and its confirm step (see migrations/0002); returns its
 * SHA-256. Only a file that can be imported is worth keeping: the routes keep no upload the
 * preview refuses. With limits, an upload beyond them is refused (PendingUploadsFullError),
 * checked under the write lock so that two uploads at once cannot both slip under the limit.
 */
export function stashPaperUpload(db: Db, roundId: number, upload: { fileName: string; content: Buffer; uploadedBy: string }, now: Date, limits?: PendingUploadLimits): string {
  getRound(db, roundId);
  const sha256 = sha256Of(upload.content);
  db.transaction(() => {
    purgeExpiredPaperUploads(db, now);
    if (limits) assertRoomForUpload(db, roundId, upload, limits, now);
    savePendingImport(db, { round_id: roundId, sha256, file_name: upload.fileName, content: upload.content, uploaded_by: upload.uploadedBy, uploaded_at: now.toISOString() });
  }).immediate();
  return sha256;
}

/** The uploads one user has waiting for their confirmation, oldest first; those past their time are left out (a read deletes nothing). */
export function listPendingUploadsOf(db: Db, uploadedBy: string, now: Date): PendingImportSummary[] {
  return listPendingImportsBy(db, uploadedBy, pendingCutoff(now));
}

/** An upload still waiting for its confirmation; an expired one is deleted (with every other expired one), not returned. */
export function findPaperUpload(db: Db, roundId: number, sha256: string, now: Date): PendingImportRow {
  purgeExpiredPaperUploads(db, now);
  const pending = /^[0-9a-f]{64}$/.test(sha256) ? findPendingImport(db, roundId, sha256) : undefined;
  if (!pending) throw new NotFoundError(`This upload is no longer available (uploads wait ${PENDING_UPLOAD_HOURS} hours for their confirmation): upload the file again.`);
  return pending;
}

export function discardPaperUpload(db: Db, roundId: number, sha256: string): void {
  deletePendingImport(db, roundId, sha256);
}
