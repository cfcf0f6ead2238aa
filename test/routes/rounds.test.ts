import request from 'supertest';
import { insertResponse } from '../../src/db/responses';
import { insertRosterEntry } from '../../src/db/roster';
import { countRows, createTestApp, loggedIn } from '../helpers';

const ROSTER_CSV = '\uFEFFname;unit;grade;email;employee_no\r\nAni Lestari;Subdit A;III/a;ani@example.go.id;1001\r\nBudi Santoso;Subdit A;III/b;;1002\r\nCitra Dewi;Subdit B;IV/a;;\r\n';

async function setupRound(options: { roster?: string } = {}) {
  const context = createTestApp();
  const { agent, csrf } = await loggedIn(context.app, context.db);
  const created = await agent.post('/rounds').type('form').send({ name: 'Diagnosis 2026', _csrf: csrf });
  const id = Number(/\/rounds\/(\d+)/.exec(created.headers.location)?.[1]);
  if (options.roster) {
    await agent.post(`/rounds/${id}/roster`).field('_csrf', csrf).attach('file', Buffer.from(options.roster), 'roster.csv');
  }
  return { ...context, agent, csrf, id };
}

describe('survey rounds', () => {
  it('creates a round with the default instrument, target 4.00 and minimum group size 5', async () => {
    const { db, id } = await setupRound();
    expect(db.prepare('SELECT r.name, r.target, r.min_group_size, r.opens_on, i.code FROM rounds r JOIN instruments i ON i.id = r.instrument_id WHERE r.id = ?').get(id)).toEqual({
      name: 'Diagnosis 2026',
      target: 4,
      min_group_size: 5,
      opens_on: null,
      code: 'bsc-default',
    });
  });

  it('rejects a closing date before the opening date beside the field, creating nothing', async () => {
    const { app, db } = createTestApp();
    const { agent, csrf } = await loggedIn(app, db);
    const response = await agent.post('/rounds').type('form').send({ name: 'X', opens_on: '2026-12-10', closes_on: '2026-12-01', _csrf: csrf });
    expect(response.status).toBe(422);
    expect(response.text).toContain('tanggal ditutup lebih awal dari tanggal dibuka');
    expect(countRows(db, 'rounds')).toBe(0);
  });

  it.each([
    ['min_group_size', '2', 'paling sedikit 3'],
    ['target', '4,5x', 'gunakan angka seperti 4.00'],
    ['target', '7', 'harus berada pada skala 1–5'],
    ['opens_on', '2026-02-30', 'gunakan tanggal seperti'],
    ['name', '   ', 'nama wajib diisi'],
  ])('rejects %s = "%s" with "%s"', async (field, value, message) => {
    const { app, db } = createTestApp();
    const { agent, csrf } = await loggedIn(app, db);
    const response = await agent.post('/rounds').type('form').send({ name: 'Round', [field]: value, _csrf: csrf });
    expect(response.status).toBe(422);
    expect(response.text).toContain(message);
    expect(countRows(db, 'rounds')).toBe(0);
  });

  it('shows the same message in English when the page is in English', async () => {
    const { app, db } = createTestApp();
    const { agent, csrf } = await loggedIn(app, db);
    const response = await agent.post('/rounds?lang=en').type('form').send({ name: 'X', opens_on: '2026-12-10', closes_on: '2026-12-01', _csrf: csrf });
    expect(response.status).toBe(422);
    expect(response.text).toContain('the closing date is before the opening date');
  });

  it('answers an unknown round with 404', async () => {
    const { app, db } = createTestApp();
    const { agent } = await loggedIn(app, db);
    expect((await agent.get('/rounds/999')).status).toBe(404);
    expect((await agent.get('/rounds/abc')).status).toBe(404);
  });

  it('overrides the target of one dimension and rejects an off-scale one', async () => {
    const { agent, csrf, db, id } = await setupRound();
    expect((await agent.post(`/rounds/${id}/targets`).type('form').send({ 'LG-HR': '3.50', _csrf: csrf })).status).toBe(303);
    expect(db.prepare('SELECT dimension_code, target FROM round_targets').all()).toEqual([{ dimension_code: 'LG-HR', target: 3.5 }]);
    const bad = await agent.post(`/rounds/${id}/targets`).type('form').send({ 'LG-HR': '9', _csrf: csrf });
    expect(bad.status).toBe(422);
    expect(db.prepare('SELECT target FROM round_targets').get()).toEqual({ target: 3.5 });
  });

  it('edits a round\'s settings, e.g. extends the closing date', async () => {
    const { agent, csrf, db, id } = await setupRound();
    expect((await agent.get(`/rounds/${id}/edit`)).text).toContain('value="Diagnosis 2026"');
    const saved = await agent.post(`/rounds/${id}/edit`).type('form').send({ name: 'Diagnosis 2026 (diperpanjang)', closes_on: '2027-01-15', target: '3.75', min_group_size: '6', _csrf: csrf });
    expect(saved.status).toBe(303);
    expect(db.prepare('SELECT name, closes_on, target, min_group_size FROM rounds WHERE id = ?').get(id)).toEqual({
      name: 'Diagnosis 2026 (diperpanjang)',
      closes_on: '2027-01-15',
      target: 3.75,
      min_group_size: 6,
    });
  });

  it('refuses an invalid edit beside the field and changes nothing', async () => {
    const { agent, csrf, db, id } = await setupRound();
    const response = await agent.post(`/rounds/${id}/edit`).type('form').send({ name: 'X', min_group_size: '2', _csrf: csrf });
    expect(response.status).toBe(422);
    expect(response.text).toContain('paling sedikit 3');
    expect(db.prepare('SELECT name, min_group_size FROM rounds WHERE id = ?').get(id)).toEqual({ name: 'Diagnosis 2026', min_group_size: 5 });
  });

  it('closes a round by hand', async () => {
    const { agent, csrf, db, id } = await setupRound();
    const question = await agent.post(`/rounds/${id}/close`).type('form').send({ _csrf: csrf });
    expect(question.text).toContain('name="confirmed" value="yes"');
    expect((db.prepare('SELECT closed_at FROM rounds').get() as { closed_at: string | null }).closed_at).toBeNull();
    await agent.post(`/rounds/${id}/close`).type('form').send({ _csrf: csrf, confirmed: 'yes' });
    expect((db.prepare('SELECT closed_at FROM rounds').get() as { closed_at: string }).closed_at).toBeTruthy();
    expect((await agent.get(`/rounds/${id}`)).text).toContain('Ditutup');
  });
});

describe('roster', () => {
  it('imports an Excel (semicolon, BOM, CRLF) roster CSV', async () => {
    const { db } = await setupRound({ roster: ROSTER_CSV });
    expect(db.prepare('SELECT name, unit, grade, email, employee_no, status, token_hash FROM roster_entries ORDER BY id').all()).toEqual([
      { name: 'Ani Lestari', unit: 'Subdit A', grade: 'III/a', email: 'ani@example.go.id', employee_no: '1001', status: 'invited', token_hash: null },
      { name: 'Budi Santoso', unit: 'Subdit A', grade: 'III/b', email: null, employee_no: '1002', status: 'invited', token_hash: null },
      { name: 'Citra Dewi', unit: 'Subdit B', grade: 'IV/a', email: null, employee_no: null, status: 'invited', token_hash: null },
    ]);
  });

  it('accepts the Indonesian column names shown on the round page', async () => {
    const { db } = await setupRound({ roster: 'Nama;Unit Kerja;Golongan;Email;NIP\r\nAni Lestari;Subdit A;III/a;;198501012010012001\r\n' });
    expect(db.prepare('SELECT name, unit, grade, employee_no FROM roster_entries').all()).toEqual([
      { name: 'Ani Lestari', unit: 'Subdit A', grade: 'III/a', employee_no: '198501012010012001' },
    ]);
  });

  it('rejects a roster with a bad row, naming line and column, and imports none of it', async () => {
    const { agent, csrf, db, id } = await setupRound();
    const csv = 'name,unit,email\nAni,Subdit A,ani@example.go.id\nBudi,,budi@example.go.id\nCitra,Subdit B,not-an-email\n';
    const response = await agent.post(`/rounds/${id}/roster`).field('_csrf', csrf).attach('file', Buffer.from(csv), 'roster.csv');
    expect(response.status).toBe(422);
    expect(response.text).toMatch(/baris 3,\s*kolom unit/);
    expect(response.text).toMatch(/baris 4,\s*kolom email/);
    expect(response.text).toContain('bukan alamat email yang valid');
    expect(countRows(db, 'roster_entries')).toBe(0);
  });

  it('rejects a roster without the unit column', async () => {
    const { agent, csrf, db, id } = await setupRound();
    const response = await agent.post(`/rounds/${id}/roster`).field('_csrf', csrf).attach('file', Buffer.from('name\nAni\n'), 'roster.csv');
    expect(response.status).toBe(422);
    expect(response.text).toContain('unit');
    expect(countRows(db, 'roster_entries')).toBe(0);
  });

  it('rejects an employee number that Excel turned into scientific notation', async () => {
    const { agent, csrf, db, id } = await setupRound();
    const response = await agent.post(`/rounds/${id}/roster`).field('_csrf', csrf).attach('file', Buffer.from('nama;unit kerja;nip\nAni;A;1,99211E+17\n'), 'roster.csv');
    expect(response.status).toBe(422);
    expect(response.text).toContain('angka yang dipendekkan Excel');
    expect(countRows(db, 'roster_entries')).toBe(0);
  });

  it('rejects a repeated employee number in the file', async () => {
    const { agent, csrf, db, id } = await setupRound();
    const csv = 'name,unit,employee_no\nAni,A,77\nBudi,A,77\n';
    const response = await agent.post(`/rounds/${id}/roster`).field('_csrf', csrf).attach('file', Buffer.from(csv), 'roster.csv');
    expect(response.status).toBe(422);
    expect(response.text).toContain('sama dengan baris 2');
    expect(countRows(db, 'roster_entries')).toBe(0);
  });

  it('keeps an employee number unique per round in the database itself, whoever writes', async () => {
    const { db, id } = await setupRound({ roster: ROSTER_CSV });
    const row = { round_id: id, name: 'Copy', unit: 'Subdit A', grade: null, email: null, employee_no: '1001' };
    expect(() => insertRosterEntry(db, row)).toThrow(/UNIQUE constraint failed/);
    expect(() => insertRosterEntry(db, { ...row, employee_no: null })).not.toThrow();
  });

  it('refuses an upload over the size limit with 413 and writes nothing', async () => {
    const { app, db } = createTestApp({ maxUploadBytes: 1024 });
    const { agent, csrf } = await loggedIn(app, db);
    const created = await agent.post('/rounds').type('form').send({ name: 'R', _csrf: csrf });
    const big = `name,unit\n${'Ani,A\n'.repeat(400)}`;
    const response = await agent.post(`${created.headers.location}/roster`).field('_csrf', csrf).attach('file', Buffer.from(big), 'roster.csv');
    expect(response.status).toBe(413);
    expect(countRows(db, 'roster_entries')).toBe(0);
  });

  it('adds, edits and removes one employee through the forms', async () => {
    const { agent, csrf, db, id } = await setupRound();
    expect((await agent.post(`/rounds/${id}/roster/new`).type('form').send({ name: 'Dedi', unit: 'Subdit C', _csrf: csrf })).status).toBe(303);
    const entry = db.prepare('SELECT id FROM roster_entries').get() as { id: number };
    const edit = await agent.get(`/rounds/${id}/roster/${entry.id}/edit`);
    expect(edit.text).toContain('value="Dedi"');
    await agent.post(`/rounds/${id}/roster/${entry.id}`).type('form').send({ name: 'Dedi Kurniawan', unit: 'Subdit C', grade: 'III/c', _csrf: csrf });
    expect(db.prepare('SELECT name, grade FROM roster_entries').get()).toEqual({ name: 'Dedi Kurniawan', grade: 'III/c' });
    // Removing asks first and changes nothing until confirmed.
    const question = await agent.post(`/rounds/${id}/roster/${entry.id}/delete`).type('form').send({ _csrf: csrf });
    expect(question.text).toContain('Hapus Dedi Kurniawan dari daftar pegawai?');
    expect(countRows(db, 'roster_entries')).toBe(1);
    await agent.post(`/rounds/${id}/roster/${entry.id}/delete`).type('form').send({ _csrf: csrf, confirmed: 'yes' });
    expect(countRows(db, 'roster_entries')).toBe(0);
  });

  it('re-renders the add form with the message when the unit is missing', async () => {
    const { agent, csrf, db, id } = await setupRound();
    const response = await agent.post(`/rounds/${id}/roster/new`).type('form').send({ name: 'Dedi', unit: '', _csrf: csrf });
    expect(response.status).toBe(422);
    expect(response.text).toContain('unit kerja wajib diisi');
    expect(response.text).toContain('value="Dedi"');
    expect(countRows(db, 'roster_entries')).toBe(0);
  });
});

describe('personal links', () => {
  it('downloads a links CSV (roster + full link) and stores only hashes of the tokens', async () => {
    const { agent, app, csrf, db, id } = await setupRound({ roster: ROSTER_CSV });
    const response = await agent.post(`/rounds/${id}/links`).type('form').send({ which: 'missing', _csrf: csrf });
    expect(response.status).toBe(200);
    expect(response.headers['content-disposition']).toContain('attachment');
    const lines = response.text.replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    expect(lines[0]).toBe('name,unit,grade,email,employee_no,link,pesan');
    expect(lines).toHaveLength(4);
    const tokens = lines.slice(1).map((line) => /http:\/\/potret\.test\/s\/([A-Za-z0-9_-]+),/.exec(line)?.[1] as string);
    for (const token of tokens) {
      // 32 random bytes → 43 base64url characters: 256 bits.
      expect(token).toHaveLength(43);
      const stored = db.prepare('SELECT count(*) AS n FROM roster_entries WHERE token_hash = ?').get(token) as { n: number };
      expect(stored.n).toBe(0);
    }
    expect((await request(app).get(`/s/${tokens[0]}`)).status).toBe(200);
    // Nobody is left without a link, so a second "missing" run issues none.
    const again = await agent.post(`/rounds/${id}/links`).type('form').send({ which: 'missing', _csrf: csrf });
    expect(again.text.replace(/^\uFEFF/, '').trim().split(/\r?\n/)).toHaveLength(1);
  });

  it('asks before re-issuing every link, and keeps the old links until confirmed', async () => {
    const { agent, app, csrf, id } = await setupRound({ roster: ROSTER_CSV });
    const first = (await agent.post(`/rounds/${id}/links`).type('form').send({ which: 'missing', _csrf: csrf })).text;
    const oldToken = /\/s\/([A-Za-z0-9_-]+)/.exec(first)?.[1] as string;
    const question = await agent.post(`/rounds/${id}/links`).type('form').send({ which: 'all', dialect: 'semicolon', _csrf: csrf });
    expect(question.headers['content-type']).toContain('text/html');
    expect(question.text).toContain('name="which" value="all"');
    expect(question.text).toContain('name="dialect" value="semicolon"');
    expect((await request(app).get(`/s/${oldToken}`)).status).toBe(200);
    const confirmed = await agent.post(`/rounds/${id}/links`).type('form').send({ which: 'all', dialect: 'semicolon', confirmed: 'yes', _csrf: csrf });
    expect(confirmed.headers['content-type']).toContain('text/csv');
    expect((await request(app).get(`/s/${oldToken}`)).status).toBe(404);
  });

  it('writes the links CSV with semicolons for Excel in an Indonesian locale on request', async () => {
    const { agent, csrf, id } = await setupRound({ roster: ROSTER_CSV });
    const response = await agent.post(`/rounds/${id}/links`).type('form').send({ which: 'missing', dialect: 'semicolon', _csrf: csrf });
    expect(response.text.startsWith('\uFEFFname;unit;grade;email;employee_no;link;pesan\r\n')).toBe(true);
  });

  it('re-issues one link: the new one works, the old one answers 404', async () => {
    const { agent, app, csrf, db, id } = await setupRound({ roster: ROSTER_CSV });
    const csv = (await agent.post(`/rounds/${id}/links`).type('form').send({ which: 'missing', _csrf: csrf })).text;
    const oldToken = /\/s\/([A-Za-z0-9_-]+)/.exec(csv)?.[1] as string;
    const entry = db.prepare("SELECT id FROM roster_entries WHERE name = 'Ani Lestari'").get() as { id: number };
    const page = await agent.post(`/rounds/${id}/roster/${entry.id}/link`).type('form').send({ _csrf: csrf });
    expect(page.status).toBe(200);
    const newToken = /\/s\/([A-Za-z0-9_-]{43})/.exec(page.text)?.[1] as string;
    expect(newToken).not.toBe(oldToken);
    expect((await request(app).get(`/s/${oldToken}`)).status).toBe(404);
    expect((await request(app).get(`/s/${newToken}`)).status).toBe(200);
  });
});

describe('status page', () => {
  it('counts imported paper forms in the response rate, overall and per unit', async () => {
    const roster = `name,unit\n${Array.from({ length: 10 }, (_, i) => `A${i},Big unit`).join('\n')}\n`;
    const { agent, db, id } = await setupRound({ roster });
    const answers = Buffer.alloc(48, 3);
    for (const formId of ['P1', 'P2']) {
      insertResponse(db, { round_id: id, channel: 'paper', unit: 'Big unit', grade: null, answers, submitted_on: '2026-11-28', form_id: formId, batch_id: null });
    }
    const status = (await agent.get(`/api/rounds/${id}/status`)).body;
    // 2 paper forms of 10 invited: 0.2.
    expect(status).toMatchObject({ invited: 10, completed: 0, paper: 2, response_rate: 0.2 });
    expect(status.units).toEqual([{ unit: 'Big unit', invited: 10, started: 0, completed: 0, paper: 2, response_rate: 0.2 }]);
    expect((await agent.get(`/rounds/${id}/status`)).text).toContain('Formulir kertas bersifat anonim');
  });

  it('shows every unit\'s counts, says plainly that it names who has not completed, and lists them', async () => {
    const roster = `name,unit\n${Array.from({ length: 6 }, (_, i) => `A${i},Big unit`).join('\n')}\n${Array.from({ length: 5 }, (_, i) => `B${i},Middle unit`).join('\n')}\nC0,Tiny unit\n`;
    const { agent, id } = await setupRound({ roster });
    const response = await agent.get(`/rounds/${id}/status`);
    expect(response.status).toBe(200);
    // The list below names who has not completed, so hiding a small unit's counts would protect nothing.
    expect(response.text).toMatch(/Tiny unit<\/th>\s*<td class="num" data-label="Diundang">1<\/td>/);
    expect(response.text).toContain('Halaman ini menyebut siapa saja yang belum mengisi');
    expect(response.text).toMatch(/Big unit<\/th>\s*<td class="num" data-label="Diundang">6<\/td>/);
    expect(response.text).toContain('C0');
  });

  it('stops the response rate at 100 % and warns when there are more responses than employees', async () => {
    const { agent, db, id } = await setupRound({ roster: 'name,unit\nAni,A\n' });
    for (const formId of ['P1', 'P2']) {
      insertResponse(db, { round_id: id, channel: 'paper', unit: 'A', grade: null, answers: Buffer.alloc(48, 3), submitted_on: '2026-11-28', form_id: formId, batch_id: null });
    }
    expect((await agent.get(`/api/rounds/${id}/status`)).body).toMatchObject({ invited: 1, paper: 2, response_rate: 1, exceeds_roster: true });
    expect((await agent.get(`/rounds/${id}/status`)).text).toContain('Jumlah respons melebihi jumlah pegawai');
    expect((await agent.get(`/api/rounds/${id}/report`)).body.round).toMatchObject({ response_rate: 0, pending: 2, exceeds_roster: true });
  });

  it('serves the same status as JSON through the API', async () => {
    const { agent, id } = await setupRound({ roster: ROSTER_CSV });
    const response = await agent.get(`/api/rounds/${id}/status`);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ invited: 3, started: 0, completed: 0, paper: 0, response_rate: 0 });
    expect(response.body.units).toEqual([
      { unit: 'Subdit A', invited: 2, started: 0, completed: 0, paper: 0, response_rate: 0 },
      { unit: 'Subdit B', invited: 1, started: 0, completed: 0, paper: 0, response_rate: 0 },
    ]);
  });
});

describe('what employees are told about the round', () => {
  it('keeps organiser, contact person and results date, normalising spaces, and audits each change', async () => {
    const { db, agent, csrf, id } = await setupRound();
    const saved = await agent.post(`/rounds/${id}/edit`).type('form').send({
      name: 'Diagnosis 2026',
      target: '4.00',
      min_group_size: '5',
      organiser: '  Bagian   Umum  ',
      contact: 'Rina (0812-3456-7890)',
      results_on: '2027-01-15',
      _csrf: csrf,
    });
    expect(saved.status).toBe(303);
    expect(db.prepare('SELECT organiser, contact, results_on FROM rounds WHERE id = ?').get(id)).toEqual({ organiser: 'Bagian Umum', contact: 'Rina (0812-3456-7890)', results_on: '2027-01-15' });
    const edit = await agent.get(`/rounds/${id}/edit`);
    expect(edit.text).toContain('value="Bagian Umum"');
    const audit = db.prepare("SELECT details FROM audit_log WHERE action = 'round.update' ORDER BY id DESC").get() as { details: string };
    expect(JSON.parse(audit.details).changes.results_on).toEqual({ from: null, to: '2027-01-15' });
  });

  it('refuses a results date that is not a date beside its field, changing nothing', async () => {
    const { db, agent, csrf, id } = await setupRound();
    const response = await agent.post(`/rounds/${id}/edit`).type('form').send({ name: 'Diagnosis 2026', organiser: 'Bagian Umum', results_on: '15/01/2027', _csrf: csrf });
    expect(response.status).toBe(422);
    expect(response.text).toContain('id="e-results_on"');
    expect(db.prepare('SELECT organiser, results_on FROM rounds WHERE id = ?').get(id)).toEqual({ organiser: null, results_on: null });
  });
});
