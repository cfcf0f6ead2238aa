import crypto from 'node:crypto';
import { z } from 'zod';
import { recordAudit } from '../audit/log';
import type { Db } from '../db/connection';
import { countSkmResponses, countSkmResponsesByChannel, findSkmRound, findSkmRoundByCode, insertSkmRound, listSkmRounds, setSkmRoundClosed, updateSkmRound, type SkmRoundRow } from '../db/skm';
import { ConflictError, NotFoundError, parseInput, refuse } from '../errors';
import { ElementSchema, getSkmInstrument, getSkmInstrumentById, type LoadedSkmInstrument, type SkmElement } from './instrument';
import { Fraction } from './fraction';
import { equalWeights, weightSum } from './ikm';
import { krejcieMorgan } from './sample';

/** The built-in instrument every new round uses unless told otherwise. */
export const DEFAULT_SKM_INSTRUMENT = 'skm-2017';

export interface SkmService {
  code: string;
  name: string;
}

/** A round as the form, the analysis and the pages use it: its elements in answer order and their weights. */
export interface SkmRound {
  row: SkmRoundRow;
  instrument: LoadedSkmInstrument;
  /** The instrument's elements, then the unit's own: answers are stored in this order. */
  elements: SkmElement[];
  /** Exact weights by element key, summing to 1 (1/n each unless the unit set others). */
  weights: Map<string, Fraction>;
  /** Whether the unit set its own weights. */
  customWeights: boolean;
  services: SkmService[];
  /** The Krejcie–Morgan sample for the population entered; null without one. */
  requiredSample: number | null;
}

const DATE = z.string().trim().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD').refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value), 'not a calendar date');
const WEIGHT = z.string().trim().regex(/^\d+(?:[.,]\d{1,12})?$/, 'a decimal number such as 0.15');

export const SkmRoundSchema = z
  .object({
    name: z.string().trim().min(1, 'give the round a name').max(200),
    period_start: DATE,
    period_end: DATE,
    /** One service per line: "KODE Name" or just a name. */
    services: z.string().max(10_000).optional().default(''),
    population: z
      .string()
      .trim()
      .optional()
      .transform((value) => (value === undefined || value === '' ? null : value))
      .pipe(z.string().regex(/^\d{1,9}$/, 'a whole number of service users').transform(Number).nullable()),
    min_group_size: z
      .string()
      .trim()
      .optional()
      .transform((value) => (value === undefined || value === '' ? '5' : value))
      .pipe(z.string().regex(/^\d{1,4}$/, 'a whole number').transform(Number).pipe(z.number().int().min(3, 'at least 3'))),
    /** Element key → weight as a decimal; empty for 1/n each. */
    weights: z.record(z.string(), WEIGHT).optional().default({}),
    extra_elements: z.array(ElementSchema).max(20).optional().default([]),
  })
  .refine((value) => value.period_end >= value.period_start, { path: ['period_end'], message: 'the period ends before it starts' });

export type SkmRoundInput = z.input<typeof SkmRoundSchema>;

/** "A01 Layanan perizinan" → code A01; a line without a code gets S1, S2, … by position. */
export function parseServices(text: string): SkmService[] {
  const services: SkmService[] = [];
  const seen = new Set<string>();
  text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .forEach((line, index) => {
      const match = /^([A-Za-z0-9][A-Za-z0-9._-]{0,15})\s+(.+)$/.exec(line);
      const withCode = match && /\d/.test(match[1]);
      const service = withCode ? { code: match[1], name: match[2].trim() } : { code: `S${index + 1}`, name: line };
      if (service.name.length > 200) refuse('The round could not be saved', 'services', `line ${index + 1}: a service name of at most 200 characters`);
      if (seen.has(service.code.toLowerCase())) refuse('The round could not be saved', 'services', `line ${index + 1}: the code ${service.code} is used twice`);
      seen.add(service.code.toLowerCase());
      services.push(service);
    });
  if (services.length > 100) refuse('The round could not be saved', 'services', 'at most 100 services');
  return services;
}

/** The weights a unit typed, checked against the elements and refused unless they sum to exactly 1. */
function checkedWeights(elements: readonly SkmElement[], typed: Record<string, string>): Record<string, string> {
  const keys = Object.keys(typed);
  if (keys.length === 0) return {};
  const known = new Set(elements.map((element) => element.key));
  for (const key of keys) if (!known.has(key)) refuse('The round could not be saved', `weights.${key}`, `there is no element "${key}"`);
  for (const element of elements) if (!(element.key in typed)) refuse('The round could not be saved', `weights.${element.key}`, `give every element a weight (missing: ${element.key})`);
  const sum = weightSum(new Map(Object.entries(typed).map(([key, value]) => [key, Fraction.fromDecimal(value.replace(',', '.'))])));
  if (!sum.equals(Fraction.of(1))) refuse('The round could not be saved', 'weights', `the weights sum to ${sum.toNumber().toLocaleString('en', { maximumFractionDigits: 12 })}, not 1`);
  return Object.fromEntries(Object.entries(typed).map(([key, value]) => [key, value.replace(',', '.')]));
}

/** The stored columns of a round's settings, its own elements and weights checked against the instrument's. */
function roundRow(value: z.output<typeof SkmRoundSchema>, instrument: LoadedSkmInstrument) {
  const elements = [...instrument.definition.elements, ...value.extra_elements];
  const keys = new Set<string>();
  elements.forEach((element, index) => {
    if (keys.has(element.key)) refuse('The round could not be saved', `extra_elements.${index - instrument.definition.elements.length}.key`, `"${element.key}" is an element already`);
    keys.add(element.key);
  });
  return {
    name: value.name,
    period_start: value.period_start,
    period_end: value.period_end,
    services: JSON.stringify(parseServices(value.services)),
    extra_elements: JSON.stringify(value.extra_elements),
    weights: JSON.stringify(checkedWeights(elements, value.weights)),
    population: value.population,
    min_group_size: value.min_group_size,
  };
}

/** An unguessable code for the open link /k/<code> (96 random bits). */
function newCode(): string {
  return crypto.randomBytes(12).toString('base64url');
}

export function createSkmRound(db: Db, input: unknown, now: Date, actor: string, instrumentCode = DEFAULT_SKM_INSTRUMENT): SkmRound {
  const value = parseInput(SkmRoundSchema, input, 'The round could not be saved');
  const instrument = getSkmInstrument(db, instrumentCode);
  const id = db
    .transaction(() => {
      const row = roundRow(value, instrument);
      const created = insertSkmRound(db, { ...row, instrument_id: instrument.id, code: newCode(), created_at: now.toISOString() });
      recordAudit(db, { actor, action: 'skm.round_create', details: { skm_round: created, name: row.name, period: `${row.period_start}–${row.period_end}` } }, now);
      return created;
    })
    .immediate();
  return getSkmRound(db, id);
}

/** Changes a round's settings; the elements and weights are fixed once an answer is stored (answers are stored in their order). */
export function updateSkmRoundSettings(db: Db, id: number, input: unknown, now: Date, actor: string): SkmRound {
  const value = parseInput(SkmRoundSchema, input, 'The round could not be saved');
  db.transaction(() => {
    const round = getSkmRound(db, id);
    const row = roundRow(value, round.instrument);
    if (countSkmResponses(db, id) > 0 && (row.extra_elements !== round.row.extra_elements || row.weights !== round.row.weights)) {
      refuse('The round could not be saved', 'weights', 'the elements and their weights cannot change once answers are stored');
    }
    updateSkmRound(db, id, row);
    recordAudit(db, { actor, action: 'skm.round_update', details: { skm_round: id } }, now);
  }).immediate();
  return getSkmRound(db, id);
}

/**
 * Closing publishes a round's figures, so a round that holds online or kiosk answers is never
 * reopened: a second close would publish a second state, and the forms given in between (which
 * a counter's staff watched being filled in) would be the difference of the two reports. A round
 * closed before anyone answered online (paper forms only: their importer knows them) may reopen.
 */
export function setSkmRoundOpen(db: Db, id: number, open: boolean, now: Date, actor: string): void {
  db.transaction(() => {
    const round = getSkmRound(db, id);
    if (open && round.row.closed_at !== null) {
      const online = countSkmResponsesByChannel(db, id).filter((row) => row.channel !== 'paper').reduce((sum, row) => sum + row.n, 0);
      if (online > 0) throw new ConflictError(`The SKM round's report is published with ${online} online and kiosk forms: a reopened round would publish a second state whose difference gives the new forms away, so it stays closed (start a new round)`);
    }
    setSkmRoundClosed(db, id, open ? null : now.toISOString());
    recordAudit(db, { actor, action: open ? 'skm.round_reopen' : 'skm.round_close', details: { skm_round: id } }, now);
  }).immediate();
}

function loadRound(db: Db, row: SkmRoundRow): SkmRound {
  const instrument = getSkmInstrumentById(db, row.instrument_id);
  const extra = z.array(ElementSchema).parse(JSON.parse(row.extra_elements));
  const elements = [...instrument.definition.elements, ...extra];
  const typed = JSON.parse(row.weights) as Record<string, string>;
  const customWeights = Object.keys(typed).length > 0;
  const weights = customWeights ? new Map(elements.map((element) => [element.key, Fraction.fromDecimal(typed[element.key])])) : equalWeights(elements.map((element) => element.key));
  return {
    row,
    instrument,
    elements,
    weights,
    customWeights,
    services: JSON.parse(row.services) as SkmService[],
    requiredSample: row.population === null ? null : krejcieMorgan(row.population),
  };
}

export function getSkmRound(db: Db, id: number): SkmRound {
  const row = findSkmRound(db, id);
  if (!row) throw new NotFoundError(`No SKM round ${id}`);
  return loadRound(db, row);
}

/** The round behind an open link, or null (an unknown code is answered like any missing page). */
export function findSkmRoundForLink(db: Db, code: string): SkmRound | null {
  if (!/^[A-Za-z0-9_-]{16}$/.test(code)) return null;
  const row = findSkmRoundByCode(db, code);
  return row ? loadRound(db, row) : null;
}

export function listAllSkmRounds(db: Db): SkmRound[] {
  return listSkmRounds(db).map((row) => loadRound(db, row));
}

/** The element keys an indicator may read: the default instrument's, then those any round added, each once. */
export function skmElementKeys(db: Db): string[] {
  const keys = getSkmInstrument(db, DEFAULT_SKM_INSTRUMENT).definition.elements.map((element) => element.key);
  for (const round of listAllSkmRounds(db)) for (const element of round.elements) if (!keys.includes(element.key)) keys.push(element.key);
  return keys;
}
