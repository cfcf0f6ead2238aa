import { Router } from 'express';
import { createUser } from '../auth/accounts';
import { listUsers } from '../db/users';
import { ROLES } from '../db/types';
import { ValidationError } from '../errors';
import { withPasswordCheck } from './auth';
import { actorOf, formBody, type AppContext } from './context';
import { requireCapability } from './middleware';

export function usersRouter(context: AppContext): Router {
  const { db, now } = context;
  const router = Router();
  const render = (res: import('express').Response, status: number, extra: Record<string, unknown>) =>
    res.status(status).render('users/index', {
      users: listUsers(db).map((user) => ({ username: user.username, role: user.role, created_at: user.created_at.slice(0, 10) })),
      roles: ROLES,
      values: {},
      problems: [],
      created: null,
      ...extra,
    });

  router.get('/users', requireCapability('users.manage'), (_req, res) => render(res, 200, {}));

  router.post('/users', requireCapability('users.manage'), async (req, res) => {
    const body = formBody(req);
    try {
      const user = await withPasswordCheck(context, req, () => createUser(db, { username: body.username, password: body.password, role: body.role }, now(), actorOf(req)));
      render(res, 201, { created: user.username });
    } catch (error) {
      if (error instanceof ValidationError) return render(res, 422, { values: { username: body.username, role: body.role }, problems: error.problems });
      throw error;
    }
  });
  return router;
}
