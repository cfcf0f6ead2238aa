import type { Dimension, Instrument, Item, Perspective } from './instrument-schema';

/** No questionnaire page asks more statements than this (about three phone screens). */
export const MAX_STATEMENTS_PER_PAGE = 10;

/** One page of the questionnaire: a perspective, or one part of a perspective with more than ten statements. */
export interface QuestionnairePage {
  /** 1-based, as in the address /s/<token>/p/<number>. */
  number: number;
  perspective: Perspective;
  /** 1-based position of the perspective in the instrument. */
  perspectiveNumber: number;
  /** This page's part of the perspective, 1 to `parts` (1 of 1 for a perspective on one page). */
  part: number;
  parts: number;
  /** The statements of this page in instrument order, under the dimension each belongs to. */
  dimensions: { dimension: Dimension; items: Item[] }[];
  itemCodes: string[];
  /** A perspective's comment is asked once, on its last part, after all its statements. */
  asksComment: boolean;
}

/**
 * How many statements each page of one perspective gets: ceil(count / max) pages whose sizes
 * differ by at most one, larger ones first (11 → 6 + 5, 21 → 7 + 7 + 7, 23 → 8 + 8 + 7), rather
 * than full pages and a short last one (21 → 10 + 10 + 1). A perspective of up to `max`
 * statements stays one page.
 */
export function pageSizes(count: number, max = MAX_STATEMENTS_PER_PAGE): number[] {
  const pages = Math.max(1, Math.ceil(count / max));
  const small = Math.floor(count / pages);
  const larger = count - small * pages;
  return Array.from({ length: pages }, (_, index) => (index < larger ? small + 1 : small));
}

/** Groups statements in order under their dimensions; a dimension split over two pages is named on both. */
function byDimension(items: { dimension: Dimension; item: Item }[]): QuestionnairePage['dimensions'] {
  const groups: QuestionnairePage['dimensions'] = [];
  for (const { dimension, item } of items) {
    const last = groups[groups.length - 1];
    if (last && last.dimension === dimension) last.items.push(item);
    else groups.push({ dimension, items: [item] });
  }
  return groups;
}

// Instruments never change once stored (see instruments.ts), so their pages are computed once.
const cache = new WeakMap<Instrument, QuestionnairePage[]>();

/** The questionnaire's pages in order: each perspective on one page, or on balanced parts of at most ten statements. */
export function questionnairePages(instrument: Instrument): QuestionnairePage[] {
  const cached = cache.get(instrument);
  if (cached) return cached;
  const pages: QuestionnairePage[] = [];
  instrument.perspectives.forEach((perspective, perspectiveIndex) => {
    const statements = perspective.dimensions.flatMap((dimension) => dimension.items.map((item) => ({ dimension, item })));
    const sizes = pageSizes(statements.length);
    let start = 0;
    sizes.forEach((size, partIndex) => {
      const onPage = statements.slice(start, start + size);
      start += size;
      pages.push({
        number: pages.length + 1,
        perspective,
        perspectiveNumber: perspectiveIndex + 1,
        part: partIndex + 1,
        parts: sizes.length,
        dimensions: byDimension(onPage),
        itemCodes: onPage.map(({ item }) => item.code),
        asksComment: partIndex === sizes.length - 1,
      });
    });
  });
  cache.set(instrument, pages);
  return pages;
}

/** The first page of the given perspective (1-based); a number past the last perspective is the review step, past the last page. */
export function firstPageOfPerspective(pages: QuestionnairePage[], perspectiveNumber: number): number {
  const page = pages.find((candidate) => candidate.perspectiveNumber === perspectiveNumber);
  return page ? page.number : pages.length + 1;
}

/** The page that asks the given statement. */
export function pageOfItem(pages: QuestionnairePage[], code: string): QuestionnairePage | undefined {
  return pages.find((page) => page.itemCodes.includes(code));
}

/** The progress line above a page's heading, as a message key and its parameters. */
export function progressMessage(page: QuestionnairePage, perspectives: number): { key: 'survey.progress' | 'survey.progress_part'; params: Record<string, number> } {
  const params = { page: page.perspectiveNumber, pages: perspectives };
  return page.parts === 1 ? { key: 'survey.progress', params } : { key: 'survey.progress_part', params: { ...params, part: page.part, parts: page.parts } };
}
