import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { createUser } from '../../src/auth/accounts';
import { testConfig } from '../../src/config';
import { seedDemo } from '../../src/demo/seed';
import { publishedSkmReport } from '../../src/skm/analysis';
import { skmInfographicHtml } from '../../src/skm/document';
import { skmInfographicFile, skmReportFile } from '../../src/skm/files';
import { getSkmRound } from '../../src/skm/rounds';
import { CHROMIUM, launchBrowser, logIn, seriousViolations, startServer } from './browser';
import { readPdfText } from './pdf-text';

jest.setTimeout(120_000);

const ARTIFACTS = path.join(__dirname, '..', '..', 'test-results');
const READER = { username: 'pimpinan', password: 'pimpinan-potret-2026' };
// A4 at 96 CSS pixels per inch.
const A4 = { width: 794, height: 1123 };

/** Text compared without its spacing: Chromium draws letter-spaced and kerned text in pieces. */
function squash(text: string): string {
  return text.replace(/\s+/g, '');
}

describe('the SKM report in a real browser', () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof startServer>>;
  let reportUrl: string;
  let roundId: number;
  let documentFile: string;
  const options = { lang: 'id' as const, generatedOn: '2026-12-02', commentMin: 10 };

  beforeAll(async () => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    browser = await launchBrowser();
    server = await startServer();
    await seedDemo(server.db, new Date());
    // Leadership reads it: a viewer.
    await createUser(server.db, { ...READER, role: 'viewer' }, new Date(), 'test');
    const round = server.db.prepare('SELECT id FROM skm_rounds WHERE closed_at IS NOT NULL ORDER BY period_start DESC LIMIT 1').get() as { id: number };
    roundId = round.id;
    reportUrl = `${server.url}/skm/rounds/${round.id}/report`;
    documentFile = path.join(ARTIFACTS, 'skm-report.html');
    fs.writeFileSync(documentFile, (await skmReportFile(server.db, testConfig(), roundId, 'html', options)).body);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it.each([360, 1280])('reads at %i px without a page-wide sideways scroll and without serious accessibility violations', async (width) => {
    const context = await browser.newContext({ viewport: { width, height: 900 }, locale: 'id-ID', bypassCSP: true });
    const page = await context.newPage();
    await logIn(page, server.url, READER);
    await page.goto(reportUrl);
    await page.getByRole('heading', { level: 2, name: /Rencana tindak lanjut/ }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(ARTIFACTS, `skm-report-${width}.png`), fullPage: true });
    await context.close();
  });

  it('opens as a file that requests nothing, with no serious accessibility violation', async () => {
    const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(`file://${documentFile}`);
    expect(requests).toEqual([`file://${documentFile}`]);
    expect(await page.locator('figure.skm-profile-chart svg').count()).toBe(5);
    expect(await seriousViolations(page)).toEqual([]);
    await context.close();
  });

  it('prints on A4 without sideways overflow, in colour and in greyscale (screenshots kept)', async () => {
    // bypassCSP lets the test add the greyscale filter; the document itself allows no other style.
    const context = await browser.newContext({ viewport: A4, bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`file://${documentFile}`);
    await page.emulateMedia({ media: 'print' });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(A4.width);
    await page.screenshot({ path: path.join(ARTIFACTS, 'skm-report-print.png'), fullPage: true });
    await page.addStyleTag({ content: 'html { filter: grayscale(1); }' });
    await page.screenshot({ path: path.join(ARTIFACTS, 'skm-report-print-grey.png'), fullPage: true });
    await context.close();
  });

  it("prints the demo round's report: the cover alone on page 1, at most seven pages, none but the last nearly empty, the signature last", async () => {
    const pdf = (await skmReportFile(server.db, testConfig({ chromium: CHROMIUM }), roundId, 'pdf', options)).body as Buffer;
    fs.writeFileSync(path.join(ARTIFACTS, 'skm-report.pdf'), pdf);
    const pages = readPdfText(pdf).pages.map(squash);
    // 120 forms, five profile fields, two rounds of trend: six pages (cover, I–II, III, IV ×2, trend and V).
    expect(pages.length).toBeGreaterThanOrEqual(4);
    expect(pages.length).toBeLessThanOrEqual(7);
    expect(pages[0]).toContain(squash('LAPORAN SURVEI KEPUASAN MASYARAKAT'));
    expect(pages[0]).toContain(squash('DIREKTORAT CONTOH (DEMO)'));
    expect(pages[0]).toContain(squash('120 responden'));
    expect(pages[0]).not.toContain(squash('I. Pendahuluan Latar belakang'));
    for (const text of pages.slice(1, -1)) expect(text.length).toBeGreaterThan(600);
    const last = pages[pages.length - 1];
    expect(last).toContain(squash('V. Rencana tindak lanjut'));
    expect(last).toContain('Mengetahui,');
  });

  it('shoots the infographic as one A4 picture at 1588 × 2246 and prints it on exactly one page', async () => {
    const config = testConfig({ chromium: CHROMIUM });
    const png = (await skmInfographicFile(server.db, config, roundId, 'png', options)).body as Buffer;
    fs.writeFileSync(path.join(ARTIFACTS, 'skm-infographic.png'), png);
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1588, 2246]);
    const pdf = (await skmInfographicFile(server.db, config, roundId, 'pdf', options)).body as Buffer;
    fs.writeFileSync(path.join(ARTIFACTS, 'skm-infographic.pdf'), pdf);
    const { pages } = readPdfText(pdf);
    expect(pages).toHaveLength(1);
    expect(squash(pages[0])).toContain(squash('INDEKS KEPUASAN MASYARAKAT'));
  });

  it('fits the infographic in its page: nothing below the A4 height, no text outside its box', async () => {
    const context = await browser.newContext({ viewport: A4 });
    const page = await context.newPage();
    const file = path.join(ARTIFACTS, 'skm-infographic.html');
    fs.writeFileSync(file, await skmInfographicHtml(publishedSkmReport(server.db, getSkmRound(server.db, roundId), options), { ...options, organisation: null }));
    await page.goto(`file://${file}`);
    const bottoms = await page.evaluate(() => Array.from(document.querySelectorAll('.skm-infographic > *')).map((element) => element.getBoundingClientRect().bottom));
    for (const bottom of bottoms) expect(bottom).toBeLessThanOrEqual(A4.height);
    expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(A4.height);
    await context.close();
  });
});
