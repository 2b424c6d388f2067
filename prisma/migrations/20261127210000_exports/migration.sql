-- Audit-log exports: the worker streams a tenant's audit rows into chunks of at most
-- EXPORT_CHUNK_BYTES; the download streams them back in order. An export is a job
-- (jobs.id); its file lives here, under the same tenant wall.

CREATE TABLE export_chunks (
  tenant_id   uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  job_id      uuid NOT NULL,
  seq         integer NOT NULL,
  data        bytea NOT NULL,
  created_at  timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, job_id, seq),
  FOREIGN KEY (tenant_id, job_id) REFERENCES jobs (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX export_chunks_created_at_idx ON export_chunks (created_at);

ALTER TABLE export_chunks ENABLE ROW LEVEL SECURITY;
ALTER TABLE export_chunks FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON export_chunks TO sentinel_app
  USING (tenant_id = (SELECT app_tenant())) WITH CHECK (tenant_id = (SELECT app_tenant()));

REVOKE ALL ON export_chunks FROM PUBLIC;
GRANT SELECT, INSERT, DELETE ON export_chunks TO sentinel_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON export_chunks TO sentinel_platform;
