import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../src/db/connection';
import { runCli } from '../helpers';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'paper');

const cli = (args: string[], env: Record<string, string>) => runCli(args, env);

describe('potret paper', () => {
  let dir: string;
  let env: Record<string, string>;

  function paperRows(): number {
    const db = openDatabase(env.POTRET_DB);
    try {
      return (db.prepare("SELECT count(*) AS n FROM responses WHERE channel = 'paper'").get() as { n: number }).n;
    } finally {
      db.close();
    }
  }

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'potret-paper-cli-'));
    env = { POTRET_DB: path.join(dir, 'potret.db') };
    await cli(['round', 'create', '--name', 'Diagnosis 2026'], env);
    const roster = path.join(dir, 'roster.csv');
    fs.writeFileSync(roster, 'name;unit\r\nAni;Subdit Perencanaan\r\nBudi;Subdit Umum\r\nCitra;Subdit Keuangan\r\n');
    await cli(['roster', 'import', '1', roster, '--links-out', path.join(dir, 'links.csv')], env);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes the CSV template to standard output', async () => {
    const result = await cli(['paper', 'template', '1'], env);
    expect(result.code).toBe(0);
    expect(result.stdout.toString('utf8')).toMatch(/^\uFEFFform_id,unit,grade,FIN-ANG-01,.*,comment_LG\r\n$/);
  });

  it('writes the XLSX template to standard output', async () => {
    const result = await cli(['paper', 'template', '1', '--format', 'xlsx'], env);
    expect(result.code).toBe(0);
    expect(result.stdout.subarray(0, 4)).toEqual(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
  });

  it('imports a file as a batch and says so', async () => {
    const result = await cli(['paper', 'import', '1', path.join(FIXTURES, 'excel-indonesia.csv')], env);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout.toString()).toBe('3 forms imported into round 1 as batch 1\n');
    expect(paperRows()).toBe(3);
  });

  it('refuses a file with problems, printing each with line and column, and imports nothing', async () => {
    const result = await cli(['paper', 'import', '1', path.join(FIXTURES, 'every-error.csv')], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('potret: 6 of 8 row(s) have problems (6 in all); nothing was imported.');
    expect(result.stderr).toContain('  line 3, column FIN-ANG-01: Not an answer on the 1–5 scale.');
    expect(result.stderr).toContain('("6")');
    expect(paperRows()).toBe(0);
  });

  it('refuses a file over the row limit, naming the limit and how to raise it, and imports nothing', async () => {
    const result = await cli(['paper', 'import', '1', path.join(FIXTURES, 'excel-indonesia.csv')], { ...env, POTRET_MAX_ROWS: '2' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('line 5: The file has more than 2 rows; at most 2 can be imported at once. Split it into smaller files, or raise the row limit (POTRET_MAX_ROWS; on the command line, --max-rows <n> for one import).');
    expect(paperRows()).toBe(0);
  });

  it('raises the row limit for one import with --max-rows', async () => {
    const result = await cli(['paper', 'import', '1', path.join(FIXTURES, 'excel-indonesia.csv'), '--max-rows', '3'], { ...env, POTRET_MAX_ROWS: '2' });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(paperRows()).toBe(3);
  });

  it('holds a file to --max-rows even below POTRET_MAX_ROWS', async () => {
    const result = await cli(['paper', 'import', '1', path.join(FIXTURES, 'excel-indonesia.csv'), '--max-rows', '1'], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('more than 1 rows');
  });

  it('refuses a --max-rows that is not a whole number of rows', async () => {
    for (const value of ['0', '1.5', '1e6', 'many']) {
      const result = await cli(['paper', 'import', '1', path.join(FIXTURES, 'excel-indonesia.csv'), '--max-rows', value], env);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`--max-rows is a whole number of rows, at least 1, not "${value}"`);
    }
    expect(paperRows()).toBe(0);
  });

  it('raises the row limit of a roster import with --max-rows', async () => {
    const roster = path.join(dir, 'more.csv');
    fs.writeFileSync(roster, 'name;unit\r\nDewi;Subdit Umum\r\nEka;Subdit Umum\r\n');
    // Round 1 has a roster already (beforeEach): a second file merges.
    const refused = await cli(['roster', 'import', '1', roster, '--new-only', '--links-out', path.join(dir, 'more-links.csv')], { ...env, POTRET_MAX_ROWS: '1' });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('more than 1 rows');
    const accepted = await cli(['roster', 'import', '1', roster, '--new-only', '--links-out', path.join(dir, 'more-links.csv'), '--max-rows', '2'], { ...env, POTRET_MAX_ROWS: '1' });
    expect(accepted.code).toBe(0);
    expect(accepted.stdout.toString()).toContain('2 employees added to round 1');
  });

  it('says which file it cannot read', async () => {
    const result = await cli(['paper', 'import', '1', path.join(dir, 'missing.csv')], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`cannot read ${path.join(dir, 'missing.csv')}: ENOENT`);
  });

  it('checks a file without writing anything with --dry-run', async () => {
    const result = await cli(['paper', 'import', '1', path.join(FIXTURES, 'excel-indonesia.csv'), '--dry-run'], env);
    expect(result.code).toBe(0);
    expect(result.stdout.toString()).toBe('dry run: 3 of 3 forms would be imported into round 1; nothing was written\n');
    expect(paperRows()).toBe(0);
  });

  it('imports the valid rows with --skip-invalid and writes the others to --rejects-out', async () => {
    const rejectsOut = path.join(dir, 'rejects.csv');
    const result = await cli(['paper', 'import', '1', path.join(FIXTURES, 'every-error.csv'), '--skip-invalid', '--rejects-out', rejectsOut], env);
    expect(result.code).toBe(0);
    expect(result.stdout.toString()).toBe('2 forms imported into round 1 as batch 1\n6 rows left out, written with the reason to ' + rejectsOut + '\n');
    const lines = fs.readFileSync(rejectsOut, 'utf8').split('\r\n').filter(Boolean);
    expect(lines).toHaveLength(7);
    expect(lines[1]).toMatch(/^P-102;Subdit Umum;III\/a;6;.*;3;"?FIN-ANG-01: Not an answer/);
    expect(paperRows()).toBe(2);
  });

  it('will not skip rows without a file to write them to', async () => {
    const result = await cli(['paper', 'import', '1', path.join(FIXTURES, 'every-error.csv'), '--skip-invalid'], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--skip-invalid needs --rejects-out <file>');
    expect(paperRows()).toBe(0);
  });

  it('refuses the same file twice, naming the earlier batch', async () => {
    await cli(['paper', 'import', '1', path.join(FIXTURES, 'excel-indonesia.csv')], env);
    const result = await cli(['paper', 'import', '1', path.join(FIXTURES, 'excel-indonesia.csv')], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('This file was already imported into this round as batch 1 ("excel-indonesia.csv", 3 forms');
    expect(paperRows()).toBe(3);
  });

  it('accepts units missing from the roster with --allow-new-units, warning about each', async () => {
    const file = path.join(dir, 'new-unit.csv');
    fs.writeFileSync(file, fs.readFileSync(path.join(FIXTURES, 'excel-indonesia.csv'), 'utf8').replace('Subdit Keuangan', 'Balai Diklat'));
    const result = await cli(['paper', 'import', '1', file, '--allow-new-units'], env);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('warning: line 5, column unit ("Balai Diklat"): This unit is not on the roster of this round; 1 form(s) will be stored with it as a new unit (first on line 5).\n');
  });

  it('lists the batches and undoes one', async () => {
    await cli(['paper', 'import', '1', path.join(FIXTURES, 'excel-indonesia.csv')], env);
    const listed = await cli(['paper', 'batches', '1'], env);
    expect(listed.stdout.toString()).toMatch(/^1\texcel-indonesia\.csv\t3 forms\t0 rejected\t\d{4}-\d\d-\d\dT[\d:.]+Z\tcli/);
    const undone = await cli(['paper', 'undo', '1', '1'], env);
    expect(undone.code).toBe(0);
    expect(undone.stdout.toString()).toBe('batch 1 (excel-indonesia.csv) removed from round 1: 3 forms\n');
    expect(paperRows()).toBe(0);
  });

  it('prints the rejected rows of a batch', async () => {
    await cli(['paper', 'import', '1', path.join(FIXTURES, 'every-error.csv'), '--skip-invalid', '--rejects-out', path.join(dir, 'r.csv')], env);
    const result = await cli(['paper', 'rejects', '1', '1'], env);
    expect(result.stdout.toString('utf8')).toBe(fs.readFileSync(path.join(dir, 'r.csv'), 'utf8'));
  });
});
