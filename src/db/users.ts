import { prepared, type Db } from './connection';
import type { Role, UserRow } from './types';

export function countAdmins(db: Db): number {
  return (prepared(db, "SELECT count(*) AS n FROM users WHERE role = 'admin'").get() as { n: number }).n;
}

/** Administrators who can still log in: the last of them may not be deactivated or demoted. */
export function countActiveAdmins(db: Db): number {
  return (prepared(db, "SELECT count(*) AS n FROM users WHERE role = 'admin' AND deactivated_at IS NULL").get() as { n: number }).n;
}

export function findUserByUsername(db: Db, username: string): UserRow | undefined {
  return prepared(db, 'SELECT * FROM users WHERE username = ?').get(username) as UserRow | undefined;
}

export function findUserById(db: Db, id: number): UserRow | undefined {
  return prepared(db, 'SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined;
}

export function listUsers(db: Db): UserRow[] {
  return prepared(db, 'SELECT * FROM users ORDER BY username').all() as UserRow[];
}

export function insertUser(db: Db, row: { username: string; password_hash: string; role: Role; created_at: string }): number {
  return Number(
    prepared(db, 'INSERT INTO users (username, password_hash, role, created_at) VALUES (@username, @password_hash, @role, @created_at)').run(row)
      .lastInsertRowid,
  );
}

export function updatePasswordHash(db: Db, userId: number, passwordHash: string): void {
  prepared(db, 'UPDATE users SET password_hash = ? WHERE id = ?').run(passwordHash, userId);
}

export function updateUserRole(db: Db, userId: number, role: Role): void {
  prepared(db, 'UPDATE users SET role = ? WHERE id = ?').run(role, userId);
}

/** `deactivatedAt` null reactivates. */
export function setUserDeactivated(db: Db, userId: number, deactivatedAt: string | null): void {
  prepared(db, 'UPDATE users SET deactivated_at = ? WHERE id = ?').run(deactivatedAt, userId);
}
