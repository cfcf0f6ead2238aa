import { cohensD, welchTest, type SampleSummary } from '../../src/analysis/two-sample';

/*
 * There is no R here, so every expected p-value is what R's t.test(a, b)$p.value gives, computed
 * by hand or by a method that shares nothing with the implementation (no t, gamma or beta
 * function). With x = √df·tan θ the t density is proportional to cos^(df − 1) θ on (−π/2, π/2), so
 *   p = P(|T_df| ≥ |t|) = ∫[θ₀, π/2] cos^(df−1) θ dθ / ∫[0, π/2] cos^(df−1) θ dθ,   θ₀ = atan(|t| / √df),
 * two integrals of a smooth function over a finite interval. The throwaway script (Node):
 *
 *   const mean = (x) => x.reduce((s, v) => s + v, 0) / x.length;
 *   const variance = (x) => { const m = mean(x); return x.reduce((s, v) => s + (v - m) ** 2, 0) / (x.length - 1); };
 *   function simpson(f, a, b, steps) {
 *     const h = (b - a) / steps;
 *     let sum = f(a) + f(b);
 *     for (let i = 1; i < steps; i += 1) sum += (i % 2 ? 4 : 2) * f(a + i * h);
 *     return (sum * h) / 3;
 *   }
 *   function welch(a, b) {
 *     const va = variance(a) / a.length, vb = variance(b) / b.length;
 *     const t = (mean(a) - mean(b)) / Math.sqrt(va + vb);
 *     const df = (va + vb) ** 2 / (va ** 2 / (a.length - 1) + vb ** 2 / (b.length - 1));
 *     const density = (theta) => Math.cos(theta) ** (df - 1);
 *     const p = simpson(density, Math.atan(Math.abs(t) / Math.sqrt(df)), Math.PI / 2, 2e6) / simpson(density, 0, Math.PI / 2, 2e6);
 *     return { t, df, p };
 *   }
 *   console.log(welch([3, 4, 5, 4, 4], [2, 3, 3, 4, 2, 3]).p.toPrecision(17));
 *
 * Its quadrature error is below 1e-12 relative on the cases here (a 30-digit evaluation of the
 * same integrals agrees to 12 digits), far inside the 1e-9 agreement with R that every statistic keeps.
 */

function summary(values: readonly number[]): SampleSummary {
  const n = values.length;
  const mean = values.reduce((sum, value) => sum + value, 0) / n;
  const sd = n < 2 ? null : Math.sqrt(values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (n - 1));
  return { n, mean, sd };
}

function expectRelativelyClose(actual: number | undefined, expected: number, tolerance = 1e-9): void {
  expect(actual).toBeDefined();
  expect(Math.abs((actual as number) / expected - 1)).toBeLessThan(tolerance);
}

// a = [3, 4, 5, 4, 4]:    n = 5, mean = 4,             SS = 2,    s² = 1/2,   s = 0.70710678118654752
// b = [2, 3, 3, 4, 2, 3]: n = 6, mean = 17/6 = 2.8333…, SS = 17/6, s² = 17/30, s = 0.75277265270908100
// s_a²/n_a = 1/10, s_b²/n_b = 17/180, sum 7/36, so SE = √7 / 6 and
//   t  = (4 − 17/6) / (√7/6) = √7 = 2.6457513110645906
//   df = (7/36)² / ((1/10)²/4 + (17/180)²/5) = (49/1296) / (347/81000) = 6125/694 = 8.8256484149855908
//   p  = 0.027096458795740609 by the script (R prints "t = 2.6458, df = 8.8256, p-value = 0.0271")
const A = [3, 4, 5, 4, 4];
const B = [2, 3, 3, 4, 2, 3];

describe('welchTest', () => {
  it('gives t and the Welch–Satterthwaite df of the reference pair, worked out by hand', () => {
    const { test } = welchTest(summary(A), summary(B));
    expect(test?.t).toBeCloseTo(Math.sqrt(7), 12);
    expect(test?.df).toBeCloseTo(6125 / 694, 12);
  });

  it('gives the p-value of R t.test(a, b) on the reference pair', () => {
    expectRelativelyClose(welchTest(summary(A), summary(B)).test?.p_value, 0.027096458795740609);
  });

  it('is two-sided: swapping the samples flips t and keeps p', () => {
    const forward = welchTest(summary(A), summary(B)).test;
    const backward = welchTest(summary(B), summary(A)).test;
    expect(backward?.t).toBeCloseTo(-(forward?.t as number), 12);
    expect(backward?.p_value).toBe(forward?.p_value);
  });

  it('gives R\'s p when the groups differ in size and spread (t = 3, df = 7 exactly)', () => {
    // a = 1..8: mean 4.5, s² = 6; b = [1, 2]: mean 1.5, s² = 1/2. s_a²/n_a = 3/4, s_b²/n_b = 1/4:
    // SE = 1, t = 3, df = 1 / ((3/4)²/7 + (1/4)²/1) = 7. For odd df the t distribution has a closed
    // form (θ = atan(t/√7)): P(|T| < t) = (2/π)(θ + sin θ (cos θ + (2/3) cos³ θ + (8/15) cos⁵ θ)),
    // so p = 0.019942126131992421; the script gives 0.019942126131988730 (R: p-value = 0.01994).
    const { test } = welchTest(summary([1, 2, 3, 4, 5, 6, 7, 8]), summary([1, 2]));
    expect(test?.t).toBeCloseTo(3, 12);
    expect(test?.df).toBeCloseTo(7, 12);
    expectRelativelyClose(test?.p_value, 0.019942126131992421);
  });

  it('keeps its relative accuracy for a small p', () => {
    // a: six 5s and four 4s, mean 4.6, s² = 4/15; b: two 4s and eight 3s, mean 3.2, s² = 8/45.
    // t = 6.6407830863535944, df = 17.307692307692307, p = 3.8063642208493097e-6 by the script
    // (R: p-value = 3.806e-06).
    const { test } = welchTest(summary([4, 5, 5, 4, 5, 4, 5, 5, 4, 5]), summary([3, 3, 4, 3, 3, 3, 4, 3, 3, 3]));
    expect(test?.df).toBeCloseTo(225 / 13, 10);
    expectRelativelyClose(test?.p_value, 3.8063642208493097e-6);
  });

  it('still tests when only one sample varies, as R does', () => {
    // a = [4, 4, 4], b = [2, 3, 4]: SE = √(1/3), t = √3, df = (1/3)² / ((1/3)²/2) = 2, and for df = 2
    // P(T ≤ t) = 1/2 + t / (2√(t² + 2)), so p = 1 − √(3/5) = 0.22540333075851660.
    const { test } = welchTest(summary([4, 4, 4]), summary([2, 3, 4]));
    expect(test?.df).toBeCloseTo(2, 12);
    expectRelativelyClose(test?.p_value, 1 - Math.sqrt(3 / 5));
  });

  it('gives no test when a sample has fewer than 2 values (R: "not enough observations")', () => {
    expect(welchTest(summary([4]), summary(B))).toEqual({ test: null, reason: 'fewer than 2 in a' });
    expect(welchTest(summary(A), summary([3]))).toEqual({ test: null, reason: 'fewer than 2 in b' });
    expect(welchTest({ n: 0, mean: null, sd: null }, summary(B)).reason).toBe('fewer than 2 in a');
  });

  it('gives no test when neither sample varies (R: "data are essentially constant"), even when the means differ', () => {
    expect(welchTest(summary([4, 4, 4]), summary([3, 3, 3, 3]))).toEqual({ test: null, reason: 'essentially constant' });
  });
});

describe('cohensD', () => {
  it('divides the difference of means by the pooled SD, worked out by hand', () => {
    // pooled s² = (4·(1/2) + 5·(17/30)) / 9 = (2 + 17/6) / 9 = 29/54, so
    // d = (7/6) / √(29/54) = (7/2)·√(6/29) = 1.5920058915156969
    expect(cohensD(summary(A), summary(B))).toBeCloseTo((7 / 2) * Math.sqrt(6 / 29), 12);
  });

  it('has the sign of the change', () => {
    expect(cohensD(summary(B), summary(A))).toBeCloseTo(-(7 / 2) * Math.sqrt(6 / 29), 12);
  });

  it('pools unequal spreads: a = [4, 4, 4], b = [2, 3, 4] gives d = 1 / √(2/4) = √2', () => {
    expect(cohensD(summary([4, 4, 4]), summary([2, 3, 4]))).toBeCloseTo(Math.SQRT2, 12);
  });

  it('is null with fewer than 2 values in a sample or no spread in either', () => {
    expect(cohensD(summary([4]), summary(B))).toBeNull();
    expect(cohensD(summary(A), summary([2]))).toBeNull();
    expect(cohensD(summary([4, 4]), summary([3, 3, 3]))).toBeNull();
  });
});
