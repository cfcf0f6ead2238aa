import type { Db } from './connection';
import type { Role, UserRow } from './types';

export function countAdmins(db: Db): number {
  return (db.prepare("SELECT count(*) AS n FROM users WHERE role = 'admin'").get() as { n: number }).n;
}

export function findUserByUsername(db: Db, username: string): UserRow | undefined {
  return db.prepare('SELECT * FROM users WHERE username = ?').get(username) as UserRow | undefined;
}

export function findUserById(db: Db, id: number): UserRow | undefined {
  return db.prepare('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined;
}

export function listUsers(db: Db): UserRow[] {
  return db.prepare('SELECT * FROM users ORDER BY username').all() as UserRow[];
}

export function insertUser(db: Db, row: { username: string; password_hash: string; role: Role; created_at: string }): number {
  return Number(
    db.prepare('INSERT INTO users (username, password_hash, role, created_at) VALUES (@username, @password_hash, @role, @created_at)').run(row)
      .lastInsertRowid,
  );
}

export function updatePasswordHash(db: Db, userId: number, passwordHash: string): void {
  db.prepare('UPDATE users SET password_hash = ? WHERE id = ?').run(passwordHash, userId);
}
