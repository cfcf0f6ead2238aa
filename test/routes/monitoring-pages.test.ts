import type { Db } from '../../src/db/connection';
import { listRealisations } from '../../src/db/monitoring';
import { findUserByUsername } from '../../src/db/users';
import { closePeriod } from '../../src/monitoring/indicators';
import { linkPersonToUser } from '../../src/plan/service';
import { countRows, createTestApp, loggedIn } from '../helpers';
import { measuredPlan } from '../monitoring/fixtures';
import { NOW } from '../plan/fixtures';

const Q2 = 'period=2027-Q2&as_of=2027-07-10';
const written = (db: Db) => ({ realisations: countRows(db, 'realisations'), audit: countRows(db, 'audit_log'), closures: countRows(db, 'period_closures') });

async function setup() {
  const test = createTestApp();
  const built = measuredPlan(test.db);
  const admin = await loggedIn(test.app, test.db, 'admin');
  return { ...test, ...built, admin };
}

function idOf(db: Db, code: string): number {
  return (db.prepare('SELECT id FROM indicators WHERE code = ?').get(code) as { id: number }).id;
}

describe('indicator and monitoring pages', () => {
  it('show the measured plan in Indonesian: figures, statuses by word, what is not reported', async () => {
    const { admin, planId } = await setup();
    const indicators = await admin.agent.get(`/plans/${planId}/indicators?${Q2}`);
    expect(indicators.status).toBe(200);
    expect(indicators.text).toContain('TW II 2027');
    expect(indicators.text).toContain('IKU1');
    expect(indicators.text).toContain('105,0%'); // IKU1: 10,5 / 10
    expect(indicators.text).toContain('Hijau');
    expect(indicators.text).toContain('belum dilaporkan'); // IKU6
    const monitoring = await admin.agent.get(`/plans/${planId}/monitoring?${Q2}`);
    expect(monitoring.status).toBe(200);
    expect(monitoring.text).toContain('Nilai Kinerja Organisasi');
    expect(monitoring.text).toContain('102,0%'); // NKO 101,998…
    expect(monitoring.text).toContain('class="sparkline"');
    expect(monitoring.text).toContain('asumsi strateginya keliru');
    expect(monitoring.text).toContain('Budi'); // the reminder
    expect(monitoring.text).not.toMatch(/NaN|undefined|\[object/);
  });

  it('records a realisation from the form, and a refused one answers 422 and writes nothing', async () => {
    const { admin, planId, db } = await setup();
    const iku6 = idOf(db, 'IKU6');
    const saved = await admin.agent.post(`/plans/${planId}/indicators/${iku6}/realisations?${Q2}`).type('form').send({ _csrf: admin.csrf, _id: String(iku6), period: '2027-Q2', value: '4,5' });
    expect(saved.status).toBe(303);
    expect(saved.headers.location).toMatch(/period=2027-Q2/); // back to the period it showed
    expect(listRealisations(db, planId).find((row) => row.indicator_id === iku6)?.value).toBe(4.5);
    const before = written(db);
    const refused = await admin.agent.post(`/plans/${planId}/indicators/${iku6}/realisations?${Q2}`).type('form').send({ _csrf: admin.csrf, _id: String(iku6), period: '2027-03', value: '1' });
    expect(refused.status).toBe(422);
    expect(refused.text).toMatch(/quarterly|triwulanan/);
    expect(refused.text).toMatch(new RegExp(`<details id="ind-${iku6}" open>`)); // the refused form is open, with its message
    const targets = await admin.agent.post(`/plans/${planId}/indicators/${iku6}/targets?${Q2}`).type('form').send({ _csrf: admin.csrf, _id: String(iku6), 't_2027-Q1': '4', 't_2027-Q2': 'banyak' });
    expect(targets.status).toBe(422);
    expect(targets.text).toContain('value="banyak"'); // what was typed comes back
    expect(written(db)).toEqual(before);
  });

  it("attack: a contributor reports on their own indicator only; another PIC's is refused and nothing is written", async () => {
    const { app, db, planId, admin } = await setup();
    const contributor = await loggedIn(app, db, 'contributor');
    const rina = (db.prepare("SELECT id FROM people WHERE name = 'Rina'").get() as { id: number }).id;
    linkPersonToUser(db, rina, findUserByUsername(db, contributor.username)!.id, NOW, admin.username);
    const before = written(db);
    const other = await contributor.agent.post(`/plans/${planId}/indicators/${idOf(db, 'IKU6')}/realisations`).type('form').send({ _csrf: contributor.csrf, period: '2027-Q2', value: '9' });
    expect(other.status).toBe(403);
    expect(written(db)).toEqual(before);
    const own = await contributor.agent.post(`/plans/${planId}/indicators/${idOf(db, 'IKU1')}/realisations`).type('form').send({ _csrf: contributor.csrf, period: '2027-Q3', value: '5' });
    expect(own.status).toBe(303);
    expect(listRealisations(db, planId).some((row) => row.period === '2027-Q3' && row.recorded_by === contributor.username)).toBe(true);
  });

  it('attack: a viewer changes nothing; only an administrator reopens a closed quarter', async () => {
    const { app, db, planId, admin } = await setup();
    closePeriod(db, planId, '2027-Q1', NOW, 'planner');
    const viewer = await loggedIn(app, db, 'viewer');
    const analyst = await loggedIn(app, db, 'analyst');
    const before = written(db);
    expect((await viewer.agent.post(`/plans/${planId}/indicators/${idOf(db, 'IKU1')}/realisations`).type('form').send({ _csrf: viewer.csrf, period: '2027-Q3', value: '5' })).status).toBe(403);
    expect((await viewer.agent.post(`/plans/${planId}/periods/close`).type('form').send({ _csrf: viewer.csrf, period: '2027-Q2' })).status).toBe(403);
    expect((await analyst.agent.post(`/plans/${planId}/periods/reopen`).type('form').send({ _csrf: analyst.csrf, period: '2027-Q1', reason: 'koreksi' })).status).toBe(403);
    expect(written(db)).toEqual(before);
    expect((await admin.agent.post(`/plans/${planId}/periods/reopen`).type('form').send({ _csrf: admin.csrf, period: '2027-Q1', reason: 'koreksi data' })).status).toBe(303);
    expect(countRows(db, 'period_closures')).toBe(0);
  });

  it('the evaluation report is a page, a self-contained file and a workbook for every reader of the plan', async () => {
    const { app, db, planId } = await setup();
    const viewer = await loggedIn(app, db, 'viewer');
    const page = await viewer.agent.get(`/plans/${planId}/evaluation?${Q2}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Laporan Evaluasi Kinerja');
    expect(page.text).toContain('TW II 2027');
    const file = await viewer.agent.get(`/plans/${planId}/evaluation.html?${Q2}`);
    expect(file.status).toBe(200);
    expect(file.headers['content-disposition']).toMatch(/attachment; filename="?potret-plan-\d+-evaluation-2027-Q2\.html/);
    expect(file.text).not.toMatch(/<link|https?:\/\//);
    const workbook = await viewer.agent.get(`/plans/${planId}/evaluation.xlsx?${Q2}`).buffer(true);
    expect(workbook.status).toBe(200);
    expect(workbook.headers['content-type']).toMatch(/spreadsheetml/);
    const json = await viewer.agent.get(`/api/plans/${planId}/evaluation?${Q2}`);
    expect(json.status).toBe(200);
    expect(json.body.period.code).toBe('2027-Q2');
    expect(json.body.nko).toBeCloseTo((100 + 120 + (101.4 + (60 / 85) * 100) / 2) / 3, 10);
    expect((await viewer.agent.get(`/api/plans/${planId}/evaluation?period=2031-Q1`)).status).toBe(422);
  });
});
