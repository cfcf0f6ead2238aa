import { finishMessage, listStaleSending, nextQueuedMessage } from '../db/mail';
import { mailSettings } from './settings';
import { deliverMessage, finishBatchIfDone, type DeliveryContext } from './service';

/** How long a message may stay "sending" before a starting server takes its process for stopped. */
const STALE_AFTER_MS = 10 * 60_000;

export interface MailQueueOptions extends Omit<DeliveryContext, 'send'> {
  /** null: mail is not configured, and nothing is sent. */
  send: DeliveryContext['send'] | null;
  /** Waits between two messages (the throttle); replaceable in tests. */
  sleep?: (ms: number) => Promise<void>;
}

function unrefSleep(ms: number): Promise<void> {
  // Unreferenced: a waiting batch never keeps a command or a test process alive by itself.
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/**
 * Sends queued messages one at a time, at most the throttle's number per minute, in the process
 * that queued them: a batch runs in the background while the server keeps answering (each message
 * is network I/O, not computation), and the command line drains its own batch the same way.
 * Messages wait in the database, so a server that stops mid-batch carries on when it starts again.
 */
export class MailQueue {
  private running = false;
  private closed = false;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: MailQueueOptions) {
    this.sleep = options.sleep ?? unrefSleep;
  }

  get configured(): boolean {
    return this.options.send !== null;
  }

  /**
   * At server start: messages a stopped process left "sending" may or may not have arrived, so
   * they are marked failed (to be checked and sent again by hand), and waiting ones are sent.
   */
  resume(): void {
    const { db, now } = this.options;
    const before = new Date(now().getTime() - STALE_AFTER_MS).toISOString();
    for (const message of listStaleSending(db, before)) {
      finishMessage(db, message.id, 'failed', 'interrupted while sending: it may or may not have arrived', now().toISOString());
      finishBatchIfDone(db, message.round_id, message.batch_id, now());
    }
    this.kick();
  }

  /** Starts sending in the background if it is not already. */
  kick(): void {
    if (this.running || this.closed || this.options.send === null) return;
    this.running = true;
    void this.drain(null)
      .catch((error: unknown) => this.options.log(`Mail: the queue stopped: ${(error as Error).message}`))
      .finally(() => {
        this.running = false;
        // Something queued while the last pass was finishing gets its own pass.
        if (!this.closed && this.hasWork()) this.kick();
      });
  }

  private hasWork(): boolean {
    try {
      return nextQueuedMessage(this.options.db, null) !== undefined;
    } catch {
      return false;
    }
  }

  /** Sends the waiting messages of one batch (or of all, for null) until none is left; returns how many were tried. */
  async drain(batchId: number | null): Promise<number> {
    const { send } = this.options;
    if (send === null) return 0;
    const context: DeliveryContext = { ...this.options, send };
    let tried = 0;
    while (!this.closed) {
      const message = nextQueuedMessage(this.options.db, batchId);
      if (!message) break;
      const status = await deliverMessage(context, message);
      finishBatchIfDone(this.options.db, message.round_id, message.batch_id, this.options.now());
      if (status === null || status === 'skipped') continue;
      tried += 1;
      if (nextQueuedMessage(this.options.db, batchId)) await this.sleep(Math.ceil(60_000 / mailSettings(this.options.db).perMinute));
    }
    return tried;
  }

  /** Stops after the message being sent; what still waits stays queued in the database. */
  close(): void {
    this.closed = true;
  }
}
