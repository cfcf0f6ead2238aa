import request from 'supertest';
import { countRows, createTestApp, loggedIn } from '../helpers';

describe('hardening', () => {
  it('refuses a multipart upload from a visitor who is not logged in, without reading it', async () => {
    const { app, db } = createTestApp();
    const response = await request(app).post('/rounds/1/roster').attach('file', Buffer.from('name,unit\nAni,A\n'), 'roster.csv');
    expect(response.status).toBe(401);
    expect(countRows(db, 'roster_entries')).toBe(0);
  });

  it('ignores an unknown notice in the address instead of failing', async () => {
    const { app, db } = createTestApp();
    const { agent, csrf } = await loggedIn(app, db);
    await agent.post('/rounds').type('form').send({ name: 'R', _csrf: csrf });
    const response = await agent.get('/rounds/1?notice=%3Cscript%3E');
    expect(response.status).toBe(200);
    expect(response.text).not.toContain('class="notice"');
  });

  it('erases deleted rows from the database file (secure_delete)', () => {
    const { db } = createTestApp();
    expect(db.pragma('secure_delete', { simple: true })).toBe(1);
  });
});
