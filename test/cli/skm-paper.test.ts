import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openAndPrepare } from '../../src/bootstrap';
import { createSkmRound } from '../../src/skm/rounds';
import { runCli } from '../helpers';

describe('potret skm template | import | undo', () => {
  let dir: string;
  let env: Record<string, string>;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'potret-skm-'));
    env = { POTRET_DB: path.join(dir, 'potret.db') };
    const { db } = openAndPrepare(env.POTRET_DB);
    createSkmRound(db, { name: 'SKM 2026', period_start: '2026-07-01', period_end: '2026-12-31' }, new Date(), 'test');
    db.close();
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const count = () => {
    const { db } = openAndPrepare(env.POTRET_DB);
    const n = (db.prepare('SELECT count(*) AS n FROM skm_responses').get() as { n: number }).n;
    db.close();
    return n;
  };

  it('writes the template, imports a filled copy in one batch, and undoes it', async () => {
    const template = await runCli(['skm', 'template', '1', '--dialect', 'semicolon'], env);
    expect(template.code).toBe(0);
    const header = template.stdout.toString('utf8');
    expect(header).toContain('nomor;jenis_kelamin;umur;pendidikan;pekerjaan;layanan;U1;');
    const file = path.join(dir, 'forms.csv');
    fs.writeFileSync(file, `${header}1;P;34;S1;PNS;;4;4;3;4;3;4;4;3;2;Antrean terlalu panjang\r\n2;L;51;SMA;swasta;;3;3;2;4;3;3;4;3;3;\r\n`);

    const dry = await runCli(['skm', 'import', '1', file, '--dry-run'], env);
    expect(dry.stdout.toString()).toBe('2 form(s) would be imported (1 with a suggestion); nothing was written\n');
    expect(count()).toBe(0);

    const imported = await runCli(['skm', 'import', '1', file], env);
    expect(imported.code).toBe(0);
    expect(imported.stdout.toString()).toBe('2 form(s) imported into SKM round 1 as batch 1 (1 with a suggestion)\n');
    expect(count()).toBe(2);

    const undone = await runCli(['skm', 'undo', '1', '1'], env);
    expect(undone.stdout.toString()).toBe('batch 1 (2 form(s) from forms.csv) removed from SKM round 1\n');
    expect(count()).toBe(0);
  });

  it('refuses a bad row with its line and column, importing nothing', async () => {
    const file = path.join(dir, 'bad.csv');
    fs.writeFileSync(file, 'nomor,U1,U2,U3,U4,U5,U6,U7,U8,U9\n1,4,4,4,4,4,4,4,4,4\n2,4,4,9,4,4,4,4,4,4\n');
    const result = await runCli(['skm', 'import', '1', file], env);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/line 3.*D \(U3\)/);
    expect(count()).toBe(0);
  });
});
