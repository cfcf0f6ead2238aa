import request, { type Response } from 'supertest';
import { saveOrganisation } from '../../src/organisation/profile';
import { createSkmRound, setSkmRoundOpen } from '../../src/skm/rounds';
import { countRows, createTestApp, loggedIn } from '../helpers';

const KEYS = ['requirements', 'procedure', 'time', 'cost', 'product', 'competence', 'behaviour', 'facilities', 'complaints'];

/** The test app's clock (2026-11-28 10:00 in Jakarta) inside the round's period, with two services. */
function setUp() {
  const context = createTestApp({ baseUrlIsDefault: false });
  const round = createSkmRound(context.db, { name: 'SKM Semester II 2026', period_start: '2026-11-01', period_end: '2026-12-31', services: 'A01 Perizinan\nB02 Konsultasi' }, context.clock.now, 'test');
  return { ...context, round, link: `/k/${round.row.code}` };
}

/** The key comes from the form as rendered, as a browser would send it. */
function keyFrom(html: string): string {
  const match = /name="key" value="([A-Za-z0-9_-]+)"/.exec(html);
  if (!match) throw new Error('no idempotency key in the form');
  return match[1];
}

function answers(value = '3'): Record<string, string> {
  return Object.fromEntries(KEYS.map((key) => [`a_${key}`, value]));
}

function expectNothingKept(response: Response): void {
  expect(response.headers['cache-control']).toBe('no-store');
  expect(response.headers['set-cookie']).toBeUndefined();
}

describe('the open link /k/<code>', () => {
  it('shows the profile and the nine questions on one page, in Indonesian, with a fresh key per rendering', async () => {
    const { app, link } = setUp();
    const first = await request(app).get(link);
    expect(first.status).toBe(200);
    expect(first.text).toContain('<html lang="id">');
    expect(first.text).toContain('autocomplete="off"');
    expect(first.text.match(/<fieldset class="item"/g)).toHaveLength(9);
    expect(first.text).toContain('Bagaimana pendapat Saudara tentang kewajaran biaya/tarif dalam pelayanan?');
    expect(first.text).toContain('<option value="B02">Konsultasi</option>');
    // The honeypot: labelled "Jangan diisi", hidden from screen readers and out of the tab order.
    expect(first.text).toMatch(/<div class="skm-trap" aria-hidden="true">\s*<label for="f-website">Jangan diisi<\/label>\s*<input type="text" id="f-website" name="website" value="" tabindex="-1"/);
    const second = await request(app).get(link);
    expect(keyFrom(second.text)).not.toBe(keyFrom(first.text));
  });

  it('answers an unknown or malformed code with the 404 page', async () => {
    const { app } = setUp();
    for (const url of ['/k/AAAAAAAAAAAAAAAA', '/k/short', '/k/AAAAAAAAAAAAAAAA/kiosk', '/k/AAAAAAAAAAAAAAAA/terima-kasih']) {
      const response = await request(app).get(url);
      expect({ url, status: response.status }).toEqual({ url, status: 404 });
      expect(response.text).toContain('Halaman tidak ditemukan');
    }
  });

  it('stores a valid submission once, as an online response, and redirects to the thank-you page', async () => {
    const { app, db, link, round } = setUp();
    const key = keyFrom((await request(app).get(link)).text);
    const response = await request(app)
      .post(link)
      .type('form')
      .send({ ...answers(), a_cost: '4', gender: 'male', age: '45', education: 'SMA', occupation: 'wirausaha', service: 'A01', suggestion: 'Ruang tunggu panas.', key, website: '' });
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe(`${link}/terima-kasih`);
    const row = db.prepare('SELECT round_id, channel, answers, gender, age, education, occupation, service, submitted_on, day_part FROM skm_responses').get() as Record<string, unknown>;
    expect({ ...row, answers: [...(row.answers as Buffer)] }).toEqual({
      round_id: round.row.id,
      channel: 'online',
      answers: [3, 3, 3, 4, 3, 3, 3, 3, 3],
      gender: 'male',
      age: 45,
      education: 'SMA',
      occupation: 'wirausaha',
      service: 'A01',
      submitted_on: '2026-11-28',
      day_part: 'morning',
    });
    expect(db.prepare('SELECT text FROM skm_suggestions').all()).toEqual([{ text: 'Ruang tunggu panas.' }]);
    const thanks = await request(app).get(response.headers.location);
    expect(thanks.status).toBe(200);
    expect(thanks.text).toContain('Penilaian Anda sudah kami terima.');
    expect(thanks.text).not.toContain('http-equiv="refresh"');
  });

  it('keeps nothing that could identify a respondent: no address, browser or time column, a date without time', async () => {
    const { app, db, link } = setUp();
    const key = keyFrom((await request(app).get(link)).text);
    await request(app).post(link).set('User-Agent', 'Mozilla/5.0 (Linux; Android 14) Respondent-Phone').set('X-Forwarded-For', '203.0.113.7').type('form').send({ ...answers(), key });
    const columns = (db.prepare('PRAGMA table_info(skm_responses)').all() as { name: string }[]).map((column) => column.name);
    expect(columns).toEqual(['id', 'round_id', 'channel', 'answers', 'gender', 'age', 'education', 'occupation', 'service', 'submitted_on', 'day_part', 'batch_id']);
    for (const column of columns) expect(column).not.toMatch(/ip|addr|agent|browser|device|time|_at$|session|cookie|token/i);
    const suggestionColumns = (db.prepare('PRAGMA table_info(skm_suggestions)').all() as { name: string }[]).map((column) => column.name);
    expect(suggestionColumns).toEqual(['id', 'round_id', 'text', 'batch_id']);
    const keyColumns = (db.prepare('PRAGMA table_info(skm_submission_keys)').all() as { name: string }[]).map((column) => column.name);
    expect(keyColumns).toEqual(['round_id', 'key_hash']);
    const row = db.prepare('SELECT submitted_on, day_part FROM skm_responses').get() as { submitted_on: string; day_part: string };
    expect(row.submitted_on).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(['morning', 'afternoon']).toContain(row.day_part);
    // Nor anywhere else in the database: the address and the browser appear in no table.
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as { name: string }[];
    for (const { name } of tables) {
      const dump = JSON.stringify(db.prepare(`SELECT * FROM "${name}"`).all());
      expect({ name, address: dump.includes('203.0.113.7'), browser: dump.includes('Respondent-Phone') }).toEqual({ name, address: false, browser: false });
    }
  });

  it('stores one response for 20 parallel submissions of one form (same key), answering each as a success', async () => {
    const { app, db, link } = setUp();
    const key = keyFrom((await request(app).get(link)).text);
    const body = { ...answers('4'), suggestion: 'Sekali saja', key };
    const responses = await Promise.all(Array.from({ length: 20 }, () => request(app).post(link).type('form').send(body)));
    expect(responses.map((response) => `${response.status} ${response.headers.location}`)).toEqual(Array(20).fill(`303 ${link}/terima-kasih`));
    expect(countRows(db, 'skm_responses')).toBe(1);
    expect(countRows(db, 'skm_suggestions')).toBe(1);
    expect(countRows(db, 'skm_submission_keys')).toBe(1);
  });

  it('refuses a filled-in honeypot and stores nothing', async () => {
    const { app, db, link } = setUp();
    const key = keyFrom((await request(app).get(link)).text);
    const response = await request(app).post(link).type('form').send({ ...answers(), key, website: 'http://cheap-pills.example' });
    expect(response.status).toBe(422);
    expect(response.text).not.toContain('cheap-pills');
    expect(countRows(db, 'skm_responses')).toBe(0);
    expect(countRows(db, 'skm_submission_keys')).toBe(0);
  });

  it('refuses a missing answer with 422 naming the element, beside its question, keeping what was filled in', async () => {
    const { app, db, link } = setUp();
    const key = keyFrom((await request(app).get(link)).text);
    const { a_cost: _cost, ...rest } = answers('2');
    const response = await request(app).post(link).type('form').send({ ...rest, age: '37', suggestion: 'Tetap di sini', key });
    expect(response.status).toBe(422);
    expect(response.text).toContain('<a href="#f-a_cost">4. Biaya/tarif: pilih salah satu jawaban</a>');
    expect(response.text).toContain('<p class="error" id="e-a_cost">pilih salah satu jawaban</p>');
    expect(response.text.match(/<fieldset class="item invalid"/g)).toHaveLength(1);
    expect(response.text).toContain('name="a_time" value="2" checked');
    expect(response.text).toContain('value="37"');
    expect(response.text).toContain('>Tetap di sini</textarea>');
    // The same key comes back, so the corrected form sent twice is still stored once.
    expect(keyFrom(response.text)).toBe(key);
    expect(countRows(db, 'skm_responses')).toBe(0);
    expectNothingKept(response);
  });

  it('refuses a service the round does not offer with 422 naming the field', async () => {
    const { app, db, link } = setUp();
    const key = keyFrom((await request(app).get(link)).text);
    const response = await request(app).post(link).type('form').send({ ...answers(), service: 'Z99', key });
    expect(response.status).toBe(422);
    expect(response.text).toContain('<a href="#f-service">Layanan yang Anda terima: pilih salah satu layanan dari daftar, atau kosongkan</a>');
    expect(countRows(db, 'skm_responses')).toBe(0);
  });

  it('says in English what is wrong when the form is in English', async () => {
    const { app, link } = setUp();
    const key = keyFrom((await request(app).get(`${link}?lang=en`)).text);
    const { a_time: _time, ...rest } = answers();
    const response = await request(app).post(`${link}?lang=en`).type('form').send({ ...rest, key });
    expect(response.status).toBe(422);
    expect(response.text).toContain('<a href="#f-a_time">3. Completion time: choose one answer</a>');
    expect(response.text).toContain(`action="${link}?lang=en"`);
  });

  it('refuses a closed round, and one outside its period, with a page that says so and stores nothing', async () => {
    const { app, db, clock, link, round } = setUp();
    const key = keyFrom((await request(app).get(link)).text);
    setSkmRoundOpen(db, round.row.id, false, clock.now, 'test');
    const closed = await request(app).post(link).type('form').send({ ...answers(), key });
    expect(closed.status).toBe(403);
    expect(closed.text).toContain('Survei sudah ditutup');
    expect((await request(app).get(link)).status).toBe(403);
    setSkmRoundOpen(db, round.row.id, true, clock.now, 'test');
    clock.now = new Date('2027-01-01T03:00:00Z');
    const ended = await request(app).post(link).type('form').send({ ...answers(), key });
    expect(ended.status).toBe(403);
    expect(ended.text).toContain('Periode survei sudah berakhir');
    expect(countRows(db, 'skm_responses')).toBe(0);
  });

  it('switches language without storing, keeping what was ticked, and sets no cookie for it', async () => {
    const { app, db, link } = setUp();
    const key = keyFrom((await request(app).get(link)).text);
    const response = await request(app).post(link).type('form').send({ a_time: '4', nav: 'lang', key });
    expect(response.status).toBe(200);
    expect(response.text).toContain('<html lang="en">');
    expect(response.text).toContain('How fast was the service delivered?');
    expect(response.text).toContain('name="a_time" value="4" checked');
    expect(response.text).toContain(`action="${link}?lang=en"`);
    expectNothingKept(response);
    expect(countRows(db, 'skm_responses')).toBe(0);
    const english = await request(app).get(`${link}?lang=en`);
    expect(english.text).toContain('<html lang="en">');
    expectNothingKept(english);
  });

  it('refuses a post from another site (its Origin), without asking for a CSRF token from its own', async () => {
    const { app, db, link } = setUp();
    const key = keyFrom((await request(app).get(link)).text);
    const foreign = await request(app).post(link).set('Origin', 'https://evil.example').type('form').send({ ...answers(), key });
    expect(foreign.status).toBe(403);
    expect(countRows(db, 'skm_responses')).toBe(0);
    const own = await request(app).post(link).set('Host', 'potret.test').set('Origin', 'http://potret.test').type('form').send({ ...answers(), key });
    expect(own.status).toBe(303);
  });
});

describe('the kiosk at the counter', () => {
  it('stores a kiosk response and shows a thank-you that returns to an empty kiosk form by itself', async () => {
    const { app, db, link } = setUp();
    const page = await request(app).get(`${link}/kiosk`);
    expect(page.text).toContain(`action="${link}/kiosk"`);
    const response = await request(app).post(`${link}/kiosk`).type('form').send({ ...answers(), key: keyFrom(page.text) });
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe(`${link}/terima-kasih?kiosk=1`);
    expect(db.prepare('SELECT channel FROM skm_responses').all()).toEqual([{ channel: 'kiosk' }]);
    const thanks = await request(app).get(response.headers.location);
    expect(thanks.text).toContain(`<meta http-equiv="refresh" content="5;url=${link}/kiosk">`);
    expect(thanks.text).toContain(`href="${link}/kiosk"`);
  });

  it('is also reached as ?kiosk=1', async () => {
    const { app, link } = setUp();
    expect((await request(app).get(`${link}?kiosk=1`)).text).toContain(`action="${link}/kiosk"`);
  });
});

describe('what the respondent\'s browser keeps', () => {
  it('no /k response may be cached or set a cookie: form, refusals, redirects, thank-you, 404, 429', async () => {
    const { app, db, clock, link, round } = setUp();
    const key = keyFrom((await request(app).get(link)).text);
    const responses: Response[] = [
      await request(app).get(link),
      await request(app).get(`${link}?lang=en`),
      await request(app).get(`${link}/kiosk`),
      await request(app).post(link).type('form').send({ key }),
      await request(app).post(link).type('form').send({ ...answers(), key }),
      await request(app).post(`${link}/kiosk`).type('form').send({ ...answers(), key: `${key}x` }),
      await request(app).get(`${link}/terima-kasih`),
      await request(app).get(`${link}/terima-kasih?kiosk=1`),
      await request(app).get('/k/AAAAAAAAAAAAAAAA'),
      await request(app).get(`${link}/nothing-here`),
    ];
    setSkmRoundOpen(db, round.row.id, false, clock.now, 'test');
    responses.push(await request(app).get(link));
    for (const response of responses) expectNothingKept(response);
    expect(responses.map((response) => response.status)).toEqual([200, 200, 200, 422, 303, 303, 200, 200, 404, 404, 403]);
  });
});

describe('floods', () => {
  it('refuses the 21st submission from one address in 10 minutes with 429 and Retry-After, then lets it through once the window has passed', async () => {
    const { app, db, clock, link } = setUp();
    for (let index = 0; index < 20; index += 1) {
      const response = await request(app).post(link).type('form').send({ ...answers(), key: `flood-key-${String(index).padStart(8, '0')}` });
      expect(response.status).toBe(303);
    }
    const refused = await request(app).post(link).type('form').send({ ...answers(), key: 'flood-key-00000020' });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(600);
    expect(refused.text).toContain('Terlalu banyak kiriman dari alamat ini');
    expectNothingKept(refused);
    expect(countRows(db, 'skm_responses')).toBe(20);
    // Reading the form is not limited.
    expect((await request(app).get(link)).status).toBe(200);
    clock.now = new Date(clock.now.getTime() + 10 * 60_000);
    expect((await request(app).post(link).type('form').send({ ...answers(), key: 'flood-key-00000021' })).status).toBe(303);
  });

  it('counts each address apart behind a trusted proxy', async () => {
    const context = createTestApp({ trustProxy: true });
    const round = createSkmRound(context.db, { name: 'SKM', period_start: '2026-11-01', period_end: '2026-12-31' }, context.clock.now, 'test');
    const link = `/k/${round.row.code}`;
    const send = (address: string, index: number) => request(context.app).post(link).set('X-Forwarded-For', address).type('form').send({ ...answers(), key: `proxy-key-${address.replace(/\./g, '-')}-${index}` });
    for (let index = 0; index < 20; index += 1) expect((await send('198.51.100.1', index)).status).toBe(303);
    expect((await send('198.51.100.1', 20)).status).toBe(429);
    expect((await send('198.51.100.2', 0)).status).toBe(303);
  });
});

describe('the counter\'s poster and QR code', () => {
  it('shows the organisation, the round, the call to action, the QR code inline and the short address', async () => {
    const { app, db, round } = setUp();
    saveOrganisation(db, { name: 'Kantor Pelayanan Terpadu', parent: 'Pemerintah Kota Bandung', city: 'Bandung' }, new Date(), 'test');
    const { agent } = await loggedIn(app, db, 'analyst');
    const response = await agent.get(`/skm/rounds/${round.row.id}/poster`);
    expect(response.status).toBe(200);
    const link = `http://potret.test/k/${round.row.code}`;
    expect(response.text).toContain('Kantor Pelayanan Terpadu');
    expect(response.text).toContain('SKM Semester II 2026');
    expect(response.text).toContain('Beri penilaian atas layanan kami');
    expect(response.text).toContain(`<p class="skm-link">${link}</p>`);
    expect(response.text).toMatch(new RegExp(`<svg role="img" aria-labelledby="skm-qr-title skm-qr-desc"[^>]*><title id="skm-qr-title">${link}</title>`));
    expect(response.text).toContain(`${link}/kiosk`);
    expect(response.text).not.toContain('POTRET_BASE_URL');
  });

  it('warns before printing a poster whose address is the default one, which phones cannot open', async () => {
    const context = createTestApp({ baseUrlIsDefault: true, baseUrl: 'http://localhost:3000' });
    const round = createSkmRound(context.db, { name: 'SKM', period_start: '2026-11-01', period_end: '2026-12-31' }, context.clock.now, 'test');
    const { agent } = await loggedIn(context.app, context.db, 'admin');
    const response = await agent.get(`/skm/rounds/${round.row.id}/poster`);
    expect(response.text).toContain(`Alamat ini menunjuk ke komputer server sendiri (http://localhost:3000/k/${round.row.code})`);
  });

  it('downloads the QR code as a PNG and as an SVG whose title is the link', async () => {
    const { app, db, round } = setUp();
    const { agent } = await loggedIn(app, db, 'admin');
    const png = await agent.get(`/skm/rounds/${round.row.id}/qr.png`).buffer(true).parse((res, callback) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => callback(null, Buffer.concat(chunks)));
    });
    expect(png.status).toBe(200);
    expect(png.headers['content-type']).toBe('image/png');
    expect((png.body as Buffer).subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    // The IHDR chunk: a square of 1,024 pixels.
    expect((png.body as Buffer).readUInt32BE(16)).toBe(1024);
    expect((png.body as Buffer).readUInt32BE(20)).toBe(1024);
    const svg = await agent.get(`/skm/rounds/${round.row.id}/qr.svg`).buffer(true).parse((res, callback) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      res.on('end', () => callback(null, text));
    });
    expect(svg.status).toBe(200);
    expect(svg.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(svg.headers['content-disposition']).toContain(`skm-${round.row.id}-qr.svg`);
    expect(svg.body).toContain(`<title id="skm-qr-title">http://potret.test/k/${round.row.code}</title>`);
    expect(svg.body).toContain(`<desc id="skm-qr-desc">Kode QR menuju http://potret.test/k/${round.row.code}</desc>`);
  });

  it.each(['viewer', 'contributor'] as const)('is refused to the role %s', async (role) => {
    const { app, db, round } = setUp();
    const { agent } = await loggedIn(app, db, role);
    for (const suffix of ['poster', 'qr.png', 'qr.svg']) expect((await agent.get(`/skm/rounds/${round.row.id}/${suffix}`)).status).toBe(403);
  });

  it('sends someone not logged in to the login page', async () => {
    const { app, round } = setUp();
    const response = await request(app).get(`/skm/rounds/${round.row.id}/poster`);
    expect(response.status).toBe(303);
    expect(response.headers.location).toMatch(/^\/login\?next=/);
  });

  it('answers an unknown round with 404', async () => {
    const { app, db } = setUp();
    const { agent } = await loggedIn(app, db, 'analyst');
    expect((await agent.get('/skm/rounds/999/poster')).status).toBe(404);
  });
});
