import { Fraction } from './fraction';

/**
 * The satisfaction index of PermenPANRB 14/2017: NRR per element = the mean of its answers (1–4);
 * IKM = 25 × Σ (NRR × weight), weights exactly 1/n by default (n elements) or the unit's own,
 * summing to 1. Everything is exact until it is shown; the grade is judged on the index rounded to
 * two decimals, as published.
 */

export const SKM_GRADES = ['A', 'B', 'C', 'D'] as const;
export type SkmGrade = (typeof SKM_GRADES)[number];

/** A (88.31–100) Sangat Baik, B (76.61–88.30) Baik, C (65.00–76.60) Kurang Baik, D (25.00–64.99) Tidak Baik. */
export function skmGrade(rounded: number): SkmGrade {
  // Compared in hundredths, as integers: 88.31 is 8831.
  const hundredths = Math.round(rounded * 100);
  if (hundredths >= 8831) return 'A';
  if (hundredths >= 7661) return 'B';
  if (hundredths >= 6500) return 'C';
  return 'D';
}

export interface ElementTally {
  key: string;
  /** Answers 1–4 counted: counts[0] is the number of 1s. */
  counts: readonly [number, number, number, number];
}

export function tallyN(tally: ElementTally): number {
  return tally.counts.reduce((sum, count) => sum + count, 0);
}

/** NRR as a fraction (sum ÷ n); null without answers. */
export function nrrFraction(tally: ElementTally): Fraction | null {
  const n = tallyN(tally);
  if (n === 0) return null;
  const sum = tally.counts.reduce((total, count, index) => total + count * (index + 1), 0);
  return new Fraction(BigInt(sum), BigInt(n));
}

/** 1/n for each of n element keys. */
export function equalWeights(keys: readonly string[]): Map<string, Fraction> {
  return new Map(keys.map((key) => [key, new Fraction(1n, BigInt(keys.length))]));
}

/** The sum of the weights, exactly; the caller refuses weights that do not sum to 1. */
export function weightSum(weights: ReadonlyMap<string, Fraction>): Fraction {
  let sum = Fraction.of(0);
  for (const weight of weights.values()) sum = sum.plus(weight);
  return sum;
}

export interface IndexResult {
  /** Full precision (double nearest the exact fraction). */
  ikm: number;
  ikm_rounded: number;
  grade: SkmGrade;
  /** The exact index as "num/den", for whoever checks it by hand. */
  ikm_exact: string;
}

/**
 * The index from the element tallies and their weights; null when an element has no answer (the
 * index weighs every element, so it cannot be computed without one).
 */
export function satisfactionIndex(tallies: readonly ElementTally[], weights: ReadonlyMap<string, Fraction>): IndexResult | null {
  let total = Fraction.of(0);
  for (const tally of tallies) {
    const nrr = nrrFraction(tally);
    const weight = weights.get(tally.key);
    if (nrr === null || weight === undefined) return null;
    total = total.plus(nrr.times(weight));
  }
  const ikm = total.times(Fraction.of(25));
  const rounded = ikm.round(2);
  return { ikm: ikm.toNumber(), ikm_rounded: rounded, grade: skmGrade(rounded), ikm_exact: ikm.toString() };
}
