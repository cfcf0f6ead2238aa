import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { auditCsv, CLI_ACTOR, recordAudit } from './audit/log';
import { createApiToken, createUser } from './auth/accounts';
import { openAndPrepare } from './bootstrap';
import { loadConfig, type Config } from './config';
import { writeBackup } from './db/backup';
import type { Db } from './db/connection';
import { calendarDate } from './dates';
import { parseId } from './ids';
import { AppError } from './errors';
import { addInstrument, getInstrument } from './survey/instruments';
import { importRoster, issueLinks, linksCsv } from './survey/roster';
import { buildReport } from './report/build-report';
import { isReportFileFormat, recordDownload, REPORT_FILE_FORMATS, reportFile } from './report/service';
import { importPaperFile, listPaperBatches, paperBatchRejects, undoPaperBatch } from './survey/paper';
import { paperTemplate } from './survey/paper-template';
import { closeRoundByHand, createRound, parseRoundId, releaseClosedRounds, reopenRoundByHand } from './survey/rounds';
import { countResponses } from './db/responses';

export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** Reads all of standard input (passwords). */
  readStdin: () => Promise<string>;
  env: Record<string, string | undefined>;
}

const USAGE = `Usage: potret <command>

  round create --name <name> [--instrument <code>] [--opens-on YYYY-MM-DD] [--closes-on YYYY-MM-DD]
               [--target 4.00] [--min-group-size 5]         prints the new round's id
  round close <round>                                       closes the round and publishes its results
  round reopen <round>                                      takes answers again (published results stay)
  roster import <round> <file> --links-out <file> [--dialect comma|semicolon]
                                                            adds the roster and writes the links CSV
  instrument show <code>                                    prints the instrument JSON
  instrument add <file>                                     adds a custom instrument
  admin create <username> [--role admin|analyst|viewer|contributor]
                                                            password from standard input
  token create <username> [--name <label>]                  prints an API token for scripts
  report <round> [--format json|html|csv|xlsx|pdf|groups-csv|raw-csv|codebook-csv] [--compare <round>]
               [--lang id|en] [--perspective <code>] [--dialect comma|semicolon] [--out <file>]
                                                            the report, a download or the raw data (stdout without --out)
  paper template <round> [--format csv|xlsx] [--separator comma|semicolon] [--lang id|en]
                                                            the paper-questionnaire template (stdout)
  paper import <round> <file> [--dry-run] [--allow-new-units] [--skip-invalid --rejects-out <file>]
                                                            imports typed paper forms as one batch (all rows or none,
                                                            unless --skip-invalid)
  paper batches <round>                                     lists the import batches
  paper undo <round> <batch>                                removes a batch with all its forms
  paper rejects <round> <batch>                             the rows a batch left out, as CSV (stdout)
  backup <file>                                             copy of the database, safe while the server runs
                                                            (without drafts and pending paper uploads)
  audit [--round <id>] [--out <file>] [--dialect comma|semicolon]
                                                            the audit log as CSV, newest first (stdout without --out)

The database is POTRET_DB (default data/potret.db).`;

async function readAllStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

class UsageError extends Error {}

const READ_ONLY_COMMANDS = new Set(['backup', 'report', 'audit']);

function requireArg(value: string | undefined, name: string): string {
  if (!value) throw new UsageError(`missing ${name}`);
  return value;
}

function readFileArg(file: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

/** Writes chunk by chunk to the file, or to stdout without one: a large raw data or log is streamed, not built as one string. */
function writeChunks(chunks: Iterable<string | Buffer>, out: string | undefined, io: CliIo): void {
  const file = out ? fs.openSync(out, 'w') : null;
  try {
    for (const chunk of chunks) {
      if (file !== null) fs.appendFileSync(file, chunk);
      else io.stdout.write(chunk);
    }
  } finally {
    if (file !== null) fs.closeSync(file);
  }
}

async function run(db: Db, args: string[], io: CliIo, config: Readonly<Config>): Promise<void> {
  const { baseUrl, maxRows } = config;
  const [group, action, ...rest] = args;
  const now = new Date();
  const command = `${group ?? ''} ${action ?? ''}`.trim();
  const out = (text: string) => io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);

  if (command === 'round create') {
    const { values } = parseArgs({
      args: rest,
      options: {
        name: { type: 'string' },
        instrument: { type: 'string' },
        'opens-on': { type: 'string' },
        'closes-on': { type: 'string' },
        target: { type: 'string' },
        'min-group-size': { type: 'string' },
      },
    });
    const round = createRound(
      db,
      {
        name: values.name ?? '',
        instrument: values.instrument,
        opens_on: values['opens-on'],
        closes_on: values['closes-on'],
        target: values.target,
        min_group_size: values['min-group-size'],
      },
      now,
      CLI_ACTOR,
    );
    out(String(round.row.id));
    return;
  }
  if (command === 'round close' || command === 'round reopen') {
    const { positionals } = parseArgs({ args: rest, allowPositionals: true, options: {} });
    const roundId = parseRoundId(requireArg(positionals[0], '<round>'));
    if (action === 'reopen') {
      reopenRoundByHand(db, roundId, now, CLI_ACTOR);
      out(`round ${roundId} reopened; its published results stay as they are, new answers wait for the next close`);
      return;
    }
    const released = closeRoundByHand(db, roundId, now, CLI_ACTOR);
    const waiting = countResponses(db, roundId).pending;
    out(`round ${roundId} closed; released ${released.online} online and ${released.paper} paper response(s)${waiting ? `; ${waiting} wait (fewer than the minimum group size of online answers since the last release)` : ''}`);
    return;
  }
  if (command === 'roster import') {
    const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { 'links-out': { type: 'string' }, dialect: { type: 'string' } } });
    const dialect = values.dialect ?? 'comma';
    if (dialect !== 'comma' && dialect !== 'semicolon') throw new UsageError('--dialect is comma or semicolon');
    const roundId = parseRoundId(requireArg(positionals[0], '<round>'));
    const file = readFileArg(requireArg(positionals[1], '<file>'));
    const linksOut = requireArg(values['links-out'], '--links-out <file>');
    // The links exist in full only in this file, so roster, links and file succeed or fail together:
    // the file is written inside the transaction, and a failure to write it rolls the import back.
    const added = db.transaction(() => {
      const entries = importRoster(db, roundId, file, maxRows, now, CLI_ACTOR);
      const links = issueLinks(
        db,
        roundId,
        entries.map((entry) => entry.id),
        baseUrl,
        now,
        CLI_ACTOR,
      );
      try {
        fs.writeFileSync(linksOut, linksCsv(links, dialect));
      } catch (error) {
        throw new UsageError(`cannot write ${linksOut}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}; nothing was imported`);
      }
      return entries;
    })();
    out(`${added.length} employees added to round ${roundId}; links written to ${linksOut}`);
    if (config.baseUrlIsDefault) {
      io.stderr.write(`potret: note: the links point to ${baseUrl}; set POTRET_BASE_URL to the address employees use and re-issue the links on the round page\n`);
    }
    return;
  }
  if (command === 'instrument show') {
    out(JSON.stringify(getInstrument(db, requireArg(rest[0], '<code>')).definition, null, 2));
    return;
  }
  if (command === 'instrument add') {
    const text = readFileArg(requireArg(rest[0], '<file>')).toString('utf8').replace(/^\uFEFF/, '');
    const instrument = addInstrument(db, text, now);
    out(`instrument ${instrument.definition.code} added (${instrument.items.length} items)`);
    return;
  }
  if (command === 'admin create') {
    const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { role: { type: 'string' } } });
    const username = requireArg(positionals[0], '<username>');
    const password = (await io.readStdin()).replace(/\r?\n$/, '');
    const user = createUser(db, { username, password, role: values.role ?? 'admin' }, now, CLI_ACTOR);
    out(`${user.role} ${user.username} created`);
    return;
  }
  if (command === 'token create') {
    const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { name: { type: 'string' } } });
    out(createApiToken(db, requireArg(positionals[0], '<username>'), values.name ?? 'cli', now, CLI_ACTOR));
    return;
  }
  if (group === 'report') {
    const { values, positionals } = parseArgs({
      args: args.slice(1),
      allowPositionals: true,
      options: {
        format: { type: 'string' },
        compare: { type: 'string' },
        lang: { type: 'string' },
        out: { type: 'string' },
        perspective: { type: 'string' },
        dialect: { type: 'string' },
      },
    });
    const format = values.format ?? 'json';
    if (format !== 'json' && !isReportFileFormat(format)) throw new UsageError(`unknown format "${format}" (json, ${REPORT_FILE_FORMATS.join(', ')})`);
    const lang = values.lang ?? 'id';
    if (lang !== 'id' && lang !== 'en') throw new UsageError('--lang is id or en');
    const dialect = values.dialect ?? 'comma';
    if (dialect !== 'comma' && dialect !== 'semicolon') throw new UsageError('--dialect is comma or semicolon');
    if (values.perspective !== undefined && format !== 'csv') throw new UsageError('--perspective goes with --format csv');
    const roundId = parseRoundId(requireArg(positionals[0], '<round>'));
    const compareWith = values.compare ? parseRoundId(values.compare) : null;
    if (format !== 'json') {
      const chunks = await reportFile(db, config, {
        roundId,
        lang,
        compareWith,
        format,
        perspective: values.perspective ?? null,
        dialect,
        generatedOn: calendarDate(now, config.timezone),
        actor: CLI_ACTOR,
        now,
      });
      writeChunks(chunks, values.out, io);
      return;
    }
    const report = buildReport(db, roundId, { lang, alphaMin: config.alphaMin, categoryBoundary: config.categoryBoundary, compareWith });
    recordDownload(db, report, { format: 'json', lang }, CLI_ACTOR, now);
    const text = `${JSON.stringify(report, null, 2)}\n`;
    if (values.out) fs.writeFileSync(values.out, text);
    else io.stdout.write(text);
    return;
  }
  if (group === 'paper' && ['template', 'import', 'batches', 'undo', 'rejects'].includes(action ?? '')) {
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        format: { type: 'string' },
        separator: { type: 'string' },
        lang: { type: 'string' },
        'dry-run': { type: 'boolean' },
        'allow-new-units': { type: 'boolean' },
        'skip-invalid': { type: 'boolean' },
        'rejects-out': { type: 'string' },
      },
    });
    const roundId = parseRoundId(requireArg(positionals[0], '<round>'));
    if (action === 'template') {
      const format = values.format ?? 'csv';
      if (format !== 'csv' && format !== 'xlsx') throw new UsageError(`unknown format "${format}" (csv or xlsx)`);
      const separator = values.separator ?? 'comma';
      if (separator !== 'comma' && separator !== 'semicolon') throw new UsageError('--separator is comma or semicolon');
      const lang = values.lang ?? 'id';
      if (lang !== 'id' && lang !== 'en') throw new UsageError('--lang is id or en');
      io.stdout.write((await paperTemplate(db, roundId, format, { lang, dialect: separator })).body);
      return;
    }
    if (action === 'import') {
      const fileName = requireArg(positionals[1], '<file>');
      const file = readFileArg(fileName);
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
      return;
    }
    if (action === 'batches') {
      const batches = listPaperBatches(db, roundId);
      if (batches.length === 0) out(`no paper batches in round ${roundId}`);
      for (const batch of batches) {
        out(`${batch.id}\t${batch.file_name}\t${batch.row_count} forms\t${batch.rejected_count} rejected\t${batch.imported_at}\t${batch.imported_by}`);
      }
      return;
    }
    if (action === 'undo' || action === 'rejects') {
      const batchText = requireArg(positionals[1], '<batch>');
      if (parseId(batchText) === null) throw new UsageError(`<batch> is a batch number, not "${batchText}"`);
      if (action === 'rejects') {
        io.stdout.write(paperBatchRejects(db, roundId, Number(batchText)).csv);
        return;
      }
      const batch = undoPaperBatch(db, roundId, Number(batchText), now, CLI_ACTOR);
      out(`batch ${batch.id} (${batch.file_name}) removed from round ${roundId}: ${batch.row_count} forms`);
      return;
    }
  }
  if (group === 'backup') {
    const target = requireArg(action, '<file>');
    try {
      writeBackup(db, target);
    } catch (error) {
      throw new UsageError(`cannot write the backup to ${target}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
    // After the copy is complete, so the log never claims a backup that failed; the copy itself
    // therefore does not list its own making.
    recordAudit(db, { actor: CLI_ACTOR, action: 'backup.create', details: { file: path.resolve(target) } }, new Date());
    out(`backup written to ${target} (without drafts and pending paper uploads)`);
    return;
  }
  if (group === 'audit') {
    const { values } = parseArgs({ args: args.slice(1), options: { round: { type: 'string' }, out: { type: 'string' }, dialect: { type: 'string' } } });
    const dialect = values.dialect ?? 'comma';
    if (dialect !== 'comma' && dialect !== 'semicolon') throw new UsageError('--dialect is comma or semicolon');
    // Any round number is accepted, even one that no longer exists: the log outlives its rounds.
    const roundId = values.round === undefined ? null : parseId(values.round);
    if (roundId === null && values.round !== undefined) throw new UsageError(`--round is a round number, not "${values.round}"`);
    const chunks = auditCsv(db, { roundId, dialect, timeZone: config.timezone });
    writeChunks(chunks, values.out, io);
    return;
  }
  throw new UsageError(group ? `unknown command "${command}"` : 'no command given');
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
    if (READ_ONLY_COMMANDS.has(argv[0]) && config.dbFile !== ':memory:' && !fs.existsSync(config.dbFile)) {
      throw new UsageError(`no database at ${path.resolve(config.dbFile)} (set POTRET_DB)`);
    }
    db = openAndPrepare(config.dbFile).db;
    // A round whose closing date passed while no server ran is published before anything reads it.
    if (!READ_ONLY_COMMANDS.has(argv[0])) releaseClosedRounds(db, calendarDate(new Date(), config.timezone), new Date());
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
