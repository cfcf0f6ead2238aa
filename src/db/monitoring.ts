import { prepared, type Db } from './connection';
import type { IndicatorTargetRow, PeriodClosureRow, RealisationRow, SpendingTypeRow } from './types';

/** Period targets, realisations, closed periods and spending types (migration 0009). */

export function listIndicatorTargets(db: Db, planId: number): IndicatorTargetRow[] {
  return prepared(
    db,
    'SELECT t.* FROM indicator_targets t JOIN indicators i ON i.id = t.indicator_id JOIN objectives o ON o.id = i.objective_id WHERE o.plan_id = ? ORDER BY t.indicator_id, t.period',
  ).all(planId) as IndicatorTargetRow[];
}

export function replaceIndicatorTargets(db: Db, indicatorId: number, targets: readonly { period: string; target: number }[]): void {
  prepared(db, 'DELETE FROM indicator_targets WHERE indicator_id = ?').run(indicatorId);
  for (const row of targets) prepared(db, 'INSERT INTO indicator_targets (indicator_id, period, target) VALUES (?, ?, ?)').run(indicatorId, row.period, row.target);
}

export function setIndicatorTarget(db: Db, indicatorId: number, period: string, target: number | null): void {
  if (target === null) prepared(db, 'DELETE FROM indicator_targets WHERE indicator_id = ? AND period = ?').run(indicatorId, period);
  else prepared(db, 'INSERT INTO indicator_targets (indicator_id, period, target) VALUES (?, ?, ?) ON CONFLICT (indicator_id, period) DO UPDATE SET target = excluded.target').run(indicatorId, period, target);
}

export function listRealisations(db: Db, planId: number): RealisationRow[] {
  return prepared(
    db,
    'SELECT r.* FROM realisations r JOIN indicators i ON i.id = r.indicator_id JOIN objectives o ON o.id = i.objective_id WHERE o.plan_id = ? ORDER BY r.indicator_id, r.period',
  ).all(planId) as RealisationRow[];
}

export function findRealisation(db: Db, indicatorId: number, period: string): RealisationRow | undefined {
  return prepared(db, 'SELECT * FROM realisations WHERE indicator_id = ? AND period = ?').get(indicatorId, period) as RealisationRow | undefined;
}

export function upsertRealisation(db: Db, row: RealisationRow): void {
  prepared(
    db,
    `INSERT INTO realisations (indicator_id, period, value, note, recorded_by, recorded_at) VALUES (@indicator_id, @period, @value, @note, @recorded_by, @recorded_at)
     ON CONFLICT (indicator_id, period) DO UPDATE SET value = excluded.value, note = excluded.note, recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at`,
  ).run(row);
}

export function deleteRealisation(db: Db, indicatorId: number, period: string): boolean {
  return prepared(db, 'DELETE FROM realisations WHERE indicator_id = ? AND period = ?').run(indicatorId, period).changes === 1;
}

export function listPeriodClosures(db: Db, planId: number): PeriodClosureRow[] {
  return prepared(db, 'SELECT * FROM period_closures WHERE plan_id = ? ORDER BY period').all(planId) as PeriodClosureRow[];
}

export function insertPeriodClosure(db: Db, row: PeriodClosureRow): void {
  prepared(db, 'INSERT INTO period_closures (plan_id, period, closed_by, closed_at) VALUES (@plan_id, @period, @closed_by, @closed_at)').run(row);
}

export function deletePeriodClosure(db: Db, planId: number, period: string): boolean {
  return prepared(db, 'DELETE FROM period_closures WHERE plan_id = ? AND period = ?').run(planId, period).changes === 1;
}

export function listSpendingTypes(db: Db): SpendingTypeRow[] {
  return prepared(db, 'SELECT * FROM spending_types ORDER BY position, code').all() as SpendingTypeRow[];
}

export function findSpendingType(db: Db, code: string): SpendingTypeRow | undefined {
  return prepared(db, 'SELECT * FROM spending_types WHERE code = ?').get(code) as SpendingTypeRow | undefined;
}

export function insertSpendingType(db: Db, row: SpendingTypeRow): void {
  prepared(db, 'INSERT INTO spending_types (code, name_id, name_en, position) VALUES (@code, @name_id, @name_en, @position)').run(row);
}
