-- Direct database access, read-only by structure rather than by a role default (#14).
--
-- 1. Opaque role names. A per-tenant login was named sentinel_t_<tenant id>, and PostgreSQL
--    shows every role name to every login (pg_roles, pg_stat_activity): each tenant could
--    list the others' ids. Roles now get random names (sentinel_d_<20 hex>); which tenant a
--    role reads is kept in direct_roles, where a direct role sees only its own row. The
--    controller renames the existing roles on its next reconcile; their rows are copied
--    here so that they keep working until then.
-- 2. direct_tenant() reads that table. It stays SECURITY INVOKER: the direct role reads
--    direct_roles through the policy below (role_name = session_user, which no statement
--    of the session can change). The table is named with its schema, so no search_path the
--    session sets can put another direct_roles in its place.
-- 3. CONNECT on this database is granted to the roles that use it, not to PUBLIC, so that
--    an operator who revokes CONNECT from PUBLIC on every other database (postgres,
--    template1: the migrator does not own them) leaves the direct roles this one only.
-- 4. Nobody creates objects in schema public but its owner (PostgreSQL 15+ default, made
--    explicit for servers upgraded from older versions).

CREATE TABLE direct_roles (
  tenant_id uuid PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
  role_name text NOT NULL UNIQUE
);
ALTER TABLE direct_roles ENABLE ROW LEVEL SECURITY;
ALTER TABLE direct_roles FORCE ROW LEVEL SECURITY;
CREATE POLICY direct_self ON direct_roles FOR SELECT TO sentinel_direct USING (role_name = session_user);
GRANT SELECT ON direct_roles TO sentinel_direct;

INSERT INTO direct_roles (tenant_id, role_name)
SELECT t.id, r.rolname FROM pg_roles r JOIN tenants t ON t.id = substr(r.rolname, 12)::uuid
WHERE r.rolname ~ '^sentinel_t_[0-9a-f]{32}$'
ON CONFLICT DO NOTHING;

CREATE OR REPLACE FUNCTION direct_tenant() RETURNS uuid
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT tenant_id FROM public.direct_roles WHERE role_name = session_user $$;

DO $$
BEGIN
  EXECUTE format('REVOKE CONNECT ON DATABASE %I FROM PUBLIC', current_database());
  EXECUTE format('GRANT CONNECT ON DATABASE %I TO sentinel_app, sentinel_platform, sentinel_direct', current_database());
END
$$;

REVOKE CREATE ON SCHEMA public FROM PUBLIC;
