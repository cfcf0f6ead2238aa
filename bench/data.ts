import { syntheticAnswers, type AnswerProfile } from '../src/demo/answers';
import { pick, seededRandom } from '../src/demo/random';
import type { LoadedInstrument } from '../src/survey/instruments';

// A ministry's shape: a few dozen units of very different sizes, the civil-service grades.
export const UNITS = Array.from({ length: 40 }, (_, index) => `Unit ${String(index + 1).padStart(2, '0')}`);
export const GRADES = ['II/a', 'II/b', 'II/c', 'II/d', 'III/a', 'III/b', 'III/c', 'III/d', 'IV/a', 'IV/b', 'IV/c'];

export const PROFILE: AnswerProfile = {
  means: { 'LG-BUD': 4.2, 'LG-HR': 3.0, 'LG-TI': 3.1, 'IBP-SOP': 3.2 },
  fallback: 3.6,
  blankRate: 0.02,
};

export interface Respondent {
  unit: string;
  grade: string;
  answers: Uint8Array;
}

/** Deterministic respondents: the same seed gives the same data in every run. */
export function* respondents(instrument: LoadedInstrument, count: number, seed = 28): Generator<Respondent> {
  const random = seededRandom(seed);
  for (let index = 0; index < count; index += 1) {
    // Squaring the draw makes early units large and later ones small, as in a real ministry.
    const unit = UNITS[Math.floor(random() ** 2 * UNITS.length)];
    yield { unit, grade: pick(random, GRADES), answers: syntheticAnswers(instrument, PROFILE, random) };
  }
}
