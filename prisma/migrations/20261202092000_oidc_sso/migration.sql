-- OpenID Connect single sign-on (issue #15). One identity provider per tenant, configured by
-- its admins: the client secret is sealed with AES-256-GCM under SSO_ENCRYPTION_KEY, bound to
-- the tenant (never in clear). People are linked to users by the provider's (issuer, subject),
-- never by email alone. Sessions remember how they started, so a refresh applies the rules of
-- that sign-in (an SSO session is not asked to enrol TOTP; "SSO required" ends members'
-- password sessions).
-- The canonical policy set is packages/platform/src/tenancy/wall.ts (keep in step).

CREATE TABLE tenant_sso (
  tenant_id             uuid PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
  issuer                text NOT NULL CHECK (length(issuer) BETWEEN 1 AND 2000),
  client_id             text NOT NULL CHECK (length(client_id) BETWEEN 1 AND 500),
  client_secret_sealed  text NOT NULL,
  allowed_domains       text[] NOT NULL DEFAULT '{}',
  default_role          text NOT NULL DEFAULT 'member' CHECK (default_role IN ('member', 'tenant_admin')),
  enabled               boolean NOT NULL DEFAULT true,
  sso_required          boolean NOT NULL DEFAULT false,
  updated_by            uuid,
  created_at            timestamptz(3) NOT NULL DEFAULT now(),
  updated_at            timestamptz(3) NOT NULL DEFAULT now()
);

CREATE TABLE user_identities (
  tenant_id        uuid NOT NULL,
  id               uuid NOT NULL DEFAULT gen_random_uuid(),
  user_id          uuid NOT NULL,
  issuer           text NOT NULL,
  subject          text NOT NULL,
  email            text,
  created_at       timestamptz(3) NOT NULL DEFAULT now(),
  last_sign_in_at  timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, issuer, subject),
  FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX user_identities_user_idx ON user_identities (tenant_id, user_id);

ALTER TABLE tenant_sso ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenant_sso FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON tenant_sso TO sentinel_app
  USING (tenant_id = (SELECT app_tenant())) WITH CHECK (tenant_id = (SELECT app_tenant()));
ALTER TABLE user_identities ENABLE ROW LEVEL SECURITY;
ALTER TABLE user_identities FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON user_identities TO sentinel_app
  USING (tenant_id = (SELECT app_tenant())) WITH CHECK (tenant_id = (SELECT app_tenant()));

REVOKE ALL ON tenant_sso FROM PUBLIC;
REVOKE ALL ON user_identities FROM PUBLIC;
GRANT SELECT, INSERT, UPDATE, DELETE ON tenant_sso TO sentinel_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON tenant_sso TO sentinel_platform;
GRANT SELECT, INSERT, UPDATE, DELETE ON user_identities TO sentinel_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON user_identities TO sentinel_platform;

-- How the session (refresh-token family) began; each rotation carries it forward.
ALTER TABLE refresh_tokens ADD COLUMN method text NOT NULL DEFAULT 'password' CHECK (method IN ('password', 'sso'));
