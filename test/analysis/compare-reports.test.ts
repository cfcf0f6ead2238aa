import type { AnalysisLayout } from '../../src/analysis/layout';
import type { AnalysisReport } from '../../src/analysis/report';
import { compareReports } from '../../src/analysis/report';
import { buildReport } from './fixtures/build-report';
import { REFERENCE_ANSWERS, REFERENCE_LAYOUT } from './fixtures/reference-set';

// The "previous round" is the first 14 reference respondents, the "current round" all 28.
// R (setup in fixtures/reference-set.ts):
//   print(mean(score(HR)) - mean(score(HR[1:14, ])), digits = 17) = -0.13095238095238093
//   print(mean(score(LG)) - mean(score(LG[1:14, ])), digits = 17) = -0.21938775510204112
//   t.test(score(HR), score(HR[1:14, ]))  # t = -0.42153, df = 25.628, p-value = 0.6769
// The full p-value, 0.67688464123201564, is from the quadrature script quoted in
// two-sample.test.ts run on the same respondent scores (no R here); likewise Cohen's d with the
// pooled SD of sd(score(HR)) = 0.93606224261309423 (n 28) and sd(score(HR[1:14, ])) = 0.95553221781990128
// (n 14): −0.13095238095238093 / √((27·0.93606…² + 13·0.95553…²) / 40) = −0.13895123293567535.
const current = buildReport(REFERENCE_LAYOUT, REFERENCE_ANSWERS);
const previous = buildReport(REFERENCE_LAYOUT, REFERENCE_ANSWERS.slice(0, 14));

describe('compareReports', () => {
  it('gives per dimension the current mean minus the previous mean', () => {
    const comparison = compareReports(current, previous);
    expect(comparison.dimensions[0]).toMatchObject({ code: 'HR', change: expect.closeTo(-0.13095238095238093, 9), null_reason: null });
  });

  it('gives per perspective the current mean minus the previous mean', () => {
    const comparison = compareReports(current, previous);
    expect(comparison.perspectives[0]).toMatchObject({ code: 'LG', change: expect.closeTo(-0.21938775510204112, 9) });
  });

  it('keeps both means next to the change', () => {
    const row = compareReports(current, previous).dimensions[0];
    expect(row.current_mean).toBe(current.dimensions[0].mean);
    expect(row.previous_mean).toBe(previous.dimensions[0].mean);
  });

  it('gives a null change for a dimension the previous round did not have', () => {
    const earlierLayout: AnalysisLayout = {
      ...REFERENCE_LAYOUT,
      items: REFERENCE_LAYOUT.items.filter((item) => item.dimension !== 'CU'),
      dimensions: REFERENCE_LAYOUT.dimensions.filter((dimension) => dimension.code !== 'CU'),
    };
    const earlier = buildReport(earlierLayout, REFERENCE_ANSWERS.map((row) => row.slice(0, 10)));
    const culture = compareReports(current, earlier).dimensions.find((row) => row.code === 'CU');
    expect(culture).toMatchObject({ previous_mean: null, change: null, null_reason: 'not in previous round' });
  });

  it('lists a dimension only the previous round had last, with a null change', () => {
    const withRetired = { ...previous, dimensions: [...previous.dimensions, { ...previous.dimensions[0], code: 'OLD', name: 'Retired' }] };
    const rows = compareReports(current, withRetired).dimensions;
    expect(rows.map((row) => row.code)).toEqual(['HR', 'TE', 'SO', 'CU', 'OLD']);
    expect(rows[4]).toMatchObject({ name: 'Retired', current_mean: null, change: null, null_reason: 'not in current round' });
  });

  it('gives a null change when a round has no answers for the dimension', () => {
    const unanswered = REFERENCE_ANSWERS.map((row) => Uint8Array.from(row, (value, i) => (i < 4 ? 0 : value)));
    const row = compareReports(buildReport(REFERENCE_LAYOUT, unanswered), previous).dimensions[0];
    expect(row).toMatchObject({ current_mean: null, change: null, null_reason: 'no answers in current round' });
  });

  it('counts the respondents with a score in each round', () => {
    expect(compareReports(current, previous).dimensions[0]).toMatchObject({ current_n: 28, previous_n: 14 });
  });

  it('tests the change with Welch\'s t-test on the respondent scores, as R t.test(now, then)', () => {
    const row = compareReports(current, previous).dimensions[0];
    expect(Math.abs((row.p_value as number) / 0.67688464123201564 - 1)).toBeLessThan(1e-9);
    expect(row.cohens_d).toBeCloseTo(-0.13895123293567535, 9);
    expect(row).toMatchObject({ significant: false, direction: 'unchanged', test_null_reason: null });
  });
});

// One item in one dimension: a respondent's score is their answer.
const ONE_ITEM: AnalysisLayout = {
  scale: { min: 1, max: 5 },
  items: [{ code: 'Q1', dimension: 'D' }],
  dimensions: [{ code: 'D', perspective: 'P', focus: null, name: 'Dimension', target: 4 }],
  perspectives: [{ code: 'P', name: 'Perspective', target: 4 }],
};
const scores = (...values: number[]): AnalysisReport => buildReport(ONE_ITEM, values.map((value) => [value]));

describe('compareReports: rise, fall or unchanged', () => {
  // [3, 4, 5, 4, 4] against [2, 3, 3, 4, 2, 3]: the reference pair of two-sample.test.ts,
  // p = 0.027096458795740609 and d = 1.5920058915156969 there.
  it('calls a significant positive change a rise', () => {
    const row = compareReports(scores(3, 4, 5, 4, 4), scores(2, 3, 3, 4, 2, 3)).dimensions[0];
    expect(Math.abs((row.p_value as number) / 0.027096458795740609 - 1)).toBeLessThan(1e-9);
    expect(row.cohens_d).toBeCloseTo(1.5920058915156969, 12);
    expect(row).toMatchObject({ current_n: 5, previous_n: 6, significant: true, direction: 'rise' });
  });

  it('calls a significant negative change a fall', () => {
    const row = compareReports(scores(2, 3, 3, 4, 2, 3), scores(3, 4, 5, 4, 4)).dimensions[0];
    expect(row.cohens_d).toBeCloseTo(-1.5920058915156969, 12);
    expect(row).toMatchObject({ significant: true, direction: 'fall' });
  });

  it('calls a change with p ≥ 0.05 unchanged, however large it looks', () => {
    // [5, 2, 5] against [1, 4, 2]: change +1.67 and d = 1.02, but three scores per round that spread
    // apart are within noise: t = 1.25, df = 3.9385, p = 0.28042462029244564 by the script.
    const row = compareReports(scores(5, 2, 5), scores(1, 4, 2)).dimensions[0];
    expect(row.change).toBeCloseTo(5 / 3, 12);
    expect(Math.abs((row.p_value as number) / 0.28042462029244564 - 1)).toBeLessThan(1e-9);
    expect(row.cohens_d).toBeCloseTo(1.0206207261596574, 12);
    expect(row).toMatchObject({ significant: false, direction: 'unchanged', test_null_reason: null });
  });

  it('does the same per perspective', () => {
    expect(compareReports(scores(3, 4, 5, 4, 4), scores(2, 3, 3, 4, 2, 3)).perspectives[0]).toMatchObject({ code: 'P', direction: 'rise' });
  });
});

describe('compareReports: changes that cannot be tested', () => {
  const untested = { p_value: null, significant: null, cohens_d: null, direction: null };

  it('gives no test and no verdict when a round has fewer than 2 respondent scores', () => {
    expect(compareReports(scores(3, 4, 5), scores(2)).dimensions[0]).toMatchObject({ ...untested, change: 2, test_null_reason: 'fewer than 2 respondents in previous round' });
    expect(compareReports(scores(5), scores(2, 3)).dimensions[0]).toMatchObject({ ...untested, change: 2.5, test_null_reason: 'fewer than 2 respondents in current round' });
  });

  it('gives no test and no verdict when neither round varies, even though the means differ', () => {
    // Everyone 4 now, everyone 3 then: R's t.test stops with "data are essentially constant".
    const row = compareReports(scores(4, 4, 4), scores(3, 3, 3, 3)).dimensions[0];
    expect(row).toMatchObject({ ...untested, change: 1, null_reason: null, test_null_reason: 'no variance in either round' });
  });

  it('tests when only one round varies, as R does', () => {
    const row = compareReports(scores(4, 4, 4), scores(2, 3, 4)).dimensions[0];
    expect(Math.abs((row.p_value as number) / (1 - Math.sqrt(3 / 5)) - 1)).toBeLessThan(1e-9);
    expect(row.cohens_d).toBeCloseTo(Math.SQRT2, 12);
    expect(row.direction).toBe('unchanged');
  });

  it('repeats the change\'s null_reason as test_null_reason when there is no change', () => {
    const unanswered = REFERENCE_ANSWERS.map((row) => Uint8Array.from(row, (value, i) => (i < 4 ? 0 : value)));
    const row = compareReports(buildReport(REFERENCE_LAYOUT, unanswered), previous).dimensions[0];
    expect(row).toMatchObject({ ...untested, current_n: 0, previous_n: 14, test_null_reason: 'no answers in current round' });
  });

  it('gives a null n for a round that does not have the dimension', () => {
    const withRetired = { ...previous, dimensions: [...previous.dimensions, { ...previous.dimensions[0], code: 'OLD', name: 'Retired' }] };
    const retired = compareReports(current, withRetired).dimensions[4];
    expect(retired).toMatchObject({ ...untested, current_n: null, previous_n: 14, test_null_reason: 'not in current round' });
  });
});
