import { prepared, type Db } from './connection';
import type { AuditLogRow } from './types';

// The audit log only grows: there is no update or delete here, and the table's triggers refuse both.

export function insertAuditEntry(db: Db, row: Omit<AuditLogRow, 'id'>): number {
  return Number(
    prepared(db, 'INSERT INTO audit_log (at, actor, action, round_id, details) VALUES (@at, @actor, @action, @round_id, @details)').run(row).lastInsertRowid,
  );
}

/** An entry with the current name of its round (null when there is none, or it has gone). */
export interface AuditLogListRow extends AuditLogRow {
  round_name: string | null;
}

const SELECT_WITH_ROUND_NAME = 'SELECT a.id, a.at, a.actor, a.action, a.round_id, a.details, r.name AS round_name FROM audit_log a LEFT JOIN rounds r ON r.id = a.round_id';

/** Newest first; ids grow with time, so id order is the order of recording. */
export function listAuditEntries(db: Db, filter: { roundId: number | null; limit: number; offset: number }): AuditLogListRow[] {
  if (filter.roundId === null) {
    return prepared(db, `${SELECT_WITH_ROUND_NAME} ORDER BY a.id DESC LIMIT ? OFFSET ?`).all(filter.limit, filter.offset) as AuditLogListRow[];
  }
  return prepared(db, `${SELECT_WITH_ROUND_NAME} WHERE a.round_id = ? ORDER BY a.id DESC LIMIT ? OFFSET ?`).all(filter.roundId, filter.limit, filter.offset) as AuditLogListRow[];
}

/** The newest entry of one action on one round, if any. */
export function latestAuditEntry(db: Db, roundId: number, action: string): AuditLogRow | undefined {
  return prepared(db, 'SELECT id, at, actor, action, round_id, details FROM audit_log WHERE round_id = ? AND action = ? ORDER BY id DESC LIMIT 1').get(roundId, action) as AuditLogRow | undefined;
}

export function countAuditEntries(db: Db, roundId: number | null): number {
  const row =
    roundId === null
      ? prepared(db, 'SELECT count(*) AS n FROM audit_log').get()
      : prepared(db, 'SELECT count(*) AS n FROM audit_log WHERE round_id = ?').get(roundId);
  return (row as { n: number }).n;
}

/** Every entry (of one round, or all), newest first, one row at a time for the CSV export. */
export function iterateAuditEntries(db: Db, roundId: number | null): IterableIterator<AuditLogListRow> {
  if (roundId === null) return prepared(db, `${SELECT_WITH_ROUND_NAME} ORDER BY a.id DESC`).iterate() as IterableIterator<AuditLogListRow>;
  return prepared(db, `${SELECT_WITH_ROUND_NAME} WHERE a.round_id = ? ORDER BY a.id DESC`).iterate(roundId) as IterableIterator<AuditLogListRow>;
}
