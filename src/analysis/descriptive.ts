import { divideRounded, leastCommonMultiple, toBigInt } from './exact';

/** Statistics of one item from its counts per scale point (counts[offset + v] = answers with value v). */
export interface CountStatistics {
  n: number;
  mean: number | null;
  /** Sample SD (n − 1), as R sd(); null when n < 2. */
  sd: number | null;
  /** As R median(): the middle value, or the mean of the two middle values when n is even. */
  median: number | null;
}

export function statisticsFromCounts(counts: ArrayLike<number>, offset: number, scaleMax: number): CountStatistics {
  let n = 0n;
  let sum = 0n;
  let sumOfSquares = 0n;
  for (let value = 1; value <= scaleMax; value += 1) {
    const count = toBigInt(counts[offset + value]);
    const v = BigInt(value);
    n += count;
    sum += count * v;
    sumOfSquares += count * v * v;
  }
  if (n === 0n) return { n: 0, mean: null, sd: null, median: null };
  return {
    n: Number(n),
    mean: divideRounded(sum, n),
    sd: n < 2n ? null : Math.sqrt(divideRounded(n * sumOfSquares - sum * sum, n * (n - 1n))),
    median: medianFromCounts(counts, offset, scaleMax, Number(n)),
  };
}

function medianFromCounts(counts: ArrayLike<number>, offset: number, scaleMax: number, n: number): number {
  const lower = valueAtRank(counts, offset, scaleMax, Math.floor((n + 1) / 2));
  const upper = valueAtRank(counts, offset, scaleMax, Math.floor(n / 2) + 1);
  return (lower + upper) / 2;
}

/** The value at 1-based position `rank` of the sorted answers. */
function valueAtRank(counts: ArrayLike<number>, offset: number, scaleMax: number, rank: number): number {
  let seen = 0;
  for (let value = 1; value <= scaleMax; value += 1) {
    seen += counts[offset + value];
    if (seen >= rank) return value;
  }
  throw new RangeError(`rank ${rank} is beyond the ${seen} answers`);
}

/**
 * Respondent scores (mean of the items a respondent answered in a scope) are accumulated in
 * buckets by the number of items answered, j = 1..k: count[j] respondents, sum[j] = Σ of their
 * item sums, sumOfSquares[j] = Σ of their squared item sums. All three stay exact integers, and a
 * respondent's score is itemSum / j, so multiplying by L = lcm(j) makes every score an integer.
 */
export interface ScoreStatistics {
  n: number;
  mean: number | null;
  /** Sample SD (n − 1) of the respondent scores, as R sd(); null when n < 2. */
  sd: number | null;
}

export function statisticsFromScoreBuckets(
  count: ArrayLike<number>,
  sum: ArrayLike<number>,
  sumOfSquares: ArrayLike<number> | null,
  offset: number,
  itemCount: number,
): ScoreStatistics {
  const answeredCounts: number[] = [];
  for (let j = 1; j <= itemCount; j += 1) {
    if (count[offset + j] > 0) answeredCounts.push(j);
  }
  if (answeredCounts.length === 0) return { n: 0, mean: null, sd: null };

  const multiple = leastCommonMultiple(answeredCounts);
  let n = 0n;
  let scaledSum = 0n; // Σ score·L
  let scaledSumOfSquares = 0n; // Σ (score·L)²
  for (const j of answeredCounts) {
    const factor = multiple / BigInt(j);
    n += toBigInt(count[offset + j]);
    scaledSum += toBigInt(sum[offset + j]) * factor;
    if (sumOfSquares) scaledSumOfSquares += toBigInt(sumOfSquares[offset + j]) * factor * factor;
  }
  const mean = divideRounded(scaledSum, multiple * n);
  if (!sumOfSquares || n < 2n) return { n: Number(n), mean, sd: null };
  const variance = divideRounded(n * scaledSumOfSquares - scaledSum * scaledSum, n * (n - 1n) * multiple * multiple);
  return { n: Number(n), mean, sd: Math.sqrt(variance) };
}

/** count / total × 100, or null when there is nothing to take a share of. */
export function percentage(count: number, total: number): number | null {
  return total === 0 ? null : (count * 100) / total;
}
