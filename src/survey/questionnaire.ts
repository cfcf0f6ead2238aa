import type { Db } from '../db/connection';
import { advanceStatus, findRosterEntry, findRosterEntryByTokenHash } from '../db/roster';
import { deleteDraft, findDraft, insertComment, insertResponse, saveDraft } from '../db/responses';
import { checkpointAfterSubmission } from '../db/wal';
import type { RosterEntryRow } from '../db/types';
import { NotFoundError, ValidationError, type Problem } from '../errors';
import { hashToken } from '../auth/tokens';
import type { Perspective } from './instrument-schema';
import { getRound, roundState, type Round, type RoundState } from './rounds';
import { draftKeyFor, openDraft, sealDraft, type DraftContent } from './sealed-draft';

export const MAX_COMMENT_LENGTH = 2000;

/** Field names a questionnaire form may send besides item codes. */
const COMMENT_FIELD = 'comment';
const RESERVED_FIELDS = new Set([COMMENT_FIELD, 'nav', 'lang', '_csrf']);

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
  return { ...content, stored: true, elsewhere: false };
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

/**
 * Reads answers and a comment from a form body for the given perspectives (one page, or all of them
 * for a one-shot submission). Values must be integers on the scale; blank means unanswered.
 * Unknown fields and out-of-scale values are rejected so nothing is half-saved.
 */
export function readAnswers(
  round: Round,
  perspectives: Perspective[],
  body: Record<string, unknown>,
): { values: Map<number, number>; comments: Map<string, string> } {
  const { instrument } = round;
  const { min, max } = instrument.definition.scale;
  const allowed = new Set(perspectives.flatMap((perspective) => perspective.dimensions.flatMap((dimension) => dimension.items.map((item) => item.code))));
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
  for (const perspective of perspectives) {
    // A single page sends "comment"; a one-shot submission sends "comment_<perspective code>".
    const raw = perspectives.length === 1 ? (body[COMMENT_FIELD] ?? body[`${COMMENT_FIELD}_${perspective.code}`]) : body[`${COMMENT_FIELD}_${perspective.code}`];
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

/** Stores one page of answers in the draft (replacing that page's previous answers) and marks the employee as started. */
export function savePage(db: Db, respondent: Respondent, pageNumber: number, body: Record<string, unknown>, nextPage: number): void {
  assertOpen(respondent);
  const perspective = respondent.round.instrument.definition.perspectives[pageNumber - 1];
  if (!perspective) throw new NotFoundError('No such page');
  const { values, comments } = readAnswers(respondent.round, [perspective], body);
  db.transaction(() => {
    const entry = findRosterEntry(db, respondent.entry.round_id, respondent.entry.id);
    if (!entry || entry.status === 'completed') return;
    const draft = loadDraft(db, respondent);
    for (const item of respondent.round.instrument.items) {
      if (item.perspective === perspective.code) draft.answers[item.index] = values.get(item.index) ?? 0;
    }
    const comment = comments.get(perspective.code);
    if (comment) draft.comments[perspective.code] = comment;
    else delete draft.comments[perspective.code];
    saveDraft(db, {
      roster_entry_id: entry.id,
      sealed: sealDraft(respondent.draftKey, entry.id, respondent.round.instrument, MAX_COMMENT_LENGTH, { ...draft, page: nextPage }),
    });
    advanceStatus(db, entry.id, ['invited'], 'started');
  })();
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
  const sent = readAnswers(round, round.instrument.definition.perspectives, body);
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

/** The items left blank, per perspective, for the review step. */
export function unansweredItems(respondent: Respondent, draft: Draft): { perspective: Perspective; page: number; codes: string[] }[] {
  return respondent.round.instrument.definition.perspectives.map((perspective, index) => ({
    perspective,
    page: index + 1,
    codes: respondent.round.instrument.items
      .filter((item) => item.perspective === perspective.code && draft.answers[item.index] === 0)
      .map((item) => item.code),
  }));
}
