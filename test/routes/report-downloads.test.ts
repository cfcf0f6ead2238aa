import { parse } from 'csv-parse/sync';
import type { RoundReport } from '../../src/report/build-report';
import { addRosterEntry } from '../../src/survey/roster';
import { createTestApp, loggedIn } from '../helpers';
import { roundWithResponses, varied } from '../report/fixtures';

type Agent = Awaited<ReturnType<typeof loggedIn>>['agent'];

function seededApp() {
  const context = createTestApp();
  const round = roundWithResponses(context.db, [...varied('Subdit A', 'III/a', 8, 3), ...varied('Subdit B', 'III/b', 8, 4), ...varied('Subdit C', 'III/c', 8, 2)], { invited: 28 });
  return { ...context, round };
}

async function jsonReport(agent: Agent): Promise<RoundReport> {
  return (await agent.get('/api/rounds/1/report')).body as RoundReport;
}

function records(text: string, dialect: 'comma' | 'semicolon'): Record<string, string>[] {
  return parse(text, { bom: true, columns: true, delimiter: dialect === 'semicolon' ? ';' : ',' }) as Record<string, string>[];
}

/** "3,4166666666666665" → 3.4166666666666665 (decimal comma of the semicolon dialect). */
const numberFrom = (cell: string, dialect: 'comma' | 'semicolon') => Number(dialect === 'semicolon' ? cell.replace(',', '.') : cell);

describe('gap report CSV', () => {
  it('is UTF-8 CSV with a byte order mark, one row per perspective, dimension and item', async () => {
    const { app, db, round } = seededApp();
    const { agent } = await loggedIn(app, db);
    const response = await agent.get('/rounds/1/report.csv?dialect=comma');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toContain('potret-round-1-gaps-all-comma.csv');
    expect(response.text.startsWith('\uFEFF')).toBe(true);
    const rows = records(response.text, 'comma');
    expect(rows).toHaveLength(4 + 10 + round.instrument.items.length);
  });

  it('writes every dimension figure at full precision, equal to the JSON report (comma dialect)', async () => {
    const { app, db } = seededApp();
    const { agent } = await loggedIn(app, db);
    const report = await jsonReport(agent);
    const rows = records((await agent.get('/rounds/1/report.csv?dialect=comma')).text, 'comma');
    for (const dimension of report.dimensions) {
      const row = rows.find((entry) => entry.level === 'dimension' && entry.code === dimension.code) as Record<string, string>;
      expect(numberFrom(row.mean, 'comma')).toBe(dimension.mean);
      expect(numberFrom(row.gap, 'comma')).toBe(dimension.gap);
      expect(numberFrom(row.alpha, 'comma')).toBe(dimension.alpha);
    }
  });

  it('writes achievement_pct (mean ÷ target) and scale_pct (mean ÷ scale maximum) side by side, equal to the JSON report', async () => {
    const { app, db } = seededApp();
    const { agent } = await loggedIn(app, db);
    const report = await jsonReport(agent);
    const text = (await agent.get('/rounds/1/report.csv?dialect=comma')).text;
    expect(text.split('\r\n')[0]).toContain(',gap,achievement_pct,scale_pct,category,');
    const rows = records(text, 'comma');
    for (const dimension of report.dimensions) {
      const row = rows.find((entry) => entry.level === 'dimension' && entry.code === dimension.code) as Record<string, string>;
      expect(numberFrom(row.achievement_pct, 'comma')).toBe(dimension.achievement_pct);
      expect(numberFrom(row.scale_pct, 'comma')).toBe(dimension.scale_pct);
    }
  });

  it('writes semicolons and decimal commas for Excel with Indonesian settings', async () => {
    const { app, db } = seededApp();
    const { agent } = await loggedIn(app, db);
    const report = await jsonReport(agent);
    const response = await agent.get('/rounds/1/report.csv?dialect=semicolon');
    expect(response.text.split('\r\n')[0]).toMatch(/^\uFEFFlevel;perspective;dimension;code;name;/);
    const rows = records(response.text, 'semicolon');
    const item = report.items[0];
    const row = rows.find((entry) => entry.level === 'item' && entry.code === item.code) as Record<string, string>;
    expect(row.mean).toContain(',');
    expect(numberFrom(row.mean, 'semicolon')).toBe(item.mean);
    expect(numberFrom(row.favorable_pct, 'semicolon')).toBe(item.favorable_pct);
    expect(Number(row.count_5)).toBe(item.distribution['5']);
  });

  it('holds only the chosen perspective with --perspective', async () => {
    const { app, db, round } = seededApp();
    const { agent } = await loggedIn(app, db);
    const response = await agent.get('/rounds/1/report.csv?perspective=LG');
    expect(response.headers['content-disposition']).toContain('gaps-LG-comma.csv');
    const rows = records(response.text, 'comma');
    expect(new Set(rows.map((row) => row.perspective))).toEqual(new Set(['LG']));
    expect(rows.filter((row) => row.level === 'item')).toHaveLength(round.instrument.items.filter((item) => item.perspective === 'LG').length);
  });

  it('rejects an unknown perspective with 422', async () => {
    const { app, db } = seededApp();
    const { agent } = await loggedIn(app, db);
    const response = await agent.get('/rounds/1/report.csv?perspective=XX').set('Accept', 'application/json');
    expect(response.status).toBe(422);
    expect(response.body.problems[0]).toMatchObject({ field: 'perspective', value: 'XX' });
  });

  it('rejects an unknown dialect with 422', async () => {
    const { app, db } = seededApp();
    const { agent } = await loggedIn(app, db);
    expect((await agent.get('/rounds/1/report.csv?dialect=tab')).status).toBe(422);
  });
});

describe('groups CSV', () => {
  it('has one row per unit and grade with each dimension mean from the JSON report', async () => {
    const { app, db } = seededApp();
    const { agent } = await loggedIn(app, db);
    const report = await jsonReport(agent);
    const response = await agent.get('/rounds/1/report/groups.csv?dialect=semicolon');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    const rows = records(response.text, 'semicolon');
    const unitB = report.groups[0].rows.find((row) => row.group === 'Subdit B');
    const row = rows.find((entry) => entry.by === 'unit' && entry.group === 'Subdit B') as Record<string, string>;
    expect(numberFrom(row['LG-HR'], 'semicolon')).toBe(unitB?.dimensions['LG-HR']);
    expect(Number(row.n)).toBe(unitB?.n);
  });
});

describe('raw data and codebook CSV', () => {
  it('has item codes as columns and reproduces each item mean of the JSON report', async () => {
    const { app, db, round } = seededApp();
    const { agent } = await loggedIn(app, db);
    const report = await jsonReport(agent);
    const response = await agent.get('/rounds/1/raw-data.csv?dialect=comma');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    const rows = records(response.text, 'comma');
    expect(Object.keys(rows[0])).toEqual(['respondent', 'unit', 'grade', ...round.instrument.items.map((item) => item.code)]);
    for (const item of report.items.slice(0, 5)) {
      const values = rows.map((row) => row[item.code]).filter((value) => value !== '').map(Number);
      expect(values).toHaveLength(item.n);
      expect(values.reduce((sum, value) => sum + value, 0) / values.length).toBeCloseTo(item.mean as number, 12);
    }
  });

  it('describes every column in both languages in the codebook', async () => {
    const { app, db, round } = seededApp();
    const { agent } = await loggedIn(app, db);
    const response = await agent.get('/rounds/1/codebook.csv');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    const rows = records(response.text, 'comma');
    const item = round.instrument.items[0];
    const row = rows.find((entry) => entry.variable === item.code) as Record<string, string>;
    expect(row).toMatchObject({ label_id: item.text.id, label_en: item.text.en, dimension: item.dimension, perspective: item.perspective });
    expect(row.values).toContain('1 = Sangat tidak setuju / Strongly disagree');
    expect(rows.map((entry) => entry.variable).slice(0, 3)).toEqual(['respondent', 'unit', 'grade']);
  });
});

describe('formula injection', () => {
  const EVIL = "=HYPERLINK(\"http://evil.example\",\"klik\")";

  function evilApp() {
    const context = createTestApp();
    const round = roundWithResponses(context.db, [...varied(EVIL, '+III/a', 6, 3), ...varied('@Subdit B', '-III/b', 6, 4)]);
    addRosterEntry(context.db, round.row.id, { name: '=1+1', unit: EVIL }, new Date(), 'test');
    return context;
  }

  it('neutralises unit and grade names in the groups CSV', async () => {
    const { app, db } = evilApp();
    const { agent } = await loggedIn(app, db);
    const rows = records((await agent.get('/rounds/1/report/groups.csv')).text, 'comma');
    expect(rows.map((row) => row.group)).toEqual(expect.arrayContaining([`'${EVIL}`, "'@Subdit B", "'+III/a", "'-III/b"]));
    expect(rows.some((row) => /^[=+\-@]/.test(row.group))).toBe(false);
  });

  it('neutralises unit and grade names in the raw data CSV', async () => {
    const { app, db } = evilApp();
    const { agent } = await loggedIn(app, db);
    const rows = records((await agent.get('/rounds/1/raw-data.csv?dialect=semicolon')).text, 'semicolon');
    expect(new Set(rows.map((row) => row.unit))).toEqual(new Set([`'${EVIL}`, "'@Subdit B"]));
    expect(new Set(rows.map((row) => row.grade))).toEqual(new Set(["'+III/a", "'-III/b"]));
  });

  it('keeps negative gaps as numbers, not neutralised text', async () => {
    const { app, db } = evilApp();
    const { agent } = await loggedIn(app, db);
    const report = await jsonReport(agent);
    const rows = records((await agent.get('/rounds/1/report.csv')).text, 'comma');
    const below = report.dimensions.find((dimension) => (dimension.gap as number) < 0);
    const row = rows.find((entry) => entry.code === below?.code && entry.level === 'dimension') as Record<string, string>;
    expect(row.gap.startsWith('-')).toBe(true);
    expect(Number(row.gap)).toBe(below?.gap);
  });
});
