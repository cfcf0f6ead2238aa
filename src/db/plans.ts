import { prepared, type Db } from './connection';
import type { AspirationRow, PlanRoundRow, PlanRow, StrategyOptionRow, SwotEntryRow } from './types';

export function insertPlan(db: Db, row: Pick<PlanRow, 'name' | 'organisation' | 'start_year' | 'end_year' | 'perspective_order' | 'created_at'>): number {
  return Number(
    prepared(
      db,
      `INSERT INTO plans (name, organisation, start_year, end_year, perspective_order, created_at, updated_at)
       VALUES (@name, @organisation, @start_year, @end_year, @perspective_order, @created_at, @created_at)`,
    ).run(row).lastInsertRowid,
  );
}

export function findPlan(db: Db, id: number): PlanRow | undefined {
  return prepared(db, 'SELECT * FROM plans WHERE id = ?').get(id) as PlanRow | undefined;
}

export function findPlanByPeriod(db: Db, organisation: string, startYear: number, endYear: number): PlanRow | undefined {
  return prepared(db, 'SELECT * FROM plans WHERE organisation = ? COLLATE NOCASE AND start_year = ? AND end_year = ?').get(organisation, startYear, endYear) as PlanRow | undefined;
}

export function listPlans(db: Db): PlanRow[] {
  return prepared(db, 'SELECT * FROM plans ORDER BY start_year DESC, id DESC').all() as PlanRow[];
}

const PLAN_FIELDS = [
  'name',
  'organisation',
  'start_year',
  'end_year',
  'vision_id',
  'vision_en',
  'mission_id',
  'mission_en',
  'values_id',
  'values_en',
  'perspective_order',
  'behind_margin',
  'load_limit',
  'signatory_name',
  'signatory_position',
  'signatory_nip',
  'signed_place',
] as const;
export type PlanFields = Pick<PlanRow, (typeof PLAN_FIELDS)[number]>;

export function updatePlanFields(db: Db, id: number, fields: Partial<PlanFields>, updatedAt: string): void {
  const names = PLAN_FIELDS.filter((name) => fields[name] !== undefined);
  if (names.length === 0) return;
  const assignments = names.map((name) => `${name} = @${name}`).join(', ');
  const values: Record<string, unknown> = { id, updated_at: updatedAt };
  for (const name of names) values[name] = fields[name];
  prepared(db, `UPDATE plans SET ${assignments}, updated_at = @updated_at WHERE id = @id`).run(values);
}

export function touchPlan(db: Db, id: number, updatedAt: string): void {
  prepared(db, 'UPDATE plans SET updated_at = ? WHERE id = ?').run(updatedAt, id);
}

export function listPlanRounds(db: Db, planId: number): PlanRoundRow[] {
  return prepared(db, "SELECT * FROM plan_rounds WHERE plan_id = ? ORDER BY purpose = 'evaluation', round_id").all(planId) as PlanRoundRow[];
}

/** The plans a round is the baseline or an evaluation of (the condition report points to them). */
export function listPlansOfRound(db: Db, roundId: number): { id: number; name: string }[] {
  return prepared(db, 'SELECT plans.id, plans.name FROM plan_rounds JOIN plans ON plans.id = plan_rounds.plan_id WHERE plan_rounds.round_id = ? ORDER BY plans.start_year, plans.id').all(roundId) as { id: number; name: string }[];
}

export function insertPlanRound(db: Db, row: PlanRoundRow): void {
  prepared(db, 'INSERT INTO plan_rounds (plan_id, round_id, purpose) VALUES (@plan_id, @round_id, @purpose)').run(row);
}

export function deletePlanRound(db: Db, planId: number, roundId: number): number {
  return prepared(db, 'DELETE FROM plan_rounds WHERE plan_id = ? AND round_id = ?').run(planId, roundId).changes;
}

export function insertAspiration(db: Db, row: Omit<AspirationRow, 'id'>): number {
  return Number(
    prepared(
      db,
      `INSERT INTO aspirations (plan_id, interviewee, position, interviewed_on, notes, themes, created_at)
       VALUES (@plan_id, @interviewee, @position, @interviewed_on, @notes, @themes, @created_at)`,
    ).run(row).lastInsertRowid,
  );
}

export function updateAspiration(db: Db, id: number, row: Pick<AspirationRow, 'interviewee' | 'position' | 'interviewed_on' | 'notes' | 'themes'>): void {
  prepared(db, 'UPDATE aspirations SET interviewee = @interviewee, position = @position, interviewed_on = @interviewed_on, notes = @notes, themes = @themes WHERE id = @id').run({ ...row, id });
}

export function listAspirations(db: Db, planId: number): AspirationRow[] {
  return prepared(db, 'SELECT * FROM aspirations WHERE plan_id = ? ORDER BY interviewed_on IS NULL, interviewed_on, id').all(planId) as AspirationRow[];
}

export function insertSwotEntry(db: Db, row: Omit<SwotEntryRow, 'id'>): number {
  return Number(
    prepared(
      db,
      `INSERT INTO swot_entries (plan_id, kind, text, dimension_code, position, created_at)
       VALUES (@plan_id, @kind, @text, @dimension_code, @position, @created_at)`,
    ).run(row).lastInsertRowid,
  );
}

export function updateSwotText(db: Db, id: number, text: string): void {
  prepared(db, 'UPDATE swot_entries SET text = ? WHERE id = ?').run(text, id);
}

export function listSwotEntries(db: Db, planId: number): SwotEntryRow[] {
  return prepared(db, 'SELECT * FROM swot_entries WHERE plan_id = ? ORDER BY kind, position, id').all(planId) as SwotEntryRow[];
}

export function insertStrategyOption(db: Db, row: Omit<StrategyOptionRow, 'id'>): number {
  return Number(
    prepared(db, 'INSERT INTO strategy_options (plan_id, quadrant, code, text, created_at) VALUES (@plan_id, @quadrant, @code, @text, @created_at)').run(row).lastInsertRowid,
  );
}

export function updateStrategyOption(db: Db, id: number, text: string): void {
  prepared(db, 'UPDATE strategy_options SET text = ? WHERE id = ?').run(text, id);
}

export function listStrategyOptions(db: Db, planId: number): StrategyOptionRow[] {
  return prepared(db, "SELECT * FROM strategy_options WHERE plan_id = ? ORDER BY instr('SO WO ST WT', quadrant), id").all(planId) as StrategyOptionRow[];
}

export function replaceOptionFactors(db: Db, optionId: number, entryIds: readonly number[]): void {
  prepared(db, 'DELETE FROM strategy_option_factors WHERE option_id = ?').run(optionId);
  for (const entryId of entryIds) prepared(db, 'INSERT INTO strategy_option_factors (option_id, entry_id) VALUES (?, ?)').run(optionId, entryId);
}

export function listOptionFactors(db: Db, planId: number): { option_id: number; entry_id: number }[] {
  return prepared(
    db,
    'SELECT f.option_id, f.entry_id FROM strategy_option_factors f JOIN strategy_options o ON o.id = f.option_id WHERE o.plan_id = ? ORDER BY f.option_id, f.entry_id',
  ).all(planId) as { option_id: number; entry_id: number }[];
}

export function listStarterDecisions(db: Db, planId: number): { starter_key: string; decision: 'accepted' | 'discarded' }[] {
  return prepared(db, 'SELECT starter_key, decision FROM plan_starters WHERE plan_id = ?').all(planId) as { starter_key: string; decision: 'accepted' | 'discarded' }[];
}

export function insertStarterDecision(db: Db, planId: number, starterKey: string, decision: 'accepted' | 'discarded', decidedAt: string): void {
  prepared(db, 'INSERT INTO plan_starters (plan_id, starter_key, decision, decided_at) VALUES (?, ?, ?, ?)').run(planId, starterKey, decision, decidedAt);
}

/** Deletes a row of one of the plan's own tables, scoped to the plan; returns whether it existed. */
export function deletePlanElement(db: Db, table: 'aspirations' | 'swot_entries' | 'strategy_options', planId: number, id: number): boolean {
  return prepared(db, `DELETE FROM ${table} WHERE plan_id = ? AND id = ?`).run(planId, id).changes === 1;
}

export function setPerspectiveWeights(db: Db, id: number, weights: string | null): void {
  prepared(db, 'UPDATE plans SET perspective_weights = ? WHERE id = ?').run(weights, id);
}

export function setMonitoringSettings(db: Db, id: number, settings: Pick<PlanRow, 'index_cap' | 'red_below' | 'green_from'>): void {
  prepared(db, 'UPDATE plans SET index_cap = @index_cap, red_below = @red_below, green_from = @green_from WHERE id = @id').run({ ...settings, id });
}
