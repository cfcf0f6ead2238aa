import { parseArgs } from 'node:util';
import { CLI_ACTOR } from '../audit/log';
import { calendarDate } from '../dates';
import { parseId } from '../ids';
import { publishedRoundSummary, publishedSkmReport } from '../skm/analysis';
import { SKM_INFOGRAPHIC_FORMATS, SKM_REPORT_FILE_FORMATS, skmInfographicFile, skmReportFile } from '../skm/files';
import { createSkmRound, getSkmRound, listAllSkmRounds } from '../skm/rounds';
import { langArg, readFileArg, requireArg, UsageError, writeChunks, type CliCommand, type CliContext } from './common';

/** The stakeholder satisfaction survey (SKM): its rounds and their report. */

export function skmRoundIdArg(text: string | undefined): number {
  const id = parseId(requireArg(text, '<skm-round>'));
  if (id === null) throw new UsageError(`<skm-round> is an SKM round number, not "${text}"`);
  return id;
}

const roundCreate: CliCommand = ({ db, now, out }, args) => {
  const { values } = parseArgs({
    args,
    options: {
      name: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      population: { type: 'string' },
      'services-file': { type: 'string' },
      'min-group-size': { type: 'string' },
    },
  });
  const services = values['services-file'] === undefined ? '' : readFileArg(values['services-file']).toString('utf8').replace(/^\uFEFF/, '');
  const round = createSkmRound(
    db,
    { name: values.name ?? '', period_start: values.from ?? '', period_end: values.to ?? '', services, population: values.population, min_group_size: values['min-group-size'] },
    now,
    CLI_ACTOR,
  );
  out(String(round.row.id));
};

/** `skm round <action>`: only create so far. */
const round: CliCommand = (context, args) => {
  const [action, ...rest] = args;
  if (action === 'create') return roundCreate(context, rest);
  throw new UsageError(action ? `unknown command "skm round ${action}"` : 'missing "create" after "skm round"');
};

/** One line per round, newest period first: id, name, period, questionnaires, index and grade (tab-separated). */
const rounds: CliCommand = ({ db, out }, args) => {
  parseArgs({ args, options: {} });
  for (const skm of listAllSkmRounds(db)) {
    const summary = publishedRoundSummary(db, skm);
    const index = summary.ikm_rounded === null ? '-' : `${summary.ikm_rounded.toFixed(2)} ${summary.grade}`;
    out([skm.row.id, skm.row.name, `${skm.row.period_start}..${skm.row.period_end}`, summary.responses, index, skm.row.closed_at === null ? 'open' : 'closed'].join('\t'));
  }
};

const REPORT_FORMATS = ['json', ...SKM_REPORT_FILE_FORMATS] as const;

function formatArg<T extends string>(value: string | undefined, formats: readonly T[], fallback?: T): T {
  const format = value ?? fallback;
  if (format === undefined || !(formats as readonly string[]).includes(format)) throw new UsageError(`--format is one of ${formats.join(', ')}`);
  return format as T;
}

function fileOptions(context: CliContext, lang: string | undefined) {
  return { lang: langArg(lang), generatedOn: calendarDate(context.now, context.config.timezone), commentMin: context.config.commentMin };
}

/**
 * The report of a published round as JSON, HTML, PDF or XLSX, the same files as the report page's
 * downloads (read-only: nothing is written but the output file, and that only once it is built).
 */
const report: CliCommand = async (context, args) => {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { format: { type: 'string' }, lang: { type: 'string' }, out: { type: 'string' } } });
  const format = formatArg(values.format, REPORT_FORMATS, 'json');
  const roundId = skmRoundIdArg(positionals[0]);
  const options = fileOptions(context, values.lang);
  if (format === 'json') {
    const built = publishedSkmReport(context.db, getSkmRound(context.db, roundId), options);
    writeChunks([`${JSON.stringify(built, null, 2)}\n`], values.out, context.io);
    return;
  }
  const file = await skmReportFile(context.db, context.config, roundId, format, options);
  writeChunks([file.body], values.out, context.io);
};

/** The one-page A4 infographic of a published round, as PNG (1588 × 2246 pixels) or PDF. */
const infographic: CliCommand = async (context, args) => {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { format: { type: 'string' }, lang: { type: 'string' }, out: { type: 'string' } } });
  const format = formatArg(values.format, SKM_INFOGRAPHIC_FORMATS, 'png');
  const file = await skmInfographicFile(context.db, context.config, skmRoundIdArg(positionals[0]), format, fileOptions(context, values.lang));
  writeChunks([file.body], values.out, context.io);
};

export const skmCommands: Record<string, CliCommand> = { 'skm round': round, 'skm rounds': rounds, 'skm report': report, 'skm infographic': infographic };
