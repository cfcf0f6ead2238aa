import type { Db } from '../db/connection';
import { countResponses, releasePending } from '../db/responses';
import { roundState, type Round } from './rounds';

/**
 * Decides whether answers stored since the last release join the results now.
 *
 * The roster shows who has completed, so if every new answer joined the report at once, an
 * analyst could compare two reports (or raw-data downloads) taken either side of one employee's
 * completion and subtract: the difference is that employee's answers and comment. So while a
 * round is open, new answers are released only in batches of at least the round's minimum group
 * size. When the round is closed everything is released, since the final report must count
 * everyone; the README names the residual risk of a last batch smaller than the minimum.
 */
export function releaseResults(db: Db, round: Round, today: string | undefined): void {
  db.transaction(() => {
    const { pending } = countResponses(db, round.row.id);
    if (pending === 0) return;
    const closed = today === undefined ? round.row.closed_at !== null : roundState(round.row, today) === 'closed';
    if (pending >= round.row.min_group_size || closed) releasePending(db, round.row.id);
  }).immediate();
}
