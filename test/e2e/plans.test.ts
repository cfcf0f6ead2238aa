import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { DEMO_PASSWORD, DEMO_USERNAME, seedDemo } from '../../src/demo/seed';
import { PLAN_SECTIONS } from '../../src/routes/plans';
import { evaluationDocumentPdf } from '../../src/monitoring/document';
import { evaluatePeriod } from '../../src/monitoring/evaluation';
import { CHROMIUM, launchBrowser, logIn, seriousViolations, startServer } from './browser';
import { readPdfText } from './pdf-text';

jest.setTimeout(240_000);

const ARTIFACTS = path.join(__dirname, '..', '..', 'test-results');
// The demo's administrator, whose plan is built from the demo round.
const ADMIN = { username: DEMO_USERNAME, password: DEMO_PASSWORD };

describe('the plan pages in a real browser', () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof startServer>>;

  beforeAll(async () => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    browser = await launchBrowser();
    server = await startServer();
    await seedDemo(server.db, new Date('2026-12-01T03:00:00Z'));
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('every section fits a 360-px phone without JavaScript, and a form works without it', async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 800 }, locale: 'id-ID', javaScriptEnabled: false });
    const page = await context.newPage();
    await logIn(page, server.url, ADMIN);
    await page.getByRole('link', { name: 'Rencana' }).first().click();
    await page.getByRole('link', { name: /Rencana Kinerja Direktorat/ }).click();
    for (const section of PLAN_SECTIONS) {
      await page.goto(`${server.url}/plans/1${section === 'overview' ? '' : `/${section}`}`);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
      await page.screenshot({ path: path.join(ARTIFACTS, `plan-${section}-360.png`), fullPage: true });
    }
    // The strategy document read on the phone: wide tables scroll inside themselves.
    await page.goto(`${server.url}/plans/1/document`);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    // Adding a threat by keyboard: type in the field, Tab to its button, Enter (a textarea keeps Enter for new lines).
    await page.goto(`${server.url}/plans/1/situation`);
    await page.getByLabel('Ancaman baru').fill('Rotasi pegawai yang sering');
    await page.getByLabel('Ancaman baru').focus();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.waitForURL(/notice=added/);
    expect(await page.getByText('Rotasi pegawai yang sering').count()).toBeGreaterThan(0);
    await context.close();
  });

  it('has no serious accessibility violations on any section (axe, with scripts on for the check only)', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'id-ID', bypassCSP: true });
    const page = await context.newPage();
    await logIn(page, server.url, ADMIN);
    const found: Record<string, string[]> = {};
    for (const section of PLAN_SECTIONS) {
      await page.goto(`${server.url}/plans/1${section === 'overview' ? '' : `/${section}`}`);
      const violations = await seriousViolations(page);
      if (violations.length) found[section] = violations;
    }
    await page.goto(`${server.url}/plans/1/actions/1`);
    const detail = await seriousViolations(page);
    if (detail.length) found['action detail'] = detail;
    expect(found).toEqual({});
    await context.close();
  });

  it('the monitoring dashboard at 360 and 1280 px: the map coloured, the S-curves, statuses in words; the evaluation report printed to PDF', async () => {
    for (const width of [360, 1280]) {
      const context = await browser.newContext({ viewport: { width, height: 900 }, locale: 'id-ID', javaScriptEnabled: false });
      const page = await context.newPage();
      await logIn(page, server.url, ADMIN);
      await page.goto(`${server.url}/plans/1/monitoring?period=2027-Q2`);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      expect(await page.locator('.strategy-map svg circle').count()).toBeGreaterThan(0); // the status symbols in the boxes
      expect(await page.locator('.absorption-chart svg').count()).toBe(4); // 51, 52, 53 and the total
      for (const [status, word] of [['green', 'Hijau'], ['yellow', 'Kuning'], ['red', 'Merah']]) expect(await page.locator(`.kpi-${status}`).first().innerText()).toContain(word);
      await page.screenshot({ path: path.join(ARTIFACTS, `plan-monitoring-${width}.png`), fullPage: true });
      if (width === 1280) {
        // The test server has no Chromium configured (its PDF routes answer 503), so the report is printed here as the route prints it.
        const evaluation = evaluatePeriod(server.db, 1, '2027-Q2', { lang: 'id', report: { alphaMin: 0.7, categoryBoundary: 'lower' }, today: '2027-07-10' });
        const pdf = await evaluationDocumentPdf(evaluation, { lang: 'id', generatedOn: '2027-07-10', chromium: CHROMIUM });
        fs.writeFileSync(path.join(ARTIFACTS, 'evaluation-report.pdf'), pdf);
        const { pages } = readPdfText(pdf);
        expect(pages.length).toBeGreaterThanOrEqual(4);
        expect(pages[0]).toContain('Laporan Evaluasi Kinerja');
        // Some fonts come back letter by letter: compare without spaces.
        expect(pages.join('').replace(/\s+/g, '')).toContain('NilaiKinerjaOrganisasi(NKO)TWII2027sebesar101,9');
      }
      await context.close();
    }
  });
});
