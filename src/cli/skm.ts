import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { CLI_ACTOR } from '../audit/log';
import { parseId } from '../ids';
import { publishedRoundSummary, publishedSkmReport } from '../skm/analysis';
import { createSkmRound, getSkmRound, listAllSkmRounds } from '../skm/rounds';
import { langArg, readFileArg, requireArg, UsageError, type CliCommand } from './common';

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

/** The JSON report (read-only: nothing is written). */
const report: CliCommand = ({ db, config, io }, args) => {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { format: { type: 'string' }, lang: { type: 'string' }, out: { type: 'string' } } });
  if ((values.format ?? 'json') !== 'json') throw new UsageError('skm report prints JSON (--format json); the HTML report is the page /skm/rounds/<id>/report');
  const built = publishedSkmReport(db, getSkmRound(db, skmRoundIdArg(positionals[0])), { lang: langArg(values.lang), commentMin: config.commentMin });
  const text = `${JSON.stringify(built, null, 2)}\n`;
  if (values.out) fs.writeFileSync(values.out, text);
  else io.stdout.write(text);
};

export const skmCommands: Record<string, CliCommand> = { 'skm round': round, 'skm rounds': rounds, 'skm report': report };
