import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { openAndPrepare } from '../../src/bootstrap';
import { roundWithResponses, varied } from './fixtures';
import { runCli } from '../helpers';

const cli = (args: string[], env: Record<string, string>) => runCli(args, env);

describe('potret report (downloads)', () => {
  let dir: string;
  let env: Record<string, string>;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'potret-cli-report-'));
    env = { POTRET_DB: path.join(dir, 'potret.db') };
    const { db } = openAndPrepare(env.POTRET_DB);
    roundWithResponses(db, [...varied('Subdit A', 'III/a', 6, 3), ...varied('Subdit B', 'III/b', 6, 4)]);
    db.close();
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function jsonReport(): Promise<{ dimensions: { code: string; mean: number }[]; perspectives: { code: string; gap: number }[] }> {
    return JSON.parse((await cli(['report', '1', '--format', 'json'], env)).stdout.toString());
  }

  it('writes a self-contained HTML report with --out', async () => {
    const file = path.join(dir, 'report.html');
    const result = await cli(['report', '1', '--format', 'html', '--out', file, '--lang', 'en'], env);
    expect(result.code).toBe(0);
    const html = fs.readFileSync(file, 'utf8');
    expect(html).toContain('<style>');
    expect(html).not.toContain('href="/static/');
    expect(html).toContain('Executive summary');
    expect(html.match(/<svg /g)?.length).toBeGreaterThanOrEqual(6);
  });

  it('prints the gap CSV of one perspective to standard output in the semicolon dialect', async () => {
    const report = await jsonReport();
    const result = await cli(['report', '1', '--format', 'csv', '--perspective', 'IBP', '--dialect', 'semicolon'], env);
    expect(result.code).toBe(0);
    const rows = parse(result.stdout.toString(), { bom: true, columns: true, delimiter: ';' }) as Record<string, string>[];
    expect(new Set(rows.map((row) => row.perspective))).toEqual(new Set(['IBP']));
    const perspective = rows.find((row) => row.level === 'perspective') as Record<string, string>;
    expect(Number(perspective.gap.replace(',', '.'))).toBe(report.perspectives.find((entry) => entry.code === 'IBP')?.gap);
  });

  it('writes the XLSX workbook with figures equal to the JSON report', async () => {
    const report = await jsonReport();
    const file = path.join(dir, 'report.xlsx');
    expect((await cli(['report', '1', '--format', 'xlsx', '--out', file], env)).code).toBe(0);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    const sheet = book.getWorksheet('LG Pembelajaran dan Pertumbuhan') as ExcelJS.Worksheet;
    const means = new Map<string, unknown>();
    sheet.eachRow((row) => means.set(String(row.getCell(4).value), row.getCell(8).value));
    const hr = report.dimensions.find((dimension) => dimension.code === 'LG-HR');
    expect(means.get('LG-HR')).toBe(hr?.mean);
  });

  it('streams the raw data CSV, one row per respondent', async () => {
    const result = await cli(['report', '1', '--format', 'raw-csv'], env);
    expect(result.code).toBe(0);
    expect(result.stdout.toString().trim().split('\r\n')).toHaveLength(13);
  });

  it('refuses --perspective with a format other than csv', async () => {
    const result = await cli(['report', '1', '--format', 'xlsx', '--perspective', 'LG'], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--perspective goes with --format csv');
  });

  it('refuses an unknown format, naming the known ones', async () => {
    const result = await cli(['report', '1', '--format', 'docx'], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown format "docx" (json, html, csv, xlsx');
  });

  it('reports an unknown perspective as bad data', async () => {
    const result = await cli(['report', '1', '--format', 'csv', '--perspective', 'XX'], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('perspective: use one of FIN, CUS, IBP, LG ("XX")');
  });
});
