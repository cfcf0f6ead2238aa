import { addAction, addMilestone, addObjective } from '../../src/plan/service';
import { countRows, createTestApp, loggedIn } from '../helpers';
import { diagnosedPlan, NOW, person } from '../plan/fixtures';

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

describe('dates that are no day of the calendar', () => {
  async function planWithMilestone() {
    const test = createTestApp();
    const { planId } = diagnosedPlan(test.db);
    const objective = addObjective(test.db, planId, { perspective_code: 'LG', name: 'Kompetensi' }, NOW, 'p');
    const action = addAction(test.db, planId, { objective_id: objective, title: 'Pelatihan', target_indicator: 'JP', starts_on: '2027-01-01', ends_on: '2027-12-31', horizon: 'short_term', pic_id: person(test.db, 'Budi') }, NOW, 'p');
    const milestone = addMilestone(test.db, planId, action, { title: 'Modul', due_on: '2027-03-01' }, NOW, 'p');
    const admin = await loggedIn(test.app, test.db, 'admin');
    return { ...test, planId, action, milestone, admin };
  }

  it('a milestone marked done on 2027-02-30 is refused with 422 and stays open', async () => {
    const { db, planId, action, milestone, admin } = await planWithMilestone();
    const response = await admin.agent.post(`/plans/${planId}/actions/${action}/milestones/${milestone}`).type('form').send({ _csrf: admin.csrf, done_on: '2027-02-30' });
    expect(response.status).toBe(422);
    expect(response.text).toContain('gunakan tanggal seperti');
    expect(db.prepare('SELECT done_on FROM milestones').get()).toEqual({ done_on: null });
  });

  it('a status date of 2027-02-30 falls back to today, so the done button never carries it', async () => {
    const { planId, admin } = await planWithMilestone();
    const page = await admin.agent.get(`/plans/${planId}/actions?as_of=2027-02-30`);
    expect(page.status).toBe(200);
    expect(page.text).not.toContain('value="2027-02-30"');
    const json = await admin.agent.get(`/api/plans/${planId}?as_of=2027-02-30`);
    expect(json.body.as_of).not.toBe('2027-02-30');
  });
});

describe('messages of fields that take a JSON number or a text', () => {
  it('an action without a person in charge and with a budget of 12,5 rupiah says so in Indonesian, not "Invalid input"', async () => {
    const { db, app } = createTestApp();
    const { planId } = diagnosedPlan(db);
    const objective = addObjective(db, planId, { perspective_code: 'LG', name: 'Kompetensi' }, NOW, 'p');
    const admin = await loggedIn(app, db, 'admin');
    const response = await admin.agent.post(`/plans/${planId}/actions`).type('form').send({
      _csrf: admin.csrf, objective_id: String(objective), title: 'Pelatihan', target_indicator: 'JP', starts_on: '2027-01-01', ends_on: '2027-12-31', horizon: 'short_term', pic_id: '', budget: '12,5',
    });
    expect(response.status).toBe(422);
    expect(response.text).toContain('pilih penanggung jawab rencana aksi');
    expect(response.text).toContain('rupiah utuh, 0 atau lebih');
    expect(response.text).not.toContain('Invalid input');
  });
});

describe('a refused change on one action\'s page', () => {
  it('comes back on that action\'s page with what was typed: a progress report of 150 % keeps its note', async () => {
    const { db, app } = createTestApp();
    const { planId } = diagnosedPlan(db);
    const objective = addObjective(db, planId, { perspective_code: 'LG', name: 'Kompetensi' }, NOW, 'p');
    const action = addAction(db, planId, { objective_id: objective, title: 'Pelatihan', target_indicator: 'JP', starts_on: '2027-01-01', ends_on: '2027-12-31', horizon: 'short_term', pic_id: person(db, 'Budi') }, NOW, 'p');
    const admin = await loggedIn(app, db, 'admin');
    const response = await admin.agent.post(`/plans/${planId}/actions/${action}/progress`).type('form').send({ _csrf: admin.csrf, reported_on: '2027-01-05', percent: '150', note: 'Modul TW I selesai ditulis' });
    expect(response.status).toBe(422);
    expect(response.text).toContain(`action="/plans/${planId}/actions/${action}/progress"`);
    expect(response.text).toContain('Modul TW I selesai ditulis');
    expect(countRows(db, 'progress_updates')).toBe(0);
  });
});
