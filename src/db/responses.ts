import crypto from 'node:crypto';
import type { Db } from './connection';
import type { DraftRow, ResponseRow } from './types';

export function findDraft(db: Db, rosterEntryId: number): DraftRow | undefined {
  return db.prepare('SELECT * FROM drafts WHERE roster_entry_id = ?').get(rosterEntryId) as DraftRow | undefined;
}

export function saveDraft(db: Db, row: DraftRow): void {
  db.prepare(
    `INSERT INTO drafts (roster_entry_id, answers, comments, page) VALUES (@roster_entry_id, @answers, @comments, @page)
     ON CONFLICT (roster_entry_id) DO UPDATE SET answers = excluded.answers, comments = excluded.comments, page = excluded.page`,
  ).run(row);
}

export function deleteDraft(db: Db, rosterEntryId: number): void {
  db.prepare('DELETE FROM drafts WHERE roster_entry_id = ?').run(rosterEntryId);
}

/** A random positive 53-bit id: rows then sort in no meaningful order, so storage order cannot re-identify anyone. */
export function randomRowId(): number {
  return crypto.randomBytes(7).readUIntBE(0, 7) % Number.MAX_SAFE_INTEGER || 1;
}

export type NewResponse = Omit<ResponseRow, 'id'>;

export function insertResponse(db: Db, row: NewResponse): number {
  const id = randomRowId();
  db.prepare(
    `INSERT INTO responses (id, round_id, channel, unit, grade, answers, submitted_on, form_id, batch_id)
     VALUES (@id, @round_id, @channel, @unit, @grade, @answers, @submitted_on, @form_id, @batch_id)`,
  ).run({ ...row, id });
  return id;
}

export function insertComment(db: Db, row: { round_id: number; perspective_code: string; text: string; batch_id: number | null }): void {
  db.prepare('INSERT INTO comments (id, round_id, perspective_code, text, batch_id) VALUES (@id, @round_id, @perspective_code, @text, @batch_id)').run({
    ...row,
    id: randomRowId(),
  });
}

export function countResponses(db: Db, roundId: number): { online: number; paper: number } {
  const row = db
    .prepare("SELECT coalesce(sum(channel = 'online'), 0) AS online, coalesce(sum(channel = 'paper'), 0) AS paper FROM responses WHERE round_id = ?")
    .get(roundId) as { online: number; paper: number };
  return row;
}

/** Streams the answers of a round without loading them all: the report keeps running sums. */
export function iterateResponses(db: Db, roundId: number): IterableIterator<Pick<ResponseRow, 'unit' | 'grade' | 'answers'>> {
  return db.prepare('SELECT unit, grade, answers FROM responses WHERE round_id = ?').iterate(roundId) as IterableIterator<
    Pick<ResponseRow, 'unit' | 'grade' | 'answers'>
  >;
}
