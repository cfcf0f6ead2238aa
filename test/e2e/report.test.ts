import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createUser } from '../../src/auth/accounts';
import { insertComment } from '../../src/db/responses';
import { seedDemo } from '../../src/demo/seed';
import type { RoundReport } from '../../src/report/build-report';
import { addRosterEntry, issueLinks } from '../../src/survey/roster';
import { createRound } from '../../src/survey/rounds';
import { CHROMIUM, launchBrowser, logIn, seriousViolations, startServer } from './browser';
import { readPdfText } from './pdf-text';

/** Text compared without its spacing: Chromium draws letter-spaced and kerned text in pieces. */
function squash(text: string): string {
  return text.replace(/\s+/g, '');
}

jest.setTimeout(180_000);

// Screenshots and the printed PDF are kept as test artifacts (git-ignored).
const ARTIFACTS = path.join(__dirname, '..', '..', 'test-results');
const ANALYST = { username: 'analis', password: 'analis-potret-2026' };

describe('the condition report in a real browser', () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof startServer>>;
  let context: BrowserContext;
  let roundId: number;

  beforeAll(async () => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    browser = await launchBrowser();
    // With Chromium for the server-side PDF, as an installation with it has.
    server = await startServer({ chromium: CHROMIUM });
    await seedDemo(server.db, new Date());
    await createUser(server.db, { ...ANALYST, role: 'analyst' }, new Date(), 'test');
    roundId = (server.db.prepare('SELECT id FROM rounds').get() as { id: number }).id;
    // A comment with an emoji the text font lacks: it must print as the emoji, not as a box.
    insertComment(server.db, { round_id: roundId, perspective_code: 'LG', text: 'Pelatihannya bermanfaat 👍', batch_id: null });
    server.db.prepare('UPDATE comments SET release = 1 WHERE release IS NULL').run();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  beforeEach(async () => {
    // bypassCSP lets the test inject axe-core; the app itself never runs a script.
    context = await browser.newContext({ acceptDownloads: true, bypassCSP: true, locale: 'id-ID', viewport: { width: 1280, height: 900 } });
  });
  afterEach(async () => {
    await context?.close();
  });

  async function jsonReport(page: Page): Promise<RoundReport> {
    const response = await page.request.get(`${server.url}/api/rounds/${roundId}/report`);
    expect(response.status()).toBe(200);
    return (await response.json()) as RoundReport;
  }

  it('lets an analyst open the report from the round page and download the CSV and XLSX with the JSON report figures', async () => {
    const page = await context.newPage();
    await logIn(page, server.url, ANALYST);
    await page.getByRole('link', { name: /Diagnosis Organisasi 2026/ }).click();
    await page.getByRole('link', { name: 'Buka laporan kondisi' }).click();
    await page.getByRole('heading', { level: 1, name: /Laporan kondisi organisasi/ }).waitFor();
    const report = await jsonReport(page);

    const [xlsxDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Unduh buku kerja Excel (XLSX)' }).click()]);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(await xlsxDownload.path());
    const summary = book.getWorksheet('Ringkasan') as ExcelJS.Worksheet;
    const perspectiveMeans = new Map<string, unknown>();
    summary.eachRow((row) => perspectiveMeans.set(String(row.getCell(1).value), row.getCell(4).value));
    for (const perspective of report.perspectives) expect(perspectiveMeans.get(perspective.code)).toBe(perspective.mean);

    await page.getByText('CSV: laporan kesenjangan').click();
    await page.getByLabel('Laporan kesenjangan untuk').selectOption('LG');
    const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Unduh laporan kesenjangan (CSV)' }).click()]);
    expect(csvDownload.suggestedFilename()).toBe(`potret-round-${roundId}-gaps-LG-semicolon.csv`);
    const rows = parse(fs.readFileSync(await csvDownload.path(), 'utf8'), { bom: true, columns: true, delimiter: ';' }) as Record<string, string>[];
    for (const dimension of report.dimensions.filter((entry) => entry.perspective === 'LG')) {
      const row = rows.find((entry) => entry.level === 'dimension' && entry.code === dimension.code) as Record<string, string>;
      expect(Number(row.mean.replace(',', '.'))).toBe(dimension.mean);
      expect(Number(row.gap.replace(',', '.'))).toBe(dimension.gap);
    }
  });

  it('prints to an A4 PDF of several pages in which no chart is cut by a page break', async () => {
    const page = await context.newPage();
    await logIn(page, server.url, ANALYST);
    await page.goto(`${server.url}/rounds/${roundId}/report`);
    const pdf = await page.pdf({ format: 'A4', path: path.join(ARTIFACTS, 'report-print.pdf') });
    const pages = pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? [];
    expect(pages.length).toBeGreaterThan(1);

    await page.emulateMedia({ media: 'print' });
    // A4 minus the @page margins (15 mm + 17 mm) in CSS pixels.
    const printableHeight = ((297 - 32) / 25.4) * 96;
    const charts = await page.$$eval('figure.chart', (figures) =>
      figures.map((figure) => ({ breakInside: getComputedStyle(figure).breakInside, height: figure.getBoundingClientRect().height, clipped: figure.scrollWidth > figure.clientWidth + 1 })),
    );
    expect(charts.length).toBeGreaterThanOrEqual(8);
    for (const chart of charts) {
      expect(chart.breakInside).toBe('avoid');
      expect(chart.height).toBeLessThan(printableHeight);
      expect(chart.clipped).toBe(false);
    }
  });

  it('prints for leadership: a cover, the executive summary on exactly the next two pages, at most 12 pages', async () => {
    const page = await context.newPage();
    await logIn(page, server.url, ANALYST);
    const report = await jsonReport(page);
    // The PDF a leader receives: printed on the server from the self-contained report file.
    const response = await page.request.get(`${server.url}/rounds/${roundId}/report.pdf`);
    expect(response.status()).toBe(200);
    const pdf = await response.body();
    fs.writeFileSync(path.join(ARTIFACTS, 'report-leadership.pdf'), pdf);
    const pages = readPdfText(pdf).pages.map(squash);
    expect(pages.length).toBeLessThanOrEqual(12);

    expect(pages[0]).toContain(squash('Laporan kondisi organisasi'));
    expect(pages[0]).toContain(squash('Isi laporan'));
    // Page 1 of the summary: the round, the response rate with its channels, the four focus areas.
    expect(pages[1]).toContain(squash('Ringkasan eksekutif'));
    expect(pages[1]).toContain(squash('secara daring'));
    for (const focus of ['Pengembangan SDM:', 'Pemanfaatan teknologi:', 'Kepatuhan terhadap SOP:', 'Budaya kerja:']) expect(pages[1]).toContain(squash(focus));
    expect(pages[1]).not.toContain(squash('prioritas dan kekuatan'));
    // Page 2: priorities with a driving statement in full, strengths, reliability, the follow-up, whole.
    expect(pages[2]).toContain(squash('Ringkasan eksekutif: prioritas dan kekuatan'));
    const statement = report.summary.priorities[0].statements[0];
    expect(pages[2]).toContain(squash(`“${statement.text}”`));
    expect(pages[2]).toContain(squash('Keandalan instrumen'));
    expect(pages[2]).toContain(squash('Tindak lanjut'));
    // The detail starts on the page after, never with the summary's tail.
    expect(pages[3]).toContain(squash('Kesenjangan per dimensi'));
    expect(pages[3]).not.toContain(squash('Tindak lanjut'));
    // The statistical tables are at the end.
    // (The cover's contents name it too.)
    const appendix = pages.findIndex((text, index) => index > 0 && text.includes(squash('Lampiran: tabel statistik')));
    expect(appendix).toBeGreaterThan(3);
    expect(pages.slice(0, appendix).join('')).not.toContain(squash('Statistik butir'));
    // The emoji is drawn from the colour emoji font (a Type 3 font in Chromium's PDF), not as a box.
    expect(pages.join('')).toContain('Pelatihannyabermanfaat');
    expect(pdf.toString('latin1')).toMatch(/\/Subtype\s*\/Type3/);
  });

  it.each([1280, 360])('has no serious or critical accessibility violations on the report at %i px', async (width) => {
    const page = await context.newPage();
    await page.setViewportSize({ width, height: 800 });
    await logIn(page, server.url, ANALYST);
    await page.goto(`${server.url}/rounds/${roundId}/report`);
    expect(await seriousViolations(page)).toEqual([]);
  });

  it.each([1280, 360])('has no serious or critical accessibility violations on the questionnaire at %i px', async (width) => {
    // The demo round is closed (published); the questionnaire needs an open one.
    const open = createRound(server.db, { name: `Aksesibilitas ${width}` }, new Date(), 'test');
    const entry = addRosterEntry(server.db, open.row.id, { name: `Uji Aksesibilitas ${width}`, unit: 'Subdirektorat Evaluasi' }, new Date(), 'test');
    const [issued] = issueLinks(server.db, open.row.id, [entry.id], server.url, new Date(), 'test');
    const page = await context.newPage();
    await page.setViewportSize({ width, height: 800 });
    await page.goto(issued.link);
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('link', { name: 'Mulai mengisi' }).click();
    await page.getByText('Perspektif 1 dari 4').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('saves screenshots of the report at 360 px and 1280 px, without a page-wide horizontal scroll', async () => {
    for (const width of [360, 1280]) {
      const sized = await browser.newContext({ viewport: { width, height: 800 }, locale: 'id-ID' });
      const page = await sized.newPage();
      await logIn(page, server.url, ANALYST);
      await page.goto(`${server.url}/rounds/${roundId}/report`);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      const file = path.join(ARTIFACTS, `report-${width}.png`);
      await page.screenshot({ path: file, fullPage: true });
      expect(fs.statSync(file).size).toBeGreaterThan(10_000);
      await sized.close();
    }
  });
});
