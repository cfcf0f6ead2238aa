-- Settings of the installation as a whole, chosen on screen rather than in the environment: the
-- public address personal links use (asked at /setup; POTRET_BASE_URL still wins when set).
CREATE TABLE app_settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

-- What employees read before and after answering: who runs the survey, whom to ask, and when the
-- results will be shared. All optional; the organiser falls back to the organisation profile.
ALTER TABLE rounds ADD COLUMN organiser TEXT;
ALTER TABLE rounds ADD COLUMN contact TEXT;
ALTER TABLE rounds ADD COLUMN results_on TEXT; -- YYYY-MM-DD
