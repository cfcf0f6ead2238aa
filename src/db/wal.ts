import { prepared, type Db } from './connection';

/** Waits between attempts while a reader holds an older snapshot, growing to at most a second. */
const FIRST_RETRY_MS = 5;
const LONGEST_RETRY_MS = 1000;

const retrying = new WeakSet<Db>();

function checkpointTruncate(db: Db): boolean {
  const [result] = prepared(db, 'PRAGMA wal_checkpoint(TRUNCATE)').all() as { busy: number }[];
  return result?.busy === 0;
}

/**
 * Copies the log into the database and truncates it to 0 bytes, and leaves no trace of its frames
 * in the -shm file either; false when a reader or writer elsewhere stood in the way.
 */
function truncateWal(db: Db): boolean {
  const busyTimeout = db.pragma('busy_timeout', { simple: true }) as number;
  // Without this the checkpoint would wait (blocking every request) for as long as busy_timeout
  // while, say, a `potret report` in another process reads.
  db.pragma('busy_timeout = 0');
  try {
    if (!checkpointTruncate(db)) return false;
    // The -shm file still lists the page numbers of the frames just checkpointed, in commit order
    // (a roster page next to a responses page); SQLite clears that list only when the next log
    // begins. So begin one with a write that pairs nothing, page 1 alone (user_version set to
    // itself), and empty that log too.
    const userVersion = db.pragma('user_version', { simple: true }) as number;
    db.pragma(`user_version = ${userVersion}`);
    return checkpointTruncate(db);
  } catch (error) {
    if (['SQLITE_BUSY', 'SQLITE_LOCKED'].includes((error as { code?: string }).code ?? '')) return false;
    throw error;
  } finally {
    db.pragma(`busy_timeout = ${busyTimeout}`);
  }
}

/**
 * Empties the log now (and retries shortly if a reader is in the way): for rare writes that must
 * not leave their frames behind, such as a release with its rebuilt tables.
 */
export function emptyWalSoon(db: Db): void {
  if (!db.memory) emptyWal(db, FIRST_RETRY_MS);
}

/** Submissions committed in this turn of the event loop, waiting for the one checkpoint that follows them. */
const waiting = new WeakMap<Db, (() => void)[]>();

/** Tries to empty the log; while a reader's snapshot keeps it from being emptied, tries again with growing waits. */
function emptyWal(db: Db, delayMs: number): void {
  let done: boolean;
  try {
    done = !db.open || truncateWal(db);
  } catch {
    // Not a lock (say, a full disk): nobody awaits this, so keep trying rather than crash the server.
    done = false;
  }
  if (done || retrying.has(db)) return;
  retrying.add(db);
  setTimeout(() => {
    retrying.delete(db);
    emptyWal(db, Math.min(delayMs * 2, LONGEST_RETRY_MS));
  }, delayMs).unref();
}

/**
 * Empties the write-ahead log after a submission has committed. The submission's transaction
 * holds the roster row turning 'completed' and the new response side by side: a copy of the
 * -wal file would pair them, i.e. name the respondent. Once checkpointed, the pages sit in the
 * database file among all the others, the log is 0 bytes and the -shm file lists none of its pages.
 *
 * The checkpoint runs once per turn of the event loop for all the submissions committed in it
 * (under load several share one, which keeps its fsyncs off most submissions), and the promise
 * settles after it: the submit route acknowledges only then, so a copy taken between two requests
 * holds no pair. If a reader's snapshot (a download, a `potret report`) keeps the log from being
 * emptied, the promise settles anyway and the checkpoint is retried shortly until it succeeds,
 * rather than leave the pair on disk until the next submission. Never rejects.
 */
export function checkpointAfterSubmission(db: Db): Promise<void> {
  if (db.memory) return Promise.resolve();
  return new Promise((resolve) => {
    const queue = waiting.get(db);
    if (queue) {
      queue.push(resolve);
      return;
    }
    waiting.set(db, [resolve]);
    setImmediate(() => {
      const settled = waiting.get(db) ?? [];
      waiting.delete(db);
      emptyWal(db, FIRST_RETRY_MS);
      for (const settle of settled) settle();
    });
  });
}
