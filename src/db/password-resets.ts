import { prepared, type Db } from './connection';

export interface PasswordResetRow {
  id: number;
  user_id: number;
  token_hash: string;
  created_by: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export function insertPasswordReset(db: Db, row: Omit<PasswordResetRow, 'id' | 'used_at'>): number {
  return Number(
    prepared(db, 'INSERT INTO password_resets (user_id, token_hash, created_by, created_at, expires_at) VALUES (@user_id, @token_hash, @created_by, @created_at, @expires_at)').run(row)
      .lastInsertRowid,
  );
}

/** The link of this hash while it can still be used: not used, not expired. */
export function findUsablePasswordReset(db: Db, tokenHash: string, nowIso: string): PasswordResetRow | undefined {
  return prepared(db, 'SELECT * FROM password_resets WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?').get(tokenHash, nowIso) as PasswordResetRow | undefined;
}

/** Marks a link used; false when it was used (or voided) in the meantime. */
export function markPasswordResetUsed(db: Db, id: number, usedAt: string): boolean {
  return prepared(db, 'UPDATE password_resets SET used_at = ? WHERE id = ? AND used_at IS NULL').run(usedAt, id).changes === 1;
}

/** Voids every unused link of a user (a newer link, a deactivation, a password set by a link). */
export function voidPasswordResets(db: Db, userId: number, at: string): number {
  return prepared(db, 'UPDATE password_resets SET used_at = ? WHERE user_id = ? AND used_at IS NULL').run(at, userId).changes;
}
