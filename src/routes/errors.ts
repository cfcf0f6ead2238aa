import type { ErrorRequestHandler, RequestHandler } from 'express';
import { AppError, NotFoundError } from '../errors';
import type { AppContext } from './context';

/**
 * A URL fit for the log: the token of a personal link (`/s/<token>`, also percent-encoded inside a
 * query such as `?next=`) is replaced by `[redacted]`. The token alone opens someone's questionnaire,
 * and logs are read by more people, and kept longer, than the database.
 */
export function redactUrl(url: string): string {
  return url.replace(/(?<=\/s\/)[^/?#&]+/g, '[redacted]').replace(/(?<=%2Fs%2F)[^/?#&%]+/gi, '[redacted]');
}

function wantsJson(path: string, accept: string | undefined): boolean {
  return path.startsWith('/api/') || (accept ?? '').includes('application/json');
}

export function notFound(): RequestHandler {
  return (_req, _res, next) => next(new NotFoundError());
}

/**
 * Registered last. Known errors carry their status and a message meant for the user; parser
 * errors from Express (oversized or malformed bodies) carry a status too. Anything else is a bug:
 * logged in full, answered with a generic 500 that reveals nothing.
 */
export function errorHandler({ config }: AppContext): ErrorRequestHandler {
  return (error, req, res, _next) => {
    let status = 500;
    let message = 'Internal server error';
    let problems: unknown[] = [];
    if (error instanceof AppError) {
      status = error.status;
      message = error.message;
      problems = error.problems;
    } else if (typeof error?.status === 'number' && error.status >= 400 && error.status < 500 && error.expose !== false) {
      status = error.status;
      message =
        error.type === 'entity.too.large'
          ? 'The request body is too large'
          : error.type === 'entity.parse.failed'
            ? 'The request body is malformed'
            : String(error.message);
    } else if (config.log !== 'silent') {
      console.error(`[${new Date().toISOString()}] ${req.method} ${redactUrl(req.originalUrl)}`, error);
    }
    if (res.headersSent) return;
    if (wantsJson(req.path, req.headers.accept)) {
      res.status(status).json({ error: message, problems });
      return;
    }
    res.status(status).render('errors/error', { status, message: status === 500 ? null : message, problems });
  };
}
