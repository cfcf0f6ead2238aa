/**
 * The sample a satisfaction survey needs (Krejcie & Morgan 1970, as PermenPANRB 14/2017 uses it):
 * S = χ² N P (1 − P) / (d² (N − 1) + χ² P (1 − P)) with χ² = 3.841, P = 0.5, d = 0.05, rounded up.
 * Computed in integers (every constant scaled by 10⁶): N = 100 → 80, 1,000 → 278, 10,000 → 370.
 */
export function krejcieMorgan(population: number): number {
  if (!Number.isInteger(population) || population < 1) throw new RangeError('the population is a whole number of at least 1');
  const n = BigInt(population);
  // χ² P (1 − P) = 3.841 × 0.25 = 0.96025 → 960250; d² = 0.0025 → 2500.
  const numerator = 960250n * n;
  const denominator = 2500n * (n - 1n) + 960250n;
  return Number((numerator + denominator - 1n) / denominator);
}
