-- Paper questionnaires: the uploads waiting between preview and confirm, and the rows an import
-- left out. Forward-only: never edit once merged.

-- An uploaded paper CSV between the preview and the confirm step. The preview page must carry the
-- file to the confirm step without client-side JavaScript; re-uploading it would let a different
-- file be confirmed than the one previewed. Kept here rather than in a temp directory: it survives
-- a restart, needs no second location to back up, clean or secure, and is in the same
-- transaction as the import that consumes it. Keyed by the SHA-256 of the content, so the confirm
-- form carries only the hash; rows older than a day are deleted on every upload (they hold
-- answers and comments, so they are not kept longer than the preview needs).
CREATE TABLE pending_imports (
  round_id INTEGER NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
  sha256 TEXT NOT NULL,
  file_name TEXT NOT NULL,
  content BLOB NOT NULL,
  uploaded_by TEXT NOT NULL,
  uploaded_at TEXT NOT NULL,
  PRIMARY KEY (round_id, sha256)
);

-- The rows of a batch imported with "skip invalid rows", as typed plus the reason, as a CSV file:
-- no row is dropped without a trace, even when the rejects file the analyst downloaded is lost.
-- Goes with its batch when the batch is undone.
CREATE TABLE import_rejects (
  batch_id INTEGER PRIMARY KEY REFERENCES import_batches(id) ON DELETE CASCADE,
  row_count INTEGER NOT NULL,
  content BLOB NOT NULL
);
