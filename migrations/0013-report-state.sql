-- The state of each round's report, so that a report is computed once per state and cached
-- (src/report/cache.ts). Forward-only: never edit once merged.
--
-- The versions are kept by triggers, so that no write path (the server, the command line in
-- another process, a future feature) can forget to change them; a reader compares them with the
-- versions its cached report was built at, in the same read transaction.
--
-- The round's row is kept when the round is deleted (no foreign key): a new round that is given
-- the same id continues from the old versions and never meets a report cached for the old one.
CREATE TABLE report_state (
  round_id INTEGER PRIMARY KEY,
  -- Changes with every write that changes anything the round's report shows: its released
  -- results, its waiting answers (counted), its settings and targets, its roster (the response rate).
  version INTEGER NOT NULL DEFAULT 0,
  -- Changes with every write that changes the released results or how they are analysed
  -- (releases, paper imports and their undo, settings, targets, the instrument), but not with a
  -- waiting answer or a roster change: the expensive pass over the answers is cached by this one.
  results_version INTEGER NOT NULL DEFAULT 0
);
INSERT INTO report_state (round_id, version, results_version) SELECT id, 1, 1 FROM rounds;

CREATE TRIGGER report_state_round_insert AFTER INSERT ON rounds BEGIN
  INSERT OR IGNORE INTO report_state (round_id) VALUES (NEW.id);
  UPDATE report_state SET version = version + 1, results_version = results_version + 1 WHERE round_id = NEW.id;
END;
-- Any setting: name, target, minimum group size (which groups may be shown), dates. (Round ids do not change.)
CREATE TRIGGER report_state_round_update AFTER UPDATE ON rounds BEGIN
  UPDATE report_state SET version = version + 1, results_version = results_version + 1 WHERE round_id = NEW.id;
END;
CREATE TRIGGER report_state_round_delete AFTER DELETE ON rounds BEGIN
  UPDATE report_state SET version = version + 1, results_version = results_version + 1 WHERE round_id = OLD.id;
END;

CREATE TRIGGER report_state_target_insert AFTER INSERT ON round_targets BEGIN
  UPDATE report_state SET version = version + 1, results_version = results_version + 1 WHERE round_id = NEW.round_id;
END;
CREATE TRIGGER report_state_target_update AFTER UPDATE ON round_targets BEGIN
  UPDATE report_state SET version = version + 1, results_version = results_version + 1 WHERE round_id = OLD.round_id;
  UPDATE report_state SET version = version + 1, results_version = results_version + 1 WHERE round_id = NEW.round_id AND NEW.round_id IS NOT OLD.round_id;
END;
CREATE TRIGGER report_state_target_delete AFTER DELETE ON round_targets BEGIN
  UPDATE report_state SET version = version + 1, results_version = results_version + 1 WHERE round_id = OLD.round_id;
END;

-- The report counts the roster (invited, response rate), not its statuses.
CREATE TRIGGER report_state_roster_insert AFTER INSERT ON roster_entries BEGIN
  UPDATE report_state SET version = version + 1 WHERE round_id = NEW.round_id;
END;
CREATE TRIGGER report_state_roster_move AFTER UPDATE OF round_id ON roster_entries WHEN OLD.round_id IS NOT NEW.round_id BEGIN
  UPDATE report_state SET version = version + 1 WHERE round_id = OLD.round_id;
  UPDATE report_state SET version = version + 1 WHERE round_id = NEW.round_id;
END;
CREATE TRIGGER report_state_roster_delete AFTER DELETE ON roster_entries BEGIN
  UPDATE report_state SET version = version + 1 WHERE round_id = OLD.round_id;
END;

-- Paper forms are written and undone with their batch, in the batch's transaction: the batch's
-- triggers change the versions once for all its forms. A trigger per form would cost a 1,000,000-form
-- import several seconds; the WHEN clauses below keep the responses' triggers to online answers
-- (one per submission) and to rows being released or already released.
CREATE TRIGGER report_state_batch_insert AFTER INSERT ON import_batches BEGIN
  UPDATE report_state SET version = version + 1, results_version = results_version + 1 WHERE round_id = NEW.round_id;
END;
CREATE TRIGGER report_state_batch_update AFTER UPDATE ON import_batches BEGIN
  UPDATE report_state SET version = version + 1, results_version = results_version + 1 WHERE round_id = OLD.round_id;
  UPDATE report_state SET version = version + 1, results_version = results_version + 1 WHERE round_id = NEW.round_id AND NEW.round_id IS NOT OLD.round_id;
END;
CREATE TRIGGER report_state_batch_delete AFTER DELETE ON import_batches BEGIN
  UPDATE report_state SET version = version + 1, results_version = results_version + 1 WHERE round_id = OLD.round_id;
END;

CREATE TRIGGER report_state_response_insert AFTER INSERT ON responses WHEN NEW.batch_id IS NULL BEGIN
  UPDATE report_state SET version = version + 1, results_version = results_version + (NEW.release IS NOT NULL) WHERE round_id = NEW.round_id;
END;
-- A release (release from NULL to a number), or any change to a released answer. Changes to a
-- waiting answer (its unit and grade blanked while it waits) change no report. This one runs for
-- every answer of a release, so its body is one UPDATE by primary key (a list of two round ids
-- there made a release of 300,000 answers take over a minute); an answer moved to another round
-- (which Potret never does) has a trigger of its own.
CREATE TRIGGER report_state_response_update AFTER UPDATE ON responses
  WHEN OLD.release IS NOT NULL OR NEW.release IS NOT NULL OR OLD.channel IS NOT NEW.channel
BEGIN
  UPDATE report_state SET version = version + 1, results_version = results_version + 1 WHERE round_id = NEW.round_id;
END;
CREATE TRIGGER report_state_response_move AFTER UPDATE OF round_id ON responses WHEN OLD.round_id IS NOT NEW.round_id BEGIN
  UPDATE report_state SET version = version + 1, results_version = results_version + 1 WHERE round_id = OLD.round_id;
  UPDATE report_state SET version = version + 1, results_version = results_version + 1 WHERE round_id = NEW.round_id;
END;
CREATE TRIGGER report_state_response_delete AFTER DELETE ON responses WHEN OLD.batch_id IS NULL BEGIN
  UPDATE report_state SET version = version + 1, results_version = results_version + 1 WHERE round_id = OLD.round_id;
END;

-- Instruments are never changed once added (answers follow their item order); should one be,
-- every round of it reports differently.
CREATE TRIGGER report_state_instrument_update AFTER UPDATE ON instruments BEGIN
  UPDATE report_state SET version = version + 1, results_version = results_version + 1
   WHERE round_id IN (SELECT id FROM rounds WHERE instrument_id = NEW.id);
END;
