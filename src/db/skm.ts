import { prepared, type Db } from './connection';
import { insertWithRandomId } from './random-ids';

/** Data access for the stakeholder satisfaction survey (migration 0011-skm.sql). */

export interface SkmInstrumentRow {
  id: number;
  code: string;
  version: number;
  definition: string;
  created_at: string;
}

export interface SkmRoundRow {
  id: number;
  name: string;
  instrument_id: number;
  period_start: string;
  period_end: string;
  services: string;
  extra_elements: string;
  weights: string;
  population: number | null;
  min_group_size: number;
  code: string;
  closed_at: string | null;
  created_at: string;
}

export interface SkmResponseRow {
  id: number;
  round_id: number;
  channel: 'online' | 'kiosk' | 'paper';
  answers: Buffer;
  gender: 'male' | 'female' | null;
  age: number | null;
  education: string | null;
  occupation: string | null;
  service: string | null;
  submitted_on: string;
  day_part: 'morning' | 'afternoon' | null;
  batch_id: number | null;
}

export function findSkmInstrumentByCode(db: Db, code: string): SkmInstrumentRow | undefined {
  return prepared(db, 'SELECT * FROM skm_instruments WHERE code = ?').get(code) as SkmInstrumentRow | undefined;
}

export function getSkmInstrumentRow(db: Db, id: number): SkmInstrumentRow | undefined {
  return prepared(db, 'SELECT * FROM skm_instruments WHERE id = ?').get(id) as SkmInstrumentRow | undefined;
}

export function insertSkmInstrument(db: Db, row: Omit<SkmInstrumentRow, 'id'>): number {
  return Number(prepared(db, 'INSERT INTO skm_instruments (code, version, definition, created_at) VALUES (@code, @version, @definition, @created_at)').run(row).lastInsertRowid);
}

export function insertSkmRound(db: Db, row: Omit<SkmRoundRow, 'id' | 'closed_at'>): number {
  return Number(
    prepared(
      db,
      `INSERT INTO skm_rounds (name, instrument_id, period_start, period_end, services, extra_elements, weights, population, min_group_size, code, created_at)
       VALUES (@name, @instrument_id, @period_start, @period_end, @services, @extra_elements, @weights, @population, @min_group_size, @code, @created_at)`,
    ).run(row).lastInsertRowid,
  );
}

export function updateSkmRound(db: Db, id: number, row: Pick<SkmRoundRow, 'name' | 'period_start' | 'period_end' | 'services' | 'extra_elements' | 'weights' | 'population' | 'min_group_size'>): void {
  prepared(
    db,
    `UPDATE skm_rounds SET name = @name, period_start = @period_start, period_end = @period_end, services = @services,
       extra_elements = @extra_elements, weights = @weights, population = @population, min_group_size = @min_group_size WHERE id = @id`,
  ).run({ ...row, id });
}

export function findSkmRound(db: Db, id: number): SkmRoundRow | undefined {
  return prepared(db, 'SELECT * FROM skm_rounds WHERE id = ?').get(id) as SkmRoundRow | undefined;
}

export function findSkmRoundByCode(db: Db, code: string): SkmRoundRow | undefined {
  return prepared(db, 'SELECT * FROM skm_rounds WHERE code = ?').get(code) as SkmRoundRow | undefined;
}

export function listSkmRounds(db: Db): SkmRoundRow[] {
  return prepared(db, 'SELECT * FROM skm_rounds ORDER BY period_start DESC, id DESC').all() as SkmRoundRow[];
}

export function setSkmRoundClosed(db: Db, id: number, closedAt: string | null): void {
  prepared(db, 'UPDATE skm_rounds SET closed_at = ? WHERE id = ?').run(closedAt, id);
}

export function countSkmResponses(db: Db, roundId: number): number {
  return (prepared(db, 'SELECT count(*) AS n FROM skm_responses WHERE round_id = ?').get(roundId) as { n: number }).n;
}

export function countSkmResponsesByChannel(db: Db, roundId: number): { channel: SkmResponseRow['channel']; n: number }[] {
  return prepared(db, 'SELECT channel, count(*) AS n FROM skm_responses WHERE round_id = ? GROUP BY channel ORDER BY channel').all(roundId) as { channel: SkmResponseRow['channel']; n: number }[];
}

export function insertSkmResponse(db: Db, row: Omit<SkmResponseRow, 'id'>): number {
  const statement = prepared(
    db,
    `INSERT INTO skm_responses (id, round_id, channel, answers, gender, age, education, occupation, service, submitted_on, day_part, batch_id)
     VALUES (@id, @round_id, @channel, @answers, @gender, @age, @education, @occupation, @service, @submitted_on, @day_part, @batch_id)`,
  );
  return insertWithRandomId((id) => statement.run({ ...row, id }));
}

export function insertSkmSuggestion(db: Db, row: { round_id: number; text: string; batch_id: number | null }): number {
  const statement = prepared(db, 'INSERT INTO skm_suggestions (id, round_id, text, batch_id) VALUES (@id, @round_id, @text, @batch_id)');
  return insertWithRandomId((id) => statement.run({ ...row, id }));
}

/** True when the key was new (and is now recorded); false for a retried submission. */
export function claimSubmissionKey(db: Db, roundId: number, keyHash: string): boolean {
  return prepared(db, 'INSERT OR IGNORE INTO skm_submission_keys (round_id, key_hash) VALUES (?, ?)').run(roundId, keyHash).changes === 1;
}

export function* iterateSkmResponses(db: Db, roundId: number): IterableIterator<SkmResponseRow> {
  yield* prepared(db, 'SELECT * FROM skm_responses WHERE round_id = ?').iterate(roundId) as IterableIterator<SkmResponseRow>;
}

export function listSkmSuggestions(db: Db, roundId: number): string[] {
  return (prepared(db, 'SELECT text FROM skm_suggestions WHERE round_id = ?').all(roundId) as { text: string }[]).map((row) => row.text);
}

export interface SkmFollowupLink {
  element_key: string;
  action_id: number;
  plan_id: number;
  plan_name: string;
  objective_code: string;
  title: string;
  pic_name: string;
  due_on: string;
  cancelled_on: string | null;
}

/** The priority elements of a round made into actions (skm_followups), with where each action lives. */
export function listSkmFollowups(db: Db, roundId: number): SkmFollowupLink[] {
  return db
    .prepare(
      `SELECT f.element_key, a.id AS action_id, p.id AS plan_id, p.name AS plan_name, o.code AS objective_code, a.title, pe.name AS pic_name, a.due_on, a.cancelled_on
         FROM skm_followups f JOIN actions a ON a.id = f.action_id JOIN objectives o ON o.id = a.objective_id JOIN plans p ON p.id = o.plan_id JOIN people pe ON pe.id = a.pic_id
        WHERE f.round_id = ? ORDER BY f.created_at, f.element_key`,
    )
    .all(roundId) as SkmFollowupLink[];
}

export function insertSkmFollowup(db: Db, row: { round_id: number; element_key: string; action_id: number; created_at: string }): void {
  db.prepare('INSERT INTO skm_followups (round_id, element_key, action_id, created_at) VALUES (@round_id, @element_key, @action_id, @created_at)').run(row);
}

/** The plan an objective belongs to, or undefined. */
export function findObjectivePlan(db: Db, objectiveId: number): { plan_id: number; start_year: number; end_year: number } | undefined {
  return db.prepare('SELECT o.plan_id, p.start_year, p.end_year FROM objectives o JOIN plans p ON p.id = o.plan_id WHERE o.id = ?').get(objectiveId) as { plan_id: number; start_year: number; end_year: number } | undefined;
}
