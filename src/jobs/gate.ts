/**
 * Bounded concurrency for work that must not pile up: password checks, Chromium runs, the worker
 * threads' builds. Each has a few places and a short queue; beyond the queue the caller is told
 * at once, and answers 503 with Retry-After instead of making everyone behind it wait.
 */

/**
 * A counting semaphore with a bounded queue. `enter()` returns a promise of the function that
 * gives the place back, or null at once when every place and every waiting place is taken.
 */
export class ConcurrencyGate {
  private active = 0;
  private readonly queue: (() => void)[] = [];
  constructor(
    private readonly limit: number,
    private readonly queueLimit: number,
  ) {}

  enter(): Promise<() => void> | null {
    if (this.active < this.limit) {
      this.active += 1;
      return Promise.resolve(this.releaser());
    }
    if (this.queue.length >= this.queueLimit) return null;
    return new Promise((resolve) => this.queue.push(() => resolve(this.releaser())));
  }

  /** Runs the task in a place of its own; null (without running it) when none is free or waiting. */
  run<T>(task: () => Promise<T>): Promise<T> | null {
    const entered = this.enter();
    if (!entered) return null;
    return entered.then(async (release) => {
      try {
        return await task();
      } finally {
        release();
      }
    });
  }

  get running(): number {
    return this.active;
  }

  get waiting(): number {
    return this.queue.length;
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      // The place passes straight to the next in the queue, so `active` never drops below the
      // number running and no newcomer can overtake a waiting request.
      const next = this.queue.shift();
      if (next) next();
      else this.active -= 1;
    };
  }
}
