import type { Db } from '../../src/db/connection';
import { insertPeriodClosure } from '../../src/db/monitoring';
import { findPlan } from '../../src/db/plans';
import { absorptionAt, absorptionTargets, budgetFigures, DEFAULT_ABSORPTION_TARGETS, type BudgetTypeFigures } from '../../src/monitoring/budget';
import { setAbsorptionSettings, setBudgetLine, setBudgetMonth } from '../../src/monitoring/budget-service';
import { addAction, addObjective, cancelAction } from '../../src/plan/service';
import { freshDb } from '../helpers';
import { diagnosedPlan, NOW, person } from '../plan/fixtures';

/**
 * The table every expectation below is worked out from by hand (plan year 2027, RPD tolerance 5 %):
 *
 *   type  pagu       blokir   available   targets TW I–IV
 *   51    1,000,000        0  1,000,000   15/40/60/90 (the defaults)
 *   52      600,000  100,000    500,000   30/55/75/90 (the plan's own)
 *
 *   month   51 planned  51 realised   52 planned  52 realised
 *   1          100,000      100,000       50,000       40,000
 *   2          100,000      104,000       50,000            —   (52's realisation not entered)
 *   3          100,000      150,000       50,000       60,000
 *   6          300,000      240,000      100,000      150,000
 *   (months 4, 5 and 7–12 not entered)
 *
 * Actions: 200,000 from 52 and 50,000 from 52 cancelled, 75,000 from 51.
 */
function setUp(db: Db): number {
  const { planId } = diagnosedPlan(db, { prefill: false });
  setBudgetLine(db, planId, { spending_type: '51', pagu: '1.000.000' }, NOW, 'planner');
  setBudgetLine(db, planId, { spending_type: '52', pagu: 'Rp 600.000', blokir: '100000' }, NOW, 'planner');
  const months: [string, number, number, number | null][] = [
    ['51', 1, 100_000, 100_000],
    ['51', 2, 100_000, 104_000],
    ['51', 3, 100_000, 150_000],
    ['51', 6, 300_000, 240_000],
    ['52', 1, 50_000, 40_000],
    ['52', 2, 50_000, null],
    ['52', 3, 50_000, 60_000],
    ['52', 6, 100_000, 150_000],
  ];
  for (const [type, month, planned, realised] of months) setBudgetMonth(db, planId, { spending_type: type, month, planned, realised }, NOW, 'planner');
  setAbsorptionSettings(db, planId, { targets: { '52': [30, 55, 75, 90] } }, NOW, 'planner');
  const objective = addObjective(db, planId, { perspective_code: 'FIN', name: 'Anggaran terserap' }, NOW, 'planner');
  const pic = person(db, 'Ani');
  const action = (title: string, budget: string, spendingType: string) =>
    addAction(db, planId, { objective_id: objective, title, target_indicator: 'Serapan', starts_on: '2027-01-01', ends_on: '2027-12-31', pic_id: pic, horizon: 'short_term', budget, spending_type: spendingType }, NOW, 'planner');
  action('Pengadaan', '200.000', '52');
  const cancelled = action('Perjalanan dinas', '50.000', '52');
  cancelAction(db, planId, cancelled, { cancelled_on: '2027-02-01', reason: 'Ditunda' }, NOW, 'planner');
  action('Honor', '75000', '51');
  return planId;
}

function typeRow(figures: ReturnType<typeof budgetFigures>, code: string): BudgetTypeFigures {
  const row = figures?.types.find((type) => type.code === code);
  if (!row) throw new Error(`no type ${code}`);
  return row;
}

describe('budgetFigures: one spending type', () => {
  it('available = pagu − blokir; absorption = Σ realised months 1..m ÷ available × 100', () => {
    const db = freshDb();
    const figures = budgetFigures(db, setUp(db), 2027, { lang: 'id' });
    const goods = typeRow(figures, '52');
    expect(goods).toMatchObject({ code: '52', name: 'Belanja Barang', pagu: 600_000, blokir: 100_000, available: 500_000 });
    // 52: month 1 40,000 ÷ 500,000 = 8 %; month 3 (40,000 + 60,000) ÷ 500,000 = 20 % (month 2 not entered counts as nothing spent);
    // month 6 (100,000 + 150,000) ÷ 500,000 = 50 %.
    expect(goods.months.map((month) => month.cumulative_realised)).toEqual([40_000, null, 100_000, null, null, 250_000, null, null, null, null, null, null]);
    expect(goods.months.map((month) => month.absorption_pct)).toEqual([8, null, 20, null, null, 50, null, null, null, null, null, null]);
    // 51: 100,000; 204,000; 354,000; month 6 594,000 of 1,000,000.
    expect(typeRow(figures, '51').months.map((month) => month.absorption_pct)).toEqual([10, 20.4, 35.4, null, null, 59.4, null, null, null, null, null, null]);
  });

  it('plan_pct = Σ planned months 1..m ÷ available × 100, null when month m has no plan', () => {
    const db = freshDb();
    const figures = budgetFigures(db, setUp(db), 2027, { lang: 'id' });
    // 52: 50,000 / 100,000 / 150,000 of 500,000, month 6 250,000; 51: 100,000 … 300,000, month 6 600,000 of 1,000,000.
    expect(typeRow(figures, '52').months.map((month) => month.plan_pct)).toEqual([10, 20, 30, null, null, 50, null, null, null, null, null, null]);
    expect(typeRow(figures, '51').months.map((month) => month.cumulative_planned)).toEqual([100_000, 200_000, 300_000, null, null, 600_000, null, null, null, null, null, null]);
    expect(typeRow(figures, '51').months.map((month) => month.plan_pct)).toEqual([10, 20, 30, null, null, 60, null, null, null, null, null, null]);
  });

  it('shows the quarter target at months 3, 6, 9 and 12 only; met = absorption ≥ target, null while not known', () => {
    const db = freshDb();
    const figures = budgetFigures(db, setUp(db), 2027, { lang: 'id' });
    const personnel = typeRow(figures, '51');
    expect(personnel.months.map((month) => month.target_pct)).toEqual([null, null, 15, null, null, 40, null, null, 60, null, null, 90]);
    // 51: TW I 35.4 ≥ 15, TW II 59.4 ≥ 40; TW III and IV not entered.
    expect(personnel.quarters).toEqual([
      { quarter: 1, absorption_pct: 35.4, target_pct: 15, met: true },
      { quarter: 2, absorption_pct: 59.4, target_pct: 40, met: true },
      { quarter: 3, absorption_pct: null, target_pct: 60, met: null },
      { quarter: 4, absorption_pct: null, target_pct: 90, met: null },
    ]);
    // 52 with its own targets: TW I 20 < 30, TW II 50 < 55.
    expect(typeRow(figures, '52').quarters.map((quarter) => [quarter.absorption_pct, quarter.target_pct, quarter.met])).toEqual([
      [20, 30, false],
      [50, 55, false],
      [null, 75, null],
      [null, 90, null],
    ]);
  });

  it('RPD deviation per month = |realised − planned| ÷ planned × 100, within tolerance when ≤ 5', () => {
    const db = freshDb();
    const figures = budgetFigures(db, setUp(db), 2027, { lang: 'id' });
    // 51: 0; |104,000 − 100,000| ÷ 100,000 = 4; 50,000 ÷ 100,000 = 50; month 6 60,000 ÷ 300,000 = 20.
    const personnel = typeRow(figures, '51').months;
    expect(personnel.map((month) => month.rpd_deviation_pct)).toEqual([0, 4, 50, null, null, 20, null, null, null, null, null, null]);
    expect(personnel.map((month) => month.rpd_within_tolerance)).toEqual([true, true, false, null, null, false, null, null, null, null, null, null]);
    // 52: 10,000 ÷ 50,000 = 20; month 2 has no realisation; 10,000 ÷ 50,000 = 20; 50,000 ÷ 100,000 = 50.
    expect(typeRow(figures, '52').months.map((month) => month.rpd_deviation_pct)).toEqual([20, null, 20, null, null, 50, null, null, null, null, null, null]);
  });

  it('a planned amount of 0 gives no deviation (null), not an infinite one', () => {
    const db = freshDb();
    const planId = setUp(db);
    setBudgetMonth(db, planId, { spending_type: '51', month: 7, planned: 0, realised: 10_000 }, NOW, 'planner');
    const july = typeRow(budgetFigures(db, planId, 2027, { lang: 'id' }), '51').months[6];
    expect(july).toMatchObject({ planned: 0, realised: 10_000, rpd_deviation_pct: null, rpd_within_tolerance: null });
  });

  it('actions_budget sums the plan\'s actions of the type, leaving cancelled ones out', () => {
    const db = freshDb();
    const figures = budgetFigures(db, setUp(db), 2027, { lang: 'en' });
    expect(typeRow(figures, '52')).toMatchObject({ name: 'Goods and services', actions_budget: 200_000 });
    expect(typeRow(figures, '51').actions_budget).toBe(75_000);
    expect(figures?.total.actions_budget).toBe(275_000);
  });
});

describe('budgetFigures: the whole budget', () => {
  it('sums pagu, blokir and available; absorption = Σ realised ÷ Σ available, null when a type has not entered the month', () => {
    const db = freshDb();
    const total = budgetFigures(db, setUp(db), 2027, { lang: 'id' })!.total;
    expect(total).toMatchObject({ code: 'total', name: 'Jumlah', pagu: 1_600_000, blokir: 100_000, available: 1_500_000 });
    // Month 1: 140,000 ÷ 1,500,000 = 28/3 %; month 2: 52 not entered → null; month 3: (354,000 + 100,000) ÷ 1,500,000 = 454/15 %;
    // month 6: (594,000 + 250,000) ÷ 1,500,000 = 844/15 %.
    expect(total.months[0]).toMatchObject({ realised: 140_000, cumulative_realised: 140_000 });
    expect(total.months[0].absorption_pct).toBeCloseTo(28 / 3, 12);
    expect(total.months[1]).toMatchObject({ realised: null, cumulative_realised: null, absorption_pct: null, planned: 150_000 });
    expect(total.months[2].cumulative_realised).toBe(454_000);
    expect(total.months[2].absorption_pct).toBeCloseTo(454 / 15, 12);
    expect(total.months[5].absorption_pct).toBeCloseTo(844 / 15, 12);
    // Plan: 150,000, 300,000, 450,000 of 1,500,000; month 6 850,000.
    expect(total.months.map((month) => month.plan_pct).slice(0, 3)).toEqual([10, 20, 30]);
    expect(total.months[5].plan_pct).toBeCloseTo(850 / 15, 12);
  });

  it('weights the quarter targets by available amount: Σ available_t × target_t ÷ Σ available_t', () => {
    const db = freshDb();
    const total = budgetFigures(db, setUp(db), 2027, { lang: 'id' })!.total;
    // TW I (1,000,000 × 15 + 500,000 × 30) ÷ 1,500,000 = 20; TW II (40 + 27.5) ÷ 1.5 = 45; TW III (60 + 37.5) ÷ 1.5 = 65; TW IV 90.
    expect(total.quarters.map((quarter) => quarter.target_pct)).toEqual([20, 45, 65, 90]);
    expect(total.months.map((month) => month.target_pct)).toEqual([null, null, 20, null, null, 45, null, null, 65, null, null, 90]);
    // TW I 454/15 ≈ 30.27 ≥ 20; TW II 844/15 ≈ 56.27 ≥ 45.
    expect(total.quarters.map((quarter) => quarter.met)).toEqual([true, true, null, null]);
  });

  it('weights the months\' RPD deviation by pagu over the types whose deviation exists', () => {
    const db = freshDb();
    const total = budgetFigures(db, setUp(db), 2027, { lang: 'id' })!.total;
    // Month 1: (1,000,000 × 0 + 600,000 × 20) ÷ 1,600,000 = 7.5; month 2: only 51's 4; month 3: (1,000,000 × 50 + 600,000 × 20) ÷ 1,600,000 = 38.75;
    // month 6: (1,000,000 × 20 + 600,000 × 50) ÷ 1,600,000 = 31.25.
    expect(total.months.map((month) => month.rpd_deviation_pct)).toEqual([7.5, 4, 38.75, null, null, 31.25, null, null, null, null, null, null]);
    expect(total.months.slice(0, 2).map((month) => month.rpd_within_tolerance)).toEqual([false, true]);
  });

  it('absorptionAt reads the cumulative absorption of a type or (null) the whole budget', () => {
    const db = freshDb();
    const figures = budgetFigures(db, setUp(db), 2027, { lang: 'id' })!;
    expect(absorptionAt(figures, '51', 3)).toBe(35.4);
    expect(absorptionAt(figures, null, 3)).toBeCloseTo(454 / 15, 12);
    expect(absorptionAt(figures, '52', 2)).toBeNull();
    expect(absorptionAt(figures, '53', 3)).toBeNull();
    expect(absorptionAt(figures, null, 13)).toBeNull();
  });
});

describe('budgetFigures: the evaluated period and missing data', () => {
  it('throughMonth makes later realisations unknown; the plan stays', () => {
    const db = freshDb();
    const figures = budgetFigures(db, setUp(db), 2027, { lang: 'id', throughMonth: 3 })!;
    expect(figures.through_month).toBe(3);
    const june = typeRow(figures, '51').months[5];
    expect(june).toMatchObject({ planned: 300_000, realised: null, cumulative_realised: null, absorption_pct: null, plan_pct: 60, rpd_deviation_pct: null });
    expect(typeRow(figures, '51').quarters[0]).toMatchObject({ absorption_pct: 35.4, met: true });
    expect(typeRow(figures, '51').quarters[1]).toMatchObject({ absorption_pct: null, met: null });
    expect(figures.total.months[5].absorption_pct).toBeNull();
    expect(figures.total.months[5].rpd_deviation_pct).toBeNull();
  });

  it('a type with a pagu and no months has every month null; the whole budget is then not known either', () => {
    const db = freshDb();
    const planId = setUp(db);
    setBudgetLine(db, planId, { spending_type: '53', pagu: 500_000 }, NOW, 'planner');
    const figures = budgetFigures(db, planId, 2027, { lang: 'id' })!;
    expect(figures.types.map((type) => type.code)).toEqual(['51', '52', '53']);
    const capital = typeRow(figures, '53');
    expect(capital.months.every((month) => month.planned === null && month.realised === null && month.absorption_pct === null && month.rpd_deviation_pct === null)).toBe(true);
    expect(capital.quarters.map((quarter) => quarter.met)).toEqual([null, null, null, null]);
    expect(figures.total.months[0].absorption_pct).toBeNull();
    // The deviation of the whole budget weights the types that have one: month 1 is still (0 + 600,000 × 20) ÷ 1,600,000.
    expect(figures.total.months[0].rpd_deviation_pct).toBe(7.5);
  });

  it('is null for a year without a budget line, and refuses a month outside 1–12', () => {
    const db = freshDb();
    const planId = setUp(db);
    expect(budgetFigures(db, planId, 2028, { lang: 'id' })).toBeNull();
    expect(() => budgetFigures(db, planId, 2027, { lang: 'id', throughMonth: 13 })).toThrow('could not be computed');
  });

  it('a closed quarter does not change the figures, only what may be changed', () => {
    const db = freshDb();
    const planId = setUp(db);
    insertPeriodClosure(db, { plan_id: planId, period: '2027-Q1', closed_by: 'admin', closed_at: NOW.toISOString() });
    expect(absorptionAt(budgetFigures(db, planId, 2027, { lang: 'id' })!, '51', 3)).toBe(35.4);
  });
});

describe('absorptionTargets', () => {
  it('says when the plan keeps the defaults 15/40/60/90 and lists only the types it sets', () => {
    const db = freshDb();
    const { planId } = diagnosedPlan(db, { prefill: false });
    expect(absorptionTargets(findPlan(db, planId)!)).toEqual({ targets: {}, defaults: true });
    expect(DEFAULT_ABSORPTION_TARGETS).toEqual([15, 40, 60, 90]);
    setAbsorptionSettings(db, planId, { targets: { '53': ['10', '30', '55,5', '95'] } }, NOW, 'planner');
    expect(absorptionTargets(findPlan(db, planId)!)).toEqual({ targets: { '53': [10, 30, 55.5, 95] }, defaults: false });
  });

  it('budgetFigures lists the targets of every type shown, the defaults where the plan sets none', () => {
    const db = freshDb();
    const figures = budgetFigures(db, setUp(db), 2027, { lang: 'id' })!;
    expect(figures.targets).toEqual({ '51': [15, 40, 60, 90], '52': [30, 55, 75, 90] });
    expect(figures.targets_are_defaults).toBe(false);
    expect(figures.rpd_tolerance).toBe(5);
  });
});
