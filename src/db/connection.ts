import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

export type Db = Database.Database;

const statements = new WeakMap<Db, Map<string, Database.Statement>>();

/**
 * A prepared statement, compiled once per connection and SQL text. Compiling costs more than
 * running most of Potret's queries, and a submission runs a dozen of them.
 */
export function prepared(db: Db, sql: string): Database.Statement {
  let perDb = statements.get(db);
  if (!perDb) {
    perDb = new Map();
    statements.set(db, perDb);
  }
  let statement = perDb.get(sql);
  if (!statement) {
    statement = db.prepare(sql);
    perDb.set(sql, statement);
  }
  return statement;
}

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
  // Deleted drafts (answers keyed by roster entry) must not linger in free pages of the file or its backups.
  db.pragma('secure_delete = ON');
  return db;
}
