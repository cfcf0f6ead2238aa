import request from 'supertest';
import { ADMIN, countRows, createTestApp, csrfFrom, loggedIn } from '../helpers';

describe('first start and /setup', () => {
  it('sends a visitor of an empty install to /setup', async () => {
    const { app } = createTestApp();
    const response = await request(app).get('/');
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe('/setup');
  });

  it('creates the first administrator, then refuses further use', async () => {
    const { app, db } = createTestApp();
    const agent = request.agent(app);
    const page = await agent.get('/setup');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Buat administrator pertama');
    const created = await agent.post('/setup').type('form').send({ username: 'kepala', password: 'a-long-password', public_address: 'https://survei.example.go.id', _csrf: csrfFrom(page.text) });
    expect(created.status).toBe(303);
    expect(countRows(db, 'users')).toBe(1);
    const again = await agent.post('/setup').type('form').send({ username: 'intruder', password: 'another-password', _csrf: csrfFrom(page.text) });
    expect(again.status).toBe(403);
    expect(countRows(db, 'users')).toBe(1);
    expect((await agent.get('/setup')).status).toBe(403);
  });

  it('rejects a short password beside the field and creates nothing', async () => {
    const { app, db } = createTestApp();
    const agent = request.agent(app);
    const page = await agent.get('/setup');
    const response = await agent.post('/setup').type('form').send({ username: 'kepala', password: 'short', public_address: 'https://survei.example.go.id', _csrf: csrfFrom(page.text) });
    expect(response.status).toBe(422);
    expect(response.text).toContain('paling sedikit 10 karakter');
    expect(response.text).toContain('aria-invalid="true"');
    expect(countRows(db, 'users')).toBe(0);
  });

  it('refuses a form without its CSRF token', async () => {
    const { app, db } = createTestApp();
    const response = await request(app).post('/setup').type('form').send({ username: 'kepala', password: 'a-long-password' });
    expect(response.status).toBe(403);
    expect(response.text).toContain('Formulir sudah kedaluwarsa');
    expect(countRows(db, 'users')).toBe(0);
  });
});

describe('login and sessions', () => {
  it('logs in with the right password and sets an HttpOnly, SameSite session cookie', async () => {
    const { app, db } = createTestApp();
    await loggedIn(app, db); // creates the admin
    const agent = request.agent(app);
    const page = await agent.get('/login');
    const response = await agent.post('/login').type('form').send({ ...ADMIN, _csrf: csrfFrom(page.text) });
    expect(response.status).toBe(303);
    const cookie = response.headers['set-cookie'] as unknown as string[];
    const session = cookie.find((line) => line.startsWith('potret_session='));
    expect(session).toMatch(/HttpOnly/);
    expect(session).toMatch(/SameSite=Lax/);
    expect(session).not.toMatch(/Secure/);
    expect((await agent.get('/rounds')).status).toBe(200);
  });

  it('marks the session cookie Secure behind a TLS proxy when trust proxy is on', async () => {
    const { app, db } = createTestApp({ trustProxy: true });
    await loggedIn(app, db);
    const agent = request.agent(app);
    // The CSRF cookie comes from a plain request: supertest would not send back a Secure cookie over http.
    const page = await agent.get('/login');
    const response = await agent.post('/login').set('X-Forwarded-Proto', 'https').type('form').send({ ...ADMIN, _csrf: csrfFrom(page.text) });
    const session = (response.headers['set-cookie'] as unknown as string[]).find((line) => line.startsWith('potret_session='));
    expect(session).toMatch(/Secure/);
  });

  it('answers a wrong password with 422 and the message, without a session', async () => {
    const { app, db } = createTestApp();
    await loggedIn(app, db);
    const agent = request.agent(app);
    const page = await agent.get('/login');
    const response = await agent.post('/login').type('form').send({ username: ADMIN.username, password: 'wrong-password', _csrf: csrfFrom(page.text) });
    expect(response.status).toBe(422);
    expect(response.text).toContain('Nama pengguna atau kata sandi salah');
    expect((await agent.get('/rounds')).status).toBe(303);
  });

  it('blocks a sixth failed attempt within 15 minutes with 429, even with the right password', async () => {
    const { app, db } = createTestApp();
    await loggedIn(app, db);
    const agent = request.agent(app);
    const csrf = csrfFrom((await agent.get('/login')).text);
    for (let attempt = 0; attempt < 5; attempt += 1) {
      expect((await agent.post('/login').type('form').send({ username: ADMIN.username, password: 'nope-nope-nope', _csrf: csrf })).status).toBe(422);
    }
    const blocked = await agent.post('/login').type('form').send({ ...ADMIN, _csrf: csrf });
    expect(blocked.status).toBe(429);
    expect(blocked.text).toContain('Tunggu 15 menit');
  });

  it('does not redirect to another site after login', async () => {
    const { app, db } = createTestApp();
    await loggedIn(app, db);
    const agent = request.agent(app);
    const page = await agent.get('/login?next=//evil.example');
    const response = await agent.post('/login').type('form').send({ ...ADMIN, next: '//evil.example', _csrf: csrfFrom(page.text) });
    expect(response.headers.location).toBe('/rounds');
  });

  it('ends a session after the configured number of hours', async () => {
    const { app, db, clock } = createTestApp();
    const { agent } = await loggedIn(app, db);
    expect((await agent.get('/rounds')).status).toBe(200);
    clock.now = new Date(clock.now.getTime() + 13 * 3600_000);
    expect((await agent.get('/rounds')).status).toBe(303);
  });

  it('logs out and ends the session server-side', async () => {
    const { app, db } = createTestApp();
    const { agent, csrf } = await loggedIn(app, db);
    expect(countRows(db, 'sessions')).toBe(1);
    const response = await agent.post('/logout').type('form').send({ _csrf: csrf });
    expect(response.status).toBe(303);
    expect(countRows(db, 'sessions')).toBe(0);
    expect((await agent.get('/rounds')).status).toBe(303);
  });
});

describe('access control and headers', () => {
  it.each(['/rounds', '/rounds/new', '/rounds/1', '/rounds/1/status', '/instruments', '/users'])('redirects %s to login without a session', async (url) => {
    const { app } = createTestApp();
    const response = await request(app).get(url);
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe(`/login?next=${encodeURIComponent(url)}`);
  });

  it.each(['/api/rounds', '/api/rounds/1/status', '/api/instruments/bsc-default'])('answers %s with 401 JSON without login', async (url) => {
    const { app } = createTestApp();
    const response = await request(app).get(url);
    expect(response.status).toBe(401);
    expect(response.body.error).toBe('Login required');
  });

  it('keeps the user list for administrators only', async () => {
    const { app, db } = createTestApp();
    const { agent } = await loggedIn(app, db, 'analyst');
    expect((await agent.get('/users')).status).toBe(403);
  });

  it('lets an administrator create an analyst account', async () => {
    const { app, db } = createTestApp();
    const { agent, csrf } = await loggedIn(app, db);
    const response = await agent.post('/users').type('form').send({ username: 'siti', password: 'long-enough-pw', role: 'analyst', _csrf: csrf });
    expect(response.status).toBe(201);
    expect(db.prepare("SELECT role FROM users WHERE username = 'siti'").get()).toEqual({ role: 'analyst' });
  });

  it('sends security headers: CSP without outside sources, no-referrer, nosniff, frame protection', async () => {
    const { app } = createTestApp();
    const response = await request(app).get('/setup');
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(response.headers['referrer-policy']).toBe('no-referrer');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(response.headers['x-powered-by']).toBeUndefined();
  });

  it('serves pages in Indonesian by default and in English on request, remembering the choice', async () => {
    const { app } = createTestApp();
    const agent = request.agent(app);
    expect((await agent.get('/setup')).text).toContain('<html lang="id">');
    expect((await agent.get('/setup?lang=en')).text).toContain('Create the first administrator');
    expect((await agent.get('/setup')).text).toContain('<html lang="en">');
  });

  it('answers an unknown page with a 404 page', async () => {
    const { app } = createTestApp();
    const response = await request(app).get('/no-such-page');
    expect(response.status).toBe(404);
    expect(response.text).toContain('Halaman tidak ditemukan');
  });
});
