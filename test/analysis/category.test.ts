import { categorize } from '../../src/analysis/category';
import { buildReport } from './fixtures/build-report';

const fivePoint = { min: 1, max: 5 };
const single = {
  scale: fivePoint,
  items: [{ code: 'Q1', dimension: 'D' }],
  dimensions: [{ code: 'D', perspective: 'P', focus: null, name: 'D', target: 4 }],
  perspectives: [{ code: 'P', name: 'P', target: 4 }],
};

describe('categorize on a 1–5 scale (classes of width 0.8)', () => {
  it('puts 1.80 in very_low and 1.81 in low', () => {
    expect(categorize(1.8, fivePoint)).toBe('very_low');
    expect(categorize(1.81, fivePoint)).toBe('low');
  });

  it('puts 2.60 in low and 2.61 in medium', () => {
    expect(categorize(2.6, fivePoint)).toBe('low');
    expect(categorize(2.61, fivePoint)).toBe('medium');
  });

  it('puts 3.40 in medium and 3.41 in high', () => {
    expect(categorize(3.4, fivePoint)).toBe('medium');
    expect(categorize(3.41, fivePoint)).toBe('high');
  });

  it('puts 4.20 in high and 4.21 in very_high', () => {
    expect(categorize(4.2, fivePoint)).toBe('high');
    expect(categorize(4.21, fivePoint)).toBe('very_high');
  });

  it('puts the scale ends in the outer classes', () => {
    expect(categorize(1, fivePoint)).toBe('very_low');
    expect(categorize(5, fivePoint)).toBe('very_high');
  });

  it('with the "upper" boundary rule puts a value on a boundary in the higher class', () => {
    expect(categorize(1.8, fivePoint, 'upper')).toBe('low');
    expect(categorize(1.79, fivePoint, 'upper')).toBe('very_low');
    expect(categorize(3.4, fivePoint, 'upper')).toBe('high');
    expect(categorize(4.2, fivePoint, 'upper')).toBe('very_high');
  });
});

describe('categorize on another scale', () => {
  it('uses width (max − min) / 5: on 1–7 the boundaries are 2.2, 3.4, 4.6 and 5.8', () => {
    const sevenPoint = { min: 1, max: 7 };
    expect([2.2, 2.21, 3.4, 3.41, 4.6, 4.61, 5.8, 5.81].map((value) => categorize(value, sevenPoint))).toEqual([
      'very_low',
      'low',
      'low',
      'medium',
      'medium',
      'high',
      'high',
      'very_high',
    ]);
  });
});

describe('category of a computed mean', () => {
  // mean(c(3, 3, 3, 4, 4)) = 3.4 exactly; it must not drift across the boundary
  const rows = [[3], [3], [3], [4], [4]];

  it('a dimension mean of exactly 3.40 is medium under the default rule', () => {
    expect(buildReport(single, rows).dimensions[0].category).toBe('medium');
  });

  it('a dimension mean of exactly 3.40 is high under the "upper" rule', () => {
    expect(buildReport(single, rows, { categoryBoundary: 'upper' }).dimensions[0].category).toBe('high');
  });
});
