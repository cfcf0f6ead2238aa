/**
 * Exact integer arithmetic for the final step of a statistic.
 *
 * Answers are small integers, so every running sum the accumulator keeps (Σx, Σx², Σxᵢxⱼ, and the
 * per-respondent sums bucketed by how many items were answered) is an exact integer. Finishing the
 * statistic in BigInt and rounding once means a mean of exactly 3.4 or 4.0 comes out as the double
 * nearest to 3.4 or 4.0, so gaps against a target and category boundaries are decided exactly
 * instead of by floating-point noise from summation order.
 */

export function toBigInt(value: number): bigint {
  if (!Number.isSafeInteger(value)) throw new RangeError(`running sum ${value} is not an exact integer`);
  return BigInt(value);
}

/** numerator / denominator rounded once to the nearest double (ties to even, as Number(bigint) does). */
export function divideRounded(numerator: bigint, denominator: bigint): number {
  if (denominator === 0n) throw new RangeError('division by zero');
  if (denominator < 0n) {
    numerator = -numerator;
    denominator = -denominator;
  }
  if (numerator === 0n) return 0;
  const negative = numerator < 0n;
  const magnitude = negative ? -numerator : numerator;
  // Keep at least 64 significant bits in the integer quotient; a sticky bit for a non-zero remainder
  // then lets Number() round the 53-bit result correctly.
  const shift = Math.max(0, bitLength(denominator) - bitLength(magnitude) + 64);
  const scaled = magnitude << BigInt(shift);
  let quotient = scaled / denominator;
  let exponent = shift;
  if (scaled % denominator !== 0n) {
    quotient = (quotient << 1n) | 1n;
    exponent += 1;
  }
  let result = Number(quotient);
  while (exponent > 0) {
    const step = Math.min(exponent, 1000);
    result /= 2 ** step;
    exponent -= step;
  }
  return negative ? -result : result;
}

export function leastCommonMultiple(values: Iterable<number>): bigint {
  let multiple = 1n;
  for (const value of values) {
    const v = BigInt(value);
    multiple = (multiple / greatestCommonDivisor(multiple, v)) * v;
  }
  return multiple;
}

function greatestCommonDivisor(a: bigint, b: bigint): bigint {
  while (b !== 0n) {
    [a, b] = [b, a % b];
  }
  return a;
}

function bitLength(value: bigint): number {
  return value.toString(2).length;
}
