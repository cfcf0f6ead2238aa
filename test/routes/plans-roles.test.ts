import request from 'supertest';
import { createApiToken } from '../../src/auth/accounts';
import { findUserByUsername } from '../../src/db/users';
import { addAction, addObjective, linkPersonToUser } from '../../src/plan/service';
import { countRows, createTestApp, loggedIn } from '../helpers';
import { diagnosedPlan, NOW, person } from '../plan/fixtures';

/** A plan with two actions: one in Budi's charge, one in Siti's. Budi's contributor account is linked to him. */
async function setup() {
  const test = createTestApp();
  const { db, app } = test;
  const { planId } = diagnosedPlan(db);
  const objective = addObjective(db, planId, { perspective_code: 'LG', name: 'Kompetensi' }, NOW, 'p');
  const budi = person(db, 'Budi');
  const siti = person(db, 'Siti');
  const base = { objective_id: objective, target_indicator: 'JP', starts_on: '2027-01-01', ends_on: '2027-12-31', horizon: 'short_term' };
  const budisAction = addAction(db, planId, { ...base, title: 'Pelatihan', pic_id: budi }, NOW, 'p');
  const sitisAction = addAction(db, planId, { ...base, title: 'Coaching', pic_id: siti }, NOW, 'p');
  const contributor = await loggedIn(app, db, 'contributor');
  linkPersonToUser(db, budi, findUserByUsername(db, contributor.username)!.id, NOW, 'admin');
  const viewer = await loggedIn(app, db, 'viewer');
  return { ...test, planId, budisAction, sitisAction, contributor, viewer };
}

const progress = (csrf: string) => ({ _csrf: csrf, reported_on: '2027-03-31', percent: '40', note: 'TW I' });

describe('who may change a plan', () => {
  it('a contributor cannot report progress on another PIC\'s action: 403, nothing written', async () => {
    const { db, planId, sitisAction, contributor } = await setup();
    const before = [countRows(db, 'progress_updates'), countRows(db, 'audit_log')];
    const response = await contributor.agent.post(`/plans/${planId}/actions/${sitisAction}/progress`).type('form').send(progress(contributor.csrf));
    expect(response.status).toBe(403);
    expect([countRows(db, 'progress_updates'), countRows(db, 'audit_log')]).toEqual(before);
  });

  it('a contributor reports progress on their own action, recorded under their name', async () => {
    const { db, planId, budisAction, contributor } = await setup();
    const response = await contributor.agent.post(`/plans/${planId}/actions/${budisAction}/progress`).type('form').send(progress(contributor.csrf));
    expect(response.status).toBe(303);
    expect(db.prepare('SELECT action_id, percent, recorded_by FROM progress_updates').all()).toEqual([{ action_id: budisAction, percent: 40, recorded_by: 'contributor1' }]);
  });

  it('a contributor cannot edit, cancel or remove even their own action, nor add objectives', async () => {
    const { db, planId, budisAction, contributor } = await setup();
    const before = [countRows(db, 'actions'), countRows(db, 'objectives'), countRows(db, 'audit_log')];
    for (const [path, body] of [
      [`/plans/${planId}/actions/${budisAction}`, { title: 'Diubah', target_indicator: 'x', starts_on: '2027-01-01', ends_on: '2027-12-31', horizon: 'short_term', objective_id: '1', pic_id: '1' }],
      [`/plans/${planId}/actions/${budisAction}/cancel`, { cancelled_on: '2027-02-01', reason: 'x' }],
      [`/plans/${planId}/actions/${budisAction}/remove`, {}],
      [`/plans/${planId}/objectives`, { perspective_code: 'LG', name: 'Baru' }],
    ] as const) {
      const response = await contributor.agent.post(path).type('form').send({ _csrf: contributor.csrf, ...body });
      expect(response.status).toBe(403);
    }
    expect([countRows(db, 'actions'), countRows(db, 'objectives'), countRows(db, 'audit_log')]).toEqual(before);
  });

  it('a contributor whose account is not linked to a person cannot report anything, not even on the action they once had', async () => {
    const { db, planId, budisAction, contributor } = await setup();
    db.prepare('UPDATE people SET user_id = NULL').run();
    const response = await contributor.agent.post(`/plans/${planId}/actions/${budisAction}/progress`).type('form').send(progress(contributor.csrf));
    expect(response.status).toBe(403);
    expect(response.text).toContain('belum ditautkan');
    expect(countRows(db, 'progress_updates')).toBe(0);
  });

  it('a viewer reads the plan pages but changes nothing, not even progress', async () => {
    const { db, planId, budisAction, viewer } = await setup();
    expect((await viewer.agent.get(`/plans/${planId}/actions`)).status).toBe(200);
    const page = await viewer.agent.get(`/plans/${planId}/actions/${budisAction}`);
    expect(page.text).not.toContain(`/actions/${budisAction}/progress`);
    const before = [countRows(db, 'progress_updates'), countRows(db, 'milestones'), countRows(db, 'audit_log')];
    expect((await viewer.agent.post(`/plans/${planId}/actions/${budisAction}/progress`).type('form').send(progress(viewer.csrf))).status).toBe(403);
    expect((await viewer.agent.post(`/plans/${planId}/situation/prefill`).type('form').send({ _csrf: viewer.csrf })).status).toBe(403);
    expect([countRows(db, 'progress_updates'), countRows(db, 'milestones'), countRows(db, 'audit_log')]).toEqual(before);
  });

  it('the API follows the same rules: a contributor\'s token is refused on another\'s action and accepted on their own', async () => {
    const { db, app, budisAction, sitisAction, contributor } = await setup();
    const token = createApiToken(db, contributor.username, 'script', NOW, 'admin');
    const body = { reported_on: '2027-03-31', percent: 50 };
    const refused = await request(app).post(`/api/actions/${sitisAction}/progress`).set('Authorization', `Bearer ${token}`).send(body);
    expect(refused.status).toBe(403);
    const accepted = await request(app).post(`/api/actions/${budisAction}/progress`).set('Authorization', `Bearer ${token}`).send(body);
    expect(accepted.status).toBe(201);
    const plan = await request(app).post('/api/plans').set('Authorization', `Bearer ${token}`).send({ name: 'X', start_year: 2028 });
    expect(plan.status).toBe(403);
    expect(countRows(db, 'plans')).toBe(1);
  });

  it('the API gives planners the whole plan as JSON and 422 with the field for bad input', async () => {
    const { db, app, planId } = await setup();
    const { username } = await loggedIn(app, db, 'analyst');
    const token = createApiToken(db, username, 'script', NOW, 'admin');
    const shown = await request(app).get(`/api/plans/${planId}?as_of=2027-06-30`).set('Authorization', `Bearer ${token}`);
    expect(shown.status).toBe(200);
    expect(shown.body.actions.map((action: { title: string; pic: { name: string }; status: string }) => [action.title, action.pic.name, action.status])).toEqual([
      ['Pelatihan', 'Budi', 'behind'],
      ['Coaching', 'Siti', 'behind'],
    ]);
    expect(shown.body.objectives[0]).toMatchObject({ dimension_codes: [], gap: null });
    const bad = await request(app).post(`/api/plans/${planId}/actions`).set('Authorization', `Bearer ${token}`).send({ objective_id: 1, title: 'X', target_indicator: 'x', starts_on: '2027-01-01', ends_on: '2027-12-31', horizon: 'short_term', pic_id: 999 });
    expect(bad.status).toBe(422);
    expect(JSON.stringify(bad.body)).toContain('pic_id');
    expect(countRows(db, 'actions')).toBe(2);
  });
});

describe('what a plan tells its readers about people', () => {
  it('a viewer and a contributor see names and loads, not the NIP or e-mail of the directory', async () => {
    const { db, app, planId, contributor, viewer } = await setup();
    db.prepare("UPDATE people SET nip = '198501012010011001', email = 'budi@example.go.id' WHERE name = 'Budi'").run();
    for (const reader of [contributor, viewer]) {
      const page = await reader.agent.get(`/plans/${planId}/people`);
      expect(page.status).toBe(200);
      expect(page.text).toContain('Budi');
      expect(page.text).not.toContain('198501012010011001');
      expect(page.text).not.toContain('budi@example.go.id');
    }
    const token = createApiToken(db, viewer.username, 'script', NOW, 'admin');
    const json = await request(app).get(`/api/plans/${planId}`).set('Authorization', `Bearer ${token}`);
    expect(JSON.stringify(json.body)).not.toContain('budi@example.go.id');
  });

  it('taking people from a roster copies names, units and contacts, never who has answered', async () => {
    const { db, app } = await setup();
    const { username } = await loggedIn(app, db, 'analyst');
    const token = createApiToken(db, username, 'script', NOW, 'admin');
    const shown = await request(app).get('/api/plans/1').set('Authorization', `Bearer ${token}`);
    const personKeys = Object.keys(shown.body.people[0]).sort();
    expect(personKeys).toEqual(['email', 'id', 'load', 'name', 'nip', 'position', 'unit', 'user_id']);
    const columns = (db.prepare('PRAGMA table_info(people)').all() as { name: string }[]).map((column) => column.name);
    expect(columns).not.toContain('status');
  });
});
