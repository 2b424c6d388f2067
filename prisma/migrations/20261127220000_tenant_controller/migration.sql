-- The Tenant controller (controllers/tenant): what it needs from the schema.
--
-- 1. A tenant row remembers the Kubernetes resource that owns it (resource_uid), so a
--    Tenant recreated with the same name never adopts or destroys the old one's data.
-- 2. deletionPolicy Retain keeps a deleted tenant's data: the row is marked deleted_at
--    and its slug is free for a new tenant (the unique index covers live rows only).
-- 3. limits.maxUsers.
-- 4. Direct database access: per-tenant LOGIN roles named sentinel_t_<tenant id hex>,
--    members of sentinel_direct. They are confined by their own identity: the policies
--    below compare tenant_id with direct_tenant(), which is derived from session_user.
--    SET ROLE, RESET ALL or set_config cannot change session_user; the membership is
--    granted WITH SET FALSE, so they cannot even SET ROLE sentinel_direct.
--
-- The canonical set of policies lives in packages/platform/src/tenancy/wall.ts; the
-- controller checks the database against it and repairs drift. Keep the two in step
-- (tests/wall.test.ts fails when they differ).

ALTER TABLE tenants ADD COLUMN resource_uid text;
ALTER TABLE tenants ADD COLUMN deleted_at timestamptz(3);
ALTER TABLE tenants ADD COLUMN max_users integer CONSTRAINT tenants_max_users_positive CHECK (max_users > 0);

DROP INDEX tenants_slug_key;
CREATE UNIQUE INDEX tenants_slug_key ON tenants (slug) WHERE deleted_at IS NULL;
CREATE UNIQUE INDEX tenants_resource_uid_key ON tenants (resource_uid);

-- The app role never sees a deleted tenant: its tokens and logins stop at once.
DROP POLICY tenant_self ON tenants;
CREATE POLICY tenant_self ON tenants FOR SELECT TO sentinel_app
  USING ((id = (SELECT app_tenant()) OR slug = (SELECT app_tenant_slug())) AND deleted_at IS NULL);

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'sentinel_direct') THEN
    CREATE ROLE sentinel_direct NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS NOINHERIT;
  END IF;
END
$$;

CREATE FUNCTION direct_tenant() RETURNS uuid
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT CASE WHEN session_user ~ '^sentinel_t_[0-9a-f]{32}$' THEN substr(session_user, 12)::uuid END $$;

CREATE POLICY direct_access ON tenants FOR SELECT TO sentinel_direct USING (id = (SELECT direct_tenant()));
CREATE POLICY direct_access ON users FOR SELECT TO sentinel_direct USING (tenant_id = (SELECT direct_tenant()));
CREATE POLICY direct_access ON audit_logs FOR SELECT TO sentinel_direct USING (tenant_id = (SELECT direct_tenant()));
CREATE POLICY direct_access ON jobs FOR SELECT TO sentinel_direct USING (tenant_id = (SELECT direct_tenant()));
CREATE POLICY direct_access ON tenant_usage_daily FOR SELECT TO sentinel_direct USING (tenant_id = (SELECT direct_tenant()));

-- Read-only, and never a secret: no password hashes, tokens, invitations or files.
GRANT USAGE ON SCHEMA public TO sentinel_direct;
GRANT SELECT (id, slug, display_name, plan, status, created_at, updated_at) ON tenants TO sentinel_direct;
GRANT SELECT (tenant_id, id, email, display_name, role, created_at, updated_at) ON users TO sentinel_direct;
GRANT SELECT ON audit_logs, jobs, tenant_usage_daily TO sentinel_direct;
