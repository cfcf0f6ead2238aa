import { countRows, createTestApp, loggedIn } from '../helpers';
import { diagnosedPlan, person } from '../plan/fixtures';

/** A JSON body can hold what no form sends: an object whose toString is not a function cannot be printed. */
const UNPRINTABLE = { toString: 1 };

describe('plan pages given a JSON body no form sends', () => {
  it('re-render the form with 422 instead of failing with 500 when a field is an unprintable object', async () => {
    const { db, app } = createTestApp();
    const { planId } = diagnosedPlan(db);
    const admin = await loggedIn(app, db, 'admin');
    const before = countRows(db, 'aspirations');
    const response = await admin.agent.post(`/plans/${planId}/aspirations`).set('x-csrf-token', admin.csrf).send({ interviewee: UNPRINTABLE, position: ['Direktur', UNPRINTABLE] });
    expect(response.status).toBe(422);
    expect(response.text).toContain('id="f-interviewee"');
    expect(countRows(db, 'aspirations')).toBe(before);
  });

  it('answer 422 when the round or account chosen is an object, not an id', async () => {
    const { db, app } = createTestApp();
    const { planId } = diagnosedPlan(db);
    const budi = person(db, 'Budi');
    const admin = await loggedIn(app, db, 'admin');
    for (const [path, body] of [
      [`/plans/${planId}/rounds`, { round: UNPRINTABLE }],
      [`/plans/${planId}/people/import`, { round: UNPRINTABLE }],
      [`/plans/${planId}/people/${budi}/account`, { user_id: UNPRINTABLE }],
      [`/plans`, { name: UNPRINTABLE, start_year: '2027' }],
    ] as const) {
      const response = await admin.agent.post(path).set('x-csrf-token', admin.csrf).send(body);
      expect([path, response.status]).toEqual([path, 422]);
    }
  });

  it('ignore starter indexes that are objects rather than failing', async () => {
    const { db, app } = createTestApp();
    const { planId } = diagnosedPlan(db);
    const admin = await loggedIn(app, db, 'admin');
    const response = await admin.agent.post(`/plans/${planId}/starters/hr_development`).set('x-csrf-token', admin.csrf).send({ decision: 'accept', indicators: [UNPRINTABLE], actions: UNPRINTABLE, pic_id: UNPRINTABLE });
    expect(response.status).toBeLessThan(500);
  });
});
