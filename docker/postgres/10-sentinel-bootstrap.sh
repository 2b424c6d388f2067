#!/usr/bin/env bash
# PostgreSQL init script (/docker-entrypoint-initdb.d): runs once, as the superuser, when the
# data directory is created — the DBA's part of docs/operations.md "Bootstrapping a database":
#   - the owner role (schema owner, runs the migrations; never used by a service) and its database;
#   - no login reaches the server's other databases: CONNECT on postgres and template1 revoked from
#     PUBLIC (Sentinel's own database grants it to its roles; a tenant's direct-access login must
#     not get elsewhere);
#   - no role may create large objects: EXECUTE on pg_catalog's lo_* functions revoked from PUBLIC
#     (they belong to the superuser, so the owner cannot do it; the migrations warn until it is done);
#   - the tenant wall's change notification: an event-trigger function and two event triggers that
#     NOTIFY sentinel_wall on DDL touching the wall (only a superuser may create them; the SQL is
#     WALL_NOTIFY_SQL of packages/platform/src/tenancy/wall-notify.ts, kept equal by tests/wall.test.ts).
# The runtime roles (sentinel_app, sentinel_platform) are created by the first migration and get
# their logins from the migrate service. Inputs (environment of the postgres service):
#   SENTINEL_DB_NAME, SENTINEL_DB_OWNER, SENTINEL_DB_OWNER_PASSWORD.
set -euo pipefail
: "${SENTINEL_DB_NAME:?}" "${SENTINEL_DB_OWNER:?}" "${SENTINEL_DB_OWNER_PASSWORD:?}"
psql=(psql -v ON_ERROR_STOP=1 --no-psqlrc --username "${POSTGRES_USER:-postgres}")

# Values go through psql variables (:'name' quotes a literal, :"name" an identifier): no quoting by hand.
"${psql[@]}" --dbname postgres \
  -v owner="$SENTINEL_DB_OWNER" -v password="$SENTINEL_DB_OWNER_PASSWORD" -v db="$SENTINEL_DB_NAME" <<'SQL'
SELECT format('CREATE ROLE %I LOGIN CREATEROLE BYPASSRLS PASSWORD %L', :'owner', :'password')
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'owner') \gexec
SELECT format('CREATE DATABASE %I OWNER %I', :'db', :'owner')
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'db') \gexec
REVOKE CONNECT ON DATABASE postgres FROM PUBLIC;
REVOKE CONNECT ON DATABASE template1 FROM PUBLIC;
SQL

"${psql[@]}" --dbname "$SENTINEL_DB_NAME" <<'SQL'
DO $$ DECLARE f regprocedure; BEGIN
  FOR f IN SELECT oid::regprocedure FROM pg_proc
           WHERE pronamespace = 'pg_catalog'::regnamespace AND proname ~ '^(lo_.*|loread|lowrite)$'
  LOOP EXECUTE format('REVOKE EXECUTE ON FUNCTION %s FROM PUBLIC', f); END LOOP;
END $$;
SQL

"${psql[@]}" --dbname "$SENTINEL_DB_NAME" <<'SQL'
CREATE OR REPLACE FUNCTION public.sentinel_wall_notify() RETURNS event_trigger
  LANGUAGE plpgsql SECURITY INVOKER SET search_path = pg_catalog AS $fn$
DECLARE
  objs text;
BEGIN
  BEGIN
    IF TG_EVENT = 'sql_drop' THEN
      SELECT string_agg(object_type || ' ' || coalesce(object_identity, '?'), ', ') INTO objs
      FROM pg_event_trigger_dropped_objects() WHERE schema_name = 'public';
    ELSE
      -- GRANT and REVOKE report no schema: they are always of interest.
      SELECT string_agg(object_type || ' ' || coalesce(object_identity, '?'), ', ') INTO objs
      FROM pg_event_trigger_ddl_commands() WHERE schema_name IS NULL OR schema_name = 'public';
    END IF;
    IF objs IS NOT NULL THEN
      PERFORM pg_notify('sentinel_wall', left(TG_TAG || ': ' || objs, 7000));
    END IF;
  EXCEPTION WHEN OTHERS THEN
    RAISE WARNING 'sentinel_wall_notify: %', SQLERRM;
  END;
END
$fn$;
REVOKE ALL ON FUNCTION public.sentinel_wall_notify() FROM PUBLIC;
DO $do$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_event_trigger WHERE evtname = 'sentinel_wall_ddl') THEN
    CREATE EVENT TRIGGER sentinel_wall_ddl ON ddl_command_end WHEN TAG IN ('ALTER TABLE', 'DROP TABLE', 'CREATE POLICY', 'ALTER POLICY', 'DROP POLICY', 'GRANT', 'REVOKE', 'CREATE FUNCTION', 'ALTER FUNCTION', 'DROP FUNCTION', 'CREATE PROCEDURE', 'ALTER PROCEDURE', 'DROP PROCEDURE', 'ALTER ROUTINE', 'DROP ROUTINE', 'DROP OWNED')
      EXECUTE FUNCTION public.sentinel_wall_notify();
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_event_trigger WHERE evtname = 'sentinel_wall_drop') THEN
    CREATE EVENT TRIGGER sentinel_wall_drop ON sql_drop
      EXECUTE FUNCTION public.sentinel_wall_notify();
  END IF;
END
$do$;
SQL
echo "sentinel: owner role $SENTINEL_DB_OWNER and database $SENTINEL_DB_NAME ready; lo_* functions revoked from PUBLIC; wall event triggers created"
