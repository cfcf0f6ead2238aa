import net from 'node:net';
import { ConcurrencyGate } from '../jobs/gate';
import { BoundedWindowLimiter, type LimitVerdict } from './rate-limit';

/**
 * What the login door allows. Failed logins are counted per client address (one machine trying
 * many usernames) and per username (many machines trying one); either limit refuses further
 * logins for the rest of its window, with the right password too, before any password is hashed.
 * Each counter holds at most `maxKeys` keys, so a flood of new addresses or usernames costs a
 * bounded amount of memory.
 *
 * Password hashing (scrypt, about 16 MB and tens of milliseconds each) runs on libuv's thread
 * pool, which has four threads unless UV_THREADPOOL_SIZE says otherwise and which file reads
 * share: at most `concurrentChecks` run at once, at most `waitingChecks` more wait their turn,
 * and any further one is answered 503 at once instead of joining an ever longer queue.
 */
export interface LoginLimits {
  failuresPerAddress: number;
  failuresPerUsername: number;
  windowMs: number;
  maxKeys: number;
  concurrentChecks: number;
  waitingChecks: number;
}

export const LOGIN_LIMITS: Readonly<LoginLimits> = Object.freeze({
  failuresPerAddress: 20,
  failuresPerUsername: 5,
  windowMs: 15 * 60_000,
  maxKeys: 10_000,
  concurrentChecks: 4,
  waitingChecks: 16,
});

/** Seconds a client is asked to wait when every password check is taken. */
export const BUSY_RETRY_SECONDS = 2;

/**
 * The key of a client address. An IPv6 client usually holds a whole /64 (2^64 addresses), so its
 * first 64 bits are the key; an IPv4 address written as IPv6 (::ffff:a.b.c.d) is the IPv4 address.
 */
export function addressKey(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1];
  if (!net.isIPv6(address)) return address.slice(0, 64);
  const [head, tail = ''] = address.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = address.includes('::') ? (tail ? tail.split(':') : []) : [];
  const groups = [...left, ...new Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  return `${groups.slice(0, 4).map((group) => group.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}

export class LoginGuard {
  readonly byAddress: BoundedWindowLimiter;
  readonly byUsername: BoundedWindowLimiter;
  readonly passwordChecks: ConcurrencyGate;

  constructor(
    limits: Readonly<LoginLimits> = LOGIN_LIMITS,
    private readonly maxUsernameLength = 40,
  ) {
    this.byAddress = new BoundedWindowLimiter(limits.failuresPerAddress, limits.windowMs, limits.maxKeys);
    this.byUsername = new BoundedWindowLimiter(limits.failuresPerUsername, limits.windowMs, limits.maxKeys);
    this.passwordChecks = new ConcurrencyGate(limits.concurrentChecks, limits.waitingChecks);
  }

  /** Usernames are compared without regard to capitals or surrounding spaces; one longer than any account's is no username. */
  private usernameKey(username: string): string | null {
    const name = username.trim().toLowerCase();
    return name.length > 0 && name.length <= this.maxUsernameLength ? name : null;
  }

  /** Whether this address may try this username now; asked before any password is hashed. */
  check(address: string, username: string, now: number): LimitVerdict {
    const byAddress = this.byAddress.check(addressKey(address), now);
    if (!byAddress.allowed) return byAddress;
    const key = this.usernameKey(username);
    return key === null ? { allowed: true } : this.byUsername.check(key, now);
  }

  recordFailure(address: string, username: string, now: number): void {
    this.byAddress.record(addressKey(address), now);
    const key = this.usernameKey(username);
    if (key !== null) this.byUsername.record(key, now);
  }

  /**
   * The right password forgives the username's failures (its owner has typed it now), never the
   * address's: otherwise one account of their own would let someone reset their count at will.
   */
  recordSuccess(username: string): void {
    const key = this.usernameKey(username);
    if (key !== null) this.byUsername.forget(key);
  }
}
