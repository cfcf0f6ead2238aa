import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { openAndPrepare } from '../../src/bootstrap';
import { runCli } from '../helpers';
import { measuredPlan } from '../monitoring/fixtures';
import { addObjective } from '../../src/plan/service';
import { NOW } from '../plan/fixtures';

async function cli(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: Buffer; text: string; stderr: string }> {
  const result = await runCli(args, env);
  return { ...result, text: result.stdout.toString('utf8') };
}

function count(env: Record<string, string>, table: string): number {
  const { db } = openAndPrepare(env.POTRET_DB);
  const { n } = db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number };
  db.close();
  return n;
}

describe('potret kpi import, evaluation and period commands', () => {
  let dir: string;
  let env: Record<string, string>;
  let planId: number;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'potret-kpi-'));
    env = { POTRET_DB: path.join(dir, 'potret.db') };
    const { db } = openAndPrepare(env.POTRET_DB);
    planId = measuredPlan(db).planId;
    addObjective(db, planId, { perspective_code: 'CUS', code: 'SS9', name: 'Layanan' }, NOW, 'planner');
    db.close();
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('kpi import adds an indicator with its realisations, all rows or none', async () => {
    const file = path.join(dir, 'iku.csv');
    fs.writeFileSync(file, 'indicator;objective;name;period;realisation\nIKU9;SS9;Waktu layanan;2027-Q1;3\nIKU9;;;2027-Q2;4\n');
    const before = count(env, 'realisations');
    expect(await cli(['kpi', 'import', String(planId), file, '--dry-run'], env)).toMatchObject({ code: 0, text: `dry run: 1 new and 0 changed indicator(s), 0 target(s), 2 realisation(s) would be imported into plan ${planId}; nothing was written\n` });
    expect(count(env, 'realisations')).toBe(before);
    expect(await cli(['kpi', 'import', String(planId), file], env)).toMatchObject({ code: 0 });
    expect(count(env, 'realisations')).toBe(before + 2);
    fs.writeFileSync(file, 'indicator;period;realisation\nIKU9;2027-Q3;banyak\n');
    const refused = await cli(['kpi', 'import', String(planId), file], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/line 2.*realisation/);
    expect(count(env, 'realisations')).toBe(before + 2);
  });

  it('evaluation prints the JSON the README documents and writes the workbook', async () => {
    // The figures are the hand-worked table of test/monitoring/fixtures.ts.
    const shown = await cli(['evaluation', String(planId), '--period', '2027-Q2', '--as-of', '2027-07-10'], env);
    expect(shown.code).toBe(0);
    const evaluation = JSON.parse(shown.text);
    const iku1 = evaluation.indicators.find((indicator: { code: string }) => indicator.code === 'IKU1');
    expect(iku1).toMatchObject({ target: 10, realisation: 10.5, status: 'green' });
    expect(iku1.achievement_pct).toBeCloseTo(105, 10);
    expect(iku1.index_pct).toBeCloseTo(105, 10);
    expect(evaluation.objectives.find((objective: { code: string }) => objective.code === 'SS1').value).toBeCloseTo(101.4, 10);
    expect(evaluation.nko).toBeCloseTo((100 + 120 + (101.4 + (60 / 85) * 100) / 2) / 3, 10);
    expect(evaluation.budget.total.months[5]).toMatchObject({ absorption_pct: 40, target_pct: 40 });
    expect(evaluation.budget.total.months[0]).toHaveProperty('rpd_deviation_pct');
    const out = path.join(dir, 'evaluasi.xlsx');
    expect(await cli(['evaluation', String(planId), '--period', '2027-Q2', '--format', 'xlsx', '--out', out, '--as-of', '2027-07-10'], env)).toMatchObject({ code: 0 });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(out);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toContain('Indikator');
    expect((await cli(['evaluation', String(planId), '--period', '2027-13'], env)).code).toBe(1);
    expect((await cli(['evaluation', String(planId), '--period', '2027-Q2', '--format', 'docx'], env)).code).toBe(2);
  });

  it('period close freezes a quarter; reopen needs a reason', async () => {
    expect(await cli(['period', 'close', String(planId), '2027-Q1'], env)).toMatchObject({ code: 0 });
    expect(count(env, 'period_closures')).toBe(1);
    expect((await cli(['period', 'reopen', String(planId), '2027-Q1'], env)).code).toBe(2);
    expect(count(env, 'period_closures')).toBe(1);
    expect(await cli(['period', 'reopen', String(planId), '2027-Q1', '--reason', 'data BKD terlambat'], env)).toMatchObject({ code: 0 });
    expect(count(env, 'period_closures')).toBe(0);
  });
});
