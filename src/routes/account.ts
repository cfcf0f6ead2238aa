import { Router } from 'express';
import { changePassword } from '../auth/accounts';
import { ValidationError } from '../errors';
import { withPasswordCheck } from './auth';
import { formBody, type AppContext } from './context';
import { requireCapability } from './middleware';

/** The logged-in user's own account: for now, changing the password. */
export function accountRouter(context: AppContext): Router {
  const { db, now } = context;
  const router = Router();

  router.get('/account', requireCapability('account.manage'), (req, res) => {
    res.render('account/index', { problems: [], changed: req.query.changed === '1' });
  });

  router.post('/account/password', requireCapability('account.manage'), async (req, res) => {
    const body = formBody(req);
    try {
      await withPasswordCheck(context, req, () => changePassword(db, req.user!.id, body.current_password, body.new_password, now()));
      res.redirect(303, '/account?changed=1');
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      res.status(422).render('account/index', { problems: error.problems, changed: false });
    }
  });
  return router;
}
