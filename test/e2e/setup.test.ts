import type { Browser } from 'playwright-core';
import { getSetting } from '../../src/db/app-settings';
import { launchBrowser, logIn, seriousViolations, startServer } from './browser';

jest.setTimeout(120_000);

const ACCOUNT = { username: 'kepala', password: 'a-long-password' };

describe('first start in a real browser: the administrator and the public address', () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof startServer>>;

  beforeAll(async () => {
    browser = await launchBrowser();
    server = await startServer({ baseUrl: 'http://localhost:3000', baseUrlIsDefault: true });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('at 360 px without JavaScript: /setup offers the address the browser used, refuses one that is not a web address, keeps the one typed', async () => {
    const scripted = await browser.newContext({ viewport: { width: 360, height: 800 }, locale: 'id-ID', bypassCSP: true });
    const checked = await scripted.newPage();
    await checked.goto(`${server.url}/setup`);
    expect(await seriousViolations(checked)).toEqual([]);
    await scripted.close();

    const context = await browser.newContext({ viewport: { width: 360, height: 800 }, locale: 'id-ID', javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${server.url}/setup`);
    const address = page.getByLabel('Alamat Potret untuk pegawai');
    expect(await address.inputValue()).toBe(server.url);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.getByLabel('Nama pengguna').fill(ACCOUNT.username);
    await page.getByLabel('Kata sandi').fill(ACCOUNT.password);
    // The browser itself refuses text that is no URL at all; a URL of another scheme reaches the server.
    await address.fill('ftp://survei.example.go.id');
    await page.getByRole('button', { name: 'Buat administrator pertama' }).click();
    expect(await page.getByRole('alert').textContent()).toContain('gunakan alamat web seperti');
    expect(server.db.prepare('SELECT count(*) AS n FROM users').get()).toEqual({ n: 0 });

    await page.getByLabel('Kata sandi').fill(ACCOUNT.password);
    await address.fill('https://survei.example.go.id');
    await page.getByRole('button', { name: 'Buat administrator pertama' }).click();
    await page.waitForURL(/\/login\?setup=done/);
    expect(getSetting(server.db, 'public_address')).toBe('https://survei.example.go.id');

    await logIn(page, server.url, ACCOUNT);
    await page.goto(`${server.url}/organisation`);
    expect(await page.getByLabel('Alamat Potret untuk pegawai').inputValue()).toBe('https://survei.example.go.id');
    await context.close();
  });
});
