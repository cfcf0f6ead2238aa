import { isLoopbackAddress } from '../survey/public-address';
import nodemailer from 'nodemailer';

/** One message as it leaves Potret: plain text only (no HTML, no tracking, no images). */
export interface OutgoingMail {
  from: { name: string; address: string };
  to: string;
  subject: string;
  text: string;
}

export type SendOutcome = { status: 'sent'; reply: string } | { status: 'refused' | 'failed'; reply: string };

/** Sends one message; never throws for what the server or the network answered. */
export type SendMail = (mail: OutgoingMail) => Promise<SendOutcome>;

interface SmtpError {
  code?: string;
  responseCode?: number;
  response?: string;
  message?: string;
}

/**
 * Whether a plain smtp:// connection must be upgraded with STARTTLS before anything is sent: the
 * messages carry personal links and the URL a password, so a server that does not offer TLS (or a
 * network that strips the offer) gets nothing. smtps:// is TLS from the start; a mail server on
 * this machine is reached without crossing a network. `?requireTLS=false` in the URL opts out.
 */
export function requiresTls(smtpUrl: string): boolean {
  const url = new URL(smtpUrl);
  if (url.protocol !== 'smtp:') return false;
  if (url.searchParams.get('requireTLS') === 'false') return false;
  return !isLoopbackAddress(smtpUrl);
}

/**
 * The SMTP transport for POTRET_SMTP_URL. One connection per message (no pool): a batch is sent
 * slowly on purpose (the throttle), and a connection held open for minutes is what servers drop.
 * nodemailer's own logger stays off: it would print each message, personal link included.
 */
export function smtpSender(smtpUrl: string): SendMail {
  const transport = nodemailer.createTransport({ url: smtpUrl, logger: false, debug: false, requireTLS: requiresTls(smtpUrl) });
  return async (mail) => {
    try {
      const info = await transport.sendMail({ from: mail.from, to: mail.to, subject: mail.subject, text: mail.text, disableFileAccess: true, disableUrlAccess: true });
      return { status: 'sent', reply: String(info.response ?? '') };
    } catch (error) {
      return classify(error as SmtpError);
    }
  };
}

/**
 * Refused: the server said no for good (a 5xx reply to the recipient or the message), so the
 * address or the message needs changing. Failed: anything else (no connection, a login refused, a
 * temporary 4xx), which trying again later may cure.
 */
export function classify(error: SmtpError): SendOutcome {
  const permanent = typeof error.responseCode === 'number' && error.responseCode >= 500 && error.code !== 'EAUTH';
  const reply = error.response ?? error.message ?? String(error);
  return { status: permanent ? 'refused' : 'failed', reply };
}

/**
 * Cuts personal links out of a text that will be stored or logged (a server's reply, an error
 * message): the given secrets wherever they appear, and anything that looks like a link's path.
 */
export function redactLinks(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of [...secrets].filter((value) => value.length > 0).sort((a, b) => b.length - a.length)) result = result.split(secret).join('[redacted]');
  return result.replace(/(?<=\/s\/)[^\s/?#&"'<>]+/g, '[redacted]');
}
