import path from 'node:path';
import { parseArgs } from 'node:util';
import { CLI_ACTOR } from '../audit/log';
import { calendarDate, isCalendarDate } from '../dates';
import { parseId } from '../ids';
import { addProgress, createPlan } from '../plan/service';
import { reportSettingsOf, showPlan } from '../plan/show';
import { loadOrganisation } from '../organisation/profile';
import { importPlanFile } from '../plan/import';
import { isPlanFileFormat, PLAN_FILE_FORMATS, planFile } from '../plan/files';
import { dialectArg, langArg, readFileArg, requireArg, UsageError, writeChunks, type CliCommand, type CliContext } from './common';

export function planIdArg(text: string | undefined): number {
  const id = parseId(requireArg(text, '<plan>'));
  if (id === null) throw new UsageError(`<plan> is a plan number, not "${text}"`);
  return id;
}

export function asOfArg(context: CliContext, value: string | undefined): string {
  if (value === undefined) return calendarDate(context.now, context.config.timezone);
  if (!isCalendarDate(value)) throw new UsageError(`--as-of is a date such as 2027-06-30, not "${value}"`);
  return value;
}

const planCreate: CliCommand = ({ db, now, out }, args) => {
  const { values } = parseArgs({
    args,
    options: { name: { type: 'string' }, round: { type: 'string' }, year: { type: 'string' }, 'end-year': { type: 'string' }, organisation: { type: 'string' } },
  });
  const id = createPlan(
    db,
    {
      name: values.name ?? '',
      organisation: values.organisation,
      start_year: values.year ?? String(now.getUTCFullYear() + 1),
      end_year: values['end-year'],
      baseline_round: values.round,
    },
    now,
    CLI_ACTOR,
  );
  out(String(id));
};

const planShow: CliCommand = (context, args) => {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { 'as-of': { type: 'string' }, format: { type: 'string' }, lang: { type: 'string' } } });
  if ((values.format ?? 'json') !== 'json') throw new UsageError('plan show prints JSON (--format json); use "plan export" for documents');
  const show = showPlan(context.db, planIdArg(positionals[0]), {
    asOf: asOfArg(context, values['as-of']),
    lang: langArg(values.lang),
    report: reportSettingsOf(context.config),
  });
  context.io.stdout.write(`${JSON.stringify(show, null, 2)}\n`);
};

const actionUpdate: CliCommand = (context, args) => {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { progress: { type: 'string' }, value: { type: 'string' }, note: { type: 'string' }, on: { type: 'string' }, evidence: { type: 'string' } } });
  const actionId = parseId(requireArg(positionals[0], '<action>'));
  if (actionId === null) throw new UsageError(`<action> is an action number, not "${positionals[0]}"`);
  if (values.progress === undefined && values.value === undefined) throw new UsageError('give --progress <0-100> or --value <achieved>');
  const reportedOn = values.on ?? calendarDate(context.now, context.config.timezone);
  addProgress(context.db, actionId, { reported_on: reportedOn, percent: values.progress, value: values.value, note: values.note, evidence_url: values.evidence }, context.now, CLI_ACTOR);
  context.out(`progress of action ${actionId} recorded for ${reportedOn}`);
};

interface PlanFileImportOptions {
  fileName: string;
  now: Date;
  actor: string;
  maxRows: number;
  maxBytes: number;
  dryRun: boolean;
}

/** `<group> import <plan> <file> [--dry-run]`: a file into a plan, all rows or none, saying what was (or would be) imported. */
export function planFileImportCommand<R extends { dryRun: boolean }>(
  importer: (db: CliContext['db'], planId: number, file: Buffer, options: PlanFileImportOptions) => Promise<R>,
  describe: (result: R) => string,
): CliCommand {
  return async (context, args) => {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { 'dry-run': { type: 'boolean' } } });
    const planId = planIdArg(positionals[0]);
    const fileName = requireArg(positionals[1], '<file>');
    const result = await importer(context.db, planId, readFileArg(fileName), {
      fileName: path.basename(fileName),
      now: context.now,
      actor: CLI_ACTOR,
      maxRows: context.config.maxRows,
      maxBytes: context.config.maxUploadBytes,
      dryRun: values['dry-run'] === true,
    });
    const what = describe(result);
    context.out(result.dryRun ? `dry run: ${what} would be imported into plan ${planId}; nothing was written` : `${what} imported into plan ${planId}`);
  };
}

const planImport = planFileImportCommand(importPlanFile, (result) => `${result.objectives} objective(s) and ${result.actions} action(s)`);

const planExport: CliCommand = async (context, args) => {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { format: { type: 'string' }, out: { type: 'string' }, lang: { type: 'string' }, dialect: { type: 'string' }, 'as-of': { type: 'string' } },
  });
  const format = values.format ?? '';
  if (!isPlanFileFormat(format)) throw new UsageError(`--format is one of ${PLAN_FILE_FORMATS.join(', ')}`);
  const lang = langArg(values.lang);
  const show = showPlan(context.db, planIdArg(positionals[0]), {
    asOf: asOfArg(context, values['as-of']),
    lang,
    report: reportSettingsOf(context.config),
  });
  const file = await planFile(show, format, { lang, dialect: dialectArg(values.dialect), generatedOn: calendarDate(context.now, context.config.timezone), config: context.config, organisation: loadOrganisation(context.db) });
  writeChunks([file.body], values.out, context.io);
};

export const planCommands: Record<string, CliCommand> = {
  'plan create': planCreate,
  'plan show': planShow,
  'plan import': planImport,
  'plan export': planExport,
  'action update': actionUpdate,
};
