import type { Db } from './connection';
import { insertWithRandomId, randomRowId, randomRowIdSource, shuffle, sortedRandomRowIds } from './random-ids';

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

/** The form ids of the round's paper forms, one at a time (a round may hold a million). */
export function* iterateImportedFormIds(db: Db, roundId: number): Generator<string> {
  yield* db.prepare('SELECT form_id FROM responses WHERE round_id = ? AND form_id IS NOT NULL').pluck().iterate(roundId) as IterableIterator<string>;
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

/**
 * Forms of one import set aside while the file is read, in TEMP tables: the connection's own,
 * in a file SQLite deletes as it opens it, gone with the connection (a crash or a kill of the
 * import leaves nothing of them) and written without the main database's write lock, so online
 * submissions go on while a million forms are read and checked. moveStagedPaperForms then writes
 * them into the round in one short transaction.
 *
 * Each form and each comment is staged with a random id of its own (randomRowId), and moved in
 * ascending id order: the order of insertion, and so of the pages, is that of random ids, not
 * the file's (the order forms were typed in, which the random ids hide), and the inserts fill
 * B-tree pages one after the other. Ids drawn independently per form and per comment, then
 * sorted, are the same thing as writePaperForms' shuffle followed by ascending random ids.
 */
export interface PaperStaging {
  addForm(form: PaperFormRow): void;
  /** Discards everything staged (the import is refused, or done). */
  drop(): void;
}

const STAGING_FORMS = 'temp.paper_staging_forms';
const STAGING_COMMENTS = 'temp.paper_staging_comments';

export function openPaperStaging(db: Db): PaperStaging {
  db.exec(`DROP TABLE IF EXISTS ${STAGING_FORMS}; DROP TABLE IF EXISTS ${STAGING_COMMENTS};
    CREATE TABLE ${STAGING_FORMS} (id INTEGER NOT NULL, unit TEXT, grade TEXT, answers BLOB NOT NULL, form_id TEXT NOT NULL);
    CREATE TABLE ${STAGING_COMMENTS} (id INTEGER NOT NULL, perspective_code TEXT NOT NULL, text TEXT NOT NULL);`);
  const insertForm = db.prepare(`INSERT INTO ${STAGING_FORMS} (id, unit, grade, answers, form_id) VALUES (?, ?, ?, ?, ?)`);
  const insertComment = db.prepare(`INSERT INTO ${STAGING_COMMENTS} (id, perspective_code, text) VALUES (?, ?, ?)`);
  const nextId = randomRowIdSource();
  return {
    addForm(form) {
      insertForm.run(nextId(), form.unit, form.grade, form.answers, form.formId);
      if (form.comments !== null) for (const [perspective, text] of form.comments) insertComment.run(nextId(), perspective, text);
    },
    drop() {
      db.exec(`DROP TABLE IF EXISTS ${STAGING_FORMS}; DROP TABLE IF EXISTS ${STAGING_COMMENTS};`);
    },
  };
}

/**
 * Writes the staged forms and comments into the round as one batch's; call inside the import's
 * write transaction. An id that clashes with a stored one (or another staged one: about 1 in
 * 20,000 imports of a million forms) fails the statement, which SQLite undoes alone; the
 * clashing rows get new ids and the statement runs again.
 */
export function moveStagedPaperForms(db: Db, batch: { roundId: number; batchId: number; submittedOn: string }): { forms: number; comments: number } {
  const forms = moveWithFreshIds(
    db,
    STAGING_FORMS,
    'main.responses',
    () =>
      db
        .prepare(
          `INSERT INTO main.responses (id, round_id, channel, unit, grade, answers, submitted_on, form_id, batch_id)
           SELECT id, ?, 'paper', unit, grade, answers, ?, form_id, ? FROM ${STAGING_FORMS} ORDER BY id`,
        )
        .run(batch.roundId, batch.submittedOn, batch.batchId).changes,
  );
  const comments = moveWithFreshIds(
    db,
    STAGING_COMMENTS,
    'main.comments',
    () =>
      db
        .prepare(`INSERT INTO main.comments (id, round_id, perspective_code, text, batch_id) SELECT id, ?, perspective_code, text, ? FROM ${STAGING_COMMENTS} ORDER BY id`)
        .run(batch.roundId, batch.batchId).changes,
  );
  return { forms, comments };
}

function moveWithFreshIds(db: Db, staging: string, target: string, move: () => number): number {
  for (let attempt = 0; ; attempt++) {
    try {
      return move();
    } catch (error) {
      if ((error as { code?: string }).code !== 'SQLITE_CONSTRAINT_PRIMARYKEY' || attempt >= 3) throw error;
    }
    const clashing = db
      .prepare(
        `SELECT rowid FROM ${staging} s
          WHERE EXISTS (SELECT 1 FROM ${target} t WHERE t.id = s.id)
             OR s.id IN (SELECT id FROM ${staging} GROUP BY id HAVING count(*) > 1)`,
      )
      .pluck()
      .all() as number[];
    const rekey = db.prepare(`UPDATE ${staging} SET id = ? WHERE rowid = ?`);
    for (const rowid of clashing) rekey.run(randomRowId(), rowid);
  }
}
