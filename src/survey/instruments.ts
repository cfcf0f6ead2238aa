import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../db/connection';
import { findInstrumentByCode, findInstrumentById, insertInstrument, listInstruments } from '../db/instruments';
import type { InstrumentRow } from '../db/types';
import { NotFoundError, problemsFromZod, ValidationError } from '../errors';
import { INSTRUMENTS_DIR } from '../paths';
import { InstrumentSchema, type Instrument, type Item } from './instrument-schema';

export const DEFAULT_INSTRUMENT_CODE = 'bsc-default';

/** An instrument with the lookups every layer needs, computed once. */
export interface LoadedInstrument {
  id: number;
  definition: Instrument;
  /** Items in storage order: answers[i] belongs to items[i]. */
  items: (Item & { dimension: string; perspective: string; index: number })[];
  itemIndex: Map<string, number>;
}

/** Parses instrument JSON text; every problem is reported with its zod path. */
export function parseInstrument(text: string): Instrument {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ValidationError('The instrument is not valid JSON', [{ field: '(root)', message: `not valid JSON: ${(error as Error).message}` }]);
  }
  const parsed = InstrumentSchema.safeParse(json);
  if (!parsed.success) throw new ValidationError('The instrument does not match the format', problemsFromZod(parsed.error.issues));
  return parsed.data;
}

export function addInstrument(db: Db, text: string, now: Date): LoadedInstrument {
  const definition = parseInstrument(text);
  const id = db
    .transaction(() => {
      if (findInstrumentByCode(db, definition.code)) {
        throw new ValidationError('The instrument could not be added', [
          { field: 'code', message: `an instrument with code "${definition.code}" exists already; instruments never change once added, so give a revision a new code` },
        ]);
      }
      return insertInstrument(db, {
        code: definition.code,
        version: definition.version,
        definition: JSON.stringify(definition),
        created_at: now.toISOString(),
      });
    })
    .immediate();
  return getInstrumentById(db, id);
}

/** Loads the instruments shipped in data/instruments that the database does not have yet. */
export function installBundledInstruments(db: Db, now: Date, dir = INSTRUMENTS_DIR): string[] {
  const added: string[] = [];
  for (const file of fs.readdirSync(dir).filter((name) => name.endsWith('.json')).sort()) {
    const definition = parseInstrument(fs.readFileSync(path.join(dir, file), 'utf8'));
    if (!findInstrumentByCode(db, definition.code)) {
      addInstrument(db, JSON.stringify(definition), now);
      added.push(definition.code);
    }
  }
  return added;
}

// Instruments never change once stored, so their parsed form can be kept per database.
const cache = new WeakMap<Db, Map<number, LoadedInstrument>>();

function load(db: Db, row: InstrumentRow): LoadedInstrument {
  let perDb = cache.get(db);
  if (!perDb) {
    perDb = new Map();
    cache.set(db, perDb);
  }
  const cached = perDb.get(row.id);
  if (cached) return cached;
  const definition = InstrumentSchema.parse(JSON.parse(row.definition));
  const items = definition.perspectives.flatMap((perspective) =>
    perspective.dimensions.flatMap((dimension) =>
      dimension.items.map((item) => ({ ...item, dimension: dimension.code, perspective: perspective.code })),
    ),
  ).map((item, index) => ({ ...item, index }));
  const loaded = { id: row.id, definition, items, itemIndex: new Map(items.map((item) => [item.code, item.index])) };
  perDb.set(row.id, loaded);
  return loaded;
}

export function getInstrument(db: Db, code: string): LoadedInstrument {
  const row = findInstrumentByCode(db, code);
  if (!row) throw new NotFoundError(`No instrument with code "${code}"`);
  return load(db, row);
}

export function getInstrumentById(db: Db, id: number): LoadedInstrument {
  // Every questionnaire request needs its round's instrument; a stored one never changes, so the cache answers without a query.
  const cached = cache.get(db)?.get(id);
  if (cached) return cached;
  const row = findInstrumentById(db, id);
  if (!row) throw new NotFoundError(`No instrument with id ${id}`);
  return load(db, row);
}

export function listAllInstruments(db: Db): LoadedInstrument[] {
  return listInstruments(db).map((row) => load(db, row));
}
