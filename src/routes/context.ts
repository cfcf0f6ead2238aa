import type { Request } from 'express';
import { NotFoundError } from '../errors';
import { parseId } from '../ids';
import type { CurrentUser } from '../auth/accounts';
import type { LoginGuard } from '../auth/login-guard';
import type { Config } from '../config';
import type { Db } from '../db/connection';
import type { Lang } from '../i18n';
import type { HeavyWork } from '../jobs/heavy-work';

/** What every handler may use: passed to each router, never read from a global. */
export interface AppContext {
  db: Db;
  config: Readonly<Config>;
  now: () => Date;
  /** Failed-login counters and the cap on concurrent password checks, one set per app. */
  loginGuard: LoginGuard;
  /** The round's heavy builds (report, workbook, raw data): worker threads behind a bounded queue. */
  heavy: HeavyWork;
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      user?: CurrentUser;
      csrfToken?: string;
      lang: Lang;
      viaApiToken?: boolean;
    }
  }
}

/** Form bodies as a plain record of fields (urlencoded gives strings; anything else is rejected by the schemas). */
export function formBody(req: Request): Record<string, unknown> {
  return req.body && typeof req.body === 'object' && !Array.isArray(req.body) ? (req.body as Record<string, unknown>) : {};
}

/** The named fields of a form body, and only those (a view model never takes a body whole). */
export function pick(body: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(fields.map((field) => [field, body[field]]));
}

/** An id in the address; anything but a plain positive integer finds nothing (404). */
export function idParam(req: Request, name: string): number {
  const id = parseId(String(req.params[name]));
  if (id === null) throw new NotFoundError();
  return id;
}

/** Who is acting, for the audit log: the logged-in user (every route that records one requires a login). */
export function actorOf(req: Request): string {
  if (!req.user) throw new Error('actorOf: no logged-in user on a route that records an action');
  return req.user.username;
}
