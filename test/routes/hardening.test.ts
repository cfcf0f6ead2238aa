import request from 'supertest';
import { addRosterEntry, issueLinks } from '../../src/survey/roster';
import { createRound } from '../../src/survey/rounds';
import { ADMIN, countRows, createTestApp, csrfFrom, employee, loggedIn } from '../helpers';

/** The same length and alphabet as the real token, one character changed: only a comparison of the whole value refuses it. */
function tampered(token: string): string {
  return `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
}

describe('hardening', () => {
  it('refuses a multipart upload from a visitor who is not logged in, without reading it', async () => {
    const { app, db } = createTestApp();
    const response = await request(app).post('/rounds/1/roster').attach('file', Buffer.from('name,unit\nAni,A\n'), 'roster.csv');
    expect(response.status).toBe(401);
    expect(countRows(db, 'roster_entries')).toBe(0);
  });

  it('answers a multipart body that is cut short with 400, not a server error, and changes nothing', async () => {
    const { app, db } = createTestApp();
    const { agent } = await loggedIn(app, db);
    const audit = countRows(db, 'audit_log');
    const response = await agent
      .post('/organisation/logo')
      .set('Content-Type', 'multipart/form-data; boundary=cut')
      .send('--cut\r\nContent-Disposition: form-data; name="file"; filename="logo.png"\r\n\r\n\x89PNG');
    expect(response.status).toBe(400);
    expect(response.text).not.toMatch(/\bat \S+ \(/);
    expect(countRows(db, 'organisation_profile')).toBe(0);
    expect(countRows(db, 'audit_log')).toBe(audit);
  });

  it('refuses a logged-in form whose CSRF token is wrong, and writes nothing', async () => {
    const { app, db } = createTestApp();
    const { agent, csrf } = await loggedIn(app, db);
    const response = await agent.post('/rounds').type('form').send({ name: 'Forged', _csrf: tampered(csrf) });
    expect(response.status).toBe(403);
    expect(countRows(db, 'rounds')).toBe(0);
  });

  it('refuses a CSRF token that belongs to another session', async () => {
    const { app, db } = createTestApp();
    const { agent } = await loggedIn(app, db);
    const other = request.agent(app);
    const loginPage = await other.get('/login');
    const login = await other.post('/login').type('form').send({ ...ADMIN, _csrf: csrfFrom(loginPage.text) });
    expect(login.status).toBe(303);
    const otherCsrf = csrfFrom((await other.get('/rounds/new')).text);
    const response = await agent.post('/rounds').type('form').send({ name: 'Forged', _csrf: otherCsrf });
    expect(response.status).toBe(403);
    expect(countRows(db, 'rounds')).toBe(0);
  });

  it('refuses a setup form whose CSRF token does not match its cookie, and creates no account', async () => {
    const { app, db } = createTestApp();
    const agent = request.agent(app);
    const csrf = csrfFrom((await agent.get('/setup')).text);
    const response = await agent.post('/setup').type('form').send({ username: 'kepala', password: 'a-long-password', _csrf: tampered(csrf) });
    expect(response.status).toBe(403);
    expect(countRows(db, 'users')).toBe(0);
  });

  it('ignores an unknown notice in the address instead of failing', async () => {
    const { app, db } = createTestApp();
    const { agent, csrf } = await loggedIn(app, db);
    await agent.post('/rounds').type('form').send({ name: 'R', _csrf: csrf });
    const response = await agent.get('/rounds/1?notice=%3Cscript%3E');
    expect(response.status).toBe(200);
    expect(response.text).not.toContain('class="notice"');
  });

  it('erases deleted rows from the database file (secure_delete)', () => {
    const { db } = createTestApp();
    expect(db.pragma('secure_delete', { simple: true })).toBe(1);
  });

  describe('nothing with answers or analyst data is kept in a cache', () => {
    it('sends Cache-Control: no-store on the pages of a signed-in analyst', async () => {
      const { app, db } = createTestApp();
      const { agent } = await loggedIn(app, db, 'analyst');
      const round = createRound(db, { name: 'Diagnosis 2026' }, new Date(), 'test');
      for (const url of ['/rounds', `/rounds/${round.row.id}`, `/rounds/${round.row.id}/status`, `/rounds/${round.row.id}/report`, '/api/rounds']) {
        const response = await agent.get(url);
        expect([url, response.status]).toEqual([url, 200]);
        expect([url, response.headers['cache-control']]).toEqual([url, expect.stringContaining('no-store')]);
      }
    });

    it('sends Cache-Control: no-store on every questionnaire page, and on its error pages', async () => {
      const { app, db } = createTestApp();
      const round = createRound(db, { name: 'Diagnosis 2026' }, new Date(), 'test');
      const entry = addRosterEntry(db, round.row.id, { name: 'Ani Lestari', unit: 'Subdit A' }, new Date(), 'test');
      const [issued] = issueLinks(db, round.row.id, [entry.id], 'http://potret.test', new Date(), 'test');
      const base = `/s/${issued.link.split('/s/')[1]}`;
      for (const url of [base, `${base}/p/1`, `${base}/p/9`, '/s/not-a-link']) {
        const response = await employee(app).get(url);
        expect([url, response.headers['cache-control']]).toEqual([url, expect.stringContaining('no-store')]);
      }
    });

    it('lets the static files be cached', async () => {
      const { app } = createTestApp();
      const response = await request(app).get('/static/potret.css');
      expect(response.status).toBe(200);
      expect(response.headers['cache-control']).toBe('public, max-age=3600');
    });
  });
});
