-- TOTP multi-factor authentication (issue #15). One row per user with an authenticator:
-- the TOTP secret sealed with AES-256-GCM under the server's MFA key (never in clear),
-- pending until the user confirms it with a code, the last time step spent (a code is
-- never accepted twice), and keyed hashes of the unused recovery codes. Tenant admins
-- require MFA for everyone or for admins through tenants.mfa_required.
-- The canonical policy set is packages/platform/src/tenancy/wall.ts (keep in step).

CREATE TABLE user_mfa (
  tenant_id        uuid NOT NULL,
  user_id          uuid NOT NULL,
  secret_sealed    text NOT NULL,
  confirmed_at     timestamptz(3),
  last_step        bigint,
  recovery_hashes  text[] NOT NULL DEFAULT '{}',
  created_at       timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, user_id),
  FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
);

ALTER TABLE user_mfa ENABLE ROW LEVEL SECURITY;
ALTER TABLE user_mfa FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON user_mfa TO sentinel_app
  USING (tenant_id = (SELECT app_tenant())) WITH CHECK (tenant_id = (SELECT app_tenant()));

REVOKE ALL ON user_mfa FROM PUBLIC;
GRANT SELECT, INSERT, UPDATE, DELETE ON user_mfa TO sentinel_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON user_mfa TO sentinel_platform;

ALTER TABLE tenants ADD COLUMN mfa_required text NOT NULL DEFAULT 'off' CHECK (mfa_required IN ('off', 'admins', 'all'));
-- Tenant admins set it for their own tenant, under the tenant_self_update policy.
GRANT UPDATE (mfa_required) ON tenants TO sentinel_app;
