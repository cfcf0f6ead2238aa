import type { Db } from './connection';

/**
 * A round's comments for the report. Comment ids are random (see responses.ts), so ordering by id
 * gives an order unrelated to submission or to any group, and stable between two views of the
 * same report (the printed and the on-screen report agree).
 */
export function listRoundComments(db: Db, roundId: number): { perspective_code: string; text: string }[] {
  return db.prepare('SELECT perspective_code, text FROM comments WHERE round_id = ? AND release IS NOT NULL ORDER BY id').all(roundId) as { perspective_code: string; text: string }[];
}
