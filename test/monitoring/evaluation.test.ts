import type { Db } from '../../src/db/connection';
import { evaluatePlan, type Evaluation } from '../../src/monitoring/evaluation';
import { addIndicator, recordRealisation, setIndicatorTargets, setWeights } from '../../src/monitoring/indicators';
import * as plans from '../../src/plan/service';
import { roundWithResponses } from '../report/fixtures';
import { showPlan } from '../../src/plan/show';
import { freshDb } from '../helpers';
import { caseRespondents, diagnosedPlan, NOW, REPORT_SETTINGS } from '../plan/fixtures';
import { measuredPlan as build } from './fixtures';

// The plan and the hand-worked figures every expectation below comes from: test/monitoring/fixtures.ts.

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

describe('the survey behind the objectives', () => {
  test('the change of a cited dimension between the baseline and the latest evaluation round, with its test; a green objective whose gap is still open is a prompt', () => {
    const db = freshDb();
    const { planId } = diagnosedPlan(db, { prefill: false });
    // The evaluation round: HR development answered 3 by half the twelve and 4 by the others (mean 3.5), where the baseline's
    // answered 2 and 3 alternately (every score 2.5): a significant rise, still below the target of 4.
    const later = roundWithResponses(db, caseRespondents().map((respondent, position) => ({ ...respondent, answer: (index: number, code: string) => (code.startsWith('LG-HR') ? 3 + (position % 2) : (respondent.answer as (index: number, code: string) => number)(index, code)) })), { name: 'Evaluasi 2027' });
    plans.linkEvaluationRound(db, planId, later.row.id, NOW, 'planner');
    const objective = plans.addObjective(db, planId, { perspective_code: 'LG', code: 'SS1', name: 'SDM', dimension_codes: ['LG-HR'] }, NOW, 'planner');
    const indicator = addIndicator(db, planId, objective, { code: 'IKU1', name: 'JP', target: '10' }, NOW, 'planner');
    recordRealisation(db, planId, indicator, { period: '2027-Q1', value: '12' }, NOW, 'planner');
    const evaluation = evaluate(db, planId, '2027-Q1', '2027-04-10');
    expect(evaluation.survey_changes).toHaveLength(1);
    const change = evaluation.survey_changes[0];
    expect(change).toMatchObject({ objective_code: 'SS1', dimension_code: 'LG-HR', from_round: 'Diagnosis 2026', to_round: 'Evaluasi 2027', current_mean: 3.5, significant: true, direction: 'rise' });
    expect(change.previous_mean).toBeCloseTo(2.5, 1);
    expect(change.p_value).toBeLessThan(0.05);
    expect(evaluation.prompts).toEqual([expect.objectContaining({ kind: 'gap_not_closed', objective_code: 'SS1', dimension_code: 'LG-HR', gap: -0.5 })]);
  });
});

describe('year to date with periods not reported', () => {
  function oneIndicator(input: Record<string, unknown>) {
    const db = freshDb();
    const { planId } = diagnosedPlan(db, { prefill: false });
    const objective = plans.addObjective(db, planId, { perspective_code: 'LG', code: 'SS1', name: 'SDM' }, NOW, 'planner');
    const id = addIndicator(db, planId, objective, { code: 'IKU1', name: 'JP', ...input }, NOW, 'planner');
    return { db, planId, id };
  }

  test('a period not reported is left out of the target too, not scored as 0; it is named as missing once it has ended', () => {
    // Sum, targets TW I 5 and TW II 5; only TW I reported (5): year to date 5 against 5 = 100 %, TW II missing.
    const { db, planId, id } = oneIndicator({ consolidation: 'sum', target: '20' });
    setIndicatorTargets(db, planId, id, { '2027-Q1': '5', '2027-Q2': '5' }, NOW, 'planner');
    recordRealisation(db, planId, id, { period: '2027-Q1', value: '5' }, NOW, 'planner');
    const after = evaluate(db, planId, '2027-Q2', '2027-07-10').indicators[0];
    expect(after).toMatchObject({ target: 5, realisation: 5, achievement_pct: 100, status: 'green', missing_periods: ['2027-Q2'] });
    // Before TW II has ended it is not missing yet.
    expect(evaluate(db, planId, '2027-Q2', '2027-05-31').indicators[0].missing_periods).toEqual([]);
  });

  test('a summed indicator with only an annual target is compared with the share of the year reported', () => {
    // Annual 20, quarterly, TW I reported 5: target 20 × 1 ÷ 4 = 5 → 100 %, not 25 % against the whole year.
    const { db, planId, id } = oneIndicator({ consolidation: 'sum', target: '20' });
    recordRealisation(db, planId, id, { period: '2027-Q1', value: '5' }, NOW, 'planner');
    expect(evaluate(db, planId, '2027-Q1', '2027-04-10').indicators[0]).toMatchObject({ target: 5, target_basis: 'annual_pro_rata', achievement_pct: 100, status: 'green' });
    // Average and last keep the annual target: (4 + 6) / 2 = 5 against 10 = 50 %.
    const average = oneIndicator({ consolidation: 'average', target: '10' });
    recordRealisation(average.db, average.planId, average.id, { period: '2027-Q1', value: '4' }, NOW, 'planner');
    recordRealisation(average.db, average.planId, average.id, { period: '2027-Q2', value: '6' }, NOW, 'planner');
    expect(evaluate(average.db, average.planId, '2027-Q2', '2027-07-10').indicators[0]).toMatchObject({ target: 10, target_basis: 'annual', realisation: 5, achievement_pct: 50, status: 'red' });
  });

  test('last known: the realisation of the latest reported period against that period\'s target', () => {
    // Targets TW I 50, TW II 100; only TW I reported (50): 50 against 50 = 100 %.
    const { db, planId, id } = oneIndicator({ consolidation: 'last', target: '100' });
    setIndicatorTargets(db, planId, id, { '2027-Q1': '50', '2027-Q2': '100' }, NOW, 'planner');
    recordRealisation(db, planId, id, { period: '2027-Q1', value: '50' }, NOW, 'planner');
    expect(evaluate(db, planId, '2027-Q2', '2027-07-10').indicators[0]).toMatchObject({ target: 50, realisation: 50, achievement_pct: 100 });
  });
});
