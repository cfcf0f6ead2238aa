import type { Db } from '../db/connection';
import { advanceStatus, findRosterEntry, findRosterEntryByTokenHash } from '../db/roster';
import { deleteDraft, findDraft, insertComment, insertResponse, saveDraft } from '../db/responses';
import { checkpointAfterSubmission } from '../db/wal';
import type { RosterEntryRow } from '../db/types';
import { NotFoundError, ValidationError, type Problem } from '../errors';
import { hashToken } from '../auth/tokens';
import type { Perspective } from './instrument-schema';
import { getRound, roundState, type Round, type RoundState } from './rounds';
import { firstPageOfPerspective, pageOfItem, questionnairePages, type QuestionnairePage } from './paging';
import { draftKeyFor, openDraft, sealDraft, type DraftContent } from './sealed-draft';

export const MAX_COMMENT_LENGTH = 2000;

/** Field names a questionnaire form may send besides item codes. */
const COMMENT_FIELD = 'comment';
const RESERVED_FIELDS = new Set([COMMENT_FIELD, 'nav', 'lang', 'from', '_csrf']);

export interface Respondent {
  entry: RosterEntryRow;
  round: Round;
  state: RoundState;
  /** Seals and opens this link's draft on this device; derived from the token (never stored) and the device's secret. */
  draftKey: Buffer;
}

export interface Draft extends DraftContent {
  /** Whether a draft row exists (false: nothing saved yet, nothing to delete). */
  stored: boolean;
  /** A draft exists but does not open here: saved in another browser (or under an earlier link). */
  elsewhere: boolean;
}

/**
 * Finds the roster entry behind a personal link; unknown and re-issued tokens are simply "not found".
 * `deviceSecret` is the browser's own secret (see routes/survey.ts): drafts open only where they were saved.
 */
export function openLink(db: Db, token: string, today: string, deviceSecret: string): Respondent {
  const entry = /^[A-Za-z0-9_-]{20,100}$/.test(token) ? findRosterEntryByTokenHash(db, hashToken(token)) : undefined;
  if (!entry) throw new NotFoundError('Link not found');
  const round = getRound(db, entry.round_id);
  return { entry, round, state: roundState(round.row, today), draftKey: draftKeyFor(token, deviceSecret) };
}

/**
 * The respondent's saved draft. One that does not open with this link's key on this device (saved in
 * another browser, sealed under an earlier link, or altered) is no draft: the questionnaire starts
 * empty, says so, and the next save replaces it.
 */
export function loadDraft(db: Db, respondent: Respondent): Draft {
  const row = findDraft(db, respondent.entry.id);
  const { instrument } = respondent.round;
  const content = row ? openDraft(respondent.draftKey, respondent.entry.id, instrument, MAX_COMMENT_LENGTH, row.sealed) : null;
  if (!content) return { answers: new Uint8Array(instrument.items.length), comments: {}, page: 1, stored: row !== undefined, elsewhere: row !== undefined };
  const pages = questionnairePages(instrument.definition);
  // A draft of the earlier format was saved when each perspective was one page: it resumes at the
  // first page of that perspective (or at the review). Its answers are by item, so none moves.
  const page = content.format === 1 ? firstPageOfPerspective(pages, content.page) : content.page;
  return { answers: content.answers, comments: content.comments, page: Math.min(Math.max(page, 1), pages.length + 1), stored: true, elsewhere: false };
}

/** The questionnaire's pages for this respondent's round. */
export function pagesOf(respondent: Respondent): QuestionnairePage[] {
  return questionnairePages(respondent.round.instrument.definition);
}

/** One answer as sent: a whole number on the scale, null when blank or absent, undefined when it is neither. */
function scaleValue(raw: unknown, min: number, max: number): number | null | undefined {
  if (raw === undefined) return null;
  const text = typeof raw === 'string' ? raw.trim() : '';
  if (typeof raw === 'string' && text === '') return null;
  const value = /^\d{1,2}$/.test(text) ? Number(text) : NaN;
  return value >= min && value <= max ? value : undefined;
}

/**
 * The saved draft with a refused page's answers laid over it as sent, for showing that page again:
 * answers on the scale are kept, an off-scale number shows as unanswered, anything else leaves the
 * saved answer.
 */
export function answersAsSent(db: Db, respondent: Respondent, body: Record<string, unknown>): Uint8Array {
  const answers = loadDraft(db, respondent).answers;
  const { min, max } = respondent.round.instrument.definition.scale;
  for (const item of respondent.round.instrument.items) {
    const sent = body[item.code];
    const value = scaleValue(sent, min, max);
    if (typeof value === 'number') answers[item.index] = value;
    else if (value === undefined && typeof sent === 'string' && /^\d{1,2}$/.test(sent.trim())) answers[item.index] = 0;
  }
  return answers;
}

/** What a form may answer: one page's statements and comment, or everything for a one-shot submission. */
export interface AnswerScope {
  itemCodes: string[];
  /** Perspectives whose comment the form may send. */
  comments: Perspective[];
  /** A page sends its comment as "comment"; a one-shot submission sends "comment_<perspective code>". */
  onePage: boolean;
}

function pageScope(page: QuestionnairePage): AnswerScope {
  return { itemCodes: page.itemCodes, comments: page.asksComment ? [page.perspective] : [], onePage: true };
}

function everythingScope(round: Round): AnswerScope {
  return { itemCodes: round.instrument.items.map((item) => item.code), comments: round.instrument.definition.perspectives, onePage: false };
}

/**
 * Reads answers and comments from a form body for the given scope. Values must be integers on
 * the scale; blank means unanswered. Unknown fields, items of other pages and out-of-scale values
 * are rejected so nothing is half-saved.
 */
export function readAnswers(round: Round, scope: AnswerScope, body: Record<string, unknown>): { values: Map<number, number>; comments: Map<string, string> } {
  const { instrument } = round;
  const { min, max } = instrument.definition.scale;
  const allowed = new Set(scope.itemCodes);
  const problems: Problem[] = [];
  const values = new Map<number, number>();
  const comments = new Map<string, string>();
  for (const [field, raw] of Object.entries(body)) {
    if (RESERVED_FIELDS.has(field) || field.startsWith(`${COMMENT_FIELD}_`)) continue;
    if (!allowed.has(field)) {
      problems.push({ field, message: instrument.itemIndex.has(field) ? 'this item belongs to another page' : 'unknown item code' });
      continue;
    }
    const value = scaleValue(raw, min, max);
    if (value === null) continue;
    if (value === undefined) {
      problems.push({ field, value: typeof raw === 'string' ? raw : JSON.stringify(raw), message: `must be a whole number from ${min} to ${max}` });
      continue;
    }
    values.set(instrument.itemIndex.get(field) as number, value);
  }
  for (const perspective of scope.comments) {
    const raw = scope.onePage ? (body[COMMENT_FIELD] ?? body[`${COMMENT_FIELD}_${perspective.code}`]) : body[`${COMMENT_FIELD}_${perspective.code}`];
    if (raw === undefined) continue;
    if (typeof raw !== 'string') {
      problems.push({ field: COMMENT_FIELD, message: 'must be text' });
      continue;
    }
    if (raw.length > MAX_COMMENT_LENGTH) {
      problems.push({ field: COMMENT_FIELD, message: `at most ${MAX_COMMENT_LENGTH} characters` });
      continue;
    }
    comments.set(perspective.code, raw.trim());
  }
  if (problems.length) throw new ValidationError('Some answers could not be accepted', problems);
  return { values, comments };
}

function assertOpen(respondent: Respondent): void {
  if (respondent.state !== 'open') throw new ValidationError(`This survey is ${respondent.state}`, [{ message: `round is ${respondent.state}` }]);
}

function pageAt(respondent: Respondent, pageNumber: number): QuestionnairePage {
  const page = pagesOf(respondent)[pageNumber - 1];
  if (!page) throw new NotFoundError('No such page');
  return page;
}

/**
 * Seals the changed draft and marks the employee as started, in the caller's transaction; nothing
 * when the entry has been completed meanwhile (a submitted response is never reopened).
 */
function storeDraft(db: Db, respondent: Respondent, change: (draft: Draft) => number): void {
  const entry = findRosterEntry(db, respondent.entry.round_id, respondent.entry.id);
  if (!entry || entry.status === 'completed') return;
  const draft = loadDraft(db, respondent);
  const page = change(draft);
  saveDraft(db, {
    roster_entry_id: entry.id,
    sealed: sealDraft(respondent.draftKey, entry.id, respondent.round.instrument, MAX_COMMENT_LENGTH, { answers: draft.answers, comments: draft.comments, page }),
  });
  advanceStatus(db, entry.id, ['invited'], 'started');
}

/** Stores one page of answers in the draft (replacing that page's previous answers) and marks the employee as started. */
export function savePage(db: Db, respondent: Respondent, pageNumber: number, body: Record<string, unknown>, nextPage: number): void {
  assertOpen(respondent);
  const page = pageAt(respondent, pageNumber);
  const { values, comments } = readAnswers(respondent.round, pageScope(page), body);
  const { itemIndex } = respondent.round.instrument;
  db.transaction(() =>
    storeDraft(db, respondent, (draft) => {
      for (const code of page.itemCodes) {
        const index = itemIndex.get(code) as number;
        draft.answers[index] = values.get(index) ?? 0;
      }
      // Only the perspective's last part asks its comment; the other parts leave it as it is.
      if (page.asksComment) {
        const comment = comments.get(page.perspective.code);
        if (comment) draft.comments[page.perspective.code] = comment;
        else delete draft.comments[page.perspective.code];
      }
      return nextPage;
    }),
  )();
}

/**
 * Stores a single answer chosen on a page (the page's script sends each as it is chosen): the body
 * holds exactly one of the page's statements and a value on the scale, checked as the page's own
 * submission is. The rest of the draft, and where it resumes, stay as they are; a first answer
 * starts the draft on this page.
 */
export function saveAnswer(db: Db, respondent: Respondent, pageNumber: number, body: Record<string, unknown>): void {
  assertOpen(respondent);
  const page = pageAt(respondent, pageNumber);
  const fields = Object.keys(body);
  const field = fields[0];
  if (fields.length !== 1 || RESERVED_FIELDS.has(field) || field.startsWith(`${COMMENT_FIELD}_`)) {
    throw new ValidationError('Send exactly one answer', [{ field: 'answer', message: 'send exactly one answer' }]);
  }
  const { values } = readAnswers(respondent.round, { itemCodes: page.itemCodes, comments: [], onePage: true }, body);
  const [answer] = [...values];
  if (!answer) {
    const { min, max } = respondent.round.instrument.definition.scale;
    throw new ValidationError('Some answers could not be accepted', [{ field, message: `must be a whole number from ${min} to ${max}` }]);
  }
  db.transaction(() =>
    storeDraft(db, respondent, (draft) => {
      draft.answers[answer[0]] = answer[1];
      return draft.stored && !draft.elsewhere ? draft.page : pageNumber;
    }),
  )();
}

export type SubmitOutcome = 'stored' | 'already-submitted';

/**
 * Turns the draft (plus any answers sent with the submit) into one anonymous response.
 * In one immediate transaction: the roster entry is re-read, so of 20 simultaneous or retried
 * submits exactly one stores a response; the others find "completed" and store nothing.
 * A refused submission throws at once; otherwise the outcome arrives once the write-ahead log
 * has been emptied, since the transaction's frames pair the roster entry with the response.
 */
export function submit(db: Db, respondent: Respondent, body: Record<string, unknown>): Promise<SubmitOutcome> {
  assertOpen(respondent);
  const { round } = respondent;
  const sent = readAnswers(round, everythingScope(round), body);
  const outcome = db
    .transaction((): SubmitOutcome => {
      const entry = findRosterEntry(db, respondent.entry.round_id, respondent.entry.id);
      if (!entry || entry.status === 'completed') return 'already-submitted';
      const draft = loadDraft(db, respondent);
      for (const [index, value] of sent.values) draft.answers[index] = value;
      for (const [code, text] of sent.comments) draft.comments[code] = text;
      // The response copies unit and grade only: no employee id, token, IP address, time of day
      // or date (the roster shows who completed; a date would narrow who among them wrote what).
      insertResponse(db, {
        round_id: round.row.id,
        channel: 'online',
        unit: entry.unit,
        grade: entry.grade,
        answers: Buffer.from(draft.answers),
        submitted_on: null,
        form_id: null,
        batch_id: null,
      });
      for (const [code, text] of Object.entries(draft.comments)) {
        if (text.trim()) insertComment(db, { round_id: round.row.id, perspective_code: code, text: text.trim(), batch_id: null });
      }
      if (draft.stored) deleteDraft(db, entry.id);
      advanceStatus(db, entry.id, ['invited', 'started'], 'completed');
      return 'stored';
    })
    .immediate();
  return outcome === 'stored' ? checkpointAfterSubmission(db).then(() => outcome) : Promise.resolve(outcome);
}

/**
 * The items left blank, per perspective, for the review step, with the page that asks the first
 * of them (the perspective's first page when none is blank).
 */
export function unansweredItems(
  respondent: Respondent,
  draft: Draft,
): { perspective: Perspective; perspectiveNumber: number; firstPage: number; page: number; codes: string[] }[] {
  const pages = pagesOf(respondent);
  return respondent.round.instrument.definition.perspectives.map((perspective, index) => {
    const codes = respondent.round.instrument.items
      .filter((item) => item.perspective === perspective.code && draft.answers[item.index] === 0)
      .map((item) => item.code);
    const firstPage = firstPageOfPerspective(pages, index + 1);
    const page = codes.length ? (pageOfItem(pages, codes[0]) as QuestionnairePage).number : firstPage;
    return { perspective, perspectiveNumber: index + 1, firstPage, page, codes };
  });
}
