import { translator } from '../../src/i18n';
import { buildReport, type RoundReport } from '../../src/report/build-report';
import { buildReportView } from '../../src/report/view-model';
import { freshDb } from '../helpers';
import { roundWithResponses, varied } from './fixtures';

function seeded(): { report: RoundReport; instrument: Parameters<typeof buildReportView>[1]['instrument'] } {
  const db = freshDb();
  const round = roundWithResponses(db, [...varied('Subdit A', 'III/a', 8, 3), ...varied('Subdit B', 'III/b', 8, 4)], { invited: 20 });
  return { report: buildReport(db, 1, { lang: 'id', alphaMin: 0.6 }), instrument: round.instrument };
}

function view(report: RoundReport, instrument: Parameters<typeof buildReportView>[1]['instrument'], lang: 'id' | 'en') {
  return buildReportView(report, { lang, t: translator(lang), instrument, comments: [], commentMin: 10, generatedOn: '2026-12-02' });
}

describe('report view: validity and standing in words', () => {
  it('calls an item below the critical r one to review (low item correlation), not invalid', () => {
    const { report, instrument } = seeded();
    const flagged = { ...report, items: report.items.map((item, index) => ({ ...item, valid: index === 0 ? false : item.valid })) };
    const item = (lang: 'id' | 'en') => view(flagged, instrument, lang).perspectives.flatMap((perspective) => perspective.items).find((row) => row.code === report.items[0].code);
    expect(item('id')).toMatchObject({ validity: 'perlu ditinjau (korelasi butir rendah)', validityFlag: 'warn' });
    expect(item('en')).toMatchObject({ validity: 'to review (low item correlation)', validityFlag: 'warn' });
  });

  it('says the target status first and the category as a position on the scale', () => {
    const { report, instrument } = seeded();
    const dimension = { ...report.dimensions[0], target_status: 'below_target' as const, category: 'high' as const, gap: -0.2 };
    const row = view({ ...report, dimensions: [dimension, ...report.dimensions.slice(1)] }, instrument, 'id').perspectives.flatMap((perspective) => perspective.dimensions).find((entry) => entry.code === dimension.code);
    expect(row?.standing).toBe('di bawah target · posisi pada skala: tinggi');
  });

  it('gives only the position on the scale when there is no interval to judge the target by (n < 2)', () => {
    const { report, instrument } = seeded();
    const dimension = { ...report.dimensions[0], target_status: null, category: 'medium' as const };
    const row = view({ ...report, dimensions: [dimension, ...report.dimensions.slice(1)] }, instrument, 'en').perspectives.flatMap((perspective) => perspective.dimensions).find((entry) => entry.code === dimension.code);
    expect(row?.standing).toBe('position on the scale: medium');
  });

  it('formats achievement (score ÷ target) and scale % (score ÷ maximum) from the report', () => {
    const { report, instrument } = seeded();
    // mean 3.58, target 4, scale max 5: achievement 3.58 / 4 × 100 = 89.5; scale 3.58 / 5 × 100 = 71.6
    const dimension = { ...report.dimensions[0], mean: 3.58, target: 4, achievement_pct: 89.5, scale_pct: 71.6 };
    const row = view({ ...report, dimensions: [dimension, ...report.dimensions.slice(1)] }, instrument, 'id').perspectives.flatMap((perspective) => perspective.dimensions).find((entry) => entry.code === dimension.code);
    expect(row).toMatchObject({ achievement: expect.stringContaining('89,5'), scale: expect.stringContaining('71,6') });
  });

  it('words the summary with the gap first and the category after it, as a position on the scale', () => {
    const { report, instrument } = seeded();
    const summary = view(report, instrument, 'id').summary;
    for (const sentence of [summary.standing, ...summary.focus.filter((line) => !line.includes('tidak diukur'))]) {
      expect(sentence).toMatch(/gap [+\u2212]\d,\d\d.*posisi pada skala: (sangat )?(rendah|sedang|tinggi)/);
      expect(sentence).not.toMatch(/\d \((sangat )?(rendah|sedang|tinggi)\)/);
    }
  });
});

describe('report view: the cover period', () => {
  function period(opensOn: string | null, closesOn: string | null, lang: 'id' | 'en'): string | null {
    const { report, instrument } = seeded();
    return buildReportView(report, { lang, t: translator(lang), instrument, comments: [], commentMin: 10, generatedOn: '2026-12-02', period: { opensOn, closesOn } }).cover.period;
  }

  it('gives both dates, Indonesian style in Indonesian and English style in English', () => {
    expect(period('2026-11-02', '2026-12-02', 'id')).toBe('2 November 2026 – 2 Desember 2026');
    expect(period('2026-11-02', '2026-12-02', 'en')).toBe('2 November 2026 – 2 December 2026');
  });

  it('names the opening date alone when the round has no closing date (never "– closed", which reads as if it had closed)', () => {
    expect(period('2026-11-02', null, 'id')).toBe('sejak 2 November 2026');
    expect(period('2026-11-02', null, 'en')).toBe('from 2 November 2026');
  });

  it('names the closing date alone when the round has no opening date (never a dash for the missing one)', () => {
    expect(period(null, '2026-12-02', 'id')).toBe('sampai 2 Desember 2026');
    expect(period(null, '2026-12-02', 'en')).toBe('until 2 December 2026');
  });

  it('gives no period when the round has neither date', () => {
    expect(period(null, null, 'id')).toBeNull();
  });
});

describe('report view: the heatmap phone cards', () => {
  it('say below target exactly where the chart draws its ▼: on the mean as printed (3,996 reads 4,00, at target)', () => {
    const { report, instrument } = seeded();
    const dimension = report.dimensions[0];
    const breakdown = report.groups[0];
    const row = breakdown.rows.find((entry) => !entry.suppressed)!;
    const nudged = (mean: number) => ({
      ...report,
      dimensions: report.dimensions.map((entry) => (entry.code === dimension.code ? { ...entry, target: 4 } : entry)),
      groups: [{ ...breakdown, rows: breakdown.rows.map((entry) => (entry === row ? { ...entry, dimensions: { ...entry.dimensions, [dimension.code]: mean } } : entry)) }],
    });
    const card = (mean: number) => {
      const shown = view(nudged(mean), instrument, 'id').heatmaps[0];
      const cell = shown.rows.find((entry) => entry.group === row.group)!.cells[0];
      return { text: cell.text, versus: cell.versus };
    };
    expect(card(3.996)).toMatchObject({ text: '4,00', versus: 'at_or_above' });
    expect(card(3.994)).toMatchObject({ text: '3,99', versus: 'below' });
  });
});
