import fs from 'node:fs';
import path from 'node:path';
import { openAndPrepare } from '../bootstrap';
import { loadConfig } from '../config';
import type { Db } from '../db/connection';
import { calendarDate } from '../dates';
import { AppError } from '../errors';
import { releaseClosedRounds } from '../survey/rounds';
import { accountCommands } from './accounts';
import { budgetCommands } from './budget';
import { monitoringCommands } from './monitoring';
import { organisationCommands } from './organisation';
import { skmPaperCommands } from './skm-paper';
import { UsageError, type CliCommand, type CliContext, type CliIo } from './common';
import { instrumentCommands } from './instruments';
import { maintenanceCommands } from './maintenance';
import { mailCommands } from './mail';
import { paperCommands } from './paper';
import { planCommands } from './plan';
import { reportCommands } from './report';
import { roundCommands } from './rounds';
import { skmCommands } from './skm';

export type { CliIo } from './common';

const USAGE = `Usage: potret <command>

  round create --name <name> [--instrument <code>] [--opens-on YYYY-MM-DD] [--closes-on YYYY-MM-DD]
               [--target 4.00] [--min-group-size 5]         prints the new round's id
  round close <round>                                       closes the round and publishes its results
  round reopen <round>                                      takes answers again (published results stay)
  roster import <round> <file> [--new-only] [--links-out <file> [--dialect comma|semicolon]] [--max-rows <n>]
                                                            adds the roster (--new-only: to a round that has one,
                                                            only employees not on it); with --links-out also
                                                            creates their links and writes the links CSV
  mail <round> --invitations|--reminders [--dry-run]        sends the invitations (to everyone with an e-mail address
                                                            and no link yet; creates their links) or the reminders (to
                                                            everyone not completed; no link re-issued) within the
                                                            throttle; prints how many were sent and refused
  instrument show <code>                                    prints the instrument JSON
  instrument add <file>                                     adds a custom instrument
  admin create <username> [--role admin|analyst|viewer|contributor]
                                                            password from standard input
  token create <username> [--name <label>]                  prints an API token for scripts
  token list [<username>]                                   the API tokens (id, user, label, date), never the tokens
  token revoke <id>                                         revokes one API token at once
  user deactivate <username>                                the account can no longer log in; ends its sessions and
                                                            revokes its API tokens
  user reactivate <username>                                the account can log in again (revoked tokens stay revoked)
  report <round> [--format json|html|csv|xlsx|pdf|groups-csv|raw-csv|codebook-csv] [--compare <round>]
               [--lang id|en] [--perspective <code>] [--dialect comma|semicolon] [--out <file>]
                                                            the report, a download or the raw data (stdout without --out)
  paper template <round> [--format csv|xlsx] [--separator comma|semicolon] [--lang id|en]
                                                            the paper-questionnaire template (stdout)
  paper import <round> <file> [--dry-run] [--allow-new-units] [--skip-invalid --rejects-out <file>]
               [--max-rows <n>]                             imports typed paper forms as one batch (all rows or none,
                                                            unless --skip-invalid); --max-rows raises POTRET_MAX_ROWS
                                                            for this file (the file is streamed: 1,000,000 forms fit)
  paper batches <round>                                     lists the import batches
  paper undo <round> <batch>                                removes a batch with all its forms
  paper rejects <round> <batch>                             the rows a batch left out, as CSV (stdout)
  backup <file>                                             copy of the database, safe while the server runs
                                                            (without drafts and pending paper uploads)
  plan create --name <name> [--round <id>] [--year 2027] [--end-year 2029] [--organisation <name>]
                                                            creates a plan from a baseline round; prints its id
  plan show <plan> [--as-of YYYY-MM-DD] [--format json] [--lang id|en]
                                                            the whole plan as JSON, action status as of the date
  plan import <plan> <file> [--dry-run]                     adds objectives and actions from CSV or XLSX (all rows or none)
  plan export <plan> --format html|pdf|xlsx|csv [--out <file>] [--lang id|en] [--dialect comma|semicolon] [--as-of YYYY-MM-DD]
                                                            the strategy document (html, pdf) or the action-plan
                                                            matrix (xlsx, csv), to stdout without --out
  action update <action> --progress <0-100> [--value <achieved>] [--note <text>] [--on YYYY-MM-DD]
                                                            records a progress report of an action
  budget set <plan> --type <51|52|53|57> --pagu <rupiah> [--blokir <rupiah>] [--year <yyyy>]
                                                            sets the pagu and blokir of a spending type for a year
  budget import <plan> <file> [--year <yyyy>] [--dry-run]   the monthly plan (RPD) and realisation from CSV or XLSX
                                                            (all rows or none)
  budget show <plan> [--year <yyyy>] [--through <1-12>] [--lang id|en]
                                                            absorption, RPD deviation and quarterly targets as JSON
  kpi import <plan> <file> [--dry-run]                      indicators, period targets and realisations from CSV or XLSX
                                                            (all rows or none)
  evaluation <plan> --period 2027-Q2|2027-S1|2027 [--format json|html|pdf|xlsx] [--out <file>] [--lang id|en] [--as-of YYYY-MM-DD]
                                                            the evaluation of a period (year to date), to stdout without --out
  period close <plan> <quarter>                             closes a reported quarter (2027-Q1): its figures are frozen
  period reopen <plan> <quarter> --reason <text>            reopens a closed quarter, with the reason in the audit log
  audit [--round <id>] [--out <file>] [--dialect comma|semicolon]
                                                            the audit log as CSV, newest first (stdout without --out)
  organisation show                                         the organisation profile the leaders' documents carry
  organisation set [--name <name>] [--parent <ministry>] [--unit <unit>] [--city <city>]
               [--head-name <name>] [--head-position <position>] [--head-nip <18 digits>]
               [--logo <file.png|file.svg>] [--remove-logo]
                                                            changes the fields given, keeps the others; logo PNG or
                                                            SVG, at most 512 KB
  skm round create --name <name> --from YYYY-MM-DD --to YYYY-MM-DD [--population <N>]
               [--services-file <file>] [--min-group-size 5]
                                                            creates a stakeholder satisfaction (SKM) round, one service
                                                            per line in the file; prints its id
  skm rounds                                                the SKM rounds: id, name, period, questionnaires, index, state
  skm report <skm-round> [--format json|html|pdf|xlsx] [--lang id|en] [--out <file>]
                                                            the report of a closed SKM round: JSON, the document as
                                                            one HTML file or A4 PDF, or the workbook (stdout without --out)
  skm infographic <skm-round> [--format png|pdf] [--lang id|en] [--out <file>]
                                                            the round's index on one A4 page for the notice board:
                                                            PNG 1588 × 2246 pixels or a one-page PDF
  skm template <skm-round> [--dialect comma|semicolon]      the CSV template for SKM paper forms
  skm import <skm-round> <file> [--dry-run]                 SKM paper forms from CSV or XLSX (all rows or none)
  skm undo <skm-round> <batch>                              removes an imported batch of SKM paper forms

The database is POTRET_DB (default data/potret.db).`;

async function readAllStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** Commands by their first two words ("round create") or, for one-word commands, by that word ("report"). */
const COMMANDS: Record<string, CliCommand> = {
  ...roundCommands,
  ...instrumentCommands,
  ...accountCommands,
  ...reportCommands,
  ...paperCommands,
  ...maintenanceCommands,
  ...planCommands,
  ...budgetCommands,
  ...monitoringCommands,
  ...organisationCommands,
  ...skmPaperCommands,
  ...skmCommands,
  ...mailCommands,
};

const READ_ONLY_COMMANDS = new Set(['backup', 'report', 'audit', 'evaluation']);
/** Two-word commands that only read (they must not create a database or publish rounds either). */
const READ_ONLY_TWO_WORDS = new Set(['plan show', 'plan export', 'budget show', 'organisation show', 'skm template', 'skm rounds', 'skm report', 'skm infographic']);

async function run(db: Db, args: string[], io: CliIo, config: CliContext['config']): Promise<void> {
  const [group, action] = args;
  const context: CliContext = { db, config, io, now: new Date(), out: (text) => io.stdout.write(text.endsWith('\n') ? text : `${text}\n`) };
  const lookup = (name: string) => (Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined);
  const twoWords = group && action ? lookup(`${group} ${action}`) : undefined;
  if (twoWords) return twoWords(context, args.slice(2));
  const oneWord = group ? lookup(group) : undefined;
  if (oneWord) return oneWord(context, args.slice(1));
  throw new UsageError(group ? `unknown command "${`${group} ${action ?? ''}`.trim()}"` : 'no command given');
}

/** Runs one CLI command; returns the exit code. Errors go to stderr, never as a stack trace for expected ones. */
export async function main(argv: string[], io: CliIo = { stdout: process.stdout, stderr: process.stderr, readStdin: readAllStdin, env: process.env }): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === 'help') {
    (argv.length === 0 ? io.stderr : io.stdout).write(`${USAGE}\n`);
    return argv.length === 0 ? 2 : 0;
  }
  let db: Db | undefined;
  try {
    const config = loadConfig(io.env);
    // Reading commands must not create (and then report on or back up) an empty database by mistake.
    const readOnly = READ_ONLY_COMMANDS.has(argv[0]) || READ_ONLY_TWO_WORDS.has(`${argv[0]} ${argv[1] ?? ''}`);
    if (readOnly && config.dbFile !== ':memory:' && !fs.existsSync(config.dbFile)) {
      throw new UsageError(`no database at ${path.resolve(config.dbFile)} (set POTRET_DB)`);
    }
    db = openAndPrepare(config.dbFile).db;
    // A round whose closing date passed while no server ran is published before anything reads it.
    if (!readOnly) releaseClosedRounds(db, calendarDate(new Date(), config.timezone), new Date());
    await run(db, argv, io, config);
    return 0;
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr.write(`potret: ${(error as Error).message}\n\n${USAGE}\n`);
      return 2;
    }
    if (error instanceof AppError) {
      io.stderr.write(`potret: ${error.message}\n`);
      for (const problem of error.problems) {
        const where = [
          problem.line ? `line ${problem.line}` : null,
          problem.column ? `column ${problem.column}` : null,
          problem.field ? problem.field : null,
        ]
          .filter(Boolean)
          .join(', ');
        const value = problem.value !== undefined && problem.value !== null ? ` ("${problem.value}")` : '';
        io.stderr.write(`  ${where ? `${where}: ` : ''}${problem.message}${value}\n`);
      }
      return 1;
    }
    io.stderr.write(`potret: ${(error as Error).message}\n`);
    return 1;
  } finally {
    db?.close();
  }
}
