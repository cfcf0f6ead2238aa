import request from 'supertest';
import { insertResponse } from '../../src/db/responses';
import { insertRosterEntry } from '../../src/db/roster';
import { countRows, createTestApp, loggedIn } from '../helpers';

const ROSTER_CSV = '\uFEFFname;unit;grade;email;employee_no\r\nAni Lestari;Subdit A;III/a;ani@example.go.id;1001\r\nBudi Santoso;Subdit A;III/b;;1002\r\nCitra Dewi;Subdit B;IV/a;;\r\n';

/** Every roster entry's token hash by id: what re-issuing changes. */
function tokenHashes(db: ReturnType<typeof createTestApp>['db']): Record<number, string | null> {
  return Object.fromEntries((db.prepare('SELECT id, token_hash FROM roster_entries ORDER BY id').all() as { id: number; token_hash: string | null }[]).map((row) => [row.id, row.token_hash]));
}

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

  async function upload(context: { agent: Awaited<ReturnType<typeof setupRound>>['agent']; csrf: string; id: number }, csv: string, fields: Record<string, string> = {}, lang = '') {
    let post = context.agent.post(`/rounds/${context.id}/roster${lang}`).field('_csrf', context.csrf);
    for (const [name, value] of Object.entries(fields)) post = post.field(name, value);
    return post.attach('file', Buffer.from(csv), 'roster.csv');
  }

  it('refuses a second roster without "add new employees only", offering it, and writes nothing', async () => {
    const context = await setupRound({ roster: ROSTER_CSV });
    const audit = countRows(context.db, 'audit_log');
    const response = await upload(context, 'name,unit\nDedi,Subdit C\n');
    expect(response.status).toBe(422);
    expect(response.text).toContain('periode ini sudah memiliki 3 pegawai di daftarnya');
    expect(response.text).toContain('href="#f-new_only"');
    expect(response.text).toMatch(/<input id="f-new_only" name="new_only" type="checkbox" value="yes"/);
    expect(countRows(context.db, 'roster_entries')).toBe(3);
    expect(countRows(context.db, 'audit_log')).toBe(audit);
    // The option is offered only once there is a roster to merge with.
    const empty = await setupRound();
    expect((await empty.agent.get(`/rounds/${empty.id}`)).text).not.toContain('name="new_only"');
  });

  it('adds new employees only: the same employee number is the same employee, and counts are reported', async () => {
    const context = await setupRound({ roster: ROSTER_CSV });
    const csv = 'nama;unit kerja;nip\nAni Lestari;Subdit A;1001\nBudi Santoso;Subdit B (pindah);1002\nDedi Kurniawan;Subdit C;1004\n';
    const response = await upload(context, csv, { new_only: 'yes' });
    expect(response.status).toBe(200);
    expect(response.text).toContain('Daftar pegawai diimpor: 1 ditambahkan, 2 dilewati karena sudah ada, 0 bertentangan.');
    expect(countRows(context.db, 'roster_entries')).toBe(4);
    expect(context.db.prepare("SELECT name, unit FROM roster_entries WHERE employee_no = '1002'").all()).toEqual([{ name: 'Budi Santoso', unit: 'Subdit A' }]);
    expect(JSON.parse((context.db.prepare("SELECT details FROM audit_log WHERE action = 'roster.import' ORDER BY id DESC").get() as { details: string }).details)).toEqual({ added: 1, new_only: true, skipped: 2, conflicts: 0 });
  });

  it('matches by name and unit, whatever the capitals and spaces, when one of the two has no employee number', async () => {
    const context = await setupRound({ roster: ROSTER_CSV });
    // Citra has no number on the roster; Ani has one on the roster but none in the file.
    const csv = 'name,unit,employee_no\n  citra   DEWI ,subdit  b,2001\nANI LESTARI,Subdit A,\nCitra Dewi,Subdit C,\n';
    const response = await upload(context, csv, { new_only: 'yes' }, '?lang=en');
    expect(response.status).toBe(200);
    expect(response.text).toContain('Roster imported: 1 added, 2 skipped as already present, 0 conflicting.');
    expect(countRows(context.db, 'roster_entries')).toBe(4);
    expect(context.db.prepare("SELECT name, unit FROM roster_entries WHERE name LIKE '%itra%' ORDER BY id").all()).toEqual([
      { name: 'Citra Dewi', unit: 'Subdit B' },
      { name: 'Citra Dewi', unit: 'Subdit C' },
    ]);
  });

  it('treats two different employee numbers as two people, even with the same name and unit', async () => {
    const context = await setupRound({ roster: ROSTER_CSV });
    const response = await upload(context, 'name,unit,employee_no\nAni Lestari,Subdit A,1009\n', { new_only: 'yes' });
    expect(response.text).toContain('1 ditambahkan, 0 dilewati karena sudah ada, 0 bertentangan');
    expect(countRows(context.db, 'roster_entries')).toBe(4);
  });

  it('reports a row whose employee number is on the roster under another name, with its line, and adds neither it nor a duplicate', async () => {
    const context = await setupRound({ roster: ROSTER_CSV });
    const csv = 'name,unit,employee_no\nDedi,Subdit C,1004\nAnita Lestari,Subdit A,1001\nBudi Santoso,Subdit A,1002\n';
    const response = await upload(context, csv, { new_only: 'yes' });
    expect(response.status).toBe(200);
    expect(response.text).toContain('1 ditambahkan, 1 dilewati karena sudah ada, 1 bertentangan');
    expect(response.text).toContain('Baris 3: NIP 1001 tertulis «Anita Lestari», di daftar «Ani Lestari».');
    expect(countRows(context.db, 'roster_entries')).toBe(4);
    expect(context.db.prepare("SELECT name FROM roster_entries WHERE employee_no = '1001'").all()).toEqual([{ name: 'Ani Lestari' }]);
    expect(context.db.prepare("SELECT count(*) AS n FROM roster_entries WHERE name = 'Anita Lestari'").get()).toEqual({ n: 0 });
  });

  it('adds nothing twice when the same file is merged again', async () => {
    const context = await setupRound({ roster: ROSTER_CSV });
    const response = await upload(context, ROSTER_CSV, { new_only: 'yes' });
    expect(response.text).toContain('0 ditambahkan, 3 dilewati karena sudah ada, 0 bertentangan');
    expect(countRows(context.db, 'roster_entries')).toBe(3);
  });

  it('ignores a "No" column with a warning naming the Indonesian columns first', async () => {
    const context = await setupRound();
    const response = await upload(context, 'No;Nama;Unit Kerja;NIP\n1;Ani Lestari;Subdit A;1001\n2;Budi Santoso;Subdit A;1002\n');
    expect(response.status).toBe(200);
    expect(response.text).toContain('Daftar pegawai diimpor: 2 pegawai ditambahkan.');
    expect(response.text).toContain('Kolom yang tidak dikenal diabaikan: &#34;No&#34; (kolom A). Kolom yang dibaca: nama, unit kerja, golongan, email, nip (atau name, unit, grade, email, employee_no).');
    expect(context.db.prepare('SELECT name, unit, employee_no FROM roster_entries ORDER BY id').all()).toEqual([
      { name: 'Ani Lestari', unit: 'Subdit A', employee_no: '1001' },
      { name: 'Budi Santoso', unit: 'Subdit A', employee_no: '1002' },
    ]);
  });

  it('names a missing required column by its Indonesian name first', async () => {
    const context = await setupRound();
    const response = await upload(context, 'No;Nama\n1;Ani\n');
    expect(response.status).toBe(422);
    expect(response.text).toContain('Kolom wajib &#34;unit kerja&#34; (atau &#34;unit&#34;) tidak ada pada baris judul kolom (baris 1).');
    expect(countRows(context.db, 'roster_entries')).toBe(0);
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
  });

  it('says on the round page how many employees have no link, and the button names that number', async () => {
    const { agent, csrf, db, id } = await setupRound({ roster: ROSTER_CSV });
    const before = await agent.get(`/rounds/${id}`);
    expect(before.text).toContain('3 dari 3 pegawai belum memiliki tautan.');
    expect(before.text).toContain('Buat 3 tautan dan unduh CSV');
    const ani = db.prepare("SELECT id FROM roster_entries WHERE name = 'Ani Lestari'").get() as { id: number };
    await agent.post(`/rounds/${id}/roster/${ani.id}/link`).type('form').send({ _csrf: csrf });
    const after = await agent.get(`/rounds/${id}`);
    expect(after.text).toContain('2 dari 3 pegawai belum memiliki tautan.');
    expect(after.text).toContain('Buat 2 tautan dan unduh CSV');
    // After a download the page (reloaded) tells how many the file held: the download cannot.
    await agent.post(`/rounds/${id}/links`).type('form').send({ which: 'missing', _csrf: csrf });
    const done = await agent.get(`/rounds/${id}?lang=en`);
    expect(done.text).toContain('All 3 employees have a link.');
    expect(done.text).toMatch(/Last created: 2 links, \d{4}-\d\d-\d\d \d\d:\d\d, by admin\./);
    expect(done.text).not.toContain('Create 0 links');
  });

  it('never downloads an empty file: a second "create links" when everyone has one says so and changes no token', async () => {
    const { agent, csrf, db, id } = await setupRound({ roster: ROSTER_CSV });
    await agent.post(`/rounds/${id}/links`).type('form').send({ which: 'missing', _csrf: csrf });
    const hashes = tokenHashes(db);
    const again = await agent.post(`/rounds/${id}/links`).type('form').send({ which: 'missing', _csrf: csrf });
    expect(again.status).toBe(303);
    expect(again.headers['content-type'] ?? '').not.toContain('text/csv');
    expect(again.headers['content-disposition']).toBeUndefined();
    expect(again.headers.location).toBe(`/rounds/${id}?notice=links_none#links`);
    const page = await agent.get(again.headers.location);
    expect(page.text).toContain('Semua pegawai sudah memiliki tautan, jadi tidak ada berkas yang dibuat.');
    // …and offers to re-issue chosen links instead, opened.
    expect(page.text).toMatch(/<details id="reissue" open>/);
    expect(page.text).toContain('name="which" value="selected"');
    expect(tokenHashes(db)).toEqual(hashes);
    expect(db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'links.issue'").get()).toEqual({ n: 1 });
  });

  it('re-issues the chosen links after a confirmation: exactly those tokens change, the old links stop and the new ones work', async () => {
    const { agent, app, csrf, db, id } = await setupRound({ roster: ROSTER_CSV });
    const first = (await agent.post(`/rounds/${id}/links`).type('form').send({ which: 'missing', dialect: 'comma', _csrf: csrf })).text;
    const oldLinks = new Map(first.replace(/^\uFEFF/, '').trim().split(/\r?\n/).slice(1).map((line) => [line.split(',')[0], /\/s\/([A-Za-z0-9_-]{43})/.exec(line)?.[1] as string]));
    const ids = new Map((db.prepare('SELECT id, name FROM roster_entries').all() as { id: number; name: string }[]).map((row) => [row.name, row.id]));
    const hashes = tokenHashes(db);
    const chosen = [ids.get('Ani Lestari') as number, ids.get('Citra Dewi') as number];

    const question = await agent.post(`/rounds/${id}/links`).type('form').send({ which: 'selected', entry: chosen.map(String), dialect: 'comma', _csrf: csrf });
    expect(question.status).toBe(200);
    expect(question.headers['content-type']).toContain('text/html');
    expect(question.text).toContain('Tautan lama 2 pegawai terpilih akan berhenti berlaku');
    for (const entryId of chosen) expect(question.text).toContain(`name="entry" value="${entryId}"`);
    expect(tokenHashes(db)).toEqual(hashes);

    const confirmed = await agent.post(`/rounds/${id}/links`).type('form').send({ which: 'selected', entry: chosen.map(String), dialect: 'comma', confirmed: 'yes', _csrf: csrf });
    expect(confirmed.headers['content-type']).toContain('text/csv');
    expect(confirmed.headers['cache-control']).toBe('no-store');
    const lines = confirmed.text.replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    expect(lines.slice(1).map((line) => line.split(',')[0]).sort()).toEqual(['Ani Lestari', 'Citra Dewi']);
    const after = tokenHashes(db);
    expect(after[ids.get('Budi Santoso') as number]).toBe(hashes[ids.get('Budi Santoso') as number]);
    for (const entryId of chosen) expect(after[entryId]).not.toBe(hashes[entryId]);
    expect((await request(app).get(`/s/${oldLinks.get('Ani Lestari')}`)).status).toBe(404);
    expect((await request(app).get(`/s/${oldLinks.get('Citra Dewi')}`)).status).toBe(404);
    expect((await request(app).get(`/s/${oldLinks.get('Budi Santoso')}`)).status).toBe(200);
    for (const line of lines.slice(1)) expect((await request(app).get(`/s/${/\/s\/([A-Za-z0-9_-]{43})/.exec(line)?.[1]}`)).status).toBe(200);
  });

  it('refuses to re-issue when no employee is chosen, or one of another round, changing no token', async () => {
    const { agent, csrf, db, id } = await setupRound({ roster: ROSTER_CSV });
    await agent.post(`/rounds/${id}/links`).type('form').send({ which: 'missing', _csrf: csrf });
    const hashes = tokenHashes(db);
    const none = await agent.post(`/rounds/${id}/links`).type('form').send({ which: 'selected', confirmed: 'yes', _csrf: csrf });
    expect(none.status).toBe(422);
    expect(none.text).toContain('pilih paling sedikit satu pegawai yang tautannya diterbitkan ulang');
    const bad = await agent.post(`/rounds/${id}/links`).type('form').send({ which: 'selected', entry: 'abc', confirmed: 'yes', _csrf: csrf });
    expect(bad.status).toBe(422);
    const stranger = await agent.post(`/rounds/${id}/links`).type('form').send({ which: 'selected', entry: '9999', confirmed: 'yes', _csrf: csrf });
    expect(stranger.status).toBe(404);
    expect(tokenHashes(db)).toEqual(hashes);
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
    const hashes = tokenHashes(db);
    // Replacing a working link asks first, and changes nothing until confirmed.
    const question = await agent.post(`/rounds/${id}/roster/${entry.id}/link`).type('form').send({ _csrf: csrf });
    expect(question.status).toBe(200);
    expect(question.text).toContain('Tautan lama Ani Lestari akan berhenti berlaku');
    expect(question.text).toContain('name="confirmed" value="yes"');
    expect(question.text).not.toMatch(/\/s\/[A-Za-z0-9_-]{43}/);
    expect(tokenHashes(db)).toEqual(hashes);
    const page = await agent.post(`/rounds/${id}/roster/${entry.id}/link`).type('form').send({ _csrf: csrf, confirmed: 'yes' });
    expect(page.status).toBe(200);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.text).toMatch(/<input id="new-link" type="text" readonly value="http:\/\/potret\.test\/s\/[A-Za-z0-9_-]{43}"/);
    expect(page.text).toContain('data-copy="new-link"');
    expect(page.text).toContain('<script src="/static/copy-link.js" defer></script>');
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
