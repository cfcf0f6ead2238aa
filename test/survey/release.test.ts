import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openAndPrepare } from '../../src/bootstrap';
import type { Db } from '../../src/db/connection';
import { insertResponse } from '../../src/db/responses';
import { buildReport } from '../../src/report/build-report';
import { rawData } from '../../src/report/raw-data';
import { closeRoundByHand, createRound, getRound, releaseClosedRounds, reopenRoundByHand, type Round } from '../../src/survey/rounds';
import { freshDb, runCli } from '../helpers';

function storeOnline(db: Db, round: Round, count: number, value: number): void {
  for (let index = 0; index < count; index += 1) {
    const answers = Buffer.alloc(round.instrument.items.length, value);
    insertResponse(db, { round_id: round.row.id, channel: 'online', unit: 'Subdit A', grade: 'III/a', answers, submitted_on: null, form_id: null, batch_id: null });
  }
}

const published = (db: Db, round: Round) => buildReport(db, round.row.id, { lang: 'id', alphaMin: 0.6 }).round;

describe('publishing results', () => {
  it('publishes a round whose closing date has passed, once, when the server looks (not when a report is read)', () => {
    const db = freshDb();
    const round = createRound(db, { name: 'By date', closes_on: '2026-11-30' }, new Date('2026-11-01T00:00:00Z'), 'test');
    storeOnline(db, round, 6, 4);
    // Reading the report the day after the closing date publishes nothing: reads never write.
    expect(published(db, round)).toMatchObject({ responses: 0, pending: 6, release: 0 });
    expect(releaseClosedRounds(db, '2026-11-30', new Date())).toEqual([]);
    expect(releaseClosedRounds(db, '2026-12-01', new Date())).toEqual([round.row.id]);
    expect(published(db, round)).toMatchObject({ responses: 6, pending: 0, release: 1 });
    expect(releaseClosedRounds(db, '2026-12-02', new Date())).toEqual([]);
    const audit = db.prepare("SELECT actor, action FROM audit_log WHERE action = 'round.release'").all();
    expect(audit).toEqual([{ actor: 'potret', action: 'round.release' }]);
  });

  it('looks at a closed round once per closed state when the caller keeps the record (the server\'s minute timer)', () => {
    const db = freshDb();
    const round = createRound(db, { name: 'Checked', closes_on: '2026-11-30' }, new Date('2026-11-01T00:00:00Z'), 'test');
    const checked = new Map<number, string>();
    expect(releaseClosedRounds(db, '2026-12-01', new Date(), checked)).toEqual([]);
    // Answers a closed round cannot receive online (stored here directly) are not looked for again…
    storeOnline(db, round, 5, 4);
    expect(releaseClosedRounds(db, '2026-12-01', new Date(), checked)).toEqual([]);
    // …until its closed state changes (here: the closing date moves, and passes again).
    db.prepare("UPDATE rounds SET closes_on = '2026-11-29' WHERE id = ?").run(round.row.id);
    expect(releaseClosedRounds(db, '2026-12-01', new Date(), checked)).toEqual([round.row.id]);
  });

  it('keeps a download to the answers its report counted, even if a release happens meanwhile', () => {
    const db = freshDb();
    const round = createRound(db, { name: 'Streaming' }, new Date(), 'test');
    storeOnline(db, round, 5, 4);
    closeRoundByHand(db, round.row.id, new Date(), 'test');
    const first = buildReport(db, round.row.id, { lang: 'id', alphaMin: 0.6 });
    expect(first.round).toMatchObject({ responses: 5, release: 1 });
    reopenRoundByHand(db, round.row.id, new Date(), 'test');
    storeOnline(db, round, 5, 2);
    closeRoundByHand(db, round.row.id, new Date(), 'test');
    expect(published(db, round)).toMatchObject({ responses: 10, release: 2 });
    // The raw data of the first report, streamed now, still has its 5 rows, not 10.
    expect([...rawData(db, getRound(db, round.row.id), first).rows()]).toHaveLength(5);
  });
});

describe('potret round close / reopen', () => {
  it('closes and publishes under the same rule as the page, reopens, and records both as the command line', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'potret-release-'));
    const env = { POTRET_DB: path.join(dir, 'potret.db') };
    const { db } = openAndPrepare(env.POTRET_DB);
    const round = createRound(db, { name: 'CLI close' }, new Date(), 'test');
    storeOnline(db, round, 4, 3);
    db.close();

    const closed = await runCli(['round', 'close', String(round.row.id)], env);
    expect(closed.code).toBe(0);
    // Four online answers are fewer than the minimum of 5: nothing is published, they wait.
    expect(closed.stdout.toString()).toContain('released 0 online and 0 paper response(s); 4 wait');
    expect((await runCli(['round', 'reopen', String(round.row.id)], env)).stdout.toString()).toContain('reopened');
    expect((await runCli(['round', 'close', 'x'], env)).code).toBe(1);
    expect((await runCli(['round', 'close'], env)).code).toBe(2);

    const check = openAndPrepare(env.POTRET_DB).db;
    expect(check.prepare("SELECT actor, action FROM audit_log WHERE action IN ('round.close', 'round.reopen') ORDER BY id").all()).toEqual([
      { actor: 'cli', action: 'round.close' },
      { actor: 'cli', action: 'round.reopen' },
    ]);
    expect(getRound(check, round.row.id).row.closed_at).toBeNull();
    check.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
