import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Db } from '../db/connection';
import { findSkmInstrumentByCode, getSkmInstrumentRow, insertSkmInstrument, type SkmInstrumentRow } from '../db/skm';
import { NotFoundError, parseInput } from '../errors';
import { ROOT } from '../paths';
import { TextSchema } from '../survey/instrument-schema';

/**
 * Instruments of kind "skm": the elements of PermenPANRB 14/2017 (by key, never by position),
 * each with its standard question and four answer options scored 1–4, and the respondent
 * profile's choices. Kept apart from the employee instruments, whose schema is the Balanced
 * Scorecard's (perspectives, dimensions, a five-point agreement scale).
 */

export const SKM_DIR = path.join(ROOT, 'data', 'skm');

/** The four answers of an element, scored 1–4 in this order. */
export const OPTION_COUNT = 4;

export const ElementSchema = z.object({
  key: z
    .string()
    .trim()
    .regex(/^[a-z][a-z0-9_]{1,39}$/, 'a key of 2–40 lower-case letters, digits or _, starting with a letter'),
  name: TextSchema,
  question: TextSchema,
  options: z.array(TextSchema).length(OPTION_COUNT, `exactly ${OPTION_COUNT} answer options, scored 1–${OPTION_COUNT}`),
});
export type SkmElement = z.infer<typeof ElementSchema>;

export const SkmInstrumentSchema = z
  .object({
    kind: z.literal('skm'),
    code: z.string().trim().regex(/^[a-z0-9][a-z0-9-]{1,39}$/),
    version: z.number().int().min(1),
    name: TextSchema,
    intro: TextSchema,
    elements: z.array(ElementSchema).min(1),
    profile: z.object({
      education: z.array(z.string().trim().min(1).max(40)).min(1),
      occupation: z.array(z.string().trim().min(1).max(40)).min(1),
    }),
  })
  .superRefine((instrument, ctx) => {
    const seen = new Set<string>();
    instrument.elements.forEach((element, index) => {
      if (seen.has(element.key)) ctx.addIssue({ code: 'custom', path: ['elements', index, 'key'], message: `"${element.key}" appears twice` });
      seen.add(element.key);
    });
  });
export type SkmInstrument = z.infer<typeof SkmInstrumentSchema>;

export interface LoadedSkmInstrument {
  id: number;
  definition: SkmInstrument;
}

export function parseSkmInstrument(text: string): SkmInstrument {
  return parseInput(SkmInstrumentSchema, JSON.parse(text), 'The SKM instrument does not match the format');
}

/** Adds the SKM instruments shipped in data/skm that the database does not have yet. */
export function installBundledSkmInstruments(db: Db, now: Date, dir = SKM_DIR): string[] {
  const added: string[] = [];
  for (const file of fs.readdirSync(dir).filter((name) => name.endsWith('.json')).sort()) {
    const definition = parseSkmInstrument(fs.readFileSync(path.join(dir, file), 'utf8'));
    if (!findSkmInstrumentByCode(db, definition.code)) {
      insertSkmInstrument(db, { code: definition.code, version: definition.version, definition: JSON.stringify(definition), created_at: now.toISOString() });
      added.push(definition.code);
    }
  }
  return added;
}

function loaded(row: SkmInstrumentRow): LoadedSkmInstrument {
  return { id: row.id, definition: SkmInstrumentSchema.parse(JSON.parse(row.definition)) };
}

export function getSkmInstrument(db: Db, code: string): LoadedSkmInstrument {
  const row = findSkmInstrumentByCode(db, code);
  if (!row) throw new NotFoundError(`No SKM instrument "${code}"`);
  return loaded(row);
}

export function getSkmInstrumentById(db: Db, id: number): LoadedSkmInstrument {
  const row = getSkmInstrumentRow(db, id);
  if (!row) throw new NotFoundError(`No SKM instrument ${id}`);
  return loaded(row);
}
