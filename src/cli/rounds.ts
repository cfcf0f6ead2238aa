import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { CLI_ACTOR } from '../audit/log';
import { countResponses } from '../db/responses';
import { countRoster } from '../db/roster';
import { ValidationError } from '../errors';
import { importRoster, issueLinks, linksCsv, ROSTER_COLUMN_LIST } from '../survey/roster';
import { publicAddress } from '../survey/public-address';
import { closeRoundByHand, createRound, parseRoundId, reopenRoundByHand } from '../survey/rounds';
import { dialectArg, fileSourceArg, maxRowsArg, requireArg, UsageError, type CliCommand } from './common';

const roundCreate: CliCommand = ({ db, now, out }, args) => {
  const { values } = parseArgs({
    args,
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
};

const roundClose: CliCommand = ({ db, now, out }, args) => {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  const roundId = parseRoundId(requireArg(positionals[0], '<round>'));
  const released = closeRoundByHand(db, roundId, now, CLI_ACTOR);
  const waiting = countResponses(db, roundId).pending;
  out(`round ${roundId} closed; released ${released.online} online and ${released.paper} paper response(s)${waiting ? `; ${waiting} wait (fewer than the minimum group size of online answers since the last release)` : ''}`);
};

const roundReopen: CliCommand = ({ db, now, out }, args) => {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  const roundId = parseRoundId(requireArg(positionals[0], '<round>'));
  reopenRoundByHand(db, roundId, now, CLI_ACTOR);
  out(`round ${roundId} reopened; its published results stay as they are, new answers wait for the next close`);
};

/**
 * Adds a roster; with --links-out also creates every added employee's link and writes them to
 * that file. Without it no link is made: they are made when the invitations are sent, or on the
 * round page.
 */
const rosterImport: CliCommand = ({ db, config, io, now, out }, args) => {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { 'links-out': { type: 'string' }, 'new-only': { type: 'boolean' }, dialect: { type: 'string' }, 'max-rows': { type: 'string' } },
  });
  const dialect = dialectArg(values.dialect);
  const maxRows = maxRowsArg(values['max-rows'], config.maxRows);
  const roundId = parseRoundId(requireArg(positionals[0], '<round>'));
  const file = fileSourceArg(requireArg(positionals[1], '<file>'));
  const linksOut = values['links-out'];
  const options = { newOnly: values['new-only'] === true };
  const address = publicAddress(db, config);
  const onRoster = countRoster(db, roundId);
  if (onRoster > 0 && !options.newOnly) {
    // The service refuses too (in its transaction); this says it in the command line's terms.
    throw new ValidationError(`round ${roundId} already has ${onRoster} employees on its roster; nothing was imported`, [
      { field: 'new-only', message: 'to add only the employees of this file who are not on it yet, run the command again with --new-only' },
    ]);
  }
  // The links exist in full only in this file, so roster, links and file succeed or fail together:
  // the file is written inside the transaction, and a failure to write it rolls the import back.
  const result = db.transaction(() => {
    const imported = importRoster(db, roundId, file, maxRows, now, CLI_ACTOR, options);
    if (linksOut === undefined) return imported;
    const links = issueLinks(
      db,
      roundId,
      imported.added.map((entry) => entry.id),
      address.url,
      now,
      CLI_ACTOR,
    );
    try {
      fs.writeFileSync(linksOut, linksCsv(links, dialect));
    } catch (error) {
      throw new UsageError(`cannot write ${linksOut}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}; nothing was imported`);
    }
    return imported;
  })();
  for (const column of result.ignoredColumns) {
    io.stderr.write(`potret: note: column "${column.header}" (column ${column.column}) is not a roster column and was ignored; the roster columns are ${ROSTER_COLUMN_LIST} (or name, unit, grade, email, employee_no)\n`);
  }
  const counts = options.newOnly ? `; ${result.skipped} skipped as already on the roster; ${result.conflicts.length} conflicting` : '';
  out(`${result.added.length} employees added to round ${roundId}${counts}${linksOut === undefined ? '' : `; links written to ${linksOut}`}`);
  for (const conflict of result.conflicts) {
    out(`  line ${conflict.line}: employee number ${conflict.employee_no} is on the roster as "${conflict.rosterName}", not "${conflict.name}"; not added`);
  }
  if (linksOut === undefined) {
    out('no links were created: they are created when the invitations are sent, or on the round page (create links)');
  } else if (address.loopback) {
    io.stderr.write(`potret: note: the links point to ${address.url}; set POTRET_BASE_URL (or the address at /setup) to the address employees use and re-issue the links on the round page\n`);
  }
};

export const roundCommands: Record<string, CliCommand> = {
  'round create': roundCreate,
  'round close': roundClose,
  'round reopen': roundReopen,
  'roster import': rosterImport,
};
