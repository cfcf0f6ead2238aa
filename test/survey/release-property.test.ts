import { listRoundComments } from '../../src/db/comments';
import type { Db } from '../../src/db/connection';
import { buildReport } from '../../src/report/build-report';
import { rawData } from '../../src/report/raw-data';
import { importPaperFile, listPaperBatches, undoPaperBatch } from '../../src/survey/paper';
import { openLink, submit } from '../../src/survey/questionnaire';
import { addRosterEntry, issueLinks } from '../../src/survey/roster';
import { closeRoundByHand, createRound, getRound, reopenRoundByHand } from '../../src/survey/rounds';
import { freshDb } from '../helpers';

/**
 * Property: random rounds (units, grades, paper and online mixes, skipped items) and random
 * sequences of submits, paper imports, undos, closes, reopens and downloads. After every step the
 * analyst downloads everything; for every pair of the states they saw, and for every group either
 * state publishes, the number of online respondents must be the same or differ by at least the
 * minimum; and the stored file must hold no (release × unit × grade) block of 1 to minimum − 1
 * online respondents. The ground truth (which rows are online) is read from the database.
 */

const TODAY = '2026-11-28';

function seeded(seed: number) {
  let state = seed;
  return (n: number) => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return (state >> 8) % n;
  };
}

interface PublishedState {
  step: string;
  /** Online respondents per published group (overall, shown units and grades, the union of hidden ones). */
  online: Map<string, number>;
  /** Online comments shown: the whole round's list, never per group. */
  comments: number;
}

function hasAnswer(answers: Uint8Array): boolean {
  return answers.some((value) => value !== 0);
}

function snapshot(db: Db, roundId: number, step: string): PublishedState {
  const round = getRound(db, roundId);
  const report = buildReport(db, roundId, { lang: 'id', alphaMin: 0.6 });
  const raw = [...rawData(db, round, report).rows()];
  // The same query as the raw data streams, with the channel: row i of both is the same response.
  const stored = (db.prepare('SELECT unit, grade, channel, answers FROM responses WHERE round_id = ? AND release <= ?').all(roundId, report.round.release) as {
    unit: string | null;
    grade: string | null;
    channel: string;
    answers: Buffer;
  }[]).filter((row) => hasAnswer(row.answers));
  expect(raw).toHaveLength(stored.length);
  const online = new Map<string, number>();
  const add = (key: string, count: number) => online.set(key, (online.get(key) ?? 0) + count);
  add('overall', stored.filter((row) => row.channel === 'online').length);
  for (const breakdown of report.groups) {
    const hidden: string[] = [];
    let hiddenOnline = 0;
    for (const group of breakdown.rows) {
      const members = stored.filter((row) => (breakdown.by === 'unit' ? row.unit : row.grade) === group.group && row.channel === 'online').length;
      if (group.suppressed) {
        hidden.push(String(group.group));
        hiddenOnline += members;
      } else add(`${breakdown.by}=${String(group.group)}`, members);
    }
    // Hidden groups' union follows from the total minus the shown ones: a published group too.
    if (hidden.length) add(`${breakdown.by} hidden ${hidden.sort().join('|')}`, hiddenOnline);
  }
  // Raw data labels are the stored labels or blanks of them: never finer than what was stored.
  raw.forEach((row, index) => {
    const [, unit, grade] = row;
    expect(unit === null || unit === stored[index].unit).toBe(true);
    expect(grade === null || grade === stored[index].grade).toBe(true);
  });
  const commentsOnline = db.prepare('SELECT count(*) AS n FROM comments WHERE round_id = ? AND release IS NOT NULL AND batch_id IS NULL').get(roundId) as { n: number };
  expect(listRoundComments(db, roundId).length).toBe((db.prepare('SELECT count(*) AS n FROM comments WHERE round_id = ? AND release IS NOT NULL').get(roundId) as { n: number }).n);
  return { step, online, comments: commentsOnline.n };
}

function storedBlocksAreSafe(db: Db, roundId: number, minimum: number): void {
  const blocks = db
    .prepare("SELECT release, unit, grade, sum(channel = 'online') AS online FROM responses WHERE round_id = ? AND release IS NOT NULL GROUP BY release, unit, grade")
    .all(roundId) as { release: number; unit: string | null; grade: string | null; online: number }[];
  for (const block of blocks) expect({ block, safe: block.online === 0 || block.online >= minimum }).toEqual({ block, safe: true });
}

async function runScenario(seed: number): Promise<void> {
  const random = seeded(seed);
  const db = freshDb();
  const minimum = 3 + random(3);
  const round = createRound(db, { name: `Property ${seed}`, min_group_size: String(minimum) }, new Date('2026-11-01T00:00:00Z'), 'analyst');
  const roundId = round.row.id;
  const units = ['Subdit A', 'Subdit B', 'Subdit C', 'Subdit D'].slice(0, 2 + random(3));
  const grades = ['III/a', 'III/b', 'IV/a'].slice(0, 1 + random(3));
  const size = 10 + random(20);
  const tokens: string[] = [];
  for (let index = 0; index < size; index += 1) {
    const entry = addRosterEntry(db, roundId, { name: `E${index}`, unit: units[random(units.length)], grade: grades[random(grades.length)] }, new Date(), 'analyst');
    tokens.push(issueLinks(db, roundId, [entry.id], 'http://potret.test', new Date(), 'analyst')[0].link.split('/s/')[1]);
  }
  const waiting = [...tokens];
  const items = round.instrument.items;
  let forms = 0;
  let closedOnce = false;
  const states: PublishedState[] = [];
  for (let step = 0; step < 16; step += 1) {
    const state = getRound(db, roundId).row.closed_at ? 'closed' : 'open';
    const choice = random(10);
    let label: string;
    if (choice < 4 && waiting.length && state === 'open') {
      const count = 1 + random(4);
      for (const token of waiting.splice(0, count)) {
        const body: Record<string, string> = {};
        for (const item of items) if (random(10) > 0) body[item.code] = String(1 + random(5));
        if (random(2) === 0) body.comment_LG = `komentar ${token.slice(0, 6)}`;
        await submit(db, openLink(db, token, TODAY, 'test device'), body);
      }
      label = `submit ${count}`;
    } else if (choice < 6) {
      const count = 1 + random(4);
      const lines = Array.from({ length: count }, () => {
        forms += 1;
        return [`F${seed}-${forms}`, units[random(units.length)], grades[random(grades.length)], ...items.map((_, i) => (i === 0 || random(8) ? String(1 + random(5)) : '')), random(2) ? 'kertas' : ''].join(',');
      });
      const csv = `form_id,unit,grade,${items.map((item) => item.code).join(',')},comment_LG\n${lines.join('\n')}\n`;
      importPaperFile(db, roundId, Buffer.from(csv), { fileName: `batch-${step}.csv`, importedBy: 'analyst', allowNewUnits: true, timeZone: 'Asia/Jakarta', now: new Date('2026-11-28T03:00:00Z') });
      label = `paper ${count}`;
    } else if (choice === 6 && listPaperBatches(db, roundId).length) {
      const batches = listPaperBatches(db, roundId);
      undoPaperBatch(db, roundId, batches[random(batches.length)].id, new Date(), 'analyst');
      label = 'undo';
    } else if (state === 'open') {
      closeRoundByHand(db, roundId, new Date('2026-11-28T03:00:00Z'), 'analyst');
      closedOnce = true;
      label = 'close';
    } else {
      reopenRoundByHand(db, roundId, new Date(), 'analyst');
      label = 'reopen';
    }
    const published = snapshot(db, roundId, `${step}: ${label}`);
    if (!closedOnce) expect(published.online.get('overall')).toBe(0);
    storedBlocksAreSafe(db, roundId, minimum);
    if (getRound(db, roundId).row.closed_at) {
      const labelled = db.prepare("SELECT count(*) AS n FROM responses WHERE round_id = ? AND release IS NULL AND channel = 'online' AND (unit IS NOT NULL OR grade IS NOT NULL)").get(roundId);
      expect(labelled).toEqual({ n: 0 });
    }
    for (const earlier of states) {
      // New comments appear only together with at least the minimum of new online respondents.
      const newRespondents = Math.abs((published.online.get('overall') ?? 0) - (earlier.online.get('overall') ?? 0));
      if (published.comments !== earlier.comments) expect({ seed, from: earlier.step, to: published.step, newRespondents: newRespondents >= minimum }).toEqual({ seed, from: earlier.step, to: published.step, newRespondents: true });
      for (const [group, count] of published.online) {
        const before = earlier.online.get(group);
        if (before === undefined) continue;
        const delta = Math.abs(count - before);
        expect({ seed, minimum, group, from: earlier.step, to: published.step, safe: delta === 0 || delta >= minimum }).toEqual({
          seed,
          minimum,
          group,
          from: earlier.step,
          to: published.step,
          safe: true,
        });
      }
    }
    states.push(published);
  }
}

describe('no published state and no stored block singles out fewer than the minimum online respondents', () => {
  it.each(Array.from({ length: 40 }, (_, index) => 1000 + index))('random scenario %i', async (seed) => {
    await runScenario(seed);
  });
});
