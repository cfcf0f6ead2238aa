import request from 'supertest';
import { captureLogs, countRows, createTestApp, employee, loggedIn } from '../helpers';
import { configureSender, linkIn, roundWithRoster, startSmtp, waitForQueue, type ReceivedMail, type TestSmtp } from './smtp';

let smtp: TestSmtp | null = null;
afterEach(async () => {
  await smtp?.close();
  smtp = null;
});

async function setup(size: number, options: { refuse?: string[]; perMinute?: number; log?: 'silent' | 'error'; onMessage?: (mail: ReceivedMail) => Error | null } = {}) {
  smtp = await startSmtp({ refuse: options.refuse, onMessage: options.onMessage });
  const context = createTestApp({ smtpUrl: smtp.url, log: options.log ?? 'silent' });
  const { roundId, entries } = roundWithRoster(context.db, size);
  configureSender(context.db, options.perMinute);
  const { agent, csrf } = await loggedIn(context.app, context.db);
  return { ...context, smtp, roundId, entries, agent, csrf };
}

function auditDetails(db: ReturnType<typeof createTestApp>['db'], action: string): Record<string, unknown>[] {
  return (db.prepare('SELECT details FROM audit_log WHERE action = ? ORDER BY id').all(action) as { details: string }[]).map((row) => JSON.parse(row.details));
}

/** Every text in the mail tables, to search for anything that must never be stored there. */
function mailTablesText(db: ReturnType<typeof createTestApp>['db']): string {
  return JSON.stringify([db.prepare('SELECT * FROM mail_messages').all(), db.prepare('SELECT * FROM mail_batches').all(), db.prepare('SELECT * FROM audit_log').all()]);
}

describe('e-mail invitations', () => {
  it('previews the invitation for the first recipient with a sample link, sending nothing', async () => {
    const { agent, csrf, db, roundId, smtp } = await setup(3);
    const preview = await agent.post(`/rounds/${roundId}/mail/preview`).type('form').send({ kind: 'invitation', audience: 'missing', _csrf: csrf });
    expect(preview.status).toBe(200);
    expect(preview.text).toContain('Pesan untuk Pegawai 1');
    expect(preview.text).toContain('http://potret.test/s/contoh-tautan-pribadi');
    expect(preview.text).toContain('15 Desember 2026');
    expect(preview.text).toContain('Rina (0812-0000-1111)');
    expect(preview.text).toContain('Kirim ke 3 pegawai');
    expect(countRows(db, 'mail_messages')).toBe(0);
    expect(db.prepare('SELECT count(*) AS n FROM roster_entries WHERE token_hash IS NOT NULL').get()).toEqual({ n: 0 });
    expect(smtp.received).toHaveLength(0);
  });

  it('sends 28 invitations with 28 distinct links, each of which opens the questionnaire', async () => {
    const { agent, app, csrf, db, roundId, smtp } = await setup(28);
    const sent = await agent.post(`/rounds/${roundId}/mail/send`).type('form').send({ kind: 'invitation', audience: 'missing', _csrf: csrf });
    expect(sent.status).toBe(303);
    expect(sent.headers.location).toMatch(new RegExp(`^/rounds/${roundId}/mail/batches/\\d+$`));
    await waitForQueue(db);

    expect(smtp.received).toHaveLength(28);
    expect(new Set(smtp.received.map((mail) => mail.to[0]))).toEqual(new Set(Array.from({ length: 28 }, (_, index) => `pegawai${index + 1}@example.go.id`)));
    const links = smtp.received.map((mail) => linkIn(mail.text) as string);
    expect(new Set(links).size).toBe(28);
    for (const mail of smtp.received) {
      expect(mail.subject).toBe('Undangan mengisi survei Subdit Perencanaan');
      expect(mail.text).toContain('sampai 15 Desember 2026');
      // Each link goes to its own addressee: the name in the greeting is theirs.
      expect(mail.text).toContain(`Yth. Pegawai ${/pegawai(\d+)@/.exec(mail.to[0])?.[1]},`);
    }
    for (const link of links) {
      const page = await request(app).get(new URL(link).pathname);
      expect(page.status).toBe(200);
      expect(page.text).toContain('Mulai mengisi');
    }

    const progress = await agent.get(sent.headers.location);
    expect(progress.text).not.toContain('http-equiv="refresh"');
    expect(progress.text.match(/class="status status-sent"/g)).toHaveLength(28);
    expect(auditDetails(db, 'mail.send')).toEqual([expect.objectContaining({ kind: 'invitation', audience: 'missing', count: 28 })]);
    expect(auditDetails(db, 'mail.result')).toEqual([expect.objectContaining({ sent: 28, refused: 0, failed: 0 })]);
    // Neither the links nor their tokens are kept anywhere but in the messages that went out.
    const stored = mailTablesText(db);
    for (const link of links) expect(stored).not.toContain(link.split('/s/')[1]);
  });

  it('sends a reminder only to those who have not completed, with no link, re-issuing none', async () => {
    const { agent, app, csrf, db, roundId, smtp } = await setup(6);
    await agent.post(`/rounds/${roundId}/mail/send`).type('form').send({ kind: 'invitation', audience: 'missing', _csrf: csrf });
    await waitForQueue(db);
    const invitations = [...smtp.received];
    // Three employees answer through the link their invitation brought.
    const answered = invitations.slice(0, 3);
    for (const mail of answered) {
      const path = new URL(linkIn(mail.text) as string).pathname;
      const submitted = await employee(app).post(`${path}/submit`).type('form').send({});
      expect(submitted.status).toBe(201);
    }
    const hashesBefore = db.prepare('SELECT id, token_hash FROM roster_entries ORDER BY id').all();
    const issuedBefore = auditDetails(db, 'links.issue').length;

    const preview = await agent.post(`/rounds/${roundId}/mail/preview`).type('form').send({ kind: 'reminder', audience: 'pending', _csrf: csrf });
    expect(preview.text).toContain('Kirim ke 3 pegawai');
    smtp.received.length = 0;
    const sent = await agent.post(`/rounds/${roundId}/mail/send`).type('form').send({ kind: 'reminder', audience: 'pending', _csrf: csrf });
    expect(sent.status).toBe(303);
    await waitForQueue(db);

    const answeredAddresses = answered.map((mail) => mail.to[0]);
    expect(smtp.received.map((mail) => mail.to[0]).sort()).toEqual(invitations.map((mail) => mail.to[0]).filter((address) => !answeredAddresses.includes(address)).sort());
    for (const mail of smtp.received) {
      expect(mail.subject).toBe('Pengingat: survei Subdit Perencanaan ditutup 15 Desember 2026');
      expect(mail.text).not.toMatch(/\/s\//);
      expect(mail.text).toContain('tautan pribadi dalam surel undangan');
    }
    expect(db.prepare('SELECT id, token_hash FROM roster_entries ORDER BY id').all()).toEqual(hashesBefore);
    expect(auditDetails(db, 'links.issue')).toHaveLength(issuedBefore);
    // The invitations' links still open the questionnaire.
    const stillOpen = await request(app).get(new URL(linkIn(invitations[5].text) as string).pathname);
    expect(stillOpen.status).toBe(200);
  });

  it('reports a recipient the server refuses with its reply, sends the others, and re-sends to a corrected address', async () => {
    const { agent, app, csrf, db, roundId, entries, smtp } = await setup(4, { refuse: ['pegawai2@example.go.id'] });
    const sent = await agent.post(`/rounds/${roundId}/mail/send`).type('form').send({ kind: 'invitation', audience: 'missing', _csrf: csrf });
    await waitForQueue(db);
    expect(smtp.received.map((mail) => mail.to[0]).sort()).toEqual(['pegawai1@example.go.id', 'pegawai3@example.go.id', 'pegawai4@example.go.id']);
    const refused = db.prepare("SELECT id, status, reply FROM mail_messages WHERE address = 'pegawai2@example.go.id'").get() as { id: number; status: string; reply: string };
    expect(refused.status).toBe('refused');
    expect(refused.reply).toContain('mailbox unknown');

    const progress = await agent.get(sent.headers.location);
    expect(progress.text).toContain('ditolak');
    expect(progress.text).toContain('5.1.1 &lt;pegawai2@example.go.id&gt;: mailbox unknown');
    expect(progress.text).toContain(`action="/rounds/${roundId}/mail/messages/${refused.id}/resend"`);
    expect(auditDetails(db, 'mail.result')).toEqual([expect.objectContaining({ sent: 3, refused: 1 })]);

    // A bad correction is refused beside the field, changing nothing.
    const bad = await agent.post(`/rounds/${roundId}/mail/messages/${refused.id}/resend`).type('form').send({ email: 'bukan-alamat', _csrf: csrf });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('bukan alamat email yang valid');
    expect(db.prepare('SELECT email FROM roster_entries WHERE id = ?').get(entries[1].id)).toEqual({ email: 'pegawai2@example.go.id' });
    expect(db.prepare('SELECT status FROM mail_messages WHERE id = ?').get(refused.id)).toEqual({ status: 'refused' });

    const resent = await agent.post(`/rounds/${roundId}/mail/messages/${refused.id}/resend`).type('form').send({ email: 'pegawai2.benar@example.go.id', _csrf: csrf });
    expect(resent.status).toBe(303);
    await waitForQueue(db);
    const corrected = smtp.received.find((mail) => mail.to[0] === 'pegawai2.benar@example.go.id');
    expect(corrected).toBeDefined();
    expect(db.prepare('SELECT email FROM roster_entries WHERE id = ?').get(entries[1].id)).toEqual({ email: 'pegawai2.benar@example.go.id' });
    expect(db.prepare('SELECT status, attempts FROM mail_messages WHERE id = ?').get(refused.id)).toEqual({ status: 'sent', attempts: 2 });
    const opened = await request(app).get(new URL(linkIn(corrected!.text) as string).pathname);
    expect(opened.status).toBe(200);
    expect(opened.text).toContain('Mulai mengisi');
    expect(auditDetails(db, 'mail.resend')).toEqual([expect.objectContaining({ message: refused.id, address_changed: true })]);
  });

  it('keeps answering while a throttled batch is sent in the background, and the progress page refreshes itself', async () => {
    const { agent, csrf, db, roundId, smtp } = await setup(4, { perMinute: 120 });
    const sent = await agent.post(`/rounds/${roundId}/mail/send`).type('form').send({ kind: 'invitation', audience: 'missing', _csrf: csrf });
    const started = Date.now();
    const progress = await agent.get(sent.headers.location);
    expect(progress.status).toBe(200);
    expect(progress.text).toContain('<meta http-equiv="refresh" content="3">');
    expect(progress.text).toMatch(/\d+ pesan masih menunggu/);
    const roundPage = await agent.get(`/rounds/${roundId}`);
    expect(roundPage.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(smtp.received.length).toBeLessThan(4);
    await waitForQueue(db);
    expect(smtp.received).toHaveLength(4);
    // 120 a minute: at least half a second between two messages, three gaps.
    expect(Date.now() - started).toBeGreaterThanOrEqual(1400);
    const done = await agent.get(sent.headers.location);
    expect(done.text).not.toContain('http-equiv="refresh"');
    expect(done.text).toContain('Semua pesan sudah diproses.');
  });

  it('never writes a link or its token to the log or the database when the server fails the message', async () => {
    const seen: string[] = [];
    let logs = '';
    const context = await setup(2, {
      log: 'error',
      // A server that quotes the message back in its refusal, personal link and all.
      onMessage: (mail) => {
        seen.push(mail.text);
        return Object.assign(new Error(`rejected: ${mail.text}`), { responseCode: 554 });
      },
    });
    logs = await captureLogs(async () => {
      await context.agent.post(`/rounds/${context.roundId}/mail/send`).type('form').send({ kind: 'invitation', audience: 'missing', _csrf: context.csrf });
      await waitForQueue(context.db);
    });
    const tokens = seen.map((text) => (linkIn(text) as string).split('/s/')[1]);
    expect(tokens).toHaveLength(2);
    expect(logs).toContain('Mail: message');
    expect(logs).toContain('[redacted]');
    const stored = mailTablesText(context.db);
    for (const token of tokens) {
      expect(logs).not.toContain(token);
      expect(stored).not.toContain(token);
    }
    expect(context.db.prepare("SELECT count(*) AS n FROM mail_messages WHERE status = 'refused' AND reply LIKE '%[redacted]%'").get()).toEqual({ n: 2 });
  });
});

describe('who may send', () => {
  it('refuses a viewer the mail page, the preview and sending', async () => {
    const { app, db, roundId, smtp } = await setup(2);
    const viewer = await loggedIn(app, db, 'viewer');
    expect((await viewer.agent.get(`/rounds/${roundId}/mail`)).status).toBe(403);
    expect((await viewer.agent.post(`/rounds/${roundId}/mail/preview`).type('form').send({ kind: 'invitation', audience: 'missing', _csrf: viewer.csrf })).status).toBe(403);
    const attempt = await viewer.agent.post(`/rounds/${roundId}/mail/send`).type('form').send({ kind: 'invitation', audience: 'missing', _csrf: viewer.csrf });
    expect(attempt.status).toBe(403);
    expect((await viewer.agent.post('/mail/settings').type('form').send({ from_address: 'x@example.go.id', per_minute: '5', _csrf: viewer.csrf })).status).toBe(403);
    expect(countRows(db, 'mail_messages')).toBe(0);
    expect(smtp.received).toHaveLength(0);
  });

  it('refuses a send without the form token (a request forged from another site)', async () => {
    const { agent, db, roundId, smtp } = await setup(2);
    const forged = await agent.post(`/rounds/${roundId}/mail/send`).type('form').send({ kind: 'invitation', audience: 'missing' });
    expect(forged.status).toBe(403);
    expect(countRows(db, 'mail_messages')).toBe(0);
    expect(db.prepare('SELECT count(*) AS n FROM roster_entries WHERE token_hash IS NOT NULL').get()).toEqual({ n: 0 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(smtp.received).toHaveLength(0);
  });
});
