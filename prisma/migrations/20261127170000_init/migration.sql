-- Sentinel initial schema: tenants, users, refresh tokens, audit logs, and the
-- tenant wall (roles + Row-Level Security).
--
-- Run as the migration/owner role (owns every object, CREATEROLE, BYPASSRLS; never
-- used by a running service). Creates two NOLOGIN roles that scripts/migrate.ts
-- later gives LOGIN and a password from configuration:
--   sentinel_app       serves tenant traffic; owns nothing; subject to RLS
--   sentinel_platform  cross-tenant work (platform admin, controller, maintenance); BYPASSRLS

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'sentinel_app') THEN
    CREATE ROLE sentinel_app NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS NOINHERIT;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'sentinel_platform') THEN
    CREATE ROLE sentinel_platform NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE BYPASSRLS NOINHERIT;
  END IF;
END
$$;

-- Defaults so that one slow request cannot hold a connection or a lock for long;
-- the pools also set these per connection from configuration.
ALTER ROLE sentinel_app SET statement_timeout = '5s';
ALTER ROLE sentinel_app SET idle_in_transaction_session_timeout = '10s';
ALTER ROLE sentinel_app SET lock_timeout = '2s';
ALTER ROLE sentinel_platform SET statement_timeout = '60s';
ALTER ROLE sentinel_platform SET idle_in_transaction_session_timeout = '60s';

-- Tenant context. STABLE so the planner may evaluate it once per query; policies
-- wrap it as (SELECT app_tenant()) so it becomes an initPlan, not a per-row call.
-- An unset or empty setting yields NULL, and `tenant_id = NULL` matches nothing.
CREATE FUNCTION app_tenant() RETURNS uuid
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT nullif(current_setting('app.tenant_id', true), '')::uuid $$;

-- Used only by login and token refresh, which know a tenant's slug before its id.
CREATE FUNCTION app_tenant_slug() RETURNS text
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT nullif(current_setting('app.tenant_slug', true), '') $$;

CREATE TYPE "Plan" AS ENUM ('free', 'pro', 'enterprise');
CREATE TYPE "TenantStatus" AS ENUM ('active', 'suspended');
CREATE TYPE "UserRole" AS ENUM ('platform_admin', 'tenant_admin', 'member');

CREATE TABLE tenants (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  slug          text NOT NULL,
  display_name  text NOT NULL,
  plan          "Plan" NOT NULL DEFAULT 'free',
  status        "TenantStatus" NOT NULL DEFAULT 'active',
  created_at    timestamptz(3) NOT NULL DEFAULT now(),
  updated_at    timestamptz(3) NOT NULL DEFAULT now(),
  CONSTRAINT tenants_slug_format CHECK (slug ~ '^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$'),
  CONSTRAINT tenants_display_name_length CHECK (char_length(display_name) BETWEEN 1 AND 200)
);
CREATE UNIQUE INDEX tenants_slug_key ON tenants (slug);
CREATE INDEX tenants_created_at_id_idx ON tenants (created_at, id);

CREATE TABLE users (
  tenant_id      uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id             uuid NOT NULL DEFAULT gen_random_uuid(),
  email          text NOT NULL,
  display_name   text NOT NULL,
  role           "UserRole" NOT NULL DEFAULT 'member',
  password_hash  text,
  created_at     timestamptz(3) NOT NULL DEFAULT now(),
  updated_at     timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  CONSTRAINT users_email_lowercase CHECK (email = lower(email)),
  CONSTRAINT users_email_length CHECK (char_length(email) BETWEEN 3 AND 254),
  CONSTRAINT users_display_name_length CHECK (char_length(display_name) BETWEEN 1 AND 200)
);
CREATE UNIQUE INDEX users_tenant_id_email_key ON users (tenant_id, email);
CREATE INDEX users_tenant_id_created_at_id_idx ON users (tenant_id, created_at, id);

CREATE TABLE refresh_tokens (
  tenant_id   uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id          uuid NOT NULL DEFAULT gen_random_uuid(),
  user_id     uuid NOT NULL,
  family_id   uuid NOT NULL,
  token_hash  text NOT NULL,
  expires_at  timestamptz(3) NOT NULL,
  rotated_at  timestamptz(3),
  revoked_at  timestamptz(3),
  created_at  timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX refresh_tokens_tenant_id_family_id_idx ON refresh_tokens (tenant_id, family_id);
CREATE INDEX refresh_tokens_tenant_id_user_id_idx ON refresh_tokens (tenant_id, user_id);

CREATE TABLE audit_logs (
  tenant_id    uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id           uuid NOT NULL DEFAULT gen_random_uuid(),
  actor_id     uuid,
  action       text NOT NULL,
  target_type  text NOT NULL,
  target_id    text,
  changes      jsonb NOT NULL DEFAULT '{}',
  request_id   text,
  client_ip    text,
  created_at   timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX audit_logs_tenant_id_created_at_id_idx ON audit_logs (tenant_id, created_at, id);
CREATE INDEX audit_logs_tenant_id_actor_id_created_at_idx ON audit_logs (tenant_id, actor_id, created_at);
CREATE INDEX audit_logs_tenant_id_target_id_idx ON audit_logs (tenant_id, target_id);
-- Platform admins page through every tenant's audit log by time.
CREATE INDEX audit_logs_created_at_id_idx ON audit_logs (created_at, id);

-- The tenant wall. FORCE makes the policies apply to the table owner too; only
-- roles with BYPASSRLS (sentinel_platform, the owner) see across tenants.
ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenants FORCE ROW LEVEL SECURITY;
ALTER TABLE users ENABLE ROW LEVEL SECURITY;
ALTER TABLE users FORCE ROW LEVEL SECURITY;
ALTER TABLE refresh_tokens ENABLE ROW LEVEL SECURITY;
ALTER TABLE refresh_tokens FORCE ROW LEVEL SECURITY;
ALTER TABLE audit_logs ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_logs FORCE ROW LEVEL SECURITY;

-- Policies name sentinel_app explicitly (not PUBLIC): a role confined by its own
-- identity (per-tenant direct-access roles) must never inherit a policy that a
-- session setting can steer.
CREATE POLICY tenant_self ON tenants FOR SELECT TO sentinel_app
  USING (id = (SELECT app_tenant()) OR slug = (SELECT app_tenant_slug()));
CREATE POLICY tenant_isolation ON users TO sentinel_app
  USING (tenant_id = (SELECT app_tenant())) WITH CHECK (tenant_id = (SELECT app_tenant()));
CREATE POLICY tenant_isolation ON refresh_tokens TO sentinel_app
  USING (tenant_id = (SELECT app_tenant())) WITH CHECK (tenant_id = (SELECT app_tenant()));
CREATE POLICY tenant_isolation ON audit_logs TO sentinel_app
  USING (tenant_id = (SELECT app_tenant())) WITH CHECK (tenant_id = (SELECT app_tenant()));

-- Least privilege. The app role reads its tenant, manages users and tokens, and
-- may only append to the audit log.
REVOKE ALL ON tenants, users, refresh_tokens, audit_logs FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO sentinel_app, sentinel_platform;
GRANT SELECT ON tenants TO sentinel_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON users, refresh_tokens TO sentinel_app;
GRANT SELECT, INSERT ON audit_logs TO sentinel_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON tenants, users, refresh_tokens, audit_logs TO sentinel_platform;

-- The platform's own tenant: platform admins are its users. Reserved; the API
-- refuses to modify or delete it.
INSERT INTO tenants (id, slug, display_name, plan)
VALUES ('00000000-0000-4000-8000-000000000000', 'platform', 'Sentinel platform', 'enterprise');
