import { countAuditEntries, listAuditEntries } from '../../src/db/audit-log';
import { ConflictError, ValidationError } from '../../src/errors';
import * as plans from '../../src/plan/service';
import { listSkmFollowups as listFollowups } from '../../src/db/skm';
import { createSkmFollowup } from '../../src/skm/followup';
import { setSkmRoundOpen } from '../../src/skm/rounds';
import { freshDb } from '../helpers';
import { diagnosedPlan, NOW, person } from '../plan/fixtures';
import { addForms, skmRound, type Form } from './fixtures';

/**
 * The ten questionnaires of analysis.test.ts: priorities time (47.5, D), complaints (69.44, C),
 * facilities (77.5, B). An action's target is the floor of the next grade: D → 65.00, C → 76.61,
 * B → 88.31. Today 2027-02-15 in a 2027 plan: the action runs 15 February – 31 December (TW I–IV).
 */
const TEN: Form[] = ['442434433', '332434433', '331433432', '432443333', '332433343', '343434433', '432433330', '332434433', '331433332', '442443433'].map((answers) => ({ answers }));
const TODAY = '2027-02-15';

function setup(options: { close?: boolean } = {}) {
  const db = freshDb();
  const { planId } = diagnosedPlan(db, { prefill: false });
  const objective = plans.addObjective(db, planId, { perspective_code: 'CUS', code: 'SS5', name: 'Kepuasan masyarakat meningkat' }, NOW, 'planner');
  const rina = person(db, 'Rina');
  const round = skmRound(db, { min_group_size: '3' });
  addForms(db, round.row.id, TEN);
  if (options.close !== false) setSkmRoundOpen(db, round.row.id, false, NOW, 'test');
  return { db, planId, objective, rina, roundId: round.row.id };
}

const make = (db: ReturnType<typeof freshDb>, roundId: number, input: Record<string, unknown>) => createSkmFollowup(db, roundId, input, { lang: 'id', today: TODAY, now: NOW, actor: 'analis' });

function counts(db: ReturnType<typeof freshDb>) {
  return {
    actions: (db.prepare('SELECT count(*) AS n FROM actions').get() as { n: number }).n,
    followups: (db.prepare('SELECT count(*) AS n FROM skm_followups').get() as { n: number }).n,
    audit: countAuditEntries(db, null),
  };
}

describe('a priority element of the SKM report becomes an action in one step', () => {
  it('creates the action with its person in charge, dates, quarters and the next grade as its target', () => {
    const { db, planId, objective, rina, roundId } = setup();
    const id = make(db, roundId, { element: 'time', objective_id: String(objective), pic_id: String(rina) });
    const action = plans.getAction(db, planId, id);
    expect(action).toMatchObject({
      objective_id: objective,
      title: 'Perbaikan unsur Waktu penyelesaian (tindak lanjut SKM Semester II 2026)',
      description: 'Unsur Waktu penyelesaian pada SKM Semester II 2026: NRR 1,90, nilai konversi 47,50, mutu D. Tindak lanjut hasil survei kepuasan masyarakat.',
      target_indicator: 'Nilai konversi unsur Waktu penyelesaian pada survei berikutnya',
      target_value: 65,
      target_unit: 'nilai (25–100)',
      pic_id: rina,
      horizon: 'short_term',
      starts_on: '2027-02-15',
      ends_on: '2027-12-31',
      due_on: '2027-12-31',
      quarters: 0b1111,
    });
    expect(listFollowups(db, roundId)).toEqual([
      { element_key: 'time', action_id: id, plan_id: planId, plan_name: 'Rencana Kinerja 2027', objective_code: 'SS5', title: action.title, pic_name: 'Rina', due_on: '2027-12-31', cancelled_on: null },
    ]);
    const audit = listAuditEntries(db, { roundId: null, limit: 100, offset: 0 }).map((entry) => entry.action);
    expect(audit).toEqual(expect.arrayContaining(['plan.add', 'skm.followup']));
  });

  it('aims a C element at 76.61 and a B element at 88.31, and keeps a due date given within the plan', () => {
    const { db, planId, objective, rina, roundId } = setup();
    const complaints = plans.getAction(db, planId, make(db, roundId, { element: 'complaints', objective_id: objective, pic_id: rina, due_on: '2027-06-30' }));
    expect(complaints).toMatchObject({ target_value: 76.61, ends_on: '2027-06-30', quarters: 0b0011 });
    expect(plans.getAction(db, planId, make(db, roundId, { element: 'facilities', objective_id: objective, pic_id: rina })).target_value).toBe(88.31);
  });

  it('offers each element once: a second click is refused (409) and writes nothing', () => {
    const { db, objective, rina, roundId } = setup();
    make(db, roundId, { element: 'time', objective_id: objective, pic_id: rina });
    const before = counts(db);
    expect(() => make(db, roundId, { element: 'time', objective_id: objective, pic_id: rina })).toThrow(ConflictError);
    expect(counts(db)).toEqual(before);
  });

  it('offers it again once its action is removed', () => {
    const { db, planId, objective, rina, roundId } = setup();
    const id = make(db, roundId, { element: 'time', objective_id: objective, pic_id: rina });
    plans.removeElement(db, planId, 'action', id, NOW, 'planner');
    expect(listFollowups(db, roundId)).toEqual([]);
    expect(() => make(db, roundId, { element: 'time', objective_id: objective, pic_id: rina })).not.toThrow();
  });

  it.each([
    ['an element that is not a priority', { element: 'cost' }, 'element', /"cost" is not one of this round's priority elements \(time, complaints, facilities\)/],
    ['an unknown objective', { objective_id: '999' }, 'objective_id', /no objective 999 in any plan/],
    ['no person in charge', { pic_id: '' }, 'pic_id', /choose the person in charge of the action/],
    ['a person not in the directory', { pic_id: '999' }, 'pic_id', /person 999 is not in the directory of people/],
    ['a due date after the plan', { due_on: '2028-01-31' }, 'due_on', /a date from 2027-02-15 to 2027-12-31/],
    ['a due date before today', { due_on: '2027-01-31' }, 'due_on', /a date from 2027-02-15 to 2027-12-31/],
    ['a date that is not one', { due_on: '31/12/2027' }, 'due_on', /use a date such as 2027-03-31/],
  ])('refuses %s, naming the field, and writes nothing', (_name, change, field, message) => {
    const { db, objective, rina, roundId } = setup();
    const before = counts(db);
    let problems: { field?: string; message: string }[] = [];
    try {
      make(db, roundId, { element: 'time', objective_id: String(objective), pic_id: String(rina), ...change });
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      problems = (error as ValidationError).problems;
    }
    expect(problems).toEqual([expect.objectContaining({ field, message: expect.stringMatching(message) })]);
    expect(counts(db)).toEqual(before);
  });

  it('refuses while the round is open (nothing published to follow up) and writes nothing', () => {
    const { db, objective, rina, roundId } = setup({ close: false });
    const before = counts(db);
    expect(() => make(db, roundId, { element: 'time', objective_id: objective, pic_id: rina })).toThrow(ConflictError);
    expect(counts(db)).toEqual(before);
  });
});
