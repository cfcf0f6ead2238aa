import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { recordAudit } from '../../src/audit/log';
import { seedDemo } from '../../src/demo/seed';
import { launchBrowser, logIn, startServer } from './browser';

jest.setTimeout(180_000);

const ARTIFACTS = path.join(__dirname, '..', '..', 'test-results');
const AXE = require.resolve('axe-core');
// The demo's administrator (src/demo/seed.ts).
const ADMIN = { username: 'demo', password: 'potret-demo-2026' };

describe('the audit log page in a real browser', () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof startServer>>;

  beforeAll(async () => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    browser = await launchBrowser();
    server = await startServer();
    await seedDemo(server.db, new Date());
    // Long unbroken values (a file's SHA-256, a long file name) must wrap on a phone.
    recordAudit(
      server.db,
      { actor: 'demo', action: 'paper.import', roundId: 1, details: { batch: 1, file_name: 'kuesioner-kertas-subdirektorat-perencanaan-dan-evaluasi-2026.csv', sha256: 'a'.repeat(64), forms: 12, rejected: 0 } },
      new Date(),
    );
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it.each([360, 1280])('is reachable from the navigation, filters without JavaScript and fits %i px without serious accessibility violations', async (width) => {
    const context = await browser.newContext({ viewport: { width, height: 800 }, locale: 'id-ID', javaScriptEnabled: false, bypassCSP: true });
    const page = await context.newPage();
    await logIn(page, server.url, ADMIN);
    await page.getByRole('link', { name: 'Log audit' }).click();
    await page.getByRole('heading', { level: 1, name: 'Log audit' }).waitFor();
    await page.getByLabel('Periode survei').selectOption('1');
    await page.getByRole('button', { name: 'Tampilkan' }).click();
    await page.waitForURL(/\/audit\?round=1$/);
    expect(await page.getByText('Kuesioner kertas diimpor').count()).toBe(1);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    await page.screenshot({ path: path.join(ARTIFACTS, `audit-${width}.png`), fullPage: true });
    await context.close();

    // axe needs scripts: the same page again with JavaScript on (the app itself runs none).
    const withScripts = await browser.newContext({ viewport: { width, height: 800 }, locale: 'id-ID', bypassCSP: true });
    const checked = await withScripts.newPage();
    await logIn(checked, server.url, ADMIN);
    await checked.goto(`${server.url}/audit?round=1`);
    await checked.addScriptTag({ path: AXE });
    const violations = (await checked.evaluate(async () => {
      const axe = (window as unknown as { axe: { run: (context: Document) => Promise<{ violations: { id: string; impact: string | null }[] }> } }).axe;
      return (await axe.run(document)).violations;
    })) as { id: string; impact: string | null }[];
    expect(violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical').map((violation) => violation.id)).toEqual([]);
    await withScripts.close();
  });
});
