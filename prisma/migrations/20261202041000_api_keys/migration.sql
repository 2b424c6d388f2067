-- API keys (issue #15): a tenant's service principals. A key is looked up by
-- (tenant_id, id), both carried in the key itself, so verifying one is a primary-key
-- read under the tenant's RLS like every other tenant request. Only a keyed hash
-- (HMAC-SHA-256 with the server's pepper) of the secret is stored.
-- The canonical policy set is packages/platform/src/tenancy/wall.ts (keep in step).

CREATE TABLE api_keys (
  tenant_id     uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id            uuid NOT NULL DEFAULT gen_random_uuid(),
  name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  scopes        text[] NOT NULL,
  secret_hash   text NOT NULL,
  created_by    uuid,
  expires_at    timestamptz(3),
  last_used_at  timestamptz(3),
  revoked_at    timestamptz(3),
  rotated_at    timestamptz(3),
  created_at    timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX api_keys_tenant_id_created_at_id_idx ON api_keys (tenant_id, created_at, id);

ALTER TABLE api_keys ENABLE ROW LEVEL SECURITY;
ALTER TABLE api_keys FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON api_keys TO sentinel_app
  USING (tenant_id = (SELECT app_tenant())) WITH CHECK (tenant_id = (SELECT app_tenant()));

REVOKE ALL ON api_keys FROM PUBLIC;
-- Keys are revoked, never deleted by the API: the audit log keeps naming them.
GRANT SELECT, INSERT, UPDATE ON api_keys TO sentinel_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON api_keys TO sentinel_platform;

-- Who acted: a user (actor_id is a user id) or an API key (actor_id is the key id).
ALTER TABLE audit_logs ADD COLUMN actor_kind text NOT NULL DEFAULT 'user' CHECK (actor_kind IN ('user', 'api_key'));
