import { seedDemoSkm } from '../../src/demo/skm';
import { skmReport } from '../../src/skm/analysis';
import { listAllSkmRounds } from '../../src/skm/rounds';
import { freshDb } from '../helpers';

describe('the demo SKM rounds', () => {
  it('seeds last semester (120 forms, population 400, three services) and the one before, with completion time clearly weakest', () => {
    const db = freshDb();
    expect(seedDemoSkm(db, new Date('2026-11-28T03:00:00Z'))).toBe(true);
    const rounds = listAllSkmRounds(db);
    expect(rounds.map((round) => [round.row.name, round.row.period_start, round.services.length, round.row.closed_at !== null])).toEqual([
      ['SKM Semester I 2026 (demo)', '2026-01-01', 3, true],
      ['SKM Semester II 2025 (demo)', '2025-07-01', 3, true],
    ]);
    const report = skmReport(db, rounds[0].row.id, { lang: 'id' });
    expect(report.round).toMatchObject({ responses: 120, population: 400, required_sample: 197 });
    expect(report.priorities[0].key).toBe('time');
    expect(report.priorities[0].grade).toBe('D');
    expect(report.grade).toBe('B');
    expect(report.suggestions.shown).toBe(true);
    expect(report.trend.map((point) => point.name)).toEqual(['SKM Semester II 2025 (demo)', 'SKM Semester I 2026 (demo)']);
    // The smallest service is hidden, with its cover.
    const service = report.breakdowns.find((breakdown) => breakdown.field === 'service')!;
    expect(service.groups.filter((group) => group.suppressed).length).not.toBe(1);
  });

  it('is the same on every run and seeds once', () => {
    const first = freshDb();
    const second = freshDb();
    seedDemoSkm(first, new Date('2026-11-28T03:00:00Z'));
    seedDemoSkm(second, new Date('2026-11-28T03:00:00Z'));
    const ikm = (db: typeof first) => skmReport(db, listAllSkmRounds(db)[0].row.id, { lang: 'id' }).ikm_exact;
    expect(ikm(first)).toBe(ikm(second));
    expect(seedDemoSkm(first, new Date('2026-11-28T03:00:00Z'))).toBe(false);
  });
});
