import { z } from 'zod';
import type { Db } from '../db/connection';
import { listPlansOfRound } from '../db/plans';
import {
  copyRoster,
  copyRoundTargets,
  countReferencing,
  countRoundContents,
  deleteRoundRow,
  insertRoundCopy,
  nextRoundId,
  roundReferences,
  setRoundArchived,
  type RoundContents,
} from '../db/round-lifecycle';
import { recordAudit } from '../audit/log';
import { AppError, problemsFromZod, ValidationError } from '../errors';
import { getRound, type Round } from './rounds';

/**
 * A round's life after its survey: archived (put away, kept whole), deleted (a test round, a
 * mistake: everything of it removed), or continued by the next round with the same settings,
 * targets and people.
 */

export function archivedAt(round: Round): string | null {
  return round.row.archived_at;
}

export function archiveRound(db: Db, id: number, now: Date, actor: string): void {
  db.transaction(() => {
    const round = getRound(db, id);
    if (archivedAt(round) !== null) return;
    setRoundArchived(db, id, now.toISOString());
    recordAudit(db, { actor, action: 'round.archive', roundId: id, details: { name: round.row.name } }, now);
  }).immediate();
}

export function unarchiveRound(db: Db, id: number, now: Date, actor: string): void {
  db.transaction(() => {
    const round = getRound(db, id);
    if (archivedAt(round) === null) return;
    setRoundArchived(db, id, null);
    recordAudit(db, { actor, action: 'round.unarchive', roundId: id, details: { name: round.row.name } }, now);
  }).immediate();
}

/** Why a round cannot be deleted as it stands: something outside it points at it. */
export class RoundDeleteRefused extends AppError {
  constructor(
    readonly code: 'cited_by_plans' | 'referenced',
    readonly names: string[],
    message: string,
  ) {
    super(409, message);
  }
}

/**
 * Deletes a round and everything that belongs to it, in one transaction: roster, personal links,
 * drafts, answers (online and paper), comments, paper batches and their rejects, waiting
 * uploads, targets. The name must be typed exactly (surrounding spaces aside) as confirmation.
 *
 * What stays: the audit log (it must outlive what it names; the deletion itself is recorded with
 * the name and the counts), and the round's report versions (report_state), so that no cached
 * report is ever served for its id again; new rounds never take a deleted round's id (nextRoundId).
 *
 * A plan whose baseline or evaluation the round is keeps it from being deleted: the plan's
 * diagnosis and its survey indicators read the round's report, and silently detaching it would
 * change a signed plan. The message names the plans; remove the round from them first.
 */
export function deleteRound(db: Db, id: number, typedName: unknown, now: Date, actor: string): RoundContents {
  const round = getRound(db, id);
  if (typeof typedName !== 'string' || typedName.trim() !== round.row.name.trim()) {
    throw new ValidationError('The round was not deleted', [{ field: 'confirm_name', message: 'type the name of the round exactly as shown' }]);
  }
  return db
    .transaction(() => {
      const plans = listPlansOfRound(db, id);
      if (plans.length > 0) {
        throw new RoundDeleteRefused('cited_by_plans', plans.map((plan) => plan.name), `the round is the baseline or an evaluation of ${plans.map((plan) => `"${plan.name}"`).join(', ')}`);
      }
      // Any other table that points at rounds without ON DELETE CASCADE (a later migration's)
      // would make the DELETE fail on its foreign key: say which, and delete nothing.
      const holding = roundReferences(db).filter((reference) => reference.onDelete !== 'CASCADE' && reference.table !== 'plan_rounds' && countReferencing(db, reference, id) > 0);
      if (holding.length > 0) {
        throw new RoundDeleteRefused('referenced', holding.map((reference) => reference.table), `the round is still referenced by ${holding.map((reference) => reference.table).join(', ')}`);
      }
      const contents = countRoundContents(db, id);
      deleteRoundRow(db, id);
      recordAudit(db, { actor, action: 'round.delete', roundId: id, details: { name: round.row.name, instrument: round.instrument.definition.code, ...contents } }, now);
      return contents;
    })
    .immediate();
}

/** The next round's name: the last number in this one counted up ("Survei 2026" → "Survei 2027"), else the name and " 2". */
export function suggestNextName(name: string): string {
  const match = /(\d+)(?!.*\d)/.exec(name);
  if (!match) return `${name} 2`;
  const next = String(Number(match[1]) + 1).padStart(match[1].length, '0');
  return name.slice(0, match.index) + next + name.slice(match.index + match[1].length);
}

const NextRoundSchema = z.object({ name: z.string().trim().min(1, 'a name is required').max(200) });

/**
 * Starts the next round from this one: a new open round with the same instrument and settings
 * (target, minimum group size, organiser, contact person, …; every setting column is copied),
 * the same per-dimension targets and the same roster, without dates. The roster's people come
 * without their personal links and without how far they got: everyone is invited afresh, with a
 * new link made when the links are created. Answers, comments and paper forms stay with the old round.
 */
export function startNextRound(db: Db, fromId: number, input: unknown, now: Date, actor: string): { id: number; roster: number; targets: number } {
  const from = getRound(db, fromId);
  const parsed = NextRoundSchema.safeParse(input);
  if (!parsed.success) throw new ValidationError('The round could not be created', problemsFromZod(parsed.error.issues));
  return db
    .transaction(() => {
      const id = insertRoundCopy(db, fromId, { id: nextRoundId(db), name: parsed.data.name, created_at: now.toISOString() });
      const targets = copyRoundTargets(db, fromId, id);
      const roster = copyRoster(db, fromId, id);
      recordAudit(db, { actor, action: 'round.next', roundId: id, details: { name: parsed.data.name, from_round: fromId, from_name: from.row.name, roster, targets } }, now);
      return { id, roster, targets };
    })
    .immediate();
}
