import { Router, type Request, type Response } from 'express';
import { changePassword } from '../auth/accounts';
import { listTokens, revokeApiToken } from '../auth/account-admin';
import { ValidationError, type Problem } from '../errors';
import { withPasswordCheck } from './auth';
import { actorOf, formBody, idParam, type AppContext } from './context';
import { readCookies, requireCapability, SESSION_COOKIE } from './middleware';

/** The logged-in user's own account: changing the password, listing and revoking their API tokens. */
export function accountRouter(context: AppContext): Router {
  const { db, now } = context;
  const router = Router();

  function accountPage(req: Request, res: Response, status: number, problems: Problem[], changed: boolean) {
    res.status(status).render('account/index', {
      problems,
      changed,
      revoked: req.query.revoked === '1',
      tokens: listTokens(db, req.user!.id).map((token) => ({ id: token.id, name: token.name, created_at: token.created_at.slice(0, 10) })),
    });
  }

  router.get('/account', requireCapability('account.manage'), (req, res) => accountPage(req, res, 200, [], req.query.changed === '1'));

  router.post('/account/password', requireCapability('account.manage'), async (req, res) => {
    const body = formBody(req);
    try {
      // The session making the change stays; every other one of this user ends.
      await withPasswordCheck(context, req, () => changePassword(db, req.user!.id, body.current_password, body.new_password, now(), readCookies(req)[SESSION_COOKIE] ?? null));
      res.redirect(303, '/account?changed=1');
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      accountPage(req, res, 422, error.problems, false);
    }
  });

  // Only one's own tokens: another user's token id is "not found" (404), as an unknown one.
  router.post('/account/tokens/:token/revoke', requireCapability('account.manage'), (req, res) => {
    revokeApiToken(db, idParam(req, 'token'), { username: actorOf(req), userId: req.user!.id }, now(), req.user!.id);
    res.redirect(303, '/account?revoked=1');
  });
  return router;
}
