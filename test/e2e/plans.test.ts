import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { DEMO_PASSWORD, DEMO_USERNAME, seedDemo } from '../../src/demo/seed';
import { PLAN_SECTIONS } from '../../src/routes/plans';
import { launchBrowser, logIn, seriousViolations, startServer } from './browser';

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
    seedDemo(server.db, new Date('2026-12-01T03:00:00Z'));
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
});
