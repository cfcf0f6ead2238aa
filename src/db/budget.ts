import { prepared, type Db } from './connection';
import type { BudgetLineRow, BudgetMonthRow } from './types';

/** The budget of a plan's year (migration 0009): pagu and blokir per spending type, and the months' plan and realisation. */

export function findBudgetLine(db: Db, planId: number, year: number, spendingType: string): BudgetLineRow | undefined {
  return prepared(db, 'SELECT * FROM budget_lines WHERE plan_id = ? AND year = ? AND spending_type = ?').get(planId, year, spendingType) as BudgetLineRow | undefined;
}

/** The lines of a year in the spending types' order (51, 52, 53, 57, then added types). */
export function listBudgetLines(db: Db, planId: number, year: number): BudgetLineRow[] {
  return prepared(
    db,
    'SELECT l.* FROM budget_lines l JOIN spending_types t ON t.code = l.spending_type WHERE l.plan_id = ? AND l.year = ? ORDER BY t.position, t.code',
  ).all(planId, year) as BudgetLineRow[];
}

export function upsertBudgetLine(db: Db, row: BudgetLineRow): void {
  prepared(
    db,
    `INSERT INTO budget_lines (plan_id, year, spending_type, pagu, blokir) VALUES (@plan_id, @year, @spending_type, @pagu, @blokir)
     ON CONFLICT (plan_id, year, spending_type) DO UPDATE SET pagu = excluded.pagu, blokir = excluded.blokir`,
  ).run(row);
}

export function findBudgetMonth(db: Db, planId: number, year: number, spendingType: string, month: number): BudgetMonthRow | undefined {
  return prepared(db, 'SELECT * FROM budget_months WHERE plan_id = ? AND year = ? AND spending_type = ? AND month = ?').get(planId, year, spendingType, month) as
    | BudgetMonthRow
    | undefined;
}

export function listBudgetMonths(db: Db, planId: number, year: number): BudgetMonthRow[] {
  return prepared(db, 'SELECT * FROM budget_months WHERE plan_id = ? AND year = ? ORDER BY spending_type, month').all(planId, year) as BudgetMonthRow[];
}

/** Writes the month's plan and realisation as given (null = not entered); the line must exist (foreign key). */
export function upsertBudgetMonth(db: Db, row: BudgetMonthRow): void {
  prepared(
    db,
    `INSERT INTO budget_months (plan_id, year, spending_type, month, planned, realised) VALUES (@plan_id, @year, @spending_type, @month, @planned, @realised)
     ON CONFLICT (plan_id, year, spending_type, month) DO UPDATE SET planned = excluded.planned, realised = excluded.realised`,
  ).run(row);
}

/** The budgets of the plan's actions per spending type; cancelled actions and actions without a type or a budget are left out. */
export function sumActionBudgets(db: Db, planId: number): { spending_type: string; total: number }[] {
  return prepared(
    db,
    `SELECT a.spending_type, sum(a.budget) AS total FROM actions a JOIN objectives o ON o.id = a.objective_id
     WHERE o.plan_id = ? AND a.cancelled_on IS NULL AND a.spending_type IS NOT NULL AND a.budget IS NOT NULL
     GROUP BY a.spending_type ORDER BY a.spending_type`,
  ).all(planId) as { spending_type: string; total: number }[];
}

/** The plan's absorption targets (JSON, null = the defaults) and RPD tolerance. */
export function updateAbsorptionSettings(db: Db, planId: number, absorptionTargets: string | null, rpdTolerance: number, updatedAt: string): void {
  prepared(db, 'UPDATE plans SET absorption_targets = ?, rpd_tolerance = ?, updated_at = ? WHERE id = ?').run(absorptionTargets, rpdTolerance, updatedAt, planId);
}

export function nextSpendingTypePosition(db: Db): number {
  return (prepared(db, 'SELECT coalesce(max(position), 0) + 1 AS next FROM spending_types').get() as { next: number }).next;
}
