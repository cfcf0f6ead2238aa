import { confidenceInterval95, targetStatus } from '../../src/analysis/report';

describe('confidenceInterval95', () => {
  it('equals t.test(x)$conf.int, computed by hand, for scores 3, 4, 5, 4, 4', () => {
    // By hand: mean 4, sd = √(2/4) = 0.7071067811865476, qt(0.975, 4) = 2.7764451051977987 (R),
    // half width = 2.7764451051977987 × 0.7071067811865476 / √5 = 0.877989033…, so the interval is
    // 3.122010967 … 4.877989033, what t.test(c(3, 4, 5, 4, 4))$conf.int prints rounded.
    const interval = confidenceInterval95(4, Math.sqrt(0.5), 5);
    const halfWidth = (2.7764451051977987 * Math.sqrt(0.5)) / Math.sqrt(5);
    expect(interval?.low).toBeCloseTo(4 - halfWidth, 9);
    expect(interval?.high).toBeCloseTo(4 + halfWidth, 9);
    expect(interval?.low).toBeCloseTo(3.122010967, 9);
    expect(interval?.high).toBeCloseTo(4.877989033, 9);
  });

  it('is null below two respondents or without an SD', () => {
    expect(confidenceInterval95(4, null, 1)).toBeNull();
    expect(confidenceInterval95(null, null, 0)).toBeNull();
  });
});

describe('targetStatus', () => {
  it('is below_target only when the whole interval lies under the target', () => {
    expect(targetStatus({ low: 3.1, high: 3.99 }, 4)).toBe('below_target');
    expect(targetStatus({ low: 3.1, high: 4 }, 4)).toBe('near_target');
    expect(targetStatus({ low: 4, high: 4.8 }, 4)).toBe('at_or_above_target');
    expect(targetStatus({ low: 3.99, high: 4.8 }, 4)).toBe('near_target');
  });
});
