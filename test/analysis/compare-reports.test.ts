import type { AnalysisLayout } from '../../src/analysis/layout';
import { compareReports } from '../../src/analysis/report';
import { buildReport } from './fixtures/build-report';
import { REFERENCE_ANSWERS, REFERENCE_LAYOUT } from './fixtures/reference-set';

// The "previous round" is the first 14 reference respondents, the "current round" all 28.
// R (setup in fixtures/reference-set.ts):
//   print(mean(score(HR)) - mean(score(HR[1:14, ])), digits = 17) = -0.13095238095238093
//   print(mean(score(LG)) - mean(score(LG[1:14, ])), digits = 17) = -0.21938775510204112
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
});
