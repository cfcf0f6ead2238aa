import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { CLI_ACTOR } from '../audit/log';
import { chatMessagesFor } from '../mail/service';
import { countResponses } from '../db/responses';
import { importRoster, issueLinks, linksCsv } from '../survey/roster';
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

const rosterImport: CliCommand = ({ db, config, io, now, out }, args) => {
  const { baseUrl } = config;
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { 'links-out': { type: 'string' }, dialect: { type: 'string' }, 'max-rows': { type: 'string' } } });
  const dialect = dialectArg(values.dialect);
  const maxRows = maxRowsArg(values['max-rows'], config.maxRows);
  const roundId = parseRoundId(requireArg(positionals[0], '<round>'));
  const file = fileSourceArg(requireArg(positionals[1], '<file>'));
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
      fs.writeFileSync(linksOut, linksCsv(links, dialect, chatMessagesFor(db, roundId)));
    } catch (error) {
      throw new UsageError(`cannot write ${linksOut}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}; nothing was imported`);
    }
    return entries;
  })();
  out(`${added.length} employees added to round ${roundId}; links written to ${linksOut}`);
  if (config.baseUrlIsDefault) {
    io.stderr.write(`potret: note: the links point to ${baseUrl}; set POTRET_BASE_URL to the address employees use and re-issue the links on the round page\n`);
  }
};

export const roundCommands: Record<string, CliCommand> = {
  'round create': roundCreate,
  'round close': roundClose,
  'round reopen': roundReopen,
  'roster import': rosterImport,
};
