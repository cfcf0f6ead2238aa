-- Potret's first schema. Forward-only: never edit once merged; add a new numbered file instead.

CREATE TABLE instruments (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE COLLATE NOCASE,
  version INTEGER NOT NULL,
  -- The validated instrument JSON. Answers are stored in its item order, so an instrument
  -- is never changed once added: a revision gets a new code.
  definition TEXT NOT NULL,
  created_at TEXT NOT NULL
);

CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL UNIQUE COLLATE NOCASE,
  password_hash TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('admin', 'analyst')),
  created_at TEXT NOT NULL
);

CREATE TABLE sessions (
  -- SHA-256 of the cookie value: a stolen database does not yield live sessions.
  id_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  expires_at TEXT NOT NULL
);

CREATE TABLE api_tokens (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL
);

CREATE TABLE rounds (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  instrument_id INTEGER NOT NULL REFERENCES instruments(id),
  opens_on TEXT,            -- YYYY-MM-DD in the configured time zone; NULL = open from creation
  closes_on TEXT,           -- YYYY-MM-DD, last day answers are accepted; NULL = until closed by hand
  closed_at TEXT,           -- set when an analyst closes the round by hand
  target REAL NOT NULL DEFAULT 4.0,
  min_group_size INTEGER NOT NULL DEFAULT 5 CHECK (min_group_size >= 3),
  created_at TEXT NOT NULL
);

-- Per-dimension targets that override the round's target.
CREATE TABLE round_targets (
  round_id INTEGER NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
  dimension_code TEXT NOT NULL,
  target REAL NOT NULL,
  PRIMARY KEY (round_id, dimension_code)
);

CREATE TABLE roster_entries (
  id INTEGER PRIMARY KEY,
  round_id INTEGER NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  unit TEXT NOT NULL,
  grade TEXT,
  email TEXT,
  employee_no TEXT,
  -- SHA-256 of the personal link's token; the token itself is never stored.
  token_hash TEXT UNIQUE,
  -- Whether, never what or when: no timestamps, so completion order cannot be matched to responses.
  status TEXT NOT NULL DEFAULT 'invited' CHECK (status IN ('invited', 'started', 'completed'))
);
CREATE INDEX roster_entries_round ON roster_entries(round_id);

-- Work in progress of one employee, keyed by roster entry; deleted in the transaction that
-- stores the anonymous response.
CREATE TABLE drafts (
  roster_entry_id INTEGER PRIMARY KEY REFERENCES roster_entries(id) ON DELETE CASCADE,
  answers BLOB NOT NULL,
  comments TEXT NOT NULL DEFAULT '{}',
  page INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE import_batches (
  id INTEGER PRIMARY KEY,
  round_id INTEGER NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
  file_name TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  row_count INTEGER NOT NULL,
  imported_by TEXT NOT NULL,
  imported_at TEXT NOT NULL,
  UNIQUE (round_id, sha256)
);

-- One row per response, answers packed one byte per item in the instrument's item order
-- (0 = no answer): the report reads one row per respondent, about 7x faster than one row per answer.
-- Ids are random, not sequential, so row order does not reveal submission order.
CREATE TABLE responses (
  id INTEGER PRIMARY KEY,
  round_id INTEGER NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
  channel TEXT NOT NULL CHECK (channel IN ('online', 'paper')),
  unit TEXT,
  grade TEXT,
  answers BLOB NOT NULL,
  submitted_on TEXT,        -- date only
  form_id TEXT,             -- paper forms only
  batch_id INTEGER REFERENCES import_batches(id) ON DELETE CASCADE
);
CREATE INDEX responses_round ON responses(round_id);
CREATE UNIQUE INDEX responses_form ON responses(round_id, form_id) WHERE form_id IS NOT NULL;

-- Comments are kept apart from the answers (random ids, no response id, no unit): they are read
-- only as a shuffled list for the whole round, never per group.
CREATE TABLE comments (
  id INTEGER PRIMARY KEY,
  round_id INTEGER NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
  perspective_code TEXT NOT NULL,
  text TEXT NOT NULL,
  batch_id INTEGER REFERENCES import_batches(id) ON DELETE CASCADE
);
CREATE INDEX comments_round ON comments(round_id);
