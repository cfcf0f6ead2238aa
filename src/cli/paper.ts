import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { CLI_ACTOR } from '../audit/log';
import { parseId } from '../ids';
import { importPaperFile, listPaperBatches, paperBatchRejects, undoPaperBatch } from '../survey/paper';
import { paperTemplate } from '../survey/paper-template';
import { parseRoundId } from '../survey/rounds';
import { fileSourceArg, langArg, maxRowsArg, requireArg, UsageError, type CliCommand, type CliContext } from './common';

const PAPER_OPTIONS = {
  format: { type: 'string' },
  separator: { type: 'string' },
  lang: { type: 'string' },
  'dry-run': { type: 'boolean' },
  'allow-new-units': { type: 'boolean' },
  'skip-invalid': { type: 'boolean' },
  'rejects-out': { type: 'string' },
  'max-rows': { type: 'string' },
} as const;

type PaperValues = ReturnType<typeof parseArgs<{ options: typeof PAPER_OPTIONS; allowPositionals: true }>>['values'];

async function template({ db, io }: CliContext, roundId: number, values: PaperValues): Promise<void> {
  const format = values.format ?? 'csv';
  if (format !== 'csv' && format !== 'xlsx') throw new UsageError(`unknown format "${format}" (csv or xlsx)`);
  const separator = values.separator ?? 'comma';
  if (separator !== 'comma' && separator !== 'semicolon') throw new UsageError('--separator is comma or semicolon');
  io.stdout.write((await paperTemplate(db, roundId, format, { lang: langArg(values.lang), dialect: separator })).body);
}

/** Forms between two progress lines on standard error: a million-form import takes a while. */
const PROGRESS_LINE_EVERY = 100_000;

function importForms({ db, config, io, now, out }: CliContext, roundId: number, fileName: string, values: PaperValues): void {
  const file = fileSourceArg(fileName);
  const maxRows = maxRowsArg(values['max-rows'], config.maxRows);
  const dryRun = values['dry-run'] === true;
  const skipInvalid = values['skip-invalid'] === true;
  const rejectsOut = values['rejects-out'];
  // Rejected rows must land somewhere the analyst sees them; a dry run writes nothing.
  if (skipInvalid && !dryRun && !rejectsOut) throw new UsageError('--skip-invalid needs --rejects-out <file> for the rows it leaves out');
  if (rejectsOut && !skipInvalid) throw new UsageError('--rejects-out goes with --skip-invalid');
  let importedBy = 'cli';
  try {
    importedBy = `cli (${os.userInfo().username})`;
  } catch {
    // No user name (some containers): "cli" alone is still true.
  }
  const result = importPaperFile(db, roundId, file, {
    fileName: path.basename(fileName),
    importedBy,
    actor: CLI_ACTOR,
    timeZone: config.timezone,
    now,
    allowNewUnits: values['allow-new-units'] === true,
    skipInvalid,
    dryRun,
    maxRows,
    onProgress: (forms) => {
      if (forms % PROGRESS_LINE_EVERY === 0) io.stderr.write(`${forms} forms read and checked\n`);
    },
    onWritten: (forms) => {
      if (forms >= PROGRESS_LINE_EVERY) io.stderr.write(`${forms} forms written, committing\n`);
    },
  });
  for (const warning of result.warnings) io.stderr.write(`warning: line ${warning.line}, column ${warning.column} ("${warning.value}"): ${warning.message}\n`);
  if (dryRun) {
    out(`dry run: ${result.imported} of ${result.rowCount} forms would be imported into round ${roundId}${result.rejectedCount ? `, ${result.rejectedCount} rows left out` : ''}; nothing was written`);
    return;
  }
  out(`${result.imported} forms imported into round ${roundId} as batch ${result.batchId}`);
  if (rejectsOut) {
    try {
      fs.writeFileSync(rejectsOut, result.rejectsCsv ?? '');
    } catch (error) {
      throw new Error(`batch ${result.batchId} is imported, but ${rejectsOut} could not be written (${(error as NodeJS.ErrnoException).code}): get the rejected rows with "potret paper rejects ${roundId} ${result.batchId}"`);
    }
    out(`${result.rejectedCount} rows left out, written with the reason to ${rejectsOut}`);
  }
}

function batchNumber(text: string): number {
  if (parseId(text) === null) throw new UsageError(`<batch> is a batch number, not "${text}"`);
  return Number(text);
}

function paperCommand(action: 'template' | 'import' | 'batches' | 'undo' | 'rejects'): CliCommand {
  return async (context, args) => {
    const { db, io, now, out } = context;
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: PAPER_OPTIONS });
    const roundId = parseRoundId(requireArg(positionals[0], '<round>'));
    if (action === 'template') return template(context, roundId, values);
    if (action === 'import') return importForms(context, roundId, requireArg(positionals[1], '<file>'), values);
    if (action === 'batches') {
      const batches = listPaperBatches(db, roundId);
      if (batches.length === 0) out(`no paper batches in round ${roundId}`);
      for (const batch of batches) {
        out(`${batch.id}\t${batch.file_name}\t${batch.row_count} forms\t${batch.rejected_count} rejected\t${batch.imported_at}\t${batch.imported_by}`);
      }
      return;
    }
    const batchId = batchNumber(requireArg(positionals[1], '<batch>'));
    if (action === 'rejects') {
      io.stdout.write(paperBatchRejects(db, roundId, batchId).csv);
      return;
    }
    const batch = undoPaperBatch(db, roundId, batchId, now, CLI_ACTOR);
    out(`batch ${batch.id} (${batch.file_name}) removed from round ${roundId}: ${batch.row_count} forms`);
  };
}

export const paperCommands: Record<string, CliCommand> = {
  'paper template': paperCommand('template'),
  'paper import': paperCommand('import'),
  'paper batches': paperCommand('batches'),
  'paper undo': paperCommand('undo'),
  'paper rejects': paperCommand('rejects'),
};
