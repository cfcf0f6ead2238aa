import { Router, type Request, type Response } from 'express';
import { ConflictError, NotFoundError, ValidationError, type Problem } from '../errors';
import { importSkmPaperFile, listSkmPaperBatches, skmPaperTemplate, undoSkmPaperBatch } from '../skm/paper';
import { formatShare } from '../i18n/format';
import { translator, type Lang } from '../i18n';
import { parseId } from '../ids';
import { loadOrganisation } from '../organisation/profile';
import { publishedRoundSummary, publishedSkmReport, skmReport, skmReportPublished } from '../skm/analysis';
import { skmDocumentView } from '../skm/document';
import { SKM_INFOGRAPHIC_FORMATS, SKM_REPORT_FILE_FORMATS, skmInfographicFile, skmReportFile, type SkmFile } from '../skm/files';
import { DEFAULT_SKM_INSTRUMENT } from '../skm/rounds';
import { getSkmInstrument } from '../skm/instrument';
import { createSkmRound, getSkmRound, listAllSkmRounds, setSkmRoundOpen, updateSkmRoundSettings, type SkmRound } from '../skm/rounds';
import { countSkmResponses, countSkmResponsesByChannel, listSkmFollowups } from '../db/skm';
import { createSkmFollowup } from '../skm/followup';
import { followupForm } from './skm-followup';
import { actorOf, formBody, pick, type AppContext } from './context';
import { pdfChromium } from '../report/service';
import { requireCapability, today } from './middleware';
import { publicAddress } from '../survey/public-address';
import { skmLink } from '../skm/qr';

const ROUND_FIELDS = ['name', 'period_start', 'period_end', 'services', 'population', 'min_group_size'] as const;
const NOTICES = new Set(['created', 'updated', 'closed', 'reopened', 'imported', 'undone']);

/** The SKM round in the address; anything but a plain positive integer finds nothing (404). */
function skmRoundIdOf(req: Request): number {
  const id = parseId(String(req.params.id));
  if (id === null) throw new NotFoundError();
  return id;
}

/**
 * A round form's body as the service reads it: the named fields, and the weights typed into
 * `weights.<key>` (only the filled ones: all empty means equal weights).
 */
function roundInput(req: Request, elementKeys: readonly string[]): { input: Record<string, unknown>; values: Record<string, string> } {
  const body = formBody(req);
  const input: Record<string, unknown> = pick(body, ROUND_FIELDS);
  const weights: Record<string, unknown> = {};
  const values: Record<string, string> = {};
  for (const field of ROUND_FIELDS) values[field] = typeof body[field] === 'string' ? (body[field] as string) : '';
  for (const key of elementKeys) {
    const typed = body[`weights.${key}`];
    values[`weights.${key}`] = typeof typed === 'string' ? typed : '';
    if (typeof typed === 'string' && typed.trim() !== '') weights[key] = typed;
    else if (typed !== undefined && typeof typed !== 'string') weights[key] = typed;
  }
  input.weights = weights;
  return { input, values };
}

function servicesText(round: SkmRound): string {
  return round.services.map((service) => `${service.code} ${service.name}`).join('\n');
}

function roundValues(round: SkmRound): Record<string, string> {
  const values: Record<string, string> = {
    name: round.row.name,
    period_start: round.row.period_start,
    period_end: round.row.period_end,
    services: servicesText(round),
    population: round.row.population === null ? '' : String(round.row.population),
    min_group_size: String(round.row.min_group_size),
  };
  const typed = JSON.parse(round.row.weights) as Record<string, string>;
  for (const element of round.elements) values[`weights.${element.key}`] = typed[element.key] ?? '';
  return values;
}

/** "n dari S (x %)" as the round page and the list show it; null without a population. */
function progressText(lang: Lang, responses: number, required: number | null): string | null {
  if (required === null) return null;
  return translator(lang)('skm.progress_of', { n: responses, s: required, percent: formatShare(responses / required, lang) });
}

export function skmRouter(context: AppContext): Router {
  const { db, config, now } = context;
  const router = Router();
  const manage = requireCapability('skm.manage');
  const read = requireCapability('reports.read');

  /** The elements a new round takes: the default instrument's. */
  function newElements(lang: Lang) {
    return getSkmInstrument(db, DEFAULT_SKM_INSTRUMENT).definition.elements.map((element) => ({ key: element.key, name: element.name[lang] }));
  }

  function roundPage(req: Request, res: Response, status: number, extra: { values?: Record<string, string>; problems?: Problem[]; paperProblems?: Problem[]; paperTitle?: string } = {}) {
    const id = skmRoundIdOf(req);
    const round = getSkmRound(db, id);
    const lang = req.lang;
    const responses = countSkmResponses(db, id);
    const channels = { online: 0, kiosk: 0, paper: 0 };
    for (const { channel, n } of countSkmResponsesByChannel(db, id)) channels[channel] = n;
    const required = round.requiredSample;
    res.status(status).render('skm/show', {
      round: {
        id,
        name: round.row.name,
        period_start: round.row.period_start,
        period_end: round.row.period_end,
        population: round.row.population,
        min_group_size: round.row.min_group_size,
        closed: round.row.closed_at !== null,
        link: skmLink(publicAddress(db, config).url, round.row.code),
        kiosk: `/k/${round.row.code}/kiosk`,
        required_sample: required,
        responses,
        progress: required === null ? null : Math.min(responses, required),
        progressText: progressText(lang, responses, required),
        channels,
        weightsFixed: responses > 0,
        published: skmReportPublished(db, round),
      },
      pdf: { available: pdfChromium(config) !== null },
      baseUrlIsDefault: publicAddress(db, config).loopback,
      elements: round.elements.map((element) => ({ key: element.key, name: element.name[lang] })),
      values: extra.values ?? roundValues(round),
      problems: extra.problems ?? [],
      paper: { batches: listSkmPaperBatches(db, id), problems: extra.paperProblems ?? [], title: extra.paperTitle ?? null },
      notice: typeof req.query.notice === 'string' && NOTICES.has(req.query.notice) ? req.query.notice : null,
    });
  }

  router.get('/skm', read, (req, res) => {
    const lang = req.lang;
    res.render('skm/index', {
      rounds: listAllSkmRounds(db).map((round) => {
        const summary = publishedRoundSummary(db, round);
        return {
          id: round.row.id,
          name: round.row.name,
          period_start: round.row.period_start,
          period_end: round.row.period_end,
          closed: round.row.closed_at !== null,
          responses: summary.responses,
          progressText: progressText(lang, summary.responses, round.requiredSample),
          ikm_rounded: summary.ikm_rounded,
          grade: summary.grade,
        };
      }),
    });
  });

  router.get('/skm/new', manage, (req, res) => {
    res.render('skm/new', { values: { min_group_size: '5' }, problems: [], elements: newElements(req.lang) });
  });

  router.post('/skm/new', manage, (req, res) => {
    const { input, values } = roundInput(req, newElements(req.lang).map((element) => element.key));
    try {
      const round = createSkmRound(db, input, now(), actorOf(req));
      res.redirect(303, `/skm/rounds/${round.row.id}?notice=created`);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      res.status(422).render('skm/new', { values, problems: error.problems, elements: newElements(req.lang) });
    }
  });

  router.get('/skm/rounds/:id', manage, (req, res) => roundPage(req, res, 200));

  router.post('/skm/rounds/:id/settings', manage, (req, res) => {
    const id = skmRoundIdOf(req);
    const round = getSkmRound(db, id);
    const { input, values } = roundInput(req, round.elements.map((element) => element.key));
    try {
      updateSkmRoundSettings(db, id, input, now(), actorOf(req));
      res.redirect(303, `/skm/rounds/${id}?notice=updated`);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      roundPage(req, res, 422, { values, problems: error.problems });
    }
  });

  /** Paper forms: the template, an upload imported all or nothing, undoing a batch. */
  router.get('/skm/rounds/:id/paper-template.csv', manage, (req, res) => {
    const round = getSkmRound(db, skmRoundIdOf(req));
    const dialect = req.query.dialect === 'comma' ? 'comma' : 'semicolon';
    res.attachment(`potret-skm-${round.row.id}-template-${dialect}.csv`).type('text/csv; charset=utf-8').send(skmPaperTemplate(round, dialect));
  });

  router.post('/skm/rounds/:id/paper', manage, async (req, res) => {
    const id = skmRoundIdOf(req);
    getSkmRound(db, id);
    if (!req.file || req.file.size === 0) return roundPage(req, res, 422, { paperProblems: [{ field: 'paper-file', message: res.locals.t('paper.no_file') }] });
    try {
      await importSkmPaperFile(db, id, req.file.buffer, { fileName: req.file.originalname || 'skm.csv', actor: actorOf(req), now: now(), timeZone: config.timezone, maxRows: config.maxRows });
    } catch (error) {
      if (error instanceof ValidationError) return roundPage(req, res, 422, { paperProblems: error.problems, paperTitle: error.message });
      if (error instanceof ConflictError) return roundPage(req, res, 409, { paperProblems: [{ message: error.message }] });
      throw error;
    }
    res.redirect(303, `/skm/rounds/${id}?notice=imported#paper`);
  });

  router.post('/skm/rounds/:id/paper/:batch/undo', manage, (req, res) => {
    const id = skmRoundIdOf(req);
    const batch = parseId(String(req.params.batch));
    if (batch === null) throw new NotFoundError('No such import batch');
    undoSkmPaperBatch(db, id, batch, now(), actorOf(req));
    res.redirect(303, `/skm/rounds/${id}?notice=undone#paper`);
  });

  router.post('/skm/rounds/:id/close', manage, (req, res) => {
    const id = skmRoundIdOf(req);
    setSkmRoundOpen(db, id, false, now(), actorOf(req));
    res.redirect(303, `/skm/rounds/${id}?notice=closed`);
  });

  router.post('/skm/rounds/:id/reopen', manage, (req, res) => {
    const id = skmRoundIdOf(req);
    setSkmRoundOpen(db, id, true, now(), actorOf(req));
    res.redirect(303, `/skm/rounds/${id}?notice=reopened`);
  });

  /** What every report address answers before the round is published: the count only, 409 for a file (nothing is built). */
  function unpublished(res: Response, round: SkmRound, status: number): void {
    const message = round.row.closed_at === null ? 'skm.unpublished' : 'skm.unpublished_small';
    res.status(status).render('survey/message', { title: 'skm.unpublished_title', message, params: { responses: countSkmResponses(db, round.row.id), min: round.row.min_group_size } });
  }

  /** The report page, with the follow-up plan's forms for someone who plans (and a refused one's problems). */
  function reportPage(req: Request, res: Response, status: number, refused: Parameters<typeof followupForm>[4] = null): void {
    const round = getSkmRound(db, skmRoundIdOf(req));
    if (!skmReportPublished(db, round)) return unpublished(res, round, status === 200 ? 200 : 409);
    const report = skmReport(db, round.row.id, { lang: req.lang, commentMin: config.commentMin });
    const view = skmDocumentView(report, { lang: req.lang, generatedOn: today(context), organisation: loadOrganisation(db), followups: listSkmFollowups(db, round.row.id) });
    const notice = req.query.notice === 'followup' ? 'followup' : null;
    res.status(status).render('skm/report', { view, pdf: { available: pdfChromium(config) !== null }, form: followupForm(db, view.followup.rows, req.user, today(context), refused), notice });
  }

  // Figures only once the round is closed (skmReportPublished); while open, the count alone.
  router.get('/skm/rounds/:id/report', read, (req, res) => reportPage(req, res, 200));

  /** A priority element made an action of a plan (one click from the follow-up plan). */
  router.post('/skm/rounds/:id/followup', requireCapability('plans.manage'), (req, res) => {
    const id = skmRoundIdOf(req);
    const input = pick(formBody(req), ['element', 'objective_id', 'pic_id', 'due_on']);
    try {
      createSkmFollowup(db, id, input, { lang: req.lang, today: today(context), now: now(), actor: actorOf(req), commentMin: config.commentMin });
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const text = (key: string) => (typeof input[key] === 'string' ? (input[key] as string) : '');
      return reportPage(req, res, 422, { problems: error.problems, values: { element: text('element'), objective_id: text('objective_id'), pic_id: text('pic_id'), due_on: text('due_on') } });
    }
    res.redirect(303, `/skm/rounds/${id}/report?notice=followup#followup-h`);
  });

  /** A file of a published round (the report, the infographic); before then the page the report shows, with 409. */
  function download(make: (req: Request, roundId: number) => Promise<SkmFile>) {
    return async (req: Request, res: Response) => {
      const round = getSkmRound(db, skmRoundIdOf(req));
      if (!skmReportPublished(db, round)) return unpublished(res, round, 409);
      const file = await make(req, round.row.id);
      res.attachment(file.fileName);
      res.type(file.contentType).send(file.body);
    };
  }
  const fileOptions = (req: Request) => ({ lang: req.lang, generatedOn: today(context), commentMin: config.commentMin });
  for (const format of SKM_REPORT_FILE_FORMATS) {
    router.get(`/skm/rounds/:id/report.${format}`, read, download((req, id) => skmReportFile(db, config, id, format, fileOptions(req))));
  }
  for (const format of SKM_INFOGRAPHIC_FORMATS) {
    router.get(`/skm/rounds/:id/infographic.${format}`, read, download((req, id) => skmInfographicFile(db, config, id, format, fileOptions(req))));
  }

  router.get('/api/skm/rounds/:id/report', read, (req, res) => {
    const round = getSkmRound(db, skmRoundIdOf(req));
    res.json(publishedSkmReport(db, round, { lang: req.lang, commentMin: config.commentMin }));
  });

  return router;
}
