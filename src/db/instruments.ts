import { prepared, type Db } from './connection';
import type { InstrumentRow } from './types';

export function findInstrumentByCode(db: Db, code: string): InstrumentRow | undefined {
  return prepared(db, 'SELECT * FROM instruments WHERE code = ?').get(code) as InstrumentRow | undefined;
}

export function findInstrumentById(db: Db, id: number): InstrumentRow | undefined {
  return prepared(db, 'SELECT * FROM instruments WHERE id = ?').get(id) as InstrumentRow | undefined;
}

export function listInstruments(db: Db): InstrumentRow[] {
  return prepared(db, 'SELECT * FROM instruments ORDER BY code').all() as InstrumentRow[];
}

export function insertInstrument(db: Db, row: { code: string; version: number; definition: string; created_at: string }): number {
  const result = prepared(
      db,
      'INSERT INTO instruments (code, version, definition, created_at) VALUES (@code, @version, @definition, @created_at)')
    .run(row);
  return Number(result.lastInsertRowid);
}
