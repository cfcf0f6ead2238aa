import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp } from '../../src/app';
import { openAndPrepare } from '../../src/bootstrap';
import { testConfig } from '../../src/config';
import type { Db } from '../../src/db/connection';
import { addRosterEntry, issueLinks } from '../../src/survey/roster';
import { createRound, type Round } from '../../src/survey/rounds';
import { draftKeyFor, openDraft } from '../../src/survey/sealed-draft';
import { countRows, createTestApp, EMPLOYEE_DEVICE, employee } from '../helpers';

// The attacks of the confidentiality brief on drafts: whoever holds the roster and the database
// (or a copy of it) must not read an employee's saved answers or comment, and a re-issued link
// (which may reach someone else) must not show them either.

const COMMENT = 'Kepala subbagian menahan SPPD saya sejak Agustus';

/** Page 1 answered with a pattern no other row has: 5,1,4,2,3,5,1,4,… */
function distinctivePage(round: Round): { body: Record<string, string>; bytes: Buffer } {
  const items = round.instrument.items.filter((item) => item.perspective === round.instrument.definition.perspectives[0].code);
  const pattern = [5, 1, 4, 2, 3];
  const values = items.map((_, index) => pattern[index % pattern.length]);
  return { body: Object.fromEntries(items.map((item, index) => [item.code, String(values[index])])), bytes: Buffer.from(values) };
}

function setUp(db: Db) {
  const round = createRound(db, { name: 'Diagnosis 2026' }, new Date(), 'test');
  const entry = addRosterEntry(db, round.row.id, { name: 'Ani Lestari', unit: 'Subdit A', grade: 'III/a' }, new Date(), 'test');
  const [issued] = issueLinks(db, round.row.id, [entry.id], 'http://potret.test', new Date(), 'test');
  const token = issued.link.split('/s/')[1];
  return { round, entry, token, base: `/s/${token}` };
}

function sealedDraft(db: Db): Buffer {
  return (db.prepare('SELECT sealed FROM drafts').get() as { sealed: Buffer }).sealed;
}

describe('a re-issued link', () => {
  it('opens an empty questionnaire: the draft saved under the old link is deleted with it', async () => {
    const { app, db } = createTestApp();
    const { round, entry, base } = setUp(db);
    const page = distinctivePage(round);
    await employee(app).post(`${base}/p/1`).type('form').send({ ...page.body, comment: COMMENT, nav: 'next' }).expect(303);

    const [reissued] = issueLinks(db, round.row.id, [entry.id], 'http://potret.test', new Date(), 'test');
    expect(countRows(db, 'drafts')).toBe(0);
    const newBase = new URL(reissued.link).pathname;
    const intro = await employee(app).get(newBase);
    expect(intro.status).toBe(200);
    expect(intro.text).toContain(`href="${newBase}/p/1"`);
    const page1 = await employee(app).get(`${newBase}/p/1`);
    expect(page1.status).toBe(200);
    expect(page1.text).not.toContain('checked');
    expect(page1.text).not.toContain(COMMENT);
    // With no draft left, "started" would be untrue: the entry is invited again.
    expect(db.prepare('SELECT status FROM roster_entries WHERE id = ?').get(entry.id)).toEqual({ status: 'invited' });
  });

  it('keeps a completed entry completed', async () => {
    const { app, db } = createTestApp();
    const { round, entry, base } = setUp(db);
    await employee(app).post(`${base}/submit`).type('form').send(distinctivePage(round).body).expect(201);
    const [reissued] = issueLinks(db, round.row.id, [entry.id], 'http://potret.test', new Date(), 'test');
    expect(db.prepare('SELECT status FROM roster_entries WHERE id = ?').get(entry.id)).toEqual({ status: 'completed' });
    expect((await employee(app).get(new URL(reissued.link).pathname)).text).toContain('sudah dikirim');
  });
});

describe('a draft at rest', () => {
  it('shows neither its comment nor its answers in the database bytes', async () => {
    const { app, db } = createTestApp();
    const { round, base } = setUp(db);
    const page = distinctivePage(round);
    await employee(app).post(`${base}/p/1`).type('form').send({ ...page.body, comment: COMMENT, nav: 'next' }).expect(303);
    expect(countRows(db, 'drafts')).toBe(1);
    const bytes = db.serialize();
    expect(bytes.includes(Buffer.from(COMMENT))).toBe(false);
    expect(bytes.includes(Buffer.from('SPPD'))).toBe(false);
    expect(bytes.includes(page.bytes)).toBe(false);
    // The link itself still shows them.
    const page1 = await employee(app).get(`${base}/p/1`);
    expect(page1.text).toContain(COMMENT);
    expect(page1.text).toContain('value="5" checked');
  });

  it('shows neither in a database file nor in its write-ahead log', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'potret-draft-'));
    const file = path.join(dir, 'potret.db');
    const { db } = openAndPrepare(file);
    try {
      const app = createApp({ db, config: testConfig({ baseUrl: 'http://potret.test' }), now: () => new Date('2026-11-28T03:00:00Z') });
      const { round, base } = setUp(db);
      const page = distinctivePage(round);
      await employee(app).post(`${base}/p/1`).type('form').send({ ...page.body, comment: COMMENT, nav: 'next' }).expect(303);
      await employee(app).post(`${base}/p/2`).type('form').send({ comment: `${COMMENT} (2)`, nav: 'next' }).expect(303);
      for (const name of ['potret.db', 'potret.db-wal']) {
        const bytes = fs.readFileSync(path.join(dir, name));
        expect(bytes.includes(Buffer.from('SPPD'))).toBe(false);
        expect(bytes.includes(page.bytes)).toBe(false);
      }
    } finally {
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('does not open with the SHA-256 of the token, which is all the database keeps', async () => {
    const { app, db } = createTestApp();
    const { round, entry, token, base } = setUp(db);
    await employee(app).post(`${base}/p/1`).type('form').send({ ...distinctivePage(round).body, comment: COMMENT, nav: 'next' }).expect(303);
    const sealed = sealedDraft(db);
    const tokenHash = (db.prepare('SELECT token_hash FROM roster_entries WHERE id = ?').get(entry.id) as { token_hash: string }).token_hash;
    const { instrument } = round;
    // The hash as raw key bytes, as the stored hex string run through the same derivation, and as key material for HKDF.
    const hashBytes = Buffer.from(tokenHash, 'hex');
    expect(openDraft(hashBytes, entry.id, instrument, 2000, sealed)).toBeNull();
    expect(openDraft(draftKeyFor(tokenHash, EMPLOYEE_DEVICE), entry.id, instrument, 2000, sealed)).toBeNull();
    expect(openDraft(Buffer.from(crypto.hkdfSync('sha256', hashBytes, Buffer.alloc(0), 'potret draft v1', 32)), entry.id, instrument, 2000, sealed)).toBeNull();
    // The token opens it.
    expect(openDraft(draftKeyFor(token, EMPLOYEE_DEVICE), entry.id, instrument, 2000, sealed)?.comments).toEqual({ FIN: COMMENT });
  });

  it('has the same length whatever the comment, so its size cannot be matched to a published comment', async () => {
    const { app, db } = createTestApp();
    const { round, base } = setUp(db);
    await employee(app).post(`${base}/p/1`).type('form').send({ nav: 'next' }).expect(303);
    const empty = sealedDraft(db).length;
    await employee(app).post(`${base}/p/1`).type('form').send({ comment: 'é'.repeat(2000), nav: 'next' }).expect(303);
    expect(sealedDraft(db).length).toBe(empty);
    await employee(app).post(`${base}/p/2`).type('form').send({ ...distinctivePage(round).body, comment: 'ok', nav: 'next' });
    expect(sealedDraft(db).length).toBe(empty);
  });

  it('that was altered counts as no draft: the questionnaire opens empty and the next save replaces it', async () => {
    const { app, db } = createTestApp();
    const { round, base } = setUp(db);
    await employee(app).post(`${base}/p/1`).type('form').send({ ...distinctivePage(round).body, comment: COMMENT, nav: 'next' }).expect(303);
    const sealed = Buffer.from(sealedDraft(db));
    sealed[sealed.length - 40] ^= 1;
    db.prepare('UPDATE drafts SET sealed = ?').run(sealed);
    const page1 = await employee(app).get(`${base}/p/1`);
    expect(page1.status).toBe(200);
    expect(page1.text).not.toContain('checked');
    expect(page1.text).not.toContain(COMMENT);
    await employee(app).post(`${base}/p/1`).type('form').send({ comment: 'baru', nav: 'next' }).expect(303);
    expect((await employee(app).get(`${base}/p/1`)).text).toContain('baru');
  });
});

describe('the format byte of a sealed draft', () => {
  it('is bound to the ciphertext: a draft relabelled as the earlier format (whose page counts perspectives) does not open', async () => {
    const { app, db } = createTestApp();
    const { round, entry, token, base } = setUp(db);
    await employee(app).post(`${base}/p/1`).type('form').send({ ...distinctivePage(round).body, nav: 'next' }).expect(303);
    const sealed = Buffer.from(sealedDraft(db));
    const key = draftKeyFor(token, EMPLOYEE_DEVICE);
    expect(openDraft(key, entry.id, round.instrument, 2000, sealed)).toMatchObject({ format: 2, page: 2 });
    sealed[0] = 1;
    expect(openDraft(key, entry.id, round.instrument, 2000, sealed)).toBeNull();
  });
});
