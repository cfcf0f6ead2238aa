import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import { categorize, type CategoryBoundary, type CategoryCode } from './category';
import { percentage, statisticsFromCounts, statisticsFromScoreBuckets } from './descriptive';
import { compileLayout, type AnalysisLayout, type CompiledLayout } from './layout';
import { criticalR, crossProductSize, reliabilityFromCrossProducts, type Reliability } from './reliability';
import { suppressPinnedCells, type BreakdownRows, type CellCount } from './pinned-cells';
import { chooseSuppressed } from './suppression';
import { normaliseGroup } from './disclosure';

export { compareReports } from './compare';
export type { Comparison, ComparisonRow } from './compare';

// Same list and order as FOCUS_AREAS in survey/instrument-schema.ts (repeated here: analysis imports nothing outside itself).
export const FOCUS_AREAS = ['hr_development', 'technology_use', 'sop_compliance', 'work_culture'] as const;

export interface AnalysisOptions {
  /** From which respondent complete cases are counted per answer pattern (PATTERNS_FROM); only tests change it. */
  patternsFrom?: number;
  /** Alpha at or above which a dimension/perspective is reliable (0.60). */
  alphaMin: number;
  /** Smallest group shown in a breakdown (5); never below 3. */
  minGroupSize: number;
  groupBy: ('unit' | 'grade')[];
  /** Which class a mean exactly on a category boundary belongs to; default 'lower' (3.40 is medium). */
  categoryBoundary?: CategoryBoundary;
}

/**
 * Why a figure is null. Stable phrases: views translate them.
 * - 'no answers': nobody answered (n = 0)
 * - 'fewer than 2 answers': SD needs n ≥ 2
 * - 'one item': alpha / item–total r need at least two items
 * - 'fewer than 3 complete cases': too few respondents answered every item of the scope
 * - 'zero variance': the total (alpha) or the item or the rest of the scale (item–total r) did not vary
 * - 'fewer than 3 respondents': r_critical needs df = n − 2 ≥ 1
 * - 'target is 0': achievement (mean ÷ target) has nothing to divide by
 * - 'group suppressed': the whole group row is hidden (too small, or cover for a small group)
 * - 'cell suppressed': the group is shown but too few of its members answered this dimension
 *   (or the cell is cover for such a cell)
 */
export type NullReason =
  | 'no answers'
  | 'fewer than 2 answers'
  | 'one item'
  | 'fewer than 3 complete cases'
  | 'zero variance'
  | 'fewer than 3 respondents'
  | 'target is 0'
  | 'group suppressed'
  | 'cell suppressed';

type NullReasons<Field extends string> = Partial<Record<Field, NullReason>>;

export type TargetStatus = 'below_target' | 'near_target' | 'at_or_above_target';

interface ScoreFigures {
  /** Respondents who answered at least one item of it (respondents with a score). */
  n: number;
  /** Mean of respondent scores (a respondent's score is the mean of the items they answered in it). */
  mean: number | null;
  /** Sample SD (n − 1) of respondent scores, as R sd(). */
  sd: number | null;
  target: number;
  /** mean − target; negative = below target. */
  gap: number | null;
  /** 95 % confidence interval of the mean: mean ∓ t(0.975, n − 1)·sd/√n, as R t.test(x)$conf.int; null when n < 2. */
  ci95_low: number | null;
  ci95_high: number | null;
  /**
   * Where the target lies against the interval: below_target when ci95_high < target,
   * at_or_above_target when ci95_low ≥ target, near_target when the interval contains it.
   */
  target_status: TargetStatus | null;
  /**
   * Capaian as SAKIP reads it: mean / target × 100 (100 = on target). Null without a mean, or when
   * the target is 0 (nothing to divide by).
   */
  achievement_pct: number | null;
  /** Where the mean lies on the scale: mean / scale max × 100 ("skor % dari maksimum"). */
  scale_pct: number | null;
  category: CategoryCode | null;
  /**
   * Favourable answers (top two points) as a share of all answers given to its items, pooled.
   * Pooling weighs every answer once, so the figure agrees with the item distributions shown beside
   * it and needs no per-respondent state; the alternative (share of respondents whose score is
   * favourable) would depend on where a fractional score like 3.5 is cut.
   */
  favorable_pct: number | null;
  /** Raw Cronbach alpha on listwise complete cases, as psych::alpha(na.omit(x))$total$raw_alpha. */
  alpha: number | null;
  /** Respondents who answered every item (the cases alpha is computed on). */
  complete_cases: number;
  reliable: boolean | null;
}

type ScoreField = 'mean' | 'sd' | 'gap' | 'ci95_low' | 'ci95_high' | 'target_status' | 'achievement_pct' | 'scale_pct' | 'category' | 'favorable_pct' | 'alpha' | 'reliable';

export interface PerspectiveResult extends ScoreFigures {
  code: string;
  name: string;
  null_reasons: NullReasons<ScoreField>;
}

export interface DimensionResult extends ScoreFigures {
  code: string;
  perspective: string;
  focus: string | null;
  name: string;
  null_reasons: NullReasons<ScoreField>;
}

type ItemField = 'mean' | 'sd' | 'median' | 'favorable_pct' | 'unfavorable_pct' | 'item_total_r' | 'valid';

export interface ItemResult {
  code: string;
  dimension: string;
  n: number;
  mean: number | null;
  sd: number | null;
  median: number | null;
  /** Answers per scale point: { "1": count, …, "5": count }. */
  distribution: Record<string, number>;
  favorable_pct: number | null;
  unfavorable_pct: number | null;
  /** Corrected item–total r within its dimension, as psych::alpha(na.omit(x))$item.stats$r.drop. */
  item_total_r: number | null;
  /** item_total_r ≥ thresholds.r_critical. */
  valid: boolean | null;
  null_reasons: NullReasons<ItemField>;
}

export interface FocusArea {
  focus: (typeof FOCUS_AREAS)[number];
  dimensions: { code: string; name: string; mean: number | null; gap: number | null; category: CategoryCode | null }[];
}

export interface RankedDimension {
  code: string;
  name: string;
  perspective: string;
  focus: string | null;
  mean: number;
  target: number;
  gap: number;
  category: CategoryCode;
}

export interface GroupRow {
  /** The unit or grade; null for respondents without one. */
  group: string | null;
  /** Respondents in the group (shown even when suppressed: the count alone reveals no answer). */
  n: number;
  suppressed: boolean;
  /** Mean respondent score per dimension code; null when suppressed or unknown (see null_reasons). */
  dimensions: Record<string, number | null>;
  /** Keyed by dimension code. */
  null_reasons: Record<string, NullReason>;
}

export interface GroupBreakdown {
  by: 'unit' | 'grade';
  rows: GroupRow[];
}

export interface AnalysisReport {
  /**
   * Respondents with at least one answer. This is the n of r_critical (df = n − 2) and of every
   * breakdown; a response with no answers at all carries no data and is only counted in blank_responses.
   */
  n: number;
  blank_responses: number;
  scale: { min: number; max: number };
  thresholds: {
    /** Critical r at α = 0.05 two-tailed for df = n − 2, with n the report's n (not a dimension's complete cases). */
    r_critical: number | null;
    alpha_min: number;
    min_group_size: number;
    category_boundary: CategoryBoundary;
    null_reasons: NullReasons<'r_critical'>;
  };
  perspectives: PerspectiveResult[];
  dimensions: DimensionResult[];
  items: ItemResult[];
  focus_areas: FocusArea[];
  /** Dimensions below target (gap < 0), largest shortfall first. Dimensions nobody answered are in neither list. */
  priorities: RankedDimension[];
  /** Dimensions at or above target (gap ≥ 0), highest gap first. */
  strengths: RankedDimension[];
  groups: GroupBreakdown[];
}

export interface ReportAccumulator {
  /** answers[i] is the value of layout.items[i]; 0 = missing. */
  add(answers: Uint8Array, groups: { unit: string | null; grade: string | null }): void;
  finish(): AnalysisReport;
}

interface GroupAccumulator {
  n: number;
  /** Per dimension, respondent-score buckets by number of items answered (same offsets as the overall buckets). */
  scoreCount: Float64Array;
  scoreSum: Float64Array;
}

/** Respondents who share one stored unit and grade, as stored (normalised only in finish()). */
interface CellAccumulator extends GroupAccumulator {
  unit: string | null;
  grade: string | null;
}

/**
 * Streams respondents into running sums; memory depends on the instrument and the number of
 * groups, never on the number of respondents. All sums are of small integers and stay exact, so
 * they may be added in any order: add() keeps one set per stored (unit, grade) cell, and finish()
 * adds the cells up into the unit and grade breakdowns.
 */
export function createReportAccumulator(layout: AnalysisLayout, options: AnalysisOptions): ReportAccumulator {
  checkOptions(options);
  const compiled = compileLayout(layout);
  const patternsFrom = options.patternsFrom ?? PATTERNS_FROM;
  const { itemCount, scaleMax, scopeCount, dimensionCount, scopeItemStart, scopeItems, dimensionPerspective } = compiled;
  const groupBy = [...new Set(options.groupBy)];

  // Answers per scale point per item; slot 0 counts missing answers.
  const countStride = scaleMax + 1;
  const itemCounts = new Float64Array(itemCount * countStride);

  // Respondent scores per scope, bucketed by the number of items answered j = 1..k (see descriptive.ts).
  const bucketStart = new Int32Array(scopeCount + 1);
  const crossStart = new Int32Array(scopeCount + 1);
  for (let s = 0; s < scopeCount; s += 1) {
    const k = scopeItemStart[s + 1] - scopeItemStart[s];
    bucketStart[s + 1] = bucketStart[s] + k + 1;
    crossStart[s + 1] = crossStart[s] + crossProductSize(k);
  }
  const scoreCount = new Float64Array(bucketStart[scopeCount]);
  const scoreSum = new Float64Array(bucketStart[scopeCount]);
  const scoreSumOfSquares = new Float64Array(bucketStart[scopeCount]);
  // Complete-case cross products per scope (see reliability.ts for the block layout).
  const crossProducts = new Float64Array(crossStart[scopeCount]);

  // Multiplying out the cross products of every complete case is most of the work per respondent.
  // For a dimension of few items it is cheaper to count its complete cases per answer pattern
  // (one increment) and multiply the patterns out once, in finish(). A perspective whose items run
  // dimension by dimension takes the products within such dimensions from patterns too, counted
  // over its own complete cases, and multiplies out only the pairs across dimensions. The same
  // integers are added either way, so every figure is exactly what multiplying out every case
  // gives, and the two may be mixed: patterns are counted only from the PATTERNS_FROM-th
  // respondent on, as their tables cost more than they save in a small round.
  const radix = scaleMax;
  const perspectiveCount = scopeCount - dimensionCount;
  const perspectiveDimensions: number[][] = Array.from({ length: perspectiveCount }, () => []);
  for (let d = 0; d < dimensionCount; d += 1) perspectiveDimensions[dimensionPerspective[d]].push(d);
  // Per dimension: complete cases by pattern; null while multiplied out (or when it has too many patterns).
  let dimensionPatterns: (Float64Array | null)[] = new Array<Float64Array | null>(dimensionCount).fill(null);
  // Per dimension: its patterns counted over the complete cases of its perspective (when that perspective uses them).
  let perspectivePatterns: (Float64Array | null)[] = new Array<Float64Array | null>(dimensionCount).fill(null);
  // Per perspective: null to multiply out every pair; otherwise, per item of the perspective (in
  // scope order), the first partner multiplied out, the earlier partners coming from patterns.
  let directFrom: (Int32Array | null)[] = new Array<Int32Array | null>(perspectiveCount).fill(null);

  function countPatternsFromNowOn(): void {
    dimensionPatterns = [];
    for (let d = 0; d < dimensionCount; d += 1) {
      const patterns = radix ** (scopeItemStart[d + 1] - scopeItemStart[d]);
      dimensionPatterns.push(patterns <= PATTERN_LIMIT ? new Float64Array(patterns) : null);
    }
    directFrom = [];
    for (let p = 0; p < perspectiveCount; p += 1) {
      const s = dimensionCount + p;
      const k = scopeItemStart[s + 1] - scopeItemStart[s];
      const runs = dimensionRuns(compiled, s);
      if (runs === null || !runs.some((run) => dimensionPatterns[run.dimension] !== null)) {
        directFrom.push(null);
        continue;
      }
      const from = new Int32Array(k);
      for (const run of runs) {
        const own = dimensionPatterns[run.dimension];
        if (own !== null) perspectivePatterns[run.dimension] = new Float64Array(own.length);
        for (let a = run.start; a < run.end; a += 1) from[a] = own !== null ? run.end : a;
      }
      directFrom.push(from);
    }
  }
  // Valid only for complete dimensions with patterns (elsewhere it may overflow, unused).
  const patternIndex = new Int32Array(dimensionCount);

  // Scratch space reused by every add(): answered items and their sum per scope.
  const scopeValues = new Float64Array(compiled.largestScope);
  const scopeAnswered = new Int32Array(scopeCount);
  const scopeSum = new Float64Array(scopeCount);
  const groupBuckets = bucketStart[dimensionCount];
  // Cells by stored unit, then stored grade; the last one used is kept, as answers often come in runs.
  const cells = new Map<string | null, Map<string | null, CellAccumulator>>();
  let lastCell: CellAccumulator | null = null;

  let respondents = 0;
  let blankResponses = 0;

  function cellOf(unit: string | null, grade: string | null): CellAccumulator {
    if (lastCell !== null && lastCell.unit === unit && lastCell.grade === grade) return lastCell;
    let byGrade = cells.get(unit);
    if (byGrade === undefined) {
      byGrade = new Map();
      cells.set(unit, byGrade);
    }
    let cell = byGrade.get(grade);
    if (cell === undefined) {
      cell = { unit, grade, n: 0, scoreCount: new Float64Array(groupBuckets), scoreSum: new Float64Array(groupBuckets) };
      byGrade.set(grade, cell);
    }
    lastCell = cell;
    return cell;
  }

  function add(answers: Uint8Array, groups: { unit: string | null; grade: string | null }): void {
    if (answers.length !== itemCount) {
      throw new RangeError(`expected ${itemCount} answers, got ${answers.length}`);
    }
    let answered = 0;
    for (let i = 0; i < itemCount; i += 1) {
      const value = answers[i];
      if (value > scaleMax) throw new RangeError(`answer ${value} for item ${layout.items[i].code} is above the scale maximum ${scaleMax}`);
      if (value !== 0) answered += 1;
    }
    if (answered === 0) {
      blankResponses += 1;
      return;
    }
    respondents += 1;
    if (respondents === patternsFrom) countPatternsFromNowOn();

    for (let i = 0; i < itemCount; i += 1) itemCounts[i * countStride + answers[i]] += 1;

    // Dimensions first; a perspective's count and sum are those of its dimensions added up.
    scopeAnswered.fill(0, dimensionCount);
    scopeSum.fill(0, dimensionCount);
    for (let d = 0; d < dimensionCount; d += 1) {
      let count = 0;
      let sum = 0;
      let pattern = 0;
      for (let position = scopeItemStart[d], end = scopeItemStart[d + 1]; position < end; position += 1) {
        const value = answers[scopeItems[position]];
        if (value !== 0) {
          count += 1;
          sum += value;
          pattern = pattern * radix + value - 1;
        }
      }
      scopeAnswered[d] = count;
      scopeSum[d] = sum;
      patternIndex[d] = pattern;
      const p = dimensionCount + dimensionPerspective[d];
      scopeAnswered[p] += count;
      scopeSum[p] += sum;
    }

    for (let s = 0; s < scopeCount; s += 1) {
      const count = scopeAnswered[s];
      if (count === 0) continue;
      const sum = scopeSum[s];
      const bucket = bucketStart[s] + count;
      scoreCount[bucket] += 1;
      scoreSum[bucket] += sum;
      scoreSumOfSquares[bucket] += sum * sum;
      const start = scopeItemStart[s];
      const k = scopeItemStart[s + 1] - start;
      if (count !== k) continue;
      if (s < dimensionCount) {
        const patterns = dimensionPatterns[s];
        if (patterns !== null) patterns[patternIndex[s]] += 1;
        else addCrossProducts(answers, start, k, crossStart[s], null);
        continue;
      }
      const from = directFrom[s - dimensionCount];
      addCrossProducts(answers, start, k, crossStart[s], from);
      if (from === null) continue;
      for (const d of perspectiveDimensions[s - dimensionCount]) {
        const patterns = perspectivePatterns[d];
        if (patterns !== null) patterns[patternIndex[d]] += 1;
      }
    }

    const cell = cellOf(groups.unit, groups.grade);
    cell.n += 1;
    for (let d = 0; d < dimensionCount; d += 1) {
      const count = scopeAnswered[d];
      if (count === 0) continue;
      cell.scoreCount[bucketStart[d] + count] += 1;
      cell.scoreSum[bucketStart[d] + count] += scopeSum[d];
    }
  }

  /**
   * One complete case of a scope of k items into its block: the case, Σxᵢ, then Σxᵢxⱼ for i ≤ j
   * (row by row), leaving out the pairs that come from patterns when `from` is given.
   */
  function addCrossProducts(answers: Uint8Array, start: number, k: number, block: number, from: Int32Array | null): void {
    for (let a = 0; a < k; a += 1) scopeValues[a] = answers[scopeItems[start + a]];
    crossProducts[block] += 1;
    let position = block + 1;
    for (let a = 0; a < k; a += 1) {
      crossProducts[position] += scopeValues[a];
      position += 1;
    }
    for (let a = 0; a < k; a += 1) {
      const valueA = scopeValues[a];
      const first = from === null ? a : from[a];
      position += first - a;
      for (let b = first; b < k; b += 1) {
        crossProducts[position] += valueA * scopeValues[b];
        position += 1;
      }
    }
  }

  /** The cross products with the pattern counts multiplied out (a copy: finish() may be called again). */
  function crossProductsWithPatterns(): Float64Array {
    const cross = crossProducts.slice();
    const values = new Int32Array(compiled.largestScope);
    for (let d = 0; d < dimensionCount; d += 1) {
      const k = scopeItemStart[d + 1] - scopeItemStart[d];
      const own = dimensionPatterns[d];
      if (own !== null) {
        // The dimension's own block: count, sums and products, all from its patterns.
        forEachPattern(own, k, radix, values, (count) => {
          let position = crossStart[d];
          cross[position] += count;
          position += 1;
          for (let a = 0; a < k; a += 1) {
            cross[position] += count * values[a];
            position += 1;
          }
          for (let a = 0; a < k; a += 1) {
            for (let b = a; b < k; b += 1) {
              cross[position] += count * values[a] * values[b];
              position += 1;
            }
          }
        });
      }
      const inPerspective = perspectivePatterns[d];
      if (inPerspective !== null) {
        // The products within the dimension in its perspective's block: the dimension's items are
        // one run there, from `offset`; the row of item a starts after the rows of the items before it.
        const s = dimensionCount + dimensionPerspective[d];
        const scopeK = scopeItemStart[s + 1] - scopeItemStart[s];
        const offset = dimensionRuns(compiled, s)!.find((run) => run.dimension === d)!.start;
        forEachPattern(inPerspective, k, radix, values, (count) => {
          for (let a = 0; a < k; a += 1) {
            const row = offset + a;
            const rowStart = crossStart[s] + 1 + scopeK + row * scopeK - (row * (row - 1)) / 2;
            for (let b = a; b < k; b += 1) cross[rowStart + (b - a)] += count * values[a] * values[b];
          }
        });
      }
    }
    return cross;
  }

  /**
   * The unit and grade breakdowns from the cells: blank and missing names are one group
   * (normaliseGroup), so cells stored as "A" and " A" join one group. Respondents per
   * unit × grade, which the roster tells an analyst anyway, are needed only when both breakdowns
   * are published, to check that together they pin down no small cell.
   */
  function groupsFromCells(): { groupMaps: Map<string | null, GroupAccumulator>[]; crossCells: Map<string, CellCount> | null } {
    const groupMaps = groupBy.map(() => new Map<string | null, GroupAccumulator>());
    const crossCells = groupBy.includes('unit') && groupBy.includes('grade') ? new Map<string, CellCount>() : null;
    for (const byGrade of cells.values()) {
      for (const cell of byGrade.values()) {
        const unit = normaliseGroup(cell.unit);
        const grade = normaliseGroup(cell.grade);
        if (crossCells !== null) {
          const key = JSON.stringify([unit, grade]);
          const crossCell = crossCells.get(key);
          if (crossCell) crossCell.count += cell.n;
          else crossCells.set(key, { unit, grade, count: cell.n });
        }
        for (let g = 0; g < groupBy.length; g += 1) {
          const key = groupBy[g] === 'unit' ? unit : grade;
          let group = groupMaps[g].get(key);
          if (group === undefined) {
            group = { n: 0, scoreCount: new Float64Array(groupBuckets), scoreSum: new Float64Array(groupBuckets) };
            groupMaps[g].set(key, group);
          }
          group.n += cell.n;
          for (let bucket = 0; bucket < groupBuckets; bucket += 1) {
            group.scoreCount[bucket] += cell.scoreCount[bucket];
            group.scoreSum[bucket] += cell.scoreSum[bucket];
          }
        }
      }
    }
    return { groupMaps, crossCells };
  }

  function finish(): AnalysisReport {
    const boundary = options.categoryBoundary ?? 'lower';
    const scale = { min: layout.scale.min, max: layout.scale.max };
    const rCritical = criticalR(respondents);
    const scopeSize = (s: number) => scopeItemStart[s + 1] - scopeItemStart[s];

    const reliabilities: Reliability[] = [];
    const cross = crossProductsWithPatterns();
    for (let s = 0; s < scopeCount; s += 1) reliabilities.push(reliabilityFromCrossProducts(cross, crossStart[s], scopeSize(s)));

    // Item–total r of each item within its own dimension.
    const itemTotal = new Array<Reliability['itemTotal'][number]>(itemCount);
    for (let d = 0; d < dimensionCount; d += 1) {
      for (let a = 0; a < scopeSize(d); a += 1) itemTotal[scopeItems[scopeItemStart[d] + a]] = reliabilities[d].itemTotal[a];
    }

    const answerCount = (i: number, values: number[]) => values.reduce((total, value) => total + itemCounts[i * countStride + value], 0);
    // Top two and bottom two points; on a 3-point scale they share the middle point.
    const favorableValues = [scaleMax, scaleMax - 1];
    const unfavorableValues = [1, 2];

    const items: ItemResult[] = layout.items.map((item, i) => {
      const statistics = statisticsFromCounts(itemCounts, i * countStride, scaleMax);
      const distribution: Record<string, number> = {};
      for (let value = 1; value <= scaleMax; value += 1) distribution[String(value)] = itemCounts[i * countStride + value];
      const { r, reason: rReason } = itemTotal[i];
      const valid = r === null || rCritical === null ? null : r >= rCritical;
      const nullReasons: NullReasons<ItemField> = {};
      if (statistics.n === 0) {
        Object.assign(nullReasons, { mean: 'no answers', sd: 'no answers', median: 'no answers', favorable_pct: 'no answers', unfavorable_pct: 'no answers' });
      } else if (statistics.sd === null) {
        nullReasons.sd = 'fewer than 2 answers';
      }
      if (rReason !== null) {
        nullReasons.item_total_r = rReason;
        nullReasons.valid = rReason;
      } else if (rCritical === null) {
        nullReasons.valid = 'fewer than 3 respondents';
      }
      return {
        code: item.code,
        dimension: item.dimension,
        n: statistics.n,
        mean: statistics.mean,
        sd: statistics.sd,
        median: statistics.median,
        distribution,
        favorable_pct: percentage(answerCount(i, favorableValues), statistics.n),
        unfavorable_pct: percentage(answerCount(i, unfavorableValues), statistics.n),
        item_total_r: r,
        valid,
        null_reasons: nullReasons,
      };
    });

    const scopeFigures = (s: number, target: number): { figures: ScoreFigures; nullReasons: NullReasons<ScoreField> } => {
      const statistics = statisticsFromScoreBuckets(scoreCount, scoreSum, scoreSumOfSquares, bucketStart[s], scopeSize(s));
      let favorable = 0;
      let answers = 0;
      for (let a = 0; a < scopeSize(s); a += 1) {
        const i = scopeItems[scopeItemStart[s] + a];
        favorable += answerCount(i, favorableValues);
        answers += items[i].n;
      }
      const { alpha, alphaReason, completeCases } = reliabilities[s];
      const mean = statistics.mean;
      const nullReasons: NullReasons<ScoreField> = {};
      if (mean === null) {
        Object.assign(nullReasons, { mean: 'no answers', sd: 'no answers', gap: 'no answers', ci95_low: 'no answers', ci95_high: 'no answers', target_status: 'no answers', achievement_pct: 'no answers', scale_pct: 'no answers', category: 'no answers', favorable_pct: 'no answers' });
      } else if (statistics.sd === null) {
        nullReasons.sd = 'fewer than 2 answers';
        Object.assign(nullReasons, { ci95_low: 'fewer than 2 answers', ci95_high: 'fewer than 2 answers', target_status: 'fewer than 2 answers' });
      }
      if (mean !== null && target === 0) nullReasons.achievement_pct = 'target is 0';
      const interval = confidenceInterval95(mean, statistics.sd, statistics.n);
      if (alphaReason !== null) {
        nullReasons.alpha = alphaReason;
        nullReasons.reliable = alphaReason;
      }
      return {
        figures: {
          n: statistics.n,
          mean,
          sd: statistics.sd,
          target,
          gap: mean === null ? null : mean - target,
          ci95_low: interval?.low ?? null,
          ci95_high: interval?.high ?? null,
          target_status: interval === null ? null : targetStatus(interval, target),
          achievement_pct: mean === null || target === 0 ? null : (mean / target) * 100,
          scale_pct: mean === null ? null : (mean / scaleMax) * 100,
          category: mean === null ? null : categorize(mean, scale, boundary),
          favorable_pct: percentage(favorable, answers),
          alpha,
          complete_cases: completeCases,
          reliable: alpha === null ? null : alpha >= options.alphaMin,
        },
        nullReasons,
      };
    };

    const dimensions: DimensionResult[] = layout.dimensions.map((dimension, d) => {
      const { figures, nullReasons } = scopeFigures(d, dimension.target);
      return { code: dimension.code, perspective: dimension.perspective, focus: dimension.focus, name: dimension.name, ...figures, null_reasons: nullReasons };
    });
    const perspectives: PerspectiveResult[] = layout.perspectives.map((perspective, p) => {
      const { figures, nullReasons } = scopeFigures(dimensionCount + p, perspective.target);
      return { code: perspective.code, name: perspective.name, ...figures, null_reasons: nullReasons };
    });

    const focusAreas: FocusArea[] = FOCUS_AREAS.map((focus) => ({
      focus,
      dimensions: dimensions
        .filter((dimension) => dimension.focus === focus)
        .map((dimension) => ({ code: dimension.code, name: dimension.name, mean: dimension.mean, gap: dimension.gap, category: dimension.category })),
    }));

    const ranked: RankedDimension[] = [];
    for (const dimension of dimensions) {
      if (dimension.mean === null || dimension.gap === null || dimension.category === null) continue;
      ranked.push({
        code: dimension.code,
        name: dimension.name,
        perspective: dimension.perspective,
        focus: dimension.focus,
        mean: dimension.mean,
        target: dimension.target,
        gap: dimension.gap,
        category: dimension.category,
      });
    }
    // Array.prototype.sort is stable: equal gaps keep instrument order.
    const priorities = ranked.filter((dimension) => dimension.gap < 0).sort((a, b) => a.gap - b.gap);
    const strengths = ranked.filter((dimension) => dimension.gap >= 0).sort((a, b) => b.gap - a.gap);

    const { groupMaps, crossCells } = groupsFromCells();
    const breakdowns = groupMaps.map(suppressGroups);
    if (crossCells !== null) {
      const unitRows = breakdowns[groupBy.indexOf('unit')];
      const gradeRows = breakdowns[groupBy.indexOf('grade')];
      suppressPinnedCells([...crossCells.values()], unitRows, gradeRows, options.minGroupSize, respondents);
    }
    const groups: GroupBreakdown[] = groupBy.map((by, g) => ({ by, rows: groupRows(groupMaps[g], breakdowns[g].hidden) }));

    return {
      n: respondents,
      blank_responses: blankResponses,
      scale,
      thresholds: {
        r_critical: rCritical,
        alpha_min: options.alphaMin,
        min_group_size: options.minGroupSize,
        category_boundary: boundary,
        null_reasons: rCritical === null ? { r_critical: 'fewer than 3 respondents' } : {},
      },
      perspectives,
      dimensions,
      items,
      focus_areas: focusAreas,
      priorities,
      strengths,
      groups,
    };
  }

  /** Groups in display order and which of them the breakdown's own rule hides. */
  function suppressGroups(groupMap: Map<string | null, GroupAccumulator>): BreakdownRows {
    const groups = [...groupMap.entries()].sort(([a], [b]) => compareGroupNames(a, b)).map(([group, accumulator]) => ({ group, n: accumulator.n }));
    return {
      groups,
      hidden: chooseSuppressed(
        groups.map((entry) => entry.n),
        options.minGroupSize,
      ),
    };
  }

  function groupRows(groupMap: Map<string | null, GroupAccumulator>, rowHidden: readonly boolean[]): GroupRow[] {
    const entries = [...groupMap.entries()].sort(([a], [b]) => compareGroupNames(a, b));
    const rows: GroupRow[] = entries.map(([name, group], r) => ({
      group: name,
      n: group.n,
      suppressed: rowHidden[r],
      dimensions: {},
      null_reasons: {},
    }));

    layout.dimensions.forEach((dimension, d) => {
      const k = scopeItemStart[d + 1] - scopeItemStart[d];
      const cells = entries.map(([, group]) => statisticsFromScoreBuckets(group.scoreCount, group.scoreSum, null, bucketStart[d], k));
      // A shown group where only one or two members answered this dimension would reveal their answers:
      // suppress such cells the same way, with the hidden rows already counting as hidden.
      const cellHidden = chooseSuppressed(
        cells.map((cell) => cell.n),
        options.minGroupSize,
        rowHidden,
      );
      rows.forEach((row, r) => {
        let reason: NullReason | null = null;
        if (rowHidden[r]) reason = 'group suppressed';
        else if (cellHidden[r]) reason = 'cell suppressed';
        else if (cells[r].mean === null) reason = 'no answers';
        row.dimensions[dimension.code] = reason === null ? cells[r].mean : null;
        if (reason !== null) row.null_reasons[dimension.code] = reason;
      });
    });
    return rows;
  }

  return { add, finish };
}

/** Patterns of a dimension counted one by one up to this many (5 points and 6 items: 15,625). */
const PATTERN_LIMIT = 1 << 15;
/** The respondent from whom complete cases are counted per pattern (see createReportAccumulator). */
export const PATTERNS_FROM = 20_000;

/**
 * Calls `visit` for every answer pattern with a non-zero count, with `values` holding its answers:
 * pattern index = Σ (value − 1)·radix^(k − 1 − a), the first item the most significant digit.
 */
function forEachPattern(counts: Float64Array, k: number, radix: number, values: Int32Array, visit: (count: number) => void): void {
  for (let pattern = 0; pattern < counts.length; pattern += 1) {
    const count = counts[pattern];
    if (count === 0) continue;
    let rest = pattern;
    for (let a = k - 1; a >= 0; a -= 1) {
      values[a] = (rest % radix) + 1;
      rest = Math.floor(rest / radix);
    }
    visit(count);
  }
}

/**
 * The items of a perspective's scope as runs of one dimension each, in scope order; null when a
 * dimension's items are not all in one run (then its products cannot be placed as one block).
 */
function dimensionRuns(compiled: CompiledLayout, scope: number): { dimension: number; start: number; end: number }[] | null {
  const start = compiled.scopeItemStart[scope];
  const k = compiled.scopeItemStart[scope + 1] - start;
  const runs: { dimension: number; start: number; end: number }[] = [];
  for (let a = 0; a < k; a += 1) {
    const dimension = compiled.itemDimension[compiled.scopeItems[start + a]];
    const last = runs[runs.length - 1];
    if (last !== undefined && last.dimension === dimension) last.end = a + 1;
    else if (runs.some((run) => run.dimension === dimension)) return null;
    else runs.push({ dimension, start: a, end: a + 1 });
  }
  return runs;
}

function checkOptions(options: AnalysisOptions): void {
  if (!Number.isInteger(options.minGroupSize) || options.minGroupSize < 3) {
    throw new RangeError(`minGroupSize must be an integer of at least 3, got ${options.minGroupSize}`);
  }
  if (!Number.isFinite(options.alphaMin)) throw new RangeError(`alphaMin must be a number, got ${options.alphaMin}`);
  for (const by of options.groupBy) {
    if (by !== 'unit' && by !== 'grade') throw new RangeError(`cannot group by ${String(by)}`);
  }
}

/** By code unit (locale-independent, so the order is the same on every server); the null group last. */
function compareGroupNames(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}

/** mean ∓ t(0.975, n − 1)·sd/√n, the interval R's t.test(x)$conf.int gives; null when n < 2. */
export function confidenceInterval95(mean: number | null, sd: number | null, n: number): { low: number; high: number } | null {
  if (mean === null || sd === null || n < 2) return null;
  const halfWidth = (tQuantile(0.975, n - 1) * sd) / Math.sqrt(n);
  return { low: mean - halfWidth, high: mean + halfWidth };
}

export function targetStatus(interval: { low: number; high: number }, target: number): TargetStatus {
  if (interval.high < target) return 'below_target';
  if (interval.low >= target) return 'at_or_above_target';
  return 'near_target';
}
