import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { Response } from 'supertest';
import type { RoundReport } from '../../src/report/build-report';
import { createTestApp, loggedIn } from '../helpers';
import { roundWithResponses, suppressionRound, varied } from '../report/fixtures';

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
    // Besides Unit B's figures, only the legend's class bounds (gaps to target, the same for every report) carry digits.
    const legendBounds = ['−1,00', '−0,50', '−0,10', '+0,10', '+0,50', '+1,00'];
    const allowed = new Set([...Object.values(unitB?.dimensions ?? {}).map((mean) => (mean as number).toFixed(2).replace('.', ',')), `n = ${unitB?.n}`, ...legendBounds]);
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

describe('the raw data cannot be combined with the grade breakdown to single anyone out', () => {
  // Unit A: 6 × III/a, 5 × III/c and one III/b, who answers 1 to everything; unit B: 9 × III/b and
  // 6 × III/a. Every unit and grade is shown in the report (III/b: n = 10), and the analyst knows
  // from the roster who answered, so how many respondents share each unit and grade.
  const ROSTER: [string, string, number][] = [
    ['Unit A', 'III/a', 6],
    ['Unit A', 'III/c', 5],
    ['Unit A', 'III/b', 1],
    ['Unit B', 'III/b', 9],
    ['Unit B', 'III/a', 6],
  ];

  async function published(): Promise<{ report: RoundReport; rows: Record<string, string>[] }> {
    const { app, db } = createTestApp();
    roundWithResponses(
      db,
      ROSTER.flatMap(([unit, grade, n]) => (grade === 'III/b' && n === 1 ? [{ unit, grade, answer: 1 }] : varied(unit, grade, n, 4))),
    );
    const { agent } = await loggedIn(app, db);
    const report = (await agent.get('/api/rounds/1/report')).body as RoundReport;
    const rows = parse((await agent.get('/rounds/1/raw-data.csv')).text, { bom: true, columns: true }) as Record<string, string>[];
    return { report, rows };
  }

  /** Respondent score per dimension of one raw-data row: the mean of the items answered in it. */
  function scores(report: RoundReport, row: Record<string, string>): Record<string, number> {
    const result: Record<string, number> = {};
    for (const dimension of report.dimensions) {
      const values = report.items.filter((item) => item.dimension === dimension.code).map((item) => row[item.code]).filter((value) => value !== '').map(Number);
      result[dimension.code] = values.reduce((sum, value) => sum + value, 0) / values.length;
    }
    return result;
  }

  /**
   * The differencing attack: for each grade the report shows, take the rows the raw data attributes
   * to it and subtract them from the grade's n × mean. `attributed` says which rows the attacker
   * can tie to the grade. Returns what is left whenever it covers fewer than the minimum.
   */
  function difference(report: RoundReport, rows: Record<string, string>[], attributed: (grade: string) => Record<string, string>[]): { grade: string; left: number; means: Record<string, number> }[] {
    const singledOut: { grade: string; left: number; means: Record<string, number> }[] = [];
    for (const group of report.groups.find((breakdown) => breakdown.by === 'grade')?.rows ?? []) {
      if (group.suppressed || group.group === null) continue;
      const known = attributed(group.group);
      const left = group.n - known.length;
      if (left <= 0 || left >= report.thresholds.min_group_size) continue;
      const means: Record<string, number> = {};
      for (const dimension of report.dimensions) {
        const knownSum = known.reduce((sum, row) => sum + scores(report, row)[dimension.code], 0);
        means[dimension.code] = Math.round(((group.n * (group.dimensions[dimension.code] as number) - knownSum) / left) * 1e6) / 1e6;
      }
      singledOut.push({ grade: group.group, left, means });
    }
    return singledOut;
  }

  it('the report shows every unit and grade, III/b with n = 10 (the premise)', async () => {
    const { report } = await published();
    const grades = report.groups.find((breakdown) => breakdown.by === 'grade')?.rows ?? [];
    expect(grades.map((row) => [row.group, row.n, row.suppressed])).toEqual([
      ['III/a', 12, false],
      ['III/b', 10, false],
      ['III/c', 5, false],
    ]);
  });

  it('subtracting the rows written with a grade from the grade mean leaves no group smaller than the minimum', async () => {
    const { report, rows } = await published();
    expect(difference(report, rows, (grade) => rows.filter((row) => row.grade === grade))).toEqual([]);
  });

  it('neither does it when the roster tells which of a unit’s blank-grade rows hold which grade', async () => {
    const { report, rows } = await published();
    // A unit's blank-grade rows belong to one grade when, by the roster, only that grade of the
    // unit has rows the raw data does not label.
    const attributed = (grade: string) =>
      rows.filter((row) => {
        if (row.grade === grade) return true;
        if (row.grade !== '' || row.unit === '') return false;
        const unlabelled = ROSTER.filter(([unit, rosterGrade, n]) => unit === row.unit && rows.filter((other) => other.unit === unit && other.grade === rosterGrade).length < n).map(([, rosterGrade]) => rosterGrade);
        return unlabelled.length === 1 && unlabelled[0] === grade;
      });
    expect(difference(report, rows, attributed)).toEqual([]);
  });
});
