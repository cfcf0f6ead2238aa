import type { Db } from '../../src/db/connection';
import { insertComment, insertResponse } from '../../src/db/responses';
import { addRosterEntry } from '../../src/survey/roster';
import { createRound, getRound, type Round } from '../../src/survey/rounds';

export interface Respondent {
  unit: string | null;
  grade: string | null;
  /** The answer to every item, or a function of the item's index and code; 0 = missing. */
  answer: number | ((index: number, code: string) => number);
  channel?: 'online' | 'paper';
}

/** A round of the default instrument with the given respondents stored as anonymous responses. */
export function roundWithResponses(db: Db, respondents: readonly Respondent[], options: { name?: string; minGroupSize?: number; invited?: number } = {}): Round {
  const round = createRound(db, { name: options.name ?? 'Diagnosis 2026', min_group_size: options.minGroupSize ? String(options.minGroupSize) : undefined }, new Date('2026-11-01T00:00:00Z'), 'test');
  addResponses(db, round, respondents);
  for (let index = 0; index < (options.invited ?? 0); index += 1) addRosterEntry(db, round.row.id, { name: `Pegawai ${index + 1}`, unit: 'Subdit A' }, new Date(), 'test');
  return getRound(db, round.row.id);
}

/**
 * Stored as already published (release 1), with their units and grades as given: the report's
 * own suppression is tested on any data, not only on what a release lets through.
 */
export function addResponses(db: Db, round: Round, respondents: readonly Respondent[]): void {
  for (const respondent of respondents) {
    const answers = Buffer.from(
      round.instrument.items.map((item) => (typeof respondent.answer === 'number' ? respondent.answer : respondent.answer(item.index, item.code))),
    );
    insertResponse(db, {
      round_id: round.row.id,
      channel: respondent.channel ?? 'online',
      unit: respondent.unit,
      grade: respondent.grade,
      answers,
      submitted_on: '2026-11-20',
      form_id: null,
      batch_id: null,
    });
  }
  db.prepare('UPDATE responses SET release = 1 WHERE round_id = ? AND release IS NULL').run(round.row.id);
}

export function addComments(db: Db, round: Round, comments: { perspective: string; text: string }[]): void {
  for (const comment of comments) insertComment(db, { round_id: round.row.id, perspective_code: comment.perspective, text: comment.text, batch_id: null });
  db.prepare('UPDATE comments SET release = 1 WHERE round_id = ? AND release IS NULL').run(round.row.id);
}

/** n respondents of one unit and grade answering with a deterministic spread (so SDs and alphas exist). */
export function varied(unit: string | null, grade: string | null, n: number, base: number): Respondent[] {
  return Array.from({ length: n }, (_, r) => ({
    unit,
    grade,
    answer: (index: number) => Math.min(5, Math.max(1, base + ((r + index) % 3) - 1 + (r % 2))),
  }));
}

/**
 * Three units under a minimum group size of 5: "Unit C" (2 people, all answering 1) is suppressed,
 * and "Unit A" (6 people, all answering 2) is suppressed with it as cover; "Unit B" (6 people, all 5) is shown.
 */
export function suppressionRound(db: Db): Round {
  return roundWithResponses(db, [
    ...Array.from({ length: 6 }, () => ({ unit: 'Unit A', grade: 'III/a', answer: 2 })),
    ...Array.from({ length: 6 }, () => ({ unit: 'Unit B', grade: 'III/a', answer: 5 })),
    ...Array.from({ length: 2 }, () => ({ unit: 'Unit C', grade: 'III/a', answer: 1 })),
  ]);
}
