import type { AnalysisReport } from './report';

export type ComparisonNullReason = 'not in current round' | 'not in previous round' | 'no answers in current round' | 'no answers in previous round';

export interface ComparisonRow {
  code: string;
  name: string;
  current_mean: number | null;
  previous_mean: number | null;
  /** current_mean − previous_mean; positive = improved. Null unless both means exist. */
  change: number | null;
  null_reason: ComparisonNullReason | null;
}

export interface Comparison {
  perspectives: ComparisonRow[];
  dimensions: ComparisonRow[];
}

/**
 * Change per perspective and dimension between two rounds, matched by code. Rows follow the
 * current round's order; codes that only the previous round had come last (their name from it).
 */
export function compareReports(current: AnalysisReport, previous: AnalysisReport): Comparison {
  return {
    perspectives: compareRows(current.perspectives, previous.perspectives),
    dimensions: compareRows(current.dimensions, previous.dimensions),
  };
}

interface MeanRow {
  code: string;
  name: string;
  mean: number | null;
}

function compareRows(current: readonly MeanRow[], previous: readonly MeanRow[]): ComparisonRow[] {
  const previousByCode = new Map(previous.map((row) => [row.code, row]));
  const currentCodes = new Set(current.map((row) => row.code));
  const rows = current.map((row) => compareRow(row.code, row.name, row, previousByCode.get(row.code)));
  for (const row of previous) {
    if (!currentCodes.has(row.code)) rows.push(compareRow(row.code, row.name, undefined, row));
  }
  return rows;
}

function compareRow(code: string, name: string, current: MeanRow | undefined, previous: MeanRow | undefined): ComparisonRow {
  const currentMean = current?.mean ?? null;
  const previousMean = previous?.mean ?? null;
  let nullReason: ComparisonNullReason | null = null;
  if (current === undefined) nullReason = 'not in current round';
  else if (previous === undefined) nullReason = 'not in previous round';
  else if (currentMean === null) nullReason = 'no answers in current round';
  else if (previousMean === null) nullReason = 'no answers in previous round';
  return {
    code,
    name,
    current_mean: currentMean,
    previous_mean: previousMean,
    change: currentMean === null || previousMean === null ? null : currentMean - previousMean,
    null_reason: nullReason,
  };
}
