import type { Db } from './connection';
import { emptyWalSoon } from './wal';

/**
 * Rewrites the database file so that no page keeps rows in the order they were written.
 *
 * SQLite places each new cell of a page next to the previous one, so even with random row ids
 * the bytes of a page list responses and comments in the order they arrived: with the status
 * page watched over time, that order points at people. VACUUM copies every table in row-id
 * order (random) into fresh pages and drops free pages; the checkpoint then moves the result
 * into the main file and empties the write-ahead log, which would otherwise still hold the old
 * page images. Costs a full copy of the file: run it on rare writes such as a release.
 */
export function rebuildStorage(db: Db): void {
  if (db.inTransaction) throw new Error('rebuildStorage must run outside a transaction');
  db.exec('VACUUM');
  emptyWalSoon(db);
}
