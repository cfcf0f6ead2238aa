import { countAuditEntries } from '../../src/db/audit-log';
import { ValidationError } from '../../src/errors';
import * as plans from '../../src/plan/service';
import { createSkmFollowup } from '../../src/skm/followup';
import { setSkmRoundOpen } from '../../src/skm/rounds';
import { freshDb } from '../helpers';
import { diagnosedPlan, NOW, person } from '../plan/fixtures';
import { addForms, skmRound, type Form } from './fixtures';

const TEN: Form[] = ['442434433', '332434433', '331433432', '432443333', '332433343', '343434433', '432433330', '332434433', '331433332', '442443433'].map((answers) => ({ answers }));

function setup() {
  const db = freshDb();
  const { planId } = diagnosedPlan(db, { prefill: false });
  const objective = plans.addObjective(db, planId, { perspective_code: 'CUS', code: 'SS5', name: 'Kepuasan masyarakat meningkat' }, NOW, 'planner');
  const rina = person(db, 'Rina');
  const round = skmRound(db, { min_group_size: '3' });
  addForms(db, round.row.id, TEN);
  setSkmRoundOpen(db, round.row.id, false, NOW, 'test');
  return { db, objective, rina, roundId: round.row.id };
}

function counts(db: ReturnType<typeof freshDb>) {
  const n = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
  return { actions: n('SELECT count(*) AS n FROM actions'), followups: n('SELECT count(*) AS n FROM skm_followups'), audit: countAuditEntries(db, null) };
}

describe('the SKM follow-up form attacked with garbage', () => {
  it.each([
    ['an array as the element', { element: ['time', 'cost'] }, 'element', '2027-02-15'],
    ['__proto__ as the element', { element: '__proto__' }, 'element', '2027-02-15'],
    ['constructor as the element', { element: 'constructor' }, 'element', '2027-02-15'],
    ['a huge element', { element: 'x'.repeat(100000) }, 'element', '2027-02-15'],
    ['an array of objectives', { objective_id: ['1', '2'] }, 'objective_id', '2027-02-15'],
    ['an object as the person', { pic_id: { id: 1 } }, 'pic_id', '2027-02-15'],
    ['an array of due dates', { due_on: ['2027-03-01'] }, 'due_on', '2027-02-15'],
    ['an objective of a plan that has ended', {}, 'objective_id', '2028-01-05'],
  ])('refuses %s with 422 naming the field, and writes nothing', (_name, change, field, today) => {
    const { db, objective, rina, roundId } = setup();
    const before = counts(db);
    let problems: { field?: string }[] = [];
    try {
      createSkmFollowup(db, roundId, { element: 'time', objective_id: String(objective), pic_id: String(rina), ...change }, { lang: 'id', today, now: NOW, actor: 'analis' });
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      problems = (error as ValidationError).problems;
    }
    expect(problems.map((problem) => problem.field)).toEqual([field]);
    expect(counts(db)).toEqual(before);
  });
});
