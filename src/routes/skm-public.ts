import { Router, type Request, type Response } from 'express';
import { BoundedWindowLimiter } from '../auth/rate-limit';
import { NotFoundError, TooManyRequestsError, ValidationError, type Problem } from '../errors';
import { translator, type Lang } from '../i18n';
import { translateProblem } from '../i18n/problems';
import { loadOrganisation } from '../organisation/profile';
import { findSkmRoundForLink, type SkmRound } from '../skm/rounds';
import { answerField, HONEYPOT_FIELD, newSubmissionKey, skmRoundState, SkmRoundNotOpenError, storeSkmSubmission, SUGGESTION_MAX, type SkmRoundState } from '../skm/submit';
import { formBody, type AppContext } from './context';
import { today } from './middleware';

/**
 * The stakeholder satisfaction survey's public side: the open link /k/<code> printed on the
 * counter's poster, and its kiosk mode /k/<code>/kiosk for a tablet at the counter. No login, no
 * cookie, nothing cached (`Cache-Control: no-store` on every response), no CSRF token (the form
 * is open to anyone; see csrf() in middleware.ts). A submission is answered with a redirect to
 * the thank-you page, so neither the back button nor a reload sends it again or shows it.
 */

export interface SkmPublicOptions {
  /** Submissions per address per window; the limiter holds at most `maxKeys` addresses, in memory only. */
  rateLimit?: { max: number; windowMs: number; maxKeys: number };
}

/** A kiosk at a busy counter serves one person every few minutes; 20 in 10 minutes leaves room for a queue. */
export const SKM_RATE_LIMIT = { max: 20, windowMs: 10 * 60_000, maxKeys: 10_000 };

/** Seconds the kiosk's thank-you stays before the form comes back empty. */
export const KIOSK_THANKS_SECONDS = 5;

interface FormValues {
  answers: Record<string, string>;
  gender: string;
  age: string;
  education: string;
  occupation: string;
  service: string;
  suggestion: string;
  key: string;
}

const text = (value: unknown) => (typeof value === 'string' ? value : '');

/** The fields of a form that came back, each picked by name (the honeypot is never echoed). */
function valuesAsSent(round: SkmRound, body: Record<string, unknown>): FormValues {
  const key = text(body.key);
  return {
    answers: Object.fromEntries(round.elements.map((element) => [element.key, text(body[answerField(element.key)])])),
    gender: text(body.gender),
    age: text(body.age).slice(0, 3),
    education: text(body.education),
    occupation: text(body.occupation),
    service: text(body.service),
    suggestion: text(body.suggestion).slice(0, SUGGESTION_MAX),
    // The same person sending again keeps the key, so a retry of the corrected form is still stored once.
    key: /^[A-Za-z0-9_-]{16,64}$/.test(key) ? key : newSubmissionKey(),
  };
}

function emptyValues(): FormValues {
  return { answers: {}, gender: '', age: '', education: '', occupation: '', service: '', suggestion: '', key: newSubmissionKey() };
}

/** A label from the catalogue when it has one (education and occupation codes), else the code as the instrument gives it. */
function labelOf(t: ReturnType<typeof translator>, key: string, fallback: string): string {
  const label = t(key as Parameters<typeof t>[0]);
  return label === key ? fallback : label;
}

const languageQuery = (lang: Lang) => (lang === 'en' ? '?lang=en' : '');

export function skmPublicRouter(context: AppContext, options: SkmPublicOptions = {}): Router {
  const { db, config, now } = context;
  const router = Router();
  const { max, windowMs, maxKeys } = options.rateLimit ?? SKM_RATE_LIMIT;
  const limiter = new BoundedWindowLimiter(max, windowMs, maxKeys);

  // Nothing of a respondent may stay in a shared browser's cache or history: not the form, not the errors.
  router.use('/k', (_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });

  function roundFor(req: Request): SkmRound {
    const round = findSkmRoundForLink(db, String(req.params.code));
    if (!round) throw new NotFoundError();
    return round;
  }

  const isKiosk = (req: Request) => req.path.endsWith('/kiosk') || req.query.kiosk === '1';
  const formPath = (round: SkmRound, kiosk: boolean) => `/k/${round.row.code}${kiosk ? '/kiosk' : ''}`;

  function renderForm(res: Response, round: SkmRound, kiosk: boolean, values: FormValues, problems: Problem[], lang: Lang, status = 200): void {
    const t = translator(lang);
    const definition = round.instrument.definition;
    const fieldLabels: Record<string, string> = {
      gender: t('skm.form.gender'),
      age: t('skm.form.age'),
      education: t('skm.form.education'),
      occupation: t('skm.form.occupation'),
      service: t('skm.form.service'),
      suggestion: t('skm.form.suggestion'),
      key: t('skm.form.title'),
      [HONEYPOT_FIELD]: t('skm.form.honeypot'),
    };
    round.elements.forEach((element, index) => (fieldLabels[answerField(element.key)] = `${index + 1}. ${element.name[lang]}`));
    const messages: Record<string, string> = {};
    for (const problem of problems) {
      const field = problem.field ?? '';
      if (!(field in messages)) messages[field] = t(problem.message as Parameters<typeof t>[0]);
    }
    // The summary links each problem to its field, in the page's order.
    const summary = Object.keys(fieldLabels)
      .filter((field) => field in messages)
      .map((field) => ({ field, text: `${fieldLabels[field]}: ${messages[field]}`, linked: field !== 'key' && field !== HONEYPOT_FIELD }));
    const organisation = loadOrganisation(db).name;
    // The language switch posts the form: the page comes back in the other language with what was ticked.
    res.locals.lang = lang;
    res.locals.t = t;
    res.locals.tp = (message: string) => translateProblem(lang, message);
    res.status(status).render('skm/form', {
      title: definition.name[lang],
      intro: definition.intro[lang],
      roundName: round.row.name,
      organisation,
      kiosk,
      action: `${formPath(round, kiosk)}${languageQuery(lang)}`,
      key: values.key,
      honeypot: HONEYPOT_FIELD,
      elements: round.elements.map((element, index) => ({
        number: index + 1,
        field: answerField(element.key),
        name: element.name[lang],
        question: element.question[lang],
        options: element.options.map((option, optionIndex) => ({ value: String(optionIndex + 1), label: option[lang] })),
        selected: values.answers[element.key] ?? '',
      })),
      genders: [
        { value: 'male', label: t('skm.form.gender.male') },
        { value: 'female', label: t('skm.form.gender.female') },
      ],
      educations: definition.profile.education.map((value) => ({ value, label: labelOf(t, `skm.education.${value}`, value) })),
      occupations: definition.profile.occupation.map((value) => ({ value, label: labelOf(t, `skm.occupation.${value}`, value) })),
      services: round.services.map((service) => ({ value: service.code, label: service.name })),
      values: { gender: values.gender, age: values.age, education: values.education, occupation: values.occupation, service: values.service, suggestion: values.suggestion },
      suggestionMax: SUGGESTION_MAX,
      messages,
      summary,
    });
  }

  function renderNotOpen(res: Response, state: Exclude<SkmRoundState, 'open'>): void {
    res.status(403).render('survey/message', { title: `skm.state.${state}_title`, message: `skm.state.${state}`, params: {} });
  }

  function showForm(req: Request, res: Response): void {
    const round = roundFor(req);
    const state = skmRoundState(round, today(context));
    if (state !== 'open') return renderNotOpen(res, state);
    renderForm(res, round, isKiosk(req), emptyValues(), [], req.lang);
  }

  function submitForm(req: Request, res: Response): void {
    const limit = limiter.hit(req.ip ?? '', now().getTime());
    if (!limit.allowed) {
      res.set('Retry-After', String(limit.retryAfterSeconds));
      throw new TooManyRequestsError(translator(req.lang)('skm.too_many'));
    }
    const round = roundFor(req);
    const kiosk = isKiosk(req);
    const body = formBody(req);
    if (body.nav === 'lang') return renderForm(res, round, kiosk, valuesAsSent(round, body), [], req.lang === 'id' ? 'en' : 'id');
    try {
      storeSkmSubmission(db, round, body, { channel: kiosk ? 'kiosk' : 'online', now: now(), timezone: config.timezone });
    } catch (error) {
      if (error instanceof SkmRoundNotOpenError) return renderNotOpen(res, error.state);
      if (!(error instanceof ValidationError)) throw error;
      return renderForm(res, round, kiosk, valuesAsSent(round, body), error.problems, req.lang, 422);
    }
    // A retried submission (same key) lands here too: it stored nothing and gets the same thank-you.
    const thanks = `/k/${round.row.code}/terima-kasih`;
    res.redirect(303, kiosk ? `${thanks}?kiosk=1` : `${thanks}${languageQuery(req.lang)}`);
  }

  router.get('/k/:code', showForm);
  router.get('/k/:code/kiosk', showForm);
  router.post('/k/:code', submitForm);
  router.post('/k/:code/kiosk', submitForm);

  router.get('/k/:code/terima-kasih', (req, res) => {
    const round = roundFor(req);
    const kiosk = isKiosk(req);
    res.render('skm/thanks', {
      kiosk,
      seconds: KIOSK_THANKS_SECONDS,
      next: formPath(round, true),
      roundName: round.row.name,
    });
  });

  return router;
}
