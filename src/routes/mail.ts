import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { countBatchStatus, findBatch, latestMessagesByEntry, listBatchMessages, listBatches, type MailKind, type TemplateKind } from '../db/mail';
import { listRoster } from '../db/roster';
import { localDateTime } from '../dates';
import { NotFoundError, ValidationError, type Problem } from '../errors';
import { parseId } from '../ids';
import type { Translate } from '../i18n';
import { MailQueue } from '../mail/queue';
import {
  checkReadyToSend,
  findRecipients,
  getMessage,
  issueChatLinks,
  queueBatch,
  resendMessage,
  roundValues,
  unsetRoundDetails,
  saveTemplate,
  templateFor,
  TEMPLATE_KINDS,
  TemplateValidationError,
} from '../mail/service';
import { mailSettings, saveMailSettings, smtpServerLabel } from '../mail/settings';
import { defaultTemplate, PLACEHOLDER_LIST, renderTemplate, type TemplateProblem } from '../mail/templates';
import { smtpSender } from '../mail/transport';
import { getRosterEntry } from '../survey/roster';
import { publicAddress } from '../survey/public-address';
import { getRound, parseRoundId } from '../survey/rounds';
import { actorOf, formBody, type AppContext } from './context';
import { requireCapability } from './middleware';

/** What the send and preview forms carry: which message, to whom (a selection by roster ids). */
const SendSchema = z.object({
  kind: z.enum(['invitation', 'reminder']),
  audience: z.enum(['missing', 'pending', 'selected']),
  ids: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]))
    .pipe(z.array(z.string().regex(/^[1-9]\d*$/, 'not an employee').transform(Number))),
});

function parseSend(body: Record<string, unknown>): z.infer<typeof SendSchema> {
  const parsed = SendSchema.safeParse({ kind: body.kind, audience: body.audience, ids: body.ids });
  if (!parsed.success) throw new ValidationError('Invalid choice', parsed.error.issues.map((issue) => ({ field: String(issue.path[0]), message: issue.message })));
  if (parsed.data.audience === 'selected' && parsed.data.ids.length === 0) throw new ValidationError('Nobody was chosen', [{ field: 'ids', message: 'choose at least one employee' }]);
  return parsed.data;
}

function templateKindOf(req: Request): TemplateKind {
  const kind = String(req.params.kind);
  if (!(TEMPLATE_KINDS as readonly string[]).includes(kind)) throw new NotFoundError();
  return kind as TemplateKind;
}

function idOf(req: Request, name: string): number {
  return parseId(String(req.params[name])) ?? Number.NaN;
}

/** A template problem in the page's language, beside its field. */
function templateProblem(t: Translate, problem: TemplateProblem): Problem {
  return { field: problem.field, message: t(`mail.problem.${problem.code}` as Parameters<Translate>[0], { placeholder: problem.placeholder ?? '', max: problem.max ?? 0 }) };
}

// A link that shows where the personal link goes in a preview; it opens nothing.
const SAMPLE_TOKEN = 'contoh-tautan-pribadi';

export function mailRouter(context: AppContext): Router {
  const { db, config, now } = context;
  const router = Router();
  const manage = requireCapability('rounds.manage');
  const queue = new MailQueue({
    db,
    send: config.smtpUrl ? smtpSender(config.smtpUrl) : null,
    baseUrl: () => publicAddress(db, config).url,
    now,
    log: (line) => {
      if (config.log !== 'silent') console.error(line);
    },
  });
  queue.resume();

  function mailPage(req: Request, res: Response, status: number, extra: Record<string, unknown> = {}) {
    const id = parseRoundId(String(req.params.id));
    const round = getRound(db, id);
    const roster = listRoster(db, id);
    const invitations = findRecipients(db, id, 'invitation', 'missing');
    const reminders = findRecipients(db, id, 'reminder', 'pending');
    const latestInvitation = latestMessagesByEntry(db, id, 'invitation');
    const latestReminder = latestMessagesByEntry(db, id, 'reminder');
    const settings = mailSettings(db);
    const address = publicAddress(db, config);
    res.status(status).render('mail/index', {
      round: { id, name: round.row.name },
      configured: queue.configured,
      server: smtpServerLabel(config),
      sender: settings.fromAddress ? { name: settings.fromName, address: settings.fromAddress } : null,
      perMinute: settings.perMinute,
      loopback: address.loopback ? address.url : null,
      unset: unsetRoundDetails(roundValues(db, round)),
      templates: TEMPLATE_KINDS.map((kind) => ({ kind, custom: templateFor(db, id, kind).custom })),
      invitationCount: invitations.recipients.length,
      reminderCount: reminders.recipients.length,
      notDelivered: reminders.excluded.filter((item) => item.reason === 'not_delivered').length,
      batches: listBatches(db, id).map((batch) => ({ id: batch.id, kind: batch.kind, created_at: localDateTime(batch.created_at, config.timezone), finished: batch.finished_at !== null, counts: countBatchStatus(db, batch.id) })),
      withEmail: roster
        .filter((entry) => entry.email)
        .map((entry) => ({
          id: entry.id,
          name: entry.name,
          unit: entry.unit,
          email: entry.email,
          status: entry.status,
          hasLink: entry.token_hash !== null,
          invitation: latestInvitation.get(entry.id)?.status ?? null,
          reminder: latestReminder.get(entry.id)?.status ?? null,
        })),
      withoutEmail: roster.filter((entry) => !entry.email).map((entry) => ({ id: entry.id, name: entry.name, unit: entry.unit, status: entry.status, hasLink: entry.token_hash !== null })),
      notice: req.query.notice === 'template' ? 'template' : null,
      problems: [] as Problem[],
      ...extra,
    });
  }

  router.get('/rounds/:id/mail', manage, (req, res) => mailPage(req, res, 200));

  router.get('/rounds/:id/mail/templates/:kind', manage, (req, res) => {
    const id = parseRoundId(String(req.params.id));
    const kind = templateKindOf(req);
    getRound(db, id);
    // ?default=id|en fills the form with a default text; nothing is saved until the form is sent.
    const fromDefault = req.query.default === 'id' || req.query.default === 'en' ? defaultTemplate(kind, req.query.default) : null;
    const text = fromDefault ?? templateFor(db, id, kind);
    res.render('mail/template', { roundId: id, kind, values: { subject: text.subject, body: text.body }, placeholders: PLACEHOLDER_LIST, problems: [] });
  });

  router.post('/rounds/:id/mail/templates/:kind', manage, (req, res) => {
    const id = parseRoundId(String(req.params.id));
    const kind = templateKindOf(req);
    const body = formBody(req);
    try {
      saveTemplate(db, id, kind, body, now(), actorOf(req));
      res.redirect(303, `/rounds/${id}/mail?notice=template`);
    } catch (error) {
      if (!(error instanceof TemplateValidationError)) throw error;
      const t = res.locals.t as Translate;
      res.status(422).render('mail/template', {
        roundId: id,
        kind,
        values: { subject: typeof body.subject === 'string' ? body.subject : '', body: typeof body.body === 'string' ? body.body : '' },
        placeholders: PLACEHOLDER_LIST,
        problems: error.templateProblems.map((problem) => templateProblem(t, problem)),
      });
    }
  });

  router.post('/rounds/:id/mail/preview', manage, (req, res) => {
    const id = parseRoundId(String(req.params.id));
    const round = getRound(db, id);
    const choice = parseSend(formBody(req));
    const { recipients, excluded } = findRecipients(db, id, choice.kind, choice.audience, choice.ids);
    const first = recipients[0];
    const address = publicAddress(db, config);
    const text = renderTemplate(templateFor(db, id, choice.kind), {
      ...roundValues(db, round),
      name: first?.name ?? '',
      link: choice.kind === 'invitation' ? `${address.url}/s/${SAMPLE_TOKEN}` : null,
    });
    const settings = mailSettings(db);
    res.render('mail/preview', {
      round: { id, name: round.row.name },
      choice,
      configured: queue.configured,
      sender: settings.fromAddress ? { name: settings.fromName, address: settings.fromAddress } : null,
      perMinute: settings.perMinute,
      loopback: address.loopback ? address.url : null,
      unset: unsetRoundDetails(roundValues(db, round)),
      first: first ? { name: first.name, email: first.email } : null,
      message: text,
      recipients: recipients.map((entry) => ({ id: entry.id, name: entry.name, unit: entry.unit, email: entry.email })),
      excluded: excluded.map((item) => ({ name: item.entry.name, unit: item.entry.unit, reason: item.reason })),
    });
  });

  router.post('/rounds/:id/mail/send', manage, (req, res) => {
    const id = parseRoundId(String(req.params.id));
    getRound(db, id);
    const choice = parseSend(formBody(req));
    try {
      checkReadyToSend(db, config.smtpUrl);
      const { batchId } = queueBatch(db, id, choice.kind, choice.audience, choice.ids, now(), actorOf(req));
      queue.kick();
      res.redirect(303, `/rounds/${id}/mail/batches/${batchId}`);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      mailPage(req, res, 422, { problems: error.problems });
    }
  });

  function batchPage(req: Request, res: Response, status: number, extra: Record<string, unknown> = {}) {
    const id = parseRoundId(String(req.params.id));
    const round = getRound(db, id);
    const batch = findBatch(db, id, idOf(req, 'batch'));
    if (!batch) throw new NotFoundError();
    const counts = countBatchStatus(db, batch.id);
    const waiting = counts.queued + counts.sending;
    res.status(status).render('mail/batch', {
      round: { id, name: round.row.name },
      batch: { id: batch.id, kind: batch.kind as MailKind },
      counts,
      waiting,
      // Refreshes itself while messages wait: progress without JavaScript.
      refresh: waiting > 0 ? 3 : null,
      configured: queue.configured,
      messages: listBatchMessages(db, batch.id).map((message) => ({
        id: message.id,
        name: message.name,
        unit: message.unit,
        address: message.address,
        status: message.status,
        reply: message.reply,
        attempts: message.attempts,
      })),
      problems: [] as Problem[],
      problemMessage: null,
      values: {},
      ...extra,
    });
  }

  router.get('/rounds/:id/mail/batches/:batch', manage, (req, res) => batchPage(req, res, 200));

  router.post('/rounds/:id/mail/messages/:message/resend', manage, (req, res) => {
    const id = parseRoundId(String(req.params.id));
    getRound(db, id);
    const message = getMessage(db, id, idOf(req, 'message'));
    const email = formBody(req).email;
    req.params.batch = String(message.batch_id);
    try {
      checkReadyToSend(db, config.smtpUrl);
      resendMessage(db, id, message.id, typeof email === 'string' ? email : '', now(), actorOf(req));
      queue.kick();
      res.redirect(303, `/rounds/${id}/mail/batches/${message.batch_id}`);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      batchPage(req, res, 422, { problems: error.problems.map((problem) => ({ ...problem, field: 'email' })), problemMessage: message.id, values: { email } });
    }
  });

  /**
   * Links for employees without an e-mail address, with their chat message. Creating (or
   * re-creating) a link asks first; the answer is shown once and never cached.
   */
  router.post('/rounds/:id/mail/chat', manage, (req, res) => {
    const id = parseRoundId(String(req.params.id));
    const round = getRound(db, id);
    const body = formBody(req);
    const raw = body.ids === undefined ? [] : Array.isArray(body.ids) ? body.ids : [body.ids];
    const entries = raw.map((value) => getRosterEntry(db, id, parseId(String(value)) ?? Number.NaN));
    if (entries.length === 0) throw new ValidationError('Nobody was chosen', [{ field: 'ids', message: 'nobody to create a link for' }]);
    const reissued = entries.filter((entry) => entry.token_hash !== null);
    if (body.confirmed !== 'yes') {
      res.render('mail/chat-confirm', {
        round: { id, name: round.row.name },
        ids: entries.map((entry) => entry.id),
        names: entries.map((entry) => entry.name),
        reissued: reissued.map((entry) => entry.name),
      });
      return;
    }
    const messages = issueChatLinks(db, id, entries.map((entry) => entry.id), publicAddress(db, config).url, now(), actorOf(req));
    res.set('Cache-Control', 'no-store');
    res.render('mail/chat', { round: { id, name: round.row.name }, messages: messages.map((message) => ({ id: message.entry.id, name: message.entry.name, unit: message.entry.unit, link: message.link, text: message.text })) });
  });

  function settingsPage(req: Request, res: Response, status: number, extra: Record<string, unknown> = {}) {
    const settings = mailSettings(db);
    const roundId = parseId(String(req.query.round ?? ''));
    res.status(status).render('mail/settings', {
      roundId,
      configured: queue.configured,
      server: smtpServerLabel(config),
      values: { from_name: settings.fromName, from_address: settings.fromAddress ?? '', per_minute: String(settings.perMinute) },
      problems: [] as Problem[],
      saved: req.query.notice === 'saved',
      ...extra,
    });
  }

  router.get('/mail/settings', requireCapability('organisation.manage'), (req, res) => settingsPage(req, res, 200));

  router.post('/mail/settings', requireCapability('organisation.manage'), (req, res) => {
    const body = formBody(req);
    const roundId = parseId(String(req.query.round ?? ''));
    try {
      saveMailSettings(db, body, now(), actorOf(req));
      res.redirect(303, `/mail/settings?notice=saved${roundId ? `&round=${roundId}` : ''}`);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      settingsPage(req, res, 422, {
        values: { from_name: body.from_name, from_address: body.from_address, per_minute: body.per_minute },
        problems: error.problems,
      });
    }
  });

  return router;
}
