import { prepared, type Db } from './connection';
import { insertWithRandomId } from './random-ids';
import type { DraftRow, ResponseRow } from './types';

export function findDraft(db: Db, rosterEntryId: number): DraftRow | undefined {
  return prepared(db, 'SELECT roster_entry_id, sealed FROM drafts WHERE roster_entry_id = ?').get(rosterEntryId) as DraftRow | undefined;
}

export function saveDraft(db: Db, row: DraftRow): void {
  prepared(db, 
    `INSERT INTO drafts (roster_entry_id, sealed) VALUES (@roster_entry_id, @sealed)
     ON CONFLICT (roster_entry_id) DO UPDATE SET sealed = excluded.sealed`,
  ).run(row);
}

export function deleteDraft(db: Db, rosterEntryId: number): void {
  prepared(db, 'DELETE FROM drafts WHERE roster_entry_id = ?').run(rosterEntryId);
}

export type NewResponse = Omit<ResponseRow, 'id'>;

export function insertResponse(db: Db, row: NewResponse): number {
  const statement = prepared(db, 
    `INSERT INTO responses (id, round_id, channel, unit, grade, answers, submitted_on, form_id, batch_id)
     VALUES (@id, @round_id, @channel, @unit, @grade, @answers, @submitted_on, @form_id, @batch_id)`,
  );
  return insertWithRandomId((id) => statement.run({ ...row, id }));
}

export function insertComment(db: Db, row: { round_id: number; perspective_code: string; text: string; batch_id: number | null }): void {
  const statement = prepared(db, 'INSERT INTO comments (id, round_id, perspective_code, text, batch_id) VALUES (@id, @round_id, @perspective_code, @text, @batch_id)');
  insertWithRandomId((id) => statement.run({ ...row, id }));
}

/** Responses in the released results, per channel, and those stored but not yet released. */
export interface ResponseCounts {
  online: number;
  paper: number;
  pending: number;
}

export function countResponses(db: Db, roundId: number): ResponseCounts {
  return prepared(
    db,
    `SELECT coalesce(sum(channel = 'online' AND release IS NOT NULL), 0) AS online,
            coalesce(sum(channel = 'paper' AND release IS NOT NULL), 0) AS paper,
            coalesce(sum(release IS NULL), 0) AS pending
       FROM responses WHERE round_id = ?`,
  ).get(roundId) as ResponseCounts;
}

/** The waiting (unreleased) answers of a round, counted per stored unit and grade. */
export function countPendingCells(db: Db, roundId: number): { unit: string | null; grade: string | null; online: number; paper: number }[] {
  return prepared(
    db,
    `SELECT unit, grade, sum(channel = 'online') AS online, sum(channel = 'paper') AS paper
       FROM responses WHERE round_id = ? AND release IS NULL GROUP BY unit, grade`,
  ).all(roundId) as { unit: string | null; grade: string | null; online: number; paper: number }[];
}

/** Where a waiting answer goes in a release: its final label, or null to keep it waiting. */
export type ReleaseLabel = (row: { unit: string | null; grade: string | null; channel: 'online' | 'paper' }) => { unit: string | null; grade: string | null } | null;

const RELEASE_PAGE = 10_000;

/**
 * Adds a round's waiting answers to release `release`, writing the final label that `labelOf`
 * gives each over its stored unit and grade (see analysis/disclosure.ts); returns how many.
 * Pages through the waiting rows by id and updates each by its primary key: one pass over the
 * round, whatever the number of unit × grade cells.
 */
export function releaseWaiting(db: Db, roundId: number, release: number, labelOf: ReleaseLabel): number {
  const page = prepared(
    db,
    'SELECT id, unit, grade, channel FROM responses WHERE round_id = ? AND release IS NULL AND id > ? ORDER BY id LIMIT ?',
  );
  const update = prepared(db, 'UPDATE responses SET unit = ?, grade = ?, release = ? WHERE id = ?');
  let after = 0;
  let released = 0;
  for (;;) {
    const rows = page.all(roundId, after, RELEASE_PAGE) as { id: number; unit: string | null; grade: string | null; channel: 'online' | 'paper' }[];
    if (rows.length === 0) return released;
    for (const row of rows) {
      const label = labelOf(row);
      if (label === null) continue;
      update.run(label.unit, label.grade, release, row.id);
      released += 1;
    }
    after = rows[rows.length - 1].id;
  }
}

/** Blanks the unit and grade of a round's waiting online answers; returns how many still had one. */
export function blankPendingOnline(db: Db, roundId: number): number {
  return prepared(
    db,
    "UPDATE responses SET unit = NULL, grade = NULL WHERE round_id = ? AND release IS NULL AND channel = 'online' AND (unit IS NOT NULL OR grade IS NOT NULL)",
  ).run(roundId).changes;
}

/** Releases the waiting comments: all of them, or those of paper forms only (online ones wait with their answers). */
export function releaseComments(db: Db, roundId: number, release: number, which: 'all' | 'paper'): number {
  const sql =
    which === 'all'
      ? 'UPDATE comments SET release = ? WHERE round_id = ? AND release IS NULL'
      : 'UPDATE comments SET release = ? WHERE round_id = ? AND release IS NULL AND batch_id IS NOT NULL';
  return prepared(db, sql).run(release, roundId).changes;
}

/** Paper forms per unit: they count in the response rate although no roster entry can be marked for them. */
export function countPaperByUnit(db: Db, roundId: number): Map<string | null, number> {
  const rows = prepared(db, "SELECT unit, count(*) AS n FROM responses WHERE round_id = ? AND channel = 'paper' GROUP BY unit").all(roundId) as {
    unit: string | null;
    n: number;
  }[];
  return new Map(rows.map((row) => [row.unit, row.n]));
}

/** The newest release of a round's results (0 before the first). */
export function latestRelease(db: Db, roundId: number): number {
  return (prepared(db, 'SELECT coalesce(max(release), 0) AS latest FROM responses WHERE round_id = ?').get(roundId) as { latest: number }).latest;
}

/**
 * Streams the answers of a round released up to `upToRelease`, without loading them all (the
 * report keeps running sums). The bound keeps a download that streams after its report was built
 * to exactly the answers that report counted, even if a release happens meanwhile.
 */
export function iterateResponses(db: Db, roundId: number, upToRelease: number): IterableIterator<Pick<ResponseRow, 'unit' | 'grade' | 'answers'>> {
  return prepared(db, 'SELECT unit, grade, answers FROM responses WHERE round_id = ? AND release <= ?').iterate(roundId, upToRelease) as IterableIterator<
    Pick<ResponseRow, 'unit' | 'grade' | 'answers'>
  >;
}

/** release (null while waiting), paper (1 for a paper form, 0 online), unit, grade, answers. */
export type RoundResponseRow = [release: number | null, paper: 0 | 1, unit: string | null, grade: string | null, answers: Buffer];
/** The same, with the answers as a string of one character per item (see iterateRoundResponses). */
export type RoundResponseTextRow = [release: number | null, paper: 0 | 1, unit: string | null, grade: string | null, answers: string];

/**
 * Streams every stored response of a round, released or waiting, as arrays (no object per row):
 * the report's one pass, which counts the waiting ones and analyses the released ones.
 *
 * `answersAsText` hands each answer vector over as a string, one character per byte: better-sqlite3
 * makes a short string about twice as fast as a Buffer, which at a million rows is a second. Exact
 * only while every byte is below 128 (one UTF-8 byte per character), so only for scales of up to
 * 127 points.
 */
export function iterateRoundResponses(db: Db, roundId: number, answersAsText: true): IterableIterator<RoundResponseTextRow>;
export function iterateRoundResponses(db: Db, roundId: number, answersAsText?: false): IterableIterator<RoundResponseRow>;
export function iterateRoundResponses(db: Db, roundId: number, answersAsText = false): IterableIterator<RoundResponseRow | RoundResponseTextRow> {
  const answers = answersAsText ? 'CAST(answers AS TEXT)' : 'answers';
  return prepared(db, `SELECT release, channel = 'paper', unit, grade, ${answers} FROM responses WHERE round_id = ?`)
    .raw(true)
    .iterate(roundId) as IterableIterator<RoundResponseRow | RoundResponseTextRow>;
}
