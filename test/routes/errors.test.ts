import express from 'express';
import request from 'supertest';
import { testConfig } from '../../src/config';
import { errorHandler, redactUrl } from '../../src/routes/errors';
import { freshDb } from '../helpers';

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
  it('logs an unexpected error on a personal link without the token', async () => {
    const app = express();
    app.get('/s/:token/p/:page', () => {
      throw new Error('boom');
    });
    app.use(errorHandler({ db: freshDb(), config: testConfig({ log: 'error' }), now: () => new Date() }));
    const logged: string[] = [];
    const spy = jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
      logged.push(args.map(String).join(' '));
    });
    try {
      const res = await request(app).get('/s/SECRET-token-42/p/1?lang=en').set('Accept', 'application/json');
      expect(res.status).toBe(500);
    } finally {
      spy.mockRestore();
    }
    expect(logged.join('\n')).toContain('GET /s/[redacted]/p/1?lang=en');
    expect(logged.join('\n')).not.toContain('SECRET-token-42');
  });
});
