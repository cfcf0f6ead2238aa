import crypto from 'node:crypto';

/**
 * Counts failed attempts per key in a sliding window, in memory: enough for one Potret process,
 * and a restart only forgives attempts, it never locks anyone out.
 */
export class AttemptLimiter {
  private readonly failures = new Map<string, number[]>();
  constructor(
    private readonly maxFailures: number,
    private readonly windowMs: number,
  ) {}

  isBlocked(key: string, now: number): boolean {
    return this.recent(key, now).length >= this.maxFailures;
  }

  recordFailure(key: string, now: number): void {
    const list = this.recent(key, now);
    list.push(now);
    this.failures.set(key, list);
  }

  reset(key: string): void {
    this.failures.delete(key);
  }

  private recent(key: string, now: number): number[] {
    const list = (this.failures.get(key) ?? []).filter((time) => now - time < this.windowMs);
    if (list.length === 0) this.failures.delete(key);
    return list;
  }
}

/**
 * Counts requests per key in fixed windows, in memory only, and never holds more than `maxKeys`
 * keys: expired windows are swept first, then the oldest key is forgotten (forgiving one
 * address is better than refusing every new one). Keys are hashed with a secret drawn when the
 * process starts, so not even the process's memory keeps an address as it came.
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
  hit(key: string, now: number): { allowed: true } | { allowed: false; retryAfterSeconds: number } {
    const id = crypto.createHmac('sha256', this.secret).update(key).digest('base64url').slice(0, 22);
    let window = this.windows.get(id);
    if (!window || now - window.start >= this.windowMs) {
      this.windows.delete(id);
      this.makeRoom(now);
      window = { start: now, count: 0 };
      this.windows.set(id, window);
    }
    if (window.count >= this.max) return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((window.start + this.windowMs - now) / 1000)) };
    window.count += 1;
    return { allowed: true };
  }

  /** How many keys are held (for the tests: it never exceeds `maxKeys`). */
  get size(): number {
    return this.windows.size;
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
