import * as plans from '../../src/plan/service';
import { setSkmRoundOpen } from '../../src/skm/rounds';
import { countRows, createTestApp, loggedIn } from '../helpers';
import { diagnosedPlan, NOW, person } from '../plan/fixtures';
import { addForms, skmRound, type Form } from '../skm/fixtures';

/**
 * The ten questionnaires of test/skm/analysis.test.ts: priorities time (47,50, D), complaints
 * (69,44, C) and facilities (77,50, B). The app's clock is 28 November 2026, before the 2027 plan
 * starts: an action made today runs 1 January – 31 December 2027.
 */
const TEN: Form[] = ['442434433', '332434433', '331433432', '432443333', '332433343', '343434433', '432433330', '332434433', '331433332', '442443433'].map((answers) => ({ answers }));

function withPlanAndRound(options: { close?: boolean } = {}) {
  const context = createTestApp();
  const { db } = context;
  const { planId } = diagnosedPlan(db, { prefill: false });
  plans.addObjective(db, planId, { perspective_code: 'LG', code: 'SS1', name: 'Pegawai kompeten' }, NOW, 'planner');
  const objective = plans.addObjective(db, planId, { perspective_code: 'CUS', code: 'SS5', name: 'Kepuasan masyarakat meningkat' }, NOW, 'planner');
  const rina = person(db, 'Rina');
  const round = skmRound(db, { min_group_size: '3' });
  addForms(db, round.row.id, TEN);
  if (options.close !== false) setSkmRoundOpen(db, round.row.id, false, NOW, 'test');
  return { ...context, planId, objective, rina, roundId: round.row.id };
}

describe('the follow-up plan on the SKM report page', () => {
  it('offers each priority element as an action, with the customer objective preselected, and makes one in a click', async () => {
    const { app, db, planId, objective, rina, roundId } = withPlanAndRound();
    const { agent, csrf } = await loggedIn(app, db, 'analyst');
    const page = await agent.get(`/skm/rounds/${roundId}/report`);
    expect(page.status).toBe(200);
    expect(page.text.match(/class="stack skm-followup-form"/g)).toHaveLength(3);
    expect(page.text).toContain(`<option value="${objective}" selected>SS5 Kepuasan masyarakat meningkat</option>`);
    expect(page.text).toContain('<optgroup label="Rencana Kinerja 2027">');

    const made = await agent.post(`/skm/rounds/${roundId}/followup`).type('form').send({ _csrf: csrf, element: 'time', objective_id: String(objective), pic_id: String(rina), due_on: '' });
    expect(made.status).toBe(303);
    expect(made.headers.location).toBe(`/skm/rounds/${roundId}/report?notice=followup#followup-h`);
    const action = db.prepare('SELECT id, title, pic_id, starts_on, ends_on, target_value FROM actions').get() as { id: number; title: string; pic_id: number; starts_on: string; ends_on: string; target_value: number };
    expect(action).toMatchObject({ title: 'Perbaikan unsur Waktu penyelesaian (tindak lanjut SKM Semester II 2026)', pic_id: rina, starts_on: '2027-01-01', ends_on: '2027-12-31', target_value: 65 });

    const after = await agent.get(made.headers.location);
    expect(after.text).toContain('role="status">Rencana aksi dibuat');
    expect(after.text).toContain(`<a href="/plans/${planId}/actions/${action.id}">${action.title}</a>`);
    expect(after.text).toContain('31 Desember 2027');
    expect(after.text.match(/class="stack skm-followup-form"/g)).toHaveLength(2);

    // The document a leader receives lists the action in the same row (without a link: it travels).
    const file = await agent.get(`/skm/rounds/${roundId}/report.html`);
    expect(file.status).toBe(200);
    expect(file.text).toContain(action.title);
    expect(file.text).not.toContain('skm-followup-form');
    expect(file.text).not.toContain(`/plans/${planId}/actions/`);
  });

  it('refuses a form without a person in charge with 422 naming the field, keeps the choices, and writes nothing', async () => {
    const { app, db, objective, roundId } = withPlanAndRound();
    const { agent, csrf } = await loggedIn(app, db, 'analyst');
    const response = await agent.post(`/skm/rounds/${roundId}/followup`).type('form').send({ _csrf: csrf, element: 'complaints', objective_id: String(objective), pic_id: '', due_on: '2027-06-30' });
    expect(response.status).toBe(422);
    expect(response.text).toContain('Tindak lanjut belum dijadikan rencana aksi.');
    expect(response.text).toContain('<a href="#f-pic_id">pilih penanggung jawab rencana aksi</a>');
    expect(response.text).toContain('id="f-pic_id"');
    expect(response.text).toContain('id="f-due_on" name="due_on" type="date" value="2027-06-30"');
    expect(countRows(db, 'actions')).toBe(0);
    expect(countRows(db, 'skm_followups')).toBe(0);
  });

  it('answers a second click on the same element with 409 and writes nothing more', async () => {
    const { app, db, objective, rina, roundId } = withPlanAndRound();
    const { agent, csrf } = await loggedIn(app, db, 'analyst');
    const body = { _csrf: csrf, element: 'time', objective_id: String(objective), pic_id: String(rina) };
    expect((await agent.post(`/skm/rounds/${roundId}/followup`).type('form').send(body)).status).toBe(303);
    const again = await agent.post(`/skm/rounds/${roundId}/followup`).type('form').send(body);
    expect(again.status).toBe(409);
    expect(countRows(db, 'actions')).toBe(1);
  });

  it('shows a viewer the follow-up table but no form, and refuses their post (403) without writing', async () => {
    const { app, db, objective, rina, roundId } = withPlanAndRound();
    const { agent, csrf } = await loggedIn(app, db, 'viewer');
    const page = await agent.get(`/skm/rounds/${roundId}/report`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('id="followup-h"');
    expect(page.text).not.toContain('skm-followup-form');
    const post = await agent.post(`/skm/rounds/${roundId}/followup`).type('form').send({ _csrf: csrf, element: 'time', objective_id: String(objective), pic_id: String(rina) });
    expect(post.status).toBe(403);
    expect(countRows(db, 'actions')).toBe(0);
  });

  it('refuses to follow up a round that is still open (409): nothing is published to follow up', async () => {
    const { app, db, objective, rina, roundId } = withPlanAndRound({ close: false });
    const { agent, csrf } = await loggedIn(app, db, 'analyst');
    const post = await agent.post(`/skm/rounds/${roundId}/followup`).type('form').send({ _csrf: csrf, element: 'time', objective_id: String(objective), pic_id: String(rina) });
    expect(post.status).toBe(409);
    expect(post.text).not.toContain('47,50');
    expect(countRows(db, 'actions')).toBe(0);
  });

  it('says so when there is no plan to put the actions in', async () => {
    const { app, db } = createTestApp();
    const round = skmRound(db, { min_group_size: '3' });
    addForms(db, round.row.id, TEN);
    setSkmRoundOpen(db, round.row.id, false, NOW, 'test');
    const { agent } = await loggedIn(app, db, 'analyst');
    const page = await agent.get(`/skm/rounds/${round.row.id}/report`);
    expect(page.text).toContain('Belum ada rencana kinerja dengan sasaran');
    expect(page.text).not.toContain('skm-followup-form');
  });
});
