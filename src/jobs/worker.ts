import os from 'node:os';
import { Writable } from 'node:stream';
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { openDatabase, type Db } from '../db/connection';
import { runJob, type HeavyJob, type JobConfig } from './downloads';
import { isPaperJob, runPaperJob, type PaperJob } from './paper-jobs';
import { BUILD_PRIORITY, type PoolMessage, type SerialisedError, type WorkerReply } from './pool';

/**
 * A worker thread of the heavy-work pool: its own read-only connection to the database file, one
 * job at a time, file chunks sent one by one (the next once the pool has taken the last).
 */

interface WorkerSetup {
  dbFile: string;
  config: JobConfig;
}

const setup = (workerData as { data: WorkerSetup }).data;
const port = parentPort;
if (!port) throw new Error('worker.ts runs as a worker thread');

// Below the thread that answers requests: when the cores are all busy, employees' pages come first.
// (On Linux a thread has a priority of its own; where it cannot be set, the worker runs as it is.)
try {
  os.setPriority(0, BUILD_PRIORITY);
} catch {
  // not permitted here
}

const db = new Database(setup.dbFile, { readonly: true, fileMustExist: true });
db.pragma('busy_timeout = 5000');

// Paper imports write: a connection of their own, opened when the first one comes, with the
// server's settings (WAL, full synchronous writes, foreign keys, secure delete, the busy timeout).
let writable: Db | null = null;
function writableDb(): Db {
  writable ??= openDatabase(setup.dbFile);
  return writable;
}

const acks = new Map<number, () => void>();

function post(reply: WorkerReply, transfer: ArrayBuffer[] = []): void {
  port!.postMessage(reply, transfer);
}

function fileFor(id: number): Writable {
  return new Writable({
    highWaterMark: 0,
    write(chunk: Buffer, _encoding, callback) {
      // A copy of its own, so that it can be handed over without copying again.
      const bytes = new Uint8Array(chunk.byteLength);
      bytes.set(chunk);
      acks.set(id, () => callback());
      post({ type: 'chunk', id, chunk: bytes }, [bytes.buffer]);
    },
  });
}

function serialise(error: unknown): SerialisedError {
  const value = error as { name?: string; message?: string; status?: number; problems?: unknown[]; retryAfterSeconds?: number | null; stack?: string };
  return {
    name: typeof value?.name === 'string' ? value.name : 'Error',
    message: typeof value?.message === 'string' ? value.message : String(error),
    status: typeof value?.status === 'number' ? value.status : undefined,
    problems: Array.isArray(value?.problems) ? value.problems : undefined,
    retryAfterSeconds: value?.retryAfterSeconds ?? null,
    stack: typeof value?.stack === 'string' ? value.stack : undefined,
  };
}

port.on('message', (message: PoolMessage) => {
  if (message.type === 'ack') {
    const ack = acks.get(message.id);
    acks.delete(message.id);
    ack?.();
    return;
  }
  const { id } = message;
  const job = message.job as HeavyJob | PaperJob;
  const work = isPaperJob(job)
    ? Promise.resolve().then(() => runPaperJob(writableDb(), job))
    : runJob(db, setup.config, job, job.kind === 'report' ? null : { report: (report: unknown) => post({ type: 'event', id, event: report }), file: fileFor(id) }, true);
  work.then(
    (result) => post({ type: 'done', id, result }),
    (error) => post({ type: 'error', id, error: serialise(error) }),
  );
});
