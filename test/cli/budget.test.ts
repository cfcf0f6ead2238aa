import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openAndPrepare } from '../../src/bootstrap';
import { runCli } from '../helpers';
import { diagnosedPlan } from '../plan/fixtures';

async function cli(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  const result = await runCli(args, env);
  return { ...result, stdout: result.stdout.toString('utf8') };
}

function count(env: Record<string, string>, table: string): number {
  const { db } = openAndPrepare(env.POTRET_DB);
  const { n } = db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number };
  db.close();
  return n;
}

describe('potret budget commands', () => {
  let dir: string;
  let env: Record<string, string>;
  let planId: number;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'potret-budget-'));
    env = { POTRET_DB: path.join(dir, 'potret.db') };
    const { db } = openAndPrepare(env.POTRET_DB);
    planId = diagnosedPlan(db, { prefill: false }).planId;
    db.close();
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('budget set takes the pagu and blokir in rupiah; budget show prints the figures as JSON', async () => {
    expect(await cli(['budget', 'set', String(planId), '--type', '52', '--pagu', 'Rp 60.000.000', '--blokir', '10.000.000'], env)).toMatchObject({
      code: 0,
      stdout: `budget of spending type 52 for 2027 set in plan ${planId}\n`,
    });
    const file = path.join(dir, 'rpd.csv');
    // Realised 12,500,000 by March of 50,000,000 available = 25 %.
    fs.writeFileSync(file, '\uFEFFBulan;Jenis Belanja;RPD;Realisasi\r\nJanuari;52;Rp 5.000.000;Rp 4.000.000\r\nFebruari;52;Rp 5.000.000;Rp 4.000.000\r\nMaret;52;Rp 5.000.000;Rp 4.500.000\r\n');
    expect(await cli(['budget', 'import', String(planId), file, '--dry-run'], env)).toMatchObject({
      code: 0,
      stdout: `dry run: 3 month(s) of 2027 (0 row(s) unchanged) would be imported into plan ${planId}; nothing was written\n`,
    });
    expect(count(env, 'budget_months')).toBe(0);
    expect(await cli(['budget', 'import', String(planId), file, '--year', '2027'], env)).toMatchObject({ code: 0, stdout: `3 month(s) of 2027 (0 row(s) unchanged) imported into plan ${planId}\n` });
    const shown = await cli(['budget', 'show', String(planId), '--lang', 'en'], env);
    expect(shown.code).toBe(0);
    const figures = JSON.parse(shown.stdout);
    expect(figures).toMatchObject({ year: 2027, through_month: 12, rpd_tolerance: 5, targets_are_defaults: true });
    expect(figures.types[0]).toMatchObject({ code: '52', name: 'Goods and services', pagu: 60_000_000, blokir: 10_000_000, available: 50_000_000 });
    // TW I: 25 % ≥ the default 15 %.
    expect(figures.types[0].quarters[0]).toEqual({ quarter: 1, absorption_pct: 25, target_pct: 15, met: true });
    // March: |4,500,000 − 5,000,000| ÷ 5,000,000 = 10 %.
    expect(figures.types[0].months[2]).toMatchObject({ rpd_deviation_pct: 10, rpd_within_tolerance: false });
    expect(JSON.parse((await cli(['budget', 'show', String(planId), '--through', '2'], env)).stdout).types[0].quarters[0].absorption_pct).toBeNull();
  });

  it('refuses a file with bad rows: exit 1, line and column on stderr, nothing written', async () => {
    await cli(['budget', 'set', String(planId), '--type', '51', '--pagu', '100.000.000'], env);
    const file = path.join(dir, 'bad.csv');
    fs.writeFileSync(file, 'bulan;jenis_belanja;rencana;realisasi\r\n1;51;1.000;1.000\r\n13;51;1.000;1.5\r\n');
    const result = await cli(['budget', 'import', String(planId), file], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('The budget file has 2 problem(s) in 1 row(s); nothing was imported');
    expect(result.stderr).toContain('line 3, column bulan (A), month: a month is 1–12 or its name, such as 3, Maret or Mar ("13")');
    expect(result.stderr).toContain('line 3, column realisasi (D), realisation: whole rupiah, such as 150000000 or 150.000.000 ("1.5")');
    expect(count(env, 'budget_months')).toBe(0);
  });

  it('refuses a blokir as large as the pagu and a year outside the plan (exit 1), and malformed arguments (exit 2)', async () => {
    const blokir = await cli(['budget', 'set', String(planId), '--type', '51', '--pagu', '1.000', '--blokir', '1.000'], env);
    expect(blokir.code).toBe(1);
    expect(blokir.stderr).toContain('blokir: the blokir (Rp 1.000) must be less than the pagu (Rp 1.000)');
    expect((await cli(['budget', 'set', String(planId), '--type', '51', '--pagu', '1.000', '--year', '2031'], env)).stderr).toContain('year: 2031 is outside the plan period 2027');
    expect(count(env, 'budget_lines')).toBe(0);
    expect((await cli(['budget', 'set', String(planId), '--pagu', '1.000'], env)).code).toBe(2);
    expect((await cli(['budget', 'set', String(planId), '--type', '51', '--pagu', '1.000', '--year', '27'], env)).code).toBe(2);
    expect((await cli(['budget', 'show', String(planId), '--through', '13'], env)).code).toBe(2);
    expect((await cli(['budget', 'import', String(planId)], env)).code).toBe(2);
    const none = await cli(['budget', 'show', String(planId)], env);
    expect(none).toMatchObject({ code: 1 });
    expect(none.stderr).toContain(`Plan ${planId} has no budget for 2027`);
  });

  it('budget show does not create a database that is not there', async () => {
    const missing = path.join(dir, 'none.db');
    expect((await cli(['budget', 'show', '1'], { POTRET_DB: missing })).code).toBe(2);
    expect(fs.existsSync(missing)).toBe(false);
  });
});
