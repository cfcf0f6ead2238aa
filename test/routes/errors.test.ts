import express from 'express';
import request from 'supertest';
import { testConfig } from '../../src/config';
import { errorHandler, redactUrl } from '../../src/routes/errors';
import * as questionnaire from '../../src/survey/questionnaire';
import { addRosterEntry, issueLinks } from '../../src/survey/roster';
import { createRound } from '../../src/survey/rounds';
import { captureLogs, createTestApp, employee } from '../helpers';

describe('redactUrl', () => {
  it('replaces the token of a personal link with [redacted], keeping the rest of the URL', () => {
    expect(redactUrl('/s/Qm9vZ2llLXRva2VuLTEyMw/p/2?lang=en')).toBe('/s/[redacted]/p/2?lang=en');
    expect(redactUrl('/s/abc123')).toBe('/s/[redacted]');
    expect(redactUrl('/s/abc123?lang=id')).toBe('/s/[redacted]?lang=id');
    expect(redactUrl('/s/abc123#top')).toBe('/s/[redacted]#top');
    expect(redactUrl('/s/abc123/submit')).toBe('/s/[redacted]/submit');
  });

  it('redacts a personal link carried, percent-encoded, inside the query (e.g. a login redirect)', () => {
    expect(redactUrl('/login?next=%2Fs%2Fabc123%2Freview')).toBe('/login?next=%2Fs%2F[redacted]%2Freview');
    expect(redactUrl('/x?next=/s/abc123')).toBe('/x?next=/s/[redacted]');
  });

  it('leaves URLs without a personal link alone', () => {
    for (const url of ['/rounds/1/report', '/rounds/1/status?s=1', '/api/rounds/1/report', '/s/', '/']) expect(redactUrl(url)).toBe(url);
  });
});

describe('errorHandler logging', () => {
  /** What the error log holds after `url` is requested from an app whose `route` throws `error`. */
  async function logOfCrash(method: 'get' | 'post', route: string, url: string, error: Error): Promise<string> {
    const app = express();
    app[method](route, () => {
      throw error;
    });
    app.use(errorHandler({ config: testConfig({ log: 'error' }) }));
    const logged: string[] = [];
    const spy = jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
      logged.push(args.map(String).join(' '));
    });
    try {
      const res = await request(app)[method](url).set('Accept', 'application/json');
      expect(res.status).toBe(500);
    } finally {
      spy.mockRestore();
    }
    return logged.join('\n');
  }

  it('logs an unexpected error on a password reset link without its token (the log reader would set that password)', async () => {
    const log = await logOfCrash('post', '/reset/:token', '/reset/RESET-token-77', new Error('SQLITE_BUSY: database is locked'));
    expect(log).toContain('POST /reset/[redacted]');
    expect(log).not.toContain('RESET-token-77');
    expect(redactUrl('/login?next=%2Freset%2Fabc')).toBe('/login?next=%2Freset%2F[redacted]');
  });

  it('logs an unexpected error on a personal link without the token', async () => {
    const log = await logOfCrash('get', '/s/:token/p/:page', '/s/SECRET-token-42/p/1?lang=en', new Error('boom'));
    expect(log).toContain('GET /s/[redacted]/p/1?lang=en');
    expect(log).not.toContain('SECRET-token-42');
  });
});

describe('personal links never reach a log line', () => {
  /** A round with one employee's personal link, on an app that logs everything it logs. */
  function roundWithLink() {
    const context = createTestApp({ log: 'info' });
    const round = createRound(context.db, { name: 'Diagnosis 2026' }, new Date(), 'test');
    const entry = addRosterEntry(context.db, round.row.id, { name: 'Ani Lestari', unit: 'Subdit A', grade: 'III/a' }, new Date(), 'test');
    const [issued] = issueLinks(context.db, round.row.id, [entry.id], 'http://potret.test', new Date(), 'test');
    const token = issued.link.split('/s/')[1];
    return { ...context, token };
  }

  afterEach(() => jest.restoreAllMocks());

  it('logs no token while an employee opens, saves and submits the questionnaire', async () => {
    const { app, token } = roundWithLink();
    const logged = await captureLogs(async () => {
      expect((await employee(app).get(`/s/${token}`)).status).toBe(200);
      expect((await employee(app).get(`/s/${token}/p/1?lang=en`)).status).toBe(200);
      await employee(app).post(`/s/${token}/p/1`).type('form').send({ comment: 'ok' });
      await employee(app).get(`/login?next=${encodeURIComponent(`/s/${token}/p/2`)}`);
    });
    expect(logged).not.toContain(token);
  });

  it('logs a bug on a personal link without its token, even where the error repeats the token', async () => {
    const { app, token } = roundWithLink();
    jest.spyOn(questionnaire, 'openLink').mockImplementation((_db, given) => {
      const error = new TypeError(`cannot open the link ${given}`) as TypeError & { input: string };
      error.input = `http://potret.test/s/${given}`;
      throw error;
    });
    let status = 0;
    const logged = await captureLogs(async () => {
      status = (await employee(app).get(`/s/${token}/p/2?lang=en`)).status;
    });
    expect(status).toBe(500);
    expect(logged).toContain('GET /s/[redacted]/p/2?lang=en');
    expect(logged).toContain('cannot open the link [redacted]');
    expect(logged).not.toContain(token);
  });

  it('logs a failing database on a personal link without its token', async () => {
    const { app, db, token } = roundWithLink();
    db.exec('DROP TABLE drafts');
    let status = 0;
    const logged = await captureLogs(async () => {
      status = (await employee(app).post(`/s/${token}/p/1`).type('form').send({ comment: 'ok' })).status;
    });
    expect(status).toBe(500);
    expect(logged).toContain('no such table: drafts');
    expect(logged).not.toContain(token);
  });
});
