-- Scheduled maintenance: each tenant's audit-log retention, and a daily usage rollup
-- the dashboard can chart.

ALTER TABLE tenants ADD COLUMN audit_retention_days integer NOT NULL DEFAULT 365
  CONSTRAINT tenants_audit_retention_days_range CHECK (audit_retention_days BETWEEN 1 AND 3650);

CREATE TABLE tenant_usage_daily (
  tenant_id     uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  day           date NOT NULL,
  users         integer NOT NULL,
  active_users  integer NOT NULL,
  api_requests  bigint NOT NULL,
  computed_at   timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, day)
);

ALTER TABLE tenant_usage_daily ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenant_usage_daily FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON tenant_usage_daily TO sentinel_app
  USING (tenant_id = (SELECT app_tenant())) WITH CHECK (tenant_id = (SELECT app_tenant()));

REVOKE ALL ON tenant_usage_daily FROM PUBLIC;
-- Tenants read their usage; only maintenance (platform role) writes it.
GRANT SELECT ON tenant_usage_daily TO sentinel_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON tenant_usage_daily TO sentinel_platform;
