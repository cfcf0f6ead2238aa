import { prepared, type Db } from './connection';

/** The rows of migrations/0015-mail.sql. Kept beside their queries: only src/mail/ reads them. */
export type MailKind = 'invitation' | 'reminder';
export type TemplateKind = MailKind | 'chat';
export type MailAudience = 'missing' | 'pending' | 'selected';
export type MailStatus = 'queued' | 'sending' | 'sent' | 'refused' | 'failed' | 'skipped';

export interface MailTemplateRow {
  round_id: number;
  kind: TemplateKind;
  subject: string;
  body: string;
  updated_at: string;
}

export interface MailBatchRow {
  id: number;
  round_id: number;
  kind: MailKind;
  audience: MailAudience;
  created_by: string;
  created_at: string;
  finished_at: string | null;
}

export interface MailMessageRow {
  id: number;
  batch_id: number;
  round_id: number;
  roster_entry_id: number;
  kind: MailKind;
  address: string;
  status: MailStatus;
  reply: string | null;
  attempts: number;
  queued_at: string;
  claimed_at: string | null;
  finished_at: string | null;
}

export function findTemplate(db: Db, roundId: number, kind: TemplateKind): MailTemplateRow | undefined {
  return prepared(db, 'SELECT * FROM mail_templates WHERE round_id = ? AND kind = ?').get(roundId, kind) as MailTemplateRow | undefined;
}

export function upsertTemplate(db: Db, row: MailTemplateRow): void {
  prepared(
    db,
    `INSERT INTO mail_templates (round_id, kind, subject, body, updated_at) VALUES (@round_id, @kind, @subject, @body, @updated_at)
     ON CONFLICT (round_id, kind) DO UPDATE SET subject = excluded.subject, body = excluded.body, updated_at = excluded.updated_at`,
  ).run(row);
}

export function insertBatch(db: Db, row: Omit<MailBatchRow, 'id' | 'finished_at'>): number {
  return Number(
    prepared(db, 'INSERT INTO mail_batches (round_id, kind, audience, created_by, created_at) VALUES (@round_id, @kind, @audience, @created_by, @created_at)').run(row)
      .lastInsertRowid,
  );
}

export function findBatch(db: Db, roundId: number, id: number): MailBatchRow | undefined {
  return prepared(db, 'SELECT * FROM mail_batches WHERE round_id = ? AND id = ?').get(roundId, id) as MailBatchRow | undefined;
}

export function listBatches(db: Db, roundId: number): MailBatchRow[] {
  return prepared(db, 'SELECT * FROM mail_batches WHERE round_id = ? ORDER BY id DESC').all(roundId) as MailBatchRow[];
}

export function setBatchFinished(db: Db, id: number, at: string | null): void {
  prepared(db, 'UPDATE mail_batches SET finished_at = ? WHERE id = ?').run(at, id);
}

export function insertMessage(db: Db, row: Pick<MailMessageRow, 'batch_id' | 'round_id' | 'roster_entry_id' | 'kind' | 'address' | 'queued_at'>): number {
  return Number(
    prepared(
      db,
      'INSERT INTO mail_messages (batch_id, round_id, roster_entry_id, kind, address, queued_at) VALUES (@batch_id, @round_id, @roster_entry_id, @kind, @address, @queued_at)',
    ).run(row).lastInsertRowid,
  );
}

export function findMessage(db: Db, roundId: number, id: number): MailMessageRow | undefined {
  return prepared(db, 'SELECT * FROM mail_messages WHERE round_id = ? AND id = ?').get(roundId, id) as MailMessageRow | undefined;
}

export interface MailMessageListRow extends MailMessageRow {
  name: string;
  unit: string;
}

export function listBatchMessages(db: Db, batchId: number): MailMessageListRow[] {
  return prepared(
    db,
    `SELECT m.*, r.name, r.unit FROM mail_messages m JOIN roster_entries r ON r.id = m.roster_entry_id
      WHERE m.batch_id = ? ORDER BY m.id`,
  ).all(batchId) as MailMessageListRow[];
}

export type StatusCounts = Record<MailStatus, number>;

export function countBatchStatus(db: Db, batchId: number): StatusCounts {
  const counts: StatusCounts = { queued: 0, sending: 0, sent: 0, refused: 0, failed: 0, skipped: 0 };
  for (const row of prepared(db, 'SELECT status, count(*) AS n FROM mail_messages WHERE batch_id = ? GROUP BY status').all(batchId) as { status: MailStatus; n: number }[]) {
    counts[row.status] = row.n;
  }
  return counts;
}

/** The latest message of each kind per roster entry of a round (whether an invitation reached someone). */
export function latestMessagesByEntry(db: Db, roundId: number, kind: MailKind): Map<number, MailMessageRow> {
  const rows = prepared(
    db,
    `SELECT m.* FROM mail_messages m
      WHERE m.round_id = ? AND m.kind = ? AND m.id = (SELECT max(id) FROM mail_messages o WHERE o.roster_entry_id = m.roster_entry_id AND o.kind = m.kind)`,
  ).all(roundId, kind) as MailMessageRow[];
  return new Map(rows.map((row) => [row.roster_entry_id, row]));
}

/** The oldest waiting message (of one batch, or of any), to be claimed. */
export function nextQueuedMessage(db: Db, batchId: number | null): MailMessageRow | undefined {
  return (
    batchId === null
      ? prepared(db, "SELECT * FROM mail_messages WHERE status = 'queued' ORDER BY id LIMIT 1").get()
      : prepared(db, "SELECT * FROM mail_messages WHERE status = 'queued' AND batch_id = ? ORDER BY id LIMIT 1").get(batchId)
  ) as MailMessageRow | undefined;
}

/**
 * Takes a queued message for sending; false when another process (the server and the command line
 * may share the database) took it first, so that no message goes out twice.
 */
export function claimMessage(db: Db, id: number, at: string): boolean {
  return prepared(db, "UPDATE mail_messages SET status = 'sending', claimed_at = ?, attempts = attempts + 1 WHERE id = ? AND status = 'queued'").run(at, id).changes === 1;
}

export function finishMessage(db: Db, id: number, status: Exclude<MailStatus, 'queued' | 'sending'>, reply: string | null, at: string): void {
  prepared(db, 'UPDATE mail_messages SET status = ?, reply = ?, finished_at = ? WHERE id = ?').run(status, reply, at, id);
}

export function requeueMessage(db: Db, id: number, address: string, at: string): void {
  prepared(db, "UPDATE mail_messages SET status = 'queued', address = ?, reply = NULL, queued_at = ?, claimed_at = NULL, finished_at = NULL WHERE id = ?").run(address, at, id);
}

/** Messages left 'sending' by a process that stopped mid-send before `before`: their outcome is unknown. */
export function listStaleSending(db: Db, before: string): MailMessageRow[] {
  return prepared(db, "SELECT * FROM mail_messages WHERE status = 'sending' AND claimed_at < ?").all(before) as MailMessageRow[];
}

export function countWaiting(db: Db, batchId: number): number {
  return (prepared(db, "SELECT count(*) AS n FROM mail_messages WHERE batch_id = ? AND status IN ('queued', 'sending')").get(batchId) as { n: number }).n;
}
