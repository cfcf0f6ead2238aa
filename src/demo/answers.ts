import type { LoadedInstrument } from '../survey/instruments';
import { normal } from './random';

export interface AnswerProfile {
  /** Expected score per dimension code; dimensions not named use `fallback`. */
  means: Record<string, number>;
  fallback: number;
  /** Share of items left blank, e.g. 0.02. */
  blankRate: number;
}

/**
 * One synthetic respondent: a general attitude shared by all dimensions, a factor per
 * dimension and item noise, so that items correlate within a dimension (alpha is meaningful)
 * and dimensions correlate with each other, as in real survey data.
 */
export function syntheticAnswers(instrument: LoadedInstrument, profile: AnswerProfile, random: () => number): Uint8Array {
  const { min, max } = instrument.definition.scale;
  const answers = new Uint8Array(instrument.items.length);
  const general = normal(random) * 0.45;
  let dimensionCode = '';
  let dimensionFactor = 0;
  for (const item of instrument.items) {
    if (item.dimension !== dimensionCode) {
      dimensionCode = item.dimension;
      dimensionFactor = normal(random) * 0.45;
    }
    if (random() < profile.blankRate) continue;
    const mean = profile.means[item.dimension] ?? profile.fallback;
    const value = Math.round(mean + general + dimensionFactor + normal(random) * 0.55);
    answers[item.index] = Math.min(max, Math.max(min, value));
  }
  return answers;
}
