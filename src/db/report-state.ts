import { prepared, type Db } from './connection';

/** A round's report versions (migration 0013; kept by triggers, never written from code). */
export interface ReportStateRow {
  version: number;
  results_version: number;
}

/** By primary key: cheap enough to ask on every report. Undefined for a round that never existed. */
export function findReportState(db: Db, roundId: number): ReportStateRow | undefined {
  return prepared(db, 'SELECT version, results_version FROM report_state WHERE round_id = ?').get(roundId) as ReportStateRow | undefined;
}
