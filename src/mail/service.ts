import type { Db } from '../db/connection';
import {
  claimMessage,
  countBatchStatus,
  countWaiting,
  findBatch,
  findMessage,
  findTemplate,
  finishMessage,
  insertBatch,
  insertMessage,
  latestMessagesByEntry,
  requeueMessage,
  setBatchFinished,
  upsertTemplate,
  type MailAudience,
  type MailKind,
  type MailMessageRow,
  type MailStatus,
  type TemplateKind,
} from '../db/mail';
import { findRosterEntry, listRoster } from '../db/roster';
import type { RosterEntryRow } from '../db/types';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import { recordAudit } from '../audit/log';
import { editRosterEntry, getRosterEntry, issueLinks, type IssuedLink } from '../survey/roster';
import { getRound, roundOrganiser, type Round } from '../survey/rounds';
import { mailSettings } from './settings';
import { checkTemplate, defaultTemplate, renderTemplate, type TemplateProblem, type TemplateText, type TemplateValues } from './templates';
import { redactLinks, type SendMail } from './transport';

/*
 * Why a reminder carries no link.
 *
 * Only the hash of a personal link's token is stored, so once an invitation has gone the link
 * cannot be rebuilt, and a reminder could carry one only by issuing a new link (which kills the
 * old one and the draft saved under it) or by keeping the token. Keeping it — even encrypted under
 * a server secret — would break the confidentiality promise: whoever runs the server or holds a
 * copy of the database and its data directory could then open any named employee's link, see
 * their draft, or answer in their name. So the invitation creates the link at the moment it is
 * sent and keeps nothing, the reminder says "use the link in the invitation e-mail" (and whom to
 * ask for a new one), and a new link is issued only by hand, for the employee who asks.
 *
 * The invitation issues its link just before it is sent, one message at a time, so that a server
 * stopped mid-batch leaves the rest without links (they are sent when it starts again) instead of
 * with links nobody received. A refused invitation leaves a link nobody received; sending it again
 * after correcting the address issues a new one.
 */

export const TEMPLATE_KINDS: readonly TemplateKind[] = ['invitation', 'reminder', 'chat'];

/** A template problem with an English message (the command line, JSON); pages translate by code. */
export class TemplateValidationError extends ValidationError {
  readonly templateProblems: TemplateProblem[];
  constructor(problems: TemplateProblem[]) {
    super(
      'The template was not saved',
      problems.map((problem) => ({ field: problem.field, message: englishProblem(problem) })),
    );
    this.templateProblems = problems;
  }
}

function englishProblem(problem: TemplateProblem): string {
  switch (problem.code) {
    case 'required':
      return 'is required';
    case 'too_long':
      return `at most ${problem.max} characters`;
    case 'one_line':
      return 'must be one line';
    case 'unknown_placeholder':
      return `unknown placeholder ${problem.placeholder}`;
    case 'link_not_allowed':
      return `a reminder cannot contain the link (${problem.placeholder}): links are not kept after the invitation`;
    case 'link_not_alone':
      return `the link (${problem.placeholder}) must stand on its own, with a space before and after it, not inside another address`;
    case 'link_required':
      return 'must contain the link placeholder {tautan} or {link}';
  }
}

export function templateFor(db: Db, roundId: number, kind: TemplateKind): TemplateText & { custom: boolean } {
  const stored = findTemplate(db, roundId, kind);
  return stored ? { subject: stored.subject, body: stored.body, custom: true } : { ...defaultTemplate(kind, 'id'), custom: false };
}

export function saveTemplate(db: Db, roundId: number, kind: TemplateKind, input: Record<string, unknown>, now: Date, actor: string): void {
  getRound(db, roundId);
  const text: TemplateText = {
    subject: kind === 'chat' ? '' : typeof input.subject === 'string' ? input.subject.trim() : '',
    // Line endings as the browser sends them (CRLF) become plain newlines; nodemailer writes CRLF.
    body: typeof input.body === 'string' ? input.body.replace(/\r\n?/g, '\n').trim() : '',
  };
  const problems = checkTemplate(kind, text);
  if (problems.length) throw new TemplateValidationError(problems);
  db.transaction(() => {
    upsertTemplate(db, { round_id: roundId, kind, subject: text.subject, body: text.body, updated_at: now.toISOString() });
    // The wording itself, not only that it changed: what employees were sent can be read back,
    // even after the text was changed again. It names no employee.
    recordAudit(db, { actor, action: 'mail.template', roundId, details: { kind, subject: text.subject, body: text.body } }, now);
  })();
}

/** The round's values for the placeholders other than the employee's name and link. */
export function roundValues(db: Db, round: Round): Omit<TemplateValues, 'name' | 'link'> {
  return { closesOn: round.row.closes_on, organiser: roundOrganiser(db, round.row) ?? null, contact: round.row.contact ?? null };
}

/** The round settings a message would show as "—": named on the mail page and the preview, to fill in first. */
export function unsetRoundDetails(values: Omit<TemplateValues, 'name' | 'link'>): ('closes_on' | 'organiser' | 'contact')[] {
  const unset: ('closes_on' | 'organiser' | 'contact')[] = [];
  if (!values.closesOn) unset.push('closes_on');
  if (!values.organiser) unset.push('organiser');
  if (!values.contact) unset.push('contact');
  return unset;
}

export type ExclusionReason = 'no_email' | 'has_link' | 'no_link' | 'completed' | 'waiting' | 'not_delivered';

export interface Recipients {
  recipients: RosterEntryRow[];
  /** Employees of the audience who get no message, and why. */
  excluded: { entry: RosterEntryRow; reason: ExclusionReason }[];
}

const WAITING: readonly MailStatus[] = ['queued', 'sending'];
const NOT_DELIVERED: readonly MailStatus[] = ['queued', 'sending', 'refused', 'failed', 'skipped'];

/**
 * Who a message would go to. Invitations: employees with an e-mail address and no link yet.
 * Reminders: employees with a link who have not completed, whose invitation (if it went by mail)
 * arrived — a reminder that points to an invitation that never came would only confuse.
 * A selection is narrowed to those; the others are listed with the reason.
 */
export function findRecipients(db: Db, roundId: number, kind: MailKind, audience: MailAudience, selected: readonly number[] = []): Recipients {
  getRound(db, roundId);
  const roster = listRoster(db, roundId);
  const chosen = audience === 'selected' ? selected.map((id) => getRosterEntry(db, roundId, id)) : roster;
  const latestOfKind = latestMessagesByEntry(db, roundId, kind);
  const latestInvitation = kind === 'reminder' ? latestMessagesByEntry(db, roundId, 'invitation') : latestOfKind;
  const result: Recipients = { recipients: [], excluded: [] };
  for (const entry of chosen) {
    const reason = exclusionOf(entry, kind, latestOfKind.get(entry.id), latestInvitation.get(entry.id));
    if (reason === null) result.recipients.push(entry);
    else if (audience === 'selected' || reason === 'no_email' || reason === 'waiting' || reason === 'not_delivered') result.excluded.push({ entry, reason });
  }
  return result;
}

function exclusionOf(entry: RosterEntryRow, kind: MailKind, latestOfKind: MailMessageRow | undefined, latestInvitation: MailMessageRow | undefined): ExclusionReason | null {
  if (entry.status === 'completed') return 'completed';
  if (kind === 'invitation' && entry.token_hash !== null) return 'has_link';
  if (kind === 'reminder' && entry.token_hash === null) return 'no_link';
  if (latestOfKind && WAITING.includes(latestOfKind.status)) return 'waiting';
  if (kind === 'reminder' && latestInvitation && NOT_DELIVERED.includes(latestInvitation.status)) return 'not_delivered';
  if (!entry.email) return 'no_email';
  return null;
}

/** Sending needs an SMTP server and a sender address; a clear refusal before anything is queued. */
export function checkReadyToSend(db: Db, smtpUrl: string | null): void {
  if (!smtpUrl) throw new ConflictError('Mail is not configured: set POTRET_SMTP_URL (e.g. smtp://user:password@host:587) and restart Potret');
  if (!mailSettings(db).fromAddress) throw new ValidationError('No sender address', [{ field: 'from_address', message: 'set the sender address in the mail settings first' }]);
}

/** Queues one message per recipient as one batch, in one transaction; returns the batch id. */
export function queueBatch(db: Db, roundId: number, kind: MailKind, audience: MailAudience, selected: readonly number[], now: Date, actor: string): { batchId: number; count: number } {
  return db
    .transaction(() => {
      const { recipients } = findRecipients(db, roundId, kind, audience, selected);
      if (recipients.length === 0) throw new ValidationError('Nobody to send to', [{ field: 'audience', message: 'nobody to send to' }]);
      const at = now.toISOString();
      const batchId = insertBatch(db, { round_id: roundId, kind, audience, created_by: actor, created_at: at });
      for (const entry of recipients) insertMessage(db, { batch_id: batchId, round_id: roundId, roster_entry_id: entry.id, kind, address: entry.email as string, queued_at: at });
      recordAudit(db, { actor, action: 'mail.send', roundId, details: { batch: batchId, kind, audience, count: recipients.length } }, now);
      return { batchId, count: recipients.length };
    })
    .immediate();
}

export interface DeliveryContext {
  db: Db;
  send: SendMail;
  /** The address personal links start with (publicAddress), read per message. */
  baseUrl: () => string;
  now: () => Date;
  /** One line for the server's log; never given a link. */
  log: (line: string) => void;
}

/**
 * Sends one queued message; returns its outcome, or null when another process had taken it. Any
 * failure is recorded on the message, never thrown, and every text stored or logged has the link
 * cut out first.
 */
export async function deliverMessage(context: DeliveryContext, message: MailMessageRow): Promise<MailStatus | null> {
  const { db, now } = context;
  if (!claimMessage(db, message.id, now().toISOString())) return null;
  const secrets: string[] = [];
  const finish = (status: Exclude<MailStatus, 'queued' | 'sending'>, reply: string | null) => {
    const safe = reply === null ? null : redactLinks(reply, secrets).slice(0, 1000);
    finishMessage(db, message.id, status, safe, now().toISOString());
    if (status === 'refused' || status === 'failed') context.log(`Mail: message ${message.id} of round ${message.round_id} ${status}: ${safe ?? ''}`);
    return status;
  };
  try {
    const entry = findRosterEntry(db, message.round_id, message.roster_entry_id);
    const batch = findBatch(db, message.round_id, message.batch_id);
    if (!entry || !batch) return finish('skipped', 'no longer on the roster');
    const settings = mailSettings(db);
    if (!settings.fromAddress) return finish('failed', 'no sender address in the mail settings');
    if (entry.status === 'completed') return finish('skipped', 'already answered');
    const round = getRound(db, message.round_id);
    let link: string | null = null;
    if (message.kind === 'invitation') {
      // A first try for someone who meanwhile got a link another way (the links CSV) would kill
      // that link; a try after a refusal replaces the link nobody received.
      if (entry.token_hash !== null && message.attempts === 0) return finish('skipped', 'already had a link; not sent');
      [{ link }] = issueLinks(db, round.row.id, [entry.id], context.baseUrl(), now(), batch.created_by);
      secrets.push(link, link.slice(link.lastIndexOf('/') + 1));
    } else if (entry.token_hash === null) {
      return finish('skipped', 'has no link yet: send an invitation');
    }
    const text = renderTemplate(templateFor(db, round.row.id, message.kind), { ...roundValues(db, round), name: entry.name, link });
    const outcome = await context.send({ from: { name: settings.fromName, address: settings.fromAddress }, to: message.address, subject: text.subject, text: text.body });
    return finish(outcome.status, outcome.reply);
  } catch (error) {
    const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
    context.log(`Mail: message ${message.id} of round ${message.round_id} could not be sent (internal error): ${redactLinks(text, secrets)}`);
    try {
      return finish('failed', 'internal error; see the server log');
    } catch {
      return 'failed';
    }
  }
}

/** When a batch has nothing left to send: its finishing time and the counts in the audit log. */
export function finishBatchIfDone(db: Db, roundId: number, batchId: number, now: Date): boolean {
  return db
    .transaction(() => {
      const batch = findBatch(db, roundId, batchId);
      if (!batch || batch.finished_at !== null || countWaiting(db, batchId) > 0) return false;
      setBatchFinished(db, batchId, now.toISOString());
      const counts = countBatchStatus(db, batchId);
      recordAudit(
        db,
        { actor: batch.created_by, action: 'mail.result', roundId, details: { batch: batchId, kind: batch.kind, sent: counts.sent, refused: counts.refused, failed: counts.failed, skipped: counts.skipped } },
        now,
      );
      return true;
    })
    .immediate();
}

export function getMessage(db: Db, roundId: number, messageId: number): MailMessageRow {
  const message = findMessage(db, roundId, messageId);
  if (!message) throw new NotFoundError(`No message ${messageId} in round ${roundId}`);
  return message;
}

/**
 * Sends a refused or failed message again, to a corrected address if one is given (which then
 * becomes the employee's address on the roster, recorded like any roster edit).
 */
export function resendMessage(db: Db, roundId: number, messageId: number, address: string, now: Date, actor: string): MailMessageRow {
  return db
    .transaction(() => {
      const message = getMessage(db, roundId, messageId);
      if (message.status !== 'refused' && message.status !== 'failed') {
        throw new ValidationError('The message was not sent again', [{ field: 'email', message: 'only a refused or failed message can be sent again' }]);
      }
      const entry = getRosterEntry(db, roundId, message.roster_entry_id);
      if (entry.status === 'completed') throw new ValidationError('The message was not sent again', [{ field: 'email', message: 'this employee has already answered' }]);
      const corrected = address.trim();
      const changed = corrected !== (entry.email ?? '');
      if (changed) {
        editRosterEntry(db, roundId, entry.id, { name: entry.name, unit: entry.unit, grade: entry.grade ?? undefined, email: corrected, employee_no: entry.employee_no ?? undefined }, now, actor);
      }
      const email = getRosterEntry(db, roundId, entry.id).email;
      if (!email) throw new ValidationError('The message was not sent again', [{ field: 'email', message: 'an e-mail address is required' }]);
      requeueMessage(db, message.id, email, now.toISOString());
      setBatchFinished(db, message.batch_id, null);
      recordAudit(db, { actor, action: 'mail.resend', roundId, details: { batch: message.batch_id, message: message.id, kind: message.kind, address_changed: changed } }, now);
      return getMessage(db, roundId, message.id);
    })
    .immediate();
}

export interface ChatMessage {
  entry: RosterEntryRow;
  link: string;
  text: string;
}

/** The round's chat message for each issued link (the links CSV's "pesan" column, the chat page). */
export function chatMessagesFor(db: Db, roundId: number): (issued: IssuedLink) => string {
  const round = getRound(db, roundId);
  const template = templateFor(db, roundId, 'chat');
  const values = roundValues(db, round);
  return (issued) => renderTemplate(template, { ...values, name: issued.entry.name, link: issued.link }).body;
}

/**
 * Links for employees without an e-mail address, with the message to paste into a chat. This
 * issues links (re-issuing replaces a working one and its draft): the caller asks first and shows
 * the result once.
 */
export function issueChatLinks(db: Db, roundId: number, entryIds: readonly number[], baseUrl: string, now: Date, actor: string): ChatMessage[] {
  if (entryIds.length === 0) throw new ValidationError('Nobody was chosen', [{ field: 'ids', message: 'nobody to create a link for' }]);
  const messageOf = chatMessagesFor(db, roundId);
  return issueLinks(db, roundId, [...entryIds], baseUrl, now, actor).map((issued) => ({ entry: issued.entry, link: issued.link, text: messageOf(issued) }));
}
