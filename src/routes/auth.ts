import { Router, type Request } from 'express';
import { authenticate, createFirstAdmin, endSession, hasAdmin, MAX_USERNAME_LENGTH, startSession } from '../auth/accounts';
import { BUSY_RETRY_SECONDS } from '../auth/login-guard';
import { MAX_PASSWORD_LENGTH } from '../auth/passwords';
import { homePath } from '../auth/permissions';
import { ServiceUnavailableError, TooManyRequestsError, ValidationError, type Problem } from '../errors';
import { addressOfRequest, parsePublicAddress, publicAddress, savePublicAddress } from '../survey/public-address';
import { translator } from '../i18n';
import { formBody, type AppContext } from './context';
import { readCookies, SESSION_COOKIE } from './middleware';

/**
 * Runs work that hashes or verifies a password in one of the few places the login guard allows
 * at once; when every place and every waiting place is taken, answers 503 with Retry-After at
 * once rather than making the request, and everyone behind it, wait.
 */
export function withPasswordCheck<T>({ loginGuard }: AppContext, req: Request, task: () => Promise<T>): Promise<T> {
  const running = loginGuard.passwordChecks.run(task);
  if (!running) throw new ServiceUnavailableError(translator(req.lang)('password.busy'), BUSY_RETRY_SECONDS);
  return running;
}

/** Only same-site paths may be a post-login destination (no open redirect); '/' sends each role to its home. */
function safeNext(value: unknown): string {
  return typeof value === 'string' && value.length <= 2048 && /^\/(?![/\\])/.test(value) ? value : '/';
}

export function authRouter(context: AppContext): Router {
  const { db, config, now, loginGuard } = context;
  const router = Router();

  router.get('/', (req, res) => {
    if (!hasAdmin(db)) return res.redirect(303, '/setup');
    res.redirect(303, req.user ? homePath(req.user.role) : '/login');
  });

  // The environment decides the address when it is set: the form then shows it instead of asking.
  const setupPage = (req: Request, values: Record<string, unknown>, problems: Problem[]) => {
    const address = publicAddress(db, config);
    return {
      values: { public_address: address.source === 'default' ? addressOfRequest(req.protocol, req.get('host')) : address.url, ...values },
      addressFromEnvironment: address.source === 'environment' ? address.url : null,
      problems,
    };
  };

  router.get('/setup', (req, res) => {
    if (hasAdmin(db)) return res.status(403).render('auth/setup-done');
    res.render('auth/setup', setupPage(req, {}, []));
  });

  router.post('/setup', async (req, res) => {
    const body = formBody(req);
    if (hasAdmin(db)) return res.status(403).render('auth/setup-done');
    const askAddress = publicAddress(db, config).source !== 'environment';
    try {
      // The address is checked before the account is made, so a refused form writes nothing.
      const address = askAddress ? parsePublicAddress(body.public_address) : null;
      const admin = await withPasswordCheck(context, req, () => createFirstAdmin(db, { username: body.username, password: body.password }, now()));
      if (address) savePublicAddress(db, address, now(), admin.username);
    } catch (error) {
      if (error instanceof ValidationError) {
        return res.status(422).render('auth/setup', setupPage(req, { username: body.username, public_address: body.public_address }, error.problems));
      }
      throw error;
    }
    res.redirect(303, '/login?setup=done');
  });

  router.get('/login', (req, res) => {
    if (!hasAdmin(db)) return res.redirect(303, '/setup');
    res.render('auth/login', { values: {}, next: safeNext(req.query.next), problems: [], setupDone: req.query.setup === 'done' });
  });

  router.post('/login', async (req, res) => {
    const body = formBody(req);
    const username = typeof body.username === 'string' ? body.username : '';
    const password = typeof body.password === 'string' ? body.password : '';
    const t = translator(req.lang);
    const address = req.ip ?? '';
    const verdict = loginGuard.check(address, username, now().getTime());
    if (!verdict.allowed) throw new TooManyRequestsError(t('login.blocked', { minutes: Math.ceil(verdict.retryAfterSeconds / 60) }), verdict.retryAfterSeconds);
    // No account has a longer username or password: refused without hashing, still counted
    // against the address.
    const impossible = username.trim().length > MAX_USERNAME_LENGTH || password.length > MAX_PASSWORD_LENGTH;
    const user = impossible ? null : await withPasswordCheck(context, req, () => authenticate(db, username, password));
    if (user === null || user === 'deactivated') {
      // A deactivated account is counted as a failure too: its password opens nothing.
      loginGuard.recordFailure(address, username, now().getTime());
      return res.status(422).render('auth/login', {
        values: { username: username.slice(0, MAX_USERNAME_LENGTH) },
        next: safeNext(body.next),
        problems: [{ field: 'password', message: t(user === 'deactivated' ? 'users.login_deactivated' : 'login.failed') }],
        setupDone: false,
      });
    }
    loginGuard.recordSuccess(username);
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
