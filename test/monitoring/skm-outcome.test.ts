import type { Db } from '../../src/db/connection';
import { evaluatePeriod, satisfactionOutcome } from '../../src/monitoring/evaluation';
import { evaluationNarrative } from '../../src/monitoring/narrative';
import { addIndicator, recordRealisation, updateIndicator } from '../../src/monitoring/indicators';
import * as plans from '../../src/plan/service';
import { ValidationError } from '../../src/errors';
import { setSkmRoundOpen } from '../../src/skm/rounds';
import { freshDb } from '../helpers';
import { diagnosedPlan, NOW, REPORT_SETTINGS } from '../plan/fixtures';
import { addForms, formsWithSum, skmRound, type Form } from '../skm/fixtures';

/**
 * The satisfaction index as an outcome of the plan, worked by hand:
 *
 *   SKM TW I 2027  (1 Jan – 31 Mar 2027): the ten questionnaires of test/skm/analysis.test.ts,
 *                  IKM = 12905/162 = 79.660493827…, rounded 79.66, grade B; time NRR 1.9 → 47.5
 *   SKM TW II 2027 (1 Apr – 30 Jun 2027): ten forms answering 3 everywhere → every NRR 3,
 *                  IKM 75 (grade C, Kurang Baik), time 75
 *   SKM open       (TW II 2027, still open: publishes nothing, so gives nothing)
 *   SKM small      (TW II 2027, closed with 2 forms under a minimum group of 5: publishes nothing)
 *
 *   IKU-IKM  source skm (index), target 80, quarterly, last:
 *            TW I 79.660493…, TW II 75 → year to date 75 → 75 / 80 = 93.75 %
 *   IKU-WKT  source skm, element "time", target 60: TW I 47.5, TW II 75 → 75 / 60 = 125 %
 *   outcome  at 2027-Q2: TW II's 75.00 (C) beside TW I's 79.66 (B): change 75.00 − 79.66 = −4.66;
 *            at 2027-Q1: TW I's 79.66, no earlier round.
 */
const TEN: Form[] = ['442434433', '332434433', '331433432', '432443333', '332433343', '343434433', '432433330', '332434433', '331433332', '442443433'].map((answers) => ({ answers }));

function closedRound(db: Db, name: string, from: string, to: string, forms: readonly Form[], min = '3'): number {
  const round = skmRound(db, { name, period_start: from, period_end: to, min_group_size: min });
  addForms(db, round.row.id, forms);
  setSkmRoundOpen(db, round.row.id, false, NOW, 'test');
  return round.row.id;
}

function planWithSkm() {
  const db = freshDb();
  const { planId } = diagnosedPlan(db, { prefill: false });
  const objective = plans.addObjective(db, planId, { perspective_code: 'CUS', code: 'SS5', name: 'Kepuasan masyarakat meningkat' }, NOW, 'planner');
  const ikm = addIndicator(db, planId, objective, { code: 'IKU-IKM', name: 'Indeks Kepuasan Masyarakat', target: '80', source: 'skm' }, NOW, 'planner');
  const time = addIndicator(db, planId, objective, { code: 'IKU-WKT', name: 'Nilai unsur waktu', target: '60', source: 'skm', source_code: 'TIME' }, NOW, 'planner');
  const first = closedRound(db, 'SKM TW I 2027', '2027-01-01', '2027-03-31', TEN);
  const second = closedRound(db, 'SKM TW II 2027', '2027-04-01', '2027-06-30', formsWithSum(10, 270));
  skmRound(db, { name: 'SKM terbuka', period_start: '2027-04-01', period_end: '2027-06-30' });
  closedRound(db, 'SKM kecil', '2027-05-01', '2027-06-30', formsWithSum(2, 72), '5');
  return { db, planId, ikm, time, first, second };
}

const options = { lang: 'id' as const, report: REPORT_SETTINGS, today: '2027-12-31' };

describe('the satisfaction index (IKM) as a computed indicator source', () => {
  it('reads the index of each published round in the period its fieldwork ended, and judges it against the target', () => {
    const { db, planId, ikm } = planWithSkm();
    const evaluation = evaluatePeriod(db, planId, '2027-Q2', options);
    const indicator = evaluation.indicators.find((item) => item.id === ikm)!;
    expect(indicator.source).toBe('skm');
    expect(indicator.source_code).toBeNull();
    expect(indicator.periods.map((period) => [period.period, period.realisation])).toEqual([
      ['2027-Q1', 12905 / 162],
      ['2027-Q2', 75],
    ]);
    expect(indicator.periods[0].realisation).toBeCloseTo(79.660493827, 8);
    expect(indicator.realisation).toBe(75);
    expect(indicator.achievement_pct).toBeCloseTo(93.75, 10);
  });

  it("reads one element's converted value (NRR × 25), its key matched whatever the case", () => {
    const { db, planId, time } = planWithSkm();
    const indicator = evaluatePeriod(db, planId, '2027-Q2', options).indicators.find((item) => item.id === time)!;
    expect(indicator.source_code).toBe('time');
    expect(indicator.periods.map((period) => period.realisation)).toEqual([47.5, 75]);
    expect(indicator.achievement_pct).toBeCloseTo(125, 10);
  });

  it('gives nothing for a year in which no published round ended, and nothing from an open or a too-small round', () => {
    const db = freshDb();
    const { planId } = diagnosedPlan(db, { prefill: false });
    const objective = plans.addObjective(db, planId, { perspective_code: 'CUS', code: 'SS5', name: 'Kepuasan' }, NOW, 'planner');
    const ikm = addIndicator(db, planId, objective, { code: 'IKU-IKM', name: 'IKM', target: '80', source: 'skm' }, NOW, 'planner');
    closedRound(db, 'SKM 2026', '2026-07-01', '2026-12-31', TEN);
    skmRound(db, { name: 'SKM terbuka', period_start: '2027-01-01', period_end: '2027-03-31' });
    closedRound(db, 'SKM kecil', '2027-01-01', '2027-03-31', formsWithSum(2, 72), '5');
    const evaluation = evaluatePeriod(db, planId, '2027-Q2', options);
    expect(evaluation.indicators.find((item) => item.id === ikm)!.realisation).toBeNull();
    // The 2026 round ended before the plan's year: it is still the latest index known at the evaluation's end.
    expect(evaluation.outcomes.satisfaction?.round.name).toBe('SKM 2026');
  });

  it('refuses a typed realisation of an IKM indicator and writes nothing', () => {
    const { db, planId, ikm } = planWithSkm();
    const before = db.prepare('SELECT count(*) AS n FROM realisations').get();
    expect(() => recordRealisation(db, planId, ikm, { period: '2027-Q1', value: '90' }, NOW, 'planner')).toThrow(ValidationError);
    try {
      recordRealisation(db, planId, ikm, { period: '2027-Q1', value: '90' }, NOW, 'planner');
    } catch (error) {
      expect((error as ValidationError).problems).toEqual([expect.objectContaining({ field: 'value', message: 'IKU-IKM is computed from the satisfaction survey (SKM): its realisation is not typed in' })]);
    }
    expect(db.prepare('SELECT count(*) AS n FROM realisations').get()).toEqual(before);
  });

  it('refuses an element the survey does not have, naming the keys it has, and writes nothing', () => {
    const { db, planId, time } = planWithSkm();
    const before = db.prepare('SELECT * FROM indicators ORDER BY id').all();
    const objective = (db.prepare('SELECT objective_id FROM indicators WHERE id = ?').get(time) as { objective_id: number }).objective_id;
    let problem: unknown;
    try {
      addIndicator(db, planId, objective, { code: 'IKU-X', name: 'Unsur lain', target: '80', source: 'skm', source_code: 'parking' }, NOW, 'planner');
    } catch (error) {
      problem = (error as ValidationError).problems[0];
    }
    expect(problem).toEqual(expect.objectContaining({ field: 'source_code', message: expect.stringMatching(/^no element "parking" in the satisfaction survey; leave it blank for the index \(IKM\) or use requirements, procedure, time, cost, product, competence, behaviour, facilities, complaints$/) }));
    expect(() => updateIndicator(db, planId, time, { source_code: 'parking' }, NOW, 'planner')).toThrow(ValidationError);
    expect(db.prepare('SELECT * FROM indicators ORDER BY id').all()).toEqual(before);
  });
});

describe("the evaluation's satisfaction outcome", () => {
  it('is the latest published round ended by the period, beside the one before, and the narrative says it', () => {
    const { db, planId, first, second } = planWithSkm();
    const evaluation = evaluatePeriod(db, planId, '2027-Q2', options);
    expect(evaluation.outcomes.satisfaction).toEqual({
      round: { id: second, name: 'SKM TW II 2027', period_start: '2027-04-01', period_end: '2027-06-30' },
      responses: 10,
      ikm: 75,
      ikm_rounded: 75,
      grade: 'C',
      grade_label: 'Kurang Baik',
      previous: { id: first, name: 'SKM TW I 2027', period_end: '2027-03-31', ikm_rounded: 79.66, grade: 'B' },
      change: -4.66,
    });
    const outcomes = evaluationNarrative(evaluation, 'id').paragraphs.find((paragraph) => paragraph.topic === 'outcomes')!;
    expect(outcomes.sentences[1]).toBe('Kepuasan pemangku kepentingan: IKM 75,00 (mutu C, Kurang Baik) pada SKM TW II 2027, dari 10 kuesioner; turun 4,66 dari 79,66 pada SKM TW I 2027.');
  });

  it('at the end of the first quarter is that quarter’s round alone', () => {
    const { db, planId, first } = planWithSkm();
    const satisfaction = evaluatePeriod(db, planId, '2027-Q1', options).outcomes.satisfaction!;
    expect(satisfaction.round.id).toBe(first);
    expect(satisfaction.ikm).toBeCloseTo(79.660493827, 8);
    expect(satisfaction.ikm_rounded).toBe(79.66);
    expect(satisfaction.grade).toBe('B');
    expect(satisfaction.previous).toBeNull();
    expect(satisfaction.change).toBeNull();
  });

  it('is null, named as not measured, without a published round', () => {
    const db = freshDb();
    const { planId } = diagnosedPlan(db, { prefill: false });
    const evaluation = evaluatePeriod(db, planId, '2027-Q2', options);
    expect(evaluation.outcomes.satisfaction).toBeNull();
    expect(evaluationNarrative(evaluation, 'id').paragraphs.find((paragraph) => paragraph.topic === 'outcomes')!.sentences[1]).toBe('Kepuasan pemangku kepentingan: belum diukur — survei kepuasan masyarakat belum ada.');
  });

  it('rounds the change of what is shown: 80.10 after 79.66 is a rise of 0.44', () => {
    const point = (id: number, end: string, ikm: number) => ({ round_id: id, name: `R${id}`, period_start: end, period_end: end, responses: 50, ikm, ikm_rounded: Math.round(ikm * 100) / 100, grade: 'B' as const, nrr: {}, current: false });
    const outcome = satisfactionOutcome([point(1, '2027-03-31', 12905 / 162), point(2, '2027-06-30', 80.1)], '2027-06-30', 'en')!;
    expect(outcome.change).toBe(0.44);
    expect(outcome.grade_label).toBe('Good');
  });
});
