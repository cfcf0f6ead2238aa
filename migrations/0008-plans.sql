-- Strategy: plans built from a diagnosis. One plan per organisation and period; every element
-- can say which measured gap it answers (dimension codes of the linked rounds' instrument).
-- The indicator measurement and periodic evaluation add columns and tables to these.

CREATE TABLE plans (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  organisation TEXT NOT NULL DEFAULT '',
  -- A year (2027–2027) or a multi-year Renstra period (2025–2029).
  start_year INTEGER NOT NULL CHECK (start_year BETWEEN 2000 AND 2100),
  end_year INTEGER NOT NULL CHECK (end_year BETWEEN start_year AND start_year + 10),
  vision_id TEXT NOT NULL DEFAULT '',
  vision_en TEXT NOT NULL DEFAULT '',
  -- One mission statement per line.
  mission_id TEXT NOT NULL DEFAULT '',
  mission_en TEXT NOT NULL DEFAULT '',
  values_id TEXT NOT NULL DEFAULT '',
  values_en TEXT NOT NULL DEFAULT '',
  -- Settings: perspective codes top to bottom on the map (JSON array), the margin by which progress
  -- may trail the time elapsed before an action is "behind", and the number of actions running at
  -- once above which a person is flagged as overloaded.
  perspective_order TEXT NOT NULL,
  behind_margin REAL NOT NULL DEFAULT 15 CHECK (behind_margin BETWEEN 0 AND 100),
  load_limit INTEGER NOT NULL DEFAULT 3 CHECK (load_limit >= 1),
  signatory_name TEXT NOT NULL DEFAULT '',
  signatory_position TEXT NOT NULL DEFAULT '',
  signatory_nip TEXT NOT NULL DEFAULT '',
  signed_place TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

-- The diagnosis behind a plan: one baseline round, later rounds for evaluation.
CREATE UNIQUE INDEX plans_one_per_period ON plans (organisation COLLATE NOCASE, start_year, end_year);

CREATE TABLE plan_rounds (
  plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
  round_id INTEGER NOT NULL REFERENCES rounds(id),
  purpose TEXT NOT NULL CHECK (purpose IN ('baseline', 'evaluation')),
  PRIMARY KEY (plan_id, round_id)
);
CREATE UNIQUE INDEX plan_rounds_one_baseline ON plan_rounds (plan_id) WHERE purpose = 'baseline';

-- Leadership aspirations, one record per interview. Themes: JSON [{"text": …, "perspectives": [codes]}].
CREATE TABLE aspirations (
  id INTEGER PRIMARY KEY,
  plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
  interviewee TEXT NOT NULL,
  position TEXT NOT NULL DEFAULT '',
  interviewed_on TEXT,
  notes TEXT NOT NULL DEFAULT '',
  themes TEXT NOT NULL DEFAULT '[]',
  created_at TEXT NOT NULL
);

-- Situation analysis. Strengths and weaknesses from the diagnosis keep their dimension code; their
-- figures are read from the round's report each time, never copied.
CREATE TABLE swot_entries (
  id INTEGER PRIMARY KEY,
  plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('strength', 'weakness', 'opportunity', 'threat')),
  text TEXT NOT NULL,
  dimension_code TEXT,
  position INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX swot_entries_one_per_dimension ON swot_entries (plan_id, dimension_code) WHERE dimension_code IS NOT NULL;

-- TOWS strategy options (SO, WO, ST, WT), each citing the factors it uses.
CREATE TABLE strategy_options (
  id INTEGER PRIMARY KEY,
  plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
  quadrant TEXT NOT NULL CHECK (quadrant IN ('SO', 'WO', 'ST', 'WT')),
  code TEXT NOT NULL,
  text TEXT NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (plan_id, code)
);
CREATE TABLE strategy_option_factors (
  option_id INTEGER NOT NULL REFERENCES strategy_options(id) ON DELETE CASCADE,
  entry_id INTEGER NOT NULL REFERENCES swot_entries(id) ON DELETE CASCADE,
  PRIMARY KEY (option_id, entry_id)
);

-- Strategic objectives (sasaran strategis).
CREATE TABLE objectives (
  id INTEGER PRIMARY KEY,
  plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
  perspective_code TEXT NOT NULL,
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  name_en TEXT NOT NULL DEFAULT '',
  description TEXT NOT NULL DEFAULT '',
  position INTEGER NOT NULL DEFAULT 0,
  -- Set when the objective began as starter content for a focus area.
  starter_key TEXT,
  created_at TEXT NOT NULL,
  UNIQUE (plan_id, code)
);
CREATE TABLE objective_dimensions (
  objective_id INTEGER NOT NULL REFERENCES objectives(id) ON DELETE CASCADE,
  dimension_code TEXT NOT NULL,
  PRIMARY KEY (objective_id, dimension_code)
);
CREATE TABLE objective_options (
  objective_id INTEGER NOT NULL REFERENCES objectives(id) ON DELETE CASCADE,
  option_id INTEGER NOT NULL REFERENCES strategy_options(id) ON DELETE CASCADE,
  PRIMARY KEY (objective_id, option_id)
);
-- Cause → effect on the strategy map; the service refuses a link that closes a cycle.
CREATE TABLE objective_links (
  cause_id INTEGER NOT NULL REFERENCES objectives(id) ON DELETE CASCADE,
  effect_id INTEGER NOT NULL REFERENCES objectives(id) ON DELETE CASCADE,
  PRIMARY KEY (cause_id, effect_id),
  CHECK (cause_id <> effect_id)
);
CREATE INDEX objective_links_effect ON objective_links (effect_id);

-- Indicators an objective is measured by (IKU). Here only what a planner drafts; measurement
-- (polarity, frequency, periods, realisations) is added by the monitoring schema.
CREATE TABLE indicators (
  id INTEGER PRIMARY KEY,
  objective_id INTEGER NOT NULL REFERENCES objectives(id) ON DELETE CASCADE,
  code TEXT NOT NULL DEFAULT '',
  name TEXT NOT NULL,
  unit TEXT NOT NULL DEFAULT '',
  target REAL,
  position INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL
);

-- Starter content the planner has taken or discarded, so it is offered once.
CREATE TABLE plan_starters (
  plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
  starter_key TEXT NOT NULL,
  decision TEXT NOT NULL CHECK (decision IN ('accepted', 'discarded')),
  decided_at TEXT NOT NULL,
  PRIMARY KEY (plan_id, starter_key)
);

-- The people who can carry actions. One directory for the organisation; a contributor account
-- is linked to its person and may update the actions that person is in charge of.
CREATE TABLE people (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  position TEXT NOT NULL DEFAULT '',
  unit TEXT NOT NULL DEFAULT '',
  nip TEXT UNIQUE,
  email TEXT,
  user_id INTEGER UNIQUE REFERENCES users(id) ON DELETE SET NULL,
  created_at TEXT NOT NULL
);

-- Action plans (rencana aksi).
CREATE TABLE actions (
  id INTEGER PRIMARY KEY,
  objective_id INTEGER NOT NULL REFERENCES objectives(id) ON DELETE CASCADE,
  title TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  -- The measurable target: what is counted, how much, in what unit, by when.
  target_indicator TEXT NOT NULL DEFAULT '',
  target_value REAL,
  target_unit TEXT NOT NULL DEFAULT '',
  due_on TEXT NOT NULL,
  pic_id INTEGER NOT NULL REFERENCES people(id),
  horizon TEXT NOT NULL CHECK (horizon IN ('short_term', 'continuous')),
  starts_on TEXT NOT NULL,
  ends_on TEXT NOT NULL CHECK (ends_on >= starts_on),
  -- Quarters it runs in (TW I–IV) as a bit set: 1 = TW I, 2 = TW II, 4 = TW III, 8 = TW IV.
  quarters INTEGER NOT NULL DEFAULT 0 CHECK (quarters BETWEEN 0 AND 15),
  budget INTEGER CHECK (budget >= 0),
  budget_code TEXT NOT NULL DEFAULT '',
  position INTEGER NOT NULL DEFAULT 0,
  cancelled_on TEXT,
  cancel_reason TEXT,
  created_at TEXT NOT NULL,
  CHECK ((cancelled_on IS NULL) = (cancel_reason IS NULL))
);
CREATE INDEX actions_objective ON actions (objective_id);
CREATE INDEX actions_pic ON actions (pic_id);
CREATE TABLE action_members (
  action_id INTEGER NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
  person_id INTEGER NOT NULL REFERENCES people(id),
  PRIMARY KEY (action_id, person_id)
);
CREATE TABLE milestones (
  id INTEGER PRIMARY KEY,
  action_id INTEGER NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
  title TEXT NOT NULL,
  due_on TEXT NOT NULL,
  done_on TEXT
);
-- Progress reports; the history is kept, the latest on or before a date counts.
CREATE TABLE progress_updates (
  id INTEGER PRIMARY KEY,
  action_id INTEGER NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
  reported_on TEXT NOT NULL,
  percent REAL CHECK (percent BETWEEN 0 AND 100),
  value REAL,
  note TEXT NOT NULL DEFAULT '',
  evidence_url TEXT,
  recorded_by TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  CHECK (percent IS NOT NULL OR value IS NOT NULL)
);
CREATE INDEX progress_updates_action ON progress_updates (action_id, reported_on);
