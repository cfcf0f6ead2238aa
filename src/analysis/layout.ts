/**
 * What the analysis engine needs to know about an instrument, already flattened by the caller
 * (names in the reader's language, targets of the round). Nothing here reads the database.
 */
export interface AnalysisLayout {
  scale: { min: number; max: number }; // min is always 1: answers are bytes with 0 meaning "no answer"
  items: { code: string; dimension: string }[]; // the order of answer vectors
  dimensions: { code: string; perspective: string; focus: string | null; name: string; target: number }[];
  perspectives: { code: string; name: string; target: number }[];
}

/**
 * A scope is a dimension or a perspective: a set of items whose answers make one respondent score.
 * Dimensions come first (scope index = dimension index), then perspectives.
 */
export interface CompiledLayout {
  itemCount: number;
  scaleMax: number;
  dimensionCount: number;
  perspectiveCount: number;
  scopeCount: number;
  /** Items of scope s are scopeItems[scopeItemStart[s] .. scopeItemStart[s + 1]), in layout order. */
  scopeItemStart: Int32Array;
  scopeItems: Int32Array;
  /** Item index → dimension index. */
  itemDimension: Int32Array;
  /** Dimension index → perspective index. */
  dimensionPerspective: Int32Array;
  largestScope: number;
}

/** Checks the layout (a bad layout is a programmer error, so it throws) and builds the index arrays the accumulator loops over. */
export function compileLayout(layout: AnalysisLayout): CompiledLayout {
  const { scale, items, dimensions, perspectives } = layout;
  if (scale.min !== 1) throw new RangeError(`scale.min must be 1, got ${scale.min}`);
  if (!Number.isInteger(scale.max) || scale.max < 2 || scale.max > 255) {
    throw new RangeError(`scale.max must be an integer from 2 to 255, got ${scale.max}`);
  }

  const perspectiveIndex = indexCodes(perspectives, 'perspective');
  const dimensionIndex = indexCodes(dimensions, 'dimension');
  indexCodes(items, 'item');

  const dimensionPerspective = new Int32Array(dimensions.length);
  dimensions.forEach((dimension, d) => {
    const p = perspectiveIndex.get(dimension.perspective);
    if (p === undefined) throw new RangeError(`dimension ${dimension.code} names unknown perspective ${dimension.perspective}`);
    if (!Number.isFinite(dimension.target)) throw new RangeError(`dimension ${dimension.code} has no numeric target`);
    dimensionPerspective[d] = p;
  });
  perspectives.forEach((perspective) => {
    if (!Number.isFinite(perspective.target)) throw new RangeError(`perspective ${perspective.code} has no numeric target`);
  });

  const itemDimension = new Int32Array(items.length);
  items.forEach((item, i) => {
    const d = dimensionIndex.get(item.dimension);
    if (d === undefined) throw new RangeError(`item ${item.code} names unknown dimension ${item.dimension}`);
    itemDimension[i] = d;
  });

  const scopeCount = dimensions.length + perspectives.length;
  const members: number[][] = Array.from({ length: scopeCount }, () => []);
  items.forEach((_, i) => {
    const d = itemDimension[i];
    members[d].push(i);
    members[dimensions.length + dimensionPerspective[d]].push(i);
  });
  members.forEach((list, s) => {
    if (list.length === 0) {
      const what = s < dimensions.length ? `dimension ${dimensions[s].code}` : `perspective ${perspectives[s - dimensions.length].code}`;
      throw new RangeError(`${what} has no items`);
    }
  });

  const scopeItemStart = new Int32Array(scopeCount + 1);
  members.forEach((list, s) => {
    scopeItemStart[s + 1] = scopeItemStart[s] + list.length;
  });
  const scopeItems = Int32Array.from(members.flat());

  return {
    itemCount: items.length,
    scaleMax: scale.max,
    dimensionCount: dimensions.length,
    perspectiveCount: perspectives.length,
    scopeCount,
    scopeItemStart,
    scopeItems,
    itemDimension,
    dimensionPerspective,
    largestScope: Math.max(0, ...members.map((list) => list.length)),
  };
}

function indexCodes(entries: { code: string }[], what: string): Map<string, number> {
  const index = new Map<string, number>();
  entries.forEach((entry, position) => {
    if (index.has(entry.code)) throw new RangeError(`${what} code ${entry.code} appears twice`);
    index.set(entry.code, position);
  });
  return index;
}
