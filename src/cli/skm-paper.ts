import path from 'node:path';
import { parseArgs } from 'node:util';
import { CLI_ACTOR } from '../audit/log';
import { parseId } from '../ids';
import { importSkmPaperFile, skmPaperTemplate, undoSkmPaperBatch } from '../skm/paper';
import { getSkmRound } from '../skm/rounds';
import { dialectArg, readFileArg, requireArg, UsageError, type CliCommand } from './common';
import { skmRoundIdArg } from './skm';

/** SKM paper forms from the command line: the template, an import (all rows or none), undo. */

const skmTemplate: CliCommand = (context, args) => {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { dialect: { type: 'string' } } });
  context.io.stdout.write(skmPaperTemplate(getSkmRound(context.db, skmRoundIdArg(positionals[0])), dialectArg(values.dialect)));
};

const skmImport: CliCommand = async (context, args) => {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { 'dry-run': { type: 'boolean' } } });
  const roundId = skmRoundIdArg(positionals[0]);
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
  const roundId = skmRoundIdArg(positionals[0]);
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
