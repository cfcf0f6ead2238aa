import { parseArgs } from 'node:util';
import { CLI_ACTOR } from '../audit/log';
import { countBatchStatus, listBatchMessages } from '../db/mail';
import { MailQueue } from '../mail/queue';
import { checkReadyToSend, findRecipients, queueBatch } from '../mail/service';
import { smtpSender } from '../mail/transport';
import { publicAddress } from '../survey/public-address';
import { getRound, parseRoundId } from '../survey/rounds';
import { requireArg, UsageError, type CliCommand } from './common';

/**
 * `potret mail <round> --invitations|--reminders [--dry-run]`: sends in this process, one message
 * at a time within the throttle, and returns when the batch is done (a server sharing the database
 * never sends the same message: each is claimed first). A dry run lists who would get a message
 * and writes nothing.
 */
const mail: CliCommand = async ({ db, config, now, out }, args) => {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { invitations: { type: 'boolean' }, reminders: { type: 'boolean' }, 'dry-run': { type: 'boolean' } } });
  if (Boolean(values.invitations) === Boolean(values.reminders)) throw new UsageError('choose one of --invitations and --reminders');
  const roundId = parseRoundId(requireArg(positionals[0], '<round>'));
  getRound(db, roundId);
  const kind = values.invitations ? 'invitation' : 'reminder';
  const audience = kind === 'invitation' ? 'missing' : 'pending';
  const plural = kind === 'invitation' ? 'invitations' : 'reminders';

  if (values['dry-run']) {
    const { recipients, excluded } = findRecipients(db, roundId, kind, audience);
    out(`would send ${recipients.length} ${plural} (dry run: nothing sent or written)`);
    for (const entry of recipients) out(`  ${entry.name} (${entry.unit}) <${entry.email}>`);
    const withoutEmail = excluded.filter((item) => item.reason === 'no_email').length;
    if (withoutEmail) out(`${withoutEmail} without an e-mail address (hand their links out on the mail page)`);
    return;
  }

  checkReadyToSend(db, config.smtpUrl);
  const { batchId, count } = queueBatch(db, roundId, kind, audience, [], now, CLI_ACTOR);
  out(`sending ${count} ${plural} …`);
  const queue = new MailQueue({
    db,
    send: smtpSender(config.smtpUrl as string),
    baseUrl: () => publicAddress(db, config).url,
    now: () => new Date(),
    log: () => undefined,
  });
  await queue.drain(batchId);
  const counts = countBatchStatus(db, batchId);
  out(`${counts.sent} sent, ${counts.refused} refused, ${counts.failed} failed${counts.skipped ? `, ${counts.skipped} skipped` : ''}`);
  for (const message of listBatchMessages(db, batchId).filter((row) => row.status === 'refused' || row.status === 'failed')) {
    out(`  ${message.status}: ${message.name} <${message.address}>: ${message.reply ?? ''}`);
  }
};

export const mailCommands: Record<string, CliCommand> = { mail };
