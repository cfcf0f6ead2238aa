import ExcelJS from 'exceljs';
import type { Response } from 'supertest';
import type { RoundReport } from '../../src/report/build-report';
import { createTestApp, loggedIn } from '../helpers';
import { addComments, addResponses, roundWithResponses, varied } from '../report/fixtures';

jest.setTimeout(60_000);

/** The real demo-like round: three units of eight, varied answers, a roster of 28. */
function seededApp(overrides: Parameters<typeof createTestApp>[0] = {}) {
  const context = createTestApp(overrides);
  const round = roundWithResponses(context.db, [...varied('Subdit A', 'III/a', 8, 3), ...varied('Subdit B', 'III/b', 8, 4), ...varied('Subdit C', 'III/c', 8, 2)], { invited: 28 });
  return { ...context, round };
}

async function jsonReport(agent: Awaited<ReturnType<typeof loggedIn>>['agent'], query = ''): Promise<RoundReport> {
  const response = await agent.get(`/api/rounds/1/report${query}`);
  expect(response.status).toBe(200);
  return response.body as RoundReport;
}

/** supertest parser that keeps a binary body (PDF, XLSX) as a Buffer. */
function collectBinary(res: Response, callback: (error: Error | null, body: Buffer) => void): void {
  const stream = res as unknown as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  stream.on('end', () => callback(null, Buffer.concat(chunks)));
}

/** "3,82" (id) from 3.8234. */
const id2 = (value: number) => value.toFixed(2).replace('.', ',');

describe('condition report page', () => {
  it('sends a visitor who is not logged in to the login page', async () => {
    const { app } = seededApp();
    const { default: request } = await import('supertest');
    const response = await request(app).get('/rounds/1/report');
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe('/login?next=%2Frounds%2F1%2Freport');
  });

  it('shows each perspective mean and gap from the JSON report, in Indonesian by default', async () => {
    const { app, db } = seededApp();
    const { agent } = await loggedIn(app, db);
    const report = await jsonReport(agent);
    const page = await agent.get('/rounds/1/report');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Ringkasan eksekutif');
    for (const perspective of report.perspectives) {
      const gap = perspective.gap as number;
      expect(page.text).toContain(`${perspective.name} ${id2(perspective.mean as number)}`);
      expect(page.text).toContain(`gap ${gap < 0 ? '\u2212' : '+'}${id2(Math.abs(gap))}`);
    }
  });

  it('puts the target status before the category, read as a position on the scale', async () => {
    const { app, db } = seededApp();
    const { agent } = await loggedIn(app, db);
    const report = await jsonReport(agent);
    const page = await agent.get('/rounds/1/report');
    const below = report.dimensions.find((dimension) => dimension.target_status === 'below_target' && dimension.category !== null);
    expect(below).toBeDefined();
    const category = { very_low: 'sangat rendah', low: 'rendah', medium: 'sedang', high: 'tinggi', very_high: 'sangat tinggi' }[below!.category!];
    expect(page.text).toContain(`di bawah target · posisi pada skala: ${category}`);
    expect(page.text).not.toMatch(/\((sangat )?(rendah|sedang|tinggi)\), target/);
  });

  it('heads the achievement column as score ÷ target, with the share of the scale maximum beside it', async () => {
    const { app, db } = seededApp();
    const { agent } = await loggedIn(app, db);
    const page = await agent.get('/rounds/1/report');
    expect(page.text).toContain('Capaian % (skor ÷ target)');
    expect(page.text).toContain('Skor % dari maksimum');
    const english = await agent.get('/rounds/1/report?lang=en');
    expect(english.text).toContain('Achievement % (score ÷ target)');
    expect(english.text).toContain('Score % of maximum');
  });

  it('names the four focus areas in the executive summary', async () => {
    const { app, db } = seededApp();
    const { agent } = await loggedIn(app, db);
    const page = await agent.get('/rounds/1/report?lang=en');
    for (const focus of ['HR development:', 'Technology use:', 'SOP compliance:', 'Work culture:']) expect(page.text).toContain(focus);
  });

  it('lists the priority gaps largest first, as the JSON summary ranks them', async () => {
    const { app, db } = seededApp();
    const { agent } = await loggedIn(app, db);
    const report = await jsonReport(agent, '?lang=en');
    const page = await agent.get('/rounds/1/report?lang=en');
    const list = /<ol class="priority-list">([\s\S]*?)<\/ol>/.exec(page.text)?.[1] ?? '';
    // The nested statement lines open with a quotation mark; the dimensions do not.
    const names = [...list.matchAll(/<li>([^(<“]+) \(/g)].map((match) => match[1].trim());
    // The summary page keeps to one page: the first three with their statements, the rest by name.
    const ranked = report.summary.priorities.map((dimension) => dimension.name);
    expect(ranked.length).toBeGreaterThan(3);
    expect(names).toEqual(ranked.slice(0, 3));
    expect(page.text).toContain(`Also below target: ${ranked.slice(3).join(', ')}.`);
  });

  it('shows under each priority the statements that drive it, with their full text and the share who disagree', async () => {
    const { app, db } = seededApp();
    const { agent } = await loggedIn(app, db);
    const report = await jsonReport(agent);
    const page = await agent.get('/rounds/1/report');
    const first = report.summary.priorities[0];
    expect(first.statements.length).toBeGreaterThanOrEqual(2);
    const statement = first.statements[0];
    const escaped = statement.text.replace(/'/g, '&#39;');
    expect(page.text).toContain(`“${escaped}” (n = ${statement.n}, rata-rata ${id2(statement.mean)}, ${statement.unfavorable_pct.toFixed(1).replace('.', ',')}% tidak setuju)`);
  });

  it('draws the charts as inline SVG images with text alternatives', async () => {
    const { app, db } = seededApp();
    const { agent } = await loggedIn(app, db);
    const page = await agent.get('/rounds/1/report');
    const svgs = page.text.match(/<svg [^>]*>/g) ?? [];
    // perspectives, gaps, one item chart per dimension (10), unit and grade heatmaps
    expect(svgs.length).toBe(2 + 10 + 2);
    for (const svg of svgs) {
      expect(svg).toContain('role="img"');
      expect(svg).toMatch(/aria-label="[^"]{20,}"/);
    }
    expect(page.text).not.toMatch(/<script/i);
  });

  it('switches to English with ?lang=en', async () => {
    const { app, db } = seededApp();
    const { agent } = await loggedIn(app, db);
    const page = await agent.get('/rounds/1/report?lang=en');
    expect(page.text).toContain('Executive summary');
    expect(page.text).toContain('Method notes');
  });

  it('shows the change per dimension when a comparison round is named', async () => {
    const { app, db, round } = seededApp();
    const later = roundWithResponses(db, varied('Subdit A', 'III/a', 8, 4), { name: 'Diagnosis 2027' });
    void round;
    const { agent } = await loggedIn(app, db);
    const report = (await agent.get(`/api/rounds/${later.row.id}/report?compare=1&lang=en`)).body as RoundReport;
    const page = await agent.get(`/rounds/${later.row.id}/report?compare=1&lang=en`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Change since Diagnosis 2026');
    const first = report.comparison?.dimensions[0];
    const change = first?.change as number;
    expect(page.text).toContain(`${change < 0 ? '\u2212' : '+'}${Math.abs(change).toFixed(2)}`);
  });

  it('shows p, Cohen\'s d and the verdict beside each change, a rise only when significant', async () => {
    const { app, db } = seededApp();
    // All 24 answering around 4 after a first round spread from 2 to 4: a clear rise.
    const later = roundWithResponses(db, varied('Subdit A', 'III/a', 24, 4), { name: 'Diagnosis 2027' });
    const { agent } = await loggedIn(app, db);
    const report = (await agent.get(`/api/rounds/${later.row.id}/report?compare=1&lang=en`)).body as RoundReport;
    const first = report.comparison?.dimensions[0];
    expect(first).toMatchObject({ current_n: 24, previous_n: 24, significant: true, direction: 'rise' });
    const page = await agent.get(`/rounds/${later.row.id}/report?compare=1&lang=en`);
    expect(page.text).toContain('<th scope="col" class="num">p</th><th scope="col" class="num">Cohen&#39;s d</th><th scope="col">Reading</th>');
    const d = first?.cohens_d as number;
    expect(page.text).toContain(`<td class="num">${d < 0 ? '\u2212' : '+'}${Math.abs(d).toFixed(2)}</td><td>rise</td>`);
  });

  it('lets the workbook download carry the comparison chosen on the page', async () => {
    const { app, db } = seededApp();
    const later = roundWithResponses(db, varied('Subdit A', 'III/a', 8, 4), { name: 'Diagnosis 2027' });
    const { agent } = await loggedIn(app, db);
    const compared = await agent.get(`/rounds/${later.row.id}/report?compare=1`);
    expect(compared.text).toContain(`href="/rounds/${later.row.id}/report.xlsx?compare=1"`);
    const plain = await agent.get(`/rounds/${later.row.id}/report`);
    expect(plain.text).toContain(`href="/rounds/${later.row.id}/report.xlsx"`);
  });

  it('calls a change within noise "tidak berubah (dalam batas galat)" in Indonesian', async () => {
    const { app, db } = seededApp();
    // The same answers again: every change is 0 and p = 1.
    const later = roundWithResponses(db, [...varied('Subdit A', 'III/a', 8, 3), ...varied('Subdit B', 'III/b', 8, 4), ...varied('Subdit C', 'III/c', 8, 2)], { name: 'Diagnosis 2027' });
    const { agent } = await loggedIn(app, db);
    const page = await agent.get(`/rounds/${later.row.id}/report?compare=1`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<td class="num">1,000</td><td class="num">0,00</td><td>tidak berubah (dalam batas galat)</td>');
    expect(page.text).not.toMatch(/<td>(naik|turun)<\/td>/);
    expect(page.text).toContain('0 naik dan 0 turun secara signifikan');
  });

  it('hides the comments while the round has fewer respondents than the comment threshold', async () => {
    const context = createTestApp();
    const round = roundWithResponses(context.db, varied('Subdit A', 'III/a', 9, 3));
    addComments(context.db, round, [{ perspective: 'LG', text: 'Pelatihan masih jarang.' }]);
    const { agent } = await loggedIn(context.app, context.db);
    const page = await agent.get('/rounds/1/report');
    expect(page.text).not.toContain('Pelatihan masih jarang.');
    expect(page.text).toContain('sedikitnya 10 responden');
  });

  it('shows the comments, escaped, once the round reaches the threshold', async () => {
    const context = createTestApp();
    const round = roundWithResponses(context.db, varied('Subdit A', 'III/a', 10, 3));
    addComments(context.db, round, [{ perspective: 'LG', text: 'Pelatihan <b>masih</b> jarang.' }]);
    const { agent } = await loggedIn(context.app, context.db);
    const page = await agent.get('/rounds/1/report');
    expect(page.text).toContain('Pelatihan &lt;b&gt;masih&lt;/b&gt; jarang.');
  });

  it('offers the PDF download when Chromium is available', async () => {
    const { app, db } = seededApp({ chromium: '/usr/bin/chromium' });
    const { agent } = await loggedIn(app, db);
    const page = await agent.get('/rounds/1/report');
    expect(page.text).toContain('href="/rounds/1/report.pdf"');
  });

  it('hides the PDF download with a note when Chromium is not installed', async () => {
    const { app, db } = seededApp({ chromium: '/nonexistent/chromium' });
    const { agent } = await loggedIn(app, db);
    const page = await agent.get('/rounds/1/report');
    expect(page.text).not.toContain('report.pdf');
    expect(page.text).toContain('Chromium tidak terpasang');
    expect((await agent.get('/rounds/1/report.pdf')).status).toBe(503);
  });

  it('answers an unknown round with 404', async () => {
    const { app, db } = seededApp();
    const { agent } = await loggedIn(app, db);
    expect((await agent.get('/rounds/99/report')).status).toBe(404);
  });

  it('links the report and the downloads from the round page', async () => {
    const { app, db } = seededApp();
    const { agent } = await loggedIn(app, db);
    const page = await agent.get('/rounds/1');
    expect(page.text).toContain('href="/rounds/1/report"');
    expect(page.text).toContain('formaction="/rounds/1/raw-data.csv"');
  });
});

describe('PDF download', () => {
  it('is an A4 PDF of several pages when Chromium is available', async () => {
    const { app, db } = seededApp({ chromium: '/usr/bin/chromium' });
    const { agent } = await loggedIn(app, db);
    const response: Response = await agent.get('/rounds/1/report.pdf').buffer(true).parse(collectBinary);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    const pdf = response.body as Buffer;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const pages = pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? [];
    expect(pages.length).toBeGreaterThan(1);
    // A4 is 595 × 842 points.
    expect(pdf.toString('latin1')).toMatch(/\/MediaBox\s*\[0 0 59[45](\.\d+)? 84[12](\.\d+)?\]/);
  });
});

describe('XLSX download', () => {
  async function workbook(agent: Awaited<ReturnType<typeof loggedIn>>['agent'], url = '/rounds/1/report.xlsx'): Promise<{ response: Response; book: ExcelJS.Workbook }> {
    const response: Response = await agent.get(url).buffer(true).parse(collectBinary);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(response.body as Parameters<typeof book.xlsx.load>[0]);
    return { response, book };
  }

  it('is a workbook with the summary, one sheet per perspective, the heatmap, the raw data and the codebook', async () => {
    const { app, db } = seededApp();
    const { agent } = await loggedIn(app, db);
    const { response, book } = await workbook(agent);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(response.headers['content-disposition']).toContain('potret-round-1-report.xlsx');
    expect(book.worksheets.map((sheet) => sheet.name)).toEqual([
      'Ringkasan',
      'FIN Keuangan',
      // Code and name are too long together: the name alone, its slash made a hyphen.
      'Pelanggan-Pemangku Kepentingan',
      'IBP Proses Bisnis Internal',
      'LG Pembelajaran dan Pertumbuhan',
      'Peta unit dan golongan',
      'Data mentah',
      'Buku kode',
    ]);
  });

  it('stores every dimension mean as a number equal to the JSON report, with a frozen header', async () => {
    const { app, db } = seededApp();
    const { agent } = await loggedIn(app, db);
    const report = await jsonReport(agent);
    const { book } = await workbook(agent);
    const sheet = book.getWorksheet('FIN Keuangan') as ExcelJS.Worksheet;
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    const codeColumn = header.indexOf('Kode') + 1;
    const meanColumn = header.indexOf('Rata-rata') + 1;
    for (const dimension of report.dimensions.filter((entry) => entry.perspective === 'FIN')) {
      let found = false;
      sheet.eachRow((row) => {
        if (row.getCell(codeColumn).value === dimension.code) {
          expect(row.getCell(meanColumn).value).toBe(dimension.mean);
          expect(row.getCell(meanColumn).numFmt).toBe('0.00');
          found = true;
        }
      });
      expect(found).toBe(true);
    }
    expect(sheet.getColumn(codeColumn).width).toBeGreaterThanOrEqual(10);
  });

  it('words the change since an earlier round on the summary sheet as the page does, with p and d', async () => {
    const { app, db } = seededApp();
    roundWithResponses(db, varied('Subdit A', 'III/a', 24, 4), { name: 'Diagnosis 2027' });
    const { agent } = await loggedIn(app, db);
    const { book } = await workbook(agent, '/rounds/2/report.xlsx?compare=1');
    const sentences: string[] = [];
    (book.getWorksheet('Ringkasan') as ExcelJS.Worksheet).eachRow((row) => sentences.push(String(row.getCell(1).value)));
    const comparison = sentences.find((sentence) => sentence.startsWith('Dibandingkan dengan Diagnosis 2026'));
    expect(comparison).toMatch(/naik dan \d+ turun secara signifikan \(uji t Welch, p < 0,05\)/);
    expect(comparison).toMatch(/Kenaikan terbesar: .+ \(\+\d,\d\d; p (=|<) 0,\d{3}; d = \+\d,\d\d\)\./);
  });

  it('adds the comparison sheet to the workbook downloaded with ?compare, with the p-values of the JSON report', async () => {
    const { app, db } = seededApp();
    roundWithResponses(db, varied('Subdit A', 'III/a', 24, 4), { name: 'Diagnosis 2027' });
    const { agent } = await loggedIn(app, db);
    const report = (await agent.get('/api/rounds/2/report?compare=1')).body as RoundReport;
    const { book } = await workbook(agent, '/rounds/2/report.xlsx?compare=1');
    const sheet = book.getWorksheet('Perbandingan') as ExcelJS.Worksheet;
    const pValues = new Map<string, unknown>();
    sheet.eachRow((row) => {
      if (row.getCell(1).value === 'dimensi') pValues.set(String(row.getCell(2).value), row.getCell(9).value);
    });
    expect(Object.fromEntries(pValues)).toEqual(Object.fromEntries((report.comparison?.dimensions ?? []).map((row) => [row.code, row.p_value])));
    expect((await workbook(agent, '/rounds/2/report.xlsx')).book.getWorksheet('Perbandingan')).toBeUndefined();
  });

  it('puts the perspectives table on the summary sheet with figures from the JSON report', async () => {
    const { app, db } = seededApp();
    const { agent } = await loggedIn(app, db);
    const report = await jsonReport(agent, '?lang=en');
    const { book } = await workbook(agent, '/rounds/1/report.xlsx?lang=en');
    const sheet = book.getWorksheet('Summary') as ExcelJS.Worksheet;
    const gaps = new Map<string, unknown>();
    sheet.eachRow((row) => {
      const code = row.getCell(1).value;
      if (typeof code === 'string' && report.perspectives.some((perspective) => perspective.code === code)) gaps.set(code, row.getCell(7).value);
    });
    expect(Object.fromEntries(gaps)).toEqual(Object.fromEntries(report.perspectives.map((perspective) => [perspective.code, perspective.gap])));
  });

  it('labels achievement as score ÷ target and scale % as score % of maximum on the summary sheet, one decimal each with a % sign', async () => {
    const { app, db } = seededApp();
    const { agent } = await loggedIn(app, db);
    const report = await jsonReport(agent);
    const { book } = await workbook(agent);
    const sheet = book.getWorksheet('Ringkasan') as ExcelJS.Worksheet;
    let header: unknown[] = [];
    sheet.eachRow((row) => {
      if (row.getCell(8).value === 'Capaian % (skor ÷ target)') header = (row.values as unknown[]).slice(1);
    });
    expect(header.slice(6, 9)).toEqual(['Gap (− = di bawah target)', 'Capaian % (skor ÷ target)', 'Skor % dari maksimum']);
    const first = report.perspectives[0];
    sheet.eachRow((row) => {
      if (row.getCell(1).value !== first.code) return;
      expect(row.getCell(8).value).toBe(first.achievement_pct);
      expect(row.getCell(9).value).toBe(first.scale_pct);
      // The value stays on the JSON's 0–100 scale; the % is the format's text.
      expect(row.getCell(8).numFmt).toBe('0.0"%"');
      expect(row.getCell(9).numFmt).toBe('0.0"%"');
    });
  });

  it('has one raw data row per respondent and a codebook row per item', async () => {
    const { app, db, round } = seededApp();
    const { agent } = await loggedIn(app, db);
    const report = await jsonReport(agent);
    const { book } = await workbook(agent);
    const data = book.getWorksheet('Data mentah') as ExcelJS.Worksheet;
    expect(data.rowCount - 1).toBe(report.n);
    expect(typeof data.getRow(2).getCell(4).value).toBe('number');
    const codebook = book.getWorksheet('Buku kode') as ExcelJS.Worksheet;
    expect(codebook.rowCount - 1).toBe(3 + round.instrument.items.length);
  });
});

describe('raw data', () => {
  it('keeps a unit whose group meets the minimum size and blanks the units too small to show', async () => {
    const context = createTestApp();
    const round = roundWithResponses(context.db, [...varied('Subdit A', 'III/a', 6, 3), ...varied('Subdit B', 'III/a', 6, 4), ...varied('Subdit C', 'III/a', 2, 2)]);
    void round;
    const { agent } = await loggedIn(context.app, context.db);
    const response = await agent.get('/rounds/1/raw-data.csv');
    const units = response.text.replace(/^\uFEFF/, '').trim().split('\r\n').slice(1).map((line) => line.split(',')[1]);
    // C (2) is too small, and A is hidden with it so that C cannot be worked out from the total.
    expect(units.filter((unit) => unit === 'Subdit B')).toHaveLength(6);
    expect(units.filter((unit) => unit === '')).toHaveLength(8);
    expect(units).not.toContain('Subdit C');
    expect(units).not.toContain('Subdit A');
  });

  it('leaves out responses without a single answer', async () => {
    const { app, db, round } = seededApp();
    addResponses(db, round, [{ unit: 'Subdit A', grade: 'III/a', answer: 0 }]);
    const { agent } = await loggedIn(app, db);
    const report = await jsonReport(agent);
    const response = await agent.get('/rounds/1/raw-data.csv');
    expect(response.text.trim().split('\r\n')).toHaveLength(1 + report.n);
    expect(report.blank_responses).toBe(1);
  });
});

describe('a round nobody has answered yet', () => {
  it('renders the report with the note that results are published when the round closes', async () => {
    const context = createTestApp();
    roundWithResponses(context.db, [], { invited: 5 });
    const { agent } = await loggedIn(context.app, context.db);
    const page = await agent.get('/rounds/1/report');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Hasil belum diterbitkan');
    expect(page.text).toContain('diterbitkan saat periode ditutup');
  });

  it('still produces every download', async () => {
    const context = createTestApp();
    roundWithResponses(context.db, [], { invited: 5 });
    const { agent } = await loggedIn(context.app, context.db);
    for (const url of ['/rounds/1/report.csv', '/rounds/1/report/groups.csv', '/rounds/1/raw-data.csv', '/rounds/1/codebook.csv']) {
      expect((await agent.get(url)).status).toBe(200);
    }
    const xlsx: Response = await agent.get('/rounds/1/report.xlsx').buffer(true).parse(collectBinary);
    expect(xlsx.status).toBe(200);
    expect((xlsx.body as Buffer).subarray(0, 2).toString()).toBe('PK');
  });
});

describe('reliability in the summary', () => {
  it('gives each dimension its alpha from the JSON report', async () => {
    const { app, db } = seededApp();
    const { agent } = await loggedIn(app, db);
    const report = await jsonReport(agent);
    const page = await agent.get('/rounds/1/report');
    // The appendix's score table: one row per dimension with its interval and its alpha.
    const table = /<caption>Skor, selang kepercayaan, dan keandalan[\s\S]*?<\/table>/.exec(page.text)?.[0] ?? '';
    for (const dimension of report.dimensions) {
      const row = new RegExp(`<th scope="row">${dimension.name}[^<]*(?:<span[^>]*>[^<]*</span>)?</th>([\\s\\S]*?)</tr>`).exec(table)?.[1] ?? '';
      const cells = [...row.matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map((match) => match[1]);
      expect(cells[3]).toBe(`${id2(dimension.ci95_low as number)}–${id2(dimension.ci95_high as number)}`);
      expect(cells[10]).toBe(id2(dimension.alpha as number));
    }
  });
});
