import { DEFAULT_INSTRUMENT_CODE } from '../../src/survey/instruments';
import type { Instrument } from '../../src/survey/instrument-schema';
import { firstPageOfPerspective, pageOfItem, pageSizes, progressMessage, questionnairePages } from '../../src/survey/paging';
import { getInstrument } from '../../src/survey/instruments';
import { translator } from '../../src/i18n';
import { freshDb } from '../helpers';

/** An instrument whose perspectives hold the given numbers of statements, in dimensions of at most `perDimension`. */
function instrumentWith(counts: number[], perDimension = 20): Instrument {
  const text = (value: string) => ({ id: value, en: value });
  return {
    code: 'paging-test',
    version: 1,
    name: text('Paging'),
    estimated_minutes: 15,
    scale: { min: 1, max: 5, labels: [1, 2, 3, 4, 5].map((value) => ({ value, id: `p${value}`, en: `p${value}` })) },
    perspectives: counts.map((count, p) => ({
      code: `P${p + 1}`,
      name: text(`Perspective ${p + 1}`),
      dimensions: Array.from({ length: Math.ceil(count / perDimension) }, (_, d) => ({
        code: `P${p + 1}D${d + 1}`,
        name: text(`Dimension ${p + 1}.${d + 1}`),
        focus: null,
        items: Array.from({ length: Math.min(perDimension, count - d * perDimension) }, (_, i) => ({ code: `P${p + 1}-${d * perDimension + i + 1}`, text: text(`Statement ${i + 1}`) })),
      })),
    })),
  };
}

const sizesOf = (instrument: Instrument) => questionnairePages(instrument).map((page) => page.itemCodes.length);

describe('pageSizes(count): balanced pages of at most ten statements', () => {
  it.each([
    [1, [1]],
    [10, [10]],
    [11, [6, 5]],
    [20, [10, 10]],
    [21, [7, 7, 7]],
    [23, [8, 8, 7]],
    [31, [8, 8, 8, 7]],
  ])('%i statements → %j', (count, expected) => {
    expect(pageSizes(count)).toEqual(expected);
  });
});

describe('questionnairePages(instrument)', () => {
  it('keeps a perspective of 10 statements on one page that asks its comment', () => {
    const pages = questionnairePages(instrumentWith([10]));
    expect(pages).toHaveLength(1);
    expect(pages[0]).toMatchObject({ number: 1, perspectiveNumber: 1, part: 1, parts: 1, asksComment: true });
    expect(pages[0].itemCodes).toHaveLength(10);
  });

  it('splits 11 statements over two pages of 6 and 5, the comment on the second', () => {
    const pages = questionnairePages(instrumentWith([11]));
    expect(sizesOf(instrumentWith([11]))).toEqual([6, 5]);
    expect(pages.map((page) => [page.part, page.parts, page.asksComment])).toEqual([
      [1, 2, false],
      [2, 2, true],
    ]);
    expect(pages[1].itemCodes[0]).toBe('P1-7');
  });

  it('splits 21 statements over three pages of 7, in instrument order, every statement once', () => {
    const instrument = instrumentWith([21], 6);
    const pages = questionnairePages(instrument);
    expect(sizesOf(instrument)).toEqual([7, 7, 7]);
    const all = instrument.perspectives[0].dimensions.flatMap((dimension) => dimension.items.map((item) => item.code));
    expect(pages.flatMap((page) => page.itemCodes)).toEqual(all);
    // A dimension cut by a page boundary is named on both pages (6 + 1 | 5 + 1 | 4 + 3 = dimensions of 6, 6, 6, 3).
    expect(pages.map((page) => page.dimensions.map((group) => [group.dimension.code, group.items.length]))).toEqual([
      [['P1D1', 6], ['P1D2', 1]],
      [['P1D2', 5], ['P1D3', 2]],
      [['P1D3', 4], ['P1D4', 3]],
    ]);
  });

  it('numbers pages across perspectives and finds the page of a perspective and of a statement', () => {
    const pages = questionnairePages(instrumentWith([9, 8, 10, 21]));
    expect(pages.map((page) => [page.number, page.perspectiveNumber, page.part])).toEqual([
      [1, 1, 1],
      [2, 2, 1],
      [3, 3, 1],
      [4, 4, 1],
      [5, 4, 2],
      [6, 4, 3],
    ]);
    expect(firstPageOfPerspective(pages, 4)).toBe(4);
    // One past the last perspective is the review step, one past the last page.
    expect(firstPageOfPerspective(pages, 5)).toBe(7);
    expect(pageOfItem(pages, 'P4-15')?.number).toBe(6);
  });

  it('pages the default instrument as 9, 8, 10 and 7 + 7 + 7 (its fourth perspective has 21 statements)', () => {
    const { definition } = getInstrument(freshDb(), DEFAULT_INSTRUMENT_CODE);
    expect(sizesOf(definition)).toEqual([9, 8, 10, 7, 7, 7]);
  });
});

describe('progressMessage(page, perspectives): the line above each page heading', () => {
  it('names the perspective, and the part when the perspective spans several pages', () => {
    const pages = questionnairePages(instrumentWith([5, 5, 5, 20]));
    const heading = (lang: 'id' | 'en', index: number) => {
      const { key, params } = progressMessage(pages[index], 4);
      return translator(lang)(key, params);
    };
    expect(heading('id', 0)).toBe('Perspektif 1 dari 4');
    expect(heading('id', 4)).toBe('Perspektif 4 dari 4 (bagian 2 dari 2)');
    expect(heading('en', 4)).toBe('Perspective 4 of 4 (part 2 of 2)');
    expect(heading('en', 3)).toBe('Perspective 4 of 4 (part 1 of 2)');
  });
});
