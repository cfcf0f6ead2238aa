import request from 'supertest';
import type { Express } from 'express';
import { createApiToken, createUser } from '../../src/auth/accounts';
import type { Db } from '../../src/db/connection';
import type { Role } from '../../src/db/types';
import { ADMIN, countRows, createTestApp, csrfFrom, loggedIn } from '../helpers';

/** A second browser of the same user: its own session cookie and CSRF token. */
async function loginAs(app: Express, username: string, password = ADMIN.password) {
  const agent = request.agent(app);
  const page = await agent.get('/login');
  const login = await agent.post('/login').type('form').send({ username, password, _csrf: csrfFrom(page.text) });
  return { agent, status: login.status, text: login.text };
}

async function csrfOf(agent: ReturnType<typeof request.agent>): Promise<string> {
  return csrfFrom((await agent.get('/account')).text);
}

function userId(db: Db, username: string): number {
  return (db.prepare('SELECT id FROM users WHERE username = ?').get(username) as { id: number }).id;
}

function userRow(db: Db, username: string) {
  return db.prepare('SELECT role, deactivated_at, password_hash FROM users WHERE username = ?').get(username) as { role: Role; deactivated_at: string | null; password_hash: string };
}

async function addUser(db: Db, username: string, role: Role = 'analyst') {
  await createUser(db, { username, password: ADMIN.password, role }, new Date(), 'test');
  return userId(db, username);
}

function auditActions(db: Db): string[] {
  return (db.prepare('SELECT action FROM audit_log ORDER BY id').all() as { action: string }[]).map((row) => row.action);
}

describe('deactivating an account', () => {
  it("refuses the deactivated user's open session and API token on the very next request", async () => {
    const { app, db } = createTestApp();
    const admin = await loggedIn(app, db);
    const id = await addUser(db, 'budi');
    const budi = await loginAs(app, 'budi');
    const token = createApiToken(db, 'budi', 'skrip', new Date(), 'test');
    expect((await budi.agent.get('/rounds')).status).toBe(200);
    expect((await request(app).get('/api/rounds').set('Authorization', `Bearer ${token}`)).status).toBe(200);

    const done = await admin.agent.post(`/users/${id}/deactivate`).type('form').send({ _csrf: admin.csrf });
    expect(done.status).toBe(303);

    const page = await budi.agent.get('/rounds');
    expect(page.status).toBe(303);
    expect(page.headers.location).toMatch(/^\/login/);
    expect((await request(app).get('/api/rounds').set('Authorization', `Bearer ${token}`)).status).toBe(401);
    expect(countRows(db, 'api_tokens')).toBe(0);
    expect(db.prepare('SELECT count(*) AS n FROM sessions WHERE user_id = ?').get(id)).toEqual({ n: 0 });
    const entry = db.prepare("SELECT actor, details FROM audit_log WHERE action = 'user.deactivate'").get() as { actor: string; details: string };
    expect(entry.actor).toBe('admin');
    expect(JSON.parse(entry.details)).toEqual({ username: 'budi', role: 'analyst', sessions_ended: 1, tokens_revoked: 1 });
  });

  it('refuses a session even if one survived in the table (the account is checked on every request)', async () => {
    const { app, db } = createTestApp();
    await loggedIn(app, db);
    await addUser(db, 'budi');
    const budi = await loginAs(app, 'budi');
    db.prepare("UPDATE users SET deactivated_at = '2026-11-28T00:00:00Z' WHERE username = 'budi'").run();
    expect((await budi.agent.get('/account')).status).toBe(303);
  });

  it('keeps a deactivated user out: the right password gets a message that says why, a wrong one the usual message', async () => {
    const { app, db } = createTestApp();
    const admin = await loggedIn(app, db);
    const id = await addUser(db, 'budi');
    await admin.agent.post(`/users/${id}/deactivate`).type('form').send({ _csrf: admin.csrf });
    const right = await loginAs(app, 'budi');
    expect(right.status).toBe(422);
    expect(right.text).toContain('Akun ini dinonaktifkan');
    const wrong = await loginAs(app, 'budi', 'not-the-password');
    expect(wrong.status).toBe(422);
    expect(wrong.text).toContain('Nama pengguna atau kata sandi salah');
    expect(wrong.text).not.toContain('dinonaktifkan');
    expect(countRows(db, 'sessions')).toBe(1);
  });

  it('lets a reactivated user log in again, and records both changes', async () => {
    const { app, db } = createTestApp();
    const admin = await loggedIn(app, db);
    const id = await addUser(db, 'budi');
    await admin.agent.post(`/users/${id}/deactivate`).type('form').send({ _csrf: admin.csrf });
    const back = await admin.agent.post(`/users/${id}/reactivate`).type('form').send({ _csrf: admin.csrf });
    expect(back.status).toBe(303);
    expect((await loginAs(app, 'budi')).status).toBe(303);
    expect(auditActions(db).filter((action) => action.startsWith('user.') && action !== 'user.create')).toEqual(['user.deactivate', 'user.reactivate']);
  });

  it('refuses an administrator deactivating or demoting themselves, and the last active administrator, and changes nothing', async () => {
    const { app, db } = createTestApp();
    const admin = await loggedIn(app, db);
    const self = userId(db, 'admin');
    const before = auditActions(db).length;
    const deactivate = await admin.agent.post(`/users/${self}/deactivate`).type('form').send({ _csrf: admin.csrf });
    expect(deactivate.status).toBe(422);
    expect(deactivate.text).toContain('Anda tidak dapat menonaktifkan akun Anda sendiri');
    const demote = await admin.agent.post(`/users/${self}/role`).type('form').send({ role: 'analyst', _csrf: admin.csrf });
    expect(demote.status).toBe(422);
    expect(demote.text).toContain('mencabut peran administrator dari akun Anda sendiri');
    expect(userRow(db, 'admin')).toMatchObject({ role: 'admin', deactivated_at: null });
    expect(auditActions(db)).toHaveLength(before);
  });

  it('refuses deactivating the last active administrator from the command line too', async () => {
    const { db } = createTestApp();
    await addUser(db, 'root', 'admin');
    const { deactivateUser } = await import('../../src/auth/account-admin');
    expect(() => deactivateUser(db, userId(db, 'root'), { username: 'cli', userId: null }, new Date())).toThrow('last active administrator');
    expect(userRow(db, 'root').deactivated_at).toBeNull();
  });
});

describe('roles', () => {
  it('changes a role, which takes effect on the next request of the open session', async () => {
    const { app, db } = createTestApp();
    const admin = await loggedIn(app, db);
    const id = await addUser(db, 'budi', 'viewer');
    const budi = await loginAs(app, 'budi');
    expect((await budi.agent.get('/rounds/new')).status).toBe(403);
    const changed = await admin.agent.post(`/users/${id}/role`).type('form').send({ role: 'analyst', _csrf: admin.csrf });
    expect(changed.status).toBe(303);
    expect((await budi.agent.get('/rounds/new')).status).toBe(200);
    const entry = db.prepare("SELECT details FROM audit_log WHERE action = 'user.role'").get() as { details: string };
    expect(JSON.parse(entry.details)).toEqual({ username: 'budi', role: { from: 'viewer', to: 'analyst' } });
  });

  it('refuses a role that does not exist with 422 and keeps the old one', async () => {
    const { app, db } = createTestApp();
    const admin = await loggedIn(app, db);
    const id = await addUser(db, 'budi');
    const response = await admin.agent.post(`/users/${id}/role`).type('form').send({ role: 'superuser', _csrf: admin.csrf });
    expect(response.status).toBe(422);
    expect(response.text).toContain('Pilih salah satu peran');
    expect(userRow(db, 'budi').role).toBe('analyst');
  });

  it('an administrator may demote another administrator while one active administrator remains', async () => {
    const { app, db } = createTestApp();
    const admin = await loggedIn(app, db);
    const id = await addUser(db, 'kedua', 'admin');
    expect((await admin.agent.post(`/users/${id}/role`).type('form').send({ role: 'viewer', _csrf: admin.csrf })).status).toBe(303);
    expect(userRow(db, 'kedua').role).toBe('viewer');
  });
});

describe('an account that is not an administrator', () => {
  it.each(['analyst', 'viewer', 'contributor'] as Role[])('as %s cannot deactivate, change roles, reset passwords or revoke tokens (403), and nothing changes', async (role) => {
    const { app, db } = createTestApp();
    const { agent, csrf } = await loggedIn(app, db, role);
    const target = userId(db, 'first-admin');
    createApiToken(db, 'first-admin', 'skrip', new Date(), 'test');
    const tokenId = (db.prepare('SELECT id FROM api_tokens').get() as { id: number }).id;
    const before = { users: JSON.stringify(db.prepare('SELECT * FROM users ORDER BY id').all()), audit: countRows(db, 'audit_log') };
    for (const path of [`/users/${target}/deactivate`, `/users/${target}/role`, `/users/${target}/reset`, `/users/${target}/tokens/${tokenId}/revoke`]) {
      const response = await agent.post(path).type('form').send({ role: role, _csrf: csrf });
      expect([path, response.status]).toEqual([path, 403]);
    }
    // Someone else's token is not theirs to revoke from their own account page either.
    expect((await agent.post(`/account/tokens/${tokenId}/revoke`).type('form').send({ _csrf: csrf })).status).toBe(404);
    expect(JSON.stringify(db.prepare('SELECT * FROM users ORDER BY id').all())).toBe(before.users);
    expect(countRows(db, 'audit_log')).toBe(before.audit);
    expect(countRows(db, 'password_resets')).toBe(0);
    expect(countRows(db, 'api_tokens')).toBe(1);
  });
});

describe('password change', () => {
  it('ends every other session of the user and keeps the one that made the change', async () => {
    const { app, db } = createTestApp();
    await loggedIn(app, db);
    await addUser(db, 'budi');
    const laptop = await loginAs(app, 'budi');
    const phone = await loginAs(app, 'budi');
    const other = await loginAs(app, 'admin');
    const csrf = await csrfOf(laptop.agent);
    const change = await laptop.agent.post('/account/password').type('form').send({ current_password: ADMIN.password, new_password: 'a-new-long-password', _csrf: csrf });
    expect(change.status).toBe(303);
    expect((await laptop.agent.get('/account')).status).toBe(200);
    const refused = await phone.agent.get('/account');
    expect(refused.status).toBe(303);
    expect(refused.headers.location).toMatch(/^\/login/);
    // Another user's session is not touched.
    expect((await other.agent.get('/account')).status).toBe(200);
  });

  it('a wrong current password ends no session', async () => {
    const { app, db } = createTestApp();
    await loggedIn(app, db);
    await addUser(db, 'budi');
    const laptop = await loginAs(app, 'budi');
    const phone = await loginAs(app, 'budi');
    const response = await laptop.agent.post('/account/password').type('form').send({ current_password: 'wrong-password', new_password: 'a-new-long-password', _csrf: await csrfOf(laptop.agent) });
    expect(response.status).toBe(422);
    expect((await phone.agent.get('/account')).status).toBe(200);
  });
});

describe('password reset links', () => {
  async function resetLink(app: Express, db: Db, username = 'budi') {
    const admin = await loggedIn(app, db);
    const id = await addUser(db, username);
    const page = await admin.agent.post(`/users/${id}/reset`).type('form').send({ _csrf: admin.csrf });
    expect(page.status).toBe(201);
    expect(page.headers['cache-control']).toBe('no-store');
    const url = /value="(http:\/\/potret\.test\/reset\/[A-Za-z0-9_-]{43})"/.exec(page.text)?.[1];
    if (!url) throw new Error('no reset link on the page');
    return { admin, id, path: url.replace('http://potret.test', ''), page };
  }

  async function submit(app: Express, path: string, password: string) {
    const agent = request.agent(app);
    const form = await agent.get(path);
    if (form.status !== 200) return form;
    return agent.post(path).type('form').send({ new_password: password, _csrf: csrfFrom(form.text) });
  }

  it('works once: sets the password, ends every session of the user, and is refused after use', async () => {
    const { app, db } = createTestApp();
    const { path } = await resetLink(app, db);
    const budi = await loginAs(app, 'budi');
    expect(countRows(db, 'password_resets')).toBe(1);
    expect(JSON.stringify(db.prepare('SELECT * FROM password_resets').all())).not.toContain(path.slice(7));
    const done = await submit(app, path, 'a-new-long-password');
    expect(done.status).toBe(200);
    expect(done.text).toContain('Kata sandi disimpan');
    expect((await budi.agent.get('/account')).status).toBe(303);
    expect((await loginAs(app, 'budi', 'a-new-long-password')).status).toBe(303);
    expect((await loginAs(app, 'budi', ADMIN.password)).status).toBe(422);
    const again = await submit(app, path, 'yet-another-password');
    expect(again.status).toBe(404);
    expect(again.text).toContain('Tautan tidak berlaku');
    expect((await loginAs(app, 'budi', 'a-new-long-password')).status).toBe(303);
    expect(auditActions(db)).toEqual(expect.arrayContaining(['user.reset_link', 'user.password_reset']));
  });

  it('is refused once expired, and the password stays', async () => {
    const { app, db, clock } = createTestApp();
    const { path } = await resetLink(app, db);
    const before = userRow(db, 'budi').password_hash;
    clock.now = new Date(clock.now.getTime() + 24 * 3600_000 + 1000);
    const response = await submit(app, path, 'a-new-long-password');
    expect(response.status).toBe(404);
    expect(userRow(db, 'budi').password_hash).toBe(before);
  });

  it('a forged or altered token fails, a newer link voids the older one', async () => {
    const { app, db } = createTestApp();
    const { path, admin, id } = await resetLink(app, db);
    const before = userRow(db, 'budi').password_hash;
    const token = path.slice('/reset/'.length);
    const altered = `/reset/${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    expect((await submit(app, altered, 'a-new-long-password')).status).toBe(404);
    expect((await submit(app, '/reset/not-a-token', 'a-new-long-password')).status).toBe(404);
    // A post straight to the address without the form's page is refused too.
    const agent = request.agent(app);
    const login = await agent.get('/login');
    expect((await agent.post(altered).type('form').send({ new_password: 'a-new-long-password', _csrf: csrfFrom(login.text) })).status).toBe(404);
    await admin.agent.post(`/users/${id}/reset`).type('form').send({ _csrf: admin.csrf });
    expect((await submit(app, path, 'a-new-long-password')).status).toBe(404);
    expect(userRow(db, 'budi').password_hash).toBe(before);
  });

  it('refuses a short password with 422 beside the field, and the link stays usable', async () => {
    const { app, db } = createTestApp();
    const { path } = await resetLink(app, db);
    const before = userRow(db, 'budi').password_hash;
    const response = await submit(app, path, 'short');
    expect(response.status).toBe(422);
    expect(response.text).toContain('paling sedikit 10 karakter');
    expect(userRow(db, 'budi').password_hash).toBe(before);
    expect((await submit(app, path, 'a-new-long-password')).status).toBe(200);
  });

  it('a link of an account deactivated afterwards no longer works', async () => {
    const { app, db } = createTestApp();
    const { path, admin, id } = await resetLink(app, db);
    await admin.agent.post(`/users/${id}/deactivate`).type('form').send({ _csrf: admin.csrf });
    expect((await submit(app, path, 'a-new-long-password')).status).toBe(404);
  });
});

describe('API tokens on the account page', () => {
  it('lists the own tokens by label, never the token, and revokes one at once', async () => {
    const { app, db } = createTestApp();
    const { agent, csrf } = await loggedIn(app, db, 'analyst');
    const token = createApiToken(db, 'analyst1', 'laporan-mingguan', new Date(), 'test');
    createApiToken(db, 'first-admin', 'punya-admin', new Date(), 'test');
    const page = await agent.get('/account');
    expect(page.text).toContain('laporan-mingguan');
    expect(page.text).not.toContain('punya-admin');
    expect(page.text).not.toContain(token);
    const id = (db.prepare("SELECT id FROM api_tokens WHERE name = 'laporan-mingguan'").get() as { id: number }).id;
    expect((await agent.post(`/account/tokens/${id}/revoke`).type('form').send({ _csrf: csrf })).status).toBe(303);
    expect((await request(app).get('/api/rounds').set('Authorization', `Bearer ${token}`)).status).toBe(401);
    expect(countRows(db, 'api_tokens')).toBe(1);
    const entry = db.prepare("SELECT actor, details FROM audit_log WHERE action = 'token.revoke'").get() as { actor: string; details: string };
    expect(entry.actor).toBe('analyst1');
    expect(JSON.parse(entry.details)).toEqual({ username: 'analyst1', token_id: id, name: 'laporan-mingguan' });
  });

  it("an administrator revokes another user's token from the user's page", async () => {
    const { app, db } = createTestApp();
    const admin = await loggedIn(app, db);
    const id = await addUser(db, 'budi');
    const token = createApiToken(db, 'budi', 'skrip', new Date(), 'test');
    const tokenId = (db.prepare('SELECT id FROM api_tokens').get() as { id: number }).id;
    expect((await admin.agent.get(`/users/${id}`)).text).toContain('skrip');
    expect((await admin.agent.post(`/users/${id}/tokens/${tokenId}/revoke`).type('form').send({ _csrf: admin.csrf })).status).toBe(303);
    expect((await request(app).get('/api/rounds').set('Authorization', `Bearer ${token}`)).status).toBe(401);
  });
});
