import type { NextFunction, Request, RequestHandler, Response } from 'express';
import multer from 'multer';
import { resolveApiToken, resolveSession } from '../auth/accounts';
import { can, type Capability } from '../auth/permissions';
import { randomToken, sameSecret } from '../auth/tokens';
import { calendarDate } from '../dates';
import { AppError, BadRequestError, ForbiddenError, PayloadTooLargeError, UnauthorizedError } from '../errors';
import { DEFAULT_LANG, isLang, translator, type Lang } from '../i18n';
import { translateProblem } from '../i18n/problems';
import { formatDecimal, formatLongDate, formatPercent, formatQuantity, formatRupiah, formatShare, formatSigned } from '../i18n/format';
import type { AppContext } from './context';

export const SESSION_COOKIE = 'potret_session';
const CSRF_COOKIE = 'potret_csrf';
const LANG_COOKIE = 'potret_lang';

/**
 * The respondents' pages: the employee questionnaire at /s/<token> and the stakeholder survey's
 * open link and kiosk at /k/<code>. They get no CSRF cookie and post without a CSRF token (see
 * csrf()); the stakeholder survey's pages set no cookie at all, not even the language's, so a
 * shared tablet at the counter keeps nothing of one respondent for the next.
 */
const isQuestionnairePath = (path: string) => path.startsWith('/s/');
const isStakeholderSurveyPath = (path: string) => path === '/k' || path.startsWith('/k/');

export function readCookies(req: Request): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const index = part.indexOf('=');
    if (index < 0) continue;
    const name = part.slice(0, index).trim();
    try {
      cookies[name] = decodeURIComponent(part.slice(index + 1).trim());
    } catch {
      // A malformed cookie is ignored, not an error.
    }
  }
  return cookies;
}

/**
 * The address of this page in the other language. Built from the path and the query alone, never
 * parsed as a URL: a request target such as `//host:99999/` is not one, and must neither crash
 * the page nor become a link to another host.
 */
function otherLanguageUrl(req: Request, other: Lang): string {
  const path = /^\/(?![/\\])[^\\]*$/.test(req.path) ? req.path : '/';
  const question = req.originalUrl.indexOf('?');
  const params = new URLSearchParams(question < 0 ? '' : req.originalUrl.slice(question + 1));
  params.set('lang', other);
  return `${path}?${params.toString()}`;
}

/** Indonesian unless ?lang=en (remembered in a cookie) asks otherwise; every view gets `t` and `lang`. */
export function language(): RequestHandler {
  return (req, res, next) => {
    const query = req.query.lang;
    const cookie = readCookies(req)[LANG_COOKIE];
    let lang: Lang = DEFAULT_LANG;
    if (isLang(query)) {
      lang = query;
      // The stakeholder survey carries the language in its addresses instead (?lang=en).
      if (!isStakeholderSurveyPath(req.path)) res.cookie(LANG_COOKIE, lang, { httpOnly: true, sameSite: 'lax', secure: req.secure, maxAge: 365 * 24 * 3600_000 });
    } else if (isLang(cookie)) {
      lang = cookie;
    }
    req.lang = lang;
    const other: Lang = lang === 'id' ? 'en' : 'id';
    res.locals.lang = lang;
    res.locals.t = translator(lang);
    res.locals.tp = (message: string) => translateProblem(lang, message);
    // Numbers on pages follow the language: 85,7% and 4,00 in Indonesian, 85.7% and 4.00 in English.
    res.locals.share = (value: number | null) => formatShare(value, lang);
    res.locals.decimal = (value: number | null) => formatDecimal(value, lang);
    res.locals.signed = (value: number | null) => formatSigned(value, lang);
    res.locals.percent = (value: number | null) => formatPercent(value, lang, 0);
    // Achievement and index, as performance reports give them: 105,0%.
    res.locals.percent1 = (value: number | null) => formatPercent(value, lang, 1);
    res.locals.quantity = (value: number | null) => formatQuantity(value, lang);
    res.locals.longDate = (value: string | null) => formatLongDate(value, lang);
    res.locals.rupiah = (value: number | null) => formatRupiah(value, lang);
    res.locals.switchLangUrl = otherLanguageUrl(req, other);
    res.locals.path = req.path;
    next();
  };
}

/** The longest request target (path and query) served; real addresses are far shorter. */
export const MAX_REQUEST_TARGET = 4096;

/**
 * Refuses, with 400 and the normal error page, a request target that no page of Potret has: one
 * that is not a path (`//host:99999/`, `http://…`), holds a backslash, is longer than
 * MAX_REQUEST_TARGET, has broken percent-encoding (`/%`, `/%E0%A4%A`) or encodes a control
 * character (`/s/%00`). Routes then see only well-formed paths.
 */
export function requestTarget(): RequestHandler {
  return (req, _res, next) => {
    const target = req.originalUrl;
    const question = target.indexOf('?');
    const path = question < 0 ? target : target.slice(0, question);
    let decoded: string | null = null;
    if (target.length <= MAX_REQUEST_TARGET && /^\/(?!\/)/.test(path) && !path.includes('\\')) {
      try {
        decoded = decodeURIComponent(path);
      } catch {
        decoded = null;
      }
    }
    // eslint-disable-next-line no-control-regex
    if (decoded === null || /[\u0000-\u001f\u007f\\]/.test(decoded)) return next(new BadRequestError(translator(req.lang ?? DEFAULT_LANG)('error.address')));
    next();
  };
}

/**
 * Nothing the application builds may be kept by a browser or a proxy: pages show answers,
 * results, drafts and links, and whoever uses the machine or the proxy next must not find them in
 * a cache or the back button. Registered after the static files, which stay cacheable.
 */
export function noStore(): RequestHandler {
  return (_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  };
}

/**
 * Multipart bodies (file uploads) are parsed here, before the CSRF check, into memory:
 * uploads are CSV or JSON files bounded by the configured size.
 */
export function multipart({ config }: AppContext): RequestHandler {
  const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: config.maxUploadBytes, files: 1, fields: 50 } }).single('file');
  return (req, res, next) => {
    if (!req.is('multipart/form-data')) return next();
    // Every upload form is behind a login; an anonymous multipart body is refused unread.
    if (!req.user) return next(new UnauthorizedError());
    upload(req, res, (error: unknown) => {
      if (error instanceof multer.MulterError && error.code === 'LIMIT_FILE_SIZE') {
        return next(new PayloadTooLargeError(`The file is larger than the limit of ${Math.round(config.maxUploadBytes / 1024 / 1024)} MB`));
      }
      if (error instanceof multer.MulterError) return next(new AppError(400, `The upload could not be read: ${error.message}`));
      // The parser's own complaints (a body cut short, a malformed part header, no boundary) are
      // the client's request, not a fault of the server: memory storage has nothing else to fail.
      if (error instanceof Error) return next(new AppError(400, `The upload could not be read: ${error.message}`));
      next(error);
    });
  };
}

/** Resolves the logged-in user from the session cookie or an API token, and gives every form a CSRF token. */
export function session({ db, now }: AppContext): RequestHandler {
  return (req, res, next) => {
    // Views show only the links the user may follow; read when a view renders, after the login is known.
    res.locals.can = (capability: Capability) => can(req.user, capability);
    const authorization = req.headers.authorization;
    if (authorization?.startsWith('Bearer ')) {
      const user = resolveApiToken(db, authorization.slice(7).trim());
      if (!user) return next(new UnauthorizedError('Invalid API token'));
      req.user = user;
      req.viaApiToken = true;
      return next();
    }
    const cookies = readCookies(req);
    const found = cookies[SESSION_COOKIE] ? resolveSession(db, cookies[SESSION_COOKIE], now()) : null;
    if (found) {
      req.user = found.user;
      req.csrfToken = found.csrfToken;
    } else if (!isQuestionnairePath(req.path) && !isStakeholderSurveyPath(req.path)) {
      // Before login (login and setup forms) a double-submit cookie carries the CSRF token.
      // Respondents at /s/<token> and /k/<code> get no cookie: their forms need none (see csrf()).
      let token = cookies[CSRF_COOKIE];
      if (!token || !/^[A-Za-z0-9_-]{43}$/.test(token)) {
        token = randomToken();
        res.cookie(CSRF_COOKIE, token, { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/' });
      }
      req.csrfToken = token;
    }
    res.locals.user = req.user ?? null;
    res.locals.csrfToken = req.csrfToken;
    next();
  };
}

function originHost(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Every state-changing request from a page must carry the form's CSRF token. Two exceptions:
 * API calls with a bearer token (no cookies, so nothing to forge), and the questionnaire at
 * /s/<token>, where the unguessable token in the address is itself the secret a forger lacks,
 * and the stakeholder survey at /k/<code>, which anyone may answer (a forged post could only add
 * an answer anybody could add; floods are held back by its rate limit). There a cross-site
 * Origin is still refused.
 */
export function csrf(): RequestHandler {
  return (req, _res, next) => {
    if (!UNSAFE.has(req.method) || req.viaApiToken) return next();
    if (isQuestionnairePath(req.path) || isStakeholderSurveyPath(req.path)) {
      const origin = req.headers.origin;
      if (origin && origin !== 'null' && originHost(origin) !== req.headers.host) return next(new ForbiddenError('Cross-site request refused'));
      return next();
    }
    const sent = (req.body as Record<string, unknown> | undefined)?._csrf ?? req.headers['x-csrf-token'];
    if (typeof sent !== 'string' || !req.csrfToken || !sameSecret(sent, req.csrfToken)) {
      return next(new ForbiddenError(translator(req.lang)('error.csrf')));
    }
    next();
  };
}

export function requireUser(req: Request, res: Response, next: NextFunction): void {
  if (req.user) return next();
  if (req.path.startsWith('/api/') || req.baseUrl.startsWith('/api')) return next(new UnauthorizedError());
  res.redirect(303, `/login?next=${encodeURIComponent(req.originalUrl)}`);
}

/** Marks a guard in the router stack, so a test can find every route that has none. */
export const CAPABILITY_GUARD = Symbol('capability guard');

export type CapabilityGuard = RequestHandler & { [CAPABILITY_GUARD]: Capability };

/**
 * Lets through a logged-in user whose role holds the capability (src/auth/permissions.ts);
 * nobody logged in goes to the login page (401 for the API), anyone else gets 403 before the
 * handler runs, so a refused request reads and writes nothing.
 */
export function requireCapability(capability: Capability): CapabilityGuard {
  const guard: RequestHandler = (req, res, next) => {
    if (!req.user) return requireUser(req, res, next);
    if (!can(req.user, capability)) return next(new ForbiddenError(translator(req.lang)('error.role')));
    next();
  };
  return Object.assign(guard, { [CAPABILITY_GUARD]: capability });
}

export function today(context: AppContext): string {
  return calendarDate(context.now(), context.config.timezone);
}
