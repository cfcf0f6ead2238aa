-- migrate: foreign_keys off
-- Two more account roles: 'viewer' (leadership: reads the round list, the reports and the plans)
-- and 'contributor' (the person in charge of actions: sees the plans, updates the actions they are
-- in charge of). What each role may do is decided in src/auth/permissions.ts; the database only
-- keeps a role it does not know out. Forward-only: never edit once merged.
--
-- SQLite cannot change a CHECK constraint, so users is rebuilt: new table, copy, drop the old one,
-- rename. The line above makes the runner do this with foreign keys off (src/db/migrate.ts):
-- otherwise DROP TABLE users would first delete every user, and ON DELETE CASCADE every session
-- and API token with them. The old table is dropped before the new one takes its name, never
-- renamed away first: renaming it would make sessions and api_tokens point at the old name.
-- Ids are copied, so every session and token keeps its user.
CREATE TABLE users_new (
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL UNIQUE COLLATE NOCASE,
  password_hash TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('admin', 'analyst', 'viewer', 'contributor')),
  created_at TEXT NOT NULL
);

INSERT INTO users_new (id, username, password_hash, role, created_at)
SELECT id, username, password_hash, role, created_at FROM users;

DROP TABLE users;

ALTER TABLE users_new RENAME TO users;
