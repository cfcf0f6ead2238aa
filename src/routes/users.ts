import { Router, type Request, type Response } from 'express';
import { createUser } from '../auth/accounts';
import { AccountRefusal, changeUserRole, deactivateUser, getUserById, listTokens, reactivateUser, revokeApiToken, type AccountActor } from '../auth/account-admin';
import { createPasswordReset, RESET_LINK_HOURS, resetLinkUser, resetPassword, ResetLinkInvalid } from '../auth/password-reset';
import { listUsers } from '../db/users';
import { ROLES } from '../db/types';
import { localDateTime } from '../dates';
import { TooManyRequestsError, ValidationError, type Problem } from '../errors';
import { translator, type Translate } from '../i18n';
import { publicAddress } from '../survey/public-address';
import { withPasswordCheck } from './auth';
import { actorOf, formBody, idParam, type AppContext } from './context';
import { requireCapability } from './middleware';

/** The confirmations the user page shows after a redirect (?notice=…). */
const USER_NOTICES = new Set(['role', 'deactivated', 'reactivated', 'revoked']);

function accountActor(req: Request): AccountActor {
  return { username: actorOf(req), userId: req.user!.id };
}

/** A refusal as the page shows it: the catalogue's sentence for its code, beside the field. */
export function refusalProblems(error: AccountRefusal, t: Translate): Problem[] {
  return [{ field: error.problems[0]?.field ?? 'user', message: t(`users.refused.${error.code}` as Parameters<Translate>[0]) }];
}

export function usersRouter(context: AppContext): Router {
  const { db, config, now, loginGuard } = context;
  const router = Router();
  const manage = requireCapability('users.manage');
  const render = (res: Response, status: number, extra: Record<string, unknown>) =>
    res.status(status).render('users/index', {
      users: listUsers(db).map((user) => ({ id: user.id, username: user.username, role: user.role, active: user.deactivated_at === null, created_at: user.created_at.slice(0, 10) })),
      roles: ROLES,
      values: {},
      problems: [],
      created: null,
      ...extra,
    });

  router.get('/users', manage, (_req, res) => render(res, 200, {}));

  router.post('/users', manage, async (req, res) => {
    const body = formBody(req);
    try {
      const user = await withPasswordCheck(context, req, () => createUser(db, { username: body.username, password: body.password, role: body.role }, now(), actorOf(req)));
      render(res, 201, { created: user.username });
    } catch (error) {
      if (error instanceof ValidationError) return render(res, 422, { values: { username: body.username, role: body.role }, problems: error.problems });
      throw error;
    }
  });

  function userPage(req: Request, res: Response, status: number, extra: Record<string, unknown> = {}) {
    const user = getUserById(db, idParam(req, 'id'));
    res.status(status).render('users/show', {
      account: {
        id: user.id,
        username: user.username,
        role: user.role,
        active: user.deactivated_at === null,
        deactivated_at: user.deactivated_at === null ? null : localDateTime(user.deactivated_at, config.timezone),
        created_at: user.created_at.slice(0, 10),
        self: user.id === req.user!.id,
      },
      tokens: listTokens(db, user.id).map((token) => ({ id: token.id, name: token.name, created_at: token.created_at.slice(0, 10) })),
      roles: ROLES,
      notice: typeof req.query.notice === 'string' && USER_NOTICES.has(req.query.notice) ? req.query.notice : null,
      problems: [] as Problem[],
      resetLink: null,
      ...extra,
    });
  }

  /** Runs an administrator's change to an account; a refusal re-renders the page with its reason and changes nothing. */
  function change(notice: string, action: (req: Request, userId: number) => void) {
    return (req: Request, res: Response) => {
      const userId = idParam(req, 'id');
      getUserById(db, userId);
      try {
        action(req, userId);
      } catch (error) {
        if (error instanceof AccountRefusal) return userPage(req, res, 422, { problems: refusalProblems(error, translator(req.lang)) });
        throw error;
      }
      res.redirect(303, `/users/${userId}?notice=${notice}`);
    };
  }

  router.get('/users/:id', manage, (req, res) => userPage(req, res, 200));
  router.post('/users/:id/role', manage, change('role', (req, userId) => changeUserRole(db, userId, formBody(req).role, accountActor(req), now())));
  router.post('/users/:id/deactivate', manage, change('deactivated', (req, userId) => deactivateUser(db, userId, accountActor(req), now())));
  router.post('/users/:id/reactivate', manage, change('reactivated', (req, userId) => reactivateUser(db, userId, accountActor(req), now())));
  router.post(
    '/users/:id/tokens/:token/revoke',
    manage,
    change('revoked', (req, userId) => revokeApiToken(db, idParam(req, 'token'), accountActor(req), now(), userId)),
  );

  // The link is in this one answer only (the app sends no-store on every page): it is not stored and cannot be shown again.
  router.post('/users/:id/reset', manage, (req, res) => {
    const userId = idParam(req, 'id');
    try {
      const reset = createPasswordReset(db, userId, accountActor(req), now());
      userPage(req, res, 201, {
        resetLink: { url: `${publicAddress(db, config).url}/reset/${reset.token}`, expires_at: localDateTime(reset.expiresAt, config.timezone), hours: RESET_LINK_HOURS },
      });
    } catch (error) {
      if (error instanceof AccountRefusal) return userPage(req, res, 422, { problems: refusalProblems(error, translator(req.lang)) });
      throw error;
    }
  });

  /**
   * The public page of a reset link. Tokens have 256 bits, so guessing one is hopeless; still, each
   * unknown, used or expired token counts as a failed login of the address (the login guard), so
   * one machine cannot make the server look up tokens without end.
   */
  function guardReset(req: Request): void {
    const verdict = loginGuard.check(req.ip ?? '', '', now().getTime());
    if (!verdict.allowed) throw new TooManyRequestsError(translator(req.lang)('login.blocked', { minutes: Math.ceil(verdict.retryAfterSeconds / 60) }), verdict.retryAfterSeconds);
  }
  function invalidLink(req: Request, res: Response) {
    loginGuard.recordFailure(req.ip ?? '', '', now().getTime());
    res.status(404).render('users/reset-invalid');
  }

  router.get('/reset/:token', (req, res) => {
    guardReset(req);
    const token = String(req.params.token);
    const username = resetLinkUser(db, token, now());
    if (username === null) return invalidLink(req, res);
    res.render('users/reset', { token, username, problems: [] });
  });

  router.post('/reset/:token', async (req, res) => {
    guardReset(req);
    const token = String(req.params.token);
    const body = formBody(req);
    try {
      await withPasswordCheck(context, req, () => resetPassword(db, token, body.new_password, now()));
    } catch (error) {
      if (error instanceof ResetLinkInvalid) return invalidLink(req, res);
      if (error instanceof ValidationError) return res.status(422).render('users/reset', { token, username: resetLinkUser(db, token, now()), problems: error.problems });
      throw error;
    }
    res.render('users/reset-done');
  });

  return router;
}
