import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { strategyDocumentHtml, strategyDocumentPdf } from '../../src/plan/document';
import type { PlanShow } from '../../src/plan/show';
import { freshDb } from '../helpers';
import { documentedShow } from '../plan/document-fixtures';
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

describe('the strategy document in a real browser', () => {
  let browser: Browser;
  let dir: string;
  let show: PlanShow;
  let file: string;

  beforeAll(async () => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    browser = await launchBrowser();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'potret-strategy-'));
    show = documentedShow(freshDb());
    file = path.join(dir, 'dokumen-strategi.html');
    fs.writeFileSync(file, await strategyDocumentHtml(show, { lang: 'id', selfContained: true, generatedOn: '2027-01-10' }));
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
    // potret.css sets body { margin: 0 }; a blocked stylesheet would leave Chromium's 8px.
    expect(await page.evaluate(() => getComputedStyle(document.body).margin)).toBe('0px');
    expect(await page.locator('svg.strategy-map').count()).toBe(1);
    expect(messages.filter((text) => /Content Security Policy/i.test(text))).toEqual([]);
    await page.close();
  });

  it('has no serious accessibility violation', async () => {
    // bypassCSP lets the test inject axe-core; the document itself never runs a script.
    const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`file://${file}`);
    expect(await seriousViolations(page)).toEqual([]);
    await context.close();
  });

  it('saves screenshots of the document as printed on A4, in colour and in greyscale', async () => {
    // bypassCSP lets the test add the greyscale filter; the document allows only its own stylesheet.
    const context = await browser.newContext({ bypassCSP: true, viewport: A4 });
    const page = await context.newPage();
    await page.goto(`file://${file}`);
    await page.emulateMedia({ media: 'print' });
    await page.screenshot({ path: path.join(ARTIFACTS, 'strategy-document-print.png'), fullPage: true });
    // Nothing in the printed layout is wider than the A4 page.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(A4.width);
    await page.addStyleTag({ content: 'html { filter: grayscale(1); }' });
    await page.screenshot({ path: path.join(ARTIFACTS, 'strategy-document-print-grey.png'), fullPage: true });
    await context.close();
  });

  it('prints to an A4 PDF through Chromium: the cover alone on page 1, the signature on the last page', async () => {
    const pdf = await strategyDocumentPdf(show, { lang: 'id', generatedOn: '2027-01-10', chromium: CHROMIUM });
    fs.writeFileSync(path.join(ARTIFACTS, 'strategy-document.pdf'), pdf);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.toString('latin1')).toMatch(/\/MediaBox \[0 0 594\.9\d* 841\.9\d*\]/);
    const { pages } = readPdfText(pdf);
    // Six objectives and eight actions: about seven pages; never one page per section.
    expect(pages.length).toBeGreaterThanOrEqual(5);
    expect(pages.length).toBeLessThanOrEqual(10);
    const cover = squash(pages[0]);
    expect(cover).toContain(squash('DOKUMEN STRATEGI'));
    expect(cover).toContain(squash('Rencana Kinerja 2027'));
    expect(cover).toContain(squash('10 Januari 2027'));
    // The cover is a page of its own: the first section starts on page 2.
    expect(cover).not.toContain(squash('Menjadi direktorat yang profesional'));
    expect(squash(pages[1])).toContain(squash('Visi, misi dan nilai'));
    const last = squash(pages[pages.length - 1]);
    expect(last).toContain(squash('Dr. Siti Rahmawati, M.Si.'));
    expect(last).toContain(squash('NIP 197501012000032001'));
  });

  it('repeats the action matrix header on every page it runs across', async () => {
    const pdf = await strategyDocumentPdf(show, { lang: 'id', generatedOn: '2027-01-10', chromium: CHROMIUM });
    const { pages } = readPdfText(pdf);
    const withActions = pages.filter((text) => /Rp\s*\d/.test(text));
    expect(withActions.length).toBeGreaterThanOrEqual(1);
    for (const text of withActions) expect(squash(text)).toContain(squash('Penanggung jawab'));
  });
});
