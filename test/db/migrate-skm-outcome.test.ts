import { openDatabase, type Db } from '../../src/db/connection';
import { migrate, readMigrations } from '../../src/db/migrate';

/** A database as 0011 left it, with one plan whose indicator has a period target and a realisation. */
function databaseAt0011(): Db {
  const db = openDatabase(':memory:');
  migrate(
    db,
    readMigrations().filter((migration) => migration.name < '0012'),
  );
  db.exec(`
    INSERT INTO plans (id, name, organisation, start_year, end_year, perspective_order, created_at, updated_at) VALUES (3, 'Rencana 2027', 'Direktorat', 2027, 2027, '[]', '2026-12-01', '2026-12-01');
    INSERT INTO objectives (id, plan_id, perspective_code, code, name, position, created_at) VALUES (5, 3, 'CUS', 'SS1', 'Kepuasan', 1, '2026-12-01');
    INSERT INTO indicators (id, objective_id, code, name, target, created_at, polarity, frequency, consolidation, source) VALUES (9, 5, 'IKU1', 'Keluhan', 10, '2026-12-01', 'minimize', 'quarterly', 'sum', 'entered');
    INSERT INTO indicator_targets (indicator_id, period, target) VALUES (9, '2027-Q1', 4);
    INSERT INTO realisations (indicator_id, period, value, recorded_by, recorded_at) VALUES (9, '2027-Q1', 3.5, 'planner', '2027-04-02');
  `);
  return db;
}

describe('0012-skm-outcome', () => {
  it("keeps every indicator, its targets and its realisations when the table is rebuilt for the new source", () => {
    const db = databaseAt0011();
    const before = { indicators: db.prepare('SELECT * FROM indicators').all(), targets: db.prepare('SELECT * FROM indicator_targets').all(), realisations: db.prepare('SELECT * FROM realisations').all() };
    expect(migrate(db)).toContain('0012-skm-outcome.sql');
    expect(db.prepare('SELECT * FROM indicators').all()).toEqual(before.indicators);
    expect(db.prepare('SELECT * FROM indicator_targets').all()).toEqual(before.targets);
    expect(db.prepare('SELECT * FROM realisations').all()).toEqual(before.realisations);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    // Targets and realisations still point at indicators (not a renamed copy) and still go with it.
    for (const table of ['indicator_targets', 'realisations']) {
      expect((db.pragma(`foreign_key_list(${table})`) as { table: string; on_delete: string }[]).map((key) => [key.table, key.on_delete])).toEqual([['indicators', 'CASCADE']]);
    }
    db.prepare('DELETE FROM indicators WHERE id = 9').run();
    expect(db.prepare('SELECT count(*) AS n FROM realisations').get()).toEqual({ n: 0 });
  });

  it("accepts the source 'skm' and still refuses one it does not know", () => {
    const db = databaseAt0011();
    const insert = db.prepare("INSERT INTO indicators (objective_id, name, created_at, source) VALUES (5, 'x', '2026-12-01', ?)");
    expect(() => insert.run('skm')).toThrow(/CHECK constraint failed/);
    migrate(db);
    expect(() => insert.run('skm')).not.toThrow();
    expect(() => insert.run('guess')).toThrow(/CHECK constraint failed/);
  });
});
