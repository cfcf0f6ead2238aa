import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type Db } from '../../src/db/connection';
import { migrate } from '../../src/db/migrate';
import { insertResponse } from '../../src/db/responses';
import { paperColumnNames } from '../../src/import/paper';
import { buildReport, type ReportOptions, type RoundReport } from '../../src/report/build-report';
import { cachedReport, reportCacheStats, resetReportCache } from '../../src/report/cache';
import { installBundledInstruments } from '../../src/survey/instruments';
import { importPaperFile, undoPaperBatch } from '../../src/survey/paper';
import { addRosterEntry, removeRosterEntry } from '../../src/survey/roster';
import { closeRoundByHand, createRound, getRound, setDimensionTargets, updateRound, type Round } from '../../src/survey/rounds';
import { freshDb } from '../helpers';
import { addResponses, roundWithResponses, varied } from './fixtures';

/**
 * The report cache (src/report/cache.ts) as an attacker would probe it: every write that changes
 * what a report shows must show in the very next report, and no report may be served for a state
 * other than the one it was built from: least of all across a release or a change of the minimum
 * group size.
 */

const OPTIONS: ReportOptions = { lang: 'id', alphaMin: 0.6, categoryBoundary: 'lower', compareWith: null };
const NOW = new Date('2026-11-28T03:00:00Z');

function threeUnits(db: Db): Round {
  const round = roundWithResponses(db, [...varied('Unit A', 'III/a', 6, 3), ...varied('Unit B', 'III/b', 6, 4), ...varied('Unit C', 'III/c', 8, 2)], { invited: 30 });
  // Paper forms must name a unit on the roster.
  addRosterEntry(db, round.row.id, { name: 'Kepala Unit A', unit: 'Unit A' }, NOW, 'test');
  return getRound(db, round.row.id);
}

/** A paper CSV of `count` forms of one unit, every item answered `answer`. */
function paperCsv(round: Round, count: number, unit: string, answer: number, firstForm = 1): Buffer {
  const columns = paperColumnNames(round.instrument);
  const lines = [columns.join(',')];
  for (let form = firstForm; form < firstForm + count; form += 1) {
    lines.push(columns.map((column) => (column === 'form_id' ? `P-${form}` : column === 'unit' ? unit : column === 'grade' ? 'III/a' : round.instrument.items.some((item) => item.code === column) ? String(answer) : '')).join(','));
  }
  return Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8');
}

function importForms(db: Db, round: Round, count: number, answer: number): number {
  return importPaperFile(db, round.row.id, paperCsv(round, count, 'Unit A', answer), { fileName: 'forms.csv', importedBy: 'analyst', timeZone: 'Asia/Jakarta', now: NOW }).batchId!;
}

function unitRow(report: RoundReport, unit: string) {
  return report.groups.find((breakdown) => breakdown.by === 'unit')!.rows.find((row) => row.group === unit)!;
}

/** A waiting online answer, as a submission stores it. */
function submitOnline(db: Db, round: Round, answer: number): void {
  insertResponse(db, { round_id: round.row.id, channel: 'online', unit: 'Unit A', grade: 'III/a', answers: Buffer.alloc(round.instrument.items.length, answer), submitted_on: null, form_id: null, batch_id: null });
}

describe('the report cache', () => {
  it('serves the next reader the same report object without computing it again', () => {
    const db = freshDb();
    const round = threeUnits(db);
    const first = cachedReport(db, round.row.id, OPTIONS);
    const second = cachedReport(db, round.row.id, OPTIONS);
    expect(second).toBe(first);
    expect(reportCacheStats(db)).toMatchObject({ hits: 1, misses: 1, passMisses: 1 });
    expect(JSON.stringify(second)).toBe(JSON.stringify(buildReport(db, round.row.id, OPTIONS)));
  });

  it('hands out a frozen report: a reader cannot change it for the readers after it', () => {
    const db = freshDb();
    const round = threeUnits(db);
    const report = cachedReport(db, round.row.id, OPTIONS);
    expect(() => {
      (report as { n: number }).n = 1;
    }).toThrow(TypeError);
    expect(() => {
      unitRow(report, 'Unit A').suppressed = true;
    }).toThrow(TypeError);
    expect(() => (report.priorities as unknown[]).push(null)).toThrow(TypeError);
  });

  it('keeps reports apart by language and analysis settings', () => {
    const db = freshDb();
    const round = threeUnits(db);
    const indonesian = cachedReport(db, round.row.id, OPTIONS);
    const english = cachedReport(db, round.row.id, { ...OPTIONS, lang: 'en' });
    const strict = cachedReport(db, round.row.id, { ...OPTIONS, alphaMin: 0.99 });
    const upper = cachedReport(db, round.row.id, { ...OPTIONS, categoryBoundary: 'upper' });
    expect(english).not.toBe(indonesian);
    expect(english.dimensions[0].name).not.toBe(indonesian.dimensions[0].name);
    expect(strict.thresholds.alpha_min).toBe(0.99);
    expect(upper.thresholds.category_boundary).toBe('upper');
    expect(reportCacheStats(db).hits).toBe(0);
  });

  it('never answers for another database, though the round ids are the same', () => {
    const one = freshDb();
    const other = freshDb();
    const a = threeUnits(one);
    const b = roundWithResponses(other, varied('Unit Z', 'IV/a', 9, 5));
    expect(a.row.id).toBe(b.row.id);
    expect(cachedReport(one, a.row.id, OPTIONS).n).toBe(20);
    expect(cachedReport(other, b.row.id, OPTIONS).n).toBe(9);
  });

  it('shows a release at once: the answers waiting before the close are in the next report', () => {
    const db = freshDb();
    const round = createRound(db, { name: 'Open round' }, NOW, 'test');
    for (let index = 0; index < 6; index += 1) submitOnline(db, round, 4);
    const before = cachedReport(db, round.row.id, OPTIONS);
    expect(before).toMatchObject({ n: 0, round: { pending: 6, release: 0 } });
    closeRoundByHand(db, round.row.id, NOW, 'test');
    const after = cachedReport(db, round.row.id, OPTIONS);
    expect(after).toMatchObject({ n: 6, round: { pending: 0, online: 6, release: 1 } });
  });

  it('counts an online answer waiting in an open round at once, without reading the answers again', () => {
    const db = freshDb();
    const round = threeUnits(db);
    const before = cachedReport(db, round.row.id, OPTIONS);
    submitOnline(db, round, 5);
    const after = cachedReport(db, round.row.id, OPTIONS);
    expect(after.round.pending).toBe(before.round.pending + 1);
    // The released results did not change: the same analysis, recounted waiting answers.
    expect(after.n).toBe(before.n);
    expect(after.dimensions).toBe(before.dimensions);
    expect(reportCacheStats(db)).toMatchObject({ misses: 2, passMisses: 1, passHits: 1 });
  });

  it('shows a paper import into a closed round, made after the report was cached, in the next report', () => {
    const db = freshDb();
    const round = threeUnits(db);
    closeRoundByHand(db, round.row.id, NOW, 'test');
    const before = cachedReport(db, round.row.id, OPTIONS);
    importForms(db, round, 7, 1);
    const after = cachedReport(db, round.row.id, OPTIONS);
    expect(after.n).toBe(before.n + 7);
    expect(after.round.paper).toBe(7);
    expect(unitRow(after, 'Unit A').n).toBe(unitRow(before, 'Unit A').n + 7);
  });

  it('counts a paper import into an open round as waiting in the next report', () => {
    const db = freshDb();
    const round = threeUnits(db);
    const before = cachedReport(db, round.row.id, OPTIONS);
    importForms(db, round, 5, 2);
    const after = cachedReport(db, round.row.id, OPTIONS);
    expect(after.round.pending).toBe(before.round.pending + 5);
    expect(after.n).toBe(before.n);
  });

  it('removes the forms of an undone batch from the next report', () => {
    const db = freshDb();
    const round = threeUnits(db);
    closeRoundByHand(db, round.row.id, NOW, 'test');
    const batch = importForms(db, round, 7, 1);
    const withForms = cachedReport(db, round.row.id, OPTIONS);
    expect(withForms.round.paper).toBe(7);
    undoPaperBatch(db, round.row.id, batch, NOW, 'analyst');
    const undone = cachedReport(db, round.row.id, OPTIONS);
    expect(undone.round.paper).toBe(0);
    expect(undone.n).toBe(withForms.n - 7);
    expect(JSON.stringify(undone)).toBe(JSON.stringify(buildReport(db, round.row.id, OPTIONS)));
  });

  it('hides a group at once when the minimum group size is raised', () => {
    const db = freshDb();
    const round = threeUnits(db);
    const before = cachedReport(db, round.row.id, OPTIONS);
    expect(unitRow(before, 'Unit A')).toMatchObject({ n: 6, suppressed: false });
    updateRound(db, round.row.id, { name: round.row.name, target: '4', min_group_size: '7' }, NOW, 'test');
    const after = cachedReport(db, round.row.id, OPTIONS);
    expect(after.thresholds.min_group_size).toBe(7);
    expect(unitRow(after, 'Unit A')).toMatchObject({ suppressed: true });
    expect(unitRow(after, 'Unit A').dimensions).toEqual(Object.fromEntries(Object.keys(unitRow(before, 'Unit A').dimensions).map((code) => [code, null])));
  });

  it('shows changed targets at once', () => {
    const db = freshDb();
    const round = threeUnits(db);
    const before = cachedReport(db, round.row.id, OPTIONS);
    const code = before.dimensions[0].code;
    setDimensionTargets(db, round.row.id, { [code]: '2.5' }, NOW, 'test');
    const after = cachedReport(db, round.row.id, OPTIONS);
    expect(after.dimensions[0].target).toBe(2.5);
    expect(after.dimensions[0].gap).toBeCloseTo(before.dimensions[0].mean! - 2.5, 12);
  });

  it('shows a renamed round and a changed roster at once', () => {
    const db = freshDb();
    const round = threeUnits(db);
    const before = cachedReport(db, round.row.id, OPTIONS);
    const entry = addRosterEntry(db, round.row.id, { name: 'Pegawai baru', unit: 'Unit A' }, NOW, 'test');
    expect(cachedReport(db, round.row.id, OPTIONS).round.invited).toBe(before.round.invited + 1);
    removeRosterEntry(db, round.row.id, entry.id, NOW, 'test');
    expect(cachedReport(db, round.row.id, OPTIONS).round.invited).toBe(before.round.invited);
    updateRound(db, round.row.id, { name: 'Diagnosis 2026 (revised)', target: '4', min_group_size: '5' }, NOW, 'test');
    expect(cachedReport(db, round.row.id, OPTIONS).round.name).toBe('Diagnosis 2026 (revised)');
  });

  it('sees a release written by plain SQL, however it is written', () => {
    const db = freshDb();
    const round = createRound(db, { name: 'Open round' }, NOW, 'test');
    for (let index = 0; index < 6; index += 1) submitOnline(db, round, 3);
    expect(cachedReport(db, round.row.id, OPTIONS).n).toBe(0);
    db.prepare('UPDATE responses SET release = 1 WHERE round_id = ?').run(round.row.id);
    expect(cachedReport(db, round.row.id, OPTIONS).n).toBe(6);
  });

  it('shows a change of the compared round in the comparison at once', () => {
    const db = freshDb();
    const earlier = roundWithResponses(db, varied('Unit A', 'III/a', 10, 2), { name: 'Diagnosis 2025' });
    const current = threeUnits(db);
    const options = { ...OPTIONS, compareWith: earlier.row.id };
    const before = cachedReport(db, current.row.id, options);
    addResponses(db, getRound(db, earlier.row.id), varied('Unit B', 'III/a', 10, 5));
    const after = cachedReport(db, current.row.id, options);
    expect(after).not.toBe(before);
    expect(JSON.stringify(after.comparison)).toBe(JSON.stringify(buildReport(db, current.row.id, options).comparison));
    expect(JSON.stringify(after.comparison)).not.toBe(JSON.stringify(before.comparison));
  });

  it('never serves a deleted round’s report to a new round that is given its id', () => {
    const db = freshDb();
    const round = threeUnits(db);
    expect(cachedReport(db, round.row.id, OPTIONS).n).toBe(20);
    db.prepare('DELETE FROM rounds WHERE id = ?').run(round.row.id);
    // Potret itself never gives an id again; a round written with that id by other means still
    // must not find the deleted round's report.
    const next = createRound(db, { name: 'Next round' }, NOW, 'test');
    expect(next.row.id).toBeGreaterThan(round.row.id);
    db.prepare("INSERT INTO rounds (id, name, instrument_id, target, min_group_size, created_at) SELECT ?, 'New round', instrument_id, 4, 5, created_at FROM rounds WHERE id = ?").run(round.row.id, next.row.id);
    expect(cachedReport(db, round.row.id, OPTIONS)).toMatchObject({ n: 0, round: { name: 'New round' } });
  });

  it('does not keep a report built inside a transaction (what it read may be rolled back)', () => {
    const db = freshDb();
    const round = threeUnits(db);
    const rolledBack = new Error('rolled back');
    expect(() =>
      db.transaction(() => {
        db.prepare('DELETE FROM responses WHERE round_id = ?').run(round.row.id);
        expect(cachedReport(db, round.row.id, OPTIONS).n).toBe(0);
        throw rolledBack;
      })(),
    ).toThrow(rolledBack);
    expect(cachedReport(db, round.row.id, OPTIONS).n).toBe(20);
    expect(reportCacheStats(db).entries).toBe(2);
  });

  it('sees at once what another connection to the same file wrote (the command line while the server runs)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'potret-cache-'));
    try {
      const server = openDatabase(path.join(dir, 'potret.db'));
      migrate(server);
      installBundledInstruments(server, NOW);
      const round = threeUnits(server);
      const before = cachedReport(server, round.row.id, OPTIONS);
      const cli = openDatabase(path.join(dir, 'potret.db'));
      closeRoundByHand(cli, round.row.id, NOW, 'cli');
      importForms(cli, getRound(cli, round.row.id), 5, 5);
      cli.close();
      const after = cachedReport(server, round.row.id, OPTIONS);
      expect(after.n).toBe(before.n + 5);
      server.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps at most the configured number of entries, dropping the least recently used', () => {
    const db = freshDb();
    const round = threeUnits(db);
    // A report and the pass over the answers under it are two entries.
    resetReportCache(db, { entries: 3, bytes: 1 << 30 });
    const indonesian = cachedReport(db, round.row.id, OPTIONS);
    cachedReport(db, round.row.id, { ...OPTIONS, lang: 'en' });
    expect(reportCacheStats(db).entries).toBe(3);
    // Read again, the Indonesian report is now more recently used than the English one.
    expect(cachedReport(db, round.row.id, OPTIONS)).toBe(indonesian);
    cachedReport(db, round.row.id, { ...OPTIONS, alphaMin: 0.7 });
    expect(reportCacheStats(db).entries).toBe(3);
    expect(cachedReport(db, round.row.id, OPTIONS)).toBe(indonesian);
    const misses = reportCacheStats(db).misses;
    cachedReport(db, round.row.id, { ...OPTIONS, lang: 'en' });
    expect(reportCacheStats(db).misses).toBe(misses + 1);
  });

  it('keeps no report larger than its byte limit, and stays within the limit', () => {
    const db = freshDb();
    const round = threeUnits(db);
    resetReportCache(db, { entries: 100, bytes: 10_000 });
    cachedReport(db, round.row.id, OPTIONS);
    cachedReport(db, round.row.id, OPTIONS);
    expect(reportCacheStats(db)).toMatchObject({ hits: 0, misses: 2, entries: 0, bytes: 0 });
    resetReportCache(db, { entries: 100, bytes: 1 << 30 });
    cachedReport(db, round.row.id, OPTIONS);
    const oneReport = reportCacheStats(db).bytes;
    resetReportCache(db, { entries: 100, bytes: Math.ceil(oneReport * 1.5) });
    cachedReport(db, round.row.id, OPTIONS);
    cachedReport(db, round.row.id, { ...OPTIONS, lang: 'en' });
    expect(reportCacheStats(db).bytes).toBeLessThanOrEqual(Math.ceil(oneReport * 1.5));
  });
});
