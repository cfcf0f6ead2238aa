import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import request from 'supertest';
import { createApp } from '../../src/app';
import { openAndPrepare } from '../../src/bootstrap';
import { testConfig } from '../../src/config';
import type { Db } from '../../src/db/connection';
import { addRosterEntry, issueLinks } from '../../src/survey/roster';
import { createRound } from '../../src/survey/rounds';

// The attack: someone copies the data directory (db, -wal, -shm) while the server runs. A
// submission's transaction holds the roster row turning 'completed' next to the new response,
// so frames of one commit in the -wal would name the respondent of that response.

/** Page numbers of every frame in a -wal file (32-byte header, then 24-byte frame headers each followed by a page). */
function walFramePages(wal: Buffer): number[] {
  if (wal.length < 32) return [];
  const pageSize = wal.readUInt32BE(8);
  const pages: number[] = [];
  for (let offset = 32; offset + 24 + pageSize <= wal.length; offset += 24 + pageSize) pages.push(wal.readUInt32BE(offset));
  return pages;
}

/**
 * Page numbers the wal-index (-shm) lists for log frames: per 32 KiB block, 4096 native-endian
 * u32 slots, the first block starting after its 136-byte header. SQLite leaves them there after a
 * checkpoint until the next log begins.
 */
function shmFramePages(shm: Buffer): number[] {
  const read = os.endianness() === 'LE' ? (offset: number) => shm.readUInt32LE(offset) : (offset: number) => shm.readUInt32BE(offset);
  const pages: number[] = [];
  for (let block = 0; block * 32768 < shm.length; block += 1) {
    for (let offset = block === 0 ? 136 : block * 32768; offset < Math.min(block * 32768 + 16384, shm.length); offset += 4) {
      const page = read(offset);
      if (page !== 0) pages.push(page);
    }
  }
  return pages;
}

function rosterPages(db: Db): Set<number> {
  const rows = db.prepare("SELECT pageno FROM dbstat WHERE name = 'roster_entries' OR name LIKE 'sqlite_autoindex_roster_entries%' OR name = 'roster_entries_round'").all() as { pageno: number }[];
  return new Set(rows.map((row) => row.pageno));
}

function withFileApp(run: (context: { db: Db; file: string; app: ReturnType<typeof createApp>; links: string[] }) => Promise<void>): () => Promise<void> {
  return async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'potret-wal-'));
    const file = path.join(dir, 'potret.db');
    const { db } = openAndPrepare(file);
    try {
      const app = createApp({ db, config: testConfig({ baseUrl: 'http://potret.test' }), now: () => new Date('2026-11-28T03:00:00Z') });
      const round = createRound(db, { name: 'Diagnosis 2026' }, new Date(), 'test');
      for (const name of ['Ani', 'Budi', 'Citra']) addRosterEntry(db, round.row.id, { name, unit: 'Subdit A' }, new Date(), 'test');
      const links = issueLinks(db, round.row.id, 'all', 'http://potret.test', new Date(), 'test').map((issued) => new URL(issued.link).pathname);
      await run({ db, file, app, links });
    } finally {
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  };
}

describe('the write-ahead log after a submission', () => {
  it(
    'holds no frame of the roster in a copy taken right after the submission',
    withFileApp(async ({ db, file, app, links }) => {
      // Another employee saving a page leaves roster frames (status 'started') in the log: harmless, no response is in them.
      await request(app).post(`${links[1]}/p/1`).type('form').send({ 'FIN-ANG-01': '4', nav: 'next' }).expect(303);
      await request(app).post(`${links[0]}/submit`).type('form').send({ 'FIN-ANG-01': '5', comment_FIN: 'Mohon pelatihan' }).expect(201);
      const copy = fs.readFileSync(`${file}-wal`);
      const roster = rosterPages(db);
      expect(roster.size).toBeGreaterThan(0);
      expect(walFramePages(copy).filter((page) => roster.has(page))).toEqual([]);
      expect(copy.length).toBe(0);
      expect(copy.includes(Buffer.from('Mohon pelatihan'))).toBe(false);
    }),
  );

  it(
    'leaves no page of the roster listed in the -shm file either',
    withFileApp(async ({ db, file, app, links }) => {
      await request(app).post(`${links[0]}/submit`).type('form').send({ 'FIN-ANG-01': '5' }).expect(201);
      const roster = rosterPages(db);
      expect(shmFramePages(fs.readFileSync(`${file}-shm`)).filter((page) => roster.has(page))).toEqual([]);
    }),
  );

  it(
    'is emptied soon after a reader that kept it from being emptied lets go',
    withFileApp(async ({ file, app, links }) => {
      const reader = new Database(file, { readonly: true });
      try {
        // An open statement holds a snapshot from before the submission, as a streaming download would.
        const rows = reader.prepare('SELECT id FROM roster_entries').iterate();
        rows.next();
        await request(app).post(`${links[0]}/submit`).type('form').send({ 'FIN-ANG-01': '5' }).expect(201);
        expect(fs.statSync(`${file}-wal`).size).toBeGreaterThan(0);
        rows.return?.();
        const deadline = Date.now() + 2000;
        while (fs.statSync(`${file}-wal`).size > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
        expect(fs.statSync(`${file}-wal`).size).toBe(0);
      } finally {
        reader.close();
      }
    }),
  );

  it(
    'stores an online response without a submission date',
    withFileApp(async ({ db, app, links }) => {
      await request(app).post(`${links[2]}/submit`).type('form').send({ 'FIN-ANG-01': '3' }).expect(201);
      expect(db.prepare('SELECT channel, submitted_on FROM responses').all()).toEqual([{ channel: 'online', submitted_on: null }]);
    }),
  );
});
