-- Bulk user imports: the uploaded CSV is kept in chunks (so the worker can stream it
-- with flat memory) until the import job has run; per-row errors go to the job result.

CREATE TABLE job_inputs (
  tenant_id   uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  job_id      uuid NOT NULL,
  seq         integer NOT NULL,
  data        bytea NOT NULL,
  created_at  timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, job_id, seq),
  FOREIGN KEY (tenant_id, job_id) REFERENCES jobs (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX job_inputs_created_at_idx ON job_inputs (created_at);

ALTER TABLE job_inputs ENABLE ROW LEVEL SECURITY;
ALTER TABLE job_inputs FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON job_inputs TO sentinel_app
  USING (tenant_id = (SELECT app_tenant())) WITH CHECK (tenant_id = (SELECT app_tenant()));

REVOKE ALL ON job_inputs FROM PUBLIC;
GRANT SELECT, INSERT, DELETE ON job_inputs TO sentinel_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON job_inputs TO sentinel_platform;
