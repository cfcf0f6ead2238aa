import crypto from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../db/connection';
import { claimSubmissionKey, findSkmRound, insertSkmResponse, insertSkmSuggestion, type SkmResponseRow } from '../db/skm';
import { calendarDate, localHour } from '../dates';
import { AppError, parseInput } from '../errors';
import type { SkmRound } from './rounds';

/**
 * One questionnaire from the open link or the kiosk: read with a schema built for the round, then
 * stored in one transaction (the idempotency key's claim, the answers, the suggestion apart).
 * What is stored identifies no one: no address, no browser, no time of day — the local calendar
 * date and the half-day band only. Problems carry message codes (src/i18n), not sentences.
 */

/** The form field of an element's answer. */
export const answerField = (key: string) => `a_${key}`;

/** The hidden field that simple bots fill in and people never see. */
export const HONEYPOT_FIELD = 'website';

export const SUGGESTION_MAX = 2000;

/** Where a submission came from; paper forms come through the import, never through this form. */
export type SkmFormChannel = Extract<SkmResponseRow['channel'], 'online' | 'kiosk'>;

/** Message codes of the problems the form shows beside its fields. */
export const SKM_PROBLEM = {
  answer: 'skm.problem.answer',
  gender: 'skm.problem.gender',
  age: 'skm.problem.age',
  education: 'skm.problem.education',
  occupation: 'skm.problem.occupation',
  service: 'skm.problem.service',
  suggestion: 'skm.problem.suggestion',
  key: 'skm.problem.key',
  honeypot: 'skm.problem.honeypot',
} as const;

/** '' and a missing field are both "not given"; anything that is not text is refused by the type. */
const blank = (value: unknown) => (value === undefined || value === '' ? null : value);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (typeof value === 'string' ? blank(value.trim()) : blank(value)), schema.nullable());
const choice = (values: readonly string[], message: string) => optional(z.string().refine((value) => values.includes(value), message));

/** The form's schema for this round: one answer field per element in the round's order, the profile optional. */
export function skmFormSchema(round: SkmRound) {
  const { profile } = round.instrument.definition;
  const answers = Object.fromEntries(
    round.elements.map((element) => [
      answerField(element.key),
      z.preprocess((value) => (typeof value === 'string' ? value.trim() : value), z.enum(['1', '2', '3', '4'], SKM_PROBLEM.answer).transform(Number)),
    ]),
  );
  return z.object({
    ...answers,
    gender: choice(['male', 'female'], SKM_PROBLEM.gender),
    age: optional(
      z
        .string(SKM_PROBLEM.age)
        .regex(/^\d{1,3}$/, SKM_PROBLEM.age)
        .transform(Number)
        .pipe(z.number().int().min(10, SKM_PROBLEM.age).max(120, SKM_PROBLEM.age)),
    ),
    education: choice(profile.education, SKM_PROBLEM.education),
    occupation: choice(profile.occupation, SKM_PROBLEM.occupation),
    service: choice(
      round.services.map((service) => service.code),
      SKM_PROBLEM.service,
    ),
    suggestion: optional(z.string(SKM_PROBLEM.suggestion).max(SUGGESTION_MAX, SKM_PROBLEM.suggestion)),
    key: z.string(SKM_PROBLEM.key).regex(/^[A-Za-z0-9_-]{16,64}$/, SKM_PROBLEM.key),
    [HONEYPOT_FIELD]: z.preprocess((value) => value ?? '', z.literal('', SKM_PROBLEM.honeypot)),
  });
}

/** A submission as read: answers 1–4 in the round's element order, the profile, the suggestion. */
export interface SkmSubmission {
  answers: number[];
  gender: 'male' | 'female' | null;
  age: number | null;
  education: string | null;
  occupation: string | null;
  service: string | null;
  suggestion: string | null;
  key: string;
}

/** Reads a form body, or refuses it (422) with every problem named by its field and given as a message code. */
export function parseSkmSubmission(round: SkmRound, body: unknown): SkmSubmission {
  const value = parseInput(skmFormSchema(round), body, 'The questionnaire was not sent') as Record<string, unknown>;
  return {
    answers: round.elements.map((element) => value[answerField(element.key)] as number),
    gender: value.gender as SkmSubmission['gender'],
    age: value.age as number | null,
    education: value.education as string | null,
    occupation: value.occupation as string | null,
    service: value.service as string | null,
    suggestion: value.suggestion as string | null,
    key: value.key as string,
  };
}

/** A fresh idempotency key for one rendering of the form (128 random bits). */
export function newSubmissionKey(): string {
  return crypto.randomBytes(16).toString('base64url');
}

export type SkmRoundState = 'open' | 'closed' | 'not_started' | 'ended';

/** Whether the round takes answers on this local date: not once closed, nor outside its period. */
export function skmRoundState(round: SkmRound, today: string): SkmRoundState {
  if (round.row.closed_at !== null) return 'closed';
  if (today < round.row.period_start) return 'not_started';
  if (today > round.row.period_end) return 'ended';
  return 'open';
}

/** A submission to a round that takes no answers now (403); `state` says why, for the page. */
export class SkmRoundNotOpenError extends AppError {
  readonly state: Exclude<SkmRoundState, 'open'>;
  constructor(state: Exclude<SkmRoundState, 'open'>) {
    super(403, state === 'closed' ? 'The survey is closed' : state === 'not_started' ? 'The survey has not started yet' : 'The survey period has ended');
    this.state = state;
  }
}

export interface StoreOptions {
  channel: SkmFormChannel;
  now: Date;
  /** The unit's IANA time zone: the stored date and half-day are local. */
  timezone: string;
}

/** Before noon local time is the morning; the rest of the day the afternoon. */
export function dayPart(now: Date, timezone: string): 'morning' | 'afternoon' {
  return localHour(now, timezone) < 12 ? 'morning' : 'afternoon';
}

const keyHash = (key: string) => crypto.createHash('sha256').update(key, 'utf8').digest('hex');

/**
 * Stores a form body once: 'stored' for a new idempotency key, 'duplicate' for a retried one
 * (a double click, a network retry), which writes nothing and is answered like the first.
 * Refuses a bad body (ValidationError, 422) and a round that takes no answers now
 * (SkmRoundNotOpenError, 403). The key's claim, the response and the suggestion are written in
 * one transaction: a failure leaves none of them.
 */
export function storeSkmSubmission(db: Db, round: SkmRound, input: unknown, { channel, now, timezone }: StoreOptions): 'stored' | 'duplicate' {
  const submission = parseSkmSubmission(round, input);
  const today = calendarDate(now, timezone);
  const state = skmRoundState(round, today);
  if (state !== 'open') throw new SkmRoundNotOpenError(state);
  const part = dayPart(now, timezone);
  return db
    .transaction((): 'stored' | 'duplicate' => {
      // Closing is a write too: read the round's state again inside the transaction.
      const current = findSkmRound(db, round.row.id);
      if (!current || current.closed_at !== null) throw new SkmRoundNotOpenError('closed');
      if (!claimSubmissionKey(db, round.row.id, keyHash(submission.key))) return 'duplicate';
      insertSkmResponse(db, {
        round_id: round.row.id,
        channel,
        answers: Buffer.from(submission.answers),
        gender: submission.gender,
        age: submission.age,
        education: submission.education,
        occupation: submission.occupation,
        service: submission.service,
        submitted_on: today,
        day_part: part,
        batch_id: null,
      });
      if (submission.suggestion !== null) insertSkmSuggestion(db, { round_id: round.row.id, text: submission.suggestion, batch_id: null });
      return 'stored';
    })
    .immediate();
}
