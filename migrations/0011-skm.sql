-- Stakeholder satisfaction (Survei Kepuasan Masyarakat, PermenPANRB 14/2017): rounds without a
-- roster, answered through an open link, a kiosk at the counter or paper forms. Nothing here
-- identifies a respondent: no address, no browser, no time of day (the date and the half-day
-- band only), no link between a respondent and their suggestion.

-- The instruments of kind "skm" (the nine elements and their answer options), kept apart from the
-- employee instruments whose schema is the Balanced Scorecard's. Never changed once added.
CREATE TABLE skm_instruments (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE COLLATE NOCASE,
  version INTEGER NOT NULL,
  definition TEXT NOT NULL,
  created_at TEXT NOT NULL
);

CREATE TABLE skm_rounds (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  instrument_id INTEGER NOT NULL REFERENCES skm_instruments(id),
  -- The period the service users were served in (YYYY-MM-DD).
  period_start TEXT NOT NULL,
  period_end TEXT NOT NULL CHECK (period_end >= period_start),
  -- The unit's services a respondent chooses from (JSON array of {"code", "name"}).
  services TEXT NOT NULL DEFAULT '[]',
  -- Elements the unit adds to the nine (JSON array, same shape as the instrument's) and the weight
  -- of each element by key (JSON object; empty = 1/n each). Fixed once the first answer is stored.
  extra_elements TEXT NOT NULL DEFAULT '[]',
  weights TEXT NOT NULL DEFAULT '{}',
  -- Service users in the period (optional): the required sample follows from it (Krejcie–Morgan).
  population INTEGER CHECK (population IS NULL OR population >= 1),
  min_group_size INTEGER NOT NULL DEFAULT 5 CHECK (min_group_size >= 3),
  -- The unguessable code of the open link /k/<code>.
  code TEXT NOT NULL UNIQUE,
  closed_at TEXT,
  created_at TEXT NOT NULL
);

-- Paper forms typed into a file and imported all or nothing (undone by batch).
CREATE TABLE skm_import_batches (
  id INTEGER PRIMARY KEY,
  round_id INTEGER NOT NULL REFERENCES skm_rounds(id) ON DELETE CASCADE,
  file_name TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  row_count INTEGER NOT NULL,
  imported_by TEXT NOT NULL,
  imported_at TEXT NOT NULL,
  UNIQUE (round_id, sha256)
);

-- One row per questionnaire. Random ids, so the row order says nothing about who came when.
CREATE TABLE skm_responses (
  id INTEGER PRIMARY KEY,
  round_id INTEGER NOT NULL REFERENCES skm_rounds(id) ON DELETE CASCADE,
  channel TEXT NOT NULL CHECK (channel IN ('online', 'kiosk', 'paper')),
  -- One byte per element in the round's element order, 1–4, 0 = no answer.
  answers BLOB NOT NULL,
  gender TEXT CHECK (gender IS NULL OR gender IN ('male', 'female')),
  age INTEGER CHECK (age IS NULL OR age BETWEEN 10 AND 120),
  education TEXT,
  occupation TEXT,
  service TEXT,
  submitted_on TEXT NOT NULL,
  day_part TEXT CHECK (day_part IS NULL OR day_part IN ('morning', 'afternoon')),
  batch_id INTEGER REFERENCES skm_import_batches(id) ON DELETE CASCADE
);
CREATE INDEX skm_responses_round ON skm_responses (round_id);

-- Suggestions and complaints, stored apart from the answers (no link to the questionnaire).
CREATE TABLE skm_suggestions (
  id INTEGER PRIMARY KEY,
  round_id INTEGER NOT NULL REFERENCES skm_rounds(id) ON DELETE CASCADE,
  text TEXT NOT NULL,
  batch_id INTEGER REFERENCES skm_import_batches(id) ON DELETE CASCADE
);
CREATE INDEX skm_suggestions_round ON skm_suggestions (round_id);

-- A retried submission (double click, network retry) is stored once: the SHA-256 of the form's
-- idempotency key, per round. Holds no answer and no time.
CREATE TABLE skm_submission_keys (
  round_id INTEGER NOT NULL REFERENCES skm_rounds(id) ON DELETE CASCADE,
  key_hash TEXT NOT NULL,
  PRIMARY KEY (round_id, key_hash)
) WITHOUT ROWID;
