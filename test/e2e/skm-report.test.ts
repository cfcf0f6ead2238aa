import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { createUser } from '../../src/auth/accounts';
import { seedDemo } from '../../src/demo/seed';
import { launchBrowser, logIn, seriousViolations, startServer } from './browser';

jest.setTimeout(120_000);

const ARTIFACTS = path.join(__dirname, '..', '..', 'test-results');
const READER = { username: 'pimpinan', password: 'pimpinan-potret-2026' };

describe('the SKM report in a real browser', () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof startServer>>;
  let reportUrl: string;

  beforeAll(async () => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    browser = await launchBrowser();
    server = await startServer();
    await seedDemo(server.db, new Date());
    // Leadership reads it: a viewer.
    await createUser(server.db, { ...READER, role: 'viewer' }, new Date(), 'test');
    const round = server.db.prepare('SELECT id FROM skm_rounds WHERE closed_at IS NOT NULL ORDER BY period_start DESC LIMIT 1').get() as { id: number };
    reportUrl = `${server.url}/skm/rounds/${round.id}/report`;
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
});
