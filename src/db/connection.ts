import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

export type Db = Database.Database;

export function openDatabase(file: string): Db {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const db = new Database(file);
  // WAL lets the report read while a submission writes; synchronous=FULL makes an acknowledged
  // submission survive a power cut (NORMAL in WAL mode may lose the last commits).
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  // SQLite leaves foreign keys off unless asked, per connection.
  db.pragma('foreign_keys = ON');
  // A CLI command and the server may share the file: wait for a lock instead of failing at once.
  db.pragma('busy_timeout = 5000');
  return db;
}
