import request from 'supertest';
import { createApiToken } from '../../src/auth/accounts';
import { createTestApp, loggedIn } from '../helpers';

describe('JSON API', () => {
  it('serves an instrument, the rounds and a round status to a logged-in user', async () => {
    const { app, db } = createTestApp();
    const { agent, csrf } = await loggedIn(app, db);
    await agent.post('/rounds').type('form').send({ name: 'Diagnosis 2026', closes_on: '2026-12-31', _csrf: csrf });
    const instrument = await agent.get('/api/instruments/bsc-default');
    expect(instrument.status).toBe(200);
    expect(instrument.body.perspectives.map((p: { code: string }) => p.code)).toEqual(['FIN', 'CUS', 'IBP', 'LG']);
    const rounds = await agent.get('/api/rounds');
    expect(rounds.body).toEqual([
      { id: 1, name: 'Diagnosis 2026', instrument: 'bsc-default', opens_on: null, closes_on: '2026-12-31', state: 'open', target: 4, min_group_size: 5 },
    ]);
    const status = await agent.get('/api/rounds/1/status');
    expect(status.body).toEqual({ round_id: 1, invited: 0, started: 0, completed: 0, paper: 0, response_rate: null, exceeds_roster: false, min_group_size: 5, units: [] });
  });

  it('accepts an API token instead of a session', async () => {
    const { app, db } = await (async () => {
      const context = createTestApp();
      await loggedIn(context.app, context.db);
      return context;
    })();
    const token = createApiToken(db, 'admin', 'script', new Date(), 'test');
    const response = await request(app).get('/api/rounds').set('Authorization', `Bearer ${token}`);
    expect(response.status).toBe(200);
    expect((await request(app).get('/api/rounds').set('Authorization', 'Bearer wrong')).status).toBe(401);
  });

  it('answers unknown instruments and rounds with 404 JSON', async () => {
    const { app, db } = createTestApp();
    const { agent } = await loggedIn(app, db);
    const instrument = await agent.get('/api/instruments/nope');
    expect(instrument.status).toBe(404);
    expect(instrument.body.error).toBe('No instrument with code "nope"');
    expect((await agent.get('/api/rounds/42/status')).status).toBe(404);
  });
});
