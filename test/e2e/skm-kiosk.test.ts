import type { Browser, Page } from 'playwright-core';
import { calendarDate } from '../../src/dates';
import { createSkmRound, type SkmRound } from '../../src/skm/rounds';
import { launchBrowser, seriousViolations, startServer } from './browser';

jest.setTimeout(120_000);

const TABLET = { viewport: { width: 768, height: 1024 }, javaScriptEnabled: false, locale: 'id-ID' };
const PHONE = { viewport: { width: 360, height: 740 }, javaScriptEnabled: false, locale: 'id-ID' };

/** A round whose period holds today, wherever and whenever the test runs. */
function openRound(server: Awaited<ReturnType<typeof startServer>>): SkmRound {
  const today = calendarDate(new Date(), 'Asia/Jakarta');
  const year = Number(today.slice(0, 4));
  return createSkmRound(server.db, { name: 'SKM Loket Terpadu', period_start: `${year - 1}-01-01`, period_end: `${year + 1}-12-31`, services: 'A01 Perizinan\nB02 Konsultasi' }, new Date(), 'test');
}

/** What a respondent could see of an earlier one: ticked answers, chosen options, typed text. */
async function leftovers(page: Page): Promise<{ checked: number; age: string; suggestion: string; selects: string[] }> {
  return {
    checked: await page.locator('input[type=radio]:checked').count(),
    age: await page.locator('#f-age').inputValue(),
    suggestion: await page.locator('#f-suggestion').inputValue(),
    selects: await page.locator('select').evaluateAll((elements) => elements.map((element) => (element as HTMLSelectElement).value)),
  };
}

const NOTHING = { checked: 0, age: '', suggestion: '', selects: ['', '', ''] };

/** Fills the whole form: the profile and the same answer for each of the nine questions. */
async function fillForm(page: Page, answer: number, details: { age: string; suggestion: string }): Promise<void> {
  await page.getByLabel('Perempuan').check();
  await page.getByLabel('Usia (tahun)').fill(details.age);
  await page.getByLabel('Pendidikan terakhir').selectOption('S1');
  await page.getByLabel('Pekerjaan').selectOption('wirausaha');
  await page.getByLabel('Layanan yang Anda terima').selectOption('B02');
  const questions = page.locator('fieldset.item');
  expect(await questions.count()).toBe(9);
  for (let index = 0; index < 9; index += 1) await questions.nth(index).locator(`input[type=radio][value="${answer}"]`).check();
  await page.getByLabel('Saran dan masukan').fill(details.suggestion);
}

describe('the kiosk on a tablet at the counter (768 px, no JavaScript)', () => {
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

  it('serves two respondents in a row; the second sees nothing of the first, not even with the back button', async () => {
    const round = openRound(server);
    const kiosk = `${server.url}/k/${round.row.code}/kiosk`;
    const context = await browser.newContext(TABLET);
    const page = await context.newPage();

    // Respondent 1.
    await page.goto(kiosk);
    expect(await leftovers(page)).toEqual(NOTHING);
    await fillForm(page, 4, { age: '41', suggestion: 'Petugas ramah sekali.' });
    await page.getByRole('button', { name: 'Kirim penilaian' }).click();
    await page.getByRole('heading', { name: 'Terima kasih' }).waitFor();
    expect(page.url()).toBe(`${server.url}/k/${round.row.code}/terima-kasih?kiosk=1`);
    // The page returns to an empty form by itself (meta refresh, 5 s).
    await page.waitForURL(kiosk, { timeout: 15_000 });
    await page.locator('#skm-form').waitFor();

    // Respondent 2 starts from an empty form.
    expect(await leftovers(page)).toEqual(NOTHING);
    await fillForm(page, 2, { age: '63', suggestion: 'Ruang tunggu kurang kursi.' });
    await page.getByRole('button', { name: 'Kirim penilaian' }).click();
    await page.getByRole('heading', { name: 'Terima kasih' }).waitFor();
    await page.waitForURL(kiosk, { timeout: 15_000 });
    await page.locator('#skm-form').waitFor();

    // Someone presses back, twice: a fresh form or the thank-you, never an earlier answer.
    for (let step = 0; step < 2; step += 1) {
      await page.goBack();
      await page.waitForLoadState('load');
      const html = await page.content();
      expect(html).not.toContain('Petugas ramah sekali.');
      expect(html).not.toContain('Ruang tunggu kurang kursi.');
      if (await page.locator('#skm-form').count()) expect(await leftovers(page)).toEqual(NOTHING);
      else await page.getByRole('heading', { name: 'Terima kasih' }).waitFor();
    }
    await context.close();

    const rows = server.db.prepare('SELECT channel, answers, age FROM skm_responses WHERE round_id = ? ORDER BY age').all(round.row.id) as { channel: string; answers: Buffer; age: number }[];
    expect(rows.map((row) => ({ channel: row.channel, answers: [...row.answers], age: row.age }))).toEqual([
      { channel: 'kiosk', answers: Array(9).fill(4), age: 41 },
      { channel: 'kiosk', answers: Array(9).fill(2), age: 63 },
    ]);
    expect(server.db.prepare('SELECT count(*) AS n FROM skm_suggestions WHERE round_id = ?').get(round.row.id)).toEqual({ n: 2 });
  });

  it.each([
    ['phone', PHONE],
    ['tablet', TABLET],
  ] as const)('has no serious accessibility problem on a %s, fits its width and is answered by keyboard', async (_name, device) => {
    const round = openRound(server);
    // axe-core is injected as a script (past the page's CSP); the page itself has none.
    const context = await browser.newContext({ ...device, javaScriptEnabled: true, bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${server.url}/k/${round.row.code}`);
    expect(await seriousViolations(page)).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(device.viewport.width);
    const first = page.locator('fieldset.item').first();
    await first.locator('input[type=radio]').first().focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await first.locator('input[value="3"]').isChecked()).toBe(true);
    // The errors summary after a submission with nothing answered, with links to the questions.
    await page.getByRole('button', { name: 'Kirim penilaian' }).click();
    await page.locator('#problems').waitFor();
    expect(await page.locator('#problems a').count()).toBe(8);
    expect(await seriousViolations(page)).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(device.viewport.width);
    await context.close();
  });

  it('never puts the honeypot in the tab order', async () => {
    const round = openRound(server);
    const context = await browser.newContext(TABLET);
    const page = await context.newPage();
    await page.goto(`${server.url}/k/${round.row.code}`);
    const focused: string[] = [];
    for (let index = 0; index < 60; index += 1) {
      await page.keyboard.press('Tab');
      focused.push(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name ?? ''));
    }
    expect(focused).not.toContain('website');
    expect(focused).toContain('age');
    expect(focused).toContain('suggestion');
    await context.close();
  });
});
