import { translator } from '../../src/i18n';
import { buildReport, type RoundReport } from '../../src/report/build-report';
import type { ComparisonRow } from '../../src/analysis/compare';
import { executiveSummary } from '../../src/report/summary';
import { freshDb } from '../helpers';
import { roundWithResponses, varied } from './fixtures';

function report(lang: 'id' | 'en'): RoundReport {
  const db = freshDb();
  roundWithResponses(db, [...varied('Subdit A', 'III/a', 8, 3), ...varied('Subdit B', 'III/b', 8, 4), { unit: 'Subdit B', grade: null, answer: 0 }], { invited: 20 });
  return buildReport(db, 1, { lang, alphaMin: 0.6 });
}

describe('executive summary', () => {
  it('states the response rate and the channel mix from the report', () => {
    const summary = executiveSummary(report('en'), translator('en'), 'en');
    expect(summary.response).toBe('17 of 20 invited employees responded (85.0%): 17 online and 0 on paper. Questionnaires submitted without a single answer (not counted): 1.');
  });

  it('addresses the four focus areas by name, in Indonesian', () => {
    const summary = executiveSummary(report('id'), translator('id'), 'id');
    expect(summary.focus.map((sentence) => sentence.split(':')[0])).toEqual(['Pengembangan SDM', 'Pemanfaatan teknologi', 'Kepatuhan terhadap SOP', 'Budaya kerja']);
  });

  it('gives each focus area its dimension mean and signed gap', () => {
    const result = report('en');
    const summary = executiveSummary(result, translator('en'), 'en');
    const hr = result.dimensions.find((dimension) => dimension.focus === 'hr_development');
    const gap = hr?.gap as number;
    expect(summary.focus[0]).toContain(`${hr?.name} ${(hr?.mean as number).toFixed(2)}`);
    expect(summary.focus[0]).toContain(`gap ${gap < 0 ? '\u2212' : '+'}${Math.abs(gap).toFixed(2)}`);
  });

  it('says a focus area is not measured when the instrument has no dimension for it', () => {
    const result = report('en');
    const withoutCulture = { ...result, focus_areas: result.focus_areas.map((area) => (area.focus === 'work_culture' ? { ...area, dimensions: [] } : area)) };
    const summary = executiveSummary(withoutCulture, translator('en'), 'en');
    expect(summary.focus[3]).toBe('Work culture: not measured by this instrument.');
  });

  it('lists the priorities in the order of the JSON summary, largest shortfall first', () => {
    const result = report('en');
    const summary = executiveSummary(result, translator('en'), 'en');
    expect(summary.priorityItems.map((item) => item.split(' (')[0])).toEqual(result.summary.priorities.map((dimension) => dimension.name));
  });

  it('reports reliability with the alpha threshold and the critical r at the report n', () => {
    const result = report('en');
    const summary = executiveSummary(result, translator('en'), 'en');
    const reliable = result.dimensions.filter((dimension) => dimension.reliable).length;
    expect(summary.reliability[0]).toMatch(new RegExp(`^${reliable} of ${result.dimensions.length} dimensions reach Cronbach's alpha ≥ 0\\.60`));
    expect(summary.reliability.join(' ')).toContain(`${(result.thresholds.r_critical as number).toFixed(3)} at n = ${result.n}`);
  });

  it('says there are no figures yet when nobody has answered', () => {
    const db = freshDb();
    roundWithResponses(db, []);
    const summary = executiveSummary(buildReport(db, 1, { lang: 'en', alphaMin: 0.6 }), translator('en'), 'en');
    expect(summary.response).toBe('No answers have been received yet, so this report has no figures.');
    expect(summary.focus).toHaveLength(4);
    expect(summary.reliability).toEqual([]);
  });
});

describe('what the reliability means', () => {
  function withFlags(unreliable: boolean, invalid: boolean): RoundReport {
    const result = report('en');
    return {
      ...result,
      dimensions: result.dimensions.map((dimension, index) => ({ ...dimension, alpha: 0.8, reliable: !(unreliable && index === 0) })),
      items: result.items.map((item, index) => ({ ...item, valid: !(invalid && index === 0) })),
    };
  }
  const meaning = (result: RoundReport) => executiveSummary(result, translator('en'), 'en').reliability.at(-1);

  it('says the scores can be read with confidence when every scale is reliable and every item valid', () => {
    expect(meaning(withFlags(false, false))).toMatch(/^This means the instrument measured consistently/);
  });

  it('warns about the unreliable dimensions only when there are some', () => {
    expect(meaning(withFlags(true, false))).toMatch(/^This means the scores of the dimensions that are not reliable should be read with care, as their items do not measure one thing consistently; the other/);
  });

  it('asks to review the invalid items without doubting reliable scales', () => {
    expect(meaning(withFlags(false, true))).toMatch(/^This means every dimension measured consistently/);
  });
});

describe('the change since an earlier round', () => {
  const untestedFields = { p_value: null, significant: null, cohens_d: null, direction: null };
  function row(code: string, fields: Partial<ComparisonRow>): ComparisonRow {
    return { code, name: code, current_n: 20, previous_n: 18, current_mean: 3.5, previous_mean: 3, change: 0.5, null_reason: null, p_value: 0.2, significant: false, cohens_d: 0.4, direction: 'unchanged', test_null_reason: null, ...fields };
  }
  function compared(rows: ComparisonRow[]): RoundReport {
    return { ...report('en'), comparison: { round: { id: 9, name: '2025' }, perspectives: [], dimensions: rows } };
  }
  const rows = [
    row('Training', { change: 0.5, p_value: 0.0031, significant: true, cohens_d: 0.9, direction: 'rise' }),
    row('Tools', { change: -0.4, p_value: 0.0104, significant: true, cohens_d: -0.7, direction: 'fall' }),
    row('Culture', { change: 0.8, p_value: 0.21, cohens_d: 0.5 }),
    row('Rules', { ...untestedFields, change: 1, test_null_reason: 'no variance in either round' }),
    row('Retired', { ...untestedFields, current_mean: null, change: null, null_reason: 'not in current round', test_null_reason: 'not in current round' }),
  ];

  it('calls a change a rise or fall only when it is significant, and the rest unchanged (within noise) or not testable', () => {
    expect(executiveSummary(compared(rows), translator('en'), 'en').comparison).toBe(
      'Compared with 2025: of 4 dimensions, 1 rose and 1 fell significantly (Welch\'s t-test, p < 0.05); 1 unchanged (within noise). ' +
        'Not testable: 1 of them (fewer than 2 respondents, or scores that do not vary). ' +
        'Largest rise: Training (+0.50; p = 0.003; d = +0.90). Largest fall: Tools (\u22120.40; p = 0.010; d = \u22120.70).',
    );
  });

  it('never names a larger change that is not significant as the largest rise', () => {
    const summary = executiveSummary(compared(rows), translator('en'), 'en').comparison as string;
    expect(summary).not.toContain('Culture');
    expect(executiveSummary(compared([rows[2]]), translator('en'), 'en').comparison).toBe('Compared with 2025: of 1 dimensions, 0 rose and 0 fell significantly (Welch\'s t-test, p < 0.05); 1 unchanged (within noise).');
  });

  it('says so in Indonesian by default', () => {
    expect(executiveSummary(compared(rows.slice(0, 3)), translator('id'), 'id').comparison).toBe(
      'Dibandingkan dengan 2025: dari 3 dimensi, 1 naik dan 1 turun secara signifikan (uji t Welch, p < 0,05); 1 tidak berubah (dalam batas galat). ' +
        'Kenaikan terbesar: Training (+0,50; p = 0,003; d = +0,90). Penurunan terbesar: Tools (\u22120,40; p = 0,010; d = \u22120,70).',
    );
  });
});

/**
 * Six respondents (r0–r5) on the default instrument (1–5, target 4); every item not in the table
 * is left unanswered, so its dimension has no figures and is in no list. LG-HR-06 is answered by
 * nobody. Respondent score = mean of the items answered in the dimension; 95 % interval as
 * R t.test(x)$conf.int, qt(0.975, 5) = 2.570582.
 *
 * | item       | r0 r1 r2 r3 r4 r5 | mean   | answers 1–2 |
 * |------------|-------------------|--------|-------------|
 * | LG-HR-01   |  1  1  2  1  2  1 | 1.3333 | 6/6 100.0 % |
 * | LG-HR-02   |  2  2  2  1  3  2 | 2.0000 | 5/6  83.3 % |
 * | LG-HR-03   |  2  3  2  2  3  2 | 2.3333 | 4/6  66.7 % |
 * | LG-HR-04   |  3  2  3  2  3  1 | 2.3333 | 3/6  50.0 % |  tie on mean: 03 disagrees more
 * | LG-HR-05   |  4  4  3  4  4  4 | 3.8333 | 0           |
 * | LG-HR-06   |  –  –  –  –  –  – | –      | –           |  absent: skipped
 * | IBP-SOP-01 |  3  3  3  3  3  3 | 3.0000 | 0           |  tie with 05: instrument order
 * | IBP-SOP-02 |  2  3  3  3  2  3 | 2.6667 | 2/6  33.3 % |
 * | IBP-SOP-03 |  3  3  2  3  3  3 | 2.8333 | 1/6  16.7 % |
 * | IBP-SOP-04 |  1  4  3  4  3  4 | 3.1667 | 1/6  16.7 % |
 * | IBP-SOP-05 |  3  3  3  3  3  3 | 3.0000 | 0           |
 * | LG-BUD-01  |  5  5  5  5  5  5 | 5.0000 | 0           |
 * | LG-BUD-02  |  4  5  4  5  4  5 | 4.5000 | 0           |
 * | LG-BUD-03  |  5  5  5  5  5  4 | 4.8333 | 0           |  tie with 05: instrument order
 * | LG-BUD-04  |  4  4  4  4  4  4 | 4.0000 | 0           |
 * | LG-BUD-05  |  5  4  5  5  5  5 | 4.8333 | 0           |
 * | FIN-ANG-01…03 | all 4          | 4.0000 | 0           |
 * | FIN-ANG-04 |  4  4  4  4  4  5 | 4.1667 | 0           |
 * | FIN-ANG-05 |  all 5            | 5.0000 | 0           |
 * | CUS-LAY-*  |  2  4  3  5  4  4 | 3.6667 | 1/6  16.7 % |  every item the same per respondent
 * | LG-TI-*    |  3  5  4  5  4  5 | 4.3333 | 0           |  every item the same per respondent
 *
 * Dimension scores and intervals:
 * - LG-HR   2.4 2.4 2.4 2.0 3.0 2.0 → mean 2.3667, [1.9816, 2.7518] < 4: below_target, gap −1.6333
 * - IBP-SOP 2.4 3.2 2.8 3.2 2.8 3.2 → mean 2.9333, [2.5906, 3.2761] < 4: below_target, gap −1.0667
 * - LG-BUD  4.6 4.6 4.6 4.8 4.6 4.6 → mean 4.6333, [4.5476, 4.7190] ≥ 4: at_or_above_target, gap +0.6333
 * - FIN-ANG 4.2 4.2 4.2 4.2 4.2 4.4 → mean 4.2333, [4.1476, 4.3190] ≥ 4: at_or_above_target, gap +0.2333
 * - CUS-LAY → mean 3.6667, [2.5828, 4.7505] contains 4: near_target although its gap is −0.3333
 * - LG-TI   → mean 4.3333, [3.4765, 5.1902] contains 4: near_target although its gap is +0.3333
 */
const TABLE: Record<string, number[]> = {
  'LG-HR-01': [1, 1, 2, 1, 2, 1],
  'LG-HR-02': [2, 2, 2, 1, 3, 2],
  'LG-HR-03': [2, 3, 2, 2, 3, 2],
  'LG-HR-04': [3, 2, 3, 2, 3, 1],
  'LG-HR-05': [4, 4, 3, 4, 4, 4],
  'IBP-SOP-01': [3, 3, 3, 3, 3, 3],
  'IBP-SOP-02': [2, 3, 3, 3, 2, 3],
  'IBP-SOP-03': [3, 3, 2, 3, 3, 3],
  'IBP-SOP-04': [1, 4, 3, 4, 3, 4],
  'IBP-SOP-05': [3, 3, 3, 3, 3, 3],
  'LG-BUD-01': [5, 5, 5, 5, 5, 5],
  'LG-BUD-02': [4, 5, 4, 5, 4, 5],
  'LG-BUD-03': [5, 5, 5, 5, 5, 4],
  'LG-BUD-04': [4, 4, 4, 4, 4, 4],
  'LG-BUD-05': [5, 4, 5, 5, 5, 5],
  'FIN-ANG-01': [4, 4, 4, 4, 4, 4],
  'FIN-ANG-02': [4, 4, 4, 4, 4, 4],
  'FIN-ANG-03': [4, 4, 4, 4, 4, 4],
  'FIN-ANG-04': [4, 4, 4, 4, 4, 5],
  'FIN-ANG-05': [5, 5, 5, 5, 5, 5],
};
const SAME_PER_RESPONDENT: Record<string, number[]> = { 'CUS-LAY': [2, 4, 3, 5, 4, 4], 'LG-TI': [3, 5, 4, 5, 4, 5] };

function expectClose(actual: number[], expected: number[]): void {
  expect(actual).toEqual(expected.map((value) => expect.closeTo(value, 9)));
}

function handTable(lang: 'id' | 'en'): RoundReport {
  const db = freshDb();
  roundWithResponses(
    db,
    Array.from({ length: 6 }, (_, r) => ({
      unit: 'Subdit A',
      grade: null,
      answer: (_index: number, code: string) => TABLE[code]?.[r] ?? SAME_PER_RESPONDENT[code.split('-').slice(0, 2).join('-')]?.[r] ?? 0,
    })),
  );
  return buildReport(db, 1, { lang, alphaMin: 0.6 });
}

describe('priorities and strengths by target status, with the statements that drive them', () => {
  it('makes priorities of the dimensions whose whole interval lies below the target, largest shortfall first', () => {
    const { priorities } = handTable('en').summary;
    expect(priorities.map((dimension) => [dimension.code, dimension.target_status])).toEqual([
      ['LG-HR', 'below_target'],
      ['IBP-SOP', 'below_target'],
    ]);
    expect(priorities[0].gap).toBeCloseTo(2.3666666667 - 4, 9);
    expect(priorities[0].ci95_low).toBeCloseTo(1.9816, 4);
    expect(priorities[0].ci95_high).toBeCloseTo(2.7518, 4);
    expect(priorities[1].gap).toBeCloseTo(2.9333333333 - 4, 9);
  });

  it('drives a priority by its three lowest-mean statements, the larger share who disagree first on a tie', () => {
    const [hr, sop] = handTable('en').summary.priorities;
    expect(hr.statements.map((statement) => statement.code)).toEqual(['LG-HR-01', 'LG-HR-02', 'LG-HR-03']);
    expectClose(hr.statements.map((statement) => statement.unfavorable_pct), [100, (5 / 6) * 100, (4 / 6) * 100]);
    expect(hr.statements[0]).toEqual({ code: 'LG-HR-01', text: 'I have the opportunity to take at least 20 hours (JP) of competence development each year.', n: 6, mean: expect.closeTo(8 / 6, 9), unfavorable_pct: 100 });
    expect(sop.statements.map((statement) => statement.code)).toEqual(['IBP-SOP-02', 'IBP-SOP-03', 'IBP-SOP-01']);
    expectClose(sop.statements.map((statement) => statement.unfavorable_pct), [(2 / 6) * 100, (1 / 6) * 100, 0]);
  });

  it('skips a statement nobody answered', () => {
    const result = handTable('en');
    expect(result.items.find((item) => item.code === 'LG-HR-06')?.mean).toBeNull();
    const codes = [...result.summary.priorities, ...result.summary.strengths].flatMap((dimension) => dimension.statements.map((statement) => statement.code));
    expect(codes).not.toContain('LG-HR-06');
  });

  it('makes strengths of the dimensions whose whole interval lies at or above the target, largest margin first, with two highest-mean statements', () => {
    const { strengths } = handTable('en').summary;
    expect(strengths.map((dimension) => [dimension.code, dimension.target_status])).toEqual([
      ['LG-BUD', 'at_or_above_target'],
      ['FIN-ANG', 'at_or_above_target'],
    ]);
    expect(strengths[0].gap).toBeCloseTo(4.6333333333 - 4, 9);
    expect(strengths[0].statements.map((statement) => statement.code)).toEqual(['LG-BUD-01', 'LG-BUD-03']);
    expect(strengths[1].statements.map((statement) => [statement.code, statement.mean])).toEqual([
      ['FIN-ANG-05', 5],
      ['FIN-ANG-04', expect.closeTo(25 / 6, 9)],
    ]);
  });

  it('names a dimension whose interval contains the target as close to target, whichever side its mean falls', () => {
    const result = handTable('id');
    expect(result.summary.near_target.map((dimension) => [dimension.code, dimension.target_status])).toEqual([
      ['CUS-LAY', 'near_target'],
      ['LG-TI', 'near_target'],
    ]);
    const summary = executiveSummary(result, translator('id'), 'id');
    const [layanan, teknologi] = result.summary.near_target.map((dimension) => dimension.name);
    expect(summary.nearTarget).toBe(`Mendekati target, belum dapat dibedakan: ${layanan} (3,67, gap \u22120,33) dan ${teknologi} (4,33, gap +0,33).`);
    expect(summary.priorityItems.join(' ')).not.toContain(layanan);
    expect(summary.strengthItems.join(' ')).not.toContain(teknologi);
  });

  it('words each driving statement with its full text, n and the share who disagree, in Indonesian', () => {
    const summary = executiveSummary(handTable('id'), translator('id'), 'id');
    expect(summary.priorityStatements[0]).toEqual([
      '“Saya mendapat kesempatan mengikuti pengembangan kompetensi paling sedikit 20 jam pelajaran (JP) setiap tahun.” (n = 6, rata-rata 1,33, 100,0% tidak setuju)',
      '“Diklat yang saya ikuti sesuai dengan kebutuhan pekerjaan saya.” (n = 6, rata-rata 2,00, 83,3% tidak setuju)',
      '“Saya dapat menerapkan hasil diklat dalam pekerjaan sehari-hari.” (n = 6, rata-rata 2,33, 66,7% tidak setuju)',
    ]);
    expect(summary.strengthStatements[0]).toHaveLength(2);
  });

  it('ranks a focus area dimension among the priorities only when it is below target, and says when it is close', () => {
    const summary = executiveSummary(handTable('en'), translator('en'), 'en');
    expect(summary.focus[0]).toContain('priority 1 of 2');
    expect(summary.focus[1]).toContain('close to target, not yet distinguishable');
    expect(summary.focus[2]).toContain('priority 2 of 2');
    expect(summary.focus[3]).toContain('at or above target (a strength; position on the scale:');
  });
});

describe('the reliability in one sentence (the summary page)', () => {
  it('counts the reliable dimensions and the items to review', () => {
    const result = report('en');
    const reliable = result.dimensions.filter((dimension) => dimension.reliable).length;
    const withAlpha = result.dimensions.filter((dimension) => dimension.alpha !== null).length;
    const line = executiveSummary(result, translator('en'), 'en').reliabilityLine as string;
    expect(line.startsWith(`${reliable} of ${withAlpha} dimensions reach Cronbach’s alpha ≥ 0.60`)).toBe(true);
    expect(line.endsWith('.')).toBe(true);
  });

  it('says it could not be computed when everybody gave the same answers, not that there are too few respondents', () => {
    const db = freshDb();
    roundWithResponses(db, Array.from({ length: 6 }, () => ({ unit: 'Subdit A', grade: null, answer: 4 })));
    const line = executiveSummary(buildReport(db, 1, { lang: 'en', alphaMin: 0.6 }), translator('en'), 'en').reliabilityLine;
    expect(line).toBe('Reliability and validity could not be computed: the answers do not vary enough.');
  });

  it('says there are too few respondents below three', () => {
    const db = freshDb();
    roundWithResponses(db, [{ unit: 'Subdit A', grade: null, answer: 4 }, { unit: 'Subdit A', grade: null, answer: 3 }]);
    const line = executiveSummary(buildReport(db, 1, { lang: 'en', alphaMin: 0.6 }), translator('en'), 'en').reliabilityLine;
    expect(line).toBe(translator('en')('report.summary.too_few_for_validity'));
  });
});
