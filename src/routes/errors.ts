import { inspect } from 'node:util';
import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import type { Config } from '../config';
import { AppError, NotFoundError } from '../errors';
import type { AppContext } from './context';
import { language } from './middleware';

/**
 * A URL fit for the log: the token of a personal link (`/s/<token>`) or of a password reset link
 * (`/reset/<token>`), also percent-encoded inside a query such as `?next=`, is replaced by `[redacted]`. The token alone opens someone's questionnaire,
 * and logs are read by more people, and kept longer, than the database.
 */
export function redactUrl(url: string): string {
  return url.replace(/(?<=\/(?:s|reset)\/)[^/?#&]+/g, '[redacted]').replace(/(?<=%2F(?:s|reset)%2F)[^/?#&%]+/gi, '[redacted]');
}

/** The tokens of personal links in a URL, as written and decoded, so that they can be cut out of any text. */
function personalTokens(url: string): string[] {
  const found = new Set<string>();
  for (const match of url.matchAll(/\/(?:s|reset)\/([^/?#&]+)|%2F(?:s|reset)%2F([^/?#&%]+)/gi)) {
    const token = match[1] ?? match[2];
    found.add(token);
    try {
      found.add(decodeURIComponent(token));
    } catch {
      // Broken percent-encoding: the token as written is all there is.
    }
  }
  // Longest first, so that a token is never half-replaced by a shorter one inside it.
  return [...found].filter((token) => token.length > 0).sort((a, b) => b.length - a.length);
}

/**
 * Logs an unexpected error (a bug) with the request it broke. Nothing of a personal link reaches
 * the log: not the URL, and not the token where the error repeats it (a message, or a property
 * such as an invalid URL's `input` that the error's printout includes).
 */
export function logUnexpected(config: Pick<Config, 'log'>, req: Request, error: unknown): void {
  if (config.log === 'silent') return;
  let text = `[${new Date().toISOString()}] ${req.method} ${req.originalUrl}\n${describeError(error)}`;
  for (const token of personalTokens(req.originalUrl)) text = text.split(token).join('[redacted]');
  console.error(redactUrl(text));
}

function isErrorLike(value: unknown): value is Error {
  return value instanceof Error || (typeof value === 'object' && value !== null && typeof (value as Error).message === 'string' && typeof (value as Error).stack === 'string');
}

/**
 * The error's stack (which starts with its name and message) and its own properties. Not
 * util.inspect alone: errors that are not native ones, such as better-sqlite3's SqliteError,
 * would print as `SqliteError { code: 'SQLITE_ERROR' }`, without the message that says what failed.
 */
function describeError(error: unknown): string {
  // Duck-typed: an error made in another realm (a native module keeps the error class of the
  // context that first loaded it) is no `instanceof Error` here.
  if (!isErrorLike(error)) return inspect(error, { depth: 4 });
  const head = typeof error.stack === 'string' && error.stack.includes(error.message) ? error.stack : `${error.name}: ${error.message}\n${error.stack ?? ''}`;
  const own = Object.fromEntries(Object.entries(error));
  return Object.keys(own).length > 0 ? `${head}\n${inspect(own, { depth: 4 })}` : head;
}

function wantsJson(path: string, accept: string | undefined): boolean {
  return path.startsWith('/api/') || (accept ?? '').includes('application/json');
}

export function notFound(): RequestHandler {
  return (_req, _res, next) => next(new NotFoundError());
}

const FALLBACK_PAGE = (status: number) =>
  `<!doctype html>\n<html lang="id"><head><meta charset="utf-8"><title>${status}</title></head>` +
  `<body><h1>${status}</h1><p>Permintaan tidak dapat diproses. / The request could not be processed.</p></body></html>\n`;

/** Renders the error page; should the page itself fail, a plain page that names nothing but the status. */
function renderErrorPage(config: Pick<Config, 'log'>, req: Request, res: Response, status: number, locals: Record<string, unknown>): void {
  const fallback = (renderError: unknown) => {
    logUnexpected(config, req, renderError);
    res.status(status).type('html').send(FALLBACK_PAGE(status));
  };
  try {
    // An error raised before the language was chosen still gets a page in a language.
    if (typeof res.locals.t !== 'function') language()(req, res, () => undefined);
    // A template that fails calls back with the error; a missing view engine throws.
    res.status(status).render('errors/error', locals, (renderError: Error | null, html?: string) => (renderError ? fallback(renderError) : res.type('html').send(html)));
  } catch (renderError) {
    fallback(renderError);
  }
}

/**
 * Registered last. Known errors carry their status and a message meant for the user; parser
 * errors from Express (oversized or malformed bodies) carry a status too. Anything else is a bug:
 * logged in full (without personal links), answered with a generic 500 that reveals nothing —
 * no stack trace, no file path, whatever went wrong.
 */
export function errorHandler({ config }: Pick<AppContext, 'config'>): ErrorRequestHandler {
  return (error, req, res, _next) => {
    let status = 500;
    let message = 'Internal server error';
    let problems: unknown[] = [];
    if (error instanceof AppError) {
      status = error.status;
      message = error.message;
      problems = error.problems;
      if (error.retryAfterSeconds !== null) res.set('Retry-After', String(error.retryAfterSeconds));
    } else if (typeof error?.status === 'number' && error.status >= 400 && error.status < 500 && error.expose !== false) {
      status = error.status;
      message =
        error.type === 'entity.too.large'
          ? 'The request body is too large'
          : error.type === 'entity.parse.failed'
            ? 'The request body is malformed'
            : String(error.message);
    } else {
      logUnexpected(config, req, error);
    }
    if (res.headersSent) return;
    res.set('Cache-Control', 'no-store');
    if (wantsJson(req.path, req.headers.accept)) {
      res.status(status).json({ error: message, problems });
      return;
    }
    renderErrorPage(config, req, res, status, { status, message: status === 500 ? null : message, problems });
  };
}
