import type { Db } from '../../src/db/connection';
import { setBudgetLine, setBudgetMonth } from '../../src/monitoring/budget-service';
import { evaluatePlan, type Evaluation } from '../../src/monitoring/evaluation';
import { addIndicator, recordRealisation, setIndicatorTargets, setWeights } from '../../src/monitoring/indicators';
import * as plans from '../../src/plan/service';
import { showPlan } from '../../src/plan/show';
import { freshDb } from '../helpers';
import { diagnosedPlan, NOW, person, REPORT_SETTINGS } from '../plan/fixtures';

/**
 * The plan below, evaluated for 2027-Q2 (year to date, statuses as of 30 June 2027). Every
 * expected figure is worked out by hand from this table:
 *
 *   SS1 (LG)  IKU1 maximize, quarterly, sum, targets TW I 4 + TW II 6 = 10; realised 3.5 + 7 = 10.5
 *             → achievement 10.5 / 10 = 105 %                                   (weight 60)
 *             IKU2 minimize, monthly, average, annual target 10 (no period targets);
 *             Jan–Jun 8, 12, —, 10, 9, 13 → mean of the five known = 52 / 5 = 10.4
 *             → (1 + (1 − 10.4 / 10)) × 100 = 96 %                              (weight 40)
 *             SS1 = 0.6 × 105 + 0.4 × 96 = 63 + 38.4 = 101.4 → green
 *   SS2 (LG)  IKU3 range 85–95, quarterly, last; TW I 80, TW II 60 → 60 / 85 × 100 = 70.588235… → red
 *             IKU6 quarterly, nothing reported → left out (not 0); SS2 = 70.588235…
 *   LG        (101.4 + 70.588235…) / 2 = 85.994117… → yellow
 *   SS3 (IBP) IKU4 maximize, annual target 130, quarterly, last; TW II 180 → 138.46 %, index capped at 120 → green
 *   SS4 (FIN) IKU5 absorption of the whole budget, quarterly, last; targets TW I 15, TW II 40.
 *             Budget 52: pagu 1,000,000,000, blokir 100,000,000 → 900,000,000 available;
 *             realised Jan–Jun 30, 45, 60, 90, 75, 60 million → TW I 135 / 900 = 15 %, TW II 360 / 900 = 40 %
 *             → achievement 40 / 40 = 100 % → green
 *   CUS       no objective → no value
 *   NKO       equal weights over the measured perspectives: (100 + 120 + 85.994117…) / 3 = 101.998039… → green
 *             weights CUS 25, FIN 15, IBP 30, LG 30: (15 × 100 + 30 × 120 + 30 × 85.994117…) / 75 = 102.397647…
 */

function build(db: Db) {
  const { planId } = diagnosedPlan(db, { prefill: false });
  const rina = person(db, 'Rina');
  const budi = person(db, 'Budi');
  const objective = (perspective: string, code: string) => plans.addObjective(db, planId, { perspective_code: perspective, code, name: `Sasaran ${code}` }, NOW, 'planner');
  const ss1 = objective('LG', 'SS1');
  const ss2 = objective('LG', 'SS2');
  const ss3 = objective('IBP', 'SS3');
  const ss4 = objective('FIN', 'SS4');
  const iku1 = addIndicator(db, planId, ss1, { code: 'IKU1', name: 'JP', target: '20', consolidation: 'sum', baseline: '2', pic_id: rina }, NOW, 'planner');
  const iku2 = addIndicator(db, planId, ss1, { code: 'IKU2', name: 'Keluhan', target: '10', polarity: 'minimize', frequency: 'monthly', consolidation: 'average', baseline: '10' }, NOW, 'planner');
  const iku3 = addIndicator(db, planId, ss2, { code: 'IKU3', name: 'Rasio', polarity: 'range', lower_bound: '85', upper_bound: '95' }, NOW, 'planner');
  addIndicator(db, planId, ss2, { code: 'IKU6', name: 'Belum dilaporkan', target: '5', pic_id: budi }, NOW, 'planner');
  const iku4 = addIndicator(db, planId, ss3, { code: 'IKU4', name: 'Layanan digital', target: '130', baseline: '180' }, NOW, 'planner');
  const iku5 = addIndicator(db, planId, ss4, { code: 'IKU5', name: 'Serapan', source: 'absorption', target: '90' }, NOW, 'planner');
  setWeights(db, planId, 'indicators', ss1, { [iku1]: '60', [iku2]: '40' }, NOW, 'planner');
  setIndicatorTargets(db, planId, iku1, { '2027-Q1': '4', '2027-Q2': '6' }, NOW, 'planner');
  setIndicatorTargets(db, planId, iku5, { '2027-Q1': '15', '2027-Q2': '40' }, NOW, 'planner');
  const realise = (id: number, period: string, value: string) => recordRealisation(db, planId, id, { period, value }, NOW, 'planner');
  realise(iku1, '2027-Q1', '3,5');
  realise(iku1, '2027-Q2', '7');
  for (const [month, value] of [['01', '8'], ['02', '12'], ['04', '10'], ['05', '9'], ['06', '13']]) realise(iku2, `2027-${month}`, value);
  realise(iku3, '2027-Q1', '80');
  realise(iku3, '2027-Q2', '60');
  realise(iku4, '2027-Q2', '180');
  setBudgetLine(db, planId, { spending_type: '52', pagu: '1.000.000.000', blokir: '100.000.000' }, NOW, 'planner');
  [30, 45, 60, 90, 75, 60].forEach((millions, index) => setBudgetMonth(db, planId, { spending_type: '52', month: index + 1, realised: String(millions * 1_000_000) }, NOW, 'planner'));
  const action = (objectiveId: number, title: string, percent: string) => {
    const id = plans.addAction(db, planId, { objective_id: objectiveId, title, target_indicator: 'x', starts_on: '2027-01-01', ends_on: '2027-12-31', horizon: 'short_term', pic_id: rina }, NOW, 'planner');
    plans.addProgress(db, id, { reported_on: '2027-06-15', percent }, NOW, 'planner');
    return id;
  };
  action(ss2, 'Penataan rasio', '60');
  const done = action(ss3, 'Aplikasi layanan', '100');
  return { planId, ss1, ss2, ss3, ss4, done };
}

function evaluate(db: Db, planId: number, period = '2027-Q2', today = '2027-07-10'): Evaluation {
  const show = showPlan(db, planId, { asOf: '2027-06-30', lang: 'id', report: REPORT_SETTINGS });
  return evaluatePlan(db, show, period, { lang: 'id', report: REPORT_SETTINGS, today });
}

describe('evaluation of a period', () => {
  const db = freshDb();
  const built = build(db);
  const evaluation = evaluate(db, built.planId);
  const indicator = (code: string) => evaluation.indicators.find((item) => item.code === code)!;
  const objective = (code: string) => evaluation.objectives.find((item) => item.code === code)!;
  const perspective = (code: string) => evaluation.perspectives.find((item) => item.code === code)!;

  test('indicators year to date by their consolidation', () => {
    expect(indicator('IKU1')).toMatchObject({ target: 10, target_basis: 'periods', realisation: 10.5, status: 'green' });
    expect(indicator('IKU1').achievement_pct).toBeCloseTo(105, 10);
    expect(indicator('IKU2')).toMatchObject({ target: 10, target_basis: 'annual', status: 'yellow', missing_periods: ['2027-03'] });
    expect(indicator('IKU2').realisation).toBeCloseTo(10.4, 12);
    expect(indicator('IKU2').achievement_pct).toBeCloseTo(96, 10);
    expect(indicator('IKU3').realisation).toBe(60);
    expect(indicator('IKU3').achievement_pct).toBeCloseTo((60 / 85) * 100, 10);
    expect(indicator('IKU3').status).toBe('red');
    expect(indicator('IKU4').achievement_pct).toBeCloseTo((180 / 130) * 100, 10);
    expect(indicator('IKU4').index_pct).toBe(120);
    expect(indicator('IKU6')).toMatchObject({ realisation: null, achievement_pct: null, index_pct: null, status: null });
  });

  test('an absorption indicator reads the budget', () => {
    expect(indicator('IKU5').periods.map((period) => period.realisation)).toEqual([15, 40]);
    expect(indicator('IKU5')).toMatchObject({ target: 40, realisation: 40, achievement_pct: 100, status: 'green' });
    expect(evaluation.outcomes.absorption).toEqual({ absorption_pct: 40, target_pct: 40, met: true });
    expect(evaluation.budget?.total.months[5].absorption_pct).toBe(40);
  });

  test('the roll-up to objectives, perspectives and the NKO', () => {
    expect(objective('SS1').value).toBeCloseTo(101.4, 10);
    expect(objective('SS1').status).toBe('green');
    expect(objective('SS2').value).toBeCloseTo((60 / 85) * 100, 10);
    expect(objective('SS2')).toMatchObject({ status: 'red', indicators: 2, measured: 1 });
    expect(perspective('LG').value).toBeCloseTo((101.4 + (60 / 85) * 100) / 2, 10);
    expect(perspective('LG').status).toBe('yellow');
    expect(perspective('IBP').value).toBe(120);
    expect(perspective('FIN').value).toBe(100);
    expect(perspective('CUS')).toMatchObject({ value: null, status: null, objectives: 0 });
    expect(evaluation.nko).toBeCloseTo((100 + 120 + (101.4 + (60 / 85) * 100) / 2) / 3, 10);
    expect(evaluation.nko_status).toBe('green');
  });

  test('perspective weights, when set, weigh the NKO', () => {
    const db2 = freshDb();
    const { planId } = build(db2);
    setWeights(db2, planId, 'perspectives', null, { CUS: '25', FIN: '15', IBP: '30', LG: '30' }, NOW, 'planner');
    const weighted = evaluate(db2, planId);
    expect(weighted.nko).toBeCloseTo((15 * 100 + 30 * 120 + 30 * ((101.4 + (60 / 85) * 100) / 2)) / 75, 10);
    expect(weighted.settings.perspective_weights).toEqual({ CUS: 25, FIN: 15, IBP: 30, LG: 30 });
  });

  test('test-and-adapt prompts: red with every action on track; action done while its indicator did not move', () => {
    // In map order: IBP (SS3) above LG (SS2).
    expect(evaluation.prompts).toEqual([
      expect.objectContaining({ kind: 'action_without_effect', objective_code: 'SS3', action_id: built.done, indicator_codes: ['IKU4'] }),
      expect.objectContaining({ kind: 'assumption', objective_code: 'SS2' }),
    ]);
  });

  test('reminders name the people whose indicators lack the latest ended period', () => {
    expect(evaluation.reminders).toEqual([{ person: expect.objectContaining({ name: 'Budi' }), indicators: [{ code: 'IKU6', name: 'Belum dilaporkan', period: '2027-Q2' }], actions: [] }]);
  });

  test('an earlier period sees only what was known by its end', () => {
    const q1 = evaluate(db, built.planId, '2027-Q1');
    expect(q1.as_of).toBe('2027-03-31');
    const first = q1.indicators.find((item) => item.code === 'IKU1')!;
    expect(first).toMatchObject({ target: 4, realisation: 3.5 });
    expect(first.achievement_pct).toBeCloseTo(87.5, 10); // 3.5 / 4
    expect(q1.budget?.total.months[2].absorption_pct).toBe(15);
    expect(q1.budget?.total.months[3].absorption_pct).toBeNull();
  });

  test('a period outside the plan or not a period is refused', () => {
    expect(() => evaluate(db, built.planId, '2028-Q1')).toThrow(/No evaluation/);
    expect(() => evaluate(db, built.planId, '2027-05')).toThrow(/No evaluation/);
  });
});
