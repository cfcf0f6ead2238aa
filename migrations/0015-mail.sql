-- E-mail invitations and reminders (src/mail/). Forward-only: never edit once merged.
--
-- Nothing here holds a personal link, a token or a token's hash: the link exists in full only
-- in the message while it is being sent (src/mail/service.ts explains why). The sender's name and
-- address and the throttle are settings in app_settings (keys mail.*).

-- A round's own wording of its messages; a round without a row uses the default text.
-- 'chat' is the message text for employees without an e-mail address (pasted into a chat).
CREATE TABLE mail_templates (
  round_id INTEGER NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('invitation', 'reminder', 'chat')),
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (round_id, kind)
);

-- One "send" action: who asked for which messages, to whom (everyone without a link, everyone
-- not completed, or a selection). finished_at is set whenever its queue runs empty.
CREATE TABLE mail_batches (
  id INTEGER PRIMARY KEY,
  round_id INTEGER NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('invitation', 'reminder')),
  audience TEXT NOT NULL CHECK (audience IN ('missing', 'pending', 'selected')),
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  finished_at TEXT
);
CREATE INDEX mail_batches_round ON mail_batches(round_id);

-- One message and its outcome. `reply` is the SMTP server's answer (with any link cut out).
-- A message whose address was corrected is queued again in place (attempts counts the tries).
CREATE TABLE mail_messages (
  id INTEGER PRIMARY KEY,
  batch_id INTEGER NOT NULL REFERENCES mail_batches(id) ON DELETE CASCADE,
  round_id INTEGER NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
  roster_entry_id INTEGER NOT NULL REFERENCES roster_entries(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('invitation', 'reminder')),
  address TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sending', 'sent', 'refused', 'failed', 'skipped')),
  reply TEXT,
  attempts INTEGER NOT NULL DEFAULT 0,
  queued_at TEXT NOT NULL,
  claimed_at TEXT,
  finished_at TEXT
);
CREATE INDEX mail_messages_batch ON mail_messages(batch_id);
CREATE INDEX mail_messages_entry ON mail_messages(roster_entry_id);
CREATE INDEX mail_messages_waiting ON mail_messages(status) WHERE status IN ('queued', 'sending');
