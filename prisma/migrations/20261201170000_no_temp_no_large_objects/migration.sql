-- Least privilege below the tables: no runtime role may create temporary objects or
-- large objects. Neither is subject to RLS or to any table grant, so either would give
-- a compromised app connection storage outside the tenant wall (and a way to fill the
-- disk). Nothing in Sentinel uses them.

-- TEMPORARY comes to every role through PUBLIC's default database ACL. The database
-- owner (the migrator) may revoke it; the name is not fixed (dev: sentinel, tests:
-- sentinel_test). This also covers the direct-access roles (sentinel_direct and the
-- per-tenant sentinel_t_* logins), which hold no database privilege of their own.
DO $$
BEGIN
  EXECUTE format('REVOKE TEMPORARY ON DATABASE %I FROM PUBLIC, sentinel_app, sentinel_platform', current_database());
END
$$;

-- Large objects: PostgreSQL has no privilege for creating one, only EXECUTE on the
-- server-side functions (lo_creat, lo_create, lo_from_bytea, ...; the fastpath calls
-- clients use check the same EXECUTE). Those functions belong to the bootstrap
-- superuser, so the migrator cannot revoke them: the DBA bootstrap does, once per
-- database (docs/operations.md; scripts/local-stack.ts for dev and tests). If it has
-- not, this migration warns (db:migrate prints the warning).
DO $$
BEGIN
  IF has_function_privilege('public', 'pg_catalog.lo_create(oid)', 'EXECUTE') THEN
    RAISE WARNING 'large-object functions are executable by PUBLIC: a superuser must revoke them (docs/operations.md, "Bootstrapping a database")';
  END IF;
END
$$;
