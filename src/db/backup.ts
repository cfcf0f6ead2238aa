import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Db } from './connection';

/**
 * Tables a backup leaves out: drafts are work in progress keyed by roster entry (sealed, but a
 * backup lives longer and travels further than the server's file, and a restored draft is of no
 * use once its link is re-issued), and pending paper uploads hold answers and comments for at
 * most a day before their import.
 */
const LEFT_OUT = ['drafts', 'pending_imports'];

/**
 * Writes a copy of the database to `target`, safe while the server runs. VACUUM INTO writes a
 * consistent snapshot with every page rebuilt (no free pages, no old page images, no -wal), into
 * a temporary file next to the target; there the left-out tables are emptied and the file is
 * vacuumed again, so not even their freed pages remain; then it is renamed into place. A failure
 * at any step leaves no file behind, and an existing target untouched.
 */
export function writeBackup(db: Db, target: string): void {
  const finalPath = path.resolve(target);
  const temporary = path.join(path.dirname(finalPath), `.${path.basename(finalPath)}.${crypto.randomBytes(6).toString('hex')}.tmp`);
  try {
    db.prepare('VACUUM INTO ?').run(temporary);
    // Not openDatabase: the copy must stay a single file, so no WAL mode here.
    const copy = new Database(temporary);
    try {
      copy.pragma('journal_mode = DELETE');
      copy.pragma('secure_delete = ON');
      copy.transaction(() => {
        for (const table of LEFT_OUT) {
          if (copy.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?").get(table)) copy.exec(`DELETE FROM ${table}`);
        }
      })();
      copy.exec('VACUUM');
    } finally {
      copy.close();
    }
    const handle = fs.openSync(temporary, 'r+');
    try {
      fs.fsyncSync(handle);
    } finally {
      fs.closeSync(handle);
    }
    fs.renameSync(temporary, finalPath);
  } catch (error) {
    for (const leftover of [temporary, `${temporary}-journal`]) fs.rmSync(leftover, { force: true });
    throw error;
  }
}
