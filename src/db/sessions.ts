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
