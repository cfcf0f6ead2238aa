import type { AnalysisLayout } from '../../src/analysis/layout';
import type { AnalysisReport } from '../../src/analysis/report';
import { buildReport } from './fixtures/build-report';
import { REFERENCE_ANSWERS, REFERENCE_LAYOUT } from './fixtures/reference-set';

/**
 * The accumulator counts the complete cases of small dimensions per answer pattern and multiplies
 * the patterns out at the end (src/analysis/report.ts); on a 255-point scale no dimension of two
 * or more items is small enough, so every case is multiplied out. Both add the same integers, so
 * reliability figures must be exactly equal, not merely close.
 */
function reliabilityFigures(report: AnalysisReport) {
  return {
    dimensions: report.dimensions.map((dimension) => [dimension.code, dimension.alpha, dimension.complete_cases]),
    perspectives: report.perspectives.map((perspective) => [perspective.code, perspective.alpha, perspective.complete_cases]),
    items: report.items.map((item) => [item.code, item.item_total_r]),
  };
}

const multipliedOut: AnalysisLayout = { ...REFERENCE_LAYOUT, scale: { min: 1, max: 255 } };

describe('complete cases counted per answer pattern', () => {
  it('give exactly the alphas and item–total r of multiplying out every case', () => {
    expect(reliabilityFigures(buildReport(REFERENCE_LAYOUT, REFERENCE_ANSWERS))).toEqual(reliabilityFigures(buildReport(multipliedOut, REFERENCE_ANSWERS)));
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

    const expected = buildReport(REFERENCE_LAYOUT, REFERENCE_ANSWERS);
    const actual = buildReport(layout, answers);
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
