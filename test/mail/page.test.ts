import request from 'supertest';
import { countRows, createTestApp, loggedIn } from '../helpers';
import { configureSender, linkIn, roundWithRoster } from './smtp';

async function setup(overrides: Parameters<typeof createTestApp>[0] = {}) {
  const context = createTestApp(overrides);
  const round = roundWithRoster(context.db, 2, { withoutEmail: 2 });
  const { agent, csrf } = await loggedIn(context.app, context.db);
  return { ...context, ...round, agent, csrf };
}

describe('the mail page without an SMTP server', () => {
  it('says mail is not configured and how to configure it', async () => {
    const { agent, roundId } = await setup();
    const page = await agent.get(`/rounds/${roundId}/mail`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Surel belum dikonfigurasi');
    expect(page.text).toContain('POTRET_SMTP_URL=smtp://user:password@host:587');
    const settings = await agent.get(`/mail/settings?round=${roundId}`);
    expect(settings.text).toContain('Surel belum dikonfigurasi');
  });

  it('refuses to send (409), queueing nothing and creating no link', async () => {
    const { agent, csrf, db, roundId } = await setup();
    configureSender(db);
    const response = await agent.post(`/rounds/${roundId}/mail/send`).type('form').send({ kind: 'invitation', audience: 'missing', _csrf: csrf });
    expect(response.status).toBe(409);
    expect(response.text).toContain('POTRET_SMTP_URL');
    expect(countRows(db, 'mail_batches')).toBe(0);
    expect(db.prepare('SELECT count(*) AS n FROM roster_entries WHERE token_hash IS NOT NULL').get()).toEqual({ n: 0 });
  });

  it('is linked from the round page', async () => {
    const { agent, roundId } = await setup();
    const page = await agent.get(`/rounds/${roundId}`);
    expect(page.text).toContain(`href="/rounds/${roundId}/mail"`);
  });
});

describe('employees without an e-mail address', () => {
  it('are listed for distribution by hand', async () => {
    const { agent, roundId } = await setup();
    const page = await agent.get(`/rounds/${roundId}/mail`);
    expect(page.text).toContain('Pegawai tanpa alamat surel');
    expect(page.text).toContain('Tanpa Surel 1');
    expect(page.text).toContain('Tanpa Surel 2');
  });

  it('get a link only after confirming, shown once with a ready chat message and never cached', async () => {
    const { agent, app, csrf, db, roundId, withoutEmail } = await setup();
    const ids = withoutEmail.map((entry) => String(entry.id));
    const question = await agent.post(`/rounds/${roundId}/mail/chat`).type('form').send({ ids, _csrf: csrf });
    expect(question.status).toBe(200);
    expect(question.text).toContain('name="confirmed" value="yes"');
    expect(db.prepare('SELECT count(*) AS n FROM roster_entries WHERE token_hash IS NOT NULL').get()).toEqual({ n: 0 });

    const created = await agent.post(`/rounds/${roundId}/mail/chat`).type('form').send({ ids, confirmed: 'yes', _csrf: csrf });
    expect(created.status).toBe(200);
    expect(created.headers['cache-control']).toBe('no-store');
    expect(created.text).toContain('Yth. Tanpa Surel 1, Subdit Perencanaan mengundang Bapak/Ibu mengisi survei (jawaban anonim) sampai 15 Desember 2026.');
    const link = linkIn(created.text) as string;
    expect((await request(app).get(new URL(link).pathname)).text).toContain('Mulai mengisi');
    expect(db.prepare("SELECT details FROM audit_log WHERE action = 'links.issue'").get()).toEqual({ details: expect.stringContaining('"count":2') });
  });

  it('warns before replacing a link an employee already has', async () => {
    const { agent, csrf, roundId, withoutEmail } = await setup();
    await agent.post(`/rounds/${roundId}/mail/chat`).type('form').send({ ids: [String(withoutEmail[0].id)], confirmed: 'yes', _csrf: csrf });
    const question = await agent.post(`/rounds/${roundId}/mail/chat`).type('form').send({ ids: [String(withoutEmail[0].id)], _csrf: csrf });
    expect(question.text).toContain('Sudah punya tautan: Tanpa Surel 1');
  });

  it('find the same chat message in the links CSV', async () => {
    const { agent, csrf, roundId } = await setup();
    const csv = await agent.post(`/rounds/${roundId}/links`).type('form').send({ which: 'missing', _csrf: csrf });
    const [header, first] = csv.text.replace(/^\uFEFF/, '').split(/\r?\n/);
    expect(header).toBe('name,unit,grade,email,employee_no,link,pesan');
    expect(first).toContain('Subdit Perencanaan mengundang Bapak/Ibu');
    const link = linkIn(first) as string;
    expect(first.split(link)).toHaveLength(3);
  });
});

describe('mail settings', () => {
  it('saves the sender and the throttle, and records the change', async () => {
    const { agent, csrf, db, roundId } = await setup();
    const saved = await agent.post(`/mail/settings?round=${roundId}`).type('form').send({ from_name: 'Tim Survei', from_address: 'survei@example.go.id', per_minute: '20', _csrf: csrf });
    expect(saved.status).toBe(303);
    const page = await agent.get(saved.headers.location);
    expect(page.text).toContain('value="survei@example.go.id"');
    expect(page.text).toContain('value="20"');
    expect(db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'mail.settings'").get()).toEqual({ n: 1 });
  });

  it.each([
    ['from_address', 'bukan-alamat'],
    ['per_minute', '0'],
    ['per_minute', '601'],
    ['per_minute', 'cepat'],
  ])('refuses %s = "%s" beside the field, saving nothing', async (field, value) => {
    const { agent, csrf, db } = await setup();
    const response = await agent.post('/mail/settings').type('form').send({ from_name: 'Tim', from_address: 'survei@example.go.id', per_minute: '30', [field]: value, _csrf: csrf });
    expect(response.status).toBe(422);
    expect(response.text).toContain(`id="e-${field}"`);
    expect(db.prepare("SELECT count(*) AS n FROM app_settings WHERE key LIKE 'mail.%'").get()).toEqual({ n: 0 });
  });

  it('are the administrator\'s: an analyst cannot make replies (which quote the link) go to an address of their own', async () => {
    const context = createTestApp();
    const { roundId } = roundWithRoster(context.db, 2);
    const { agent, csrf } = await loggedIn(context.app, context.db, 'analyst');
    const response = await agent.post(`/mail/settings?round=${roundId}`).type('form').send({ from_name: 'Tim', from_address: 'analis@pribadi.example.com', per_minute: '30', _csrf: csrf });
    expect(response.status).toBe(403);
    expect((await agent.get('/mail/settings')).status).toBe(403);
    expect(context.db.prepare("SELECT count(*) AS n FROM app_settings WHERE key LIKE 'mail.%'").get()).toEqual({ n: 0 });
    expect((await agent.get(`/rounds/${roundId}/mail`)).text).not.toContain('href="/mail/settings');
  });

  it('shows the SMTP server without its user name or password', async () => {
    const { agent, roundId } = await setup({ smtpUrl: 'smtp://kantor:rahasia-sekali@mail.example.go.id:587' });
    const page = await agent.get(`/rounds/${roundId}/mail`);
    expect(page.text).toContain('smtp://mail.example.go.id:587');
    expect(page.text).not.toContain('rahasia-sekali');
    expect(page.text).not.toContain('kantor:');
  });
});

describe('round details a message would lack', () => {
  it('are named on the mail page and the preview until they are filled in', async () => {
    const { agent, csrf, db, roundId } = await setup({ smtpUrl: 'smtp://127.0.0.1:2525' });
    configureSender(db);
    db.prepare('UPDATE rounds SET closes_on = NULL, contact = NULL WHERE id = ?').run(roundId);
    const page = await agent.get(`/rounds/${roundId}/mail`);
    expect(page.text).toContain('Belum diisi di pengaturan periode: Tanggal ditutup, Narahubung.');
    const preview = await agent.post(`/rounds/${roundId}/mail/preview`).type('form').send({ kind: 'invitation', audience: 'missing', _csrf: csrf });
    expect(preview.text).toContain('Belum diisi di pengaturan periode');
    db.prepare("UPDATE rounds SET closes_on = '2026-12-15', contact = 'Rina, 0812' WHERE id = ?").run(roundId);
    expect((await agent.get(`/rounds/${roundId}/mail`)).text).not.toContain('Belum diisi di pengaturan periode');
  });
});
