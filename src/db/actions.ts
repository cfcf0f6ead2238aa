import { prepared, type Db } from './connection';
import type { ActionRow, MilestoneRow, PersonRow, ProgressUpdateRow } from './types';

export type ActionFields = Omit<ActionRow, 'id' | 'position' | 'cancelled_on' | 'cancel_reason' | 'created_at'>;

export function insertAction(db: Db, row: ActionFields & Pick<ActionRow, 'created_at'>): number {
  const position = (prepared(db, 'SELECT coalesce(max(position), 0) + 1 AS next FROM actions WHERE objective_id = ?').get(row.objective_id) as { next: number }).next;
  return Number(
    prepared(
      db,
      `INSERT INTO actions (objective_id, title, description, target_indicator, target_value, target_unit, due_on, pic_id, horizon,
         starts_on, ends_on, quarters, budget, budget_code, spending_type, position, created_at)
       VALUES (@objective_id, @title, @description, @target_indicator, @target_value, @target_unit, @due_on, @pic_id, @horizon,
         @starts_on, @ends_on, @quarters, @budget, @budget_code, @spending_type, @position, @created_at)`,
    ).run({ ...row, position }).lastInsertRowid,
  );
}

export function updateAction(db: Db, id: number, row: ActionFields): void {
  prepared(
    db,
    `UPDATE actions SET objective_id = @objective_id, title = @title, description = @description, target_indicator = @target_indicator,
       target_value = @target_value, target_unit = @target_unit, due_on = @due_on, pic_id = @pic_id, horizon = @horizon,
       starts_on = @starts_on, ends_on = @ends_on, quarters = @quarters, budget = @budget, budget_code = @budget_code, spending_type = @spending_type
     WHERE id = @id`,
  ).run({ ...row, id });
}

export function setActionCancelled(db: Db, id: number, cancelledOn: string | null, reason: string | null): void {
  prepared(db, 'UPDATE actions SET cancelled_on = ?, cancel_reason = ? WHERE id = ?').run(cancelledOn, reason, id);
}

export function deleteAction(db: Db, id: number): void {
  prepared(db, 'DELETE FROM actions WHERE id = ?').run(id);
}

/** The action with its plan's id (actions belong to a plan through their objective). */
export function findAction(db: Db, id: number): (ActionRow & { plan_id: number }) | undefined {
  return prepared(db, 'SELECT a.*, o.plan_id FROM actions a JOIN objectives o ON o.id = a.objective_id WHERE a.id = ?').get(id) as (ActionRow & { plan_id: number }) | undefined;
}

export function listActions(db: Db, planId: number): ActionRow[] {
  return prepared(db, 'SELECT a.* FROM actions a JOIN objectives o ON o.id = a.objective_id WHERE o.plan_id = ? ORDER BY o.position, o.id, a.position, a.id').all(planId) as ActionRow[];
}

export function replaceActionMembers(db: Db, actionId: number, personIds: readonly number[]): void {
  prepared(db, 'DELETE FROM action_members WHERE action_id = ?').run(actionId);
  for (const personId of personIds) prepared(db, 'INSERT INTO action_members (action_id, person_id) VALUES (?, ?)').run(actionId, personId);
}

export function listActionMembers(db: Db, planId: number): { action_id: number; person_id: number }[] {
  return prepared(
    db,
    `SELECT m.action_id, m.person_id FROM action_members m JOIN actions a ON a.id = m.action_id JOIN objectives o ON o.id = a.objective_id
     WHERE o.plan_id = ? ORDER BY m.action_id, m.person_id`,
  ).all(planId) as { action_id: number; person_id: number }[];
}

export function insertMilestone(db: Db, row: Omit<MilestoneRow, 'id'>): number {
  return Number(prepared(db, 'INSERT INTO milestones (action_id, title, due_on, done_on) VALUES (@action_id, @title, @due_on, @done_on)').run(row).lastInsertRowid);
}

export function setMilestoneDone(db: Db, actionId: number, id: number, doneOn: string | null): boolean {
  return prepared(db, 'UPDATE milestones SET done_on = ? WHERE action_id = ? AND id = ?').run(doneOn, actionId, id).changes === 1;
}

export function deleteMilestone(db: Db, actionId: number, id: number): boolean {
  return prepared(db, 'DELETE FROM milestones WHERE action_id = ? AND id = ?').run(actionId, id).changes === 1;
}

export function listMilestones(db: Db, planId: number): MilestoneRow[] {
  return prepared(
    db,
    'SELECT m.* FROM milestones m JOIN actions a ON a.id = m.action_id JOIN objectives o ON o.id = a.objective_id WHERE o.plan_id = ? ORDER BY m.action_id, m.due_on, m.id',
  ).all(planId) as MilestoneRow[];
}

export function insertProgressUpdate(db: Db, row: Omit<ProgressUpdateRow, 'id'>): number {
  return Number(
    prepared(
      db,
      `INSERT INTO progress_updates (action_id, reported_on, percent, value, note, evidence_url, recorded_by, recorded_at)
       VALUES (@action_id, @reported_on, @percent, @value, @note, @evidence_url, @recorded_by, @recorded_at)`,
    ).run(row).lastInsertRowid,
  );
}

export function listProgressUpdates(db: Db, planId: number): ProgressUpdateRow[] {
  return prepared(
    db,
    `SELECT p.* FROM progress_updates p JOIN actions a ON a.id = p.action_id JOIN objectives o ON o.id = a.objective_id
     WHERE o.plan_id = ? ORDER BY p.action_id, p.reported_on, p.id`,
  ).all(planId) as ProgressUpdateRow[];
}

export function insertPerson(db: Db, row: Omit<PersonRow, 'id' | 'user_id'>): number {
  return Number(
    prepared(db, 'INSERT INTO people (name, position, unit, nip, email, created_at) VALUES (@name, @position, @unit, @nip, @email, @created_at)').run(row).lastInsertRowid,
  );
}

export function updatePerson(db: Db, id: number, row: Pick<PersonRow, 'name' | 'position' | 'unit' | 'nip' | 'email'>): void {
  prepared(db, 'UPDATE people SET name = @name, position = @position, unit = @unit, nip = @nip, email = @email WHERE id = @id').run({ ...row, id });
}

export function setPersonUser(db: Db, id: number, userId: number | null): void {
  prepared(db, 'UPDATE people SET user_id = ? WHERE id = ?').run(userId, id);
}

export function findPerson(db: Db, id: number): PersonRow | undefined {
  return prepared(db, 'SELECT * FROM people WHERE id = ?').get(id) as PersonRow | undefined;
}

export function findPersonByNip(db: Db, nip: string): PersonRow | undefined {
  return prepared(db, 'SELECT * FROM people WHERE nip = ?').get(nip) as PersonRow | undefined;
}

export function findPersonByUser(db: Db, userId: number): PersonRow | undefined {
  return prepared(db, 'SELECT * FROM people WHERE user_id = ?').get(userId) as PersonRow | undefined;
}

export function listPeople(db: Db): PersonRow[] {
  return prepared(db, 'SELECT * FROM people ORDER BY name COLLATE NOCASE, id').all() as PersonRow[];
}
