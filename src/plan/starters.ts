import fs from 'node:fs';
import { z } from 'zod';
import { STARTERS_FILE } from '../paths';
import { FOCUS_AREAS } from '../survey/instrument-schema';

/** Starter objectives, indicators and actions per focus area (data/starters/focus-areas.json). */

const TextSchema = z.object({ id: z.string().min(1), en: z.string().min(1) });

const StarterSchema = z.object({
  key: z.string().regex(/^[a-z_]+$/),
  focus: z.enum(FOCUS_AREAS),
  objective: TextSchema,
  description: TextSchema,
  /** How each indicator is measured (the defaults of an indicator when left out). */
  indicators: z.array(
    z.object({
      name: TextSchema,
      unit: TextSchema,
      target: z.number().nullable(),
      frequency: z.enum(['monthly', 'quarterly', 'semester', 'annual']).optional(),
      consolidation: z.enum(['sum', 'average', 'last']).optional(),
      source: z.enum(['entered', 'survey']).optional(),
      source_code: z.string().optional(),
      source_measure: z.enum(['mean', 'favourable_share']).optional(),
    }),
  ),
  actions: z.array(
    z.object({
      title: TextSchema,
      target_indicator: TextSchema,
      target_value: z.number().nullable(),
      target_unit: TextSchema,
      horizon: z.enum(['short_term', 'continuous']),
      quarters: z.array(z.number().int().min(1).max(4)),
    }),
  ),
});
export type Starter = z.infer<typeof StarterSchema>;

let cached: Starter[] | null = null;

export function loadStarters(file = STARTERS_FILE): Starter[] {
  if (cached && file === STARTERS_FILE) return cached;
  const parsed = z.object({ starters: z.array(StarterSchema) }).parse(JSON.parse(fs.readFileSync(file, 'utf8')));
  if (file === STARTERS_FILE) cached = parsed.starters;
  return parsed.starters;
}

export function findStarter(key: string): Starter | undefined {
  return loadStarters().find((starter) => starter.key === key);
}
