import fs from 'node:fs';
import path from 'node:path';
import { MIGRATIONS_DIR } from '../paths';
import type { Db } from './connection';


const NAME_PATTERN = /^(\d{4})-[a-z0-9-]+\.sql$/;

/**
 * A migration that rebuilds a table other tables point at (SQLite cannot alter a column or a
 * CHECK in place) says so on a line of its own. With foreign keys enforced, DROP TABLE on the old
 * copy deletes its rows first and ON DELETE CASCADE empties every child table; and the pragma that
 * turns enforcement off is ignored inside a transaction. So for such a migration it is turned off
 * before the transaction, and the transaction commits only if `PRAGMA foreign_key_check` finds
 * nothing dangling (SQLite's own procedure for schema changes, "Making Other Kinds Of Table Schema
 * Changes", https://www.sqlite.org/lang_altertable.html).
 */
const FOREIGN_KEYS_OFF = /^-- migrate: foreign_keys off$/m;

export interface Migration {
  name: string;
  sql: string;
}

export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return fs
    .readdirSync(dir)
    .filter((name) => NAME_PATTERN.test(name))
    .sort()
    .map((name) => ({ name, sql: fs.readFileSync(path.join(dir, name), 'utf8') }));
}

/**
 * Applies the migrations the database has not seen, each in its own transaction, and records them.
 * A database that lists a migration this code does not know was written by a newer Potret:
 * running older code on it could corrupt it, so we refuse.
 */
export function migrate(db: Db, migrations: Migration[] = readMigrations()): string[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    name TEXT PRIMARY KEY,
    applied_at TEXT NOT NULL
  )`);
  const applied = (db.prepare('SELECT name FROM schema_migrations ORDER BY name').all() as { name: string }[]).map((row) => row.name);
  const known = new Set(migrations.map((migration) => migration.name));
  const unknown = applied.filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw new Error(`The database lists migrations this version of Potret does not know (${unknown.join(', ')}); it was created by a newer version. Upgrade Potret instead of opening it with this one.`);
  }
  const done = new Set(applied);
  const record = db.prepare('INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)');
  const ran: string[] = [];
  for (const migration of migrations) {
    if (done.has(migration.name)) continue;
    const keysOff = FOREIGN_KEYS_OFF.test(migration.sql);
    const enforced = db.pragma('foreign_keys', { simple: true }) === 1;
    if (keysOff && enforced) db.pragma('foreign_keys = OFF');
    try {
      db.transaction(() => {
        db.exec(migration.sql);
        if (keysOff) {
          const dangling = db.pragma('foreign_key_check') as { table: string; rowid: number; parent: string }[];
          if (dangling.length > 0) {
            const first = dangling[0];
            throw new Error(`Migration ${migration.name} leaves ${dangling.length} row(s) pointing at nothing (first: ${first.table} row ${first.rowid} → ${first.parent}); nothing was changed.`);
          }
        }
        record.run(migration.name, new Date().toISOString());
      })();
    } finally {
      if (keysOff && enforced) db.pragma('foreign_keys = ON');
    }
    ran.push(migration.name);
  }
  return ran;
}
