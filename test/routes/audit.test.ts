import { questionnairePages } from '../../src/survey/paging';
import fs from 'node:fs';
import path from 'node:path';
import request, { type Response } from 'supertest';
import { recordAudit } from '../../src/audit/log';
import type { Db } from '../../src/db/connection';
import { pdfChromium } from '../../src/report/service';
import { addRosterEntry, issueLinks } from '../../src/survey/roster';
import { createRound } from '../../src/survey/rounds';
import { createTestApp, csrfFrom, loggedIn, type TestApp } from '../helpers';
import { addComments, roundWithResponses, varied } from '../report/fixtures';

jest.setTimeout(60_000);

const ROSTER_CSV = '\uFEFFname;unit;grade;email\r\nAni Lestari;Subdit Perencanaan;III/a;ani@example.go.id\r\nBudi;Subdit Umum;III/b;\r\nCitra;Subdit Keuangan;IV/a;\r\n';
const PAPER_FILE = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'paper', 'google-sheets.csv'));

interface AuditRow {
  actor: string;
  action: string;
  round_id: number | null;
  details: Record<string, unknown>;
}

function auditRows(db: Db): AuditRow[] {
  return (db.prepare('SELECT actor, action, round_id, details FROM audit_log ORDER BY id').all() as { actor: string; action: string; round_id: number | null; details: string }[]).map((row) => ({
    ...row,
    details: JSON.parse(row.details) as Record<string, unknown>,
  }));
}

function lastRow(db: Db): AuditRow {
  const rows = auditRows(db);
  return rows[rows.length - 1];
}

/** The whole log as text: no personal link, token (43 URL-safe characters), answer or comment may be in it. */
function expectNothingSecret(db: Db, secrets: readonly string[] = []): void {
  const text = JSON.stringify(db.prepare('SELECT * FROM audit_log').all());
  expect(text).not.toContain('/s/');
  expect(text).not.toMatch(/(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/);
  for (const secret of secrets) expect(text).not.toContain(secret);
}

function collectBinary(res: Response, callback: (error: Error | null, body: Buffer) => void): void {
  const stream = res as unknown as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  stream.on('end', () => callback(null, Buffer.concat(chunks)));
}

async function adminWithRound(overrides: Parameters<typeof createTestApp>[0] = {}) {
  const context = createTestApp(overrides);
  const { agent, csrf } = await loggedIn(context.app, context.db);
  const created = await agent.post('/rounds').type('form').send({ name: 'Diagnosis 2026', min_group_size: '5', _csrf: csrf });
  const id = Number(/\/rounds\/(\d+)/.exec(created.headers.location)?.[1]);
  return { ...context, agent, csrf, id };
}

function confirmFields(html: string): Record<string, string> {
  const form = /<form method="post" action="[^"]*\/paper\/confirm"[^>]*>([\s\S]*?)<\/form>/.exec(html);
  if (!form) throw new Error('no confirm form on the page');
  return Object.fromEntries([...form[1].matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((match) => [match[1], match[2]]));
}

describe('audit log: rounds', () => {
  it('records round creation with its settings and the administrator as actor', async () => {
    const { db, id } = await adminWithRound();
    expect(lastRow(db)).toEqual({
      actor: 'admin',
      action: 'round.create',
      round_id: id,
      details: { name: 'Diagnosis 2026', opens_on: null, closes_on: null, target: 4, min_group_size: 5, organiser: null, contact: null, results_on: null, instrument: 'bsc-default' },
    });
  });

  it('records a settings change with each changed setting, old and new', async () => {
    const { db, agent, csrf, id } = await adminWithRound();
    const response = await agent.post(`/rounds/${id}/edit`).type('form').send({ name: 'Diagnosis 2026', closes_on: '2026-12-31', target: '4.00', min_group_size: '3', _csrf: csrf });
    expect(response.status).toBe(303);
    expect(lastRow(db)).toEqual({
      actor: 'admin',
      action: 'round.update',
      round_id: id,
      details: { changes: { closes_on: { from: null, to: '2026-12-31' }, min_group_size: { from: 5, to: 3 } } },
    });
  });

  it('records per-dimension targets as they stand afterwards', async () => {
    const { db, agent, csrf, id } = await adminWithRound();
    await agent.post(`/rounds/${id}/targets`).type('form').send({ _csrf: csrf, 'LG-HR': '4,50' });
    expect(lastRow(db)).toEqual({ actor: 'admin', action: 'round.targets', round_id: id, details: { round_target: 4, targets: { 'LG-HR': 4.5 } } });
  });

  it('records closing by hand (after the confirmation) and reopening', async () => {
    const { db, agent, csrf, id } = await adminWithRound();
    await agent.post(`/rounds/${id}/close`).type('form').send({ _csrf: csrf });
    expect(lastRow(db).action).toBe('round.create');
    await agent.post(`/rounds/${id}/close`).type('form').send({ _csrf: csrf, confirmed: 'yes' });
    await agent.post(`/rounds/${id}/reopen`).type('form').send({ _csrf: csrf });
    expect(auditRows(db).slice(-2)).toEqual([
      { actor: 'admin', action: 'round.close', round_id: id, details: {} },
      { actor: 'admin', action: 'round.reopen', round_id: id, details: {} },
    ]);
  });

  it('records nothing for a refused change', async () => {
    const { db, agent, csrf, id } = await adminWithRound();
    const before = auditRows(db).length;
    const response = await agent.post(`/rounds/${id}/edit`).type('form').send({ name: 'X', min_group_size: '2', _csrf: csrf });
    expect(response.status).toBe(422);
    expect(auditRows(db)).toHaveLength(before);
  });
});

describe('audit log: roster and links', () => {
  it('records a roster import with the number of employees', async () => {
    const { db, agent, csrf, id } = await adminWithRound();
    await agent.post(`/rounds/${id}/roster`).field('_csrf', csrf).attach('file', Buffer.from(ROSTER_CSV), 'roster.csv');
    expect(lastRow(db)).toEqual({ actor: 'admin', action: 'roster.import', round_id: id, details: { added: 3 } });
  });

  it('records adding, editing (unit old and new, e-mail only by name) and removing an employee', async () => {
    const { db, agent, csrf, id } = await adminWithRound();
    await agent.post(`/rounds/${id}/roster/new`).type('form').send({ _csrf: csrf, name: 'Dewi', unit: 'Subdit A', grade: 'III/c' });
    const entryId = (db.prepare('SELECT id FROM roster_entries').get() as { id: number }).id;
    await agent.post(`/rounds/${id}/roster/${entryId}`).type('form').send({ _csrf: csrf, name: 'Dewi', unit: 'Subdit B', grade: 'III/c', email: 'dewi@example.go.id' });
    await agent.post(`/rounds/${id}/roster/${entryId}/delete`).type('form').send({ _csrf: csrf, confirmed: 'yes' });
    expect(auditRows(db).slice(-3)).toEqual([
      { actor: 'admin', action: 'roster.add', round_id: id, details: { entry: entryId, name: 'Dewi', unit: 'Subdit A', grade: 'III/c' } },
      { actor: 'admin', action: 'roster.edit', round_id: id, details: { entry: entryId, name: 'Dewi', changes: { unit: { from: 'Subdit A', to: 'Subdit B' } }, also_changed: ['email'] } },
      { actor: 'admin', action: 'roster.remove', round_id: id, details: { entry: entryId, name: 'Dewi', unit: 'Subdit B', grade: 'III/c' } },
    ]);
    expectNothingSecret(db, ['dewi@example.go.id']);
  });

  it('records issued and re-issued links by count, never a link', async () => {
    const { db, agent, csrf, id } = await adminWithRound();
    await agent.post(`/rounds/${id}/roster`).field('_csrf', csrf).attach('file', Buffer.from(ROSTER_CSV), 'roster.csv');
    const csv = await agent.post(`/rounds/${id}/links`).type('form').send({ _csrf: csrf, which: 'missing' });
    const entryId = (db.prepare('SELECT id FROM roster_entries ORDER BY id LIMIT 1').get() as { id: number }).id;
    const one = await agent.post(`/rounds/${id}/roster/${entryId}/link`).type('form').send({ _csrf: csrf, confirmed: 'yes' });
    const all = await agent.post(`/rounds/${id}/links`).type('form').send({ _csrf: csrf, which: 'all', confirmed: 'yes' });
    expect(auditRows(db).slice(-3)).toEqual([
      { actor: 'admin', action: 'links.issue', round_id: id, details: { which: 'missing', count: 3, reissued: 0 } },
      { actor: 'admin', action: 'links.issue', round_id: id, details: { which: 'selected', count: 1, reissued: 1, entries: [entryId] } },
      { actor: 'admin', action: 'links.issue', round_id: id, details: { which: 'all', count: 3, reissued: 3 } },
    ]);
    const tokens = [csv.text, one.text, all.text].flatMap((text) => [...text.matchAll(/\/s\/([A-Za-z0-9_-]{43})/g)].map((match) => match[1]));
    expect(tokens.length).toBeGreaterThanOrEqual(7);
    const hashes = (db.prepare('SELECT token_hash FROM roster_entries').all() as { token_hash: string }[]).map((row) => row.token_hash);
    expectNothingSecret(db, [...tokens, ...hashes]);
  });
});

describe('audit log: paper questionnaires', () => {
  it('records an import (batch, file, forms) and its undo, without answers or comments', async () => {
    const { db, agent, csrf, id } = await adminWithRound();
    await agent.post(`/rounds/${id}/roster`).field('_csrf', csrf).attach('file', Buffer.from(ROSTER_CSV), 'roster.csv');
    const shown = await agent.post(`/rounds/${id}/paper/preview`).field('_csrf', csrf).field('allow_new_units', '1').attach('file', PAPER_FILE, 'kertas.csv');
    const confirmed = await agent.post(`/rounds/${id}/paper/confirm`).type('form').send(confirmFields(shown.text));
    expect(confirmed.status).toBe(303);
    const batch = db.prepare('SELECT id, sha256, row_count FROM import_batches').get() as { id: number; sha256: string; row_count: number };
    expect(lastRow(db)).toEqual({
      actor: 'admin',
      action: 'paper.import',
      round_id: id,
      details: { batch: batch.id, file_name: 'kertas.csv', sha256: batch.sha256, forms: batch.row_count, rejected: 0 },
    });
    await agent.post(`/rounds/${id}/paper/batches/${batch.id}/undo`).type('form').send({ _csrf: csrf });
    expect(lastRow(db)).toEqual({ actor: 'admin', action: 'paper.undo', round_id: id, details: { batch: batch.id, file_name: 'kertas.csv', sha256: batch.sha256, forms: batch.row_count } });
    expectNothingSecret(db, ['Anggaran terlambat', 'SOP']);
  });
});

describe('audit log: downloads of results', () => {
  function seeded(overrides: Parameters<typeof createTestApp>[0] = {}) {
    const context = createTestApp(overrides);
    const round = roundWithResponses(context.db, [...varied('Subdit A', 'III/a', 8, 3), ...varied('Subdit B', 'III/b', 8, 4)], { invited: 20 });
    addComments(context.db, round, [{ perspective: 'FIN', text: 'Rahasia sekali' }]);
    return { ...context, round };
  }

  it.each([
    ['/rounds/1/raw-data.csv?dialect=semicolon', { format: 'raw-csv', dialect: 'semicolon' }],
    ['/rounds/1/report.csv?perspective=FIN', { format: 'csv', dialect: 'comma', perspective: 'FIN' }],
    ['/rounds/1/report/groups.csv', { format: 'groups-csv', dialect: 'comma' }],
    ['/rounds/1/report.xlsx', { format: 'xlsx' }],
    ['/api/rounds/1/report', { format: 'json' }],
  ])('records %s with the release it was built from', async (address, expected) => {
    const { app, db } = seeded();
    const { agent } = await loggedIn(app, db);
    const response = await agent.get(address).buffer(true).parse(collectBinary);
    expect(response.status).toBe(200);
    expect(lastRow(db)).toEqual({ actor: 'admin', action: 'report.download', round_id: 1, details: { release: 1, responses: 16, compare: null, lang: 'id', ...expected } });
    expectNothingSecret(db, ['Rahasia sekali']);
  });

  it('records the JSON API read with an API token under the token owner', async () => {
    const { app, db } = seeded();
    await loggedIn(app, db);
    const { createApiToken } = await import('../../src/auth/accounts');
    const token = createApiToken(db, 'admin', 'script', new Date(), 'admin');
    const response = await request(app).get('/api/rounds/1/report?lang=en').set('Authorization', `Bearer ${token}`);
    expect(response.status).toBe(200);
    expect(lastRow(db)).toMatchObject({ actor: 'admin', action: 'report.download', details: { format: 'json', lang: 'en' } });
    expectNothingSecret(db);
  });

  it('does not record the report page or the codebook (no results in it)', async () => {
    const { app, db } = seeded();
    const { agent } = await loggedIn(app, db);
    const before = auditRows(db).length;
    expect((await agent.get('/rounds/1/report')).status).toBe(200);
    expect((await agent.get('/rounds/1/codebook.csv')).status).toBe(200);
    expect(auditRows(db)).toHaveLength(before);
  });

  const withChromium = pdfChromium(createTestApp({ chromium: '/usr/bin/chromium' }).config) !== null ? it : it.skip;
  withChromium('records the PDF download', async () => {
    const { app, db } = seeded({ chromium: '/usr/bin/chromium' });
    const { agent } = await loggedIn(app, db);
    const response = await agent.get('/rounds/1/report.pdf').buffer(true).parse(collectBinary);
    expect(response.status).toBe(200);
    expect(lastRow(db)).toEqual({ actor: 'admin', action: 'report.download', round_id: 1, details: { format: 'pdf', release: 1, responses: 16, compare: null, lang: 'id' } });
  });
});

describe('audit log: accounts', () => {
  it('records a user created by an administrator, never the password', async () => {
    const { app, db } = createTestApp();
    const { agent, csrf } = await loggedIn(app, db);
    const response = await agent.post('/users').type('form').send({ _csrf: csrf, username: 'rina', password: 'a-long-secret-passphrase', role: 'analyst' });
    expect(response.status).toBe(201);
    expect(lastRow(db)).toEqual({ actor: 'admin', action: 'user.create', round_id: null, details: { username: 'rina', role: 'analyst' } });
    expectNothingSecret(db, ['a-long-secret-passphrase']);
  });

  it('records the first administrator made at /setup as acting for themselves', async () => {
    const { app, db } = createTestApp();
    const agent = request.agent(app);
    const page = await agent.get('/setup');
    await agent.post('/setup').type('form').send({ _csrf: csrfFrom(page.text), username: 'kepala', password: 'correct-horse-battery', public_address: 'https://survei.example.go.id' });
    expect(auditRows(db)).toEqual([
      { actor: 'kepala', action: 'user.create', round_id: null, details: { username: 'kepala', role: 'admin' } },
      { actor: 'kepala', action: 'settings.public_address', round_id: null, details: { from: null, to: 'https://survei.example.go.id' } },
    ]);
  });

  it('records a password change by the user, never a password', async () => {
    const { app, db } = createTestApp();
    const { agent, csrf } = await loggedIn(app, db, 'analyst');
    const response = await agent.post('/account/password').type('form').send({ _csrf: csrf, current_password: 'correct-horse-battery', new_password: 'another-long-passphrase' });
    expect(response.status).toBe(303);
    expect(lastRow(db)).toEqual({ actor: 'analyst1', action: 'user.password', round_id: null, details: { username: 'analyst1' } });
    expectNothingSecret(db, ['correct-horse-battery', 'another-long-passphrase']);
  });
});

describe('audit log: what employees do is never recorded', () => {
  it('answering and submitting the questionnaire writes no audit row', async () => {
    const { app, db } = createTestApp();
    const round = createRound(db, { name: 'Diagnosis 2026' }, new Date(), 'admin');
    const entry = addRosterEntry(db, round.row.id, { name: 'Ani', unit: 'Subdit A' }, new Date(), 'admin');
    const [issued] = issueLinks(db, round.row.id, [entry.id], 'http://potret.test', new Date(), 'admin');
    const before = auditRows(db);
    const base = `/s/${issued.link.split('/s/')[1]}`;
    expect((await request(app).get(base)).status).toBe(200);
    for (const [index, page] of questionnairePages(round.instrument.definition).entries()) {
      const answers = Object.fromEntries(page.dimensions.flatMap((d) => d.items.map((item) => [item.code, '4'])));
      const saved = await request(app).post(`${base}/p/${index + 1}`).type('form').send({ ...answers, comment: 'Komentar jujur', nav: 'next' });
      expect(saved.status).toBe(303);
    }
    expect((await request(app).post(`${base}/submit`).type('form').send({})).status).toBe(201);
    expect(auditRows(db)).toEqual(before);
  });
});

describe('the audit log page /audit', () => {
  async function withEntries(count: number): Promise<TestApp & Awaited<ReturnType<typeof loggedIn>>> {
    const context = createTestApp();
    const logged = await loggedIn(context.app, context.db);
    createRound(context.db, { name: 'Diagnosis 2026' }, new Date('2026-11-01T00:00:00Z'), 'admin');
    for (let index = 1; index <= count; index += 1) {
      recordAudit(context.db, { actor: 'admin', action: 'report.download', roundId: index % 2 === 0 ? 1 : 2, details: { format: 'xlsx', n: index } }, new Date(Date.UTC(2026, 10, 28, 3, index)));
    }
    return { ...context, ...logged };
  }

  it('is for administrators: an analyst gets 403 on the page and the CSV, and no link in the navigation', async () => {
    const { app, db } = createTestApp();
    const { agent } = await loggedIn(app, db, 'analyst');
    expect((await agent.get('/audit')).status).toBe(403);
    expect((await agent.get('/audit.csv')).status).toBe(403);
    expect((await agent.get('/rounds')).text).not.toContain('href="/audit"');
  });

  it('sends a visitor who is not logged in to the login page', async () => {
    const { app } = createTestApp();
    const response = await request(app).get('/audit');
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe('/login?next=%2Faudit');
  });

  it('lists entries newest first, in Indonesian, with times in the office time zone, linked from the navigation', async () => {
    const { agent } = await withEntries(3);
    const page = await agent.get('/audit');
    expect(page.status).toBe(200);
    expect(page.text).toContain('href="/audit" aria-current=page');
    expect(page.text).toContain('Log audit');
    expect(page.text).toContain('Hasil diunduh');
    // 03:03 UTC is 10:03 in Asia/Jakarta.
    const newest = page.text.indexOf('2026-11-28 10:03');
    const oldest = page.text.indexOf('2026-11-28 10:01');
    expect(newest).toBeGreaterThan(0);
    expect(oldest).toBeGreaterThan(newest);
    expect(page.text).toContain('1 · Diagnosis 2026');
  });

  it('switches to English', async () => {
    const { agent } = await withEntries(1);
    const page = await agent.get('/audit?lang=en');
    expect(page.text).toContain('Results downloaded');
    expect(page.text).toContain('Times in the Asia/Jakarta time zone.');
  });

  it('filters by round and pages by 100, keeping the filter in the page links', async () => {
    const { agent } = await withEntries(205);
    const first = await agent.get('/audit');
    // 205 downloads, the administrator's account and the round.
    expect(first.text).toContain('Halaman 1 dari 3 (207 catatan');
    expect(first.text).toContain('href="/audit?page=2"');
    const filtered = await agent.get('/audit?round=1');
    expect(filtered.text).toContain('Halaman 1 dari 2 (103 catatan');
    expect(filtered.text).toContain('href="/audit?round=1&amp;page=2"');
    const second = await agent.get('/audit?round=1&page=2');
    expect((second.text.match(/<tr>/g) ?? []).length - 1).toBe(3);
    expect(second.text).toContain('href="/audit?round=1&amp;page=1"');
    expect(second.text).toContain('round.create');
  });

  it('refuses a round filter that is not a number', async () => {
    const { agent } = await withEntries(1);
    expect((await agent.get('/audit?round=abc')).status).toBe(422);
    expect((await agent.get('/audit.csv?dialect=tab')).status).toBe(422);
  });
});

describe('the audit log CSV /audit.csv', () => {
  it('has a byte order mark, one row per entry newest first, and neutralises a formula in a cell', async () => {
    const { app, db } = createTestApp();
    const { agent, csrf } = await loggedIn(app, db);
    await agent.post('/rounds').type('form').send({ name: "=cmd|' /C calc'!A0", _csrf: csrf });
    recordAudit(db, { actor: 'admin', action: 'round.close', roundId: 1 }, new Date('2026-11-28T03:00:00Z'));
    const response = await agent.get('/audit.csv?round=1').buffer(true).parse(collectBinary);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toContain('potret-audit-round-1-comma.csv');
    const text = (response.body as Buffer).toString('utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    const lines = text.slice(1).split('\r\n').filter(Boolean);
    expect(lines[0]).toBe('id,at_utc,at_local,actor,action,round_id,round_name,details');
    expect(lines[1]).toBe(`3,2026-11-28T03:00:00.000Z,2026-11-28 10:00,admin,round.close,1,'=cmd|' /C calc'!A0,{}`);
    expect(lines[2]).toMatch(/^2,.*,admin,round\.create,1,'=cmd\|' \/C calc'!A0,"\{""name"":""=cmd/);
    expect(lines).toHaveLength(3);
  });

  it('writes semicolons on request', async () => {
    const { app, db } = createTestApp();
    const { agent } = await loggedIn(app, db);
    const response = await agent.get('/audit.csv?dialect=semicolon');
    const lines = response.text.replace(/^\uFEFF/, '').split('\r\n').filter(Boolean);
    expect(lines[0]).toBe('id;at_utc;at_local;actor;action;round_id;round_name;details');
    expect(lines[1]).toMatch(/^1;[^;]+;[^;]+;test;user\.create;;;"\{""username"":""admin"",""role"":""admin""\}"$/);
  });
});
