import type { AnalysisReport } from './report';
import { cohensD, welchTest, type WelchNullReason } from './two-sample';

export type ComparisonNullReason = 'not in current round' | 'not in previous round' | 'no answers in current round' | 'no answers in previous round';

/**
 * Why a row has no test (p_value, significant, cohens_d null): the change itself is missing (the
 * same reason as null_reason), a round has fewer than 2 respondent scores, or neither round's scores
 * vary (R's t.test refuses "essentially constant" data).
 */
export type ComparisonTestNullReason =
  | ComparisonNullReason
  | 'fewer than 2 respondents in current round'
  | 'fewer than 2 respondents in previous round'
  | 'no variance in either round';

/** 'rise' / 'fall' only for a significant change; a tested change that is not significant is 'unchanged' (within noise). */
export type ComparisonDirection = 'rise' | 'fall' | 'unchanged';

/** Welch's p below which a change is called a rise or fall; above it the change is within noise. Fixed, not a setting. */
export const SIGNIFICANCE_LEVEL = 0.05;

export interface ComparisonRow {
  code: string;
  name: string;
  /** Respondents with a score in each round; null when that round does not have the dimension or perspective. */
  current_n: number | null;
  previous_n: number | null;
  current_mean: number | null;
  previous_mean: number | null;
  /** current_mean − previous_mean; positive = improved. Null unless both means exist. */
  change: number | null;
  null_reason: ComparisonNullReason | null;
  /** Welch's two-sample t-test of the respondent scores, now against then: R t.test(now, then)$p.value. */
  p_value: number | null;
  /** p_value < 0.05. */
  significant: boolean | null;
  /** change / pooled SD of the two rounds' respondent scores (Cohen's d, sign as change). */
  cohens_d: number | null;
  /**
   * The test's verdict; null exactly when p_value is null (no test, no verdict): always when change
   * is null, and also when, say, everyone answered 3 then everyone 4, which R's t.test refuses.
   */
  direction: ComparisonDirection | null;
  /** Set exactly when p_value is null. */
  test_null_reason: ComparisonTestNullReason | null;
}

export interface Comparison {
  perspectives: ComparisonRow[];
  dimensions: ComparisonRow[];
}

/**
 * Change per perspective and dimension between two rounds, matched by code. Rows follow the
 * current round's order; codes that only the previous round had come last (their name from it).
 * The test needs only each round's n, mean and SD of respondent scores, which the reports carry.
 */
export function compareReports(current: AnalysisReport, previous: AnalysisReport): Comparison {
  return {
    perspectives: compareRows(current.perspectives, previous.perspectives),
    dimensions: compareRows(current.dimensions, previous.dimensions),
  };
}

interface ScoreRow {
  code: string;
  name: string;
  n: number;
  mean: number | null;
  sd: number | null;
}

function compareRows(current: readonly ScoreRow[], previous: readonly ScoreRow[]): ComparisonRow[] {
  const previousByCode = new Map(previous.map((row) => [row.code, row]));
  const currentCodes = new Set(current.map((row) => row.code));
  const rows = current.map((row) => compareRow(row.code, row.name, row, previousByCode.get(row.code)));
  for (const row of previous) {
    if (!currentCodes.has(row.code)) rows.push(compareRow(row.code, row.name, undefined, row));
  }
  return rows;
}

const TEST_NULL_REASONS: Record<WelchNullReason, ComparisonTestNullReason> = {
  'fewer than 2 in a': 'fewer than 2 respondents in current round',
  'fewer than 2 in b': 'fewer than 2 respondents in previous round',
  'essentially constant': 'no variance in either round',
};

function compareRow(code: string, name: string, current: ScoreRow | undefined, previous: ScoreRow | undefined): ComparisonRow {
  const currentMean = current?.mean ?? null;
  const previousMean = previous?.mean ?? null;
  let nullReason: ComparisonNullReason | null = null;
  if (current === undefined) nullReason = 'not in current round';
  else if (previous === undefined) nullReason = 'not in previous round';
  else if (currentMean === null) nullReason = 'no answers in current round';
  else if (previousMean === null) nullReason = 'no answers in previous round';
  const change = currentMean === null || previousMean === null ? null : currentMean - previousMean;

  let pValue: number | null = null;
  let cohens: number | null = null;
  let testNullReason: ComparisonTestNullReason | null = nullReason;
  if (current !== undefined && previous !== undefined && change !== null) {
    const { test, reason } = welchTest(current, previous);
    if (test === null) testNullReason = TEST_NULL_REASONS[reason];
    else {
      pValue = test.p_value;
      cohens = cohensD(current, previous);
    }
  }
  const significant = pValue === null ? null : pValue < SIGNIFICANCE_LEVEL;
  let direction: ComparisonDirection | null = null;
  if (change !== null && significant !== null) direction = significant ? (change > 0 ? 'rise' : 'fall') : 'unchanged';
  return {
    code,
    name,
    current_n: current?.n ?? null,
    previous_n: previous?.n ?? null,
    current_mean: currentMean,
    previous_mean: previousMean,
    change,
    null_reason: nullReason,
    p_value: pValue,
    significant,
    cohens_d: cohens,
    direction,
    test_null_reason: testNullReason,
  };
}
