import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openAndPrepare } from '../../src/bootstrap';
import { addRosterEntry, issueLinks } from '../../src/survey/roster';
import { createRound } from '../../src/survey/rounds';
import { loadDraft, openLink } from '../../src/survey/questionnaire';
import { questionnairePages, type QuestionnairePage } from '../../src/survey/paging';
import { countRows, EMPLOYEE_DEVICE, employee, roundWithLink } from '../helpers';


/** The saved draft's answers as the link opens them (at rest they are sealed). */
function draftAnswers(context: ReturnType<typeof roundWithLink>): Uint8Array {
  return loadDraft(context.db, openLink(context.db, context.token, '2026-11-28', EMPLOYEE_DEVICE)).answers;
}

/** Answers every item of a perspective with the given value (perspectives 1–3 of the default instrument are pages 1–3; the fourth spans pages 4–6). */
function pageAnswers(round: ReturnType<typeof roundWithLink>['round'], page: number, value: number): Record<string, string> {
  const perspective = round.instrument.definition.perspectives[page - 1];
  return Object.fromEntries(perspective.dimensions.flatMap((d) => d.items.map((item) => [item.code, String(value)])));
}

describe('the questionnaire at /s/<token>', () => {
  it('introduces the survey with purpose, time needed and confidentiality, in Indonesian by default', async () => {
    const { app, base } = roundWithLink();
    const response = await employee(app).get(base);
    expect(response.status).toBe(200);
    expect(response.text).toContain('Tujuan');
    expect(response.text).toContain('Perkiraan waktu pengisian: 15 menit');
    expect(response.text).toContain('Kerahasiaan');
    expect(response.text).toContain('Mulai mengisi');
  });

  it('switches to English', async () => {
    const { app, base } = roundWithLink();
    const response = await employee(app).get(`${base}?lang=en`);
    expect(response.text).toContain('Confidentiality');
    expect(response.text).toContain('Time needed: about 15 minutes');
  });

  it('shows one perspective per page as labelled radio groups with progress', async () => {
    const { app, base } = roundWithLink();
    const response = await employee(app).get(`${base}/p/2`);
    expect(response.status).toBe(200);
    expect(response.text).toContain('Perspektif 2 dari 4');
    expect(response.text).toMatch(/<fieldset class="item" id="f-CUS-LAY-01">\s*<legend>/);
    expect(response.text).toContain('name="CUS-LAY-01" value="5"');
    expect(response.text).toContain('Sangat setuju');
    expect(response.text).toContain('name="comment"');
  });

  it('saves each page, marks the employee started and resumes where they left', async () => {
    const { app, db, round, base, entry } = roundWithLink();
    const saved = await employee(app).post(`${base}/p/1`).type('form').send({ ...pageAnswers(round, 1, 4), comment: 'Anggaran terlambat', nav: 'next' });
    expect(saved.status).toBe(303);
    expect(saved.headers.location).toBe(`${base}/p/2`);
    expect(db.prepare('SELECT status FROM roster_entries WHERE id = ?').get(entry.id)).toEqual({ status: 'started' });
    // Opening the link again offers to continue on page 2, and page 1 shows the saved answers.
    const intro = await employee(app).get(base);
    expect(intro.text).toContain(`href="${base}/p/2"`);
    expect(intro.text).toContain('Lanjutkan mengisi');
    const page1 = await employee(app).get(`${base}/p/1`);
    expect(page1.text).toContain('name="FIN-ANG-01" value="4" checked');
    expect(page1.text).toContain('Anggaran terlambat');
  });

  it('saves the page when the language is switched on it, and shows the same page in the other language', async () => {
    const context = roundWithLink();
    const { app, round, base } = context;
    const response = await employee(app).post(`${base}/p/2`).type('form').send({ ...pageAnswers(round, 2, 5), nav: 'lang' });
    expect(response.headers.location).toBe(`${base}/p/2?lang=en`);
    const answers = draftAnswers(context);
    const cus = round.instrument.items.filter((item) => item.perspective === 'CUS');
    expect(cus.every((item) => answers[item.index] === 5)).toBe(true);
  });

  it('goes back a page with "prev" and to the review after the last page', async () => {
    const { app, round, base } = roundWithLink();
    expect((await employee(app).post(`${base}/p/2`).type('form').send({ ...pageAnswers(round, 2, 3), nav: 'prev' })).headers.location).toBe(`${base}/p/1`);
    const last = questionnairePages(round.instrument.definition).at(-1) as QuestionnairePage;
    const lastAnswers = Object.fromEntries(last.itemCodes.map((code) => [code, '3']));
    expect((await employee(app).post(`${base}/p/${last.number}`).type('form').send({ ...lastAnswers, nav: 'review' })).headers.location).toBe(`${base}/review`);
  });

  it('points out unanswered items at the review step but allows submitting', async () => {
    const { app, db, round, base } = roundWithLink();
    const partial = pageAnswers(round, 1, 5);
    delete partial['FIN-ANG-02'];
    await employee(app).post(`${base}/p/1`).type('form').send({ ...partial, nav: 'next' });
    const review = await employee(app).get(`${base}/review`);
    const total = round.instrument.items.length;
    const answered = Object.keys(partial).length;
    expect(review.text).toContain(`${total - answered} pernyataan belum dijawab`);
    expect(review.text).toContain('FIN-ANG-02');
    const submitted = await employee(app).post(`${base}/submit`).type('form').send({});
    expect(submitted.status).toBe(201);
    expect(submitted.text).toContain('Terima kasih');
    expect(countRows(db, 'responses')).toBe(1);
  });

  it('after submit shows "already submitted" and stores nothing more', async () => {
    const { app, db, round, base } = roundWithLink();
    await employee(app).post(`${base}/submit`).type('form').send(pageAnswers(round, 1, 4));
    const again = await employee(app).get(base);
    expect(again.text).toContain('sudah dikirim');
    const retry = await employee(app).post(`${base}/submit`).type('form').send(pageAnswers(round, 1, 2));
    expect(retry.status).toBe(200);
    expect(retry.text).toContain('sudah dikirim');
    expect(countRows(db, 'responses')).toBe(1);
  });

  it('says a round is not open yet before its opening date, and accepts nothing', async () => {
    const { app, db, round, base } = roundWithLink({ opens_on: '2026-12-01' });
    const response = await employee(app).get(base);
    expect(response.status).toBe(403);
    expect(response.text).toContain('belum dibuka');
    expect(response.text).toContain('2026-12-01');
    await employee(app).post(`${base}/p/1`).type('form').send(pageAnswers(round, 1, 4));
    expect(countRows(db, 'drafts')).toBe(0);
  });

  it('says a round is closed after its closing date (in the configured time zone)', async () => {
    const { app, clock, base } = roundWithLink({ closes_on: '2026-11-28' });
    expect((await employee(app).get(base)).status).toBe(200);
    // 17:30 UTC on the 28th is already the 29th in Jakarta (UTC+7).
    clock.now = new Date('2026-11-28T17:30:00Z');
    const response = await employee(app).get(base);
    expect(response.status).toBe(403);
    expect(response.text).toContain('sudah ditutup');
  });

  it('answers an unknown token with a 404 that reveals nothing', async () => {
    const { app } = roundWithLink();
    const response = await employee(app).get('/s/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    expect(response.status).toBe(404);
    expect(response.text).not.toContain('Diagnosis 2026');
    expect((await employee(app).get('/s/short')).status).toBe(404);
  });

  it('rejects a value outside the scale with the item named, and saves nothing of the page', async () => {
    const { app, db, round, base } = roundWithLink();
    const answers = { ...pageAnswers(round, 1, 4), 'FIN-ANG-03': '6' };
    const response = await employee(app).post(`${base}/p/1`).type('form').send(answers);
    expect(response.status).toBe(422);
    expect(response.text).toContain('FIN-ANG-03');
    expect(response.text).toContain('harus bilangan bulat dari 1 sampai 5');
    expect(countRows(db, 'drafts')).toBe(0);
  });

  it.each([['0'], ['4.5'], ['abc'], [' ']])('treats the value "%s" as out of scale or blank, never as a guess', async (value) => {
    const context = roundWithLink();
    const { app, db, base } = context;
    const response = await employee(app).post(`${base}/p/1`).type('form').send({ 'FIN-ANG-01': value });
    if (value.trim() === '') {
      expect(response.status).toBe(303);
      expect(countRows(db, 'drafts')).toBe(1);
      expect(draftAnswers(context)[0]).toBe(0);
    } else {
      expect(response.status).toBe(422);
      expect(countRows(db, 'drafts')).toBe(0);
    }
  });

  it('rejects an unknown item code and an item of another page', async () => {
    const { app, db, base } = roundWithLink();
    const unknown = await employee(app).post(`${base}/p/1`).type('form').send({ 'XX-99': '3' });
    expect(unknown.status).toBe(422);
    expect(unknown.text).toContain('kode butir tidak dikenal');
    const other = await employee(app).post(`${base}/p/1`).type('form').send({ 'LG-HR-01': '3' });
    expect(other.text).toContain('butir ini ada di halaman lain');
    expect(countRows(db, 'drafts')).toBe(0);
  });

  it('rejects an oversized body with 413 and stores nothing', async () => {
    const { app, db, base } = roundWithLink();
    const response = await employee(app).post(`${base}/p/1`).type('form').send({ comment: 'x'.repeat(300_000) });
    expect(response.status).toBe(413);
    expect(countRows(db, 'drafts')).toBe(0);
  });

  it('rejects a malformed JSON body with 400 and stores nothing', async () => {
    const { app, db, base } = roundWithLink();
    const response = await employee(app).post(`${base}/submit`).set('Content-Type', 'application/json').send('{"FIN-ANG-01": ');
    expect(response.status).toBe(400);
    expect(countRows(db, 'responses')).toBe(0);
  });

  it('refuses a cross-site submission', async () => {
    const { app, db, base } = roundWithLink();
    const response = await employee(app).post(`${base}/submit`).set('Origin', 'https://evil.example').type('form').send({});
    expect(response.status).toBe(403);
    expect(countRows(db, 'responses')).toBe(0);
  });
});

describe('anonymity of stored answers', () => {
  it('stores the response with round, unit, grade, channel and answers only (no date), and deletes the draft in the same step', async () => {
    const { app, db, round, base, entry, token } = roundWithLink();
    await employee(app).post(`${base}/p/1`).type('form').send({ ...pageAnswers(round, 1, 2), comment: 'Mohon pelatihan', nav: 'next' });
    expect(countRows(db, 'drafts')).toBe(1);
    await employee(app).post(`${base}/submit`).type('form').send(pageAnswers(round, 4, 5));
    expect(countRows(db, 'drafts')).toBe(0);
    expect(db.prepare('SELECT status FROM roster_entries WHERE id = ?').get(entry.id)).toEqual({ status: 'completed' });

    const columns = (db.prepare('PRAGMA table_info(responses)').all() as { name: string }[]).map((column) => column.name);
    expect(columns).toEqual(['id', 'round_id', 'channel', 'unit', 'grade', 'answers', 'submitted_on', 'form_id', 'batch_id', 'release']);
    const stored = db.prepare('SELECT * FROM responses').get() as Record<string, unknown>;
    expect(stored).toMatchObject({ round_id: round.row.id, channel: 'online', unit: 'Subdit A', grade: 'III/a', submitted_on: null, form_id: null });
    // The id is random, not the roster entry's id or a sequence number.
    expect(stored.id).not.toBe(entry.id);
    expect(stored.id).not.toBe(1);
    const answers = stored.answers as Buffer;
    const fin = round.instrument.items.filter((item) => item.perspective === 'FIN');
    const lg = round.instrument.items.filter((item) => item.perspective === 'LG');
    expect(fin.every((item) => answers[item.index] === 2)).toBe(true);
    expect(lg.every((item) => answers[item.index] === 5)).toBe(true);
    // Nothing in the response row or the comment row names the employee or the link.
    const everything = JSON.stringify([stored, db.prepare('SELECT * FROM comments').all()]);
    const tokenHash = (db.prepare('SELECT token_hash FROM roster_entries WHERE id = ?').get(entry.id) as { token_hash: string }).token_hash;
    for (const secret of ['Ani', 'PEG-1001', token, tokenHash]) expect(everything).not.toContain(secret);
    expect(db.prepare('SELECT perspective_code, text FROM comments').all()).toEqual([{ perspective_code: 'FIN', text: 'Mohon pelatihan' }]);
    // The roster knows whether, never when.
    expect((db.prepare('PRAGMA table_info(roster_entries)').all() as { name: string }[]).map((column) => column.name)).not.toContain('completed_at');
  });
});

describe('double submission', () => {
  /** Starts Potret as a separate process on the database file and returns its port. */
  function startServerProcess(dbFile: string): Promise<{ port: number; child: ChildProcess }> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [path.join(__dirname, '..', 'fixtures', 'server-child.js'), dbFile], { stdio: ['ignore', 'pipe', 'inherit'] });
      child.stdout?.once('data', (chunk) => resolve({ port: Number(String(chunk).trim()), child }));
      child.once('exit', (code) => reject(new Error(`server exited ${code}`)));
    });
  }

  it('stores exactly one response when the same link submits 20 times at once to two server processes', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'potret-double-'));
    const dbFile = path.join(dir, 'potret.db');
    const { db } = openAndPrepare(dbFile);
    const round = createRound(db, { name: 'Concurrent' }, new Date(), 'test');
    const entry = addRosterEntry(db, round.row.id, { name: 'Ani', unit: 'Subdit A' }, new Date(), 'test');
    const [issued] = issueLinks(db, round.row.id, [entry.id], 'http://potret.test', new Date(), 'test');
    const submitPath = `${new URL(issued.link).pathname}/submit`;
    // Two processes: their transactions really overlap, so only the re-read of the roster entry
    // inside the write transaction can keep the second submit from storing a second response.
    const servers = await Promise.all([startServerProcess(dbFile), startServerProcess(dbFile)]);
    try {
      const body = new URLSearchParams(pageAnswers(round, 3, 4)).toString();
      const statuses = await Promise.all(
        Array.from({ length: 20 }, (_, index) =>
          fetch(`http://127.0.0.1:${servers[index % 2].port}${submitPath}`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
            body,
          }).then((response) => response.status),
        ),
      );
      expect(statuses.filter((status) => status === 201)).toHaveLength(1);
      expect(statuses.filter((status) => status === 200)).toHaveLength(19);
      expect(countRows(db, 'responses')).toBe(1);
      expect(db.prepare('SELECT status FROM roster_entries WHERE id = ?').get(entry.id)).toEqual({ status: 'completed' });
    } finally {
      for (const { child } of servers) child.kill('SIGTERM');
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
