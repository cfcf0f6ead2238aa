import { parseArgs } from 'node:util';
import { CLI_ACTOR } from '../audit/log';
import { calendarDate } from '../dates';
import { evaluatePeriod } from '../monitoring/evaluation';
import { closePeriod, reopenPeriod } from '../monitoring/indicators';
import { importKpiFile } from '../monitoring/kpi-import';
import { evaluationFile, type EvaluationFileFormat } from '../monitoring/files';
import { loadOrganisation } from '../organisation/profile';
import { reportSettingsOf } from '../plan/show';
import { langArg, requireArg, UsageError, writeChunks, type CliCommand } from './common';
import { asOfArg, planFileImportCommand, planIdArg } from './plan';

const kpiImport = planFileImportCommand(
  importKpiFile,
  (result) => `${result.created} new and ${result.updated} changed indicator(s), ${result.targets} target(s), ${result.realisations} realisation(s)`,
);

export const EVALUATION_FORMATS = ['json', 'html', 'pdf', 'xlsx'] as const;

const evaluation: CliCommand = async (context, args) => {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { period: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' }, lang: { type: 'string' }, 'as-of': { type: 'string' } } });
  const planId = planIdArg(positionals[0]);
  const period = requireArg(values.period, '--period');
  const format = values.format ?? 'json';
  if (!(EVALUATION_FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format is one of ${EVALUATION_FORMATS.join(', ')}`);
  const lang = langArg(values.lang);
  const result = evaluatePeriod(context.db, planId, period, { lang, report: reportSettingsOf(context.config), today: asOfArg(context, values['as-of']) });
  if (format === 'json') {
    writeChunks([`${JSON.stringify(result, null, 2)}\n`], values.out, context.io);
    return;
  }
  const file = await evaluationFile(result, format as EvaluationFileFormat, { lang, generatedOn: calendarDate(context.now, context.config.timezone), config: context.config, organisation: loadOrganisation(context.db) });
  writeChunks([file.body], values.out, context.io);
};

const periodClose: CliCommand = (context, args) => {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  const planId = planIdArg(positionals[0]);
  const period = requireArg(positionals[1], '<quarter>');
  closePeriod(context.db, planId, period, context.now, CLI_ACTOR);
  context.out(`${period} closed in plan ${planId}: its realisations and budget months are frozen`);
};

/** Whoever runs the command line administers the installation, so may reopen (with a reason). */
const periodReopen: CliCommand = (context, args) => {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { reason: { type: 'string' } } });
  const planId = planIdArg(positionals[0]);
  const period = requireArg(positionals[1], '<quarter>');
  reopenPeriod(context.db, planId, period, { reason: requireArg(values.reason, '--reason') }, context.now, CLI_ACTOR);
  context.out(`${period} reopened in plan ${planId}`);
};

export const monitoringCommands: Record<string, CliCommand> = {
  'kpi import': kpiImport,
  evaluation,
  'period close': periodClose,
  'period reopen': periodReopen,
};
