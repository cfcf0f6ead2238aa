import { setSkmRoundOpen } from '../../src/skm/rounds';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openAndPrepare } from '../../src/bootstrap';
import { runCli } from '../helpers';
import ExcelJS from 'exceljs';
import { readPdfText } from '../e2e/pdf-text';
import { addForms, handComputedForms, skmRound } from '../skm/fixtures';

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((file) => fs.existsSync(file)) ?? null;

describe('potret skm', () => {
  let dir: string;
  let env: Record<string, string>;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'potret-skm-'));
    env = { POTRET_DB: path.join(dir, 'potret.db') };
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const cli = async (args: string[]) => {
    const result = await runCli(args, env);
    return { ...result, stdout: result.stdout.toString('utf8') };
  };

  it('creates a round with services from a file, lists it and prints its report as JSON', async () => {
    const services = path.join(dir, 'layanan.txt');
    fs.writeFileSync(services, '\uFEFFA01 Perizinan\r\nA02 Konsultasi\r\n');
    const created = await cli(['skm', 'round', 'create', '--name', 'SKM II 2026', '--from', '2026-07-01', '--to', '2026-12-31', '--population', '1000', '--services-file', services]);
    expect(created).toMatchObject({ code: 0, stderr: '' });
    const id = Number(created.stdout.trim());
    const { db } = openAndPrepare(env.POTRET_DB);
    // Ten forms of all 3s: NRR 3 everywhere, IKM = 25 × 3 = 75, grade C.
    addForms(db, id, Array.from({ length: 10 }, () => ({ answers: '333333333', service: 'A01' })));
    db.close();

    // Open: the count only, no index, and no report.
    const listedOpen = await cli(['skm', 'rounds']);
    expect(listedOpen.stdout).toBe(`${id}\tSKM II 2026\t2026-07-01..2026-12-31\t10\t-\topen\n`);
    const refused = await cli(['skm', 'report', String(id)]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('still open (10 forms)');
    const again = openAndPrepare(env.POTRET_DB).db;
    setSkmRoundOpen(again, id, false, new Date(), 'test');
    again.close();

    const listed = await cli(['skm', 'rounds']);
    expect(listed.stdout).toBe(`${id}\tSKM II 2026\t2026-07-01..2026-12-31\t10\t75.00 C\tclosed\n`);

    const report = await cli(['skm', 'report', String(id), '--lang', 'en']);
    expect(report.code).toBe(0);
    const json = JSON.parse(report.stdout);
    expect(json).toMatchObject({ ikm: 75, ikm_rounded: 75, grade: 'C', grade_label: 'Less than good', round: { required_sample: 278, responses: 10, services: [{ code: 'A01', name: 'Perizinan' }, { code: 'A02', name: 'Konsultasi' }] } });
  });

  /** A closed round of the hand-computed table (test/skm/fixtures.ts: IKM 8725/108 = 80,79, B). */
  function publishedRound(): number {
    const { db } = openAndPrepare(env.POTRET_DB);
    const round = skmRound(db);
    addForms(db, round.row.id, handComputedForms());
    setSkmRoundOpen(db, round.row.id, false, new Date(), 'test');
    db.close();
    return round.row.id;
  }

  it('writes the report as one HTML file and as a workbook, the same as the downloads', async () => {
    const id = publishedRound();
    const html = path.join(dir, 'laporan.html');
    expect(await cli(['skm', 'report', String(id), '--format', 'html', '--out', html])).toMatchObject({ code: 0, stderr: '', stdout: '' });
    const text = fs.readFileSync(html, 'utf8');
    expect(text).toContain('Content-Security-Policy');
    expect(text).toContain('80,79');
    const xlsx = path.join(dir, 'laporan.xlsx');
    expect((await cli(['skm', 'report', String(id), '--format', 'xlsx', '--out', xlsx])).code).toBe(0);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(xlsx);
    expect(book.getWorksheet('Ringkasan')).toBeDefined();
    expect(book.getWorksheet('Unsur')!.getRow(2).getCell(4).value).toBe(43 / 12);
  });

  (CHROMIUM ? it : it.skip)('writes the report as PDF and the infographic as PNG and PDF', async () => {
    const id = publishedRound();
    const chromiumEnv = { ...env, POTRET_CHROMIUM: CHROMIUM! };
    const pdf = path.join(dir, 'laporan.pdf');
    expect((await runCli(['skm', 'report', String(id), '--format', 'pdf', '--out', pdf], chromiumEnv)).code).toBe(0);
    expect(fs.readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    const png = path.join(dir, 'ikm.png');
    expect((await runCli(['skm', 'infographic', String(id), '--format', 'png', '--out', png], chromiumEnv)).code).toBe(0);
    const picture = fs.readFileSync(png);
    expect([picture.readUInt32BE(16), picture.readUInt32BE(20)]).toEqual([1588, 2246]);
    const onePage = path.join(dir, 'ikm.pdf');
    expect((await runCli(['skm', 'infographic', String(id), '--format', 'pdf', '--out', onePage], chromiumEnv)).code).toBe(0);
    expect(readPdfText(fs.readFileSync(onePage)).pages).toHaveLength(1);
  });

  it('writes no file for a round still open, and says why', async () => {
    const { db } = openAndPrepare(env.POTRET_DB);
    const round = skmRound(db);
    addForms(db, round.row.id, handComputedForms());
    db.close();
    for (const args of [['report', '--format', 'html'], ['report', '--format', 'xlsx'], ['infographic', '--format', 'png']]) {
      const out = path.join(dir, `refused-${args[0]}-${args[2]}`);
      const result = await cli(['skm', args[0], String(round.row.id), ...args.slice(1), '--out', out]);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('still open (12 forms)');
      expect(fs.existsSync(out)).toBe(false);
    }
  });

  it('refuses a round without its period, naming the field, and creates nothing', async () => {
    const result = await cli(['skm', 'round', 'create', '--name', 'SKM']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('period_start');
    const listed = await cli(['skm', 'rounds']);
    expect(listed.stdout).toBe('');
  });

  it('reads only: the report on a missing database creates none', async () => {
    const result = await cli(['skm', 'report', '1']);
    expect(result.code).toBe(2);
    expect(fs.existsSync(env.POTRET_DB)).toBe(false);
  });

  it('says what is unknown', async () => {
    expect((await cli(['skm', 'round', 'delete'])).code).toBe(2);
    expect((await cli(['skm', 'report', '1', '--format', 'docx'])).code).toBe(2);
    expect((await cli(['skm', 'infographic', '1', '--format', 'svg'])).code).toBe(2);
  });
});
