import { prepared, type Db } from './connection';
import type { RosterEntryRow, RosterStatus } from './types';

export type NewRosterEntry = Pick<RosterEntryRow, 'round_id' | 'name' | 'unit' | 'grade' | 'email' | 'employee_no'>;

export function insertRosterEntry(db: Db, row: NewRosterEntry): number {
  return Number(
    prepared(
        db,
        
        `INSERT INTO roster_entries (round_id, name, unit, grade, email, employee_no)
         VALUES (@round_id, @name, @unit, @grade, @email, @employee_no)`,
      )
      .run(row).lastInsertRowid,
  );
}

export function updateRosterEntry(db: Db, id: number, row: Pick<RosterEntryRow, 'name' | 'unit' | 'grade' | 'email' | 'employee_no'>): void {
  prepared(db, 
    'UPDATE roster_entries SET name = @name, unit = @unit, grade = @grade, email = @email, employee_no = @employee_no WHERE id = @id',
  ).run({ ...row, id });
}

export function deleteRosterEntry(db: Db, id: number): void {
  prepared(db, 'DELETE FROM roster_entries WHERE id = ?').run(id);
}

export function findRosterEntry(db: Db, roundId: number, id: number): RosterEntryRow | undefined {
  return prepared(db, 'SELECT * FROM roster_entries WHERE round_id = ? AND id = ?').get(roundId, id) as RosterEntryRow | undefined;
}

export function findRosterEntryByTokenHash(db: Db, tokenHash: string): RosterEntryRow | undefined {
  return prepared(db, 'SELECT * FROM roster_entries WHERE token_hash = ?').get(tokenHash) as RosterEntryRow | undefined;
}

export function listRoster(db: Db, roundId: number): RosterEntryRow[] {
  return prepared(db, 'SELECT * FROM roster_entries WHERE round_id = ? ORDER BY unit, name, id').all(roundId) as RosterEntryRow[];
}

export function countRoster(db: Db, roundId: number): number {
  return (prepared(db, 'SELECT count(*) AS n FROM roster_entries WHERE round_id = ?').get(roundId) as { n: number }).n;
}

export function listRosterUnits(db: Db, roundId: number): string[] {
  return (prepared(db, 'SELECT DISTINCT unit FROM roster_entries WHERE round_id = ? ORDER BY unit').all(roundId) as { unit: string }[]).map(
    (row) => row.unit,
  );
}

/**
 * Gives an entry a new link. 'started' means "has a saved draft", and a draft dies with the link
 * it was sealed under, so a started entry goes back to 'invited'; 'completed' stays.
 */
export function setTokenHash(db: Db, id: number, tokenHash: string): void {
  prepared(db, "UPDATE roster_entries SET token_hash = ?, status = CASE status WHEN 'started' THEN 'invited' ELSE status END WHERE id = ?").run(tokenHash, id);
}

/** Moves an entry forward only (invited → started → completed); returns whether it changed. */
export function advanceStatus(db: Db, id: number, from: RosterStatus[], to: RosterStatus): boolean {
  const placeholders = from.map(() => '?').join(', ');
  return prepared(db, `UPDATE roster_entries SET status = ? WHERE id = ? AND status IN (${placeholders})`).run(to, id, ...from).changes === 1;
}

export interface StatusCountRow {
  unit: string;
  invited: number;
  started: number;
  completed: number;
}

/** Counts per unit: `invited` is everyone on the roster, `started` those who began but have not submitted. */
export function countStatusByUnit(db: Db, roundId: number): StatusCountRow[] {
  return prepared(
      db,
      
      `SELECT unit,
              count(*) AS invited,
              sum(status = 'started') AS started,
              sum(status = 'completed') AS completed
         FROM roster_entries WHERE round_id = ? GROUP BY unit ORDER BY unit`,
    )
    .all(roundId) as StatusCountRow[];
}
