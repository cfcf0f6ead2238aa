import { Router } from 'express';
import { authenticate, createFirstAdmin, endSession, hasAdmin, startSession } from '../auth/accounts';
import { homePath } from '../auth/permissions';
import { AttemptLimiter } from '../auth/rate-limit';
import { TooManyRequestsError, ValidationError } from '../errors';
import { translator } from '../i18n';
import { formBody, type AppContext } from './context';
import { readCookies, SESSION_COOKIE } from './middleware';

const LOGIN_WINDOW_MS = 15 * 60_000;
const LOGIN_MAX_FAILURES = 5;

/** Only same-site paths may be a post-login destination (no open redirect); '/' sends each role to its home. */
function safeNext(value: unknown): string {
  return typeof value === 'string' && /^\/(?![/\\])/.test(value) ? value : '/';
}

export function authRouter(context: AppContext): Router {
  const { db, config, now } = context;
  const router = Router();
  const limiter = new AttemptLimiter(LOGIN_MAX_FAILURES, LOGIN_WINDOW_MS);

  router.get('/', (req, res) => {
    if (!hasAdmin(db)) return res.redirect(303, '/setup');
    res.redirect(303, req.user ? homePath(req.user.role) : '/login');
  });

  router.get('/setup', (_req, res) => {
    if (hasAdmin(db)) return res.status(403).render('auth/setup-done');
    res.render('auth/setup', { values: {}, problems: [] });
  });

  router.post('/setup', (req, res) => {
    const body = formBody(req);
    if (hasAdmin(db)) return res.status(403).render('auth/setup-done');
    try {
      createFirstAdmin(db, { username: body.username, password: body.password }, now());
    } catch (error) {
      if (error instanceof ValidationError) {
        return res.status(422).render('auth/setup', { values: { username: body.username }, problems: error.problems });
      }
      throw error;
    }
    res.redirect(303, '/login?setup=done');
  });

  router.get('/login', (req, res) => {
    if (!hasAdmin(db)) return res.redirect(303, '/setup');
    res.render('auth/login', { values: {}, next: safeNext(req.query.next), problems: [], setupDone: req.query.setup === 'done' });
  });

  router.post('/login', (req, res) => {
    const body = formBody(req);
    const username = typeof body.username === 'string' ? body.username : '';
    const password = typeof body.password === 'string' ? body.password : '';
    const t = translator(req.lang);
    const key = `${req.ip}|${username.trim().toLowerCase()}`;
    if (limiter.isBlocked(key, now().getTime())) throw new TooManyRequestsError(t('login.blocked'));
    const user = authenticate(db, username, password);
    if (!user) {
      limiter.recordFailure(key, now().getTime());
      return res.status(422).render('auth/login', {
        values: { username },
        next: safeNext(body.next),
        problems: [{ field: 'password', message: t('login.failed') }],
        setupDone: false,
      });
    }
    limiter.reset(key);
    const session = startSession(db, user.id, now(), config.sessionHours);
    res.cookie(SESSION_COOKIE, session.cookie, {
      httpOnly: true,
      sameSite: 'lax',
      secure: req.secure,
      path: '/',
      maxAge: config.sessionHours * 3600_000,
    });
    const next = safeNext(body.next);
    res.redirect(303, next === '/' ? homePath(user.role) : next);
  });

  router.post('/logout', (req, res) => {
    const cookie = readCookies(req)[SESSION_COOKIE];
    if (cookie) endSession(db, cookie);
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.redirect(303, '/login');
  });

  return router;
}
