/**
 * Interval classes of equal width (max − min) / 5. Codes are stable; views translate them
 * (id: sangat rendah, rendah, sedang, tinggi, sangat tinggi).
 */
export const CATEGORY_CODES = ['very_low', 'low', 'medium', 'high', 'very_high'] as const;
export type CategoryCode = (typeof CATEGORY_CODES)[number];

/**
 * Which class a value lying exactly on a boundary belongs to. 'lower' (the default) reads the
 * classes as very low ≤ 1.80 < low ≤ 2.60 < medium ≤ 3.40 < high ≤ 4.20 < very high on a 1–5 scale;
 * 'upper' as very low < 1.80 ≤ low < 2.60 ≤ … .
 */
export type CategoryBoundary = 'lower' | 'upper';

export function categorize(value: number, scale: { min: number; max: number }, boundary: CategoryBoundary = 'lower'): CategoryCode {
  const classes = CATEGORY_CODES.length;
  for (let j = 1; j < classes; j += 1) {
    // (min·(5 − j) + max·j) / 5 rounds once, so the 1–5 boundaries are the doubles nearest 1.8, 2.6, 3.4, 4.2
    // (min + j·0.8 would give 3.4000000000000004 and put an exact 3.4 in the wrong class under 'upper').
    const upperBound = (scale.min * (classes - j) + scale.max * j) / classes;
    const inLowerClass = boundary === 'lower' ? value <= upperBound : value < upperBound;
    if (inLowerClass) return CATEGORY_CODES[j - 1];
  }
  return CATEGORY_CODES[classes - 1];
}
