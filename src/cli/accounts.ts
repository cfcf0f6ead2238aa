import { parseArgs } from 'node:util';
import { CLI_ACTOR } from '../audit/log';
import { createApiToken, createUser } from '../auth/accounts';
import { requireArg, type CliCommand } from './common';

const adminCreate: CliCommand = async ({ db, io, now, out }, args) => {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { role: { type: 'string' } } });
  const username = requireArg(positionals[0], '<username>');
  const password = (await io.readStdin()).replace(/\r?\n$/, '');
  const user = await createUser(db, { username, password, role: values.role ?? 'admin' }, now, CLI_ACTOR);
  out(`${user.role} ${user.username} created`);
};

const tokenCreate: CliCommand = ({ db, now, out }, args) => {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { name: { type: 'string' } } });
  out(createApiToken(db, requireArg(positionals[0], '<username>'), values.name ?? 'cli', now, CLI_ACTOR));
};

export const accountCommands: Record<string, CliCommand> = {
  'admin create': adminCreate,
  'token create': tokenCreate,
};
