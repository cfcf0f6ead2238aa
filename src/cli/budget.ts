import path from 'node:path';
import { parseArgs } from 'node:util';
import { CLI_ACTOR } from '../audit/log';
import { NotFoundError } from '../errors';
import { budgetFigures } from '../monitoring/budget';
import { importBudgetFile, setBudgetLine } from '../monitoring/budget-service';
import { getPlan } from '../plan/service';
import { langArg, readFileArg, requireArg, UsageError, type CliCommand } from './common';
import { planIdArg } from './plan';

function yearArg(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{4}$/.test(value)) throw new UsageError(`--year is a year such as 2027, not "${value}"`);
  return Number(value);
}

function monthArg(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,2}$/.test(value) || Number(value) < 1 || Number(value) > 12) throw new UsageError(`--through is a month from 1 to 12, not "${value}"`);
  return Number(value);
}

const budgetSet: CliCommand = (context, args) => {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { type: { type: 'string' }, pagu: { type: 'string' }, blokir: { type: 'string' }, year: { type: 'string' } } });
  const planId = planIdArg(positionals[0]);
  const type = requireArg(values.type, '--type');
  const pagu = requireArg(values.pagu, '--pagu');
  const year = yearArg(values.year) ?? getPlan(context.db, planId).start_year;
  setBudgetLine(context.db, planId, { year, spending_type: type, pagu, blokir: values.blokir }, context.now, CLI_ACTOR);
  context.out(`budget of spending type ${type} for ${year} set in plan ${planId}`);
};

const budgetImport: CliCommand = async (context, args) => {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { year: { type: 'string' }, 'dry-run': { type: 'boolean' } } });
  const planId = planIdArg(positionals[0]);
  const fileName = requireArg(positionals[1], '<file>');
  const result = await importBudgetFile(context.db, planId, readFileArg(fileName), {
    fileName: path.basename(fileName),
    year: yearArg(values.year),
    dryRun: values['dry-run'] === true,
    maxBytes: context.config.maxUploadBytes,
    maxRows: context.config.maxRows,
    actor: CLI_ACTOR,
    now: context.now,
  });
  const what = `${result.changed} month(s) of ${result.year} (${result.unchanged} row(s) unchanged)`;
  context.out(result.dryRun ? `dry run: ${what} would be imported into plan ${planId}; nothing was written` : `${what} imported into plan ${planId}`);
};

const budgetShow: CliCommand = (context, args) => {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { year: { type: 'string' }, through: { type: 'string' }, lang: { type: 'string' } } });
  const planId = planIdArg(positionals[0]);
  const year = yearArg(values.year) ?? getPlan(context.db, planId).start_year;
  const figures = budgetFigures(context.db, planId, year, { lang: langArg(values.lang), throughMonth: monthArg(values.through) });
  if (figures === null) throw new NotFoundError(`Plan ${planId} has no budget for ${year}: set a pagu first (potret budget set)`);
  context.io.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
};

export const budgetCommands: Record<string, CliCommand> = {
  'budget set': budgetSet,
  'budget import': budgetImport,
  'budget show': budgetShow,
};
