import { z } from 'zod';
import type { Db } from '../db/connection';
import { ROLES, type Role, type UserRow } from '../db/types';
import { deleteExpiredSessions, deleteSession, findApiTokenUserId, findLiveSession, insertApiToken, insertSession } from '../db/sessions';
import { countAdmins, findUserById, findUserByUsername, insertUser, updatePasswordHash } from '../db/users';
import { ForbiddenError, problemsFromZod, ValidationError } from '../errors';
import { DUMMY_HASH, hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from './passwords';
import { hashToken, randomToken } from './tokens';
import { recordAudit } from '../audit/log';

export const NewUserSchema = z.object({
  username: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9._-]{3,40}$/, 'use 3–40 letters, digits, ".", "_" or "-"'),
  password: z.string().min(MIN_PASSWORD_LENGTH, `at least ${MIN_PASSWORD_LENGTH} characters`).max(200),
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

/** `actor` (the administrator's username, or CLI_ACTOR) is recorded in the audit log. */
export function createUser(db: Db, input: unknown, now: Date, actor: string): CurrentUser {
  const parsed = NewUserSchema.safeParse(input);
  if (!parsed.success) throw new ValidationError('The account could not be created', problemsFromZod(parsed.error.issues));
  const { username, password, role } = parsed.data;
  const passwordHash = hashPassword(password);
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

/** The first administrator; refused once one exists, so /setup cannot be used to take over. */
export function createFirstAdmin(db: Db, input: { username: unknown; password: unknown }, now: Date): CurrentUser {
  return db.transaction(() => {
    if (hasAdmin(db)) throw new ForbiddenError('An administrator already exists');
    // Nobody is logged in yet: the first administrator creates themselves.
    return createUser(db, { ...input, role: 'admin' }, now, typeof input.username === 'string' ? input.username.trim() : '');
  }).immediate();
}

export function authenticate(db: Db, username: string, password: string): CurrentUser | null {
  const user = findUserByUsername(db, username.trim());
  // Verify against a dummy hash for unknown users so the response time does not reveal them.
  const ok = verifyPassword(password, user?.password_hash ?? DUMMY_HASH);
  return user && ok ? toCurrentUser(user) : null;
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
  return user ? { user: toCurrentUser(user), csrfToken: session.csrf_token } : null;
}

export function endSession(db: Db, cookie: string): void {
  deleteSession(db, hashToken(cookie));
}

export function createApiToken(db: Db, username: string, name: string, now: Date, actor: string): string {
  const user = findUserByUsername(db, username);
  if (!user) throw new ValidationError('Unknown user', [{ field: 'username', message: `no user "${username}"` }]);
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
  return user ? toCurrentUser(user) : null;
}


/** A user changes their own password; the current one must be given, the new one follows the same rule as at creation. */
export function changePassword(db: Db, userId: number, current: unknown, next: unknown, now: Date): void {
  const user = findUserById(db, userId);
  if (!user) throw new ValidationError('The password was not changed', [{ field: 'current_password', message: 'unknown user' }]);
  if (typeof current !== 'string' || !verifyPassword(current, user.password_hash)) {
    throw new ValidationError('The password was not changed', [{ field: 'current_password', message: 'the current password is wrong' }]);
  }
  const parsed = NewUserSchema.shape.password.safeParse(next);
  if (!parsed.success) {
    throw new ValidationError('The password was not changed', parsed.error.issues.map((issue) => ({ field: 'new_password', message: issue.message })));
  }
  const passwordHash = hashPassword(parsed.data);
  db.transaction(() => {
    updatePasswordHash(db, userId, passwordHash);
    // Only the users themselves change their password, so they are the actor.
    recordAudit(db, { actor: user.username, action: 'user.password', details: { username: user.username } }, now);
  })();
}
