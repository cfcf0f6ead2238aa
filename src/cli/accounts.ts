import { parseArgs } from 'node:util';
import { CLI_ACTOR } from '../audit/log';
import { createApiToken, createUser } from '../auth/accounts';
import { deactivateUser, getUserByUsername, listTokens, reactivateUser, revokeApiToken } from '../auth/account-admin';
import { parseId } from '../ids';
import { requireArg, UsageError, type CliCommand } from './common';

/** The command line is no Potret user: it has no account of its own to protect (CLI_ACTOR in the audit log). */
const CLI = { username: CLI_ACTOR, userId: null };

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

const userDeactivate: CliCommand = ({ db, now, out }, args) => {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  const user = getUserByUsername(db, requireArg(positionals[0], '<username>'));
  const ended = deactivateUser(db, user.id, CLI, now);
  out(`${user.username} deactivated (${ended.sessions} sessions ended, ${ended.tokens} API tokens revoked)`);
};

const userReactivate: CliCommand = ({ db, now, out }, args) => {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  const user = getUserByUsername(db, requireArg(positionals[0], '<username>'));
  reactivateUser(db, user.id, CLI, now);
  out(`${user.username} reactivated`);
};

const tokenRevoke: CliCommand = ({ db, now, out }, args) => {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  const text = requireArg(positionals[0], '<id>');
  const id = parseId(text);
  if (id === null) throw new UsageError(`<id> is a token's number as "token list" shows it, not "${text}"`);
  const token = revokeApiToken(db, id, CLI, now);
  out(`token ${token.id} (${token.name}) of ${token.username} revoked`);
};

/** Tab-separated: id, username, label, created (UTC date); never the token. */
const tokenList: CliCommand = ({ db, out }, args) => {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  const userId = positionals[0] === undefined ? null : getUserByUsername(db, positionals[0]).id;
  out(['id', 'username', 'name', 'created'].join('\t'));
  for (const token of listTokens(db, userId)) out([token.id, token.username, token.name, token.created_at.slice(0, 10)].join('\t'));
};

export const accountCommands: Record<string, CliCommand> = {
  'admin create': adminCreate,
  'token create': tokenCreate,
  'token revoke': tokenRevoke,
  'token list': tokenList,
  'user deactivate': userDeactivate,
  'user reactivate': userReactivate,
};
