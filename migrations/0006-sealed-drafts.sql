-- Drafts are sealed with a key derived from the personal link's token (AES-256-GCM, HKDF-SHA256),
-- so that neither the database nor any copy of it shows an employee's work in progress.
-- Forward-only: never edit once merged.
--
-- The drafts stored in clear until now cannot be sealed: the database has only each token's
-- hash, not the token. They are deleted (secure_delete overwrites their pages), and the employees
-- who had one go back from 'started' to 'invited', since 'started' means a saved draft exists.
-- Their links still work; they start the questionnaire again.
UPDATE roster_entries SET status = 'invited' WHERE status = 'started' AND id IN (SELECT roster_entry_id FROM drafts);
DELETE FROM drafts;
DROP TABLE drafts;

-- One sealed value per employee: version, salt, nonce, ciphertext of the page, the answers and
-- the comments padded to one length per instrument, and the GCM tag. Deleted in the transaction
-- that stores the anonymous response, and when the employee's link is re-issued.
CREATE TABLE drafts (
  roster_entry_id INTEGER PRIMARY KEY REFERENCES roster_entries(id) ON DELETE CASCADE,
  sealed BLOB NOT NULL
);
