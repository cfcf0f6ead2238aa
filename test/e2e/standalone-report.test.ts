import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { translator } from '../../src/i18n';
import { buildReport } from '../../src/report/build-report';
import { renderStandaloneReport } from '../../src/report/render';
import { buildReportView } from '../../src/report/view-model';
import { getRound } from '../../src/survey/rounds';
import { freshDb } from '../helpers';
import { roundWithResponses, varied } from '../report/fixtures';
import { launchBrowser } from './browser';

jest.setTimeout(60_000);

describe('the self-contained HTML report in a real browser', () => {
  let browser: Browser;
  let dir: string;

  beforeAll(async () => {
    browser = await launchBrowser();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'potret-standalone-'));
  });
  afterAll(async () => {
    await browser?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('applies its inlined stylesheet under its own Content Security Policy, with no violation reported', async () => {
    const db = freshDb();
    roundWithResponses(db, [...varied('Subdit A', 'III/a', 6, 3), ...varied('Subdit B', 'III/b', 6, 4)]);
    const report = buildReport(db, 1, { lang: 'en', alphaMin: 0.6 });
    const view = buildReportView(report, { lang: 'en', t: translator('en'), instrument: getRound(db, 1).instrument, comments: [], commentMin: 10, generatedOn: '2026-11-28' });
    const file = path.join(dir, 'report.html');
    fs.writeFileSync(file, await renderStandaloneReport(view));

    // Opened as a file, as the PDF export does and as someone who received the file by mail would.
    const page = await browser.newPage();
    const messages: string[] = [];
    page.on('console', (message) => messages.push(message.text()));
    await page.goto(`file://${file}`);
    // potret.css sets body { margin: 0 }; a blocked stylesheet would leave Chromium's 8px.
    expect(await page.evaluate(() => getComputedStyle(document.body).margin)).toBe('0px');
    expect(await page.locator('svg.chart-svg').count()).toBeGreaterThanOrEqual(6);
    expect(messages.filter((text) => /Content Security Policy/i.test(text))).toEqual([]);
    await page.close();
  });
});
