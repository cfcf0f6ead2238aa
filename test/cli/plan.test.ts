import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openAndPrepare } from '../../src/bootstrap';
import { addAction, addObjective } from '../../src/plan/service';
import { runCli } from '../helpers';
import { caseRespondents, NOW, person } from '../plan/fixtures';
import { roundWithResponses } from '../report/fixtures';

async function cli(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  const result = await runCli(args, env);
  return { ...result, stdout: result.stdout.toString('utf8') };
}

describe('potret plan and action commands', () => {
  let dir: string;
  let env: Record<string, string>;
  let roundId: number;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'potret-plan-'));
    env = { POTRET_DB: path.join(dir, 'potret.db') };
    const { db } = openAndPrepare(env.POTRET_DB);
    roundId = roundWithResponses(db, caseRespondents(), { name: 'Diagnosis 2026' }).row.id;
    db.close();
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** Adds an objective citing HR development and one action in Budi's charge, directly on the file. */
  function withAction(planId: number): number {
    const { db } = openAndPrepare(env.POTRET_DB);
    const objective = addObjective(db, planId, { perspective_code: 'LG', name: 'Kompetensi', dimension_codes: ['LG-HR'] }, NOW, 'p');
    const id = addAction(db, planId, { objective_id: objective, title: 'Pelatihan', target_indicator: 'JP', starts_on: '2027-01-01', ends_on: '2027-12-31', pic_id: person(db, 'Budi'), horizon: 'short_term' }, NOW, 'p');
    db.close();
    return id;
  }

  it('plan create prints the new plan id; plan show gives objectives with their gap, actions with PIC and status, people with load', async () => {
    const created = await cli(['plan', 'create', '--name', 'Rencana 2027', '--round', String(roundId), '--year', '2027'], env);
    expect(created).toMatchObject({ code: 0, stdout: '1\n' });
    const actionId = withAction(1);
    const updated = await cli(['action', 'update', String(actionId), '--progress', '40', '--note', 'TW I', '--on', '2027-03-31'], env);
    expect(updated).toMatchObject({ code: 0 });
    const shown = await cli(['plan', 'show', '1', '--as-of', '2027-04-01', '--format', 'json'], env);
    expect(shown.code).toBe(0);
    const plan = JSON.parse(shown.stdout);
    // By hand from the fixture: HR items answered 2 and 3 alternately → mean 2.5, gap −1.5.
    expect(plan.objectives[0]).toMatchObject({ code: 'SS1', dimension_codes: ['LG-HR'], gap: -1.5 });
    expect(plan.actions[0]).toMatchObject({ title: 'Pelatihan', pic: { name: 'Budi' }, status: 'on_track', progress: 40 });
    expect(plan.people[0]).toMatchObject({ name: 'Budi', load: { actions: 1, overloaded: false } });
    expect(plan.links).toEqual([]);
  });

  it('refuses progress outside 0–100 with the field on stderr and exit 1, and records nothing', async () => {
    await cli(['plan', 'create', '--name', 'Rencana 2027', '--round', String(roundId), '--year', '2027'], env);
    const actionId = withAction(1);
    const refused = await cli(['action', 'update', String(actionId), '--progress', '140'], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('percent: between 0 and 100');
    const { db } = openAndPrepare(env.POTRET_DB);
    expect(db.prepare('SELECT count(*) AS n FROM progress_updates').get()).toEqual({ n: 0 });
    db.close();
  });

  it('refuses an unknown round, a missing name and a bad date, with usage errors for malformed arguments', async () => {
    expect((await cli(['plan', 'create', '--name', 'X', '--round', '77', '--year', '2027'], env)).stderr).toContain('baseline_round: no round 77');
    expect((await cli(['plan', 'create', '--year', '2027'], env)).stderr).toContain('name: a name is required');
    expect((await cli(['plan', 'show', 'x'], env)).code).toBe(2);
    expect((await cli(['plan', 'show', '1', '--as-of', '31-12-2027'], env)).code).toBe(2);
    expect((await cli(['plan', 'show', '9'], env)).stderr).toContain('No plan 9');
    expect((await cli(['action', 'update', '5'], env)).code).toBe(2);
  });

  it('plan show does not create a database that is not there', async () => {
    const missing = path.join(dir, 'none.db');
    const result = await cli(['plan', 'show', '1'], { POTRET_DB: missing });
    expect(result.code).toBe(2);
    expect(fs.existsSync(missing)).toBe(false);
  });
});

describe('potret plan export and import', () => {
  let dir: string;
  let env: Record<string, string>;
  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'potret-plan-'));
    env = { POTRET_DB: path.join(dir, 'potret.db') };
    const { db } = openAndPrepare(env.POTRET_DB);
    const round = roundWithResponses(db, caseRespondents(), { name: 'Diagnosis 2026' });
    db.close();
    await cli(['plan', 'create', '--name', 'Rencana 2027', '--round', String(round.row.id), '--year', '2027'], env);
    const again = openAndPrepare(env.POTRET_DB).db;
    const objective = addObjective(again, 1, { perspective_code: 'LG', name: 'Kompetensi', code: 'SS1' }, NOW, 'p');
    addAction(again, 1, { objective_id: objective, title: 'Pelatihan', target_indicator: 'JP', starts_on: '2027-01-01', ends_on: '2027-12-31', pic_id: person(again, 'Budi'), horizon: 'short_term' }, NOW, 'p');
    again.close();
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('exports the matrix as CSV and XLSX, and imports it into a second plan with --dry-run first', async () => {
    const csvFile = path.join(dir, 'matrix.csv');
    expect((await cli(['plan', 'export', '1', '--format', 'csv', '--out', csvFile], env)).code).toBe(0);
    expect(fs.readFileSync(csvFile, 'utf8')).toContain('Pelatihan');
    const xlsx = await runCli(['plan', 'export', '1', '--format', 'xlsx'], env);
    expect(xlsx.stdout.subarray(0, 2).toString()).toBe('PK');
    await cli(['plan', 'create', '--name', 'Rencana 2027 unit lain', '--organisation', 'Unit lain', '--year', '2027'], env);
    const dry = await cli(['plan', 'import', '2', csvFile, '--dry-run'], env);
    expect(dry).toMatchObject({ code: 0, stdout: 'dry run: 1 objective(s) and 1 action(s) would be imported into plan 2; nothing was written\n' });
    const done = await cli(['plan', 'import', '2', csvFile], env);
    expect(done).toMatchObject({ code: 0, stdout: '1 objective(s) and 1 action(s) imported into plan 2\n' });
    const plan = JSON.parse((await cli(['plan', 'show', '2'], env)).stdout);
    expect(plan.actions.map((action: { title: string; pic: { name: string } }) => [action.title, action.pic.name])).toEqual([['Pelatihan', 'Budi']]);
  });

  it('refuses an unknown format and a file with bad rows (exit 1, problems on stderr, nothing written)', async () => {
    expect((await cli(['plan', 'export', '1', '--format', 'docx'], env)).code).toBe(2);
    const html = await cli(['plan', 'export', '1', '--format', 'html'], env);
    expect(html.code).toBe(0);
    expect(html.stdout).toContain('Pelatihan');
    const bad = path.join(dir, 'bad.csv');
    fs.writeFileSync(bad, 'Perspektif,Kode sasaran,Sasaran strategis,Rencana aksi,Penanggung jawab,Mulai,Selesai,Jangka,Indikator\nXX,SS9,Baru,Aksi,Tidak Ada,2027-01-01,2027-12-31,short_term,JP\n');
    const result = await cli(['plan', 'import', '1', bad], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/line 2/);
    const plan = JSON.parse((await cli(['plan', 'show', '1'], env)).stdout);
    expect(plan.actions).toHaveLength(1);
  });
});
