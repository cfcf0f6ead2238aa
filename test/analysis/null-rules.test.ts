import type { AnalysisLayout } from '../../src/analysis/layout';
import type { AnalysisReport } from '../../src/analysis/report';
import { buildReport, byCode } from './fixtures/build-report';
import { SMALL_LAYOUT, SMALL_ROWS } from './fixtures/small-table';

// R setup for the small table: see fixtures/small-table.ts.
const report = buildReport(SMALL_LAYOUT, SMALL_ROWS);

const twoItems: AnalysisLayout = {
  scale: { min: 1, max: 5 },
  items: [
    { code: 'G', dimension: 'D' },
    { code: 'H', dimension: 'D' },
  ],
  dimensions: [{ code: 'D', perspective: 'P', focus: null, name: 'D', target: 4 }],
  perspectives: [{ code: 'P', name: 'P', target: 4 }],
};

function collectNaN(value: unknown, path: string, found: string[]): string[] {
  if (typeof value === 'number' && Number.isNaN(value)) found.push(path);
  if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) collectNaN(child, `${path}.${key}`, found);
  }
  return found;
}

describe('null rules', () => {
  it('an item nobody answered has n 0 and mean, sd, median and percentages null with reason "no answers"', () => {
    const item = byCode(report.items, 'C');
    expect(item).toMatchObject({ n: 0, mean: null, sd: null, median: null, favorable_pct: null, unfavorable_pct: null });
    expect(item.null_reasons).toMatchObject({ mean: 'no answers', sd: 'no answers', median: 'no answers' });
  });

  it('an item answered once has sd null with reason "fewer than 2 answers"', () => {
    const item = byCode(report.items, 'F');
    expect(item.mean).toBe(4);
    expect(item.sd).toBeNull();
    expect(item.null_reasons.sd).toBe('fewer than 2 answers');
  });

  it('alpha of a one-item dimension is null with reason "one item"', () => {
    const dimension = byCode(report.dimensions, 'W');
    expect(dimension.alpha).toBeNull();
    expect(dimension.reliable).toBeNull();
    expect(dimension.null_reasons.alpha).toBe('one item');
  });

  it('item_total_r of the only item of a dimension is null with reason "one item"', () => {
    const item = byCode(report.items, 'F');
    expect(item.item_total_r).toBeNull();
    expect(item.valid).toBeNull();
    expect(item.null_reasons.item_total_r).toBe('one item');
  });

  it('alpha with fewer than 3 complete cases is null with reason "fewer than 3 complete cases"', () => {
    // nrow(na.omit(cbind(D, E))) = 2
    const dimension = byCode(report.dimensions, 'Z');
    expect(dimension.complete_cases).toBe(2);
    expect(dimension.alpha).toBeNull();
    expect(dimension.null_reasons.alpha).toBe('fewer than 3 complete cases');
  });

  it('item_total_r with fewer than 3 complete cases is null, never a made-up ±1', () => {
    expect(byCode(report.items, 'D').item_total_r).toBeNull();
    expect(byCode(report.items, 'D').null_reasons.item_total_r).toBe('fewer than 3 complete cases');
  });

  it('alpha with exactly 3 complete cases equals psych::alpha on na.omit', () => {
    // X <- cbind(A, B); nrow(na.omit(X)) = 3; print(psych::alpha(na.omit(X))$total$raw_alpha, digits = 17)
    expect(byCode(report.dimensions, 'X').alpha).toBeCloseTo(0.97435897435897445, 9);
  });

  it('item_total_r with exactly 3 complete cases equals psych::alpha r.drop', () => {
    // print(psych::alpha(na.omit(X))$item.stats$r.drop, digits = 17) = 0.99587059488582252 0.99587059488582241
    expect(byCode(report.items, 'A').item_total_r).toBeCloseTo(0.99587059488582252, 9);
    expect(byCode(report.items, 'B').item_total_r).toBeCloseTo(0.99587059488582241, 9);
  });

  it('perspective alpha is null when an unanswered item leaves no complete case', () => {
    const perspective = byCode(report.perspectives, 'P1');
    expect(perspective.complete_cases).toBe(0);
    expect(perspective.null_reasons.alpha).toBe('fewer than 3 complete cases');
  });

  it('alpha is null with reason "zero variance" when every complete case has the same total', () => {
    // var(rowSums(cbind(c(3, 3, 3, 3), c(2, 2, 2, 2)))) = 0
    const dimension = buildReport(twoItems, [[3, 2], [3, 2], [3, 2], [3, 2]]).dimensions[0];
    expect(dimension.alpha).toBeNull();
    expect(dimension.null_reasons.alpha).toBe('zero variance');
  });

  it('item_total_r is null with reason "zero variance" when the item or the rest of the scale did not vary', () => {
    // G <- c(3, 3, 3, 3); H <- c(1, 2, 4, 5): cor(G, H) is NA in R (psych::alpha stops on it)
    const items = buildReport(twoItems, [[3, 1], [3, 2], [3, 4], [3, 5]]).items;
    expect(items.map((item) => item.item_total_r)).toEqual([null, null]);
    expect(items.map((item) => item.null_reasons.item_total_r)).toEqual(['zero variance', 'zero variance']);
  });

  it('alpha of 0 computed from data stays 0', () => {
    // m <- cbind(G, H); print(2 / (2 - 1) * (1 - sum(apply(m, 2, var)) / var(rowSums(m))), digits = 17) = 0
    expect(buildReport(twoItems, [[3, 1], [3, 2], [3, 4], [3, 5]]).dimensions[0].alpha).toBe(0);
  });

  it('a dimension nobody answered has mean, gap and category null with reason "no answers"', () => {
    const dimension = byCode(report.dimensions, 'Y');
    expect(dimension).toMatchObject({ n: 0, mean: null, sd: null, gap: null, achievement_pct: null, scale_pct: null, category: null, favorable_pct: null });
    expect(dimension.null_reasons).toMatchObject({ mean: 'no answers', gap: 'no answers', achievement_pct: 'no answers', scale_pct: 'no answers', category: 'no answers' });
  });

  it('a dimension nobody answered is neither a priority nor a strength', () => {
    const ranked = [...report.priorities, ...report.strengths].map((dimension) => dimension.code);
    expect(ranked).not.toContain('Y');
  });

  it('r_critical is null with reason "fewer than 3 respondents" for two respondents, and valid is null', () => {
    const tiny = buildReport(twoItems, [[3, 1], [4, 5]]);
    expect(tiny.thresholds.r_critical).toBeNull();
    expect(tiny.thresholds.null_reasons.r_critical).toBe('fewer than 3 respondents');
    expect(tiny.items[0].valid).toBeNull();
  });

  it('a report on the small table contains no NaN anywhere', () => {
    expect(collectNaN(report, 'report', [])).toEqual([]);
  });

  it('a report with no respondents contains nulls and zero counts, no NaN', () => {
    const empty: AnalysisReport = buildReport(SMALL_LAYOUT, []);
    expect(collectNaN(empty, 'report', [])).toEqual([]);
    expect(empty.n).toBe(0);
    expect(empty.dimensions.every((dimension) => dimension.mean === null && dimension.alpha === null)).toBe(true);
  });
});
