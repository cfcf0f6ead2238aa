import { Router, type Request, type Response } from 'express';
import { listRoster } from '../db/roster';
import { parseId } from '../ids';
import { ValidationError, type Problem } from '../errors';
import type { Lang } from '../i18n';
import { listAllInstruments } from '../survey/instruments';
import { addRosterEntry, editRosterEntry, getRosterEntry, importRoster, issueLinks, lastLinksIssued, linksCsv, removeRosterEntry, ROSTER_COLUMN_LIST, type RosterImport } from '../survey/roster';
import { localDateTime } from '../dates';
import {
  closeRoundByHand,
  createRound,
  getRound,
  listAllRounds,
  parseRoundId,
  reopenRoundByHand,
  roundState,
  setDimensionTargets,
  updateRound,
} from '../survey/rounds';
import { notCompleted, roundStatus } from '../survey/status';
import { recordAudit } from '../audit/log';
import { chatMessagesFor } from '../mail/service';
import { publicAddress } from '../survey/public-address';
import { actorOf, formBody, pick, type AppContext } from './context';
import { requireCapability, today } from './middleware';

const ROUND_SETTING_FIELDS = ['opens_on', 'closes_on', 'target', 'min_group_size', 'organiser', 'contact', 'results_on'] as const;
const ROSTER_FIELDS = ['name', 'unit', 'grade', 'email', 'employee_no'] as const;
/** The confirmations the round page shows after a redirect (?notice=…). */
const NOTICES = new Set(['created', 'imported', 'removed', 'targets', 'updated', 'closed', 'reopened', 'added', 'links_none']);

/** The roster entry in the address; anything but a plain positive integer finds nobody (404). */
/** What the round page shows of an import: counts, the ignored columns and each conflicting row. */
interface ImportReportView {
  added: number;
  skipped: number;
  conflicts: { line: number; employee_no: string; name: string; rosterName: string }[];
  ignoredColumns: { header: string; column: string }[];
}

function importReportView(result: RosterImport): ImportReportView {
  return {
    added: result.added.length,
    skipped: result.skipped,
    conflicts: result.conflicts.map((conflict) => ({ line: conflict.line, employee_no: conflict.employee_no, name: conflict.name, rosterName: conflict.rosterName })),
    ignoredColumns: result.ignoredColumns.map((column) => ({ header: column.header, column: column.column })),
  };
}

function entryIdOf(req: Request): number {
  return parseId(String(req.params.entry)) ?? Number.NaN;
}

export function roundsRouter(context: AppContext): Router {
  const { db, config, now } = context;
  const router = Router();
  // Everything of a round but its place in the list: the roster and the status page name people.
  const manage = requireCapability('rounds.manage');

  function roundPage(req: Request, res: Response, status: number, extra: Record<string, unknown> = {}) {
    const id = parseRoundId(String(req.params.id));
    const round = getRound(db, id);
    const lang: Lang = req.lang;
    const summary = roundStatus(db, id);
    const roster = listRoster(db, id);
    const lastIssued = lastLinksIssued(db, id);
    res.status(status).render('rounds/show', {
      round: {
        id,
        name: round.row.name,
        instrument: round.instrument.definition.code,
        instrumentName: round.instrument.definition.name[lang],
        opens_on: round.row.opens_on,
        closes_on: round.row.closes_on,
        target: round.row.target,
        min_group_size: round.row.min_group_size,
        state: roundState(round.row, today(context)),
        closedByHand: round.row.closed_at !== null,
        archived: round.row.archived_at !== null,
      },
      summary: { invited: summary.invited, started: summary.started, completed: summary.completed, paper: summary.paper, response_rate: summary.response_rate },
      roster: roster.map((entry) => ({
        id: entry.id,
        name: entry.name,
        unit: entry.unit,
        grade: entry.grade,
        email: entry.email,
        employee_no: entry.employee_no,
        status: entry.status,
        hasLink: entry.token_hash !== null,
      })),
      dimensions: round.instrument.definition.perspectives.flatMap((perspective) =>
        perspective.dimensions.map((dimension) => ({
          code: dimension.code,
          name: dimension.name[lang],
          target: round.targets.get(dimension.code),
          overridden: round.targets.get(dimension.code) !== round.row.target,
        })),
      ),
      scale: round.instrument.definition.scale,
      perspectives: round.instrument.definition.perspectives.map((perspective) => ({ code: perspective.code, name: perspective.name[lang] })),
      linkAddress: publicAddress(db, config),
      notice: typeof req.query.notice === 'string' && NOTICES.has(req.query.notice) ? req.query.notice : null,
      count: typeof req.query.count === 'string' ? req.query.count : null,
      links: {
        total: roster.length,
        missing: roster.filter((entry) => entry.token_hash === null).length,
        last: lastIssued ? { count: lastIssued.count, at: localDateTime(lastIssued.at, config.timezone), actor: lastIssued.actor } : null,
      },
      rosterColumns: ROSTER_COLUMN_LIST,
      importReport: null as ImportReportView | null,
      newOnly: false,
      reissueProblems: [] as Problem[],
      rosterProblems: [] as Problem[],
      entryValues: {},
      entryProblems: [] as Problem[],
      targetProblems: [] as Problem[],
      ...extra,
    });
  }

  function instrumentChoices(lang: Lang) {
    return listAllInstruments(db).map((instrument) => ({ code: instrument.definition.code, name: instrument.definition.name[lang] }));
  }

  router.get('/rounds', requireCapability('rounds.list'), (req, res) => {
    const day = today(context);
    res.render('rounds/index', {
      // Archived rounds are listed on /rounds/archive (src/routes/round-lifecycle.ts).
      notice: req.query.notice === 'archived' || req.query.notice === 'deleted' ? req.query.notice : null,
      rounds: listAllRounds(db).filter((row) => row.archived_at === null).map((row) => {
        const status = roundStatus(db, row.id);
        return { id: row.id, name: row.name, opens_on: row.opens_on, closes_on: row.closes_on, state: roundState(row, day), invited: status.invited, responses: status.completed + status.paper, response_rate: status.response_rate };
      }),
    });
  });

  router.get('/rounds/new', manage, (req, res) => {
    res.render('rounds/new', { values: {}, problems: [], instruments: instrumentChoices(req.lang) });
  });

  router.post('/rounds', manage, (req, res) => {
    const body = pick(formBody(req), ['name', 'instrument', ...ROUND_SETTING_FIELDS]);
    try {
      const round = createRound(db, body, now(), actorOf(req));
      res.redirect(303, `/rounds/${round.row.id}?notice=created`);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      res.status(422).render('rounds/new', { values: body, problems: error.problems, instruments: instrumentChoices(req.lang) });
    }
  });

  router.get('/rounds/:id', manage, (req, res) => roundPage(req, res, 200));

  router.get('/rounds/:id/edit', manage, (req, res) => {
    const round = getRound(db, parseRoundId(String(req.params.id)));
    const { row } = round;
    res.render('rounds/edit', {
      roundId: row.id,
      values: {
        name: row.name,
        opens_on: row.opens_on,
        closes_on: row.closes_on,
        target: String(row.target),
        min_group_size: String(row.min_group_size),
        organiser: row.organiser,
        contact: row.contact,
        results_on: row.results_on,
      },
      problems: [],
    });
  });

  router.post('/rounds/:id/edit', manage, (req, res) => {
    const id = parseRoundId(String(req.params.id));
    const body = pick(formBody(req), ['name', ...ROUND_SETTING_FIELDS]);
    try {
      updateRound(db, id, body, now(), actorOf(req));
      res.redirect(303, `/rounds/${id}?notice=updated`);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      res.status(422).render('rounds/edit', { roundId: id, values: body, problems: error.problems });
    }
  });

  /**
   * Actions that cannot be taken back ask first, without JavaScript: the first POST only renders a
   * confirmation page whose form repeats the request with confirmed=yes. Returns true when it did.
   */
  function askFirst(req: Request, res: Response, question: { title: string; message: string; params?: Record<string, string>; button: string }): boolean {
    const body = formBody(req);
    if (body.confirmed === 'yes') return false;
    const id = parseRoundId(String(req.params.id));
    // A repeated field (the employees chosen by checkbox) is repeated on the confirmation form.
    const fields = Object.entries(body)
      .filter(([name]) => name !== '_csrf' && name !== 'confirmed')
      .flatMap(([name, value]) => (Array.isArray(value) ? value : [value]).filter((one): one is string => typeof one === 'string').map((one) => ({ name, value: one })));
    res.render('rounds/confirm', { roundId: id, action: req.originalUrl.split('?')[0], fields, ...question, params: question.params ?? {} });
    return true;
  }

  router.post('/rounds/:id/close', manage, (req, res) => {
    const id = parseRoundId(String(req.params.id));
    if (askFirst(req, res, { title: 'rounds.close', message: 'rounds.close_confirm', button: 'rounds.close' })) return;
    closeRoundByHand(db, id, now(), actorOf(req));
    res.redirect(303, `/rounds/${id}?notice=closed`);
  });

  router.post('/rounds/:id/reopen', manage, (req, res) => {
    const id = parseRoundId(String(req.params.id));
    reopenRoundByHand(db, id, now(), actorOf(req));
    res.redirect(303, `/rounds/${id}?notice=reopened`);
  });

  router.post('/rounds/:id/targets', manage, (req, res) => {
    const id = parseRoundId(String(req.params.id));
    try {
      setDimensionTargets(db, id, formBody(req), now(), actorOf(req));
      res.redirect(303, `/rounds/${id}?notice=targets`);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      roundPage(req, res, 422, { targetProblems: error.problems });
    }
  });

  router.post('/rounds/:id/roster', manage, (req, res) => {
    const id = parseRoundId(String(req.params.id));
    getRound(db, id);
    const newOnly = formBody(req).new_only === 'yes';
    try {
      if (!req.file) throw new ValidationError('No file was uploaded', [{ field: 'file', message: 'choose a CSV file' }]);
      const result = importRoster(db, id, req.file.buffer, config.maxRows, now(), actorOf(req), { newOnly });
      // A first roster read without remarks is a count; a merge or an ignored column has more to say.
      if (!newOnly && result.ignoredColumns.length === 0) return res.redirect(303, `/rounds/${id}?notice=imported&count=${result.added.length}#roster`);
      roundPage(req, res, 200, { importReport: importReportView(result), newOnly });
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      roundPage(req, res, 422, { rosterProblems: error.problems, newOnly });
    }
  });

  router.post('/rounds/:id/roster/new', manage, (req, res) => {
    const id = parseRoundId(String(req.params.id));
    const body = pick(formBody(req), ROSTER_FIELDS);
    try {
      addRosterEntry(db, id, body, now(), actorOf(req));
      res.redirect(303, `/rounds/${id}?notice=added#roster`);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      roundPage(req, res, 422, { entryValues: body, entryProblems: error.problems });
    }
  });

  router.get('/rounds/:id/roster/:entry/edit', manage, (req, res) => {
    const id = parseRoundId(String(req.params.id));
    const entry = getRosterEntry(db, id, entryIdOf(req));
    res.render('roster/edit', { roundId: id, entryId: entry.id, values: pick(entry as unknown as Record<string, unknown>, ROSTER_FIELDS), problems: [] });
  });

  router.post('/rounds/:id/roster/:entry', manage, (req, res) => {
    const id = parseRoundId(String(req.params.id));
    const entryId = entryIdOf(req);
    const body = pick(formBody(req), ROSTER_FIELDS);
    try {
      editRosterEntry(db, id, entryId, body, now(), actorOf(req));
      res.redirect(303, `/rounds/${id}#roster`);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      res.status(422).render('roster/edit', { roundId: id, entryId, values: body, problems: error.problems });
    }
  });

  router.post('/rounds/:id/roster/:entry/delete', manage, (req, res) => {
    const id = parseRoundId(String(req.params.id));
    const entry = getRosterEntry(db, id, entryIdOf(req));
    if (askFirst(req, res, { title: 'common.remove', message: 'roster.remove_confirm', params: { name: entry.name }, button: 'common.remove' })) return;
    removeRosterEntry(db, id, entry.id, now(), actorOf(req));
    res.redirect(303, `/rounds/${id}?notice=removed#roster`);
  });

  router.post('/rounds/:id/roster/:entry/link', manage, (req, res) => {
    const id = parseRoundId(String(req.params.id));
    const entry = getRosterEntry(db, id, entryIdOf(req));
    const hadLink = entry.token_hash !== null;
    // Replacing a link ends the one the employee may be using; a first link ends nothing.
    if (hadLink && askFirst(req, res, { title: 'roster.reissued_title', message: 'roster.reissue_confirm', params: { name: entry.name }, button: 'roster.reissue' })) return;
    const [issued] = issueLinks(db, id, [entry.id], publicAddress(db, config).url, now(), actorOf(req));
    res.set('Cache-Control', 'no-store');
    res.render('roster/reissued', { roundId: id, name: issued.entry.name, link: issued.link, hadLink });
  });

  /**
   * Creates links and answers with the links CSV at once: the full links exist nowhere else. A
   * file is never empty: when everyone already has a link, the round page says so and offers to
   * re-issue chosen ones (which=selected, asked first) instead.
   */
  router.post('/rounds/:id/links', manage, (req, res) => {
    const id = parseRoundId(String(req.params.id));
    getRound(db, id);
    const body = formBody(req);
    const which = body.which === 'all' ? 'all' : body.which === 'selected' ? 'selected' : 'missing';
    let chosen: 'missing' | 'all' | number[] = which === 'selected' ? [] : which;
    if (which === 'missing' && listRoster(db, id).every((entry) => entry.token_hash !== null)) return res.redirect(303, `/rounds/${id}?notice=links_none#links`);
    if (which === 'all' && askFirst(req, res, { title: 'roster.issue_all', message: 'roster.issue_all_confirm', button: 'roster.issue_all' })) return;
    if (which === 'selected') {
      const ids = (Array.isArray(body.entry) ? body.entry : [body.entry]).map((value) => (typeof value === 'string' ? parseId(value) : null));
      if (ids.length === 0 || ids.some((value) => value === null) || body.entry === undefined) {
        return roundPage(req, res, 422, { reissueProblems: [{ field: 'reissue', message: 'choose at least one employee whose link is re-issued' }] });
      }
      chosen = [...new Set(ids as number[])];
      for (const entryId of chosen) getRosterEntry(db, id, entryId);
      if (askFirst(req, res, { title: 'roster.reissue_selected', message: 'roster.reissue_selected_confirm', params: { count: String(chosen.length) }, button: 'roster.reissue_selected' })) return;
    }
    const links = issueLinks(db, id, chosen, publicAddress(db, config).url, now(), actorOf(req));
    res.set('Cache-Control', 'no-store');
    res.attachment(`potret-round-${id}-links.csv`);
    res.type('text/csv; charset=utf-8').send(linksCsv(links, body.dialect === 'semicolon' ? 'semicolon' : 'comma', chatMessagesFor(db, id)));
  });

  router.get('/rounds/:id/status', manage, (req, res) => {
    const id = parseRoundId(String(req.params.id));
    const round = getRound(db, id);
    res.render('rounds/status', { round: { id, name: round.row.name }, status: roundStatus(db, id), pending: notCompleted(db, id) });
  });

  return router;
}
