import { createApiToken, resolveApiToken, resolveSession, startSession } from '../../src/auth/accounts';
import { openDatabase, type Db } from '../../src/db/connection';
import { migrate, readMigrations } from '../../src/db/migrate';
import { hashPassword } from '../../src/auth/passwords';

const NOW = new Date('2026-12-01T02:00:00Z');

let hash = '';
beforeAll(async () => {
  hash = await hashPassword('correct-horse-battery');
});

/** A database as version 0006 left it, with one administrator and one analyst, each logged in with an API token. */
function databaseAt0006(): { db: Db; sessions: { admin: string; analyst: string }; tokens: { admin: string; analyst: string } } {
  const db = openDatabase(':memory:');
  migrate(
    db,
    readMigrations().filter((migration) => migration.name < '0007'),
  );
  const insert = db.prepare('INSERT INTO users (id, username, password_hash, role, created_at) VALUES (?, ?, ?, ?, ?)');
  insert.run(7, 'kepala', hash, 'admin', '2026-11-01T00:00:00Z');
  insert.run(12, 'analis', hash, 'analyst', '2026-11-02T00:00:00Z');
  const adminSession = startSession(db, 7, NOW, 12);
  const analystSession = startSession(db, 12, NOW, 12);
  const adminToken = createApiToken(db, 'kepala', 'script', NOW, 'cli');
  const analystToken = createApiToken(db, 'analis', 'script', NOW, 'cli');
  return { db, sessions: { admin: adminSession.cookie, analyst: analystSession.cookie }, tokens: { admin: adminToken, analyst: analystToken } };
}

function foreignKeysOf(db: Db, table: string): { table: string; from: string; to: string; on_delete: string }[] {
  return (db.pragma(`foreign_key_list(${table})`) as { table: string; from: string; to: string; on_delete: string }[]).map((key) => ({
    table: key.table,
    from: key.from,
    to: key.to,
    on_delete: key.on_delete,
  }));
}

describe('0007-roles', () => {
  it('keeps every user, session and API token: logged-in users stay logged in and scripts keep working', () => {
    const { db, sessions, tokens } = databaseAt0006();
    const before = { users: db.prepare('SELECT * FROM users ORDER BY id').all(), sessions: db.prepare('SELECT * FROM sessions ORDER BY id_hash').all(), tokens: db.prepare('SELECT * FROM api_tokens ORDER BY id').all() };

    expect(migrate(db)).toContain('0007-roles.sql');

    expect(db.prepare('SELECT id, username, password_hash, role, created_at FROM users ORDER BY id').all()).toEqual(before.users);
    expect(db.prepare('SELECT * FROM sessions ORDER BY id_hash').all()).toEqual(before.sessions);
    expect(db.prepare('SELECT * FROM api_tokens ORDER BY id').all()).toEqual(before.tokens);
    expect(resolveSession(db, sessions.admin, NOW)?.user).toEqual({ id: 7, username: 'kepala', role: 'admin' });
    expect(resolveSession(db, sessions.analyst, NOW)?.user).toEqual({ id: 12, username: 'analis', role: 'analyst' });
    expect(resolveApiToken(db, tokens.admin)).toEqual({ id: 7, username: 'kepala', role: 'admin' });
    expect(resolveApiToken(db, tokens.analyst)).toEqual({ id: 12, username: 'analis', role: 'analyst' });
  });

  it('leaves sessions and api_tokens pointing at users (not at a renamed copy), still cascading, with no dangling row', () => {
    const { db } = databaseAt0006();
    migrate(db);
    expect(foreignKeysOf(db, 'sessions')).toEqual([{ table: 'users', from: 'user_id', to: 'id', on_delete: 'CASCADE' }]);
    expect(foreignKeysOf(db, 'api_tokens')).toEqual([{ table: 'users', from: 'user_id', to: 'id', on_delete: 'CASCADE' }]);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name LIKE 'users%' AND type = 'table'").all()).toEqual([{ name: 'users' }]);
    // Enforcement is back on after the migration: deleting a user still takes their sessions and tokens.
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.prepare('DELETE FROM users WHERE id = 12').run();
    expect(db.prepare('SELECT count(*) AS n FROM sessions WHERE user_id = 12').get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT count(*) AS n FROM api_tokens WHERE user_id = 12').get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT count(*) AS n FROM sessions WHERE user_id = 7').get()).toEqual({ n: 1 });
  });

  it('accepts the four roles and still refuses any other', () => {
    const { db } = databaseAt0006();
    migrate(db);
    const insert = db.prepare("INSERT INTO users (username, password_hash, role, created_at) VALUES (?, 'x', ?, '2026-12-01')");
    for (const role of ['admin', 'analyst', 'viewer', 'contributor']) expect(() => insert.run(`user-${role}`, role)).not.toThrow();
    expect(() => insert.run('user-root', 'root')).toThrow(/CHECK constraint failed/);
    expect(() => insert.run('USER-VIEWER', 'viewer')).toThrow(/UNIQUE constraint failed/);
  });

  it('would have deleted every session and token had the rebuild run with foreign keys enforced (why the runner turns them off)', () => {
    const { db } = databaseAt0006();
    const rebuild = readMigrations().find((migration) => migration.name === '0007-roles.sql')!;
    // The same SQL without its first line runs as an ordinary migration does.
    migrate(db, [...readMigrations().filter((migration) => migration.name < '0007'), { name: '0007-roles.sql', sql: rebuild.sql.replace(/^-- migrate: foreign_keys off\n/, '') }]);
    expect(db.prepare('SELECT count(*) AS n FROM users').get()).toEqual({ n: 2 });
    expect(db.prepare('SELECT count(*) AS n FROM sessions').get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT count(*) AS n FROM api_tokens').get()).toEqual({ n: 0 });
  });
});

describe('migrations that run with foreign keys off', () => {
  it('are refused, and change nothing, when they leave a row pointing at nothing', () => {
    const db = openDatabase(':memory:');
    migrate(db, [{ name: '0001-a.sql', sql: 'CREATE TABLE parent (id INTEGER PRIMARY KEY); CREATE TABLE child (parent_id INTEGER REFERENCES parent(id)); INSERT INTO parent VALUES (1); INSERT INTO child VALUES (1);' }]);
    const broken = { name: '0002-b.sql', sql: '-- migrate: foreign_keys off\nDELETE FROM parent;' };
    expect(() => migrate(db, [{ name: '0001-a.sql', sql: '' }, broken])).toThrow(/0002-b\.sql leaves 1 row\(s\) pointing at nothing \(first: child row 1 → parent\)/);
    expect(db.prepare('SELECT count(*) AS n FROM parent').get()).toEqual({ n: 1 });
    expect(db.prepare('SELECT count(*) AS n FROM schema_migrations').get()).toEqual({ n: 1 });
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
  });

  it('leave the other migrations enforcing foreign keys', () => {
    const db = openDatabase(':memory:');
    expect(() =>
      migrate(db, [{ name: '0001-a.sql', sql: 'CREATE TABLE parent (id INTEGER PRIMARY KEY); CREATE TABLE child (parent_id INTEGER REFERENCES parent(id)); INSERT INTO child VALUES (5);' }]),
    ).toThrow(/FOREIGN KEY constraint failed/);
  });
});
