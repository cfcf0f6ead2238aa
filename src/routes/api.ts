import { Router } from 'express';
import { getInstrument } from '../survey/instruments';
import { listAllRounds, parseRoundId, roundState, getRound } from '../survey/rounds';
import { roundStatus } from '../survey/status';
import { recordDownload } from '../report/service';
import { actorOf, type AppContext } from './context';
import { requireCapability, requireUser, today } from './middleware';

/**
 * JSON for scripts: the same services as the pages, behind a login session or an API token (which
 * acts with its user's role), each route under the same capability as its page.
 */
export function apiRouter(context: AppContext): Router {
  const { db } = context;
  const router = Router();
  // 401 for any address under /api without a login, known or not.
  router.use(requireUser);
  router.get('/instruments/:code', requireCapability('instruments.manage'), (req, res) => {
    res.json(getInstrument(db, String(req.params.code)).definition);
  });

  router.get('/rounds', requireCapability('rounds.list'), (_req, res) => {
    const day = today(context);
    res.json(
      listAllRounds(db).map((row) => {
        const round = getRound(db, row.id);
        return {
          id: row.id,
          name: row.name,
          instrument: round.instrument.definition.code,
          opens_on: row.opens_on,
          closes_on: row.closes_on,
          state: roundState(row, day),
          target: row.target,
          min_group_size: row.min_group_size,
        };
      }),
    );
  });

  router.get('/rounds/:id/report', requireCapability('reports.read'), async (req, res) => {
    const compare = typeof req.query.compare === 'string' && req.query.compare !== '' ? parseRoundId(req.query.compare) : null;
    // From the report cache, or built off the thread that answers requests, as the report page is (jobs/heavy-work.ts).
    const { report } = await context.heavy.report({ roundId: parseRoundId(String(req.params.id)), lang: req.lang, compareWith: compare });
    recordDownload(db, report, { format: 'json', lang: req.lang }, actorOf(req), context.now());
    res.json(report);
  });

  router.get('/rounds/:id/status', requireCapability('rounds.manage'), (req, res) => {
    res.json(roundStatus(db, parseRoundId(String(req.params.id))));
  });

  return router;
}
