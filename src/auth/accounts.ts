import { z } from 'zod';
import type { Db } from '../db/connection';
import { ROLES, type Role, type UserRow } from '../db/types';
import { deleteExpiredSessions, deleteSession, deleteSessionsOfUser, findApiTokenUserId, findLiveSession, insertApiToken, insertSession } from '../db/sessions';
import { countAdmins, findUserById, findUserByUsername, insertUser, updatePasswordHash } from '../db/users';
import { ForbiddenError, problemsFromZod, ValidationError } from '../errors';
import { dummyPasswordHash, hashPassword, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, verifyPassword } from './passwords';
import { hashToken, randomToken } from './tokens';
import { recordAudit } from '../audit/log';

/** The longest username an account may have; a login with a longer one is refused before any hashing. */
export const MAX_USERNAME_LENGTH = 40;

export const NewUserSchema = z.object({
  username: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9._-]{3,40}$/, 'use 3–40 letters, digits, ".", "_" or "-"'),
  password: z.string().min(MIN_PASSWORD_LENGTH, `at least ${MIN_PASSWORD_LENGTH} characters`).max(MAX_PASSWORD_LENGTH),
  role: z.enum(ROLES),
});
export type NewUser = z.infer<typeof NewUserSchema>;

export interface CurrentUser {
  id: number;
  username: string;
  role: Role;
}

function toCurrentUser(row: UserRow): CurrentUser {
  return { id: row.id, username: row.username, role: row.role };
}

export function hasAdmin(db: Db): boolean {
  return countAdmins(db) > 0;
}

/** A new account checked and its password hashed, ready to be stored (see insertNewUser). */
export interface PreparedUser {
  username: string;
  role: Role;
  passwordHash: string;
}

/**
 * Checks a new account and hashes its password. Hashing is asynchronous and a database
 * transaction is not, so the hash is made first and stored by insertNewUser in its own
 * transaction.
 */
export async function prepareNewUser(input: unknown): Promise<PreparedUser> {
  const parsed = NewUserSchema.safeParse(input);
  if (!parsed.success) throw new ValidationError('The account could not be created', problemsFromZod(parsed.error.issues));
  const { username, password, role } = parsed.data;
  return { username, role, passwordHash: await hashPassword(password) };
}

/** Stores a prepared account; `actor` (the administrator's username, or CLI_ACTOR) is recorded in the audit log. */
export function insertNewUser(db: Db, user: PreparedUser, now: Date, actor: string): CurrentUser {
  const { username, role, passwordHash } = user;
  // Check and insert under one write lock: the CLI and the server may create the same name at once.
  return db
    .transaction(() => {
      if (findUserByUsername(db, username)) {
        throw new ValidationError('The account could not be created', [{ field: 'username', message: `username "${username}" is taken` }]);
      }
      const id = insertUser(db, { username, password_hash: passwordHash, role, created_at: now.toISOString() });
      recordAudit(db, { actor, action: 'user.create', details: { username, role } }, now);
      return { id, username, role };
    })
    .immediate();
}

/** `actor` (the administrator's username, or CLI_ACTOR) is recorded in the audit log. */
export async function createUser(db: Db, input: unknown, now: Date, actor: string): Promise<CurrentUser> {
  return insertNewUser(db, await prepareNewUser(input), now, actor);
}

/** The first administrator; refused once one exists, so /setup cannot be used to take over. */
export async function createFirstAdmin(db: Db, input: { username: unknown; password: unknown }, now: Date): Promise<CurrentUser> {
  // Refused before any hashing, and again under the write lock: two setups may race.
  if (hasAdmin(db)) throw new ForbiddenError('An administrator already exists');
  const prepared = await prepareNewUser({ ...input, role: 'admin' });
  return db
    .transaction(() => {
      if (hasAdmin(db)) throw new ForbiddenError('An administrator already exists');
      // Nobody is logged in yet: the first administrator creates themselves.
      return insertNewUser(db, prepared, now, prepared.username);
    })
    .immediate();
}

/**
 * The account of this username and password, or null. A username or password longer than any
 * account can have is refused before hashing: it cannot be right, and hashing it only costs time.
 *
 * A deactivated account gives 'deactivated', and only with its right password: the login page
 * can then say why (the person has typed the password, so nothing is revealed that they do not
 * know), while a wrong password gets the same answer whether the account is active, deactivated
 * or unknown.
 */
export async function authenticate(db: Db, username: string, password: string): Promise<CurrentUser | 'deactivated' | null> {
  const name = username.trim();
  if (name.length > MAX_USERNAME_LENGTH || password.length > MAX_PASSWORD_LENGTH) return null;
  const user = findUserByUsername(db, name);
  // Verify against a dummy hash for unknown users so the response time does not reveal them.
  const ok = await verifyPassword(password, user?.password_hash ?? (await dummyPasswordHash()));
  if (!user || !ok) return null;
  return user.deactivated_at === null ? toCurrentUser(user) : 'deactivated';
}

export function startSession(db: Db, userId: number, now: Date, hours: number): { cookie: string; csrfToken: string } {
  deleteExpiredSessions(db, now.toISOString());
  const cookie = randomToken();
  const csrfToken = randomToken();
  insertSession(db, {
    id_hash: hashToken(cookie),
    user_id: userId,
    csrf_token: csrfToken,
    expires_at: new Date(now.getTime() + hours * 3600_000).toISOString(),
  });
  return { cookie, csrfToken };
}

export function resolveSession(db: Db, cookie: string, now: Date): { user: CurrentUser; csrfToken: string } | null {
  const session = findLiveSession(db, hashToken(cookie), now.toISOString());
  if (!session) return null;
  const user = findUserById(db, session.user_id);
  // Deactivation deletes the sessions too; this holds even for one made in the same instant.
  return user && user.deactivated_at === null ? { user: toCurrentUser(user), csrfToken: session.csrf_token } : null;
}

export function endSession(db: Db, cookie: string): void {
  deleteSession(db, hashToken(cookie));
}

export function createApiToken(db: Db, username: string, name: string, now: Date, actor: string): string {
  const user = findUserByUsername(db, username);
  if (!user) throw new ValidationError('Unknown user', [{ field: 'username', message: `no user "${username}"` }]);
  if (user.deactivated_at) throw new ValidationError('The account is deactivated', [{ field: 'username', message: `user "${user.username}" is deactivated` }]);
  const token = randomToken();
  db.transaction(() => {
    insertApiToken(db, { user_id: user.id, name, token_hash: hashToken(token), created_at: now.toISOString() });
    // Whose token and its label; never the token or its hash.
    recordAudit(db, { actor, action: 'token.create', details: { username: user.username, role: user.role, name } }, now);
  })();
  return token;
}

export function resolveApiToken(db: Db, token: string): CurrentUser | null {
  const userId = findApiTokenUserId(db, hashToken(token));
  const user = userId === undefined ? undefined : findUserById(db, userId);
  return user && user.deactivated_at === null ? toCurrentUser(user) : null;
}

/**
 * A user changes their own password; the current one must be given, the new one follows the same
 * rule as at creation. Every other session of the user ends (someone who knew the old password
 * may be logged in elsewhere); the session of `currentCookie`, the one making the change, stays.
 * API tokens stay: they are listed on the account page and revoked there one by one.
 */
export async function changePassword(db: Db, userId: number, current: unknown, next: unknown, now: Date, currentCookie: string | null = null): Promise<void> {
  const user = findUserById(db, userId);
  if (!user) throw new ValidationError('The password was not changed', [{ field: 'current_password', message: 'unknown user' }]);
  if (typeof current !== 'string' || current.length > MAX_PASSWORD_LENGTH || !(await verifyPassword(current, user.password_hash))) {
    throw new ValidationError('The password was not changed', [{ field: 'current_password', message: 'the current password is wrong' }]);
  }
  const parsed = NewUserSchema.shape.password.safeParse(next);
  if (!parsed.success) {
    throw new ValidationError('The password was not changed', parsed.error.issues.map((issue) => ({ field: 'new_password', message: issue.message })));
  }
  const passwordHash = await hashPassword(parsed.data);
  db.transaction(() => {
    updatePasswordHash(db, userId, passwordHash);
    deleteSessionsOfUser(db, userId, currentCookie === null ? null : hashToken(currentCookie));
    // Only the users themselves change their password, so they are the actor.
    recordAudit(db, { actor: user.username, action: 'user.password', details: { username: user.username } }, now);
  })();
}
