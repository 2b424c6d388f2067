-- Tenant jobs as their users see them (GET /api/v1/jobs). A row is written in the same
-- transaction as the change that asks for the job, so the request for work commits
-- with the work's reason; the BullMQ job id derives from the row id (idempotent
-- enqueue), and the worker keeps state, progress, attempts and failure up to date.

CREATE TABLE jobs (
  tenant_id       uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id              uuid NOT NULL DEFAULT gen_random_uuid(),
  name            text NOT NULL,
  payload         jsonb NOT NULL,
  state           text NOT NULL DEFAULT 'queued' CONSTRAINT jobs_state CHECK (state IN ('queued', 'active', 'completed', 'failed')),
  progress        jsonb NOT NULL DEFAULT '{}',
  attempts        integer NOT NULL DEFAULT 0,
  failure_reason  text,
  result          jsonb,
  created_by      uuid,
  created_at      timestamptz(3) NOT NULL DEFAULT now(),
  updated_at      timestamptz(3) NOT NULL DEFAULT now(),
  finished_at     timestamptz(3),
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX jobs_tenant_id_created_at_id_idx ON jobs (tenant_id, created_at, id);
CREATE INDEX jobs_created_at_id_idx ON jobs (created_at, id);

ALTER TABLE jobs ENABLE ROW LEVEL SECURITY;
ALTER TABLE jobs FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON jobs TO sentinel_app
  USING (tenant_id = (SELECT app_tenant())) WITH CHECK (tenant_id = (SELECT app_tenant()));

REVOKE ALL ON jobs FROM PUBLIC;
GRANT SELECT, INSERT, UPDATE ON jobs TO sentinel_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON jobs TO sentinel_platform;
