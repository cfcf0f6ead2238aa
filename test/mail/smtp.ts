import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { addRosterEntry } from '../../src/survey/roster';
import { createRound } from '../../src/survey/rounds';
import { saveMailSettings } from '../../src/mail/settings';
import type { Db } from '../../src/db/connection';

export interface ReceivedMail {
  to: string[];
  subject: string;
  text: string;
}

export interface TestSmtp {
  url: string;
  received: ReceivedMail[];
  close: () => Promise<void>;
}

/** Reads what the tests need of a plain-text message: the subject and the body, decoded. */
export function parseMessage(raw: string): { subject: string; text: string } {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  let body = raw.slice(split + 4);
  const encoding = /^content-transfer-encoding:\s*(\S+)/im.exec(head)?.[1].toLowerCase();
  if (encoding === 'quoted-printable') {
    body = Buffer.from(
      body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/gi, (_match, hex: string) => String.fromCharCode(parseInt(hex, 16))),
      'latin1',
    ).toString('utf8');
  } else if (encoding === 'base64') {
    body = Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  }
  const rawSubject = /^subject:\s*(.*)$/im.exec(head)?.[1] ?? '';
  const subject = rawSubject.replace(/=\?utf-8\?([bq])\?([^?]*)\?=\s*/gi, (_match, kind: string, text: string) =>
    kind.toLowerCase() === 'b'
      ? Buffer.from(text, 'base64').toString('utf8')
      : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1').toString('utf8'),
  );
  return { subject, text: body.replace(/\r\n/g, '\n') };
}

/**
 * A real SMTP server on the loopback interface, on a port the system chooses. `refuse` names
 * addresses it refuses at RCPT TO (550, as a server does for an unknown mailbox); `onData` may
 * replace what it answers to a whole message.
 */
export async function startSmtp(options: { refuse?: string[]; onMessage?: (mail: ReceivedMail) => Error | null } = {}): Promise<TestSmtp> {
  const received: ReceivedMail[] = [];
  const refuse = new Set((options.refuse ?? []).map((address) => address.toLowerCase()));
  const serverOptions: SMTPServerOptions = {
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    logger: false,
    onRcptTo(address, _session, callback) {
      if (refuse.has(address.address.toLowerCase())) {
        const error = Object.assign(new Error(`5.1.1 <${address.address}>: mailbox unknown`), { responseCode: 550 });
        return callback(error);
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const mail = { to: session.envelope.rcptTo.map((rcpt) => rcpt.address), ...parseMessage(Buffer.concat(chunks).toString('utf8')) };
        const refusal = options.onMessage?.(mail) ?? null;
        if (refusal) return callback(refusal);
        received.push(mail);
        callback();
      });
    },
  };
  const server = new SMTPServer(serverOptions);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  return { url: `smtp://127.0.0.1:${port}`, received, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Waits until no message of the database is queued or being sent. */
export async function waitForQueue(db: Db, timeoutMs = 20_000): Promise<void> {
  const started = Date.now();
  for (;;) {
    const { n } = db.prepare("SELECT count(*) AS n FROM mail_messages WHERE status IN ('queued', 'sending')").get() as { n: number };
    if (n === 0) return;
    if (Date.now() - started > timeoutMs) throw new Error(`${n} messages still waiting after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** An open round closing on 15 December 2026, with organiser and contact, and `size` employees with e-mail addresses. */
export function roundWithRoster(db: Db, size: number, options: { withoutEmail?: number } = {}) {
  const round = createRound(db, { name: 'Diagnosis 2026', closes_on: '2026-12-15' }, new Date('2026-11-01T00:00:00Z'), 'test');
  db.prepare("UPDATE rounds SET organiser = 'Subdit Perencanaan', contact = 'Rina (0812-0000-1111)' WHERE id = ?").run(round.row.id);
  const entries = [];
  for (let index = 1; index <= size; index += 1) {
    entries.push(addRosterEntry(db, round.row.id, { name: `Pegawai ${index}`, unit: index % 2 ? 'Subdit A' : 'Subdit B', email: `pegawai${index}@example.go.id` }, new Date(), 'test'));
  }
  const withoutEmail = [];
  for (let index = 1; index <= (options.withoutEmail ?? 0); index += 1) {
    withoutEmail.push(addRosterEntry(db, round.row.id, { name: `Tanpa Surel ${index}`, unit: 'Subdit C' }, new Date(), 'test'));
  }
  return { roundId: round.row.id, entries, withoutEmail };
}

/** The sender and a fast throttle (600 a minute), as an administrator would set them. */
export function configureSender(db: Db, perMinute = 600): void {
  saveMailSettings(db, { from_name: 'Tim Survei', from_address: 'survei@example.go.id', per_minute: String(perMinute) }, new Date(), 'test');
}

export function linkIn(text: string): string | null {
  return /https?:\/\/[^\s]+\/s\/[A-Za-z0-9_-]+/.exec(text)?.[0] ?? null;
}
