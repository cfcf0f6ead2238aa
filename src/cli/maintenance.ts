import path from 'node:path';
import { parseArgs } from 'node:util';
import { auditCsv, CLI_ACTOR, recordAudit } from '../audit/log';
import { writeBackup } from '../db/backup';
import { parseId } from '../ids';
import { dialectArg, requireArg, UsageError, writeChunks, type CliCommand } from './common';

const backup: CliCommand = ({ db, out }, args) => {
  const target = requireArg(args[0], '<file>');
  try {
    writeBackup(db, target);
  } catch (error) {
    throw new UsageError(`cannot write the backup to ${target}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  // After the copy is complete, so the log never claims a backup that failed; the copy itself
  // therefore does not list its own making.
  recordAudit(db, { actor: CLI_ACTOR, action: 'backup.create', details: { file: path.resolve(target) } }, new Date());
  out(`backup written to ${target} (without drafts and pending paper uploads)`);
};

const audit: CliCommand = ({ db, config, io }, args) => {
  const { values } = parseArgs({ args, options: { round: { type: 'string' }, out: { type: 'string' }, dialect: { type: 'string' } } });
  const dialect = dialectArg(values.dialect);
  // Any round number is accepted, even one that no longer exists: the log outlives its rounds.
  const roundId = values.round === undefined ? null : parseId(values.round);
  if (roundId === null && values.round !== undefined) throw new UsageError(`--round is a round number, not "${values.round}"`);
  writeChunks(auditCsv(db, { roundId, dialect, timeZone: config.timezone }), values.out, io);
};

export const maintenanceCommands: Record<string, CliCommand> = { backup, audit };
