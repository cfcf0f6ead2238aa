import { achievementPct, consolidate, effectiveWeights, indexPct, statusOf, weightedMean, weightsProblem, DEFAULT_THRESHOLDS } from '../../src/monitoring/achievement';

// Every expected value below is worked out by hand from the BRIEF's formulas (the arithmetic is in the comment beside it).
const maximize = (target: number) => ({ polarity: 'maximize' as const, target, lower_bound: null, upper_bound: null });
const minimize = (target: number) => ({ polarity: 'minimize' as const, target, lower_bound: null, upper_bound: null });
const range = (lower: number, upper: number) => ({ polarity: 'range' as const, target: null, lower_bound: lower, upper_bound: upper });

describe('achievement', () => {
  test('higher is better: R / T × 100 on both sides of the target', () => {
    expect(achievementPct(15, maximize(20))).toBeCloseTo(75, 12); // 15 / 20 = 0.75
    expect(achievementPct(25, maximize(20))).toBeCloseTo(125, 12); // 25 / 20 = 1.25
    expect(achievementPct(20, maximize(20))).toBe(100);
  });

  test('lower is better: (1 + (1 − R / T)) × 100 on both sides of the target', () => {
    expect(achievementPct(8, minimize(10))).toBeCloseTo(120, 12); // 1 + (1 − 0.8) = 1.2
    expect(achievementPct(13, minimize(10))).toBeCloseTo(70, 12); // 1 + (1 − 1.3) = 0.7
    expect(achievementPct(25, minimize(10))).toBeCloseTo(-50, 12); // 1 + (1 − 2.5) = −0.5: the index floors it
  });

  test('range: 100 inside, R / upper above, R / lower below', () => {
    expect(achievementPct(90, range(85, 95))).toBe(100);
    expect(achievementPct(85, range(85, 95))).toBe(100); // the bounds are inside
    expect(achievementPct(95, range(85, 95))).toBe(100);
    expect(achievementPct(99, range(85, 95))).toBeCloseTo((99 / 95) * 100, 12); // 104.2105…
    expect(achievementPct(68, range(85, 95))).toBeCloseTo(80, 12); // 68 / 85 = 0.8
  });

  test('no realisation or a target that cannot be divided by gives no achievement (never a made-up 0)', () => {
    expect(achievementPct(null, maximize(20))).toBeNull();
    expect(achievementPct(5, maximize(0))).toBeNull();
    expect(achievementPct(5, { polarity: 'maximize', target: null, lower_bound: null, upper_bound: null })).toBeNull();
    expect(achievementPct(5, { polarity: 'range', target: null, lower_bound: null, upper_bound: 9 })).toBeNull();
  });

  test('the index caps at the setting and floors at 0', () => {
    expect(indexPct(125, 120)).toBe(120);
    expect(indexPct(125, 110)).toBe(110);
    expect(indexPct(-50, 120)).toBe(0);
    expect(indexPct(97.5, 120)).toBe(97.5);
    expect(indexPct(null, 120)).toBeNull();
  });

  test('status: red below 80, yellow 80 to below 100, green from 100; thresholds are settings', () => {
    expect(statusOf(79.99, DEFAULT_THRESHOLDS)).toBe('red');
    expect(statusOf(80, DEFAULT_THRESHOLDS)).toBe('yellow');
    expect(statusOf(99.99, DEFAULT_THRESHOLDS)).toBe('yellow');
    expect(statusOf(100, DEFAULT_THRESHOLDS)).toBe('green');
    expect(statusOf(null, DEFAULT_THRESHOLDS)).toBeNull();
    expect(statusOf(85, { index_cap: 120, red_below: 90, green_from: 95 })).toBe('red');
  });
});

describe('consolidation of the periods to date', () => {
  // Quarters: TW I 10, TW II missing, TW III 30.
  const values = [10, null, 30];
  test('sum adds the known periods', () => expect(consolidate(values, 'sum')).toBe(40));
  test('average is the mean of the known periods', () => expect(consolidate(values, 'average')).toBe(20)); // (10 + 30) / 2
  test('last takes the last known period', () => expect(consolidate([10, 30, null], 'last')).toBe(30));
  test('nothing known, nothing consolidated', () => expect(consolidate([null, null], 'sum')).toBeNull());
});

describe('weighted roll-up', () => {
  test('weighted mean Σ w·x / Σ w', () => {
    // 60 × 100 + 40 × 75 = 9000; / 100 = 90.
    expect(weightedMean([{ value: 100, weight: 60 }, { value: 75, weight: 40 }]).value).toBeCloseTo(90, 12);
  });

  test('equal weights when none is set', () => {
    // (120 + 80 + 70) / 3 = 90.
    expect(weightedMean([{ value: 120, weight: null }, { value: 80, weight: null }, { value: 70, weight: null }]).value).toBeCloseTo(90, 12);
    expect(effectiveWeights([null, null, null, null])).toEqual([25, 25, 25, 25]);
  });

  test('an item without a value is left out and the others count in proportion, not as 0', () => {
    // Weights 50/30/20, values 100, none, 60: (50 × 100 + 20 × 60) / (50 + 20) = 6200 / 70 = 88.571428…
    const mean = weightedMean([{ value: 100, weight: 50 }, { value: null, weight: 30 }, { value: 60, weight: 20 }]);
    expect(mean.value).toBeCloseTo(6200 / 70, 12);
    expect(mean.measured).toBe(2);
    expect(mean.weight_covered).toBe(70);
    expect(weightedMean([{ value: null, weight: null }]).value).toBeNull();
  });

  test('a level whose weights are partly set or do not sum to 100 is flagged', () => {
    expect(weightsProblem([null, null])).toBeNull();
    expect(weightsProblem([60, 40])).toBeNull();
    expect(weightsProblem([60, null])).toBe('partial');
    expect(weightsProblem([60, 30])).toBe('sum');
    expect(weightsProblem([33.33, 33.33, 33.34])).toBeNull();
  });
});

describe('figures that are not numbers', () => {
  test('an infinite or NaN figure has no achievement, index or status (not green)', () => {
    expect(achievementPct(Infinity, maximize(Infinity))).toBeNull();
    expect(achievementPct(5, maximize(Infinity))).toBeNull();
    expect(indexPct(Number.NaN, 120)).toBeNull();
    expect(statusOf(Number.NaN, DEFAULT_THRESHOLDS)).toBeNull();
  });
});
