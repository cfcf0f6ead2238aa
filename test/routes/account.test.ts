import request from 'supertest';
import { ADMIN, createTestApp, csrfFrom, loggedIn } from '../helpers';

async function loginWith(app: Parameters<typeof request.agent>[0], password: string): Promise<number> {
  const agent = request.agent(app);
  const page = await agent.get('/login');
  return (await agent.post('/login').type('form').send({ username: ADMIN.username, password, _csrf: csrfFrom(page.text) })).status;
}

describe('own account', () => {
  it('changes the password when the current one is given', async () => {
    const { app, db } = createTestApp();
    const { agent, csrf } = await loggedIn(app, db);
    const response = await agent.post('/account/password').type('form').send({ current_password: ADMIN.password, new_password: 'a-new-long-password', _csrf: csrf });
    expect(response.status).toBe(303);
    expect((await agent.get('/account?changed=1')).text).toContain('Kata sandi diganti');
    expect(await loginWith(app, 'a-new-long-password')).toBe(303);
    expect(await loginWith(app, ADMIN.password)).toBe(422);
  });

  it('refuses a wrong current password or a short new one, and keeps the old password', async () => {
    const { app, db } = createTestApp();
    const { agent, csrf } = await loggedIn(app, db);
    const wrong = await agent.post('/account/password').type('form').send({ current_password: 'not-my-password', new_password: 'a-new-long-password', _csrf: csrf });
    expect(wrong.status).toBe(422);
    expect(wrong.text).toContain('kata sandi saat ini salah');
    const short = await agent.post('/account/password').type('form').send({ current_password: ADMIN.password, new_password: 'short', _csrf: csrf });
    expect(short.status).toBe(422);
    expect(short.text).toContain('paling sedikit 10 karakter');
    expect(await loginWith(app, ADMIN.password)).toBe(303);
  });

  it('requires a login', async () => {
    const { app } = createTestApp();
    expect((await request(app).get('/account')).status).toBe(303);
  });
});
