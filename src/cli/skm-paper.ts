import path from 'node:path';
import { parseArgs } from 'node:util';
import { CLI_ACTOR } from '../audit/log';
import { parseId } from '../ids';
import { importSkmPaperFile, skmPaperTemplate, undoSkmPaperBatch } from '../skm/paper';
import { getSkmRound } from '../skm/rounds';
import { dialectArg, readFileArg, requireArg, UsageError, type CliCommand } from './common';

/** SKM paper forms from the command line: the template, an import (all rows or none), undo. */

function skmRoundArg(value: string | undefined): number {
  const id = parseId(requireArg(value, '<skm round>'));
  if (id === null) throw new UsageError(`<skm round> is the number of an SKM round, not "${value}"`);
  return id;
}

const skmTemplate: CliCommand = (context, args) => {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { dialect: { type: 'string' } } });
  context.io.stdout.write(skmPaperTemplate(getSkmRound(context.db, skmRoundArg(positionals[0])), dialectArg(values.dialect)));
};

const skmImport: CliCommand = async (context, args) => {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { 'dry-run': { type: 'boolean' } } });
  const roundId = skmRoundArg(positionals[0]);
  const fileName = requireArg(positionals[1], '<file>');
  const result = await importSkmPaperFile(context.db, roundId, readFileArg(fileName), {
    fileName: path.basename(fileName),
    actor: CLI_ACTOR,
    now: context.now,
    timeZone: context.config.timezone,
    maxRows: context.config.maxRows,
    dryRun: values['dry-run'] === true,
  });
  context.out(
    values['dry-run'] === true
      ? `${result.forms} form(s) would be imported (${result.suggestions} with a suggestion); nothing was written`
      : `${result.forms} form(s) imported into SKM round ${roundId} as batch ${result.batchId} (${result.suggestions} with a suggestion)`,
  );
};

const skmUndo: CliCommand = (context, args) => {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  const roundId = skmRoundArg(positionals[0]);
  const batchId = parseId(requireArg(positionals[1], '<batch>'));
  if (batchId === null) throw new UsageError(`<batch> is a batch number, not "${positionals[1]}"`);
  const batch = undoSkmPaperBatch(context.db, roundId, batchId, context.now, CLI_ACTOR);
  context.out(`batch ${batch.id} (${batch.row_count} form(s) from ${batch.file_name}) removed from SKM round ${roundId}`);
};

export const skmPaperCommands: Record<string, CliCommand> = {
  'skm template': skmTemplate,
  'skm import': skmImport,
  'skm undo': skmUndo,
};
