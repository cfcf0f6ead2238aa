import request from 'supertest';
import type { Role } from '../../src/db/types';
import { loadOrganisation, saveOrganisation, setLogo } from '../../src/organisation/profile';
import { countRows, createTestApp, loggedIn } from '../helpers';
import { PROFILE_INPUT, pngImage, svgImage } from '../organisation/fixtures';

const NOW = new Date('2026-12-02T03:00:00Z');

describe('the organisation profile page', () => {
  it('shows the form with a label for every field, in Indonesian by default and in English', async () => {
    const { app, db } = createTestApp();
    const { agent } = await loggedIn(app, db);
    const page = await agent.get('/organisation');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<h1>Profil organisasi</h1>');
    for (const field of ['name', 'parent', 'unit', 'city', 'head_name', 'head_position', 'head_nip', 'file']) {
      expect(page.text).toContain(`<label for="f-${field}">`);
      expect(page.text).toContain(`id="f-${field}"`);
    }
    expect(page.text).toContain('enctype="multipart/form-data"');
    expect(page.text).toContain('Belum ada logo.');
    expect((await agent.get('/organisation?lang=en')).text).toContain('<h1>Organisation profile</h1>');
  });

  it('is linked from the navigation for administrators', async () => {
    const { app, db } = createTestApp();
    const { agent } = await loggedIn(app, db);
    const nav = /<nav aria-label="Navigasi utama">([\s\S]*?)<\/nav>/.exec((await agent.get('/users')).text)![1];
    expect(nav).toContain('href="/organisation"');
  });

  it('saves the profile, stores the NIP without spaces and shows it again', async () => {
    const { app, db } = createTestApp();
    const { agent, csrf } = await loggedIn(app, db);
    const saved = await agent.post('/organisation').type('form').send({ ...PROFILE_INPUT, head_nip: '19700101 199503 1 001', _csrf: csrf });
    expect(saved.status).toBe(303);
    expect(saved.headers.location).toBe('/organisation?done=saved');
    expect(loadOrganisation(db)).toMatchObject({ name: PROFILE_INPUT.name, city: 'Jakarta', head: { nip: '197001011995031001' } });
    const page = await agent.get(saved.headers.location);
    expect(page.text).toContain('Profil organisasi disimpan.');
    expect(page.text).toContain('value="Direktorat Pengembangan Sistem"');
    expect(page.text).toContain('value="197001011995031001"');
    const entry = db.prepare("SELECT actor FROM audit_log WHERE action = 'organisation.update'").get();
    expect(entry).toEqual({ actor: 'admin' });
  });

  it('comes back with 422, the message beside the field and what was typed, when a field is refused; nothing is written', async () => {
    const { app, db } = createTestApp();
    saveOrganisation(db, PROFILE_INPUT, NOW, 'admin');
    const { agent, csrf } = await loggedIn(app, db);
    const before = loadOrganisation(db);
    const refused = await agent.post('/organisation').type('form').send({ ...PROFILE_INPUT, name: 'Nama Baru', head_nip: '1970010119950310', _csrf: csrf });
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('<p class="error" id="e-head_nip">NIP terdiri atas 18 angka (spasi diabaikan)</p>');
    expect(refused.text).toContain('href="#f-head_nip"');
    expect(refused.text).toContain('value="Nama Baru"');
    expect(loadOrganisation(db)).toEqual(before);
  });

  it('uploads a PNG logo and previews it as an image with alt text; removes it', async () => {
    const { app, db } = createTestApp();
    saveOrganisation(db, PROFILE_INPUT, NOW, 'admin');
    const { agent, csrf } = await loggedIn(app, db);
    const png = pngImage();
    const uploaded = await agent.post('/organisation/logo').field('_csrf', csrf).attach('file', png, 'logo.png');
    expect(uploaded.status).toBe(303);
    const page = await agent.get('/organisation?done=logo_saved');
    expect(page.text).toContain('Logo disimpan.');
    expect(page.text).toContain(`<img src="data:image/png;base64,${png.toString('base64')}" alt="Logo Direktorat Pengembangan Sistem">`);
    // The page's policy lets the preview show (images from the site and data: only).
    expect(page.headers['content-security-policy']).toMatch(/img-src 'self' data:/);
    const removed = await agent.post('/organisation/logo/remove').type('form').send({ _csrf: csrf });
    expect(removed.status).toBe(303);
    expect(loadOrganisation(db).logo).toBeNull();
  });

  it('refuses a text file renamed .png and an SVG with a script, beside the field, keeping the previous logo', async () => {
    const { app, db } = createTestApp();
    const png = pngImage();
    setLogo(db, png, NOW, 'admin');
    const { agent, csrf } = await loggedIn(app, db);
    const text = await agent.post('/organisation/logo').field('_csrf', csrf).attach('file', Buffer.from('bukan gambar'), 'logo.png');
    expect(text.status).toBe(422);
    expect(text.text).toContain('Logo tidak disimpan; logo sebelumnya tetap dipakai.');
    expect(text.text).toContain('<p class="error" id="e-file">logo harus berupa gambar PNG atau SVG; berkas ini bukan keduanya</p>');
    const script = await agent.post('/organisation/logo').field('_csrf', csrf).attach('file', svgImage('<script>alert(1)</script>'), 'logo.svg');
    expect(script.status).toBe(422);
    expect(script.text).toContain('skrip (&lt;script&gt;)');
    expect(loadOrganisation(db).logo).toEqual({ type: 'image/png', data: png });
  });

  it('answers 413 for a logo over 512 KB, saying the limit, and keeps the previous logo', async () => {
    const { app, db } = createTestApp();
    const png = pngImage();
    setLogo(db, png, NOW, 'admin');
    const { agent, csrf } = await loggedIn(app, db);
    const large = await agent.post('/organisation/logo').field('_csrf', csrf).attach('file', pngImage({ padding: 600 * 1024 }), 'besar.png');
    expect(large.status).toBe(413);
    expect(large.text).toContain('logo lebih besar dari batas 512 KB');
    expect(loadOrganisation(db).logo).toEqual({ type: 'image/png', data: png });
  });

  it('asks for a file when none is chosen', async () => {
    const { app, db } = createTestApp();
    const { agent, csrf } = await loggedIn(app, db);
    const none = await agent.post('/organisation/logo').field('_csrf', csrf);
    expect(none.status).toBe(422);
    expect(none.text).toContain('pilih berkas PNG atau SVG');
  });
});

describe('attacks on the organisation profile', () => {
  it.each(['analyst', 'viewer', 'contributor'] as Role[])('a %s is refused (403) on every form and nothing changes', async (role) => {
    const { app, db } = createTestApp();
    saveOrganisation(db, PROFILE_INPUT, NOW, 'admin');
    const png = pngImage();
    setLogo(db, png, NOW, 'admin');
    const { agent, csrf } = await loggedIn(app, db, role);
    const before = { profile: loadOrganisation(db), audit: countRows(db, 'audit_log') };
    expect((await agent.get('/organisation')).status).toBe(403);
    expect((await agent.post('/organisation').type('form').send({ ...PROFILE_INPUT, name: 'Dibobol', _csrf: csrf })).status).toBe(403);
    expect((await agent.post('/organisation/logo').field('_csrf', csrf).attach('file', svgImage(), 'logo.svg')).status).toBe(403);
    expect((await agent.post('/organisation/logo/remove').type('form').send({ _csrf: csrf })).status).toBe(403);
    expect({ profile: loadOrganisation(db), audit: countRows(db, 'audit_log') }).toEqual(before);
    const nav = /<nav aria-label="Navigasi utama">([\s\S]*?)<\/nav>/.exec((await agent.get('/account')).text)![1];
    expect(nav).not.toContain('href="/organisation"');
  });

  it('sends someone not logged in to the login page, and refuses an anonymous upload unread', async () => {
    const { app, db } = createTestApp();
    saveOrganisation(db, PROFILE_INPUT, NOW, 'admin');
    const before = loadOrganisation(db);
    const page = await request(app).get('/organisation');
    expect(page.status).toBe(303);
    expect(page.headers.location).toBe('/login?next=%2Forganisation');
    // Without a session there is no CSRF token to send, so the form is refused before its guard.
    expect((await request(app).post('/organisation').type('form').send({ ...PROFILE_INPUT, name: 'Dibobol' })).status).toBe(403);
    expect((await request(app).post('/organisation/logo').attach('file', svgImage(), 'logo.svg')).status).toBe(401);
    expect(loadOrganisation(db)).toEqual(before);
  });

  it('refuses an administrator\'s form without its CSRF token, or with another one', async () => {
    const { app, db } = createTestApp();
    saveOrganisation(db, PROFILE_INPUT, NOW, 'admin');
    const { agent } = await loggedIn(app, db);
    const before = { profile: loadOrganisation(db), audit: countRows(db, 'audit_log') };
    expect((await agent.post('/organisation').type('form').send({ ...PROFILE_INPUT, name: 'Dibobol' })).status).toBe(403);
    expect((await agent.post('/organisation').type('form').send({ ...PROFILE_INPUT, name: 'Dibobol', _csrf: 'x'.repeat(43) })).status).toBe(403);
    expect((await agent.post('/organisation/logo').attach('file', pngImage(), 'logo.png')).status).toBe(403);
    expect((await agent.post('/organisation/logo/remove').type('form').send({})).status).toBe(403);
    expect({ profile: loadOrganisation(db), audit: countRows(db, 'audit_log') }).toEqual(before);
  });
});
