-- A failed job's stable error code (SENTINEL_...), beside failure_reason, the human
-- sentence its tenant's admins read. Neither ever holds an exception's own text: that
-- goes to the worker's log, under the job id and trace id.
ALTER TABLE jobs ADD COLUMN failure_code text;
