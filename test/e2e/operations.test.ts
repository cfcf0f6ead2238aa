import type { Browser } from 'playwright-core';
import { seedDemo } from '../../src/demo/seed';
import { launchBrowser, logIn, seriousViolations, startServer } from './browser';

jest.setTimeout(300_000);

// The demo's administrator (src/demo/seed.ts).
const ADMIN = { username: 'demo', password: 'potret-demo-2026' };

/** The pages of running a round: mail, templates, settings, lifecycle, accounts. */
const PAGES = ['/rounds/1', '/rounds/1/mail', '/rounds/1/mail/templates/invitation', '/mail/settings', '/rounds/1/next', '/rounds/1/delete', '/rounds/archive', '/users', '/users/1', '/account', '/organisation'];

describe('the pages of running a round, in a real browser', () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof startServer>>;

  beforeAll(async () => {
    browser = await launchBrowser();
    server = await startServer({ smtpUrl: 'smtp://127.0.0.1:2525' });
    await seedDemo(server.db, new Date());
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it.each([360, 1280])('at %i px: every page answers, fits the width without JavaScript and has no serious accessibility violation', async (width) => {
    const plain = await browser.newContext({ viewport: { width, height: 800 }, locale: 'id-ID', javaScriptEnabled: false });
    const page = await plain.newPage();
    await logIn(page, server.url, ADMIN);
    const scripted = await browser.newContext({ viewport: { width, height: 800 }, locale: 'id-ID', bypassCSP: true });
    const checked = await scripted.newPage();
    await logIn(checked, server.url, ADMIN);
    const problems: string[] = [];
    for (const path of PAGES) {
      const response = await page.goto(`${server.url}${path}`);
      if (response?.status() !== 200) problems.push(`${path}: status ${response?.status()}`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
      if (overflow > width) problems.push(`${path}: ${overflow} px wide`);
      await checked.goto(`${server.url}${path}`);
      for (const violation of await seriousViolations(checked)) problems.push(`${path}: ${violation}`);
    }
    expect(problems).toEqual([]);
    await plain.close();
    await scripted.close();
  });
});
