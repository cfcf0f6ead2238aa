import { BoundedWindowLimiter } from '../../src/auth/rate-limit';
import type { Db } from '../../src/db/connection';
import { ValidationError } from '../../src/errors';
import { createSkmRound, setSkmRoundOpen, type SkmRound } from '../../src/skm/rounds';
import { dayPart, parseSkmSubmission, SkmRoundNotOpenError, storeSkmSubmission } from '../../src/skm/submit';
import { countRows, freshDb } from '../helpers';

// 10:00 in Jakarta (UTC+7).
const MORNING = new Date('2026-11-28T03:00:00Z');
const OPTIONS = { channel: 'online' as const, now: MORNING, timezone: 'Asia/Jakarta' };
const KEYS = ['requirements', 'procedure', 'time', 'cost', 'product', 'competence', 'behaviour', 'facilities', 'complaints'];

function setUp(): { db: Db; round: SkmRound } {
  const db = freshDb();
  const round = createSkmRound(db, { name: 'SKM 2026', period_start: '2026-11-01', period_end: '2026-12-31', services: 'A01 Perizinan\nB02 Konsultasi' }, MORNING, 'test');
  return { db, round };
}

/** A complete form: answers 1, 2, 3, 4, 1, 2, … in element order. */
function form(overrides: Record<string, string> = {}): Record<string, string> {
  return { ...Object.fromEntries(KEYS.map((key, index) => [`a_${key}`, String((index % 4) + 1)])), key: 'abcdefghijklmnop1234', ...overrides };
}

function problemFields(action: () => unknown): string[] {
  try {
    action();
  } catch (error) {
    if (error instanceof ValidationError) return error.problems.map((problem) => problem.field ?? '');
    throw error;
  }
  throw new Error('not refused');
}

describe('storeSkmSubmission', () => {
  it('stores one response with one byte per element in the round\'s order, the profile, and the suggestion apart', () => {
    const { db, round } = setUp();
    const outcome = storeSkmSubmission(db, round, form({ gender: 'female', age: '34', education: 'S1', occupation: 'swasta', service: 'B02', suggestion: '  Antrean terlalu lama.  ' }), OPTIONS);
    expect(outcome).toBe('stored');
    const row = db.prepare('SELECT * FROM skm_responses').get() as Record<string, unknown>;
    expect([...(row.answers as Buffer)]).toEqual([1, 2, 3, 4, 1, 2, 3, 4, 1]);
    expect(row).toMatchObject({ round_id: round.row.id, channel: 'online', gender: 'female', age: 34, education: 'S1', occupation: 'swasta', service: 'B02', submitted_on: '2026-11-28', day_part: 'morning', batch_id: null });
    expect(db.prepare('SELECT round_id, text, batch_id FROM skm_suggestions').all()).toEqual([{ round_id: round.row.id, text: 'Antrean terlalu lama.', batch_id: null }]);
  });

  it('keeps an empty profile as nulls and stores no suggestion for a blank one', () => {
    const { db, round } = setUp();
    storeSkmSubmission(db, round, form({ gender: '', age: '', education: '', occupation: '', service: '', suggestion: '   ' }), OPTIONS);
    expect(db.prepare('SELECT gender, age, education, occupation, service FROM skm_responses').get()).toEqual({ gender: null, age: null, education: null, occupation: null, service: null });
    expect(countRows(db, 'skm_suggestions')).toBe(0);
  });

  it('stores nothing for a retried key and answers it as a duplicate', () => {
    const { db, round } = setUp();
    expect(storeSkmSubmission(db, round, form({ suggestion: 'Bagus' }), OPTIONS)).toBe('stored');
    expect(storeSkmSubmission(db, round, form({ suggestion: 'Bagus', a_cost: '1' }), OPTIONS)).toBe('duplicate');
    expect(countRows(db, 'skm_responses')).toBe(1);
    expect(countRows(db, 'skm_suggestions')).toBe(1);
    // The key is kept only as its SHA-256, never as sent.
    const { key_hash } = db.prepare('SELECT key_hash FROM skm_submission_keys').get() as { key_hash: string };
    expect(key_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('dates a response by the local calendar date and half-day: 23:30 UTC is the next morning in Jakarta', () => {
    const { db, round } = setUp();
    storeSkmSubmission(db, round, form({ key: 'late-evening-utc-0001' }), { ...OPTIONS, now: new Date('2026-11-28T23:30:00Z') });
    storeSkmSubmission(db, round, form({ key: 'early-afternoon-0002' }), { ...OPTIONS, now: new Date('2026-11-28T05:00:00Z') });
    expect(db.prepare('SELECT submitted_on, day_part FROM skm_responses ORDER BY submitted_on, day_part').all()).toEqual([
      { submitted_on: '2026-11-28', day_part: 'afternoon' },
      { submitted_on: '2026-11-29', day_part: 'morning' },
    ]);
  });

  it('calls 11:59 local time the morning and 12:00 the afternoon', () => {
    expect(dayPart(new Date('2026-11-28T04:59:59Z'), 'Asia/Jakarta')).toBe('morning');
    expect(dayPart(new Date('2026-11-28T05:00:00Z'), 'Asia/Jakarta')).toBe('afternoon');
    expect(dayPart(new Date('2026-11-28T17:00:00Z'), 'Asia/Jakarta')).toBe('morning');
  });

  it('refuses a closed round and a date outside the round\'s period, storing nothing', () => {
    const { db, round } = setUp();
    expect(() => storeSkmSubmission(db, round, form(), { ...OPTIONS, now: new Date('2027-01-01T03:00:00Z') })).toThrow(SkmRoundNotOpenError);
    expect(() => storeSkmSubmission(db, round, form(), { ...OPTIONS, now: new Date('2026-10-31T03:00:00Z') })).toThrow('The survey has not started yet');
    setSkmRoundOpen(db, round.row.id, false, MORNING, 'test');
    // The round as loaded before the close: the transaction reads its state again.
    expect(() => storeSkmSubmission(db, round, form(), OPTIONS)).toThrow('The survey is closed');
    expect(countRows(db, 'skm_responses')).toBe(0);
    expect(countRows(db, 'skm_submission_keys')).toBe(0);
  });
});

describe('the form\'s schema', () => {
  it('requires an answer 1–4 for every element, naming each missing one by its field', () => {
    const { round } = setUp();
    const { a_cost: _cost, ...withoutCost } = form();
    expect(problemFields(() => parseSkmSubmission(round, withoutCost))).toEqual(['a_cost']);
    expect(problemFields(() => parseSkmSubmission(round, form({ a_time: '5', a_product: '0', a_behaviour: 'Sangat sopan' })))).toEqual(['a_time', 'a_product', 'a_behaviour']);
  });

  it('takes the profile from the instrument\'s and the round\'s lists only', () => {
    const { round } = setUp();
    expect(problemFields(() => parseSkmSubmission(round, form({ gender: 'other', education: 'SMK', occupation: 'petani', service: 'Z99' })))).toEqual(['gender', 'education', 'occupation', 'service']);
  });

  it.each([['9'], ['121'], ['34.5'], ['-20'], ['tiga puluh']])('refuses the age %s (whole years 10–120)', (age) => {
    const { round } = setUp();
    expect(problemFields(() => parseSkmSubmission(round, form({ age })))).toEqual(['age']);
  });

  it('accepts the ages 10 and 120', () => {
    const { round } = setUp();
    expect(parseSkmSubmission(round, form({ age: '10' })).age).toBe(10);
    expect(parseSkmSubmission(round, form({ age: '120' })).age).toBe(120);
  });

  it('limits the suggestion to 2000 characters', () => {
    const { round } = setUp();
    expect(parseSkmSubmission(round, form({ suggestion: 'a'.repeat(2000) })).suggestion).toHaveLength(2000);
    expect(problemFields(() => parseSkmSubmission(round, form({ suggestion: 'a'.repeat(2001) })))).toEqual(['suggestion']);
  });

  it.each([[''], ['short'], ['has spaces in it here'], ['x'.repeat(65)], ['ümlaut-is-not-url-safe']])('refuses the idempotency key %j (16–64 url-safe characters)', (key) => {
    const { round } = setUp();
    expect(problemFields(() => parseSkmSubmission(round, form({ key })))).toEqual(['key']);
  });

  it('refuses a filled-in honeypot', () => {
    const { round } = setUp();
    expect(problemFields(() => parseSkmSubmission(round, form({ website: 'http://spam.example' })))).toEqual(['website']);
  });

  it('refuses fields sent twice (an array is not an answer)', () => {
    const { round } = setUp();
    expect(problemFields(() => parseSkmSubmission(round, { ...form(), a_time: ['1', '4'] }))).toEqual(['a_time']);
  });
});

describe('the per-address limiter', () => {
  it('lets `max` requests through per window and says how long until the window ends', () => {
    const limiter = new BoundedWindowLimiter(3, 60_000, 100);
    for (let index = 0; index < 3; index += 1) expect(limiter.hit('10.0.0.1', 1_000)).toEqual({ allowed: true });
    expect(limiter.hit('10.0.0.1', 31_000)).toEqual({ allowed: false, retryAfterSeconds: 30 });
    // Another address has its own count; the window's end forgives.
    expect(limiter.hit('10.0.0.2', 31_000)).toEqual({ allowed: true });
    expect(limiter.hit('10.0.0.1', 61_000)).toEqual({ allowed: true });
  });

  it('never holds more keys than its cap, however many addresses come', () => {
    const limiter = new BoundedWindowLimiter(20, 600_000, 1_000);
    for (let index = 0; index < 50_000; index += 1) limiter.hit(`10.${(index >> 16) & 255}.${(index >> 8) & 255}.${index & 255}`, index);
    expect(limiter.size).toBeLessThanOrEqual(1_000);
  });
});
