import type { Browser, Page } from 'playwright-core';
import { addRosterEntry, issueLinks } from '../../src/survey/roster';
import { createRound } from '../../src/survey/rounds';
import { launchBrowser, seriousViolations, startServer } from './browser';

jest.setTimeout(120_000);

const PHONE = { viewport: { width: 360, height: 740 }, javaScriptEnabled: false, locale: 'id-ID' };

async function noHorizontalScroll(page: Page): Promise<void> {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(360);
}

/** Answers every item on the current page by clicking the label of the given scale point. */
async function answerPage(page: Page, value: number): Promise<void> {
  const groups = page.locator('fieldset.item');
  const count = await groups.count();
  for (let index = 0; index < count; index += 1) {
    await groups.nth(index).locator(`input[type=radio][value="${value}"]`).check();
  }
}

// One browser and one server for the file: each test makes a round of its own.
let browser: Browser;
let server: Awaited<ReturnType<typeof startServer>>;

beforeAll(async () => {
  browser = await launchBrowser();
  server = await startServer();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('an employee on a 360-px phone without JavaScript', () => {
  it('completes the questionnaire, leaving half-way and resuming with the same link', async () => {
    const round = createRound(server.db, { name: 'Diagnosis 2026' }, new Date(), 'test');
    const entry = addRosterEntry(server.db, round.row.id, { name: 'Ani', unit: 'Subdit A', grade: 'III/a' }, new Date(), 'test');
    const [issued] = issueLinks(server.db, round.row.id, [entry.id], server.url, new Date(), 'test');

    // First sitting: introduction, perspective 1 by keyboard and mouse, perspective 2, then the browser is closed.
    let context = await browser.newContext(PHONE);
    let page = await context.newPage();
    await page.goto(issued.link);
    await noHorizontalScroll(page);
    await page.getByRole('link', { name: 'Mulai mengisi' }).click();
    await page.getByText('Perspektif 1 dari 4').waitFor();
    await noHorizontalScroll(page);

    // Keyboard: the first radio group is reachable and answerable without a mouse.
    const first = page.locator('fieldset.item').first();
    await first.locator('input[type=radio]').first().focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await first.locator('input[value="3"]').isChecked()).toBe(true);
    // Each group is a fieldset whose legend is the statement: screen readers announce it with each choice.
    expect(await first.locator('legend').innerText()).toBe(round.instrument.items[0].text.id);

    await answerPage(page, 4);
    // Switching language in the middle of a page keeps what was ticked on it.
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByText('Perspective 1 of 4').waitFor();
    expect(await page.locator('fieldset.item').nth(5).locator('input[value="4"]').isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Bahasa Indonesia' }).click();
    await page.getByText('Perspektif 1 dari 4').waitFor();
    await page.getByRole('button', { name: 'Simpan dan lanjut' }).click();
    await page.getByText('Perspektif 2 dari 4').waitFor();
    await answerPage(page, 3);
    await page.getByLabel('Komentar atau saran untuk perspektif ini').fill('Layanan sudah baik.');
    await page.getByRole('button', { name: 'Simpan dan lanjut' }).click();
    await page.getByText('Perspektif 3 dari 4').waitFor();
    // Closing the browser keeps its lasting cookies (among them the device secret the draft is sealed with).
    const storageState = await context.storageState();
    await context.close();
    expect(server.db.prepare('SELECT status FROM roster_entries WHERE id = ?').get(entry.id)).toEqual({ status: 'started' });

    // Second sitting, same browser: the same link offers to continue at perspective 3, earlier answers intact.
    context = await browser.newContext({ ...PHONE, storageState });
    page = await context.newPage();
    await page.goto(issued.link);
    await page.getByRole('link', { name: 'Lanjutkan mengisi' }).click();
    await page.getByText('Perspektif 3 dari 4').waitFor();
    await page.getByRole('button', { name: 'Simpan dan kembali' }).click();
    await page.getByText('Perspektif 2 dari 4').waitFor();
    expect(await page.locator('input[name="CUS-LAY-01"][value="3"]').isChecked()).toBe(true);
    expect(await page.getByLabel('Komentar atau saran untuk perspektif ini').inputValue()).toBe('Layanan sudah baik.');
    await page.getByRole('button', { name: 'Simpan dan lanjut' }).click();

    await answerPage(page, 2);
    await page.getByRole('button', { name: 'Simpan dan lanjut' }).click();
    // The fourth perspective's 21 statements span three pages of seven under one heading.
    await page.getByText('Perspektif 4 dari 4 (bagian 1 dari 3)').waitFor();
    await noHorizontalScroll(page);
    // Leave one item blank: the review step must point it out.
    const groups = page.locator('fieldset.item');
    expect(await groups.count()).toBe(7);
    for (let index = 1; index < (await groups.count()); index += 1) await groups.nth(index).locator('input[value="5"]').check();
    await page.getByRole('button', { name: 'Simpan dan lanjut' }).click();
    await page.getByText('Perspektif 4 dari 4 (bagian 2 dari 3)').waitFor();
    await answerPage(page, 5);
    await page.getByRole('button', { name: 'Simpan dan lanjut' }).click();
    await page.getByText('Perspektif 4 dari 4 (bagian 3 dari 3)').waitFor();
    await answerPage(page, 5);
    await page.getByRole('button', { name: 'Simpan dan periksa jawaban' }).click();
    await page.getByRole('heading', { name: 'Periksa jawaban' }).waitFor();
    await noHorizontalScroll(page);
    expect(await page.getByText('1 pernyataan belum dijawab').count()).toBe(1);
    await page.getByRole('button', { name: 'Kirim jawaban' }).click();
    await page.getByRole('heading', { name: 'Terima kasih' }).waitFor();
    await context.close();

    const stored = server.db.prepare('SELECT channel, unit, answers FROM responses').all() as { channel: string; unit: string; answers: Buffer }[];
    expect(stored).toHaveLength(1);
    const answers = [...stored[0].answers];
    const byPerspective = (code: string) => round.instrument.items.filter((item) => item.perspective === code).map((item) => answers[item.index]);
    expect(byPerspective('FIN').every((value) => value === 4)).toBe(true);
    expect(byPerspective('CUS').every((value) => value === 3)).toBe(true);
    expect(byPerspective('IBP').every((value) => value === 2)).toBe(true);
    expect(byPerspective('LG')).toEqual([0, ...Array(byPerspective('LG').length - 1).fill(5)]);
    expect(server.db.prepare('SELECT text FROM comments').all()).toEqual([{ text: 'Layanan sudah baik.' }]);
  });
});

describe('Enter on a question', () => {
  it('moves on to the next perspective with the answers saved, and never switches the language', async () => {
    const round = createRound(server.db, { name: 'Diagnosis 2026' }, new Date(), 'test');
    const entry = addRosterEntry(server.db, round.row.id, { name: 'Budi', unit: 'Subdit A', grade: 'III/a' }, new Date(), 'test');
    const [issued] = issueLinks(server.db, round.row.id, [entry.id], server.url, new Date(), 'test');
    // With JavaScript, so that axe can look at the page; Enter behaves the same without it (a form's default button).
    const context = await browser.newContext({ ...PHONE, javaScriptEnabled: true, bypassCSP: true });
    const page = await context.newPage();
    await page.goto(issued.link);
    await page.getByRole('link', { name: 'Mulai mengisi' }).click();
    await page.getByText('Perspektif 1 dari 4').waitFor();
    // The default button is hidden from sight and from screen readers, and out of the tab order.
    expect(await seriousViolations(page)).toEqual([]);
    await answerPage(page, 4);
    const first = page.locator('fieldset.item').first().locator('input[value="4"]');
    await first.focus();
    await Promise.all([page.waitForURL(/\/p\/2$|\/s\/[^/]+$/), page.keyboard.press('Enter')]);
    await page.getByText('Perspektif 2 dari 4').waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('id');
    // The answers of the first page were saved on the way.
    await page.getByRole('button', { name: 'Simpan dan kembali' }).click();
    await page.getByText('Perspektif 1 dari 4').waitFor();
    expect(await page.locator('fieldset.item').first().locator('input[value="4"]').isChecked()).toBe(true);
    await context.close();
  });
});

describe('with JavaScript, each answer is saved as it is chosen', () => {
  it('keeps an answer through a reload without pressing a button, says so discreetly, and the page passes axe at 360 px', async () => {
    const round = createRound(server.db, { name: 'Diagnosis 2026' }, new Date(), 'test');
    const entry = addRosterEntry(server.db, round.row.id, { name: 'Citra', unit: 'Subdit A', grade: 'III/a' }, new Date(), 'test');
    const [issued] = issueLinks(server.db, round.row.id, [entry.id], server.url, new Date(), 'test');
    // The Content Security Policy stays on: the script must run as a file from the site itself.
    const context = await browser.newContext({ ...PHONE, javaScriptEnabled: true });
    const page = await context.newPage();
    await page.goto(`${issued.link}/p/4`);
    await page.getByText('Perspektif 4 dari 4 (bagian 1 dari 3)').waitFor();
    const third = page.locator('fieldset.item').nth(2);
    await third.locator('input[value="4"]').check();
    // The status region is announced politely (aria-live); nothing else on the page moves.
    const status = page.getByRole('status').filter({ hasText: 'Tersimpan' });
    await status.waitFor();
    expect(server.db.prepare('SELECT status FROM roster_entries WHERE id = ?').get(entry.id)).toEqual({ status: 'started' });
    // A change of mind is saved too, in the order chosen.
    await Promise.all([
      page.waitForResponse((response) => response.url().endsWith('/p/4/answer') && response.status() === 204),
      third.locator('input[value="5"]').check(),
    ]);

    await page.reload();
    await page.getByText('Perspektif 4 dari 4 (bagian 1 dari 3)').waitFor();
    expect(await page.locator('fieldset.item').nth(2).locator('input[value="5"]').isChecked()).toBe(true);
    // Not the browser restoring a form: a fresh visit of the link finds it too, and resumes on this page.
    const fresh = await context.newPage();
    await fresh.goto(issued.link);
    await fresh.getByRole('link', { name: 'Lanjutkan mengisi' }).click();
    await fresh.getByText('Perspektif 4 dari 4 (bagian 1 dari 3)').waitFor();
    expect(await fresh.locator('fieldset.item').nth(2).locator('input[value="5"]').isChecked()).toBe(true);
    expect(await fresh.locator('fieldset.item').nth(1).locator('input:checked').count()).toBe(0);
    const storageState = await context.storageState();
    await context.close();

    // axe is injected as an inline script, which the policy forbids: its own context, same browser, same page state.
    const axeContext = await browser.newContext({ ...PHONE, javaScriptEnabled: true, bypassCSP: true, storageState });
    const axePage = await axeContext.newPage();
    await axePage.goto(`${issued.link}/p/4`);
    await axePage.locator('fieldset.item').nth(3).locator('input[value="4"]').check();
    await axePage.getByRole('status').filter({ hasText: 'Tersimpan' }).waitFor();
    await noHorizontalScroll(axePage);
    expect(await seriousViolations(axePage)).toEqual([]);
    await axeContext.close();
  });

  it('when a save fails, says the answers are not saved yet and the page button still saves them', async () => {
    const round = createRound(server.db, { name: 'Diagnosis 2026' }, new Date(), 'test');
    const entry = addRosterEntry(server.db, round.row.id, { name: 'Dedi', unit: 'Subdit A', grade: 'III/a' }, new Date(), 'test');
    const [issued] = issueLinks(server.db, round.row.id, [entry.id], server.url, new Date(), 'test');
    const context = await browser.newContext({ ...PHONE, javaScriptEnabled: true });
    const page = await context.newPage();
    // The connection drops for the answer requests only.
    await page.route('**/answer', (route) => route.abort('internetdisconnected'));
    await page.goto(`${issued.link}/p/1`);
    await page.locator('fieldset.item').first().locator('input[value="4"]').check();
    await page.getByRole('status').filter({ hasText: 'Belum tersimpan' }).waitFor();
    expect(server.db.prepare('SELECT COUNT(*) AS n FROM drafts WHERE roster_entry_id = ?').get(entry.id)).toEqual({ n: 0 });
    await page.getByRole('button', { name: 'Simpan dan lanjut' }).click();
    await page.getByText('Perspektif 2 dari 4').waitFor();
    await page.getByRole('button', { name: 'Simpan dan kembali' }).click();
    await page.getByText('Perspektif 1 dari 4').waitFor();
    expect(await page.locator('fieldset.item').first().locator('input[value="4"]').isChecked()).toBe(true);
    await context.close();
  });
});
