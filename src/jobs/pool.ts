import { Worker } from 'node:worker_threads';
import { ConcurrencyGate } from './gate';

/**
 * A few worker threads for builds that would otherwise hold the thread answering requests for
 * seconds (a ministry's workbook, its raw data, the first report of a large round). Each worker
 * runs one job at a time; the gate in front of them bounds how many more may wait, and `run`
 * returns null at once beyond that (the route answers 503). A worker that dies fails its job and
 * is replaced by the next one.
 *
 * Messages: the pool sends { type: 'job', id, job } and, for each chunk received, { type: 'ack', id };
 * a worker answers with any number of { type: 'event' } and { type: 'chunk' } (one at a time: it waits
 * for the ack, so a slow client slows the worker down instead of filling memory) and then one
 * { type: 'done', result } or { type: 'error', error }.
 */

/** The nice value of heavy work (worker threads, Chromium): below the server's own 0, so requests are answered first. */
export const BUILD_PRIORITY = 10;

export interface JobHandlers {
  /** Called for each event the job posts (e.g. "the report this file is built from"). */
  onEvent?: (event: unknown) => void;
  /** Called for each chunk; the next chunk is produced once the returned promise settles. */
  onChunk?: (chunk: Buffer) => Promise<void> | void;
}

/** An error as it crosses from a worker: plain fields, since a class does not survive the copy. */
export interface SerialisedError {
  name: string;
  message: string;
  status?: number;
  problems?: unknown[];
  retryAfterSeconds?: number | null;
  stack?: string;
}

export type WorkerReply =
  | { type: 'event'; id: number; event: unknown }
  | { type: 'chunk'; id: number; chunk: Uint8Array }
  | { type: 'done'; id: number; result: unknown }
  | { type: 'error'; id: number; error: SerialisedError };

export type PoolMessage = { type: 'job'; id: number; job: unknown } | { type: 'ack'; id: number };

interface Running {
  id: number;
  handlers: JobHandlers;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

interface Slot {
  worker: Worker;
  running: Running | null;
}

export class WorkerPool {
  private readonly gate: ConcurrencyGate;
  private readonly idle: Slot[] = [];
  private readonly slots = new Set<Slot>();
  private nextId = 1;
  private closed = false;

  /**
   * @param entry the worker's module (src/jobs/worker.ts, run as built JavaScript; under the test
   * runner the TypeScript source is transpiled on load).
   */
  constructor(
    private readonly entry: string,
    private readonly workerData: unknown,
    readonly size: number,
    queueLimit: number,
    private readonly revive: (error: SerialisedError) => Error,
  ) {
    this.gate = new ConcurrencyGate(size, queueLimit);
  }

  /** The job's result, or null at once when every worker is busy and the queue is full. */
  run<T>(job: unknown, handlers: JobHandlers = {}): Promise<T> | null {
    if (this.closed) throw new Error('the worker pool is closed');
    return this.gate.run(() => this.dispatch(job, handlers)) as Promise<T> | null;
  }

  /** Stops every worker; jobs still running fail. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.slots].map((slot) => slot.worker.terminate()));
    this.slots.clear();
    this.idle.length = 0;
  }

  private dispatch(job: unknown, handlers: JobHandlers): Promise<unknown> {
    const slot = this.idle.pop() ?? this.spawn();
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      slot.running = { id, handlers, resolve, reject };
      slot.worker.ref();
      slot.worker.postMessage({ type: 'job', id, job } satisfies PoolMessage);
    });
  }

  private finish(slot: Slot): void {
    slot.running = null;
    // An idle worker does not keep the process alive (a command or a test can end without closing the pool).
    slot.worker.unref();
    if (!this.closed && this.slots.has(slot)) this.idle.push(slot);
  }

  private spawn(): Slot {
    const worker = new Worker(BOOTSTRAP, { eval: true, workerData: { entry: this.entry, data: this.workerData } });
    const slot: Slot = { worker, running: null };
    this.slots.add(slot);
    worker.on('message', (reply: WorkerReply) => {
      const running = slot.running;
      if (!running || running.id !== reply.id) return;
      switch (reply.type) {
        case 'event':
          running.handlers.onEvent?.(reply.event);
          return;
        case 'chunk': {
          const ack = () => worker.postMessage({ type: 'ack', id: reply.id } satisfies PoolMessage);
          const chunk = Buffer.from(reply.chunk.buffer, reply.chunk.byteOffset, reply.chunk.byteLength);
          Promise.resolve()
            .then(() => running.handlers.onChunk?.(chunk))
            .then(ack, (error) => {
              // The receiver failed (a client gone): stop this worker, which stops the job.
              running.reject(error);
              this.discard(slot);
            });
          return;
        }
        case 'done':
          this.finish(slot);
          running.resolve(reply.result);
          return;
        case 'error':
          this.finish(slot);
          running.reject(this.revive(reply.error));
      }
    });
    const failed = (error: Error) => {
      const running = slot.running;
      this.discard(slot);
      running?.reject(error);
    };
    worker.on('error', failed);
    worker.on('exit', (code) => {
      if (this.slots.has(slot)) failed(new Error(`a worker thread stopped (exit code ${code})`));
    });
    worker.unref();
    return slot;
  }

  private discard(slot: Slot): void {
    if (!this.slots.delete(slot)) return;
    const at = this.idle.indexOf(slot);
    if (at >= 0) this.idle.splice(at, 1);
    slot.running = null;
    void slot.worker.terminate();
  }
}

/**
 * What each worker thread runs first: the entry module, built JavaScript in an installation; its
 * TypeScript source, transpiled on load, when the pool is used from the sources (the tests).
 */
const BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
const { createRequire } = require('node:module');
const entry = workerData.entry;
if (entry.endsWith('.ts')) {
  const fs = require('node:fs');
  const ts = createRequire(entry)('typescript');
  require.extensions['.ts'] = (module, filename) => {
    const { outputText } = ts.transpileModule(fs.readFileSync(filename, 'utf8'), {
      fileName: filename,
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, resolveJsonModule: true },
    });
    module._compile(outputText, filename);
  };
}
createRequire(entry)(entry);
`;
