-- An employee number appears at most once on a round's roster. The roster service checks this
-- with a friendly message; the index makes it hold also when the CLI and the server write at once.
CREATE UNIQUE INDEX roster_entries_employee_no ON roster_entries(round_id, employee_no) WHERE employee_no IS NOT NULL;
