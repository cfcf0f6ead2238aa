import request from 'supertest';
import { setSkmRoundOpen } from '../../src/skm/rounds';
import { createApiToken } from '../../src/auth/accounts';
import { countRows, createTestApp, loggedIn } from '../helpers';
import { addForms, addSuggestions, skmRound } from '../skm/fixtures';

const VALID = { name: 'SKM Semester II 2026', period_start: '2026-07-01', period_end: '2026-12-31', services: 'A01 Perizinan\nKonsultasi', population: '400', min_group_size: '5' };

function withRound() {
  const context = createTestApp();
  const round = skmRound(context.db, { population: '100' });
  // 12 forms: Σ NRR = 8 × 3 + 2 = 26 → IKM = 25 × 26 / 9 = 72.22, grade C; time is the weak element.
  addForms(context.db, round.row.id, Array.from({ length: 12 }, (_unused, index) => ({ answers: '332333333', gender: index < 7 ? ('female' as const) : ('male' as const), service: 'A01' })));
  // Closed: the report is published only then.
  setSkmRoundOpen(context.db, round.row.id, false, new Date(), 'test');
  return { ...context, round };
}

describe('creating an SKM round', () => {
  it('creates a round from the form and shows its page with the open link and the sample it needs', async () => {
    const { app, db } = createTestApp();
    const { agent, csrf } = await loggedIn(app, db, 'analyst');
    const created = await agent.post('/skm/new').type('form').send({ ...VALID, _csrf: csrf });
    expect(created.status).toBe(303);
    expect(created.headers.location).toMatch(/^\/skm\/rounds\/\d+\?notice=created$/);
    const page = await agent.get(created.headers.location);
    expect(page.status).toBe(200);
    const code = (db.prepare('SELECT code FROM skm_rounds').get() as { code: string }).code;
    expect(page.text).toContain(`http://potret.test/k/${code}`);
    expect(page.text).toContain(`/k/${code}/kiosk`);
    expect(page.text).toContain('/skm/rounds/1/poster');
    // N = 400 → S = 384.1 / 1.95775 = 196.2, rounded up to 197; no answers yet.
    expect(page.text).toContain('0 dari 197 (0,0%)');
    expect(page.text).toContain('<progress max=');
  });

  it('refuses a bad period with 422, naming the field, and writes nothing', async () => {
    const { app, db } = createTestApp();
    const { agent, csrf } = await loggedIn(app, db, 'analyst');
    const response = await agent.post('/skm/new').type('form').send({ ...VALID, period_end: '2026-06-30', _csrf: csrf });
    expect(response.status).toBe(422);
    expect(response.text).toContain('href="#f-period_end"');
    expect(response.text).toContain('id="e-period_end"');
    expect(countRows(db, 'skm_rounds')).toBe(0);
  });

  it('refuses weights that do not sum to 1, naming the weights, and writes nothing', async () => {
    const { app, db } = createTestApp();
    const { agent, csrf } = await loggedIn(app, db, 'analyst');
    const weights = Object.fromEntries(['requirements', 'procedure', 'time', 'cost', 'product', 'competence', 'behaviour', 'facilities', 'complaints'].map((key) => [`weights.${key}`, '0.1']));
    const response = await agent.post('/skm/new').type('form').send({ ...VALID, ...weights, _csrf: csrf });
    expect(response.status).toBe(422);
    expect(response.text).toContain('jumlah bobot 0.9, bukan 1');
    expect(response.text).toContain('value="0.1"');
    expect(countRows(db, 'skm_rounds')).toBe(0);
  });

  it('names the one element without a weight when the others have one', async () => {
    const { app, db } = createTestApp();
    const { agent, csrf } = await loggedIn(app, db, 'analyst');
    const response = await agent.post('/skm/new').type('form').send({ ...VALID, 'weights.requirements': '1', _csrf: csrf });
    expect(response.status).toBe(422);
    expect(response.text).toContain('id="e-weights.procedure"');
  });

  it('refuses a request without the CSRF token', async () => {
    const { app, db } = createTestApp();
    const { agent } = await loggedIn(app, db, 'analyst');
    const response = await agent.post('/skm/new').type('form').send(VALID);
    expect(response.status).toBe(403);
    expect(countRows(db, 'skm_rounds')).toBe(0);
  });
});

describe('the round page', () => {
  it('shows progress towards the Krejcie–Morgan sample as "n dari S (x %)" and the channels', async () => {
    const { app, db, round } = withRound();
    const { agent } = await loggedIn(app, db, 'analyst');
    const page = await agent.get(`/skm/rounds/${round.row.id}`);
    // N = 100 → S = 80; 12 / 80 = 15 %.
    expect(page.text).toContain('12 dari 80 (15,0%)');
    expect(page.text).toContain('<progress max="80" value="12"');
  });

  it('closes and reopens the round', async () => {
    const { app, db, round } = withRound();
    const { agent, csrf } = await loggedIn(app, db, 'analyst');
    expect((await agent.post(`/skm/rounds/${round.row.id}/close`).type('form').send({ _csrf: csrf })).status).toBe(303);
    expect((db.prepare('SELECT closed_at FROM skm_rounds').get() as { closed_at: string | null }).closed_at).not.toBeNull();
    // Its 12 online forms are published: a reopened round would publish a second state to difference.
    expect((await agent.get(`/skm/rounds/${round.row.id}`)).text).not.toContain('/reopen"');
    expect((await agent.post(`/skm/rounds/${round.row.id}/reopen`).type('form').send({ _csrf: csrf })).status).toBe(409);
    expect((db.prepare('SELECT closed_at FROM skm_rounds').get() as { closed_at: string | null }).closed_at).not.toBeNull();
    // A round closed before any online answer reopens.
    const empty = skmRound(db, { name: 'SKM kosong' });
    expect((await agent.post(`/skm/rounds/${empty.row.id}/close`).type('form').send({ _csrf: csrf })).status).toBe(303);
    expect((await agent.get(`/skm/rounds/${empty.row.id}`)).text).toContain('/reopen"');
    expect((await agent.post(`/skm/rounds/${empty.row.id}/reopen`).type('form').send({ _csrf: csrf })).status).toBe(303);
    expect((db.prepare('SELECT closed_at FROM skm_rounds WHERE id = ?').get(empty.row.id) as { closed_at: string | null }).closed_at).toBeNull();
  });

  it('refuses changing the weights once answers are stored, naming the weights', async () => {
    const { app, db, round } = withRound();
    const { agent, csrf } = await loggedIn(app, db, 'analyst');
    const weights = { 'weights.requirements': '0.2', 'weights.procedure': '0.1', 'weights.time': '0.1', 'weights.cost': '0.1', 'weights.product': '0.1', 'weights.competence': '0.1', 'weights.behaviour': '0.1', 'weights.facilities': '0.1', 'weights.complaints': '0.1' };
    const response = await agent.post(`/skm/rounds/${round.row.id}/settings`).type('form').send({ ...VALID, ...weights, _csrf: csrf });
    expect(response.status).toBe(422);
    expect(response.text).toContain('unsur dan bobotnya tidak dapat diubah setelah ada jawaban');
    const renamed = await agent.post(`/skm/rounds/${round.row.id}/settings`).type('form').send({ ...VALID, name: 'SKM II 2026 (revisi)', _csrf: csrf });
    expect(renamed.status).toBe(303);
    expect((db.prepare('SELECT name FROM skm_rounds').get() as { name: string }).name).toBe('SKM II 2026 (revisi)');
  });
});

describe('the SKM report', () => {
  it('lists the round with its index and grade', async () => {
    const { app, db } = withRound();
    const { agent } = await loggedIn(app, db, 'analyst');
    const page = await agent.get('/skm');
    expect(page.status).toBe(200);
    expect(page.text).toContain('72,22');
    expect(page.text).toContain('12 dari 80 (15,0%)');
  });

  it('reads as agencies publish it: introduction and legal basis, method, profile, results with the analysis, follow-up', async () => {
    const { app, db, round } = withRound();
    const { agent } = await loggedIn(app, db, 'viewer');
    const page = await agent.get(`/skm/rounds/${round.row.id}/report`);
    expect(page.status).toBe(200);
    const headings = [...page.text.matchAll(/<h2 id="[^"]+">([^<]+)<\/h2>/g)].map((match) => match[1]);
    // The downloads first; the analysis of the lowest elements, the suggestions and the trend are part of IV.
    expect(headings).toEqual(['Unduh laporan', 'I. Pendahuluan', 'II. Metode', 'III. Profil responden', 'IV. Hasil per unsur dan indeks', 'V. Rencana tindak lanjut']);
    expect(page.text).toContain('Nomor 14 Tahun 2017');
    expect(page.text).toContain('72,22');
    expect(page.text).toContain('C (Kurang Baik)');
    expect(page.text).toContain('<svg');
    // Time (NRR 2) leads the priorities.
    expect(page.text).toMatch(/<ol class="priority-list">\s*<li>Waktu penyelesaian: NRR 2,00/);
    const english = await agent.get(`/skm/rounds/${round.row.id}/report?lang=en`);
    expect(english.text).toContain('V. Follow-up plan');
    expect(english.text).toContain('C (Less than good)');
  });

  it('shows suggestions only from the comment minimum', async () => {
    const { app, db, round } = withRound();
    addSuggestions(db, round.row.id, ['Antrean terlalu lama']);
    const { agent } = await loggedIn(app, db, 'viewer');
    expect((await agent.get(`/skm/rounds/${round.row.id}/report`)).text).toContain('Antrean terlalu lama');
    const few = createTestApp({ commentMin: 13 });
    const fewRound = skmRound(few.db);
    addForms(few.db, fewRound.row.id, Array.from({ length: 12 }, () => ({ answers: '333333333' })));
    addSuggestions(few.db, fewRound.row.id, ['Antrean terlalu lama']);
    setSkmRoundOpen(few.db, fewRound.row.id, false, new Date(), 'test');
    const { agent: reader } = await loggedIn(few.app, few.db, 'viewer');
    const page = await reader.get(`/skm/rounds/${fewRound.row.id}/report`);
    expect(page.text).not.toContain('Antrean terlalu lama');
    expect(page.text).toContain('paling sedikit 13 kuesioner');
  });

  it('gives the JSON report at full precision, with an API token of a viewer', async () => {
    const { app, db, round } = withRound();
    await loggedIn(app, db, 'viewer');
    const token = createApiToken(db, 'viewer1', 'dasbor', new Date(), 'test');
    const response = await request(app).get(`/api/skm/rounds/${round.row.id}/report`).set('Authorization', `Bearer ${token}`);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ ikm: 650 / 9, ikm_rounded: 72.22, ikm_exact: '650/9', grade: 'C', round: { responses: 12, required_sample: 80 } });
    expect(response.body.priorities[0].key).toBe('time');
    expect((await request(app).get(`/api/skm/rounds/${round.row.id}/report`)).status).toBe(401);
  });
});

describe('who may do what', () => {
  it('a viewer reads the list and the report but cannot open the round page or create a round', async () => {
    const { app, db, round } = withRound();
    const { agent, csrf } = await loggedIn(app, db, 'viewer');
    const list = await agent.get('/skm');
    expect(list.status).toBe(200);
    expect(list.text).toContain(`href="/skm/rounds/${round.row.id}/report"`);
    expect(list.text).not.toContain('/skm/new');
    expect((await agent.get(`/skm/rounds/${round.row.id}`)).status).toBe(403);
    expect((await agent.get('/skm/new')).status).toBe(403);
    expect((await agent.post('/skm/new').type('form').send({ ...VALID, _csrf: csrf })).status).toBe(403);
    expect(countRows(db, 'skm_rounds')).toBe(1);
  });

  it('a contributor gets 403 everywhere in SKM and no SKM link', async () => {
    const { app, db, round } = withRound();
    const { agent } = await loggedIn(app, db, 'contributor');
    for (const url of ['/skm', '/skm/new', `/skm/rounds/${round.row.id}`, `/skm/rounds/${round.row.id}/report`, `/api/skm/rounds/${round.row.id}/report`]) {
      expect({ url, status: (await agent.get(url)).status }).toEqual({ url, status: 403 });
    }
    expect((await agent.get('/account')).text).not.toContain('href="/skm"');
  });
});

describe('an open SKM round publishes no figures (the attack: read the report, one person answers, read it again)', () => {
  it('shows neither the index nor the elements while the round is open, and the difference of two readings is nothing', async () => {
    const { app, db, round } = withRound();
    // The same forms in a round still open.
    db.prepare('UPDATE skm_rounds SET closed_at = NULL WHERE id = ?').run(round.row.id);
    const { agent } = await loggedIn(app, db, 'analyst');
    const before = await agent.get(`/skm/rounds/${round.row.id}/report`);
    addForms(db, round.row.id, [{ answers: '111111111', gender: 'male', service: 'A01' }]);
    const after = await agent.get(`/skm/rounds/${round.row.id}/report`);
    for (const page of [before, after]) {
      expect(page.status).toBe(200);
      expect(page.text).toContain('Laporan SKM belum diterbitkan');
      expect(page.text).not.toContain('<svg');
      expect(page.text).not.toMatch(/\d+,\d\d \(/);
    }
    // Only the count moves, which the round page shows anyway.
    expect(after.text.replace('13 kuesioner', '12 kuesioner')).toBe(before.text);
    const api = await agent.get(`/api/skm/rounds/${round.row.id}/report`);
    expect(api.status).toBe(409);
    expect(JSON.stringify(api.body)).not.toMatch(/ikm|nrr|72\.2/);
    expect(api.body.error).toContain('still open (13 forms)');
    const list = await agent.get('/skm');
    expect(list.text).not.toContain('72,22');
  });
});

describe('SKM paper forms on the round page', () => {
  const header = 'nomor;jenis_kelamin;umur;pendidikan;pekerjaan;layanan;U1;U2;U3;U4;U5;U6;U7;U8;U9;saran\r\n';

  it('offers the template, imports a file, lists its batch and undoes it', async () => {
    const { app, db } = createTestApp();
    const round = skmRound(db);
    const { agent, csrf } = await loggedIn(app, db, 'analyst');
    const template = await agent.get(`/skm/rounds/${round.row.id}/paper-template.csv`);
    expect(template.text).toBe(`\uFEFF${header}`);
    const file = Buffer.from(`${header}1;P;30;S1;PNS;A01;4;4;3;4;3;4;4;3;2;Cepat\r\n2;L;45;SMA;swasta;A02;3;3;2;4;3;3;4;3;3;\r\n`);
    const imported = await agent.post(`/skm/rounds/${round.row.id}/paper`).field('_csrf', csrf).attach('file', file, 'kertas.csv');
    expect(imported.status).toBe(303);
    expect(countRows(db, 'skm_responses')).toBe(2);
    const page = await agent.get(`/skm/rounds/${round.row.id}?notice=imported`);
    expect(page.text).toContain('Kuesioner kertas diimpor.');
    expect(page.text).toContain('kertas.csv');
    const batch = (db.prepare('SELECT id FROM skm_import_batches').get() as { id: number }).id;
    expect((await agent.post(`/skm/rounds/${round.row.id}/paper/${batch}/undo`).type('form').send({ _csrf: csrf })).status).toBe(303);
    expect(countRows(db, 'skm_responses')).toBe(0);
  });

  it('refuses a file with a bad cell with its line and column on the page, importing nothing', async () => {
    const { app, db } = createTestApp();
    const round = skmRound(db);
    const { agent, csrf } = await loggedIn(app, db, 'analyst');
    const file = Buffer.from(`${header}1;P;30;S1;PNS;A01;4;4;7;4;3;4;4;3;2;\r\n`);
    const refused = await agent.post(`/skm/rounds/${round.row.id}/paper`).field('_csrf', csrf).attach('file', file, 'kertas.csv');
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('baris 2');
    expect(refused.text).toContain('I (U3)');
    expect(countRows(db, 'skm_responses')).toBe(0);
    expect(countRows(db, 'skm_import_batches')).toBe(0);
  });

  it('refuses an upload from a viewer', async () => {
    const { app, db } = createTestApp();
    const round = skmRound(db);
    const { agent, csrf } = await loggedIn(app, db, 'viewer');
    const response = await agent.post(`/skm/rounds/${round.row.id}/paper`).field('_csrf', csrf).attach('file', Buffer.from(header), 'x.csv');
    expect(response.status).toBe(403);
    expect(countRows(db, 'skm_import_batches')).toBe(0);
  });
});
