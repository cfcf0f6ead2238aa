import { countRows, createTestApp, loggedIn } from '../helpers';
import { addAction, addLink, addObjective } from '../../src/plan/service';
import { PLAN_SECTIONS } from '../../src/routes/plans';
import { caseRespondents, NOW, person } from '../plan/fixtures';
import { roundWithResponses } from '../report/fixtures';

async function planFixture() {
  const test = createTestApp();
  const { agent, csrf } = await loggedIn(test.app, test.db);
  const round = roundWithResponses(test.db, caseRespondents(), { name: 'Diagnosis 2026' });
  const created = await agent.post('/plans').type('form').send({ _csrf: csrf, name: 'Rencana 2027', organisation: 'Direktorat Contoh', start_year: '2027', baseline_round: String(round.row.id) });
  expect(created.status).toBe(303);
  const planId = Number(/\/plans\/(\d+)/.exec(created.headers.location)![1]);
  return { ...test, agent, csrf, planId, roundId: round.row.id };
}

describe('plan pages', () => {
  it('creates a plan from a form and shows every section in Indonesian', async () => {
    const { agent, planId } = await planFixture();
    for (const section of PLAN_SECTIONS) {
      const page = await agent.get(`/plans/${planId}${section === 'overview' ? '' : `/${section}`}`);
      expect(page.status).toBe(200);
      expect(page.text).toContain('Rencana 2027');
    }
  });

  it('fills the situation analysis from the published diagnosis and offers starters for focus areas below target', async () => {
    const { agent, csrf, planId, db } = await planFixture();
    const prefill = await agent.post(`/plans/${planId}/situation/prefill`).type('form').send({ _csrf: csrf });
    expect(prefill.status).toBe(303);
    expect(countRows(db, 'swot_entries')).toBe(4);
    const page = await agent.get(`/plans/${planId}/situation`);
    expect(page.text).toContain('Pengembangan Kompetensi SDM');
    expect(page.text).toContain('di bawah target');
    const objectives = await agent.get(`/plans/${planId}/objectives`);
    expect(objectives.text).toContain('Meningkatnya kompetensi sumber daya manusia aparatur');
  });

  it('refuses a cycle with 422 naming the field, and writes nothing', async () => {
    const { agent, csrf, planId, db } = await planFixture();
    const a = addObjective(db, planId, { perspective_code: 'LG', name: 'A' }, NOW, 't');
    const b = addObjective(db, planId, { perspective_code: 'IBP', name: 'B' }, NOW, 't');
    addLink(db, planId, { cause_id: a, effect_id: b }, NOW, 't');
    const before = countRows(db, 'objective_links');
    const refused = await agent.post(`/plans/${planId}/links`).type('form').send({ _csrf: csrf, cause_id: String(b), effect_id: String(a) });
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('siklus');
    expect(countRows(db, 'objective_links')).toBe(before);
  });

  it('shows an action with its status and takes a progress report', async () => {
    const { agent, csrf, planId, db } = await planFixture();
    const objective = addObjective(db, planId, { perspective_code: 'LG', name: 'A' }, NOW, 't');
    const pic = person(db, 'Budi Santoso');
    const action = addAction(db, planId, { objective_id: objective, title: 'Pelatihan', target_indicator: 'JP', starts_on: '2027-01-01', ends_on: '2027-12-31', pic_id: pic, horizon: 'short_term' }, NOW, 't');
    const sent = await agent.post(`/plans/${planId}/actions/${action}/progress`).type('form').send({ _csrf: csrf, reported_on: '2027-03-31', percent: '30', note: 'TW I' });
    expect(sent.status).toBe(303);
    const page = await agent.get(`/plans/${planId}/actions/${action}?as_of=2027-04-01`);
    expect(page.text).toContain('Budi Santoso');
    expect(page.text).toContain('31 Maret 2027');
  });
});

describe('plan files on the pages', () => {
  it('downloads the matrix as XLSX and CSV, and imports an edited CSV back, all rows or none', async () => {
    const { agent, csrf, planId, db } = await planFixture();
    const objective = addObjective(db, planId, { perspective_code: 'LG', name: 'Kompetensi SDM', code: 'SS1' }, NOW, 't');
    const pic = person(db, 'Budi Santoso');
    addAction(db, planId, { objective_id: objective, title: 'Pelatihan', target_indicator: 'JP', starts_on: '2027-01-01', ends_on: '2027-12-31', pic_id: pic, horizon: 'short_term' }, NOW, 't');
    const xlsx = await agent.get(`/plans/${planId}/matrix.xlsx`).buffer(true).parse((res, callback) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => callback(null, Buffer.concat(chunks)));
    });
    expect(xlsx.status).toBe(200);
    expect((xlsx.body as Buffer).subarray(0, 2).toString()).toBe('PK');
    const csv = await agent.get(`/plans/${planId}/matrix.csv`);
    expect(csv.status).toBe(200);
    expect(csv.text).toContain('Pelatihan');
    // Import the matrix with one row broken (an unknown PIC): nothing is written, and the line is named.
    const broken = csv.text.replace('Budi Santoso', 'Orang Asing');
    const before = countRows(db, 'actions');
    const refused = await agent.post(`/plans/${planId}/import`).field('_csrf', csrf).attach('file', Buffer.from(broken), 'rencana.csv');
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('Orang Asing');
    expect(countRows(db, 'actions')).toBe(before);
    // The same file as exported imports (adds the action again).
    const imported = await agent.post(`/plans/${planId}/import`).field('_csrf', csrf).attach('file', Buffer.from(csv.text), 'rencana.csv');
    expect(imported.status).toBe(303);
    expect(countRows(db, 'actions')).toBe(before + 1);
  });
});

describe('the strategy document from the plan pages', () => {
  it('shows the map on the overview, the document as a page and as a self-contained download', async () => {
    const { agent, planId, db } = await planFixture();
    const a = addObjective(db, planId, { perspective_code: 'LG', name: 'Kompetensi SDM' }, NOW, 't');
    const b = addObjective(db, planId, { perspective_code: 'IBP', name: 'Proses sesuai SOP' }, NOW, 't');
    addLink(db, planId, { cause_id: a, effect_id: b }, NOW, 't');
    const overview = await agent.get(`/plans/${planId}`);
    expect(overview.text).toContain('<svg');
    expect(overview.text).toContain(`data-cause="${a}" data-effect="${b}"`);
    const page = await agent.get(`/plans/${planId}/document`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Kompetensi SDM');
    expect(page.text).toContain('/static/potret.css');
    const file = await agent.get(`/plans/${planId}/document.html`);
    expect(file.headers['content-disposition']).toContain(`potret-plan-${planId}-strategy.html`);
    expect(file.text).not.toContain('/static/potret.css');
    expect(file.text).toContain('Proses sesuai SOP');
  });
});

describe('coming back after a change', () => {
  it('returns to the action\'s own page after a progress report, and to the list after removing the action', async () => {
    const { agent, csrf, planId, db } = await planFixture();
    const objective = addObjective(db, planId, { perspective_code: 'LG', name: 'A' }, NOW, 't');
    const action = addAction(db, planId, { objective_id: objective, title: 'Pelatihan', target_indicator: 'JP', starts_on: '2027-01-01', ends_on: '2027-12-31', pic_id: person(db, 'Budi'), horizon: 'short_term' }, NOW, 't');
    const sent = await agent.post(`/plans/${planId}/actions/${action}/progress`).type('form').send({ _csrf: csrf, reported_on: '2027-03-31', percent: '30' });
    expect(sent.headers.location).toBe(`/plans/${planId}/actions/${action}?notice=progress#action`);
    const removed = await agent.post(`/plans/${planId}/actions/${action}/remove`).type('form').send({ _csrf: csrf });
    expect(removed.headers.location).toBe(`/plans/${planId}/actions?notice=removed`);
  });
});
