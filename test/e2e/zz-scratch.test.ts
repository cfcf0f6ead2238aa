import path from 'node:path';
import type { Browser } from 'playwright-core';
import { DEMO_PASSWORD, DEMO_USERNAME, seedDemo } from '../../src/demo/seed';
import { launchBrowser, logIn, startServer } from './browser';
jest.setTimeout(240_000);
it('scratch screenshots', async () => {
  const browser: Browser = await launchBrowser();
  const server = await startServer();
  seedDemo(server.db, new Date('2026-12-01T03:00:00Z'));
  for (const width of [360, 1280]) {
    const context = await browser.newContext({ viewport: { width, height: 900 }, locale: 'id-ID', javaScriptEnabled: false });
    const page = await context.newPage();
    await logIn(page, server.url, { username: DEMO_USERNAME, password: DEMO_PASSWORD });
    for (const section of (process.env.SECTIONS ?? 'monitoring').split(',')) {
      await page.goto(`${server.url}/plans/1/${section}${section.includes('?') ? '&' : '?'}period=2027-Q2`);
      console.log(section, width, await page.evaluate(() => document.documentElement.scrollWidth));
      const height = await page.evaluate(() => document.documentElement.scrollHeight);
      const step = width === 360 ? 1400 : 1100;
      for (let y = 0, n = 0; y < height && n < 8; y += step, n += 1) {
        await page.screenshot({ path: path.join('/tmp', `shot-${section.replace(/\W/g, '')}-${width}-${n}.png`), fullPage: true, clip: { x: 0, y, width, height: Math.min(step, height - y) } });
      }
    }
    await context.close();
  }
  await browser.close();
  await server.close();
});
