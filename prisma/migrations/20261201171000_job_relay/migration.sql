-- The job relay (services/scheduler/src/relay.ts) reads, every few seconds and across
-- tenants, the recorded jobs still `queued`, oldest first. A partial index keeps that
-- read proportional to the backlog rather than to the whole job history.
CREATE INDEX jobs_queued_updated_at_id_idx ON jobs (updated_at, id) WHERE state = 'queued';
