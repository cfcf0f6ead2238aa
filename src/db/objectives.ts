import { prepared, type Db } from './connection';
import type { IndicatorRow, ObjectiveRow } from './types';

export function insertObjective(db: Db, row: Omit<ObjectiveRow, 'id'>): number {
  return Number(
    prepared(
      db,
      `INSERT INTO objectives (plan_id, perspective_code, code, name, name_en, description, position, starter_key, created_at, weight)
       VALUES (@plan_id, @perspective_code, @code, @name, @name_en, @description, @position, @starter_key, @created_at, @weight)`,
    ).run(row).lastInsertRowid,
  );
}

export function updateObjective(db: Db, id: number, row: Pick<ObjectiveRow, 'perspective_code' | 'code' | 'name' | 'name_en' | 'description'>): void {
  prepared(db, 'UPDATE objectives SET perspective_code = @perspective_code, code = @code, name = @name, name_en = @name_en, description = @description WHERE id = @id').run({ ...row, id });
}

export function deleteObjective(db: Db, planId: number, id: number): boolean {
  return prepared(db, 'DELETE FROM objectives WHERE plan_id = ? AND id = ?').run(planId, id).changes === 1;
}

export function listObjectives(db: Db, planId: number): ObjectiveRow[] {
  return prepared(db, 'SELECT * FROM objectives WHERE plan_id = ? ORDER BY position, id').all(planId) as ObjectiveRow[];
}

export function nextObjectivePosition(db: Db, planId: number): number {
  return (prepared(db, 'SELECT coalesce(max(position), 0) + 1 AS next FROM objectives WHERE plan_id = ?').get(planId) as { next: number }).next;
}

export function replaceObjectiveCitations(db: Db, objectiveId: number, dimensionCodes: readonly string[], optionIds: readonly number[]): void {
  prepared(db, 'DELETE FROM objective_dimensions WHERE objective_id = ?').run(objectiveId);
  prepared(db, 'DELETE FROM objective_options WHERE objective_id = ?').run(objectiveId);
  for (const code of dimensionCodes) prepared(db, 'INSERT INTO objective_dimensions (objective_id, dimension_code) VALUES (?, ?)').run(objectiveId, code);
  for (const optionId of optionIds) prepared(db, 'INSERT INTO objective_options (objective_id, option_id) VALUES (?, ?)').run(objectiveId, optionId);
}

export function listObjectiveDimensions(db: Db, planId: number): { objective_id: number; dimension_code: string }[] {
  return prepared(
    db,
    'SELECT d.objective_id, d.dimension_code FROM objective_dimensions d JOIN objectives o ON o.id = d.objective_id WHERE o.plan_id = ? ORDER BY d.objective_id, d.dimension_code',
  ).all(planId) as { objective_id: number; dimension_code: string }[];
}

export function listObjectiveOptions(db: Db, planId: number): { objective_id: number; option_id: number }[] {
  return prepared(
    db,
    'SELECT x.objective_id, x.option_id FROM objective_options x JOIN objectives o ON o.id = x.objective_id WHERE o.plan_id = ? ORDER BY x.objective_id, x.option_id',
  ).all(planId) as { objective_id: number; option_id: number }[];
}

export function listLinks(db: Db, planId: number): { cause_id: number; effect_id: number }[] {
  return prepared(
    db,
    'SELECT l.cause_id, l.effect_id FROM objective_links l JOIN objectives o ON o.id = l.cause_id WHERE o.plan_id = ? ORDER BY l.rowid',
  ).all(planId) as { cause_id: number; effect_id: number }[];
}

export function insertLink(db: Db, causeId: number, effectId: number): void {
  prepared(db, 'INSERT INTO objective_links (cause_id, effect_id) VALUES (?, ?)').run(causeId, effectId);
}

export function deleteLink(db: Db, causeId: number, effectId: number): boolean {
  return prepared(db, 'DELETE FROM objective_links WHERE cause_id = ? AND effect_id = ?').run(causeId, effectId).changes === 1;
}

/** Everything of an indicator a planner sets (not its place in the list). */
export type IndicatorFields = Omit<IndicatorRow, 'id' | 'objective_id' | 'position' | 'created_at'>;
const INDICATOR_FIELDS = [
  'code', 'name', 'unit', 'target', 'definition', 'formula', 'polarity', 'lower_bound', 'upper_bound', 'frequency', 'consolidation',
  'baseline', 'weight', 'pic_id', 'data_source', 'source', 'source_level', 'source_code', 'source_measure',
] as const satisfies readonly (keyof IndicatorFields)[];

export function insertIndicator(db: Db, row: IndicatorFields & Pick<IndicatorRow, 'objective_id' | 'position' | 'created_at'>): number {
  const names = ['objective_id', 'position', 'created_at', ...INDICATOR_FIELDS];
  return Number(
    prepared(db, `INSERT INTO indicators (${names.join(', ')}) VALUES (${names.map((name) => `@${name}`).join(', ')})`).run(row).lastInsertRowid,
  );
}

export function updateIndicator(db: Db, id: number, row: IndicatorFields): void {
  prepared(db, `UPDATE indicators SET ${INDICATOR_FIELDS.map((name) => `${name} = @${name}`).join(', ')} WHERE id = @id`).run({ ...row, id });
}

export function setIndicatorWeight(db: Db, id: number, weight: number | null): void {
  prepared(db, 'UPDATE indicators SET weight = ? WHERE id = ?').run(weight, id);
}

export function setObjectiveWeight(db: Db, id: number, weight: number | null): void {
  prepared(db, 'UPDATE objectives SET weight = ? WHERE id = ?').run(weight, id);
}

export function deleteIndicator(db: Db, planId: number, id: number): boolean {
  return (
    prepared(db, 'DELETE FROM indicators WHERE id = ? AND objective_id IN (SELECT id FROM objectives WHERE plan_id = ?)').run(id, planId).changes === 1
  );
}

export function listIndicators(db: Db, planId: number): IndicatorRow[] {
  return prepared(db, 'SELECT i.* FROM indicators i JOIN objectives o ON o.id = i.objective_id WHERE o.plan_id = ? ORDER BY o.position, o.id, i.position, i.id').all(planId) as IndicatorRow[];
}
