import { dummyPasswordHash, hashPassword, verifyPassword } from '../../src/auth/passwords';

describe('password hashing', () => {
  it('verifies the password a hash was made from, and no other', async () => {
    const hash = await hashPassword('correct-horse-battery');
    expect(hash).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(await verifyPassword('correct-horse-battery', hash)).toBe(true);
    expect(await verifyPassword('correct-horse-batterY', hash)).toBe(false);
  });

  it('does not hold the event loop while it hashes: timers keep firing during a check', async () => {
    const hash = await hashPassword('correct-horse-battery');
    let ticks = 0;
    let longestGapMs = 0;
    let last = performance.now();
    const timer = setInterval(() => {
      const now = performance.now();
      longestGapMs = Math.max(longestGapMs, now - last);
      last = now;
      ticks += 1;
    }, 1);
    try {
      // Sixteen checks at once take several scrypt durations; the loop must stay free throughout.
      await Promise.all(Array.from({ length: 16 }, () => verifyPassword('wrong-password-here', hash)));
    } finally {
      clearInterval(timer);
    }
    expect(ticks).toBeGreaterThan(2);
    // scryptSync would hold the loop for all sixteen hashes in a row (at least 25 ms each, 400 ms or more).
    expect(longestGapMs).toBeLessThan(300);
  });

  it('has a dummy hash for unknown users that is a real scrypt hash, made once', async () => {
    const first = await dummyPasswordHash();
    expect(first).toMatch(/^scrypt\$/);
    expect(await dummyPasswordHash()).toBe(first);
    expect(await verifyPassword('anything-at-all', first)).toBe(false);
  });
});
