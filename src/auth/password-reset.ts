import type { Db } from '../db/connection';
import { deleteSessionsOfUser } from '../db/sessions';
import { findUsablePasswordReset, insertPasswordReset, markPasswordResetUsed, voidPasswordResets } from '../db/password-resets';
import { findUserById, updatePasswordHash } from '../db/users';
import { ValidationError } from '../errors';
import { recordAudit } from '../audit/log';
import { AccountRefusal, getUserById, type AccountActor } from './account-admin';
import { NewUserSchema } from './accounts';
import { hashPassword } from './passwords';
import { hashToken, randomToken } from './tokens';

/**
 * One-time links to set a new password, made by an administrator for a user who forgot theirs
 * (Potret sends no e-mail of its own for this: the administrator hands the link over). The link
 * is shown once; only its hash is stored. It works once, for RESET_LINK_HOURS, and a newer link
 * for the same user voids it.
 */
export const RESET_LINK_HOURS = 24;

/** A token as randomToken() makes them (43 URL-safe characters); anything else is not looked up. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export function createPasswordReset(db: Db, userId: number, actor: AccountActor, now: Date): { token: string; username: string; expiresAt: string } {
  const token = randomToken();
  const expiresAt = new Date(now.getTime() + RESET_LINK_HOURS * 3600_000).toISOString();
  const username = db
    .transaction(() => {
      const user = getUserById(db, userId);
      if (user.deactivated_at !== null) throw new AccountRefusal('reset_deactivated', `${user.username} is deactivated: reactivate the account first`);
      voidPasswordResets(db, user.id, now.toISOString());
      insertPasswordReset(db, { user_id: user.id, token_hash: hashToken(token), created_by: actor.username, created_at: now.toISOString(), expires_at: expiresAt });
      // Whose link and until when; never the link.
      recordAudit(db, { actor: actor.username, action: 'user.reset_link', details: { username: user.username, expires_at: expiresAt } }, now);
      return user.username;
    })
    .immediate();
  return { token, username, expiresAt };
}

/** The username a link would set the password of, or null for a link that is unknown, used, expired or of a deactivated account. */
export function resetLinkUser(db: Db, token: string, now: Date): string | null {
  if (!TOKEN_SHAPE.test(token)) return null;
  const reset = findUsablePasswordReset(db, hashToken(token), now.toISOString());
  const user = reset ? findUserById(db, reset.user_id) : undefined;
  return user && user.deactivated_at === null ? user.username : null;
}

/** A link that cannot (or can no longer) be used. */
export class ResetLinkInvalid extends Error {}

/**
 * Sets the new password of the link's user and uses the link up; every session of the user ends
 * (whoever held the old password may be logged in somewhere). Returns the username.
 */
export async function resetPassword(db: Db, token: string, password: unknown, now: Date): Promise<string> {
  if (resetLinkUser(db, token, now) === null) throw new ResetLinkInvalid();
  const parsed = NewUserSchema.shape.password.safeParse(password);
  if (!parsed.success) {
    throw new ValidationError('The password was not changed', parsed.error.issues.map((issue) => ({ field: 'new_password', message: issue.message })));
  }
  const passwordHash = await hashPassword(parsed.data);
  return db
    .transaction(() => {
      // Again under the write lock: the link may have been used or voided while the password was hashed.
      const reset = TOKEN_SHAPE.test(token) ? findUsablePasswordReset(db, hashToken(token), now.toISOString()) : undefined;
      const user = reset ? findUserById(db, reset.user_id) : undefined;
      if (!reset || !user || user.deactivated_at !== null || !markPasswordResetUsed(db, reset.id, now.toISOString())) throw new ResetLinkInvalid();
      updatePasswordHash(db, user.id, passwordHash);
      voidPasswordResets(db, user.id, now.toISOString());
      const sessions = deleteSessionsOfUser(db, user.id, null);
      recordAudit(db, { actor: user.username, action: 'user.password_reset', details: { username: user.username, link_made_by: reset.created_by, sessions_ended: sessions } }, now);
      return user.username;
    })
    .immediate();
}
