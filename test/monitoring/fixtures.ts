import type { Db } from '../../src/db/connection';
import { setBudgetLine, setBudgetMonth } from '../../src/monitoring/budget-service';
import { addIndicator, recordRealisation, setIndicatorTargets, setWeights } from '../../src/monitoring/indicators';
import * as plans from '../../src/plan/service';
import { diagnosedPlan, NOW, person } from '../plan/fixtures';

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

export function measuredPlan(db: Db) {
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

