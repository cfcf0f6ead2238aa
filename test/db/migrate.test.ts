import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../src/db/connection';
import { migrate, readMigrations } from '../../src/db/migrate';

describe('migration runner', () => {
  it('applies every migration to an empty database and records each one', () => {
    const db = openDatabase(':memory:');
    const applied = migrate(db);
    expect(applied).toEqual(readMigrations().map((migration) => migration.name));
    const recorded = db.prepare('SELECT name FROM schema_migrations ORDER BY name').all() as { name: string }[];
    expect(recorded.map((row) => row.name)).toEqual(applied);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'responses'").get()).toBeTruthy();
  });

  it('applies nothing the second time', () => {
    const db = openDatabase(':memory:');
    migrate(db);
    expect(migrate(db)).toEqual([]);
  });

  it('applies only the migrations a database has not seen', () => {
    const db = openDatabase(':memory:');
    migrate(db, [{ name: '0001-a.sql', sql: 'CREATE TABLE a (x INTEGER);' }]);
    const ran = migrate(db, [
      { name: '0001-a.sql', sql: 'CREATE TABLE a (x INTEGER);' },
      { name: '0002-b.sql', sql: 'CREATE TABLE b (y INTEGER);' },
    ]);
    expect(ran).toEqual(['0002-b.sql']);
  });

  it('refuses a database that lists a migration it does not know, and changes nothing', () => {
    const db = openDatabase(':memory:');
    migrate(db, [{ name: '0001-a.sql', sql: 'CREATE TABLE a (x INTEGER);' }, { name: '0002-future.sql', sql: 'CREATE TABLE f (z INTEGER);' }]);
    expect(() => migrate(db, [{ name: '0001-a.sql', sql: '' }, { name: '0003-c.sql', sql: 'CREATE TABLE c (x INTEGER);' }])).toThrow(
      /does not know \(0002-future\.sql\)/,
    );
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'c'").get()).toBeUndefined();
  });

  it('rolls back a migration that fails half-way and does not record it', () => {
    const db = openDatabase(':memory:');
    expect(() => migrate(db, [{ name: '0001-bad.sql', sql: 'CREATE TABLE ok (x INTEGER); CREATE TABLE broken (' }])).toThrow();
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'ok'").get()).toBeUndefined();
    expect(db.prepare('SELECT count(*) AS n FROM schema_migrations').get()).toEqual({ n: 0 });
  });

  it('opens file databases in WAL mode with full synchronous writes and foreign keys on', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'potret-'));
    const db = openDatabase(path.join(dir, 'sub', 'x.db'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('0006-sealed-drafts', () => {
  it('deletes the drafts stored in clear, leaving no trace of them in the file, and sets their employees back to invited', () => {
    const db = openDatabase(':memory:');
    const before = readMigrations().filter((migration) => migration.name < '0006');
    migrate(db, before);
    db.prepare("INSERT INTO instruments (id, code, version, definition, created_at) VALUES (1, 'x', 1, '{}', '2026-11-01')").run();
    db.prepare("INSERT INTO rounds (id, name, instrument_id, created_at) VALUES (1, 'R', 1, '2026-11-01')").run();
    const insertEntry = db.prepare("INSERT INTO roster_entries (id, round_id, name, unit, status) VALUES (?, 1, ?, 'A', ?)");
    insertEntry.run(1, 'Ani', 'started');
    insertEntry.run(2, 'Budi', 'completed');
    insertEntry.run(3, 'Citra', 'invited');
    db.prepare("INSERT INTO drafts (roster_entry_id, answers, comments, page) VALUES (1, ?, ?, 2)").run(Buffer.from([5, 1, 4, 2, 3, 5, 1, 4]), JSON.stringify({ FIN: 'rahasia-draf-lama' }));

    migrate(db);
    expect(db.prepare('SELECT count(*) AS n FROM drafts').get()).toEqual({ n: 0 });
    expect((db.prepare('PRAGMA table_info(drafts)').all() as { name: string }[]).map((column) => column.name)).toEqual(['roster_entry_id', 'sealed']);
    expect(db.prepare('SELECT id, status FROM roster_entries ORDER BY id').all()).toEqual([
      { id: 1, status: 'invited' },
      { id: 2, status: 'completed' },
      { id: 3, status: 'invited' },
    ]);
    const bytes = db.serialize();
    expect(bytes.includes(Buffer.from('rahasia-draf-lama'))).toBe(false);
    expect(bytes.includes(Buffer.from([5, 1, 4, 2, 3, 5, 1, 4]))).toBe(false);
  });
});
