import { Router } from 'express';
import { changePassword } from '../auth/accounts';
import { ValidationError } from '../errors';
import { formBody, type AppContext } from './context';
import { requireCapability } from './middleware';

/** The logged-in user's own account: for now, changing the password. */
export function accountRouter({ db, now }: AppContext): Router {
  const router = Router();

  router.get('/account', requireCapability('account.manage'), (req, res) => {
    res.render('account/index', { problems: [], changed: req.query.changed === '1' });
  });

  router.post('/account/password', requireCapability('account.manage'), (req, res) => {
    const body = formBody(req);
    try {
      changePassword(db, req.user!.id, body.current_password, body.new_password, now());
      res.redirect(303, '/account?changed=1');
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      res.status(422).render('account/index', { problems: error.problems, changed: false });
    }
  });
  return router;
}
