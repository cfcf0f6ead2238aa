import * as budgetDb from '../db/budget';
import type { Db } from '../db/connection';
import { listSpendingTypes } from '../db/monitoring';
import { findPlan } from '../db/plans';
import type { BudgetMonthRow, PlanRow } from '../db/types';
import { NotFoundError, ValidationError } from '../errors';

/**
 * Budget absorption (serapan anggaran) and the deviation from the disbursement plan (RPD), per
 * spending type and for the whole budget, as KPPN explains PER-5/PB/2024:
 *
 * - available = pagu − blokir;
 * - absorption at the end of month m = Σ realised, months 1..m ÷ available × 100 (cumulative);
 * - plan at the end of month m = Σ planned, months 1..m ÷ available × 100;
 * - RPD deviation of month m = |realised − planned| ÷ planned × 100, the month's own amounts,
 *   within tolerance when ≤ the plan's tolerance (default 5 %);
 * - the quarterly targets (TW I–IV, default 15/40/60/90 %) are a setting, not an official table.
 *
 * For the whole budget: absorption = Σ realised ÷ Σ available; a quarter's target = the types'
 * targets weighted by their available amount (Σ available_t × target_t ÷ Σ available_t); a month's
 * RPD deviation = the types' deviations weighted by their pagu (over the types whose deviation
 * exists that month). A month counts as entered for the whole budget when every type has it.
 *
 * A blank month is not a zero: a figure that needs a month not entered is null. Earlier months not
 * entered count as nothing spent (or planned) in a cumulative sum; the figure of month m needs
 * month m itself. Months after `through_month` (the last month of the evaluated period) count as
 * not yet known. Full precision; rounding is the view's job.
 */

/** TW I–IV cumulative absorption targets in percent used when a plan sets none: practice, not rule. */
export const DEFAULT_ABSORPTION_TARGETS: readonly [number, number, number, number] = [15, 40, 60, 90];

export interface BudgetMonthFigures {
  month: number;
  planned: number | null;
  realised: number | null;
  cumulative_planned: number | null;
  cumulative_realised: number | null;
  absorption_pct: number | null;
  plan_pct: number | null;
  target_pct: number | null;
  rpd_deviation_pct: number | null;
  rpd_within_tolerance: boolean | null;
}

export interface BudgetQuarterFigures {
  quarter: 1 | 2 | 3 | 4;
  absorption_pct: number | null;
  target_pct: number;
  met: boolean | null;
}

export interface BudgetTypeFigures {
  code: string;
  name: string;
  pagu: number;
  blokir: number;
  available: number;
  actions_budget: number;
  months: BudgetMonthFigures[];
  quarters: BudgetQuarterFigures[];
}

export interface BudgetFigures {
  year: number;
  through_month: number;
  types: BudgetTypeFigures[];
  total: BudgetTypeFigures;
  rpd_tolerance: number;
  targets: Record<string, readonly number[]>;
  targets_are_defaults: boolean;
}

/** The code of the whole-budget row. */
const TOTAL_CODE = 'total';
const TOTAL_NAME = { id: 'Jumlah', en: 'Total' } as const;

const MONTHS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] as const;
const QUARTERS = [1, 2, 3, 4] as const;

function isTargetList(value: unknown): value is [number, number, number, number] {
  return Array.isArray(value) && value.length === 4 && value.every((item) => typeof item === 'number' && Number.isFinite(item));
}

/**
 * The plan's quarterly targets per spending type code, as stored (setAbsorptionSettings checks
 * them); a type not listed has DEFAULT_ABSORPTION_TARGETS. `defaults` is true when the plan sets
 * none at all.
 */
export function absorptionTargets(plan: PlanRow): { targets: Record<string, readonly number[]>; defaults: boolean } {
  if (plan.absorption_targets === null) return { targets: {}, defaults: true };
  let stored: unknown;
  try {
    stored = JSON.parse(plan.absorption_targets);
  } catch {
    stored = null;
  }
  const targets: Record<string, readonly number[]> = {};
  if (stored !== null && typeof stored === 'object' && !Array.isArray(stored)) {
    for (const [code, list] of Object.entries(stored)) if (isTargetList(list)) targets[code] = list;
  }
  return { targets, defaults: false };
}

interface TypeInput {
  code: string;
  name: string;
  pagu: number;
  blokir: number;
  actions_budget: number;
  /** Index 0 = January; undefined = no row for the month. */
  months: readonly (Pick<BudgetMonthRow, 'planned' | 'realised'> | undefined)[];
  targets: readonly number[];
}

/** Percent of a whole: multiplying first keeps an exact share exact (150 of 1,000 is 15, not 14.999…). */
function percentOf(part: number, whole: number): number {
  return (part * 100) / whole;
}

function deviation(planned: number | null, realised: number | null): number | null {
  if (planned === null || realised === null || planned === 0) return null;
  return percentOf(Math.abs(realised - planned), planned);
}

function quartersOf(months: readonly BudgetMonthFigures[], targets: readonly number[]): BudgetQuarterFigures[] {
  return QUARTERS.map((quarter) => {
    const absorption = months[quarter * 3 - 1].absorption_pct;
    const target = targets[quarter - 1];
    return { quarter, absorption_pct: absorption, target_pct: target, met: absorption === null ? null : absorption >= target };
  });
}

function typeFigures(input: TypeInput, throughMonth: number, tolerance: number): BudgetTypeFigures {
  const available = input.pagu - input.blokir;
  let plannedSoFar = 0;
  let realisedSoFar = 0;
  const months = MONTHS.map((month): BudgetMonthFigures => {
    const row = input.months[month - 1];
    const planned = row?.planned ?? null;
    const realised = month <= throughMonth ? (row?.realised ?? null) : null;
    plannedSoFar += planned ?? 0;
    realisedSoFar += realised ?? 0;
    const cumulativePlanned = planned === null ? null : plannedSoFar;
    const cumulativeRealised = realised === null ? null : realisedSoFar;
    const rpd = deviation(planned, realised);
    return {
      month,
      planned,
      realised,
      cumulative_planned: cumulativePlanned,
      cumulative_realised: cumulativeRealised,
      absorption_pct: cumulativeRealised === null ? null : percentOf(cumulativeRealised, available),
      plan_pct: cumulativePlanned === null ? null : percentOf(cumulativePlanned, available),
      target_pct: month % 3 === 0 ? input.targets[month / 3 - 1] : null,
      rpd_deviation_pct: rpd,
      rpd_within_tolerance: rpd === null ? null : rpd <= tolerance,
    };
  });
  return {
    code: input.code,
    name: input.name,
    pagu: input.pagu,
    blokir: input.blokir,
    available,
    actions_budget: input.actions_budget,
    months,
    quarters: quartersOf(months, input.targets),
  };
}

/** Σ of the values, or null when any is null (a month not entered by every type is not known for the whole budget). */
function sumKnown(values: readonly (number | null)[]): number | null {
  let sum = 0;
  for (const value of values) {
    if (value === null) return null;
    sum += value;
  }
  return sum;
}

function totalFigures(types: readonly BudgetTypeFigures[], name: string, tolerance: number): BudgetTypeFigures {
  const sum = (pick: (row: BudgetTypeFigures) => number) => types.reduce((total, row) => total + pick(row), 0);
  const pagu = sum((row) => row.pagu);
  const available = sum((row) => row.available);
  // Σ available_t × target_t ÷ Σ available_t: each type's target counts by the money it concerns.
  const targets = QUARTERS.map((quarter) => sum((row) => row.available * row.quarters[quarter - 1].target_pct) / available);
  const months = MONTHS.map((month): BudgetMonthFigures => {
    const rows = types.map((row) => row.months[month - 1]);
    const cumulativePlanned = sumKnown(rows.map((row) => row.cumulative_planned));
    const cumulativeRealised = sumKnown(rows.map((row) => row.cumulative_realised));
    // Σ pagu_t × deviation_t ÷ Σ pagu_t over the types whose deviation exists this month.
    let weighted = 0;
    let weights = 0;
    types.forEach((row, index) => {
      const rpd = rows[index].rpd_deviation_pct;
      if (rpd === null) return;
      weighted += row.pagu * rpd;
      weights += row.pagu;
    });
    const rpd = weights === 0 ? null : weighted / weights;
    return {
      month,
      planned: sumKnown(rows.map((row) => row.planned)),
      realised: sumKnown(rows.map((row) => row.realised)),
      cumulative_planned: cumulativePlanned,
      cumulative_realised: cumulativeRealised,
      absorption_pct: cumulativeRealised === null ? null : percentOf(cumulativeRealised, available),
      plan_pct: cumulativePlanned === null ? null : percentOf(cumulativePlanned, available),
      target_pct: month % 3 === 0 ? targets[month / 3 - 1] : null,
      rpd_deviation_pct: rpd,
      rpd_within_tolerance: rpd === null ? null : rpd <= tolerance,
    };
  });
  return {
    code: TOTAL_CODE,
    name,
    pagu,
    blokir: sum((row) => row.blokir),
    available,
    actions_budget: sum((row) => row.actions_budget),
    months,
    quarters: quartersOf(months, targets),
  };
}

/**
 * The budget figures of the plan's year, per spending type with a budget line (in the types'
 * order) and for the whole budget; null when the plan has no budget line that year.
 * `throughMonth` (default 12) is the last month of the evaluated period.
 */
export function budgetFigures(db: Db, planId: number, year: number, options: { lang: 'id' | 'en'; throughMonth?: number }): BudgetFigures | null {
  const plan = findPlan(db, planId);
  if (!plan) throw new NotFoundError(`No plan ${planId}`);
  const throughMonth = options.throughMonth ?? 12;
  if (!Number.isInteger(throughMonth) || throughMonth < 1 || throughMonth > 12) {
    throw new ValidationError('The budget figures could not be computed', [{ field: 'through_month', message: 'a month from 1 to 12', value: String(throughMonth) }]);
  }
  const lines = budgetDb.listBudgetLines(db, planId, year);
  if (lines.length === 0) return null;
  const names = new Map(listSpendingTypes(db).map((type) => [type.code, options.lang === 'id' ? type.name_id : type.name_en]));
  const actionBudgets = new Map(budgetDb.sumActionBudgets(db, planId).map((row) => [row.spending_type, row.total]));
  const monthsByType = new Map<string, (BudgetMonthRow | undefined)[]>();
  for (const row of budgetDb.listBudgetMonths(db, planId, year)) {
    const months = monthsByType.get(row.spending_type) ?? new Array<BudgetMonthRow | undefined>(12).fill(undefined);
    months[row.month - 1] = row;
    monthsByType.set(row.spending_type, months);
  }
  const stored = absorptionTargets(plan);
  const targets: Record<string, readonly number[]> = {};
  const types = lines.map((line) => {
    const typeTargets = stored.targets[line.spending_type] ?? DEFAULT_ABSORPTION_TARGETS;
    targets[line.spending_type] = typeTargets;
    return typeFigures(
      {
        code: line.spending_type,
        name: names.get(line.spending_type) ?? line.spending_type,
        pagu: line.pagu,
        blokir: line.blokir,
        actions_budget: actionBudgets.get(line.spending_type) ?? 0,
        months: monthsByType.get(line.spending_type) ?? [],
        targets: typeTargets,
      },
      throughMonth,
      plan.rpd_tolerance,
    );
  });
  return {
    year,
    through_month: throughMonth,
    types,
    total: totalFigures(types, TOTAL_NAME[options.lang], plan.rpd_tolerance),
    rpd_tolerance: plan.rpd_tolerance,
    targets,
    targets_are_defaults: stored.defaults,
  };
}

/** Cumulative absorption in percent at the end of the month, of one spending type or (null) the whole budget; null when not known. */
export function absorptionAt(figures: BudgetFigures, spendingType: string | null, month: number): number | null {
  const row = spendingType === null ? figures.total : figures.types.find((type) => type.code === spendingType);
  if (!row || !Number.isInteger(month) || month < 1 || month > 12) return null;
  return row.months[month - 1].absorption_pct;
}
