/**
 * Achievement of an indicator against its target, its index and status, and the weighted roll-up
 * indicator → objective → perspective → organisation (NKO). The formulas are those of the BRIEF's
 * performance-management table (PermenPANRB performance measurement; KKP/Kemenkeu BSC practice):
 *
 * - maximize (higher is better): R / T × 100
 * - minimize (lower is better):  (1 + (1 − R / T)) × 100
 * - range [lower, upper]:         100 inside; R / upper × 100 above; R / lower × 100 below
 * - index = achievement capped at the plan's cap (default 120) and floored at 0
 * - status on the index: red below `red_below` (80), yellow up to `green_from` (100), green from it
 *
 * Nothing is made up: no realisation, no achievement; a target of 0 has no ratio.
 */

export const POLARITIES = ['maximize', 'minimize', 'range'] as const;
export type Polarity = (typeof POLARITIES)[number];
export const CONSOLIDATIONS = ['sum', 'average', 'last'] as const;
export type Consolidation = (typeof CONSOLIDATIONS)[number];
export type Status = 'red' | 'yellow' | 'green';

export interface Thresholds {
  index_cap: number;
  red_below: number;
  green_from: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = { index_cap: 120, red_below: 80, green_from: 100 };

export interface Target {
  polarity: Polarity;
  /** The target value (maximize, minimize). */
  target: number | null;
  lower_bound: number | null;
  upper_bound: number | null;
}

export function achievementPct(realisation: number | null, target: Target): number | null {
  const value = ratioPct(realisation, target);
  return value === null || !Number.isFinite(value) ? null : value;
}

function ratioPct(realisation: number | null, target: Target): number | null {
  if (realisation === null || !Number.isFinite(realisation)) return null;
  if (target.polarity === 'range') {
    const { lower_bound: lower, upper_bound: upper } = target;
    if (lower === null || upper === null) return null;
    if (realisation >= lower && realisation <= upper) return 100;
    if (realisation > upper) return upper === 0 ? null : (realisation / upper) * 100;
    return lower === 0 ? null : (realisation / lower) * 100;
  }
  if (target.target === null || target.target === 0 || !Number.isFinite(target.target)) return null;
  const ratio = realisation / target.target;
  return target.polarity === 'maximize' ? ratio * 100 : (1 + (1 - ratio)) * 100;
}

export function indexPct(achievement: number | null, cap: number): number | null {
  return achievement === null || !Number.isFinite(achievement) ? null : Math.min(cap, Math.max(0, achievement));
}

export function statusOf(value: number | null, thresholds: Thresholds): Status | null {
  if (value === null || !Number.isFinite(value)) return null;
  if (value < thresholds.red_below) return 'red';
  if (value < thresholds.green_from) return 'yellow';
  return 'green';
}

/** Year-to-date of the periods' values in period order: sum or mean of the known values, or the last known one. */
export function consolidate(values: readonly (number | null)[], consolidation: Consolidation): number | null {
  const known = values.filter((value): value is number => value !== null);
  if (known.length === 0) return null;
  if (consolidation === 'last') return known[known.length - 1];
  const sum = known.reduce((total, value) => total + value, 0);
  return consolidation === 'sum' ? sum : sum / known.length;
}

export interface Weighted {
  value: number | null;
  /** Percent; null for every item of a level = equal weights. */
  weight: number | null;
}

export interface WeightedMean {
  value: number | null;
  /** How many items had a value. */
  measured: number;
  /** The share of the level's weight that had a value (100 when every item is measured). */
  weight_covered: number;
}

/**
 * Σ wᵢ·xᵢ / Σ wᵢ over the items that have a value: an item without one is left out and the others'
 * weights count in proportion (it is not taken as 0). Equal weights when the level has none set.
 */
export function weightedMean(items: readonly Weighted[]): WeightedMean {
  if (items.length === 0) return { value: null, measured: 0, weight_covered: 0 };
  const weights = effectiveWeights(items.map((item) => item.weight));
  let sum = 0;
  let covered = 0;
  let measured = 0;
  items.forEach((item, position) => {
    if (item.value === null) return;
    sum += weights[position] * item.value;
    covered += weights[position];
    measured += 1;
  });
  return { value: covered > 0 ? sum / covered : null, measured, weight_covered: covered };
}

/** The weights in percent a level uses: as set when every item has one, otherwise equal. */
export function effectiveWeights(weights: readonly (number | null)[]): number[] {
  if (weights.length > 0 && weights.every((weight) => weight !== null)) return weights as number[];
  return weights.map(() => 100 / weights.length);
}

/** A level's weights are consistent when none is set, or all are and they sum to 100 (to a hundredth). */
export function weightsProblem(weights: readonly (number | null)[]): 'partial' | 'sum' | null {
  if (weights.every((weight) => weight === null)) return null;
  if (weights.some((weight) => weight === null)) return 'partial';
  const sum = (weights as number[]).reduce((total, weight) => total + weight, 0);
  return Math.abs(sum - 100) > 0.005 ? 'sum' : null;
}
