-- Monitoring: indicators measured every period against their targets, the budget and its
-- absorption, and periods that are closed once reported. Formulas live in src/monitoring/.

-- Indicators (IKU) gain what measurement needs. `target` (0008) is the annual target.
ALTER TABLE indicators ADD COLUMN definition TEXT NOT NULL DEFAULT '';
ALTER TABLE indicators ADD COLUMN formula TEXT NOT NULL DEFAULT '';
ALTER TABLE indicators ADD COLUMN polarity TEXT NOT NULL DEFAULT 'maximize' CHECK (polarity IN ('maximize', 'minimize', 'range'));
-- The bounds of a range target (polarity 'range'); null otherwise.
ALTER TABLE indicators ADD COLUMN lower_bound REAL;
ALTER TABLE indicators ADD COLUMN upper_bound REAL;
ALTER TABLE indicators ADD COLUMN frequency TEXT NOT NULL DEFAULT 'quarterly' CHECK (frequency IN ('monthly', 'quarterly', 'semester', 'annual'));
-- How the periods of a year add up to the year-to-date and annual realisation.
ALTER TABLE indicators ADD COLUMN consolidation TEXT NOT NULL DEFAULT 'last' CHECK (consolidation IN ('sum', 'average', 'last'));
ALTER TABLE indicators ADD COLUMN baseline REAL;
-- Weight within its objective in percent; null for every indicator of an objective = equal weights.
ALTER TABLE indicators ADD COLUMN weight REAL CHECK (weight IS NULL OR (weight >= 0 AND weight <= 100));
ALTER TABLE indicators ADD COLUMN pic_id INTEGER REFERENCES people(id);
ALTER TABLE indicators ADD COLUMN data_source TEXT NOT NULL DEFAULT '';
-- Where the realisation comes from: typed in ('entered'), a survey round linked to the plan
-- ('survey': source_level dimension|perspective, source_code, source_measure mean|favourable_share),
-- or budget absorption ('absorption': source_code a spending type, null = the whole budget).
ALTER TABLE indicators ADD COLUMN source TEXT NOT NULL DEFAULT 'entered' CHECK (source IN ('entered', 'survey', 'absorption'));
ALTER TABLE indicators ADD COLUMN source_level TEXT CHECK (source_level IS NULL OR source_level IN ('dimension', 'perspective'));
ALTER TABLE indicators ADD COLUMN source_code TEXT;
ALTER TABLE indicators ADD COLUMN source_measure TEXT CHECK (source_measure IS NULL OR source_measure IN ('mean', 'favourable_share'));

-- Periods are written 2027-01 … 2027-12 (monthly), 2027-Q1 … Q4, 2027-S1, S2 and 2027 (annual).
CREATE TABLE indicator_targets (
  indicator_id INTEGER NOT NULL REFERENCES indicators(id) ON DELETE CASCADE,
  period TEXT NOT NULL,
  target REAL NOT NULL,
  PRIMARY KEY (indicator_id, period)
);

-- One realisation per indicator and period; every change is in the audit log with old → new.
CREATE TABLE realisations (
  indicator_id INTEGER NOT NULL REFERENCES indicators(id) ON DELETE CASCADE,
  period TEXT NOT NULL,
  value REAL NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  recorded_by TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  PRIMARY KEY (indicator_id, period)
);

-- Objective weight within its perspective in percent (null for all = equal).
ALTER TABLE objectives ADD COLUMN weight REAL CHECK (weight IS NULL OR (weight >= 0 AND weight <= 100));

-- Settings of the measurement (defaults that are practice, not rule; each one is labelled so on the settings page):
-- the index cap, the status thresholds, perspective weights (JSON {code: percent}; null = equal),
-- quarterly absorption targets (JSON {spending type: [TW I, II, III, IV]}; null = 15/40/60/90 for every type)
-- and the tolerance of the deviation from the disbursement plan (RPD).
ALTER TABLE plans ADD COLUMN index_cap REAL NOT NULL DEFAULT 120 CHECK (index_cap >= 100);
ALTER TABLE plans ADD COLUMN red_below REAL NOT NULL DEFAULT 80 CHECK (red_below >= 0);
ALTER TABLE plans ADD COLUMN green_from REAL NOT NULL DEFAULT 100 CHECK (green_from >= 0);
ALTER TABLE plans ADD COLUMN perspective_weights TEXT;
ALTER TABLE plans ADD COLUMN absorption_targets TEXT;
ALTER TABLE plans ADD COLUMN rpd_tolerance REAL NOT NULL DEFAULT 5 CHECK (rpd_tolerance >= 0);

-- A closed quarter (2027-Q2) freezes every realisation whose period ends inside it and the budget
-- months inside it. Only an administrator reopens one, with a reason (audit log).
CREATE TABLE period_closures (
  plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
  period TEXT NOT NULL,
  closed_by TEXT NOT NULL,
  closed_at TEXT NOT NULL,
  PRIMARY KEY (plan_id, period)
);

-- Spending types (jenis belanja). The four of a typical work unit; more can be added.
CREATE TABLE spending_types (
  code TEXT PRIMARY KEY CHECK (length(code) = 2 AND code GLOB '[0-9][0-9]'),
  name_id TEXT NOT NULL,
  name_en TEXT NOT NULL,
  position INTEGER NOT NULL DEFAULT 0
);
INSERT INTO spending_types (code, name_id, name_en, position) VALUES
  ('51', 'Belanja Pegawai', 'Personnel', 1),
  ('52', 'Belanja Barang', 'Goods and services', 2),
  ('53', 'Belanja Modal', 'Capital', 3),
  ('57', 'Belanja Bantuan Sosial', 'Social assistance', 4);

-- The budget of a year (DIPA): ceiling (pagu) and blocked amount (blokir) per spending type, in whole rupiah.
CREATE TABLE budget_lines (
  plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
  year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  spending_type TEXT NOT NULL REFERENCES spending_types(code),
  pagu INTEGER NOT NULL CHECK (pagu > 0),
  blokir INTEGER NOT NULL DEFAULT 0 CHECK (blokir >= 0 AND blokir < pagu),
  PRIMARY KEY (plan_id, year, spending_type)
);

-- Per month: the disbursement plan (RPD, Halaman III DIPA) and the realisation of that month (not cumulative).
CREATE TABLE budget_months (
  plan_id INTEGER NOT NULL,
  year INTEGER NOT NULL,
  spending_type TEXT NOT NULL,
  month INTEGER NOT NULL CHECK (month BETWEEN 1 AND 12),
  planned INTEGER CHECK (planned IS NULL OR planned >= 0),
  realised INTEGER CHECK (realised IS NULL OR realised >= 0),
  PRIMARY KEY (plan_id, year, spending_type, month),
  FOREIGN KEY (plan_id, year, spending_type) REFERENCES budget_lines (plan_id, year, spending_type) ON DELETE CASCADE
);

-- The spending type an action's budget is drawn from, so action budgets add up beside the pagu.
ALTER TABLE actions ADD COLUMN spending_type TEXT REFERENCES spending_types(code);
