import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { Response } from 'supertest';
import type { RoundReport } from '../../src/report/build-report';
import { createTestApp, loggedIn } from '../helpers';
import { suppressionRound } from '../report/fixtures';

// Unit C (2 respondents, all answering 1) is below the minimum of 5; Unit A (6, all answering 2)
// is suppressed as cover; Unit B (6, all answering 5) is shown. A suppressed cell must never show
// a number: not its mean, not a 0, not the group's size.

type Agent = Awaited<ReturnType<typeof loggedIn>>['agent'];

async function setup(): Promise<{ agent: Agent; report: RoundReport }> {
  const { app, db } = createTestApp();
  suppressionRound(db);
  const { agent } = await loggedIn(app, db);
  const report = (await agent.get('/api/rounds/1/report')).body as RoundReport;
  return { agent, report };
}

function collectBinary(res: Response, callback: (error: Error | null, body: Buffer) => void): void {
  const stream = res as unknown as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  stream.on('end', () => callback(null, Buffer.concat(chunks)));
}

function unitRows(report: RoundReport) {
  return report.groups.find((breakdown) => breakdown.by === 'unit')?.rows ?? [];
}

describe('a suppressed heatmap cell never shows a number', () => {
  it('the JSON report suppresses Unit A and Unit C and shows Unit B (the premise)', async () => {
    const { report } = await setup();
    expect(unitRows(report).map((row) => [row.group, row.suppressed])).toEqual([
      ['Unit A', true],
      ['Unit B', false],
      ['Unit C', true],
    ]);
  });

  it('in the heatmap chart: only Unit B figures and sizes appear as numbers', async () => {
    const { agent, report } = await setup();
    const page = await agent.get('/rounds/1/report');
    const svg = /<svg [^>]*aria-label="Rata-rata per unit dan dimensi[\s\S]*?<\/svg>/.exec(page.text)?.[0] ?? '';
    expect(svg).not.toBe('');
    const texts = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((match) => match[1]);
    const unitB = unitRows(report).find((row) => row.group === 'Unit B');
    const allowed = new Set([...Object.values(unitB?.dimensions ?? {}).map((mean) => (mean as number).toFixed(2).replace('.', ',')), `n = ${unitB?.n}`]);
    const withDigits = texts.filter((content) => /\d/.test(content));
    expect(withDigits.length).toBeGreaterThan(0);
    for (const content of withDigits) expect(allowed.has(content)).toBe(true);
    // The text alternative says so too.
    expect(svg).toContain('Unit A: disembunyikan');
    expect(svg).toContain('Unit C: disembunyikan');
  });

  it('in the heatmap table: the rows of Unit A and Unit C show no digit', async () => {
    const { agent } = await setup();
    const page = await agent.get('/rounds/1/report');
    for (const unit of ['Unit A', 'Unit C']) {
      const row = new RegExp(`<tr>\\s*<th scope="row">${unit}</th>([\\s\\S]*?)</tr>`).exec(page.text)?.[1] ?? '';
      const shown = row.replace(/<[^>]*>/g, '');
      expect(shown).toContain('disembunyikan');
      expect(shown).not.toMatch(/\d/);
    }
  });

  it('in the groups CSV: the rows of Unit A and Unit C are empty apart from their name and status', async () => {
    const { agent } = await setup();
    const text = (await agent.get('/rounds/1/report/groups.csv?dialect=semicolon')).text;
    const rows = parse(text, { bom: true, columns: true, delimiter: ';' }) as Record<string, string>[];
    for (const unit of ['Unit A', 'Unit C']) {
      const row = rows.find((entry) => entry.by === 'unit' && entry.group === unit) as Record<string, string>;
      expect(row.status).toBe('suppressed');
      expect(Object.values(row).join('|')).not.toMatch(/\d/);
    }
  });

  it('in the XLSX heatmap sheet: every cell of Unit A and Unit C is text saying suppressed', async () => {
    const { agent } = await setup();
    const response: Response = await agent.get('/rounds/1/report.xlsx').buffer(true).parse(collectBinary);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(response.body as Parameters<typeof book.xlsx.load>[0]);
    const sheet = book.getWorksheet('Peta unit dan golongan') as ExcelJS.Worksheet;
    let checked = 0;
    sheet.eachRow((row) => {
      const group = row.getCell(2).value;
      if (group !== 'Unit A' && group !== 'Unit C') return;
      checked += 1;
      const values = (row.values as unknown[]).slice(1);
      expect(values.some((value) => typeof value === 'number')).toBe(false);
      expect(values.filter((value) => value === 'disembunyikan').length).toBeGreaterThanOrEqual(10);
      expect(values.join('|')).not.toMatch(/\d/);
    });
    expect(checked).toBe(2);
  });

  it('in the raw data: the units of Unit A and Unit C are blank', async () => {
    const { agent } = await setup();
    const rows = parse((await agent.get('/rounds/1/raw-data.csv')).text, { bom: true, columns: true }) as Record<string, string>[];
    expect(rows.map((row) => row.unit).sort()).toEqual([...Array(8).fill(''), ...Array(6).fill('Unit B')]);
  });
});
