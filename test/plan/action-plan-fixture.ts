import type { Db } from '../../src/db/connection';
import { addAction, addObjective, addProgress } from '../../src/plan/service';
import { showPlan, type PlanShow } from '../../src/plan/show';
import { diagnosedPlan, NOW, person, REPORT_SETTINGS } from './fixtures';

export const AS_OF = '2027-04-30';
export const NIP_ANI = '198501012010012001';
export const FORMULA_TITLE = '=HYPERLINK("http://evil.example/x","klik")';

/**
 * A diagnosed 2027 plan with two objectives (SS1 on learning & growth with two actions, SS2 on
 * internal process without actions) and three people, one of whose names has a comma in it.
 */
export function actionPlan(db: Db): { planId: number; people: { ani: number; budi: number; citra: number }; objectives: { ss1: number; ss2: number }; actions: { training: number; formula: number } } {
  const { planId } = diagnosedPlan(db);
  const ani = person(db, 'Ani Lestari', { nip: NIP_ANI });
  const budi = person(db, 'Budi Santoso, S.Kom.');
  const citra = person(db, 'Citra Dewi');
  const ss1 = addObjective(db, planId, { perspective_code: 'LG', code: 'SS1', name: 'Meningkatnya kompetensi SDM', dimension_codes: ['LG-HR', 'LG-TI'] }, NOW, 'planner');
  const ss2 = addObjective(db, planId, { perspective_code: 'IBP', code: 'SS2', name: 'Meningkatnya kepatuhan SOP', dimension_codes: ['IBP-SOP'] }, NOW, 'planner');
  const training = addAction(
    db,
    planId,
    {
      objective_id: ss1,
      title: 'Pelatihan teknis',
      target_indicator: 'Pegawai terlatih',
      target_value: 20,
      target_unit: 'orang',
      starts_on: '2027-01-01',
      ends_on: '2027-06-30',
      pic_id: ani,
      member_ids: [budi, citra],
      horizon: 'short_term',
      quarters: [1, 2],
      budget: 150_000_000,
      budget_code: '5212.001',
    },
    NOW,
    'planner',
  );
  const formula = addAction(
    db,
    planId,
    {
      objective_id: ss1,
      title: FORMULA_TITLE,
      target_indicator: 'Aplikasi digunakan',
      target_value: 12.5,
      target_unit: '%',
      starts_on: '2027-05-01',
      ends_on: '2027-12-31',
      due_on: '2027-11-30',
      pic_id: budi,
      horizon: 'short_term',
      quarters: [2, 3, 4],
    },
    NOW,
    'planner',
  );
  addProgress(db, training, { reported_on: '2027-03-31', percent: '50' }, NOW, 'planner');
  return { planId, people: { ani, budi, citra }, objectives: { ss1, ss2 }, actions: { training, formula } };
}

export function show(db: Db, planId: number, lang: 'id' | 'en' = 'id'): PlanShow {
  return showPlan(db, planId, { asOf: AS_OF, lang, report: REPORT_SETTINGS });
}
