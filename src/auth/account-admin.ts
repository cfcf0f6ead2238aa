import type { Db } from '../db/connection';
import { deleteApiToken, deleteApiTokensOfUser, deleteSessionsOfUser, findApiToken, listApiTokens, type ApiTokenListRow } from '../db/sessions';
import { voidPasswordResets } from '../db/password-resets';
import { countActiveAdmins, findUserById, findUserByUsername, setUserDeactivated, updateUserRole } from '../db/users';
import type { UserRow } from '../db/types';
import { NotFoundError, ValidationError } from '../errors';
import { recordAudit } from '../audit/log';
import { isRole } from './permissions';

/**
 * What administrators do to other accounts: deactivate and reactivate them, change their role,
 * revoke their API tokens. The web pages and the command line call the same functions, which
 * record each change in the audit log inside its transaction.
 */

/** Why a change to an account was refused; pages show the message of `users.refused.<code>`. */
export type AccountRefusalCode = 'self_deactivate' | 'self_demote' | 'last_admin' | 'unknown_role' | 'reset_deactivated';

export class AccountRefusal extends ValidationError {
  constructor(
    readonly code: AccountRefusalCode,
    message: string,
    field = 'user',
  ) {
    super(message, [{ field, message }]);
  }
}

/** Who asks: their username for the audit log and, on the web, their account id (a command line has none). */
export interface AccountActor {
  username: string;
  userId: number | null;
}

export function getUserById(db: Db, id: number): UserRow {
  const user = findUserById(db, id);
  if (!user) throw new NotFoundError(`No user with id ${id}`);
  return user;
}

export function getUserByUsername(db: Db, username: string): UserRow {
  const user = findUserByUsername(db, username.trim());
  if (!user) throw new NotFoundError(`No user "${username}"`);
  return user;
}

/** The last administrator who can log in must stay one, or nobody could manage accounts again but from the command line. */
function isLastActiveAdmin(db: Db, user: UserRow): boolean {
  return user.role === 'admin' && user.deactivated_at === null && countActiveAdmins(db) <= 1;
}

/**
 * Deactivates an account: it can no longer log in, every session of it ends and every API token
 * of it is revoked, in one transaction, so the very next request with either is refused. Pending
 * password-reset links are voided. Deactivating a deactivated account changes nothing.
 */
export function deactivateUser(db: Db, userId: number, actor: AccountActor, now: Date): { sessions: number; tokens: number } {
  return db
    .transaction(() => {
      const user = getUserById(db, userId);
      if (actor.userId === user.id) throw new AccountRefusal('self_deactivate', 'you cannot deactivate your own account');
      if (user.deactivated_at !== null) return { sessions: 0, tokens: 0 };
      if (isLastActiveAdmin(db, user)) throw new AccountRefusal('last_admin', `${user.username} is the last active administrator`);
      setUserDeactivated(db, user.id, now.toISOString());
      const sessions = deleteSessionsOfUser(db, user.id, null);
      const tokens = deleteApiTokensOfUser(db, user.id);
      voidPasswordResets(db, user.id, now.toISOString());
      recordAudit(db, { actor: actor.username, action: 'user.deactivate', details: { username: user.username, role: user.role, sessions_ended: sessions, tokens_revoked: tokens } }, now);
      return { sessions, tokens };
    })
    .immediate();
}

/** The account can log in again with its password; revoked tokens stay revoked. */
export function reactivateUser(db: Db, userId: number, actor: AccountActor, now: Date): void {
  db.transaction(() => {
    const user = getUserById(db, userId);
    if (user.deactivated_at === null) return;
    setUserDeactivated(db, user.id, null);
    recordAudit(db, { actor: actor.username, action: 'user.reactivate', details: { username: user.username, role: user.role } }, now);
  }).immediate();
}

/** A new role takes effect on the user's next request (sessions read the account each time). */
export function changeUserRole(db: Db, userId: number, role: unknown, actor: AccountActor, now: Date): void {
  if (!isRole(role)) throw new AccountRefusal('unknown_role', 'choose one of the roles', 'role');
  db.transaction(() => {
    const user = getUserById(db, userId);
    if (user.role === role) return;
    if (user.role === 'admin' && actor.userId === user.id) throw new AccountRefusal('self_demote', 'you cannot take the administrator role from your own account', 'role');
    if (user.role === 'admin' && isLastActiveAdmin(db, user)) throw new AccountRefusal('last_admin', `${user.username} is the last active administrator`, 'role');
    updateUserRole(db, user.id, role);
    recordAudit(db, { actor: actor.username, action: 'user.role', details: { username: user.username, role: { from: user.role, to: role } } }, now);
  }).immediate();
}

/** The tokens of one user, or of everyone (null): labels and dates, never the tokens. */
export function listTokens(db: Db, userId: number | null): ApiTokenListRow[] {
  return listApiTokens(db, userId);
}

/**
 * Revokes one API token at once. `ownerId`, when given, is whose tokens the asker may revoke:
 * someone else's token is then "not found", as if it did not exist (its id reveals nothing).
 */
export function revokeApiToken(db: Db, tokenId: number, actor: AccountActor, now: Date, ownerId: number | null = null): ApiTokenListRow {
  return db
    .transaction(() => {
      const token = findApiToken(db, tokenId);
      if (!token || (ownerId !== null && token.user_id !== ownerId)) throw new NotFoundError(`No API token with id ${tokenId}`);
      deleteApiToken(db, token.id);
      recordAudit(db, { actor: actor.username, action: 'token.revoke', details: { username: token.username, token_id: token.id, name: token.name } }, now);
      return token;
    })
    .immediate();
}
