-- The audit log: who did what to which round, for every action of analysts and administrators
-- that could bear on the employees' anonymity (closing, reopening, settings, roster and link
-- changes, paper imports and undos, downloads of results, accounts, tokens, backups).
-- Forward-only: never edit once merged.
--
-- What never goes in: employees' answers, comments, personal links or tokens, and nothing that
-- employees do (opening, saving or submitting the questionnaire); see src/audit/log.ts.
--
-- round_id has no foreign key on purpose: the record of what was done to a round must outlive
-- the round and anything else it names.
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  -- ISO 8601 in UTC; shown in the office's time zone.
  at TEXT NOT NULL,
  -- The username, or 'cli' for the command line.
  actor TEXT NOT NULL,
  -- A dotted code such as 'round.close'.
  action TEXT NOT NULL,
  round_id INTEGER,
  -- A JSON object with the facts of the action (counts, batch ids, changed settings).
  details TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(details) AND json_type(details) = 'object')
);

CREATE INDEX audit_log_round ON audit_log (round_id, id);

-- Append-only, enforced by the database itself and not only by the code: an administrator who
-- opens the file with sqlite3 cannot quietly rewrite or erase what was recorded. (Dropping the
-- triggers is still possible for whoever holds the file; copies and backups keep the history.)
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only: rows cannot be changed');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only: rows cannot be deleted');
END;

-- INSERT OR REPLACE deletes the row it replaces without firing the DELETE trigger (unless
-- recursive_triggers is on), so an insert onto an existing id is refused as well.
CREATE TRIGGER audit_log_no_replace BEFORE INSERT ON audit_log
WHEN EXISTS (SELECT 1 FROM audit_log WHERE id = NEW.id)
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only: rows cannot be replaced');
END;
