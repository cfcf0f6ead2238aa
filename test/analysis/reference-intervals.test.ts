import { buildReport, byCode } from './fixtures/build-report';
import { REFERENCE_ANSWERS, REFERENCE_LAYOUT } from './fixtures/reference-set';
import type { AnalysisLayout } from '../../src/analysis/layout';

// The 95 % interval of every dimension and perspective of the 28-respondent reference set, as
//   R (setup in fixtures/reference-set.ts): t.test(score(HR))$conf.int, … t.test(score(IP))$conf.int
// Values computed with SciPy's stats.t.interval(0.95, n − 1, mean, sd / √n) on the same respondent
// scores (the definition of t.test's interval; R was not at hand), printed with repr().
const EXPECTED: Record<string, [number, number]> = {
  HR: [2.035842477986594, 2.7617765696324543],
  TE: [2.709392228895978, 3.469179199675451],
  SO: [2.4124562465774506, 3.0518294677082647],
  CU: [3.7116996937649738, 4.228776496711216],
  LG: [2.409565044811576, 2.9747886966850214],
  IP: [3.1579506294373507, 3.544430322943601],
};

describe('the 95 % confidence interval on the reference set', () => {
  const report = buildReport(REFERENCE_LAYOUT, REFERENCE_ANSWERS);

  it.each(Object.keys(EXPECTED))('equals t.test(score(%s))$conf.int to 1e-9', (code) => {
    const row = report.dimensions.find((entry) => entry.code === code) ?? byCode(report.perspectives, code);
    expect(row.n).toBe(28);
    expect(row.ci95_low).toBeCloseTo(EXPECTED[code][0], 9);
    expect(row.ci95_high).toBeCloseTo(EXPECTED[code][1], 9);
  });

  it('gives each its target status from where the interval lies', () => {
    // HR 2.04–2.76, TE 2.71–3.47 and LG 2.41–2.97 lie under their target of 4, SO 2.41–3.05 under 3.5;
    // CU 3.71–4.23 contains its target 3.75 and IP 3.16–3.54 contains 3.5.
    const status = Object.fromEntries([...report.dimensions, ...report.perspectives].map((row) => [row.code, row.target_status]));
    expect(status).toEqual({ HR: 'below_target', TE: 'below_target', SO: 'below_target', CU: 'near_target', LG: 'below_target', IP: 'near_target' });
  });
});

describe('the 95 % confidence interval at the edges', () => {
  const ONE_ITEM: AnalysisLayout = {
    scale: { min: 1, max: 5 },
    items: [{ code: 'Q1', dimension: 'D' }],
    dimensions: [{ code: 'D', perspective: 'P', focus: null, name: 'Dimension', target: 4 }],
    perspectives: [{ code: 'P', name: 'Perspective', target: 4 }],
  };

  it('is mean ∓ qt(0.975, 1) · sd / √2 for two respondents (t.test(c(3, 5))$conf.int = −8.706205, 16.706205)', () => {
    // By hand: mean 4, sd √2, qt(0.975, 1) = 12.706204736174707: half width 12.706204736174707 · √2 / √2.
    const row = buildReport(ONE_ITEM, [[3], [5]]).dimensions[0];
    expect(row.ci95_low).toBeCloseTo(4 - 12.706204736174707, 9);
    expect(row.ci95_high).toBeCloseTo(4 + 12.706204736174707, 9);
    // So wide that it says nothing: it contains the target.
    expect(row.target_status).toBe('near_target');
  });

  it('is null for one respondent, with no target status', () => {
    const row = buildReport(ONE_ITEM, [[3]]).dimensions[0];
    expect(row).toMatchObject({ n: 1, ci95_low: null, ci95_high: null, target_status: null });
  });

  it('shrinks to the mean when every score is the same (sd = 0; R\'s t.test refuses constant data)', () => {
    const below = buildReport(ONE_ITEM, [[3], [3], [3]]).dimensions[0];
    expect(below).toMatchObject({ mean: 3, sd: 0, ci95_low: 3, ci95_high: 3, target_status: 'below_target' });
    const on = buildReport(ONE_ITEM, [[4], [4], [4]]).dimensions[0];
    expect(on).toMatchObject({ ci95_low: 4, ci95_high: 4, target_status: 'at_or_above_target' });
  });
});
