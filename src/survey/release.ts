import { planRelease } from '../analysis/disclosure';
import type { Db } from '../db/connection';
import { blankPendingOnline, countPendingCells, latestRelease, releaseComments, releaseWaiting } from '../db/responses';
import { findRound } from '../db/rounds';
import { rebuildStorage } from '../db/storage';
import { recordAudit } from '../audit/log';

/** A stored unit and grade as one map key (null and text kept apart). */
const cellKey = (unit: string | null, grade: string | null) => JSON.stringify([unit, grade]);

/**
 * Publishes a round's waiting answers, on the write that makes them publishable: closing the round
 * (by hand, or its closing date passing), or importing paper forms into a closed round. Reads
 * never release anything, so no role can force a release by opening a page.
 *
 * While a round is open nothing is released: the report shows counts only. At a close the
 * waiting online answers are released all together, and only when they are at least the minimum
 * group size; their unit and grade are coarsened so that no group changes by fewer (see
 * analysis/disclosure.ts). Waiting paper forms are released at the close too (their typist knows
 * them anyway; they never lift an online group over the minimum). A reopened round keeps showing
 * what was released; later answers wait for the next close under the same rule.
 *
 * Each release is recorded in the audit log, in its transaction, as `actor`'s.
 *
 * After a release (or when answers are held back) the tables are rebuilt, so that no page of the
 * file keeps responses or comments in the order they were written.
 */

export function releaseResults(db: Db, roundId: number, now: Date, actor: string, why?: string): { online: number; paper: number } {
  const outcome = db
    .transaction(() => {
      const round = findRound(db, roundId);
      if (!round) return { online: 0, paper: 0, held: 0 };
      const pending = countPendingCells(db, roundId);
      if (pending.length === 0) return { online: 0, paper: 0, held: 0 };
      const plan = planRelease(pending, round.min_group_size);
      // Online answers that must wait (fewer than the minimum since the last release) lose their
      // unit and grade now: the round is closed, and a copy of the file must not join them with the
      // roster. They join a later release under the blank label. (Counted once: only those not yet blank.)
      const held = plan.online === 0 ? blankPendingOnline(db, roundId) : 0;
      if (plan.online === 0 && plan.paper === 0) return { online: 0, paper: 0, held };
      const release = latestRelease(db, roundId) + 1;
      const decisions = new Map(pending.map((cell, index) => [cellKey(cell.unit, cell.grade), plan.cells[index]]));
      releaseWaiting(db, roundId, release, (row) => {
        const decision = decisions.get(cellKey(row.unit, row.grade));
        if (!decision || !(row.channel === 'online' ? decision.releaseOnline : decision.releasePaper)) return null;
        return { unit: decision.unit, grade: decision.grade };
      });
      releaseComments(db, roundId, release, plan.online > 0 ? 'all' : 'paper');
      recordAudit(db, { actor, action: 'round.release', roundId, details: { online: plan.online, paper: plan.paper, ...(why ? { by: why } : {}) } }, now);
      return { online: plan.online, paper: plan.paper, held };
    })
    .immediate();
  if (outcome.online + outcome.paper + outcome.held > 0) rebuildStorage(db);
  return { online: outcome.online, paper: outcome.paper };
}
