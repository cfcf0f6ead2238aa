import { openDatabase, type Db } from '../../src/db/connection';
import { migrate, readMigrations } from '../../src/db/migrate';
import { findReportState } from '../../src/db/report-state';

/** A database as 0012 left it: one instrument, one round with two released answers. */
function databaseAt0012(): Db {
  const db = openDatabase(':memory:');
  migrate(
    db,
    readMigrations().filter((migration) => migration.name < '0013'),
  );
  db.exec(`
    INSERT INTO instruments (id, code, version, definition, created_at) VALUES (1, 'tiny', 1, '{}', '2026-11-01');
    INSERT INTO rounds (id, name, instrument_id, created_at) VALUES (4, 'Diagnosis 2026', 1, '2026-11-01');
    INSERT INTO responses (id, round_id, channel, unit, grade, answers, release) VALUES (11, 4, 'online', 'A', NULL, x'0304', 1), (12, 4, 'online', 'A', NULL, x'0505', 1);
  `);
  return db;
}

function migrated(): Db {
  const db = databaseAt0012();
  expect(migrate(db)).toContain('0013-report-state.sql');
  return db;
}

/** How a write moved round 4's versions: [version, results_version]. */
function change(db: Db, sql: string): [number, number] {
  const before = findReportState(db, 4)!;
  db.exec(sql);
  const after = findReportState(db, 4)!;
  return [after.version - before.version, after.results_version - before.results_version];
}

describe('0013-report-state', () => {
  it('gives every existing round a state, and a new round one of its own', () => {
    const db = migrated();
    expect(findReportState(db, 4)).toEqual({ version: 1, results_version: 1 });
    db.exec("INSERT INTO rounds (id, name, instrument_id, created_at) VALUES (5, 'Diagnosis 2027', 1, '2027-11-01')");
    expect(findReportState(db, 5)).toEqual({ version: 1, results_version: 1 });
  });

  it('changes both versions on a release, a change to released answers, settings and targets', () => {
    const db = migrated();
    db.exec("INSERT INTO responses (id, round_id, channel, unit, answers) VALUES (13, 4, 'online', 'A', x'0101')");
    expect(change(db, 'UPDATE responses SET release = 2 WHERE id = 13')).toEqual([1, 1]);
    expect(change(db, "UPDATE responses SET unit = 'B' WHERE id = 11")).toEqual([1, 1]);
    expect(change(db, 'DELETE FROM responses WHERE id = 12')).toEqual([1, 1]);
    expect(change(db, 'UPDATE rounds SET min_group_size = 7 WHERE id = 4')).toEqual([1, 1]);
    expect(change(db, "INSERT INTO round_targets (round_id, dimension_code, target) VALUES (4, 'D1', 3.5)")).toEqual([1, 1]);
    expect(change(db, "UPDATE round_targets SET target = 3 WHERE round_id = 4")).toEqual([1, 1]);
    expect(change(db, 'DELETE FROM round_targets WHERE round_id = 4')).toEqual([1, 1]);
    expect(change(db, "UPDATE instruments SET definition = '{ }' WHERE id = 1")).toEqual([1, 1]);
  });

  it('changes only the version on a waiting online answer and a roster change, and nothing on a waiting answer blanked', () => {
    const db = migrated();
    expect(change(db, "INSERT INTO responses (id, round_id, channel, unit, answers) VALUES (13, 4, 'online', 'A', x'0101')")).toEqual([1, 0]);
    expect(change(db, 'UPDATE responses SET unit = NULL WHERE id = 13')).toEqual([0, 0]);
    expect(change(db, "INSERT INTO roster_entries (id, round_id, name, unit) VALUES (21, 4, 'Pegawai', 'A')")).toEqual([1, 0]);
    expect(change(db, "UPDATE roster_entries SET status = 'completed' WHERE id = 21")).toEqual([0, 0]);
    expect(change(db, 'DELETE FROM roster_entries WHERE id = 21')).toEqual([1, 0]);
  });

  it('changes the versions once per paper batch, not once per form, when it is written and when it is undone', () => {
    const db = migrated();
    const forms = `INSERT INTO import_batches (id, round_id, file_name, sha256, row_count, imported_by, imported_at) VALUES (31, 4, 'forms.csv', 'abc', 3, 'analyst', '2026-11-28');
      INSERT INTO responses (id, round_id, channel, unit, answers, form_id, batch_id) VALUES (41, 4, 'paper', 'A', x'0202', 'P-1', 31), (42, 4, 'paper', 'A', x'0303', 'P-2', 31), (43, 4, 'paper', 'A', x'0404', 'P-3', 31);`;
    expect(change(db, forms)).toEqual([1, 1]);
    expect(change(db, 'DELETE FROM import_batches WHERE id = 31')).toEqual([1, 1]);
    expect(db.prepare('SELECT count(*) AS n FROM responses WHERE batch_id = 31').get()).toEqual({ n: 0 });
  });

  it('changes the versions of both rounds when an answer or a roster entry is moved from one to the other', () => {
    const db = migrated();
    db.exec("INSERT INTO rounds (id, name, instrument_id, created_at) VALUES (5, 'Diagnosis 2027', 1, '2027-11-01'); INSERT INTO roster_entries (id, round_id, name, unit) VALUES (21, 4, 'Pegawai', 'A')");
    const other = findReportState(db, 5)!;
    expect(change(db, 'UPDATE responses SET round_id = 5 WHERE id = 11')).toEqual([1, 1]);
    expect(findReportState(db, 5)!.results_version).toBeGreaterThan(other.results_version);
    const moved = findReportState(db, 5)!;
    expect(change(db, 'UPDATE roster_entries SET round_id = 5 WHERE id = 21')).toEqual([1, 0]);
    expect(findReportState(db, 5)!.version).toBeGreaterThan(moved.version);
  });

  it('keeps a deleted round’s versions, so that a new round given its id continues from them', () => {
    const db = migrated();
    db.exec('DELETE FROM rounds WHERE id = 4');
    const deleted = findReportState(db, 4)!;
    db.exec("INSERT INTO rounds (id, name, instrument_id, created_at) VALUES (4, 'Another', 1, '2027-01-01')");
    expect(findReportState(db, 4)!.version).toBeGreaterThan(deleted.version);
    expect(findReportState(db, 4)!.results_version).toBeGreaterThan(deleted.results_version);
  });
});
