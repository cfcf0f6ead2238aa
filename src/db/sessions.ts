import { prepared, type Db } from './connection';
import type { SessionRow } from './types';

export function insertSession(db: Db, row: SessionRow): void {
  prepared(db, 'INSERT INTO sessions (id_hash, user_id, csrf_token, expires_at) VALUES (@id_hash, @user_id, @csrf_token, @expires_at)').run(row);
}

export function findLiveSession(db: Db, idHash: string, nowIso: string): SessionRow | undefined {
  return prepared(db, 'SELECT * FROM sessions WHERE id_hash = ? AND expires_at > ?').get(idHash, nowIso) as SessionRow | undefined;
}

export function deleteSession(db: Db, idHash: string): void {
  prepared(db, 'DELETE FROM sessions WHERE id_hash = ?').run(idHash);
}

export function deleteExpiredSessions(db: Db, nowIso: string): void {
  prepared(db, 'DELETE FROM sessions WHERE expires_at <= ?').run(nowIso);
}

export function insertApiToken(db: Db, row: { user_id: number; name: string; token_hash: string; created_at: string }): void {
  prepared(db, 'INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES (@user_id, @name, @token_hash, @created_at)').run(row);
}

export function findApiTokenUserId(db: Db, tokenHash: string): number | undefined {
  const row = prepared(db, 'SELECT user_id FROM api_tokens WHERE token_hash = ?').get(tokenHash) as { user_id: number } | undefined;
  return row?.user_id;
}

/** Ends every session of a user but the one whose hash is given (null: all of them); returns how many. */
export function deleteSessionsOfUser(db: Db, userId: number, keepIdHash: string | null): number {
  return prepared(db, 'DELETE FROM sessions WHERE user_id = ? AND id_hash IS NOT ?').run(userId, keepIdHash).changes;
}

export function countSessionsOfUser(db: Db, userId: number): number {
  return (prepared(db, 'SELECT count(*) AS n FROM sessions WHERE user_id = ?').get(userId) as { n: number }).n;
}

/** A token's label and dates, never its hash. */
export interface ApiTokenListRow {
  id: number;
  user_id: number;
  username: string;
  name: string;
  created_at: string;
}

/** The tokens of one user (or of everyone: null), oldest first. */
export function listApiTokens(db: Db, userId: number | null): ApiTokenListRow[] {
  return prepared(
    db,
    `SELECT t.id, t.user_id, u.username, t.name, t.created_at FROM api_tokens t JOIN users u ON u.id = t.user_id
      WHERE ? IS NULL OR t.user_id = ? ORDER BY t.id`,
  ).all(userId, userId) as ApiTokenListRow[];
}

export function findApiToken(db: Db, id: number): ApiTokenListRow | undefined {
  return prepared(db, 'SELECT t.id, t.user_id, u.username, t.name, t.created_at FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.id = ?').get(id) as
    | ApiTokenListRow
    | undefined;
}

export function deleteApiToken(db: Db, id: number): void {
  prepared(db, 'DELETE FROM api_tokens WHERE id = ?').run(id);
}

export function deleteApiTokensOfUser(db: Db, userId: number): number {
  return prepared(db, 'DELETE FROM api_tokens WHERE user_id = ?').run(userId).changes;
}
