import { prepared, type Db } from './connection';
import { nextRoundId } from './round-lifecycle';
import type { RoundRow } from './types';

export function insertRound(
  db: Db,
  row: Omit<RoundRow, 'id' | 'closed_at' | 'archived_at'>,
): number {
  return Number(
    prepared(
        db,
        
        // The id is above every id a round ever had (nextRoundId): a deleted round's id is never given again.
        `INSERT INTO rounds (id, name, instrument_id, opens_on, closes_on, target, min_group_size, created_at, organiser, contact, results_on)
         VALUES (@id, @name, @instrument_id, @opens_on, @closes_on, @target, @min_group_size, @created_at, @organiser, @contact, @results_on)`,
      )
      .run({ ...row, id: nextRoundId(db) }).lastInsertRowid,
  );
}

export function findRound(db: Db, id: number): RoundRow | undefined {
  return prepared(db, 'SELECT * FROM rounds WHERE id = ?').get(id) as RoundRow | undefined;
}

export function listRounds(db: Db): RoundRow[] {
  return prepared(db, 'SELECT * FROM rounds ORDER BY id DESC').all() as RoundRow[];
}

export function closeRound(db: Db, id: number, closedAt: string): void {
  prepared(db, 'UPDATE rounds SET closed_at = ? WHERE id = ? AND closed_at IS NULL').run(closedAt, id);
}

export function reopenRound(db: Db, id: number): void {
  prepared(db, 'UPDATE rounds SET closed_at = NULL WHERE id = ?').run(id);
}

export function updateRoundSettings(
  db: Db,
  id: number,
  row: Pick<RoundRow, 'name' | 'opens_on' | 'closes_on' | 'target' | 'min_group_size' | 'organiser' | 'contact' | 'results_on'>,
): void {
  prepared(db,
    `UPDATE rounds SET name = @name, opens_on = @opens_on, closes_on = @closes_on, target = @target, min_group_size = @min_group_size,
       organiser = @organiser, contact = @contact, results_on = @results_on WHERE id = @id`,
  ).run({ ...row, id });
}

export function listRoundTargets(db: Db, roundId: number): Map<string, number> {
  const rows = prepared(db, 'SELECT dimension_code, target FROM round_targets WHERE round_id = ?').all(roundId) as {
    dimension_code: string;
    target: number;
  }[];
  return new Map(rows.map((row) => [row.dimension_code, row.target]));
}

export function replaceRoundTargets(db: Db, roundId: number, targets: Map<string, number>): void {
  prepared(db, 'DELETE FROM round_targets WHERE round_id = ?').run(roundId);
  const insert = prepared(db, 'INSERT INTO round_targets (round_id, dimension_code, target) VALUES (?, ?, ?)');
  for (const [code, target] of targets) insert.run(roundId, code, target);
}
