import express from 'express';
import request from 'supertest';
import { ROOT } from '../../src/paths';
import { testConfig } from '../../src/config';
import { errorHandler } from '../../src/routes/errors';
import { captureLogs, createTestApp, loggedIn } from '../helpers';

/** Nothing a client may learn about the server's inside: no stack frame, no source or install path. */
function expectNothingInside(body: string): void {
  expect(body).not.toMatch(/^\s*at \S+/m);
  expect(body).not.toMatch(/\bat \S+ \(/);
  expect(body).not.toContain('/src/');
  expect(body).not.toContain('node_modules');
  expect(body).not.toContain(ROOT);
  expect(body).not.toMatch(/\.(ts|js|ejs):\d+/);
}

const MALFORMED = [
  '//x:99999/',
  '//x:99999/rounds/1/report',
  '//evil.example/login',
  '/%',
  '/%E0%A4%A',
  '/rounds/%ZZ/report',
  '/s/%00',
  '/s/%E0%A4%A',
  '/s/abc%0d%0aSet-Cookie:%20x=1',
  '/\\evil.example',
  `/s/${'A'.repeat(5_000)}`,
  `/${'x'.repeat(8_000)}`,
  '/static/%',
];

describe('malformed request targets', () => {
  it.each(MALFORMED.map((url) => [url.length > 60 ? `${url.slice(0, 40)}… (${url.length} characters)` : url, url]))(
    '%s is answered 400 or 404 with the normal error page, and nothing of the server inside',
    async (_name, url) => {
      const { app } = createTestApp();
      const response = await request(app).get(url);
      expect([400, 404]).toContain(response.status);
      expect(response.headers['content-type']).toMatch(/^text\/html/);
      expect(response.text).toMatch(/<title>(Permintaan tidak valid|Halaman tidak ditemukan) · Potret<\/title>/);
      expectNothingInside(response.text);
    },
  );

  it('answers the same to a logged-in user, and as JSON to the API, with nothing inside', async () => {
    const { app, db } = createTestApp();
    const { agent } = await loggedIn(app, db);
    for (const url of ['//x:99999/', '/rounds/%E0%A4%A', '/api/rounds/%']) {
      const page = await agent.get(url);
      expect([400, 404]).toContain(page.status);
      expectNothingInside(page.text);
    }
    const json = await agent.get('/api/rounds/%E0%A4%A').set('Accept', 'application/json');
    expect(json.status).toBe(400);
    expect(json.body).toEqual({ error: 'Alamat ini tidak valid.', problems: [] });
  });

  it('never offers a link to another host as the language switch', async () => {
    const { app } = createTestApp();
    const response = await request(app).get('//evil.example/');
    expect(response.text).not.toContain('href="//evil.example');
    expect(response.text).toContain('href="/?lang=en"');
  });

  it('still serves well-formed addresses with encoded characters', async () => {
    const { app } = createTestApp();
    expect((await request(app).get('/login?next=%2Frounds%2F1%3Fx%3D%25')).status).toBe(303);
    expect((await request(app).get('/static/potret.css')).status).toBe(200);
  });
});

describe('errors that break the error page itself', () => {
  it('answers a bug with a generic 500 page that names nothing of the server', async () => {
    const app = express();
    app.set('env', 'development');
    app.get('/boom', () => {
      throw new Error(`failed in ${ROOT}/src/somewhere.ts`);
    });
    app.use(errorHandler({ config: testConfig() }));
    const response = await request(app).get('/boom');
    expect(response.status).toBe(500);
    expectNothingInside(response.text);
  });

  it('answers with a plain page naming only the status when the error page cannot be rendered', async () => {
    const app = express();
    app.set('views', '/nonexistent-views');
    app.set('view engine', 'ejs');
    app.get('/boom', () => {
      throw new Error('boom');
    });
    app.use(errorHandler({ config: testConfig({ log: 'error' }) }));
    let response!: request.Response;
    const logged = await captureLogs(async () => {
      response = await request(app).get('/boom');
    });
    expect(response.status).toBe(500);
    expect(response.text).toContain('<h1>500</h1>');
    expectNothingInside(response.text);
    expect(response.text).not.toContain('nonexistent-views');
    // The administrator still learns what went wrong.
    expect(logged).toContain('nonexistent-views');
  });
});
