import type { AnalysisLayout } from '../../src/analysis/layout';
import { buildReport, byCode } from './fixtures/build-report';
import { REFERENCE_ANSWERS, REFERENCE_LAYOUT } from './fixtures/reference-set';
import { SMALL_LAYOUT, SMALL_ROWS } from './fixtures/small-table';

// R setup (x, HR … CU, LG, IP, score()): see fixtures/reference-set.ts.
const report = buildReport(REFERENCE_LAYOUT, REFERENCE_ANSWERS);

const ONE_ITEM: AnalysisLayout = {
  scale: { min: 1, max: 5 },
  items: [{ code: 'A', dimension: 'D' }],
  dimensions: [{ code: 'D', perspective: 'P', focus: null, name: 'D', target: 4 }],
  perspectives: [{ code: 'P', name: 'P', target: 4 }],
};

describe('dimension and perspective scores', () => {
  it('dimension mean is the mean of respondent scores (each the mean of the items that respondent answered)', () => {
    // print(sapply(list(HR, TE, SO, CU), function(m) mean(score(m))), digits = 17)
    expect(byCode(report.dimensions, 'HR').mean).toBeCloseTo(2.3988095238095237, 9);
    expect(byCode(report.dimensions, 'TE').mean).toBeCloseTo(3.0892857142857144, 9);
    expect(byCode(report.dimensions, 'SO').mean).toBeCloseTo(2.7321428571428572, 9);
    expect(byCode(report.dimensions, 'CU').mean).toBeCloseTo(3.9702380952380953, 9);
  });

  it('dimension sd is R sd() of the respondent scores', () => {
    // print(sapply(list(HR, TE, SO, CU), function(m) sd(score(m))), digits = 17)
    expect(byCode(report.dimensions, 'HR').sd).toBeCloseTo(0.93606224261309434, 9);
    expect(byCode(report.dimensions, 'TE').sd).toBeCloseTo(0.97971414204224783, 9);
    expect(byCode(report.dimensions, 'SO').sd).toBeCloseTo(0.82444554970761197, 9);
    expect(byCode(report.dimensions, 'CU').sd).toBeCloseTo(0.6667493334989848, 9);
  });

  it('perspective mean and sd are over respondent scores on all items of the perspective', () => {
    // print(c(mean(score(LG)), sd(score(LG)), mean(score(IP)), sd(score(IP))), digits = 17)
    expect(byCode(report.perspectives, 'LG').mean).toBeCloseTo(2.6921768707482991, 9);
    expect(byCode(report.perspectives, 'LG').sd).toBeCloseTo(0.72883272082051287, 9);
    expect(byCode(report.perspectives, 'IP').mean).toBeCloseTo(3.3511904761904763, 9);
    expect(byCode(report.perspectives, 'IP').sd).toBeCloseTo(0.49834971630505481, 9);
  });

  it('a respondent who answered no item of a dimension is left out of its n, mean and sd', () => {
    // D <- c(4, NA, 5, NA, 3, 1); E <- c(5, 4, NA, NA, NA, 2); s <- score(cbind(D, E))
    // print(c(length(s), mean(s), sd(s)), digits = 17) = 5 3.6000000000000001 1.3874436925511608
    const z = byCode(buildReport(SMALL_LAYOUT, SMALL_ROWS).dimensions, 'Z');
    expect(z.n).toBe(5);
    expect(z.mean).toBeCloseTo(3.6000000000000001, 9);
    expect(z.sd).toBeCloseTo(1.3874436925511608, 9);
  });

  it('dimension favorable_pct is the share of favourable answers among all answers given to its items', () => {
    // v <- na.omit(as.vector(HR)); print(mean(v >= 4) * 100, digits = 17), likewise for CU and LG
    expect(byCode(report.dimensions, 'HR').favorable_pct).toBeCloseTo(13.761467889908257, 9);
    expect(byCode(report.dimensions, 'CU').favorable_pct).toBeCloseTo(71.084337349397586, 9);
    expect(byCode(report.perspectives, 'LG').favorable_pct).toBeCloseTo(22.513089005235599, 9);
  });

  it('gap is mean − target, negative below target', () => {
    // mean(score(HR)) - 4; mean(score(CU)) - 3.75
    expect(byCode(report.dimensions, 'HR').gap).toBeCloseTo(2.3988095238095237 - 4, 9);
    expect(byCode(report.dimensions, 'CU').gap).toBeCloseTo(3.9702380952380953 - 3.75, 9);
  });

  it('achievement_pct (capaian, as SAKIP) is mean / target × 100', () => {
    // TE's target is 4: print(mean(score(TE)) / 4 * 100, digits = 17)
    expect(byCode(report.dimensions, 'TE').achievement_pct).toBeCloseTo(77.232142857142861, 9);
  });

  it('scale_pct is mean / scale max × 100', () => {
    // print(mean(score(TE)) / 5 * 100, digits = 17)
    expect(byCode(report.dimensions, 'TE').scale_pct).toBeCloseTo(61.785714285714292, 9);
  });

  it('achievement_pct and scale_pct by hand: mean 3.58 against a target of 4 on a 1–5 scale', () => {
    // 29 answers of 4 and 21 of 3: mean = (29·4 + 21·3) / 50 = 179 / 50 = 3.58
    // achievement = 3.58 / 4 × 100 = 89.5; scale_pct = 3.58 / 5 × 100 = 71.6
    const answers = [...new Array<number[]>(29).fill([4]), ...new Array<number[]>(21).fill([3])];
    const dimension = buildReport(ONE_ITEM, answers).dimensions[0];
    expect(dimension.mean).toBeCloseTo(3.58, 12);
    expect(dimension.achievement_pct).toBeCloseTo(89.5, 9);
    expect(dimension.scale_pct).toBeCloseTo(71.6, 9);
  });

  it('achievement_pct is null with reason "target is 0" when the target is 0; scale_pct is still given', () => {
    // Rounds keep targets on the scale; the analysis is pure and does not rely on that.
    const zeroTarget: AnalysisLayout = { ...ONE_ITEM, dimensions: [{ ...ONE_ITEM.dimensions[0], target: 0 }] };
    // mean = (2 + 3) / 2 = 2.5; scale_pct = 2.5 / 5 × 100 = 50
    const dimension = buildReport(zeroTarget, [[2], [3]]).dimensions[0];
    expect(dimension.achievement_pct).toBeNull();
    expect(dimension.null_reasons.achievement_pct).toBe('target is 0');
    expect(dimension.scale_pct).toBeCloseTo(50, 9);
  });

  it('category follows the mean: HR 2.40 is low, TE 3.09 medium, CU 3.97 high', () => {
    expect(report.dimensions.map((dimension) => dimension.category)).toEqual(['low', 'medium', 'medium', 'high']);
  });

  it('n is the number of respondents with a score', () => {
    expect(report.dimensions.map((dimension) => dimension.n)).toEqual([28, 28, 28, 28]);
    expect(report.n).toBe(28);
  });
});
