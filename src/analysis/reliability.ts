import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import { divideRounded, toBigInt } from './exact';

export type ReliabilityNullReason = 'one item' | 'fewer than 3 complete cases' | 'zero variance';

export interface Reliability {
  /** Respondents who answered every item of the scope (listwise complete cases, as na.omit(x)). */
  completeCases: number;
  /** Raw Cronbach alpha, as psych::alpha(na.omit(x))$total$raw_alpha. */
  alpha: number | null;
  alphaReason: ReliabilityNullReason | null;
  /** Corrected item–total r per item of the scope, as psych::alpha(na.omit(x))$item.stats$r.drop. */
  itemTotal: { r: number | null; reason: ReliabilityNullReason | null }[];
}

/** Length of the cross-product block the accumulator keeps for a scope of k items. */
export function crossProductSize(k: number): number {
  return 1 + k + (k * (k + 1)) / 2;
}

/**
 * The block at cross[offset] holds, over complete cases only: the case count, Σxᵢ for each item,
 * then Σxᵢxⱼ for i ≤ j row by row. These are exact integers, so the covariance matrix is known
 * exactly up to the common factor n(n − 1): Mᵢⱼ = n·Σxᵢxⱼ − Σxᵢ·Σxⱼ. Alpha and r.drop are
 * ratios of sums of C = M / (n(n − 1)), so the factor cancels.
 */
export function reliabilityFromCrossProducts(cross: ArrayLike<number>, offset: number, k: number): Reliability {
  const completeCases = cross[offset];
  if (k === 1) {
    return { completeCases, alpha: null, alphaReason: 'one item', itemTotal: [{ r: null, reason: 'one item' }] };
  }
  if (completeCases < 3) {
    const reason = 'fewer than 3 complete cases';
    return { completeCases, alpha: null, alphaReason: reason, itemTotal: Array.from({ length: k }, () => ({ r: null, reason })) };
  }

  const n = toBigInt(completeCases);
  const sums: bigint[] = [];
  for (let i = 0; i < k; i += 1) sums.push(toBigInt(cross[offset + 1 + i]));
  const covariance: bigint[][] = Array.from({ length: k }, () => new Array<bigint>(k).fill(0n));
  let position = offset + 1 + k;
  for (let i = 0; i < k; i += 1) {
    for (let j = i; j < k; j += 1) {
      const scaled = n * toBigInt(cross[position]) - sums[i] * sums[j];
      covariance[i][j] = scaled;
      covariance[j][i] = scaled;
      position += 1;
    }
  }

  let total = 0n; // sum(C): variance of the total score
  let trace = 0n; // tr(C): sum of the item variances
  const rowSums: bigint[] = [];
  for (let i = 0; i < k; i += 1) {
    let rowSum = 0n;
    for (let j = 0; j < k; j += 1) rowSum += covariance[i][j];
    rowSums.push(rowSum);
    total += rowSum;
    trace += covariance[i][i];
  }

  const alpha = total === 0n ? null : divideRounded(BigInt(k) * (total - trace), BigInt(k - 1) * total);

  const itemTotal = covariance.map((row, i) => {
    const itemVariance = row[i];
    const restVariance = total - 2n * rowSums[i] + itemVariance; // sum(C[-i, -i])
    const covarianceWithRest = rowSums[i] - itemVariance; // sum(C[, i]) - C[i, i]
    if (itemVariance === 0n || restVariance === 0n) return { r: null, reason: 'zero variance' as const };
    return { r: Number(covarianceWithRest) / Math.sqrt(Number(itemVariance)) / Math.sqrt(Number(restVariance)), reason: null };
  });

  return { completeCases, alpha, alphaReason: alpha === null ? 'zero variance' : null, itemTotal };
}

/**
 * Critical value of Pearson r for a two-tailed test at α = 0.05: t / √(df + t²) with
 * t = qt(0.975, df), df = n − 2. Null when df < 1 (fewer than 3 respondents).
 */
export function criticalR(n: number): number | null {
  const df = n - 2;
  if (df < 1) return null;
  const t = tQuantile(0.975, df);
  return t / Math.sqrt(df + t * t);
}
