import { Router, type Request, type Response } from 'express';
import { NotFoundError, ValidationError } from '../errors';
import type { Lang } from '../i18n';
import type { Perspective } from '../survey/instrument-schema';
import { answersAsSent, loadDraft, openLink, savePage, submit, unansweredItems, type Respondent } from '../survey/questionnaire';
import { formBody, type AppContext } from './context';
import { readCookies, today } from './middleware';
import { randomToken } from '../auth/tokens';

const DEVICE_COOKIE = 'potret_device';

/**
 * This browser's own secret, kept in a cookie for the questionnaire's pages only; a new one is set
 * when there is none. Drafts are sealed with the link and this secret together, so the link
 * alone — which the analyst who made the links CSV holds — does not open what an employee saved.
 * It identifies no one: it is random, never stored on the server, and the same for every link
 * opened in this browser.
 */
function deviceSecret(req: Request, res: Response): string {
  const existing = readCookies(req)[DEVICE_COOKIE];
  if (existing && /^[A-Za-z0-9_-]{43}$/.test(existing)) return existing;
  const secret = randomToken();
  res.cookie(DEVICE_COOKIE, secret, { httpOnly: true, sameSite: 'lax', secure: req.secure, path: '/s/', maxAge: 180 * 24 * 3600_000 });
  return secret;
}

function pageViewModel(respondent: Respondent, pageNumber: number, lang: Lang, answers: Uint8Array, comment: string) {
  const { instrument } = respondent.round;
  const perspectives = instrument.definition.perspectives;
  const perspective = perspectives[pageNumber - 1] as Perspective;
  return {
    page: pageNumber,
    pages: perspectives.length,
    perspective: { code: perspective.code, name: perspective.name[lang], description: perspective.description?.[lang] ?? null },
    dimensions: perspective.dimensions.map((dimension) => ({
      name: dimension.name[lang],
      items: dimension.items.map((item) => ({
        code: item.code,
        text: item.text[lang],
        selected: answers[instrument.itemIndex.get(item.code) as number],
      })),
    })),
    scale: instrument.definition.scale.labels.map((label) => ({ value: label.value, label: label[lang] })),
    comment,
  };
}

export function surveyRouter(context: AppContext): Router {
  const { db } = context;
  const router = Router();

  function respondentFor(req: Request, res: Response): Respondent {
    return openLink(db, String(req.params.token), today(context), deviceSecret(req, res));
  }

  /** Pages for links that cannot be answered now; returns true when one was sent. */
  function answeredByStatePage(res: Response, respondent: Respondent): boolean {
    if (respondent.entry.status === 'completed') {
      res.render('survey/message', { title: 'survey.thanks_title', message: 'survey.already', params: {} });
      return true;
    }
    if (respondent.state !== 'open') {
      const message = respondent.state === 'scheduled' ? 'survey.scheduled' : 'survey.closed';
      const title = respondent.state === 'scheduled' ? 'survey.scheduled_title' : 'survey.closed_title';
      res.status(403).render('survey/message', { title, message, params: { date: respondent.round.row.opens_on ?? '' } });
      return true;
    }
    return false;
  }

  /** The perspective page in the address, 1 to the number of perspectives; anything else is 404. */
  function pageNumberOf(req: Request, respondent: Respondent): number {
    const pages = respondent.round.instrument.definition.perspectives.length;
    const pageNumber = Number(req.params.page);
    if (!Number.isInteger(pageNumber) || pageNumber < 1 || pageNumber > pages) throw new NotFoundError('No such page');
    return pageNumber;
  }

  const base = (req: Request) => `/s/${String(req.params.token)}`;

  router.get('/s/:token', (req, res) => {
    const respondent = respondentFor(req, res);
    if (answeredByStatePage(res, respondent)) return;
    const draft = loadDraft(db, respondent);
    const definition = respondent.round.instrument.definition;
    res.render('survey/intro', {
      base: base(req),
      title: definition.name[req.lang],
      description: definition.description?.[req.lang] ?? null,
      minutes: definition.estimated_minutes,
      minGroupSize: respondent.round.row.min_group_size,
      closesOn: respondent.round.row.closes_on,
      started: respondent.entry.status === 'started' && !draft.elsewhere,
      elsewhere: draft.elsewhere,
      pages: definition.perspectives.length,
      resumePage: Math.min(draft.page, definition.perspectives.length + 1),
    });
  });

  router.get('/s/:token/p/:page', (req, res) => {
    const respondent = respondentFor(req, res);
    if (answeredByStatePage(res, respondent)) return;
    const pageNumber = pageNumberOf(req, respondent);
    const draft = loadDraft(db, respondent);
    const code = respondent.round.instrument.definition.perspectives[pageNumber - 1].code;
    res.render('survey/page', { base: base(req), problems: [], ...pageViewModel(respondent, pageNumber, req.lang, draft.answers, draft.comments[code] ?? '') });
  });

  router.post('/s/:token/p/:page', (req, res) => {
    const respondent = respondentFor(req, res);
    if (answeredByStatePage(res, respondent)) return;
    const pages = respondent.round.instrument.definition.perspectives.length;
    const pageNumber = pageNumberOf(req, respondent);
    const body = formBody(req);
    // 'lang' is the language switch in the page header: save the page and show it again in the other language.
    const target =
      body.nav === 'prev' ? Math.max(1, pageNumber - 1) : body.nav === 'review' ? pages + 1 : body.nav === 'lang' ? pageNumber : Math.min(pages + 1, pageNumber + 1);
    try {
      savePage(db, respondent, pageNumber, body, target);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      // Show the page again with what was sent and the message beside the fields.
      return res.status(422).render('survey/page', {
        base: base(req),
        problems: error.problems,
        ...pageViewModel(respondent, pageNumber, req.lang, answersAsSent(db, respondent, body), typeof body.comment === 'string' ? body.comment : ''),
      });
    }
    if (body.nav === 'lang') return res.redirect(303, `${base(req)}/p/${pageNumber}?lang=${req.lang === 'id' ? 'en' : 'id'}`);
    res.redirect(303, target > pages ? `${base(req)}/review` : `${base(req)}/p/${target}`);
  });

  router.get('/s/:token/review', (req, res) => {
    const respondent = respondentFor(req, res);
    if (answeredByStatePage(res, respondent)) return;
    const draft = loadDraft(db, respondent);
    const missing = unansweredItems(respondent, draft);
    const texts = new Map(respondent.round.instrument.items.map((item) => [item.code, item.text[req.lang]]));
    res.render('survey/review', {
      base: base(req),
      pages: missing.length,
      missingCount: missing.reduce((sum, page) => sum + page.codes.length, 0),
      perspectives: missing.map((page) => ({
        page: page.page,
        name: page.perspective.name[req.lang],
        missing: page.codes.map((code) => ({ code, text: texts.get(code) ?? code })),
      })),
    });
  });

  router.post('/s/:token/submit', async (req, res) => {
    const respondent = respondentFor(req, res);
    if (answeredByStatePage(res, respondent)) return;
    const outcome = await submit(db, respondent, formBody(req));
    res.status(outcome === 'stored' ? 201 : 200).render('survey/message', {
      title: 'survey.thanks_title',
      message: outcome === 'stored' ? 'survey.thanks' : 'survey.already',
      params: {},
    });
  });

  return router;
}
