import request from 'supertest';
import { getSetting } from '../../src/db/app-settings';
import { isLoopbackAddress, publicAddress } from '../../src/survey/public-address';
import { countRows, createTestApp, csrfFrom, loggedIn } from '../helpers';

const ROSTER_CSV = 'nama;unit kerja\r\nAni Lestari;Subdit A\r\nBudi Santoso;Subdit B\r\n';

describe('the public address personal links use', () => {
  it.each([
    ['http://localhost:3000', true],
    ['http://app.localhost', true],
    ['http://127.0.0.1:3000', true],
    ['http://127.8.9.10', true],
    ['http://[::1]:3000', true],
    ['http://0.0.0.0:3000', true],
    ['https://survei.example.go.id', false],
    ['http://10.1.2.3:3000', false],
    ['http://localhost.example.go.id', false],
  ])('isLoopbackAddress(%s) is %s', (url, loopback) => {
    expect(isLoopbackAddress(url)).toBe(loopback);
  });

  it('/setup is pre-filled with the address the browser used', async () => {
    const { app } = createTestApp();
    const page = await request(app).get('/setup').set('Host', 'potret.kantor.go.id:8080');
    expect(page.text).toMatch(/name="public_address" type="url"\s+value="http:\/\/potret\.kantor\.go\.id:8080"/);
  });

  it.each([
    ['', 'wajib'],
    ['survei kantor', 'alamat web'],
    ['ftp://survei.example.go.id', 'alamat web'],
    ['https://survei.example.go.id/?x=1', '?'],
  ])('/setup refuses the address %j beside its field and creates no account', async (address, message) => {
    const { app, db } = createTestApp();
    const agent = request.agent(app);
    const page = await agent.get('/setup');
    const response = await agent.post('/setup').type('form').send({ username: 'kepala', password: 'a-long-password', public_address: address, _csrf: csrfFrom(page.text) });
    expect(response.status).toBe(422);
    expect(response.text).toContain('id="e-public_address"');
    expect(response.text.toLowerCase()).toContain(message);
    expect(countRows(db, 'users')).toBe(0);
    expect(countRows(db, 'app_settings')).toBe(0);
  });

  it('the address chosen at /setup is what links are made with, and its choice is audited', async () => {
    const { app, db } = createTestApp({ baseUrl: 'http://localhost:3000', baseUrlIsDefault: true });
    const agent = request.agent(app);
    const page = await agent.get('/setup');
    const created = await agent.post('/setup').type('form').send({ username: 'kepala', password: 'a-long-password', public_address: 'https://survei.example.go.id/potret/', _csrf: csrfFrom(page.text) });
    expect(created.status).toBe(303);
    expect(getSetting(db, 'public_address')).toBe('https://survei.example.go.id/potret');
    const audit = db.prepare("SELECT actor, details FROM audit_log WHERE action = 'settings.public_address'").get() as { actor: string; details: string };
    expect(audit.actor).toBe('kepala');
    expect(JSON.parse(audit.details)).toEqual({ from: null, to: 'https://survei.example.go.id/potret' });

    const login = await agent.get('/login');
    await agent.post('/login').type('form').send({ username: 'kepala', password: 'a-long-password', _csrf: csrfFrom(login.text) });
    const csrf = csrfFrom((await agent.get('/account')).text);
    const round = await agent.post('/rounds').type('form').send({ name: 'Diagnosis 2026', _csrf: csrf });
    const id = Number(/\/rounds\/(\d+)/.exec(round.headers.location)?.[1]);
    await agent.post(`/rounds/${id}/roster`).field('_csrf', csrf).attach('file', Buffer.from(ROSTER_CSV), 'roster.csv');
    const roundPage = await agent.get(`/rounds/${id}`);
    expect(roundPage.text).not.toContain('hanya terbuka di komputer server');
    const links = await agent.post(`/rounds/${id}/links`).type('form').send({ _csrf: csrf, which: 'missing' });
    const urls = links.text.match(/https?:\/\/[^\s;,"]+/g) ?? [];
    expect(urls).toHaveLength(2);
    for (const url of urls) expect(url).toMatch(/^https:\/\/survei\.example\.go\.id\/potret\/s\/[A-Za-z0-9_-]+$/);
  });

  it('while links would point to this machine, the round page says so before any link is made', async () => {
    const { app, db } = createTestApp({ baseUrl: 'http://localhost:3000', baseUrlIsDefault: true });
    const { agent, csrf } = await loggedIn(app, db);
    const round = await agent.post('/rounds').type('form').send({ name: 'Diagnosis 2026', _csrf: csrf });
    const page = await agent.get(round.headers.location);
    expect(page.text).toContain('Tautan akan menunjuk ke http://localhost:3000, yang hanya terbuka di komputer server');
    expect(page.text).toContain('href="/organisation#address-h"');

    const saved = await agent.post('/organisation/address').type('form').send({ _csrf: csrf, public_address: 'https://survei.example.go.id' });
    expect(saved.status).toBe(303);
    expect((await agent.get(round.headers.location)).text).not.toContain('hanya terbuka di komputer server');
  });

  it('POTRET_BASE_URL wins over the stored address, and the forms do not offer to change it', async () => {
    const { app, db } = createTestApp({ baseUrl: 'https://dari-lingkungan.example.go.id', baseUrlIsDefault: false });
    expect((await request(app).get('/setup')).text).toContain('diatur dengan POTRET_BASE_URL');
    const { agent, csrf } = await loggedIn(app, db);
    const refused = await agent.post('/organisation/address').type('form').send({ _csrf: csrf, public_address: 'https://lain.example.go.id' });
    expect(refused.status).toBe(409);
    expect(getSetting(db, 'public_address')).toBeUndefined();
    expect(publicAddress(db, { baseUrl: 'https://dari-lingkungan.example.go.id', baseUrlIsDefault: false })).toEqual({ url: 'https://dari-lingkungan.example.go.id', source: 'environment', loopback: false });
  });

  it('a bad address on the organisation page is refused beside its field and the old one kept', async () => {
    const { app, db } = createTestApp();
    const { agent, csrf } = await loggedIn(app, db);
    await agent.post('/organisation/address').type('form').send({ _csrf: csrf, public_address: 'https://survei.example.go.id' });
    const response = await agent.post('/organisation/address').type('form').send({ _csrf: csrf, public_address: 'survei kantor' });
    expect(response.status).toBe(422);
    expect(response.text).toContain('id="e-public_address"');
    expect(getSetting(db, 'public_address')).toBe('https://survei.example.go.id');
    expect(countRows(db, "audit_log WHERE action = 'settings.public_address'")).toBe(1);
  });

  it('an analyst cannot move every link to an address of their choosing', async () => {
    const { app, db } = createTestApp();
    const { agent, csrf } = await loggedIn(app, db, 'analyst');
    const response = await agent.post('/organisation/address').type('form').send({ _csrf: csrf, public_address: 'https://phishing.example.com' });
    expect(response.status).toBe(403);
    expect(getSetting(db, 'public_address')).toBeUndefined();
  });
});
