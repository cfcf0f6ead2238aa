import tCdf from '@stdlib/stats-base-dists-t-cdf';

/** What a two-sample comparison needs of each sample: n, mean and sample SD (n − 1), as R sd(). */
export interface SampleSummary {
  n: number;
  mean: number | null;
  sd: number | null;
}

export interface WelchTest {
  /** (mean_a − mean_b) / √(s_a²/n_a + s_b²/n_b). */
  t: number;
  /** Welch–Satterthwaite degrees of freedom (not an integer in general). */
  df: number;
  /** Two-sided: 2·P(T_df ≤ −|t|). */
  p_value: number;
}

/**
 * Why there is no test, as R t.test(a, b) refuses one: 'fewer than 2 in a' / 'in b' ("not enough
 * observations"), 'essentially constant' (its standard error below 10·ε·max(|mean_a|, |mean_b|);
 * for Likert scores that happens only when neither sample varies at all).
 */
export type WelchNullReason = 'fewer than 2 in a' | 'fewer than 2 in b' | 'essentially constant';

export type WelchResult = { test: WelchTest; reason: null } | { test: null; reason: WelchNullReason };

/**
 * Welch's two-sample t-test (unequal variances) from each sample's n, mean and SD: the same
 * arithmetic, in the same order, as R t.test(a, b) (var.equal = FALSE, two-sided), so p_value
 * equals R's t.test(a, b)$p.value. The t distribution function is the regularized incomplete beta
 * function's, evaluated without the 1 − p cancellation for small p.
 */
export function welchTest(a: SampleSummary, b: SampleSummary): WelchResult {
  if (a.n < 2 || a.mean === null || a.sd === null) return { test: null, reason: 'fewer than 2 in a' };
  if (b.n < 2 || b.mean === null || b.sd === null) return { test: null, reason: 'fewer than 2 in b' };
  const standardErrorA = Math.sqrt((a.sd * a.sd) / a.n);
  const standardErrorB = Math.sqrt((b.sd * b.sd) / b.n);
  const standardError = Math.sqrt(standardErrorA ** 2 + standardErrorB ** 2);
  if (standardError === 0 || standardError < 10 * Number.EPSILON * Math.max(Math.abs(a.mean), Math.abs(b.mean))) {
    return { test: null, reason: 'essentially constant' };
  }
  const df = standardError ** 4 / (standardErrorA ** 4 / (a.n - 1) + standardErrorB ** 4 / (b.n - 1));
  const t = (a.mean - b.mean) / standardError;
  return { test: { t, df, p_value: 2 * tCdf(-Math.abs(t), df) }, reason: null };
}

/**
 * Cohen's d = (mean_a − mean_b) / pooled SD, pooled SD = √(((n_a − 1)s_a² + (n_b − 1)s_b²) / (n_a + n_b − 2)).
 * Null when either sample has fewer than 2 values or the pooled SD is 0 (no spread to measure against).
 */
export function cohensD(a: SampleSummary, b: SampleSummary): number | null {
  if (a.n < 2 || b.n < 2 || a.mean === null || b.mean === null || a.sd === null || b.sd === null) return null;
  const pooledSd = Math.sqrt(((a.n - 1) * a.sd * a.sd + (b.n - 1) * b.sd * b.sd) / (a.n + b.n - 2));
  return pooledSd === 0 ? null : (a.mean - b.mean) / pooledSd;
}
