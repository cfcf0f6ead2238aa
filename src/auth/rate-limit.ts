import crypto from 'node:crypto';

export type LimitVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Counts events per key in fixed windows, in memory only, and never holds more than `maxKeys`
 * keys: expired windows are swept first, then the oldest key is forgotten (forgiving one
 * address is better than refusing every new one). Keys are hashed with a secret drawn when the
 * process starts, so every key costs the same few bytes however long it came, and not even the
 * process's memory keeps an address or a username as it came. A restart only forgives; it never
 * locks anyone out.
 *
 * Two ways to count: `hit` counts every request and refuses those over the limit (the
 * stakeholder survey's submissions); `check` refuses without counting and `record` counts
 * afterwards, so that only failures count (logins).
 */
export class BoundedWindowLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();
  private readonly secret = crypto.randomBytes(32);
  constructor(
    private readonly max: number,
    private readonly windowMs: number,
    private readonly maxKeys: number,
  ) {}

  /** Counts one request; `allowed` false (with the seconds until the window ends) once the key is over the limit. */
  hit(key: string, now: number): LimitVerdict {
    const window = this.open(this.idOf(key), now);
    if (window.count >= this.max) return this.refusal(window, now);
    window.count += 1;
    return { allowed: true };
  }

  /** Whether the key is still under the limit, without counting anything. */
  check(key: string, now: number): LimitVerdict {
    const window = this.windows.get(this.idOf(key));
    if (!window || now - window.start >= this.windowMs || window.count < this.max) return { allowed: true };
    return this.refusal(window, now);
  }

  /** Counts one event (a failed login) against the key. */
  record(key: string, now: number): void {
    const window = this.open(this.idOf(key), now);
    window.count = Math.min(window.count + 1, this.max);
  }

  forget(key: string): void {
    this.windows.delete(this.idOf(key));
  }

  /** How many keys are held (for the tests: it never exceeds `maxKeys`). */
  get size(): number {
    return this.windows.size;
  }

  private idOf(key: string): string {
    return crypto.createHmac('sha256', this.secret).update(key).digest('base64url').slice(0, 22);
  }

  /** The key's live window, started afresh when there is none or it has ended. */
  private open(id: string, now: number): { start: number; count: number } {
    let window = this.windows.get(id);
    if (!window || now - window.start >= this.windowMs) {
      this.windows.delete(id);
      this.makeRoom(now);
      window = { start: now, count: 0 };
      this.windows.set(id, window);
    }
    return window;
  }

  private refusal(window: { start: number }, now: number): LimitVerdict {
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((window.start + this.windowMs - now) / 1000)) };
  }

  private makeRoom(now: number): void {
    if (this.windows.size < this.maxKeys) return;
    // A window is (re)inserted when it starts, so the Map's order is the order of the windows'
    // starts: expired ones are at the front, and the first key is always the oldest window.
    for (const [id, window] of this.windows) {
      if (now - window.start < this.windowMs) break;
      this.windows.delete(id);
    }
    while (this.windows.size >= this.maxKeys) this.windows.delete(this.windows.keys().next().value as string);
  }
}
