-- Files that belong to a job, stored in chunks behind the same tenant wall:
--   kind 'input'   an upload the job reads (a bulk-import CSV), streamed with flat memory
--   kind 'output'  a file the job writes (an audit-log export), streamed back to download
-- Chunks go with their job (ON DELETE CASCADE); scheduled maintenance purges old ones.

CREATE TABLE job_chunks (
  tenant_id   uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  job_id      uuid NOT NULL,
  kind        text NOT NULL CONSTRAINT job_chunks_kind CHECK (kind IN ('input', 'output')),
  seq         integer NOT NULL,
  data        bytea NOT NULL,
  created_at  timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, job_id, kind, seq),
  FOREIGN KEY (tenant_id, job_id) REFERENCES jobs (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX job_chunks_created_at_idx ON job_chunks (created_at);

ALTER TABLE job_chunks ENABLE ROW LEVEL SECURITY;
ALTER TABLE job_chunks FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON job_chunks TO sentinel_app
  USING (tenant_id = (SELECT app_tenant())) WITH CHECK (tenant_id = (SELECT app_tenant()));

REVOKE ALL ON job_chunks FROM PUBLIC;
GRANT SELECT, INSERT, DELETE ON job_chunks TO sentinel_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON job_chunks TO sentinel_platform;
