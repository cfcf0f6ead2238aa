import { z } from 'zod';
import type { Db } from '../db/connection';
import { closeRound, findRound, insertRound, listRounds, listRoundTargets, reopenRound, replaceRoundTargets, updateRoundSettings } from '../db/rounds';
import type { RoundRow } from '../db/types';
import { countResponses } from '../db/responses';
import { releaseResults } from './release';
import { isCalendarDate } from '../dates';
import { parseId } from '../ids';
import { recordAudit, SYSTEM_ACTOR, type AuditDetails } from '../audit/log';
import { NotFoundError, problemsFromZod, ValidationError } from '../errors';
import { loadOrganisation } from '../organisation/profile';
import { DEFAULT_INSTRUMENT_CODE, getInstrument, getInstrumentById, type LoadedInstrument } from './instruments';

export const DEFAULT_TARGET = 4;
export const DEFAULT_MIN_GROUP_SIZE = 5;
export const LOWEST_MIN_GROUP_SIZE = 3;

const optionalDate = z
  .string()
  .trim()
  .optional()
  .transform((value) => (value ? value : null))
  .refine((value) => value === null || isCalendarDate(value), 'use a date such as 2026-12-31');

// Decimals typed by people: "4", "4.00" or the Indonesian "4,00"; nothing else is guessed.
const decimalText = z
  .string()
  .trim()
  .regex(/^\d+([.,]\d+)?$/, 'use a number such as 4.00')
  .transform((value) => Number(value.replace(',', '.')));

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `at most ${max} characters`)
    .optional()
    .transform((value) => (value ? value.replace(/\s+/g, ' ') : null));

const wholeText = z.string().trim().regex(/^\d+$/, 'use a whole number');

export const RoundInputSchema = z
  .object({
    name: z.string().trim().min(1, 'a name is required').max(200),
    instrument: z.string().trim().optional().transform((value) => value || DEFAULT_INSTRUMENT_CODE),
    opens_on: optionalDate,
    closes_on: optionalDate,
    target: z.string().trim().optional().transform((value) => value || String(DEFAULT_TARGET)).pipe(decimalText),
    min_group_size: z
      .string()
      .trim()
      .optional()
      .transform((value) => value || String(DEFAULT_MIN_GROUP_SIZE))
      .pipe(wholeText)
      .transform(Number)
      .pipe(z.number().int().min(LOWEST_MIN_GROUP_SIZE, `at least ${LOWEST_MIN_GROUP_SIZE}, so no small group can be singled out`).max(1000)),
    organiser: optionalText(200),
    contact: optionalText(200),
    results_on: optionalDate,
  })
  .refine((round) => !round.opens_on || !round.closes_on || round.closes_on >= round.opens_on, {
    path: ['closes_on'],
    message: 'the closing date is before the opening date',
  });
export type RoundInput = z.input<typeof RoundInputSchema>;

export type RoundState = 'scheduled' | 'open' | 'closed';

export interface Round {
  row: RoundRow;
  instrument: LoadedInstrument;
  /** Target per dimension code: the round's target unless overridden. */
  targets: Map<string, number>;
}

function checkTarget(target: number, instrument: LoadedInstrument, field: string): void {
  const { min, max } = instrument.definition.scale;
  if (target < min || target > max) throw new ValidationError('Invalid target', [{ field, message: `must lie on the scale, ${min}–${max}` }]);
}

function settingsOf(value: z.output<typeof RoundInputSchema>) {
  return {
    name: value.name,
    opens_on: value.opens_on,
    closes_on: value.closes_on,
    target: value.target,
    min_group_size: value.min_group_size,
    organiser: value.organiser,
    contact: value.contact,
    results_on: value.results_on,
  };
}

/** Who runs the survey, as employees read it: the round's organiser, else the organisation's name. */
export function roundOrganiser(db: Db, round: Pick<RoundRow, 'organiser'>): string | null {
  return round.organiser ?? (loadOrganisation(db).name || null);
}

/** `actor` is recorded in the audit log: the username, or CLI_ACTOR. */
export function createRound(db: Db, input: unknown, now: Date, actor: string): Round {
  const parsed = RoundInputSchema.safeParse(input);
  if (!parsed.success) throw new ValidationError('The round could not be created', problemsFromZod(parsed.error.issues));
  const value = parsed.data;
  let instrument: LoadedInstrument;
  try {
    instrument = getInstrument(db, value.instrument);
  } catch {
    throw new ValidationError('The round could not be created', [{ field: 'instrument', message: `no instrument with code "${value.instrument}"` }]);
  }
  checkTarget(value.target, instrument, 'target');
  const settings = settingsOf(value);
  const id = db.transaction(() => {
    const roundId = insertRound(db, { ...settings, instrument_id: instrument.id, created_at: now.toISOString() });
    recordAudit(db, { actor, action: 'round.create', roundId, details: { ...settings, instrument: instrument.definition.code } }, now);
    return roundId;
  })();
  return getRound(db, id);
}

/**
 * Changes a round's name, dates, target and minimum group size (extending a closing date is
 * common). The instrument stays: stored answers follow its item order.
 */
export function updateRound(db: Db, id: number, input: Record<string, unknown>, now: Date, actor: string): Round {
  const round = getRound(db, id);
  const parsed = RoundInputSchema.safeParse({ ...input, instrument: round.instrument.definition.code });
  if (!parsed.success) throw new ValidationError('The round was not changed', problemsFromZod(parsed.error.issues));
  const value = parsed.data;
  checkTarget(value.target, round.instrument, 'target');
  if (value.min_group_size < round.row.min_group_size && hasResponses(db, id)) {
    // Published states were made safe for the old minimum; a smaller one would let the next
    // release differ from them by fewer respondents than they were protected with.
    throw new ValidationError('The round was not changed', [
      { field: 'min_group_size', value: String(value.min_group_size), message: `cannot be lowered below ${round.row.min_group_size} once answers have arrived` },
    ]);
  }
  const settings = settingsOf(value);
  // Each changed setting with its old and new value: a smaller minimum group size, for one, is
  // exactly what someone trying to single out a small unit would change.
  const changes: AuditDetails = {};
  for (const [field, to] of Object.entries(settings)) {
    const from = round.row[field as keyof typeof settings];
    if (from !== to) changes[field] = { from, to };
  }
  db.transaction(() => {
    updateRoundSettings(db, id, settings);
    recordAudit(db, { actor, action: 'round.update', roundId: id, details: { changes } }, now);
  })();
  return getRound(db, id);
}

function hasResponses(db: Db, id: number): boolean {
  const counts = countResponses(db, id);
  return counts.online + counts.paper + counts.pending > 0;
}

export function getRound(db: Db, id: number): Round {
  const row = Number.isSafeInteger(id) ? findRound(db, id) : undefined;
  if (!row) throw new NotFoundError(`No round with id ${id}`);
  const instrument = getInstrumentById(db, row.instrument_id);
  const overrides = listRoundTargets(db, row.id);
  const targets = new Map<string, number>();
  for (const perspective of instrument.definition.perspectives) {
    for (const dimension of perspective.dimensions) targets.set(dimension.code, overrides.get(dimension.code) ?? row.target);
  }
  return { row, instrument, targets };
}

export function listAllRounds(db: Db): RoundRow[] {
  return listRounds(db);
}

/** Parses a round id from a URL or CLI argument; anything but a positive integer is "not found". */
export function parseRoundId(text: string): number {
  const id = parseId(text);
  if (id === null) throw new NotFoundError(`No round with id ${text}`);
  return id;
}

export function roundState(row: RoundRow, today: string): RoundState {
  if (row.closed_at) return 'closed';
  if (row.opens_on && today < row.opens_on) return 'scheduled';
  if (row.closes_on && today > row.closes_on) return 'closed';
  return 'open';
}

/**
 * Closes a round and publishes what may be published (see release.ts): the close is the write
 * that releases, so no page view, download or API call can force or time a release.
 */
export function closeRoundByHand(db: Db, id: number, now: Date, actor: string): { online: number; paper: number } {
  getRound(db, id);
  db.transaction(() => {
    closeRound(db, id, now.toISOString());
    recordAudit(db, { actor, action: 'round.close', roundId: id }, now);
  })();
  return releaseResults(db, id, now, actor);
}

/** A reopened round keeps its published results; answers given from now on wait for the next close. */
export function reopenRoundByHand(db: Db, id: number, now: Date, actor: string): void {
  getRound(db, id);
  db.transaction(() => {
    reopenRound(db, id);
    recordAudit(db, { actor, action: 'round.reopen', roundId: id }, now);
  })();
}

/**
 * Releases every round whose closing date has passed since the last look (the server runs this
 * at start and every minute, the command line at start). Rounds closed by hand were released
 * when they were closed; a closed round whose waiting online answers are still fewer than the
 * minimum keeps them waiting. `checked` (kept by the caller between calls) skips rounds already
 * looked at in the same closed state.
 */
export function releaseClosedRounds(db: Db, today: string, now: Date, checked?: Map<number, string>): number[] {
  const released: number[] = [];
  for (const row of listRounds(db)) {
    if (roundState(row, today) !== 'closed') continue;
    // A closed round takes no online answers, so once looked at it needs no second look until it
    // is reopened or its dates change (counting a large round's waiting answers is a full scan).
    const state = `${row.closed_at}|${row.closes_on}`;
    if (checked?.get(row.id) === state) continue;
    checked?.set(row.id, state);
    if (countResponses(db, row.id).pending === 0) continue;
    const outcome = releaseResults(db, row.id, now, SYSTEM_ACTOR, 'closing date');
    if (outcome.online + outcome.paper > 0) released.push(row.id);
  }
  return released;
}

/** Sets per-dimension targets from form fields named by dimension code; blank means "use the round's target". */
export function setDimensionTargets(db: Db, id: number, input: Record<string, unknown>, now: Date, actor: string): Round {
  const round = getRound(db, id);
  const overrides = new Map<string, number>();
  const problems = [];
  for (const code of round.targets.keys()) {
    const raw = input[code];
    if (raw === undefined || (typeof raw === 'string' && raw.trim() === '')) continue;
    const parsed = decimalText.safeParse(raw);
    const { min, max } = round.instrument.definition.scale;
    if (!parsed.success || parsed.data < min || parsed.data > max) {
      problems.push({ field: code, value: String(raw), message: `use a number on the scale, ${min}–${max}` });
    } else if (parsed.data !== round.row.target) {
      overrides.set(code, parsed.data);
    }
  }
  if (problems.length) throw new ValidationError('The targets were not saved', problems);
  db.transaction(() => {
    replaceRoundTargets(db, id, overrides);
    // The targets in force afterwards; dimensions left out follow the round's target.
    recordAudit(db, { actor, action: 'round.targets', roundId: id, details: { round_target: round.row.target, targets: Object.fromEntries(overrides) } }, now);
  })();
  return getRound(db, id);
}
