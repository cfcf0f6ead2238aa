import { Router, type Request } from 'express';
import { auditCsv, listAudit } from '../audit/log';
import { ValidationError } from '../errors';
import { parseDialect } from '../report/csv';
import { parseId } from '../ids';
import { listAllRounds } from '../survey/rounds';
import type { AppContext } from './context';
import { requireCapability } from './middleware';

/** ?round=<id>: any round number, even of a round that has gone (the log outlives its rounds); blank = all. */
function roundFilter(req: Request): number | null {
  const raw = req.query.round;
  if (raw === undefined || raw === '') return null;
  const id = typeof raw === 'string' ? parseId(raw) : null;
  if (id === null) throw new ValidationError('Unknown round filter', [{ field: 'round', value: String(raw), message: 'use a round number' }]);
  return id;
}

function pageNumber(req: Request): number {
  const raw = req.query.page;
  if (raw === undefined || raw === '') return 1;
  const page = typeof raw === 'string' ? parseId(raw) : null;
  if (page === null) throw new ValidationError('Unknown page', [{ field: 'page', value: String(raw), message: 'use a page number' }]);
  return page;
}

/** The audit log, for administrators only: the page (newest first, paged) and the CSV download. */
export function auditRouter(context: AppContext): Router {
  const { db, config } = context;
  const router = Router();

  router.get('/audit', requireCapability('audit.read'), (req, res) => {
    const roundId = roundFilter(req);
    const page = listAudit(db, { roundId, page: pageNumber(req), timeZone: config.timezone });
    const query = (extra: Record<string, string | number>) => {
      const params = new URLSearchParams();
      if (roundId !== null) params.set('round', String(roundId));
      for (const [name, value] of Object.entries(extra)) params.set(name, String(value));
      const text = params.toString();
      return text ? `?${text}` : '';
    };
    res.set('Cache-Control', 'private, no-store');
    res.render('audit/index', {
      entries: page.entries,
      page: page.page,
      pages: page.pages,
      total: page.total,
      roundId,
      rounds: listAllRounds(db).map((row) => ({ id: row.id, name: row.name })),
      timeZone: config.timezone,
      newerUrl: page.page > 1 ? `/audit${query({ page: Math.min(page.page - 1, page.pages) })}` : null,
      olderUrl: page.page < page.pages ? `/audit${query({ page: page.page + 1 })}` : null,
      csvUrl: `/audit.csv${query({})}`,
      csvSemicolonUrl: `/audit.csv${query({ dialect: 'semicolon' })}`,
    });
  });

  router.get('/audit.csv', requireCapability('audit.read'), (req, res) => {
    const roundId = roundFilter(req);
    const rawDialect = typeof req.query.dialect === 'string' && req.query.dialect !== '' ? req.query.dialect : 'comma';
    const dialect = parseDialect(rawDialect);
    if (dialect === null) throw new ValidationError('Unknown CSV dialect', [{ field: 'dialect', value: rawDialect, message: 'use comma or semicolon' }]);
    res.set('Cache-Control', 'private, no-store');
    res.attachment(`potret-audit${roundId === null ? '' : `-round-${roundId}`}-${dialect}.csv`);
    res.type('text/csv; charset=utf-8');
    // Row by row and synchronously, as the raw data: the rows come from an open statement.
    for (const chunk of auditCsv(db, { roundId, dialect, timeZone: config.timezone })) res.write(chunk);
    res.end();
  });

  return router;
}
