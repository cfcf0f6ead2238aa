import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { evaluationDocumentHtml, evaluationDocumentPdf } from '../../src/monitoring/document';
import { evaluationFixture } from '../monitoring/evaluation-fixture';
import { CHROMIUM, launchBrowser, seriousViolations } from './browser';
import { readPdfText } from './pdf-text';

jest.setTimeout(90_000);

// Screenshots of the printed pages and the PDF are kept as test artifacts (git-ignored).
const ARTIFACTS = path.join(__dirname, '..', '..', 'test-results');
// A4 at 96 px per inch.
const A4 = { width: 794, height: 1123 };

/** Text compared without its spacing: Chromium draws letter-spaced and kerned text in pieces. */
function squash(text: string): string {
  return text.replace(/\s+/g, '');
}

// The report needs Debian's Chromium to print; without it these tests are skipped, not failed.
const withChromium = fs.existsSync(CHROMIUM) ? describe : describe.skip;

withChromium('the evaluation report in a real browser', () => {
  let browser: Browser;
  let dir: string;
  let file: string;

  beforeAll(async () => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    browser = await launchBrowser();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'potret-evaluation-'));
    file = path.join(dir, 'laporan-evaluasi.html');
    fs.writeFileSync(file, await evaluationDocumentHtml(evaluationFixture(), { lang: 'id', selfContained: true, generatedOn: '2027-07-05' }));
  });
  afterAll(async () => {
    await browser?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('opens as a file with its inlined stylesheet and makes no request of any kind', async () => {
    const page = await browser.newPage();
    const requests: string[] = [];
    const messages: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    page.on('console', (message) => messages.push(message.text()));
    await page.goto(`file://${file}`);
    await page.waitForLoadState('networkidle');
    expect(requests).toEqual([`file://${file}`]);
    expect(await page.evaluate(() => getComputedStyle(document.body).margin)).toBe('0px');
    expect(await page.locator('svg.strategy-map').count()).toBe(1);
    expect(await page.locator('svg.absorption-chart').count()).toBe(4);
    expect(messages.filter((text) => /Content Security Policy/i.test(text))).toEqual([]);
    await page.close();
  });

  it.each([360, 1280])('fits a %i-px screen: the page never scrolls sideways, wide tables scroll inside themselves', async (width) => {
    const context = await browser.newContext({ viewport: { width, height: 800 } });
    const page = await context.newPage();
    await page.goto(`file://${file}`);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    const table = page.locator('.ev-indicators');
    if (width === 360) expect(await table.evaluate((element) => (element.parentElement as HTMLElement).scrollWidth > (element.parentElement as HTMLElement).clientWidth)).toBe(true);
    await page.screenshot({ path: path.join(ARTIFACTS, `evaluation-report-${width}.png`), fullPage: true });
    await context.close();
  });

  it('has no serious accessibility violation', async () => {
    // bypassCSP lets the test inject axe-core; the report itself never runs a script.
    const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`file://${file}`);
    expect(await seriousViolations(page)).toEqual([]);
    await context.close();
  });

  it('saves screenshots of the report as printed on A4, in colour and in greyscale', async () => {
    const context = await browser.newContext({ bypassCSP: true, viewport: A4 });
    const page = await context.newPage();
    await page.goto(`file://${file}`);
    await page.emulateMedia({ media: 'print' });
    await page.screenshot({ path: path.join(ARTIFACTS, 'evaluation-report-print.png'), fullPage: true });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(A4.width);
    await page.addStyleTag({ content: 'html { filter: grayscale(1); }' });
    await page.screenshot({ path: path.join(ARTIFACTS, 'evaluation-report-print-grey.png'), fullPage: true });
    await context.close();
  });

  it('prints to an A4 PDF: the cover alone on page 1, the executive summary on page 2, the signature on the last page', async () => {
    const pdf = await evaluationDocumentPdf(evaluationFixture(), { lang: 'id', generatedOn: '2027-07-05', chromium: CHROMIUM });
    fs.writeFileSync(path.join(ARTIFACTS, 'evaluation-report.pdf'), pdf);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.toString('latin1')).toMatch(/\/MediaBox \[0 0 594\.9\d* 841\.9\d*\]/);
    const { pages } = readPdfText(pdf);
    // Seven indicators, three spending types and a map: about seven pages; never one page per section.
    expect(pages.length).toBeGreaterThanOrEqual(5);
    expect(pages.length).toBeLessThanOrEqual(9);
    const cover = squash(pages[0]);
    expect(cover).toContain(squash('Laporan Evaluasi Kinerja — TW II 2027'));
    expect(cover).toContain(squash('Direktorat Contoh'.toUpperCase()));
    expect(cover).toContain(squash('5 Juli 2027'));
    expect(cover).not.toContain(squash('Pokok-pokok'));
    const summary = squash(pages[1]);
    expect(summary).toContain(squash('Ringkasan eksekutif'));
    expect(summary).toContain('97,4');
    expect(summary).toContain(squash('asumsi strategi mungkin keliru'));
    const last = squash(pages[pages.length - 1]);
    expect(last).toContain(squash('Dr. Siti Rahmawati, M.Si.'));
    // No page is left nearly empty in the middle of the report: each page but the last carries text.
    for (const text of pages.slice(0, -1)) expect(squash(text).length).toBeGreaterThan(300);
  });

  it('repeats the indicator table header on every page the table runs across', async () => {
    const pdf = await evaluationDocumentPdf(evaluationFixture(), { lang: 'id', generatedOn: '2027-07-05', chromium: CHROMIUM });
    const pages = readPdfText(pdf).pages.map(squash);
    // From the table's caption to its last row (the range indicator's note is printed only there).
    const first = pages.findIndex((text) => text.includes(squash('Capaian indikator s.d. TW II 2027')));
    const last = pages.findIndex((text) => text.includes(squash('Target berupa rentang')));
    expect(first).toBeGreaterThan(0);
    expect(last).toBeGreaterThanOrEqual(first);
    for (const text of pages.slice(first, last + 1)) expect(text).toContain(squash('Penanggung jawab Target Realisasi Capaian Indeks Status'));
  });
});
