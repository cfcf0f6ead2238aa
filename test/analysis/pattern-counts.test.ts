import type { AnalysisLayout } from '../../src/analysis/layout';
import { buildReport } from './fixtures/build-report';
import { REFERENCE_ANSWERS, REFERENCE_LAYOUT } from './fixtures/reference-set';

/**
 * The accumulator counts the complete cases of small dimensions per answer pattern and multiplies
 * the patterns out at the end (src/analysis/report.ts), from its PATTERNS_FROM-th respondent on;
 * the tests move that point. Both ways add the same integers, so the whole report must be exactly
 * equal, not merely close, whichever respondent the counting starts from.
 */
const NEVER = Number.POSITIVE_INFINITY;

describe('complete cases counted per answer pattern', () => {
  it('give exactly the report of multiplying out every case', () => {
    expect(buildReport(REFERENCE_LAYOUT, REFERENCE_ANSWERS, { patternsFrom: 1 })).toEqual(buildReport(REFERENCE_LAYOUT, REFERENCE_ANSWERS, { patternsFrom: NEVER }));
  });

  it('give exactly the same report when counting starts part-way (the first cases multiplied out, the rest counted)', () => {
    const multipliedOut = buildReport(REFERENCE_LAYOUT, REFERENCE_ANSWERS, { patternsFrom: NEVER });
    for (const from of [2, 10, 27]) expect(buildReport(REFERENCE_LAYOUT, REFERENCE_ANSWERS, { patternsFrom: from })).toEqual(multipliedOut);
  });

  it('leave a dimension with too many patterns multiplied out, exactly', () => {
    // On a 255-point scale no dimension of two or more items has few enough patterns.
    const wide: AnalysisLayout = { ...REFERENCE_LAYOUT, scale: { min: 1, max: 255 } };
    expect(buildReport(wide, REFERENCE_ANSWERS, { patternsFrom: 1 })).toEqual(buildReport(wide, REFERENCE_ANSWERS, { patternsFrom: NEVER }));
  });

  it('give the same figures when a perspective lists its dimensions’ items interleaved (then its pairs are multiplied out)', () => {
    // The items of the first perspective alternate between its dimensions; the answers are permuted alike.
    const order = REFERENCE_LAYOUT.items.map((_, index) => index);
    const firstPerspective = REFERENCE_LAYOUT.dimensions.filter((dimension) => dimension.perspective === REFERENCE_LAYOUT.perspectives[0].code).map((dimension) => dimension.code);
    const inFirst = order.filter((index) => firstPerspective.includes(REFERENCE_LAYOUT.items[index].dimension));
    const byDimension = firstPerspective.map((code) => inFirst.filter((index) => REFERENCE_LAYOUT.items[index].dimension === code));
    const interleaved: number[] = [];
    for (let position = 0; interleaved.length < inFirst.length; position += 1) {
      for (const list of byDimension) if (position < list.length) interleaved.push(list[position]);
    }
    const permutation = [...interleaved, ...order.filter((index) => !inFirst.includes(index))];
    const layout: AnalysisLayout = { ...REFERENCE_LAYOUT, items: permutation.map((index) => REFERENCE_LAYOUT.items[index]) };
    const answers = REFERENCE_ANSWERS.map((row) => permutation.map((index) => row[index]));

    const expected = buildReport(REFERENCE_LAYOUT, REFERENCE_ANSWERS, { patternsFrom: 1 });
    const actual = buildReport(layout, answers, { patternsFrom: 1 });
    for (const dimension of expected.dimensions) {
      const other = actual.dimensions.find((entry) => entry.code === dimension.code)!;
      expect(other.alpha).toBeCloseTo(dimension.alpha!, 12);
      expect(other.complete_cases).toBe(dimension.complete_cases);
    }
    for (const perspective of expected.perspectives) {
      const other = actual.perspectives.find((entry) => entry.code === perspective.code)!;
      expect(other.alpha).toBeCloseTo(perspective.alpha!, 12);
    }
    for (const item of expected.items) expect(actual.items.find((entry) => entry.code === item.code)!.item_total_r).toBeCloseTo(item.item_total_r!, 12);
  });
});
