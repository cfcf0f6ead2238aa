import { addressKey, LoginGuard, LOGIN_LIMITS } from '../../src/auth/login-guard';
import { ConcurrencyGate } from '../../src/jobs/gate';
import { BoundedWindowLimiter } from '../../src/auth/rate-limit';

const T0 = Date.parse('2026-11-28T03:00:00Z');

describe('BoundedWindowLimiter as the login counter', () => {
  it('holds no more than its cap of keys when flooded with 5,000 new keys of 10 KB each', () => {
    const limiter = new BoundedWindowLimiter(5, 15 * 60_000, 1_000);
    for (let i = 0; i < 5_000; i += 1) limiter.record(`${i}-${'x'.repeat(10 * 1024)}`, T0 + i);
    expect(limiter.size).toBe(1_000);
  });

  it('refuses a key after `max` recorded failures, and checking does not count', () => {
    const limiter = new BoundedWindowLimiter(3, 60_000, 100);
    for (let i = 0; i < 10; i += 1) expect(limiter.check('admin', T0).allowed).toBe(true);
    for (let i = 0; i < 3; i += 1) limiter.record('admin', T0 + i);
    expect(limiter.check('admin', T0 + 10)).toEqual({ allowed: false, retryAfterSeconds: 60 });
    expect(limiter.check('other', T0 + 10).allowed).toBe(true);
  });

  it('allows the key again once its window has ended, and after forget', () => {
    const limiter = new BoundedWindowLimiter(1, 60_000, 100);
    limiter.record('admin', T0);
    expect(limiter.check('admin', T0 + 59_999).allowed).toBe(false);
    expect(limiter.check('admin', T0 + 60_000).allowed).toBe(true);
    limiter.record('kepala', T0);
    limiter.forget('kepala');
    expect(limiter.check('kepala', T0 + 1).allowed).toBe(true);
    expect(limiter.size).toBe(1);
  });

  it('checking unknown keys stores nothing', () => {
    const limiter = new BoundedWindowLimiter(1, 60_000, 100);
    for (let i = 0; i < 500; i += 1) limiter.check(`user-${i}`, T0);
    expect(limiter.size).toBe(0);
  });
});

describe('LoginGuard', () => {
  it('never keys a username longer than any account can have', () => {
    const guard = new LoginGuard(LOGIN_LIMITS);
    for (let i = 0; i < 100; i += 1) guard.recordFailure('203.0.113.7', `${i}${'u'.repeat(10 * 1024)}`, T0);
    expect(guard.byUsername.size).toBe(0);
    expect(guard.byAddress.size).toBe(1);
  });

  it('counts one username however it is capitalised or spaced', () => {
    const guard = new LoginGuard({ ...LOGIN_LIMITS, failuresPerUsername: 2 });
    guard.recordFailure('203.0.113.7', 'Admin', T0);
    guard.recordFailure('198.51.100.9', ' admin ', T0);
    expect(guard.check('192.0.2.1', 'ADMIN', T0).allowed).toBe(false);
  });

  it('forgives the username after the right password, but not the address', () => {
    const guard = new LoginGuard({ ...LOGIN_LIMITS, failuresPerAddress: 2, failuresPerUsername: 2 });
    guard.recordFailure('203.0.113.7', 'admin', T0);
    guard.recordFailure('203.0.113.7', 'admin', T0);
    guard.recordSuccess('admin');
    expect(guard.check('198.51.100.9', 'admin', T0).allowed).toBe(true);
    expect(guard.check('203.0.113.7', 'someone', T0).allowed).toBe(false);
  });
});

describe('addressKey', () => {
  it('keys an IPv6 client by its /64, which it usually holds whole', () => {
    expect(addressKey('2001:db8:1:2:aaaa:bbbb:cccc:dddd')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8:1:2::1')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:DB8:0001:0002:0:0:0:9')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
  });

  it('keys IPv4 (also written as IPv6) by the whole address', () => {
    expect(addressKey('203.0.113.7')).toBe('203.0.113.7');
    expect(addressKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
  });
});

describe('ConcurrencyGate', () => {
  function deferred(): { promise: Promise<void>; resolve: () => void } {
    let resolve!: () => void;
    const promise = new Promise<void>((done) => (resolve = done));
    return { promise, resolve };
  }

  it('runs at most `limit` tasks at once, queues up to `queueLimit`, and refuses the rest at once', async () => {
    const gate = new ConcurrencyGate(2, 1);
    const blockers = [deferred(), deferred(), deferred()];
    let peak = 0;
    const task = (index: number) => async () => {
      peak = Math.max(peak, gate.running);
      await blockers[index].promise;
      return index;
    };
    const first = gate.run(task(0));
    const second = gate.run(task(1));
    const third = gate.run(task(2));
    expect(gate.run(task(0))).toBeNull();
    expect([gate.running, gate.waiting]).toEqual([2, 1]);
    blockers[0].resolve();
    expect(await first).toBe(0);
    // The waiting task took the freed place.
    expect([gate.running, gate.waiting]).toEqual([2, 0]);
    blockers[1].resolve();
    blockers[2].resolve();
    expect(await Promise.all([second, third])).toEqual([1, 2]);
    expect(peak).toBe(2);
    expect([gate.running, gate.waiting]).toEqual([0, 0]);
  });

  it('gives the place back when a task fails', async () => {
    const gate = new ConcurrencyGate(1, 0);
    await expect(gate.run(() => Promise.reject(new Error('scrypt failed')))).rejects.toThrow('scrypt failed');
    expect(gate.running).toBe(0);
    expect(await gate.run(async () => 'next')).toBe('next');
  });
});
