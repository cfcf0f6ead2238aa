import type { Db } from '../db/connection';
import { countPaperByUnit } from '../db/responses';
import { countStatusByUnit, listRoster } from '../db/roster';
import { getRound } from './rounds';

export interface UnitStatus {
  unit: string | null;
  invited: number;
  started: number;
  completed: number;
  paper: number;
  response_rate: number | null;
}

export interface RoundStatus {
  round_id: number;
  /** Everyone on the roster. */
  invited: number;
  /** Began online but have not submitted. */
  started: number;
  /** Submitted online through their personal link. */
  completed: number;
  /** Paper forms imported (their roster entries cannot be marked: the forms are anonymous). */
  paper: number;
  /** (completed + paper) / invited, 0–1; null while nobody is invited. */
  response_rate: number | null;
  /** More responses (online + paper) than employees on the roster: the roster or the paper import needs checking. */
  exceeds_roster: boolean;
  min_group_size: number;
  units: UnitStatus[];
}

/**
 * responses / invited, at most 1. Paper forms cannot be matched to the roster, so more forms than
 * invited employees (forms imported twice under new numbers, an incomplete roster) would read as
 * more than 100 %: the rate stops at 1 and `exceeds_roster` tells the analyst to check.
 */
export function responseRate(responses: number, invited: number): number | null {
  return invited > 0 ? Math.min(1, responses / invited) : null;
}

/**
 * Invited, started, completed and paper counts, overall and per unit. Not suppressed: the same page
 * names everyone who has not completed (for reminders), so per-unit counts are no secret. What
 * protects employees is that no answer is published while a round is open, and only in blocks of
 * at least the minimum online respondents (survey/release.ts).
 */
export function roundStatus(db: Db, roundId: number): RoundStatus {
  const round = getRound(db, roundId);
  const paperByUnit = countPaperByUnit(db, roundId);
  const rows = countStatusByUnit(db, roundId).map((row) => ({ ...row, unit: row.unit as string | null, paper: paperByUnit.get(row.unit) ?? 0 }));
  // Paper forms may name a unit that is not on the roster (when the analyst allowed new units).
  const rosterUnits = new Set(rows.map((row) => row.unit));
  for (const [unit, paper] of paperByUnit) {
    if (!rosterUnits.has(unit as string)) rows.push({ unit, invited: 0, started: 0, completed: 0, paper });
  }
  const total = rows.reduce(
    (sum, row) => ({ invited: sum.invited + row.invited, started: sum.started + row.started, completed: sum.completed + row.completed, paper: sum.paper + row.paper }),
    { invited: 0, started: 0, completed: 0, paper: 0 },
  );
  return {
    round_id: roundId,
    ...total,
    response_rate: responseRate(total.completed + total.paper, total.invited),
    exceeds_roster: total.completed + total.paper > total.invited,
    min_group_size: round.row.min_group_size,
    units: rows.map((row) => ({
      unit: row.unit,
      invited: row.invited,
      started: row.started,
      completed: row.completed,
      paper: row.paper,
      response_rate: responseRate(row.completed + row.paper, row.invited),
    })),
  };
}

/** Who has not completed online yet, for reminders: names and units only, never answers. */
export function notCompleted(db: Db, roundId: number): { id: number; name: string; unit: string; email: string | null; started: boolean }[] {
  return listRoster(db, roundId)
    .filter((entry) => entry.status !== 'completed')
    .map((entry) => ({ id: entry.id, name: entry.name, unit: entry.unit, email: entry.email, started: entry.status === 'started' }));
}
