-- Webhook endpoints (issue #16): where a tenant's admins want to hear about events. Each
-- endpoint has a signing secret (Standard Webhooks, `whsec_<base64>`) sealed with
-- AES-256-GCM under the server's webhook key, bound to the tenant and endpoint ids (never
-- in clear). Rotating keeps the previous secret until previous_secret_expires_at, so
-- receivers can switch over: both signatures are sent meanwhile.
-- The canonical policy set is packages/platform/src/tenancy/wall.ts (keep in step).

CREATE TABLE webhook_endpoints (
  tenant_id                   uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id                          uuid NOT NULL DEFAULT gen_random_uuid(),
  url                         text NOT NULL CHECK (length(url) BETWEEN 1 AND 2000),
  description                 text NOT NULL DEFAULT '' CHECK (length(description) <= 500),
  event_types                 text[] NOT NULL,
  enabled                     boolean NOT NULL DEFAULT true,
  secret_sealed               text NOT NULL,
  previous_secret_sealed      text,
  previous_secret_expires_at  timestamptz(3),
  created_by                  uuid,
  rotated_at                  timestamptz(3),
  created_at                  timestamptz(3) NOT NULL DEFAULT now(),
  updated_at                  timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  CHECK ((previous_secret_sealed IS NULL) = (previous_secret_expires_at IS NULL))
);
CREATE INDEX webhook_endpoints_tenant_id_created_at_id_idx ON webhook_endpoints (tenant_id, created_at, id);

ALTER TABLE webhook_endpoints ENABLE ROW LEVEL SECURITY;
ALTER TABLE webhook_endpoints FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON webhook_endpoints TO sentinel_app
  USING (tenant_id = (SELECT app_tenant())) WITH CHECK (tenant_id = (SELECT app_tenant()));

REVOKE ALL ON webhook_endpoints FROM PUBLIC;
GRANT SELECT, INSERT, UPDATE, DELETE ON webhook_endpoints TO sentinel_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON webhook_endpoints TO sentinel_platform;
