import type { Browser, Page } from 'playwright-core';
import { createUser } from '../../src/auth/accounts';
import { addRosterEntry, issueLinks } from '../../src/survey/roster';
import { createRound } from '../../src/survey/rounds';
import { launchBrowser, logIn, seriousViolations, startServer } from './browser';

jest.setTimeout(120_000);

const ADMIN = { username: 'analis', password: 'kata-sandi-yang-panjang-2026' };
const PHONE = { viewport: { width: 360, height: 740 }, locale: 'id-ID' };

async function noHorizontalScroll(page: Page): Promise<void> {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
}

let browser: Browser;
let server: Awaited<ReturnType<typeof startServer>>;

beforeAll(async () => {
  browser = await launchBrowser();
  server = await startServer();
  await createUser(server.db, { username: ADMIN.username, password: ADMIN.password, role: 'admin' }, new Date(), 'test');
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** A round of three employees, one of whom already has a link. */
function roundWithRoster(name: string): { roundId: number; aniId: number; oldLink: string } {
  const round = createRound(server.db, { name }, new Date(), 'test');
  const ani = addRosterEntry(server.db, round.row.id, { name: 'Ani Lestari', unit: 'Subdit Perencanaan dan Evaluasi', employee_no: '198501012010012001' }, new Date(), 'test');
  addRosterEntry(server.db, round.row.id, { name: 'Budi Santoso', unit: 'Subdit Umum' }, new Date(), 'test');
  addRosterEntry(server.db, round.row.id, { name: 'Citra Dewi', unit: 'Subdit Umum' }, new Date(), 'test');
  const [issued] = issueLinks(server.db, round.row.id, [ani.id], server.url, new Date(), 'test');
  return { roundId: round.row.id, aniId: ani.id, oldLink: issued.link };
}

/**
 * axe is injected by the test, which the pages' CSP (scripts from the site only) forbids: it runs
 * in a context of its own that bypasses CSP, while the flow above runs under the real policy.
 * A page reached by a POST (the new link) is re-posted through its own form, as a user would.
 */
async function accessibilityProblems(address: string, heading: string, post?: Record<string, string>): Promise<string[]> {
  const context = await browser.newContext({ ...PHONE, bypassCSP: true });
  const page = await context.newPage();
  await logIn(page, server.url, ADMIN);
  if (post) {
    await page.goto(`${server.url}/account`);
    await page.evaluate(
      ({ action, fields }) => {
        const form = document.createElement('form');
        form.method = 'post';
        form.action = action;
        const csrf = document.querySelector('input[name="_csrf"]') as HTMLInputElement;
        for (const [name, value] of Object.entries({ ...fields, _csrf: csrf.value })) {
          const input = document.createElement('input');
          input.type = 'hidden';
          input.name = name;
          input.value = value;
          form.append(input);
        }
        document.body.append(form);
        form.submit();
      },
      { action: address, fields: post },
    );
    await page.waitForURL(`**${address}`);
    await page.waitForLoadState();
  } else {
    await page.goto(`${server.url}${address}`);
  }
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  await noHorizontalScroll(page);
  const problems = await seriousViolations(page);
  await context.close();
  return problems;
}

describe('personal links on a 360-px phone', () => {
  it('counts the missing links, re-issues one after a confirmation and copies the new link with the button', async () => {
    const { roundId, aniId, oldLink } = roundWithRoster('Diagnosis 2026');
    const context = await browser.newContext(PHONE);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    const page = await context.newPage();
    await logIn(page, server.url, ADMIN);
    await page.goto(`${server.url}/rounds/${roundId}`);
    await page.getByText('2 dari 3 pegawai belum memiliki tautan.').waitFor();
    expect(await page.getByRole('button', { name: 'Buat 2 tautan dan unduh CSV' }).count()).toBe(1);
    await noHorizontalScroll(page);
    expect(await accessibilityProblems(`/rounds/${roundId}`, 'Diagnosis 2026')).toEqual([]);

    await page.getByRole('button', { name: 'Terbitkan ulang tautan Ani Lestari' }).click();
    await page.getByText('Tautan lama Ani Lestari akan berhenti berlaku').waitFor();
    await noHorizontalScroll(page);
    await page.getByRole('button', { name: 'Terbitkan ulang tautan' }).click();
    await page.getByRole('heading', { level: 1, name: 'Tautan baru' }).waitFor();

    const field = page.getByLabel('Tautan · Ani Lestari');
    const link = await field.inputValue();
    expect(link).toMatch(/^https?:\/\/[^/]+\/s\/[A-Za-z0-9_-]{43}$/);
    expect(link).not.toBe(oldLink);
    expect(await field.getAttribute('readonly')).not.toBeNull();
    const copy = page.getByRole('button', { name: 'Salin tautan' });
    expect(await copy.isVisible()).toBe(true);
    await copy.click();
    await page.getByRole('status').getByText('Tautan disalin.').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);
    await noHorizontalScroll(page);
    await context.close();
    expect(await accessibilityProblems(`/rounds/${roundId}/roster/${aniId}/link`, 'Tautan baru', { confirmed: 'yes' })).toEqual([]);
  });

  it('without JavaScript hides the copy button and leaves the link in a read-only field to select', async () => {
    const { roundId } = roundWithRoster('Diagnosis 2027');
    const context = await browser.newContext({ ...PHONE, javaScriptEnabled: false });
    const page = await context.newPage();
    await logIn(page, server.url, ADMIN);
    await page.goto(`${server.url}/rounds/${roundId}`);
    await page.getByRole('button', { name: 'Terbitkan ulang tautan Budi Santoso' }).click();
    // A first link replaces nothing, so it is shown at once.
    await page.getByRole('heading', { level: 1, name: 'Tautan pribadi' }).waitFor();
    expect(await page.getByLabel('Tautan · Budi Santoso').inputValue()).toMatch(/\/s\/[A-Za-z0-9_-]{43}$/);
    expect(await page.getByRole('button', { name: 'Salin tautan' }).count()).toBe(0);
    await noHorizontalScroll(page);
    await context.close();
  });
});
