-- Results are released in batches. While a round is open, new answers join the results only
-- once at least the round's minimum group size of them have arrived; otherwise comparing the
-- report before and after one employee's roster status turns "completed" would reveal their
-- answers (and comment) by subtraction. NULL = stored but not yet released.
ALTER TABLE responses ADD COLUMN release INTEGER;
ALTER TABLE comments ADD COLUMN release INTEGER;
-- What was stored before this migration was already visible in reports.
UPDATE responses SET release = 1;
UPDATE comments SET release = 1;
-- (no index on release: the release check scans the round's responses once per report, while an index would cost every submission a page write)
