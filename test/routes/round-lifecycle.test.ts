import type { Db } from '../../src/db/connection';
import { createPlan } from '../../src/plan/service';
import { stashPaperUpload } from '../../src/survey/paper';
import { createRound, setDimensionTargets } from '../../src/survey/rounds';
import { suggestNextName } from '../../src/survey/round-lifecycle';
import { countRows, createTestApp, loggedIn } from '../helpers';
import { addComments, roundWithResponses, varied } from '../report/fixtures';

/** Every table that holds a round's data, counted for one round. */
const ROUND_TABLES = ['roster_entries', 'responses', 'comments', 'import_batches', 'pending_imports', 'round_targets'] as const;

function countsOf(db: Db, roundId: number): Record<string, number> {
  const counts: Record<string, number> = { rounds: (db.prepare('SELECT count(*) AS n FROM rounds WHERE id = ?').get(roundId) as { n: number }).n };
  for (const table of ROUND_TABLES) counts[table] = (db.prepare(`SELECT count(*) AS n FROM ${table} WHERE round_id = ?`).get(roundId) as { n: number }).n;
  counts.drafts = (db.prepare('SELECT count(*) AS n FROM drafts WHERE roster_entry_id IN (SELECT id FROM roster_entries WHERE round_id = ?)').get(roundId) as { n: number }).n;
  counts.import_rejects = (db.prepare('SELECT count(*) AS n FROM import_rejects WHERE batch_id IN (SELECT id FROM import_batches WHERE round_id = ?)').get(roundId) as { n: number }).n;
  return counts;
}

/** A round with something in every table: roster with links and a draft, online and paper answers, comments, a paper batch with rejects, a waiting upload, targets. */
function fullRound(db: Db, name: string) {
  const round = roundWithResponses(db, varied('Subdit A', 'III/a', 6, 3), { name, invited: 3 });
  const id = round.row.id;
  db.prepare("UPDATE roster_entries SET token_hash = lower(hex(randomblob(32))), status = 'started' WHERE round_id = ?").run(id);
  const entry = (db.prepare('SELECT id FROM roster_entries WHERE round_id = ? ORDER BY id LIMIT 1').get(id) as { id: number }).id;
  db.prepare("INSERT INTO drafts (roster_entry_id, sealed) VALUES (?, x'00')").run(entry);
  addComments(db, round, [{ perspective: 'LG', text: 'Pelatihan kurang.' }]);
  const batch = Number(
    db.prepare("INSERT INTO import_batches (round_id, file_name, sha256, row_count, imported_by, imported_at) VALUES (?, 'kertas.csv', ?, 1, 'analyst', '2026-11-20T01:00:00Z')").run(id, `${id}`.padEnd(64, 'b')).lastInsertRowid,
  );
  db.prepare("INSERT INTO responses (id, round_id, channel, unit, grade, answers, submitted_on, form_id, batch_id, release) SELECT 900000 + ?, ?, 'paper', 'Subdit A', NULL, answers, NULL, 'K-1', ?, 1 FROM responses WHERE round_id = ? LIMIT 1").run(id, id, batch, id);
  db.prepare("INSERT INTO import_rejects (batch_id, row_count, content) VALUES (?, 1, x'00')").run(batch);
  stashPaperUpload(db, id, { fileName: 'kertas-2.csv', content: Buffer.from('form_id,unit\nK-2,Subdit A\n'), uploadedBy: 'analyst' }, new Date());
  setDimensionTargets(db, id, { [round.instrument.definition.perspectives[0].dimensions[0].code]: '4.5' }, new Date(), 'test');
  return id;
}

describe('deleting a round', () => {
  it('removes everything of that round and nothing of another, keeps the audit log and records the deletion with its name and counts', async () => {
    const { app, db } = createTestApp();
    const { agent, csrf } = await loggedIn(app, db);
    const doomed = fullRound(db, 'Uji coba');
    const kept = fullRound(db, 'Diagnosis 2026');
    const keptBefore = countsOf(db, kept);
    const auditBefore = countRows(db, 'audit_log');
    expect(Object.values(countsOf(db, doomed)).every((n) => n > 0)).toBe(true);

    const page = await agent.get(`/rounds/${doomed}/delete`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Uji coba');
    const response = await agent.post(`/rounds/${doomed}/delete`).type('form').send({ confirm_name: ' Uji coba ', _csrf: csrf });
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe('/rounds?notice=deleted');

    expect(Object.values(countsOf(db, doomed)).every((n) => n === 0)).toBe(true);
    expect(countsOf(db, kept)).toEqual(keptBefore);
    expect(countRows(db, 'audit_log')).toBe(auditBefore + 1);
    expect(db.prepare('SELECT count(*) AS n FROM audit_log WHERE round_id = ?').get(doomed)).not.toEqual({ n: 0 });
    const entry = db.prepare("SELECT actor, round_id, details FROM audit_log WHERE action = 'round.delete'").get() as { actor: string; round_id: number; details: string };
    expect(entry).toMatchObject({ actor: 'admin', round_id: doomed });
    expect(JSON.parse(entry.details)).toEqual({
      name: 'Uji coba',
      instrument: 'bsc-default',
      roster_entries: 3,
      links: 3,
      drafts: 1,
      online_responses: 6,
      paper_responses: 1,
      comments: 1,
      paper_batches: 1,
      pending_uploads: 1,
      targets: 1,
    });
    expect((await agent.get(`/rounds/${doomed}`)).status).toBe(404);
    expect((await agent.get(`/rounds/${doomed}/report`)).status).toBe(404);
  });

  it('refuses a wrong typed name with 422 beside the field, and deletes nothing', async () => {
    const { app, db } = createTestApp();
    const { agent, csrf } = await loggedIn(app, db);
    const id = fullRound(db, 'Diagnosis 2026');
    const before = countsOf(db, id);
    const auditBefore = countRows(db, 'audit_log');
    for (const typed of ['diagnosis 2026', 'Diagnosis', '', undefined]) {
      const response = await agent.post(`/rounds/${id}/delete`).type('form').send({ confirm_name: typed, _csrf: csrf });
      expect(response.status).toBe(422);
      expect(response.text).toContain('Nama yang diketik tidak sama dengan nama periode');
      expect(response.text).toContain('id="f-confirm_name"');
    }
    expect(countsOf(db, id)).toEqual(before);
    expect(countRows(db, 'audit_log')).toBe(auditBefore);
  });

  it('refuses while a plan cites the round, naming the plan, and deletes nothing', async () => {
    const { app, db, clock } = createTestApp();
    const { agent, csrf } = await loggedIn(app, db);
    const id = fullRound(db, 'Diagnosis 2026');
    createPlan(db, { name: 'Rencana 2027', start_year: '2027', baseline_round: String(id) }, clock.now, 'analyst');
    const before = countsOf(db, id);
    const response = await agent.post(`/rounds/${id}/delete`).type('form').send({ confirm_name: 'Diagnosis 2026', _csrf: csrf });
    expect(response.status).toBe(409);
    expect(response.text).toContain('Rencana 2027');
    expect(countsOf(db, id)).toEqual(before);
    expect(countRows(db, 'plan_rounds')).toBe(1);
  });

  it("never gives a deleted round's id to a new round: no report, audit entry or version of the old one comes back", async () => {
    const { app, db } = createTestApp();
    const { agent, csrf } = await loggedIn(app, db);
    await agent.post('/rounds').type('form').send({ name: 'Tetap', _csrf: csrf });
    const doomed = fullRound(db, 'Uji coba');
    expect((await agent.get(`/rounds/${doomed}/report`)).status).toBe(200);
    await agent.post(`/rounds/${doomed}/delete`).type('form').send({ confirm_name: 'Uji coba', _csrf: csrf });
    const created = await agent.post('/rounds').type('form').send({ name: 'Baru', _csrf: csrf });
    const id = Number(/\/rounds\/(\d+)/.exec(created.headers.location)?.[1]);
    expect(id).toBeGreaterThan(doomed);
    expect((await agent.get(`/rounds/${doomed}/report`)).status).toBe(404);
  });

  it('a viewer cannot delete (403) and nothing is deleted', async () => {
    const { app, db } = createTestApp();
    const { agent, csrf } = await loggedIn(app, db, 'viewer');
    const id = fullRound(db, 'Diagnosis 2026');
    const before = countsOf(db, id);
    expect((await agent.post(`/rounds/${id}/delete`).type('form').send({ confirm_name: 'Diagnosis 2026', _csrf: csrf })).status).toBe(403);
    expect(countsOf(db, id)).toEqual(before);
  });
});

describe('archiving a round', () => {
  it('hides it from the list of rounds and from the rounds offered for comparison, keeps it whole, and brings it back', async () => {
    const { app, db } = createTestApp();
    const { agent, csrf } = await loggedIn(app, db);
    const old = fullRound(db, 'Diagnosis 2025');
    const current = roundWithResponses(db, varied('Subdit A', 'III/a', 6, 4), { name: 'Diagnosis 2026' }).row.id;
    expect((await agent.get(`/rounds/${current}/report`)).text).toContain('Diagnosis 2025');
    const before = countsOf(db, old);

    const archived = await agent.post(`/rounds/${old}/archive`).type('form').send({ _csrf: csrf });
    expect(archived.status).toBe(303);
    const list = await agent.get('/rounds?notice=archived');
    expect(list.text).not.toContain('Diagnosis 2025');
    expect(list.text).toContain('Diagnosis 2026');
    expect(list.text).toContain('href="/rounds/archive"');
    expect((await agent.get(`/rounds/${current}/report`)).text).not.toContain('Diagnosis 2025');
    const archive = await agent.get('/rounds/archive');
    expect(archive.status).toBe(200);
    expect(archive.text).toContain('Diagnosis 2025');
    expect(archive.text).not.toContain('Diagnosis 2026');
    expect(countsOf(db, old)).toEqual(before);
    expect((await agent.get(`/rounds/${old}/report`)).status).toBe(200);

    expect((await agent.post(`/rounds/${old}/unarchive`).type('form').send({ _csrf: csrf })).status).toBe(303);
    expect((await agent.get('/rounds')).text).toContain('Diagnosis 2025');
    expect((await agent.get(`/rounds/${current}/report`)).text).toContain('Diagnosis 2025');
    expect((db.prepare("SELECT action FROM audit_log WHERE action LIKE 'round.%archive' ORDER BY id").all() as { action: string }[]).map((row) => row.action)).toEqual(['round.archive', 'round.unarchive']);
  });

  it('a viewer sees the archive but cannot archive or bring back (403)', async () => {
    const { app, db } = createTestApp();
    const { agent, csrf } = await loggedIn(app, db, 'viewer');
    const id = createRound(db, { name: 'Diagnosis 2026' }, new Date(), 'test').row.id;
    expect((await agent.get('/rounds/archive')).status).toBe(200);
    expect((await agent.post(`/rounds/${id}/archive`).type('form').send({ _csrf: csrf })).status).toBe(403);
    expect(db.prepare('SELECT archived_at FROM rounds WHERE id = ?').get(id)).toEqual({ archived_at: null });
  });
});

describe('starting the next round from this one', () => {
  it('copies the settings, targets and roster without links or progress; the new round is open with blank dates', async () => {
    const { app, db } = createTestApp();
    const { agent, csrf } = await loggedIn(app, db);
    const from = fullRound(db, 'Diagnosis 2026');
    db.prepare("UPDATE rounds SET target = 3.5, min_group_size = 7, organiser = 'Bagian SDM', contact = 'Sari, 0812', results_on = '2026-12-15', opens_on = '2026-11-01', closes_on = '2026-11-30', closed_at = '2026-12-01T00:00:00Z' WHERE id = ?").run(from);
    const form = await agent.get(`/rounds/${from}/next`);
    expect(form.status).toBe(200);
    expect(form.text).toContain('value="Diagnosis 2027"');
    const created = await agent.post(`/rounds/${from}/next`).type('form').send({ name: 'Diagnosis 2027', _csrf: csrf });
    expect(created.status).toBe(303);
    const id = Number(/\/rounds\/(\d+)/.exec(created.headers.location)?.[1]);
    expect(id).not.toBe(from);
    expect(db.prepare('SELECT name, instrument_id, target, min_group_size, organiser, contact, results_on, opens_on, closes_on, closed_at, archived_at FROM rounds WHERE id = ?').get(id)).toEqual({
      ...(db.prepare('SELECT instrument_id FROM rounds WHERE id = ?').get(from) as object),
      name: 'Diagnosis 2027',
      target: 3.5,
      min_group_size: 7,
      organiser: 'Bagian SDM',
      contact: 'Sari, 0812',
      results_on: '2026-12-15',
      opens_on: null,
      closes_on: null,
      closed_at: null,
      archived_at: null,
    });
    expect(db.prepare('SELECT dimension_code, target FROM round_targets WHERE round_id = ?').all(id)).toEqual(db.prepare('SELECT dimension_code, target FROM round_targets WHERE round_id = ?').all(from));
    const roster = db.prepare('SELECT name, unit, grade, email, employee_no, token_hash, status FROM roster_entries WHERE round_id = ? ORDER BY id').all(id) as { token_hash: string | null; status: string }[];
    expect(roster).toHaveLength(3);
    expect(roster.every((entry) => entry.token_hash === null && entry.status === 'invited')).toBe(true);
    expect(countsOf(db, id)).toMatchObject({ responses: 0, comments: 0, import_batches: 0, pending_imports: 0, drafts: 0 });
    const page = await agent.get(`/rounds/${id}`);
    expect(page.status).toBe(200);
    const entry = db.prepare("SELECT round_id, details FROM audit_log WHERE action = 'round.next'").get() as { round_id: number; details: string };
    expect(entry.round_id).toBe(id);
    expect(JSON.parse(entry.details)).toEqual({ name: 'Diagnosis 2027', from_round: from, from_name: 'Diagnosis 2026', roster: 3, targets: 1 });
  });

  it('refuses a blank name with 422 and creates nothing', async () => {
    const { app, db } = createTestApp();
    const { agent, csrf } = await loggedIn(app, db);
    const from = fullRound(db, 'Diagnosis 2026');
    const rounds = countRows(db, 'rounds');
    const roster = countRows(db, 'roster_entries');
    const response = await agent.post(`/rounds/${from}/next`).type('form').send({ name: '  ', _csrf: csrf });
    expect(response.status).toBe(422);
    expect(response.text).toContain('id="f-name"');
    expect(countRows(db, 'rounds')).toBe(rounds);
    expect(countRows(db, 'roster_entries')).toBe(roster);
  });

  it('suggests the name with its last number counted up', () => {
    expect(suggestNextName('Survei 2026')).toBe('Survei 2027');
    expect(suggestNextName('Survei 2026 Semester 1')).toBe('Survei 2026 Semester 2');
    expect(suggestNextName('Gelombang 09')).toBe('Gelombang 10');
    expect(suggestNextName('Uji coba')).toBe('Uji coba 2');
  });
});
