import http from 'node:http';
import request from 'supertest';
import { createUser } from '../../src/auth/accounts';
import { LoginGuard, LOGIN_LIMITS, type LoginLimits } from '../../src/auth/login-guard';
import { ADMIN, createTestApp, csrfFrom } from '../helpers';

/**
 * The login door under attack. Addresses come from X-Forwarded-For, as behind the proxy that
 * POTRET_TRUST_PROXY is for; every attempt carries a valid CSRF token, as a scripted attacker's
 * would (they can fetch the login page first).
 */
async function loginDoor(limits: Partial<LoginLimits> = {}) {
  const loginGuard = new LoginGuard({ ...LOGIN_LIMITS, ...limits });
  const context = createTestApp({ trustProxy: true }, { loginGuard });
  await createUser(context.db, { ...ADMIN, role: 'admin' }, new Date(), 'test');
  await createUser(context.db, { username: 'analis', password: ADMIN.password, role: 'analyst' }, new Date(), 'test');
  const page = await request(context.app).get('/login');
  const cookie = (page.headers['set-cookie'] as unknown as string[]).map((line) => line.split(';')[0]).join('; ');
  const csrf = csrfFrom(page.text);
  const attempt = (target: Parameters<typeof request>[0], address: string, username: string, password: string) =>
    request(target).post('/login').set('Cookie', cookie).set('X-Forwarded-For', address).type('form').send({ username, password, _csrf: csrf });
  return { ...context, loginGuard, attempt: (address: string, username: string, password: string) => attempt(context.app, address, username, password), attemptOn: attempt };
}

/** Runs the tasks, `width` at a time. */
async function inPool<T>(count: number, width: number, task: (index: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < count) {
        const index = next++;
        results[index] = await task(index);
      }
    }),
  );
  return results;
}

describe('login door: bounded memory under a flood', () => {
  it('holds at most its cap of entries after 5,000 logins with rotating 10 KB usernames from rotating addresses, and still answers', async () => {
    const door = await loginDoor({ maxKeys: 500 });
    const server = http.createServer(door.app).listen(0);
    try {
      const statuses = await inPool(5_000, 16, async (index) => {
        const address = `10.${(index >> 16) & 255}.${(index >> 8) & 255}.${index & 255}`;
        const username = `${index}-${'u'.repeat(10 * 1024)}`;
        return (await door.attemptOn(server, address, username, 'nope-nope-nope')).status;
      });
      expect(new Set(statuses)).toEqual(new Set([422]));
      expect(door.loginGuard.byAddress.size).toBeLessThanOrEqual(500);
      // A username no account can have is refused before it is hashed or counted.
      expect(door.loginGuard.byUsername.size).toBe(0);
      const answered = await request(server).get('/login');
      expect(answered.status).toBe(200);
      expect((await door.attemptOn(server, '192.0.2.1', ADMIN.username, ADMIN.password)).status).toBe(303);
    } finally {
      server.close();
    }
  }, 120_000);

  it('holds at most its cap of usernames when rotating usernames an account could have', async () => {
    const door = await loginDoor({ maxKeys: 20 });
    await inPool(60, 4, async (index) => door.attempt(`10.0.0.${index}`, `user-${index}`, 'nope-nope-nope'));
    expect(door.loginGuard.byUsername.size).toBeLessThanOrEqual(20);
    expect(door.loginGuard.byAddress.size).toBeLessThanOrEqual(20);
  }, 60_000);

  it('answers an over-long username without echoing it back whole', async () => {
    const door = await loginDoor();
    const response = await door.attempt('203.0.113.7', 'A'.repeat(10 * 1024), 'nope-nope-nope');
    expect(response.status).toBe(422);
    expect(response.text).toContain('Nama pengguna atau kata sandi salah');
    expect(response.text).not.toContain('A'.repeat(41));
  });
});

describe('login door: per-address and per-username limits', () => {
  it('blocks one address trying rotating usernames after its failures, with Retry-After, while another address still logs in', async () => {
    const door = await loginDoor({ failuresPerAddress: 6 });
    for (let index = 0; index < 6; index += 1) expect((await door.attempt('203.0.113.7', `guess-${index}`, 'nope-nope-nope')).status).toBe(422);
    const blocked = await door.attempt('203.0.113.7', ADMIN.username, ADMIN.password);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect(blocked.text).toContain('Tunggu 15 menit');
    expect(blocked.headers['set-cookie']?.toString() ?? '').not.toContain('potret_session=');
    expect((await door.attempt('198.51.100.2', ADMIN.username, ADMIN.password)).status).toBe(303);
  });

  it('blocks one username tried from many addresses, even with the right password, while other accounts still log in', async () => {
    const door = await loginDoor({ failuresPerUsername: 5 });
    for (let index = 0; index < 5; index += 1) expect((await door.attempt(`198.51.100.${index + 1}`, ADMIN.username, 'nope-nope-nope')).status).toBe(422);
    const blocked = await door.attempt('192.0.2.50', ADMIN.username, ADMIN.password);
    expect(blocked.status).toBe(429);
    expect(blocked.headers['retry-after']).toBe('900');
    expect((await door.attempt('198.51.100.1', 'analis', ADMIN.password)).status).toBe(303);
  });

  it('lets the username in again once its window has passed', async () => {
    const door = await loginDoor({ failuresPerUsername: 2 });
    await door.attempt('198.51.100.1', ADMIN.username, 'nope-nope-nope');
    await door.attempt('198.51.100.2', ADMIN.username, 'nope-nope-nope');
    expect((await door.attempt('192.0.2.50', ADMIN.username, ADMIN.password)).status).toBe(429);
    door.clock.now = new Date(door.clock.now.getTime() + 15 * 60_000);
    expect((await door.attempt('192.0.2.50', ADMIN.username, ADMIN.password)).status).toBe(303);
  });

  it('counts an IPv6 client by its /64, so rotating addresses inside it does not help', async () => {
    const door = await loginDoor({ failuresPerAddress: 3 });
    for (let index = 1; index <= 3; index += 1) await door.attempt(`2001:db8:7:7::${index.toString(16)}`, `guess-${index}`, 'nope-nope-nope');
    expect((await door.attempt('2001:db8:7:7::ffff', ADMIN.username, ADMIN.password)).status).toBe(429);
    expect((await door.attempt('2001:db8:7:8::1', ADMIN.username, ADMIN.password)).status).toBe(303);
  });
});

describe('login door: concurrent password checks', () => {
  it('answers 503 with Retry-After and a clear page once every check and every waiting place is taken, and the waiting one still gets through', async () => {
    const door = await loginDoor({ concurrentChecks: 1, waitingChecks: 1 });
    // A slow password check holds the only place.
    let release!: () => void;
    const held = door.loginGuard.passwordChecks.run(() => new Promise<void>((resolve) => (release = resolve)));
    const waiting = door.attempt('198.51.100.1', ADMIN.username, ADMIN.password).then((response) => response);
    while (door.loginGuard.passwordChecks.waiting < 1) await new Promise((resolve) => setTimeout(resolve, 5));
    const refused = await door.attempt('198.51.100.2', 'analis', ADMIN.password);
    expect(refused.status).toBe(503);
    expect(refused.headers['retry-after']).toBe('2');
    expect(refused.text).toContain('Server sedang sibuk');
    expect(refused.text).toContain('Server sedang memeriksa banyak kata sandi sekaligus. Coba lagi dalam beberapa detik.');
    const english = await door.attempt('198.51.100.3', 'analis', ADMIN.password).query({ lang: 'en' });
    expect(english.status).toBe(503);
    expect(english.text).toContain('The server is checking many passwords at this moment');
    release();
    await held;
    expect((await waiting).status).toBe(303);
    // A refusal is not a failed login: it counts against nobody.
    expect((await door.attempt('198.51.100.2', 'analis', ADMIN.password)).status).toBe(303);
  });
});
