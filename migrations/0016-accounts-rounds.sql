-- Accounts that can be managed and rounds that can be put away. Forward-only: never edit once merged.

-- A round put away: hidden from the list of rounds and from the choices to compare with, kept
-- whole (its report, downloads and audit entries stay). NULL = in use.
ALTER TABLE rounds ADD COLUMN archived_at TEXT;

-- A deactivated account cannot log in, and its sessions and API tokens were ended when it was
-- deactivated (src/auth/account-admin.ts). NULL = active. The row stays: the audit log and the
-- plans name its username.
ALTER TABLE users ADD COLUMN deactivated_at TEXT;

-- One-time links an administrator makes for a user who forgot their password. Only the SHA-256
-- of the link's token is stored (as for sessions and API tokens): the database alone opens no
-- link. A link is used once (used_at), expires, and is void once a newer one is made for the user.
CREATE TABLE password_resets (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  token_hash TEXT NOT NULL UNIQUE,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  used_at TEXT
);
CREATE INDEX password_resets_user ON password_resets(user_id);

-- Ending every session of a user (a password change, a deactivation) finds them by user.
CREATE INDEX sessions_user ON sessions(user_id);
CREATE INDEX api_tokens_user ON api_tokens(user_id);
