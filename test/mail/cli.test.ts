import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openAndPrepare } from '../../src/bootstrap';
import { runCli } from '../helpers';
import { configureSender, roundWithRoster, startSmtp, type TestSmtp } from './smtp';

describe('potret mail', () => {
  let dir: string;
  let dbFile: string;
  let smtp: TestSmtp;
  let env: Record<string, string>;

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'potret-mail-'));
    dbFile = path.join(dir, 'potret.db');
    smtp = await startSmtp({ refuse: ['pegawai3@example.go.id'] });
    env = { POTRET_DB: dbFile, POTRET_BASE_URL: 'https://survei.example.go.id', POTRET_SMTP_URL: smtp.url };
    const { db } = openAndPrepare(dbFile);
    roundWithRoster(db, 4, { withoutEmail: 1 });
    configureSender(db);
    db.close();
  });
  afterEach(async () => {
    await smtp.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function snapshot(): unknown {
    const { db } = openAndPrepare(dbFile);
    try {
      return {
        hashes: db.prepare('SELECT id, token_hash FROM roster_entries ORDER BY id').all(),
        audit: db.prepare('SELECT count(*) AS n FROM audit_log').get(),
        messages: db.prepare('SELECT count(*) AS n FROM mail_messages').get(),
        batches: db.prepare('SELECT count(*) AS n FROM mail_batches').get(),
      };
    } finally {
      db.close();
    }
  }

  it('--dry-run lists who would get an invitation, and sends and writes nothing', async () => {
    const before = snapshot();
    const result = await runCli(['mail', '1', '--invitations', '--dry-run'], env);
    const out = result.stdout.toString('utf8');
    expect(result.code).toBe(0);
    expect(out).toContain('would send 4 invitations');
    expect(out).toContain('Pegawai 1 (Subdit A) <pegawai1@example.go.id>');
    expect(out).toContain('1 without an e-mail address');
    expect(snapshot()).toEqual(before);
    expect(smtp.received).toHaveLength(0);
  });

  it('sends the invitations and prints how many were sent and refused', async () => {
    const result = await runCli(['mail', '1', '--invitations'], env);
    const out = result.stdout.toString('utf8');
    expect(result.code).toBe(0);
    expect(out).toContain('3 sent, 1 refused, 0 failed');
    expect(out).toContain('refused: Pegawai 3 <pegawai3@example.go.id>: 550 5.1.1 <pegawai3@example.go.id>: mailbox unknown');
    expect(smtp.received).toHaveLength(3);
    for (const mail of smtp.received) expect(mail.text).toMatch(/https:\/\/survei\.example\.go\.id\/s\/[A-Za-z0-9_-]{43}/);
  });

  it('sends reminders to those not completed without re-issuing a link', async () => {
    await runCli(['mail', '1', '--invitations'], env);
    const hashes = (snapshot() as { hashes: unknown }).hashes;
    smtp.received.length = 0;
    const result = await runCli(['mail', '1', '--reminders'], env);
    expect(result.code).toBe(0);
    // Pegawai 3's invitation was refused: a reminder pointing to it would only confuse.
    expect(result.stdout.toString('utf8')).toContain('3 sent, 0 refused, 0 failed');
    expect(smtp.received.every((mail) => !mail.text.includes('/s/'))).toBe(true);
    expect((snapshot() as { hashes: unknown }).hashes).toEqual(hashes);
  });

  it('refuses to run without choosing invitations or reminders', async () => {
    const result = await runCli(['mail', '1'], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('choose one of --invitations and --reminders');
  });

  it('says mail is not configured without POTRET_SMTP_URL, sending nothing', async () => {
    const before = snapshot();
    const result = await runCli(['mail', '1', '--invitations'], { POTRET_DB: dbFile });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Mail is not configured: set POTRET_SMTP_URL');
    expect(snapshot()).toEqual(before);
  });
});
