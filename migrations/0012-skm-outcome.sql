-- migrate: foreign_keys off
-- The stakeholder satisfaction index (IKM) as an outcome of the plan: an indicator may be
-- computed from the published SKM rounds ('skm': source_code null = the index, or an element's
-- key = that element's converted value, NRR × 25), and a priority element of an SKM round may be
-- followed up by an action of a plan (skm_followups). Forward-only: never edit once merged.
--
-- SQLite cannot change a CHECK constraint, so indicators is rebuilt as 0007 rebuilt users (the
-- line above turns foreign keys off while it runs, so dropping the old table deletes no target or
-- realisation through ON DELETE CASCADE; ids are copied, so every target and realisation keeps its
-- indicator, and the runner checks that nothing points at nothing before it commits).
CREATE TABLE indicators_new (
  id INTEGER PRIMARY KEY,
  objective_id INTEGER NOT NULL REFERENCES objectives(id) ON DELETE CASCADE,
  code TEXT NOT NULL DEFAULT '',
  name TEXT NOT NULL,
  unit TEXT NOT NULL DEFAULT '',
  target REAL,
  position INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  definition TEXT NOT NULL DEFAULT '',
  formula TEXT NOT NULL DEFAULT '',
  polarity TEXT NOT NULL DEFAULT 'maximize' CHECK (polarity IN ('maximize', 'minimize', 'range')),
  lower_bound REAL,
  upper_bound REAL,
  frequency TEXT NOT NULL DEFAULT 'quarterly' CHECK (frequency IN ('monthly', 'quarterly', 'semester', 'annual')),
  consolidation TEXT NOT NULL DEFAULT 'last' CHECK (consolidation IN ('sum', 'average', 'last')),
  baseline REAL,
  weight REAL CHECK (weight IS NULL OR (weight >= 0 AND weight <= 100)),
  pic_id INTEGER REFERENCES people(id),
  data_source TEXT NOT NULL DEFAULT '',
  source TEXT NOT NULL DEFAULT 'entered' CHECK (source IN ('entered', 'survey', 'absorption', 'skm')),
  source_level TEXT CHECK (source_level IS NULL OR source_level IN ('dimension', 'perspective')),
  source_code TEXT,
  source_measure TEXT CHECK (source_measure IS NULL OR source_measure IN ('mean', 'favourable_share'))
);
INSERT INTO indicators_new (id, objective_id, code, name, unit, target, position, created_at, definition, formula, polarity, lower_bound, upper_bound, frequency, consolidation, baseline, weight, pic_id, data_source, source, source_level, source_code, source_measure)
  SELECT id, objective_id, code, name, unit, target, position, created_at, definition, formula, polarity, lower_bound, upper_bound, frequency, consolidation, baseline, weight, pic_id, data_source, source, source_level, source_code, source_measure FROM indicators;
DROP TABLE indicators;
ALTER TABLE indicators_new RENAME TO indicators;

-- A priority element of an SKM round made into an action of a plan (the report's follow-up
-- plan, rencana tindak lanjut): one action per element and round. The row goes with its action
-- (removing the action offers the follow-up again) and with its round.
CREATE TABLE skm_followups (
  round_id INTEGER NOT NULL REFERENCES skm_rounds(id) ON DELETE CASCADE,
  element_key TEXT NOT NULL,
  action_id INTEGER NOT NULL UNIQUE REFERENCES actions(id) ON DELETE CASCADE,
  created_at TEXT NOT NULL,
  PRIMARY KEY (round_id, element_key)
);
