import { Router, type Request, type Response } from 'express';
import { ValidationError, type Problem } from '../errors';
import { translator } from '../i18n';
import { archivedAt, archiveRound, deleteRound, RoundDeleteRefused, startNextRound, suggestNextName, unarchiveRound } from '../survey/round-lifecycle';
import { getRound, listAllRounds, parseRoundId, roundState } from '../survey/rounds';
import { roundStatus } from '../survey/status';
import { actorOf, formBody, type AppContext } from './context';
import { requireCapability, today } from './middleware';

/**
 * A round's lifecycle: the archive (rounds put away), archiving and bringing back, deleting with
 * the round's name typed as confirmation, and starting the next round from this one. Mounted
 * before the rounds router, so that /rounds/archive is this page and not a round's id.
 */
export function roundLifecycleRouter(context: AppContext): Router {
  const { db, now } = context;
  const router = Router();
  const manage = requireCapability('rounds.manage');

  router.get('/rounds/archive', requireCapability('rounds.list'), (req, res) => {
    const day = today(context);
    const rounds = listAllRounds(db)
      .filter((row) => row.archived_at !== null)
      .map((row) => {
        const status = roundStatus(db, row.id);
        return { id: row.id, name: row.name, opens_on: row.opens_on, closes_on: row.closes_on, state: roundState(row, day), responses: status.completed + status.paper, invited: status.invited };
      });
    res.render('rounds/archive', { rounds, notice: req.query.notice === 'unarchived' ? 'unarchived' : null });
  });

  router.post('/rounds/:id/archive', manage, (req, res) => {
    const id = parseRoundId(String(req.params.id));
    archiveRound(db, id, now(), actorOf(req));
    res.redirect(303, '/rounds?notice=archived');
  });

  router.post('/rounds/:id/unarchive', manage, (req, res) => {
    const id = parseRoundId(String(req.params.id));
    unarchiveRound(db, id, now(), actorOf(req));
    res.redirect(303, '/rounds/archive?notice=unarchived');
  });

  function deletePage(req: Request, res: Response, status: number, problems: Problem[] = []) {
    const round = getRound(db, parseRoundId(String(req.params.id)));
    const summary = roundStatus(db, round.row.id);
    res.status(status).render('rounds/delete', {
      round: { id: round.row.id, name: round.row.name, archived: archivedAt(round) !== null },
      counts: { invited: summary.invited, online: summary.completed, paper: summary.paper },
      problems,
    });
  }

  router.get('/rounds/:id/delete', manage, (req, res) => deletePage(req, res, 200));

  router.post('/rounds/:id/delete', manage, (req, res) => {
    const id = parseRoundId(String(req.params.id));
    const t = translator(req.lang);
    try {
      deleteRound(db, id, formBody(req).confirm_name, now(), actorOf(req));
    } catch (error) {
      if (error instanceof ValidationError) return deletePage(req, res, 422, [{ field: 'confirm_name', message: t('rounds.delete_name_mismatch') }]);
      if (error instanceof RoundDeleteRefused) {
        const message = error.code === 'cited_by_plans' ? t('rounds.delete_cited_by_plans', { plans: error.names.join(', ') }) : t('rounds.delete_referenced', { tables: error.names.join(', ') });
        return deletePage(req, res, 409, [{ message }]);
      }
      throw error;
    }
    res.redirect(303, '/rounds?notice=deleted');
  });

  router.get('/rounds/:id/next', manage, (req, res) => {
    const round = getRound(db, parseRoundId(String(req.params.id)));
    res.render('rounds/next', { from: { id: round.row.id, name: round.row.name }, values: { name: suggestNextName(round.row.name) }, problems: [] });
  });

  router.post('/rounds/:id/next', manage, (req, res) => {
    const round = getRound(db, parseRoundId(String(req.params.id)));
    const body = formBody(req);
    try {
      const next = startNextRound(db, round.row.id, { name: body.name }, now(), actorOf(req));
      res.redirect(303, `/rounds/${next.id}?notice=created`);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      res.status(422).render('rounds/next', { from: { id: round.row.id, name: round.row.name }, values: { name: body.name }, problems: error.problems });
    }
  });

  return router;
}
