import { freshDb, countRows } from '../helpers';
import { Fraction } from '../../src/skm/fraction';
import { krejcieMorgan } from '../../src/skm/sample';
import { equalWeights, satisfactionIndex, skmGrade, type ElementTally } from '../../src/skm/ikm';
import { createSkmRound, getSkmRound, parseServices } from '../../src/skm/rounds';
import { ValidationError } from '../../src/errors';

const NOW = new Date('2026-12-02T03:00:00Z');

describe('Krejcie–Morgan sample size (χ² = 3.841, P = 0.5, d = 0.05, rounded up)', () => {
  it.each([
    // By hand: S = 0.96025·N / (0.0025·(N − 1) + 0.96025)
    [100, 80], // 96.025 / 1.20775 = 79.51 → 80
    [1000, 278], // 960.25 / 3.45775 = 277.71 → 278
    [10000, 370], // 9602.5 / 25.95775 = 369.93 → 370
    [1, 1], // 0.96025 / 0.96025 = 1
  ])('N = %i needs %i', (population, sample) => {
    expect(krejcieMorgan(population)).toBe(sample);
  });
});

describe('the satisfaction index, exact until shown', () => {
  const tally = (key: string, ...counts: [number, number, number, number]): ElementTally => ({ key, counts });
  const NINE = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'];

  it('is exactly 100 when everybody answers 4 (not 99.90 from 0.111)', () => {
    const result = satisfactionIndex(NINE.map((key) => tally(key, 0, 0, 0, 10)), equalWeights(NINE));
    expect(result).toMatchObject({ ikm: 100, ikm_rounded: 100, grade: 'A', ikm_exact: '100' });
  });

  it('is 25/9 × Σ NRR for the default weights, worked by hand', () => {
    // Eight elements with NRR 3 (all answer 3) and one with NRR 3.5 (one 3, one 4):
    // Σ NRR = 24 + 3.5 = 27.5; IKM = 25 × 27.5 / 9 = 687.5 / 9 = 76.3888… → 76.39, grade C.
    const tallies = NINE.map((key, index) => (index === 8 ? tally(key, 0, 0, 1, 1) : tally(key, 0, 0, 2, 0)));
    const result = satisfactionIndex(tallies, equalWeights(NINE));
    expect(result?.ikm_exact).toBe('1375/18');
    expect(result?.ikm).toBeCloseTo(76.38888888888889, 12);
    expect(result).toMatchObject({ ikm_rounded: 76.39, grade: 'C' });
  });

  it('is null while an element has no answer', () => {
    expect(satisfactionIndex([tally('a', 0, 0, 0, 0)], equalWeights(['a']))).toBeNull();
  });

  it.each([
    [100, 'A'],
    [88.31, 'A'],
    [88.3, 'B'],
    [76.61, 'B'],
    [76.6, 'C'],
    [65, 'C'],
    [64.99, 'D'],
    [25, 'D'],
  ])('grades %f as %s', (index, grade) => {
    expect(skmGrade(index)).toBe(grade);
  });

  it('judges the grade on the index rounded to two decimals: 88.305 rounds up to 88.31, an A', () => {
    // One element, weight 1: 25 × NRR = 88.305 ⇔ NRR = 3.5322 = 17661 / 5000.
    const counts: [number, number, number, number] = [0, 0, 5000 * 4 - 17661, 17661 - 5000 * 3];
    const result = satisfactionIndex([{ key: 'a', counts }], equalWeights(['a']));
    expect(result?.ikm).toBeCloseTo(88.305, 12);
    expect(result).toMatchObject({ ikm_rounded: 88.31, grade: 'A' });
  });

  it('rounds half up exactly, where floating point would not', () => {
    expect(new Fraction(1001n, 800n).round(2)).toBe(1.25); // 1.25125
    expect(new Fraction(100125n, 1000n).round(2)).toBe(100.13); // 100.125 exactly
    expect(Fraction.fromDecimal('0.15').toString()).toBe('3/20');
  });
});

describe('SKM rounds', () => {
  const valid = { name: 'SKM Semester II 2026', period_start: '2026-07-01', period_end: '2026-12-31', services: 'A01 Perizinan\nKonsultasi', population: '1000' };

  it('creates a round with the nine elements, 1/9 each, its services and the sample it needs', () => {
    const db = freshDb();
    const round = createSkmRound(db, valid, NOW, 'test');
    expect(round.elements.map((element) => element.key)).toEqual(['requirements', 'procedure', 'time', 'cost', 'product', 'competence', 'behaviour', 'facilities', 'complaints']);
    expect([...round.weights.values()].every((weight) => weight.equals(new Fraction(1n, 9n)))).toBe(true);
    expect(round.services).toEqual([{ code: 'A01', name: 'Perizinan' }, { code: 'S2', name: 'Konsultasi' }]);
    expect(round.requiredSample).toBe(278);
    expect(round.row.code).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(getSkmRound(db, round.row.id).row.code).toBe(round.row.code);
  });

  it('refuses weights that do not sum to 1, naming the sum, and writes nothing', () => {
    const db = freshDb();
    const weights = Object.fromEntries(['requirements', 'procedure', 'time', 'cost', 'product', 'competence', 'behaviour', 'facilities', 'complaints'].map((key) => [key, '0.1']));
    let error: unknown;
    try {
      createSkmRound(db, { ...valid, weights }, NOW, 'test');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).problems).toEqual([expect.objectContaining({ field: 'weights', message: 'the weights sum to 0.9, not 1' })]);
    expect(countRows(db, 'skm_rounds')).toBe(0);
  });

  it('accepts weights that sum to exactly 1', () => {
    const db = freshDb();
    const weights = { requirements: '0.2', procedure: '0.1', time: '0.1', cost: '0.1', product: '0.1', competence: '0.1', behaviour: '0.1', facilities: '0.1', complaints: '0.1' };
    const round = createSkmRound(db, { ...valid, weights }, NOW, 'test');
    expect(round.customWeights).toBe(true);
    expect(round.weights.get('requirements')?.toString()).toBe('1/5');
  });

  it('refuses a period that ends before it starts', () => {
    const db = freshDb();
    expect(() => createSkmRound(db, { ...valid, period_end: '2026-06-30' }, NOW, 'test')).toThrow(ValidationError);
    expect(countRows(db, 'skm_rounds')).toBe(0);
  });

  it('reads services with and without codes, refusing a code used twice', () => {
    expect(parseServices('  \nA1 Satu\nDua\n')).toEqual([{ code: 'A1', name: 'Satu' }, { code: 'S2', name: 'Dua' }]);
    expect(() => parseServices('A1 Satu\nA1 Lagi')).toThrow(ValidationError);
  });
});
