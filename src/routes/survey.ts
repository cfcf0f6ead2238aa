import { Router, type Request, type Response } from 'express';
import { NotFoundError, ValidationError } from '../errors';
import type { Lang } from '../i18n';
import { progressMessage, type QuestionnairePage } from '../survey/paging';
import { roundOrganiser } from '../survey/rounds';
import { answersAsSent, loadDraft, openLink, pagesOf, saveAnswer, savePage, submit, unansweredItems, type Respondent } from '../survey/questionnaire';
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

function pageViewModel(respondent: Respondent, page: QuestionnairePage, lang: Lang, answers: Uint8Array, comment: string, fromReview: boolean) {
  const { instrument } = respondent.round;
  const progress = progressMessage(page, instrument.definition.perspectives.length);
  return {
    page: page.number,
    pages: pagesOf(respondent).length,
    progress: { key: progress.key, params: progress.params },
    // The perspective's description introduces its first part only.
    perspective: { code: page.perspective.code, name: page.perspective.name[lang], description: page.part === 1 ? (page.perspective.description?.[lang] ?? null) : null },
    dimensions: page.dimensions.map(({ dimension, items }) => ({
      name: dimension.name[lang],
      items: items.map((item) => ({
        code: item.code,
        text: item.text[lang],
        selected: answers[instrument.itemIndex.get(item.code) as number],
      })),
    })),
    scale: instrument.definition.scale.labels.map((label) => ({ value: label.value, label: label[lang] })),
    asksComment: page.asksComment,
    comment,
    // Opened from the review step: saving the page goes back there, not on to the next page.
    fromReview,
  };
}

/**
 * Where saving a page leads. 'lang' is the language switch in the page header: the same page in
 * the other language. A page opened from the review goes back to it once saved (the employee came
 * to change an answer), unless they choose to go back a page.
 */
function targetPage(nav: unknown, pageNumber: number, pages: number, fromReview: boolean): number {
  if (nav === 'lang') return pageNumber;
  if (nav === 'prev') return Math.max(1, pageNumber - 1);
  if (nav === 'review' || fromReview) return pages + 1;
  return Math.min(pages + 1, pageNumber + 1);
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
      res.render('survey/message', { title: 'survey.thanks_title', message: 'survey.already', params: {}, resultsOn: respondent.round.row.results_on });
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

  /** The questionnaire page in the address, 1 to the number of pages (paging.ts); anything else is 404. */
  function pageOf(req: Request, respondent: Respondent): QuestionnairePage {
    const page = /^\d{1,4}$/.test(String(req.params.page)) ? pagesOf(respondent)[Number(req.params.page) - 1] : undefined;
    if (!page) throw new NotFoundError('No such page');
    return page;
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
      organiser: roundOrganiser(db, respondent.round.row),
      contact: respondent.round.row.contact,
      started: respondent.entry.status === 'started' && !draft.elsewhere,
      elsewhere: draft.elsewhere,
      pages: pagesOf(respondent).length,
      resumePage: draft.page,
    });
  });

  router.get('/s/:token/p/:page', (req, res) => {
    const respondent = respondentFor(req, res);
    if (answeredByStatePage(res, respondent)) return;
    const page = pageOf(req, respondent);
    const draft = loadDraft(db, respondent);
    const comment = page.asksComment ? (draft.comments[page.perspective.code] ?? '') : '';
    res.render('survey/page', { base: base(req), problems: [], ...pageViewModel(respondent, page, req.lang, draft.answers, comment, req.query.from === 'review') });
  });

  router.post('/s/:token/p/:page', (req, res) => {
    const respondent = respondentFor(req, res);
    if (answeredByStatePage(res, respondent)) return;
    const pages = pagesOf(respondent).length;
    const page = pageOf(req, respondent);
    const pageNumber = page.number;
    const body = formBody(req);
    const fromReview = body.from === 'review';
    const target = targetPage(body.nav, page.number, pages, fromReview);
    try {
      savePage(db, respondent, pageNumber, body, target);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      // Show the page again with what was sent and the message beside the fields.
      return res.status(422).render('survey/page', {
        base: base(req),
        problems: error.problems,
        ...pageViewModel(respondent, page, req.lang, answersAsSent(db, respondent, body), typeof body.comment === 'string' ? body.comment : '', fromReview),
      });
    }
    if (body.nav === 'lang') return res.redirect(303, `${base(req)}/p/${pageNumber}?lang=${req.lang === 'id' ? 'en' : 'id'}${fromReview ? '&from=review' : ''}`);
    res.redirect(303, target > pages ? `${base(req)}/review` : `${base(req)}/p/${target}`);
  });

  /**
   * One answer, saved as it is chosen by the page's script (views/static/autosave.js); the page's
   * own submission still saves everything without it. Checked as that submission is: a link that
   * is unknown, completed or closed gets the same answer as there, a bad value 422 with nothing
   * written, and success an empty 204 that echoes nothing.
   */
  router.post('/s/:token/p/:page/answer', (req, res) => {
    const respondent = respondentFor(req, res);
    if (answeredByStatePage(res, respondent)) return;
    const page = pageOf(req, respondent);
    try {
      saveAnswer(db, respondent, page.number, formBody(req));
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      // Field names only: the value sent is not repeated back.
      throw new ValidationError(error.message, error.problems.map((problem) => ({ field: problem.field, message: problem.message })));
    }
    res.status(204).end();
  });

  router.get('/s/:token/review', (req, res) => {
    const respondent = respondentFor(req, res);
    if (answeredByStatePage(res, respondent)) return;
    const draft = loadDraft(db, respondent);
    const missing = unansweredItems(respondent, draft);
    const texts = new Map(respondent.round.instrument.items.map((item) => [item.code, item.text[req.lang]]));
    res.render('survey/review', {
      base: base(req),
      missingCount: missing.reduce((sum, page) => sum + page.codes.length, 0),
      lastPage: pagesOf(respondent).length,
      perspectives: missing.map((page) => ({
        page: page.page,
        number: page.perspectiveNumber,
        firstPage: page.firstPage,
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
      resultsOn: respondent.round.row.results_on,
    });
  });

  return router;
}
