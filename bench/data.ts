import { syntheticAnswers, type AnswerProfile } from '../src/demo/answers';
import { pick, seededRandom } from '../src/demo/random';
import type { LoadedInstrument } from '../src/survey/instruments';

// A ministry's shape: a few dozen units of very different sizes, the civil-service grades.
export const UNITS = unitNames(40);
export const GRADES = ['II/a', 'II/b', 'II/c', 'II/d', 'III/a', 'III/b', 'III/c', 'III/d', 'IV/a', 'IV/b', 'IV/c'];
// The whole civil service's seventeen grades (I/a to IV/e).
const ALL_GRADES = ['I/a', 'I/b', 'I/c', 'I/d', ...GRADES, 'IV/d', 'IV/e'];

function unitNames(count: number): string[] {
  return Array.from({ length: count }, (_, index) => `Unit ${String(index + 1).padStart(count > 99 ? 3 : 2, '0')}`);
}

/** Units and grades at a scale: a ministry (up to 100,000) has 40 units and 11 grades; a national round 300 units and 17 grades. */
export function shapeOf(scale: number): { units: string[]; grades: string[] } {
  return scale >= 1_000_000 ? { units: unitNames(300), grades: ALL_GRADES } : { units: UNITS, grades: GRADES };
}

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
  const { units, grades } = shapeOf(count);
  for (let index = 0; index < count; index += 1) {
    // Squaring the draw makes early units large and later ones small, as in a real ministry.
    const unit = units[Math.floor(random() ** 2 * units.length)];
    yield { unit, grade: pick(random, grades), answers: syntheticAnswers(instrument, PROFILE, random) };
  }
}
