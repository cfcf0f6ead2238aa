import type { Db } from './connection';
import { insertWithRandomId, shuffle, sortedRandomRowIds } from './random-ids';

// Row types of the paper-import tables (migrations 0001 and 0002); only this module and the paper
// service use them.

export interface ImportBatchRow {
  id: number;
  round_id: number;
  file_name: string;
  sha256: string;
  /** Forms written by the batch (rejected rows are not counted). */
  row_count: number;
  imported_by: string;
  imported_at: string;
}

export interface ImportBatchSummary extends ImportBatchRow {
  /** Rows left out with "skip invalid rows"; 0 when the whole file was imported. */
  rejected_count: number;
}

export interface PendingImportRow {
  round_id: number;
  sha256: string;
  file_name: string;
  content: Buffer;
  uploaded_by: string;
  uploaded_at: string;
}

export function insertImportBatch(db: Db, row: Omit<ImportBatchRow, 'id'>): number {
  return Number(
    db
      .prepare(
        `INSERT INTO import_batches (round_id, file_name, sha256, row_count, imported_by, imported_at)
         VALUES (@round_id, @file_name, @sha256, @row_count, @imported_by, @imported_at)`,
      )
      .run(row).lastInsertRowid,
  );
}

export function setImportBatchRowCount(db: Db, id: number, rowCount: number): void {
  db.prepare('UPDATE import_batches SET row_count = ? WHERE id = ?').run(rowCount, id);
}

export function findImportBatch(db: Db, roundId: number, id: number): ImportBatchRow | undefined {
  return db.prepare('SELECT * FROM import_batches WHERE round_id = ? AND id = ?').get(roundId, id) as ImportBatchRow | undefined;
}

export function findImportBatchBySha256(db: Db, roundId: number, sha256: string): ImportBatchRow | undefined {
  return db.prepare('SELECT * FROM import_batches WHERE round_id = ? AND sha256 = ?').get(roundId, sha256) as ImportBatchRow | undefined;
}

export function listImportBatches(db: Db, roundId: number): ImportBatchSummary[] {
  return db
    .prepare(
      `SELECT b.*, coalesce(r.row_count, 0) AS rejected_count
         FROM import_batches b LEFT JOIN import_rejects r ON r.batch_id = b.id
        WHERE b.round_id = ? ORDER BY b.id DESC`,
    )
    .all(roundId) as ImportBatchSummary[];
}

/** Deletes the batch; its responses, comments and rejects go with it (ON DELETE CASCADE). */
export function deleteImportBatch(db: Db, id: number): void {
  db.prepare('DELETE FROM import_batches WHERE id = ?').run(id);
}

/** form_id → the batch that imported it, for every paper form already stored in the round. */
export function listImportedFormIds(db: Db, roundId: number): Map<string, number | null> {
  const rows = db
    .prepare('SELECT form_id, batch_id FROM responses WHERE round_id = ? AND form_id IS NOT NULL')
    .raw()
    .all(roundId) as [string, number | null][];
  return new Map(rows);
}

export function insertImportRejects(db: Db, row: { batch_id: number; row_count: number; content: Buffer }): void {
  db.prepare('INSERT INTO import_rejects (batch_id, row_count, content) VALUES (@batch_id, @row_count, @content)').run(row);
}

export function findImportRejects(db: Db, batchId: number): { row_count: number; content: Buffer } | undefined {
  return db.prepare('SELECT row_count, content FROM import_rejects WHERE batch_id = ?').get(batchId) as { row_count: number; content: Buffer } | undefined;
}

export function savePendingImport(db: Db, row: PendingImportRow): void {
  db.prepare(
    `INSERT INTO pending_imports (round_id, sha256, file_name, content, uploaded_by, uploaded_at)
     VALUES (@round_id, @sha256, @file_name, @content, @uploaded_by, @uploaded_at)
     ON CONFLICT (round_id, sha256) DO UPDATE SET file_name = excluded.file_name, uploaded_by = excluded.uploaded_by, uploaded_at = excluded.uploaded_at`,
  ).run(row);
}

export function findPendingImport(db: Db, roundId: number, sha256: string): PendingImportRow | undefined {
  return db.prepare('SELECT * FROM pending_imports WHERE round_id = ? AND sha256 = ?').get(roundId, sha256) as PendingImportRow | undefined;
}

export function deletePendingImport(db: Db, roundId: number, sha256: string): void {
  db.prepare('DELETE FROM pending_imports WHERE round_id = ? AND sha256 = ?').run(roundId, sha256);
}

/** How many uploads one user has waiting, and their bytes, leaving out one (round, SHA-256) that an upload of the same file would replace. */
export function tallyPendingImportsBy(db: Db, uploadedBy: string, except: { roundId: number; sha256: string }): { count: number; bytes: number } {
  return db
    .prepare('SELECT count(*) AS count, coalesce(sum(length(content)), 0) AS bytes FROM pending_imports WHERE uploaded_by = ? AND NOT (round_id = ? AND sha256 = ?)')
    .get(uploadedBy, except.roundId, except.sha256) as { count: number; bytes: number };
}

export interface PendingImportSummary {
  round_id: number;
  round_name: string;
  sha256: string;
  file_name: string;
  bytes: number;
  uploaded_at: string;
}

/** One user's waiting uploads made at or after `uploadedFrom` (ISO), oldest first, without their content. */
export function listPendingImportsBy(db: Db, uploadedBy: string, uploadedFrom: string): PendingImportSummary[] {
  return db
    .prepare(
      `SELECT p.round_id, r.name AS round_name, p.sha256, p.file_name, length(p.content) AS bytes, p.uploaded_at
       FROM pending_imports p JOIN rounds r ON r.id = p.round_id WHERE p.uploaded_by = ? AND p.uploaded_at >= ? ORDER BY p.uploaded_at, p.round_id, p.sha256`,
    )
    .all(uploadedBy, uploadedFrom) as PendingImportSummary[];
}

/** uploaded_at is an ISO timestamp, so text order is time order. */
export function deletePendingImportsBefore(db: Db, uploadedBefore: string): number {
  return db.prepare('DELETE FROM pending_imports WHERE uploaded_at < ?').run(uploadedBefore).changes;
}

export interface PaperFormRow {
  unit: string | null;
  grade: string | null;
  answers: Buffer;
  formId: string;
  comments: [string, string][] | null;
}

/**
 * Writes the forms of one batch: channel 'paper', stored exactly like an online response, with
 * random ids as insertResponse gives them. Call inside the import's transaction.
 *
 * Built for 100,000 rows: statements prepared once, positional parameters, all random ids drawn
 * in one call and inserted in ascending order (see sortedRandomRowIds), at the speed of plain
 * autoincrement ids. Ascending ids follow the order of insertion, so the forms are shuffled
 * first: in file order, id order would be the order in which they were typed (often the order
 * they were handed in), which the random ids are there to hide.
 */
export function writePaperForms(
  db: Db,
  batch: { roundId: number; batchId: number; submittedOn: string },
  forms: readonly PaperFormRow[],
  onProgress?: (written: number) => void,
): void {
  const insertResponse = db.prepare(
    `INSERT INTO responses (id, round_id, channel, unit, grade, answers, submitted_on, form_id, batch_id)
     VALUES (?, ?, 'paper', ?, ?, ?, ?, ?, ?)`,
  );
  const insertComment = db.prepare('INSERT INTO comments (id, round_id, perspective_code, text, batch_id) VALUES (?, ?, ?, ?, ?)');
  const { roundId, batchId, submittedOn } = batch;
  const shuffled = forms.slice();
  shuffle(shuffled);
  const responseIds = sortedRandomRowIds(shuffled.length);
  const comments: [string, string][] = [];
  for (let position = 0; position < shuffled.length; position++) {
    const form = shuffled[position];
    insertWithRandomId((id) => insertResponse.run(id, roundId, form.unit, form.grade, form.answers, submittedOn, form.formId, batchId), responseIds[position]);
    if (form.comments !== null) comments.push(...form.comments);
    if (onProgress !== undefined && (position + 1) % PROGRESS_EVERY === 0) onProgress(position + 1);
  }
  // Comments are kept apart from the answers so that none can be traced to a unit: gathered in
  // the forms' order they would line up with the forms' ids, so they are shuffled on their own.
  shuffle(comments);
  const commentIds = sortedRandomRowIds(comments.length);
  for (let position = 0; position < comments.length; position++) {
    const [perspective, text] = comments[position];
    insertWithRandomId((id) => insertComment.run(id, roundId, perspective, text, batchId), commentIds[position]);
  }
}

const PROGRESS_EVERY = 1000;
