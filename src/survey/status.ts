import { chooseSuppressed } from '../analysis/suppression';
import type { Db } from '../db/connection';
import { countStatusByUnit, listRoster } from '../db/roster';
import { getRound } from './rounds';

export interface UnitStatus {
  unit: string;
  suppressed: boolean;
  invited: number | null;
  started: number | null;
  completed: number | null;
  response_rate: number | null;
}

export interface RoundStatus {
  round_id: number;
  invited: number;
  started: number;
  completed: number;
  /** completed / invited, 0–1; null while nobody is invited. */
  response_rate: number | null;
  min_group_size: number;
  units: UnitStatus[];
}

function rate(completed: number, invited: number): number | null {
  return invited > 0 ? completed / invited : null;
}

/**
 * Invited, started and completed counts. Units smaller than the round's minimum group size are
 * suppressed (with complementary suppression, as in the report) so that a unit of two cannot be
 * watched employee by employee; the totals stay exact.
 */
export function roundStatus(db: Db, roundId: number): RoundStatus {
  const round = getRound(db, roundId);
  const rows = countStatusByUnit(db, roundId);
  const hidden = chooseSuppressed(
    rows.map((row) => row.invited),
    round.row.min_group_size,
  );
  const total = rows.reduce(
    (sum, row) => ({ invited: sum.invited + row.invited, started: sum.started + row.started, completed: sum.completed + row.completed }),
    { invited: 0, started: 0, completed: 0 },
  );
  return {
    round_id: roundId,
    ...total,
    response_rate: rate(total.completed, total.invited),
    min_group_size: round.row.min_group_size,
    units: rows.map((row, index) =>
      hidden[index]
        ? { unit: row.unit, suppressed: true, invited: null, started: null, completed: null, response_rate: null }
        : { unit: row.unit, suppressed: false, invited: row.invited, started: row.started, completed: row.completed, response_rate: rate(row.completed, row.invited) },
    ),
  };
}

/** Who has not completed yet, for reminders: names and units only, never answers. */
export function notCompleted(db: Db, roundId: number): { id: number; name: string; unit: string; email: string | null; started: boolean }[] {
  return listRoster(db, roundId)
    .filter((entry) => entry.status !== 'completed')
    .map((entry) => ({ id: entry.id, name: entry.name, unit: entry.unit, email: entry.email, started: entry.status === 'started' }));
}
