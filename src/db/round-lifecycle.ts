import { prepared, type Db } from './connection';

/**
 * Queries of a round's lifecycle: archiving, deleting, and copying a round into the next one.
 * (They stand apart from rounds.ts because they read the schema itself: which tables point at
 * rounds, which columns a round's settings are.)
 */

export function setRoundArchived(db: Db, id: number, archivedAt: string | null): void {
  prepared(db, 'UPDATE rounds SET archived_at = ? WHERE id = ?').run(archivedAt, id);
}

/**
 * The id a new round gets: above every id a round ever had. SQLite would give a deleted round's
 * id (the highest) to the next round, which would then inherit the old round's audit entries and
 * continue its report versions; report_state keeps a row for every round ever made (migration 0013).
 */
export function nextRoundId(db: Db): number {
  const row = prepared(db, 'SELECT max(coalesce((SELECT max(id) FROM rounds), 0), coalesce((SELECT max(round_id) FROM report_state), 0), coalesce((SELECT max(round_id) FROM audit_log), 0)) + 1 AS id').get() as { id: number };
  return row.id;
}

/** Columns of a round that are not its settings: who it is, when it runs, its state. */
const NOT_SETTINGS = new Set(['id', 'name', 'opens_on', 'closes_on', 'closed_at', 'archived_at', 'created_at']);

/**
 * The columns a new round copies from the one it continues: every column of rounds but its
 * identity, dates and state, read from the schema, so that a setting added by a later migration
 * (organiser, contact person, when results are shared, …) is carried over without a change here.
 */
export function roundSettingColumns(db: Db): string[] {
  const columns = db.prepare("SELECT name FROM pragma_table_info('rounds')").all() as { name: string }[];
  return columns.map((column) => column.name).filter((name) => !NOT_SETTINGS.has(name));
}

/** A new open round with the settings of `fromId`, no dates, this name; returns its id. */
export function insertRoundCopy(db: Db, fromId: number, row: { id: number; name: string; created_at: string }): number {
  const columns = roundSettingColumns(db).map((name) => `"${name.replace(/"/g, '""')}"`);
  const list = columns.join(', ');
  db.prepare(`INSERT INTO rounds (id, name, created_at${list ? `, ${list}` : ''}) SELECT @id, @name, @created_at${list ? `, ${list}` : ''} FROM rounds WHERE id = @from`).run({ ...row, from: fromId });
  return row.id;
}

export function copyRoundTargets(db: Db, fromId: number, toId: number): number {
  return prepared(db, 'INSERT INTO round_targets (round_id, dimension_code, target) SELECT ?, dimension_code, target FROM round_targets WHERE round_id = ?').run(toId, fromId).changes;
}

/** The roster's people, without their links or how far they got: every copied entry is invited, with no link yet. */
export function copyRoster(db: Db, fromId: number, toId: number): number {
  return prepared(
    db,
    'INSERT INTO roster_entries (round_id, name, unit, grade, email, employee_no) SELECT ?, name, unit, grade, email, employee_no FROM roster_entries WHERE round_id = ? ORDER BY id',
  ).run(toId, fromId).changes;
}

/** A table that points at rounds and how it lets a round go. */
export interface RoundReference {
  table: string;
  column: string;
  onDelete: string;
}

/** Every foreign key to rounds in the schema, as it is now (later migrations included). */
export function roundReferences(db: Db): RoundReference[] {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as { name: string }[];
  const found: RoundReference[] = [];
  for (const { name } of tables) {
    const keys = db.prepare('SELECT "table" AS target, "from" AS column, on_delete FROM pragma_foreign_key_list(?)').all(name) as { target: string; column: string; on_delete: string }[];
    for (const key of keys) if (key.target === 'rounds') found.push({ table: name, column: key.column, onDelete: key.on_delete });
  }
  return found;
}

export function countReferencing(db: Db, reference: RoundReference, roundId: number): number {
  return (db.prepare(`SELECT count(*) AS n FROM "${reference.table}" WHERE "${reference.column}" = ?`).get(roundId) as { n: number }).n;
}

/** What a round's deletion takes with it, for the audit log. */
export interface RoundContents {
  roster_entries: number;
  links: number;
  drafts: number;
  online_responses: number;
  paper_responses: number;
  comments: number;
  paper_batches: number;
  pending_uploads: number;
  targets: number;
}

export function countRoundContents(db: Db, roundId: number): RoundContents {
  return prepared(
    db,
    `SELECT (SELECT count(*) FROM roster_entries WHERE round_id = @id) AS roster_entries,
            (SELECT count(*) FROM roster_entries WHERE round_id = @id AND token_hash IS NOT NULL) AS links,
            (SELECT count(*) FROM drafts WHERE roster_entry_id IN (SELECT id FROM roster_entries WHERE round_id = @id)) AS drafts,
            (SELECT count(*) FROM responses WHERE round_id = @id AND channel = 'online') AS online_responses,
            (SELECT count(*) FROM responses WHERE round_id = @id AND channel = 'paper') AS paper_responses,
            (SELECT count(*) FROM comments WHERE round_id = @id) AS comments,
            (SELECT count(*) FROM import_batches WHERE round_id = @id) AS paper_batches,
            (SELECT count(*) FROM pending_imports WHERE round_id = @id) AS pending_uploads,
            (SELECT count(*) FROM round_targets WHERE round_id = @id) AS targets`,
  ).get({ id: roundId }) as RoundContents;
}

/** The round goes, and with it (ON DELETE CASCADE) everything that belongs to it. */
export function deleteRoundRow(db: Db, id: number): void {
  prepared(db, 'DELETE FROM rounds WHERE id = ?').run(id);
}
