#!/usr/bin/env bash
# PostgreSQL init script (/docker-entrypoint-initdb.d): runs once, as the superuser, when the
# data directory is created — the DBA's part of docs/operations.md "Bootstrapping a database":
#   - the owner role (schema owner, runs the migrations; never used by a service) and its database;
#   - no role may create large objects: EXECUTE on pg_catalog's lo_* functions revoked from PUBLIC
#     (they belong to the superuser, so the owner cannot do it; the migrations warn until it is done).
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
SQL

"${psql[@]}" --dbname "$SENTINEL_DB_NAME" <<'SQL'
DO $$ DECLARE f regprocedure; BEGIN
  FOR f IN SELECT oid::regprocedure FROM pg_proc
           WHERE pronamespace = 'pg_catalog'::regnamespace AND proname ~ '^(lo_.*|loread|lowrite)$'
  LOOP EXECUTE format('REVOKE EXECUTE ON FUNCTION %s FROM PUBLIC', f); END LOOP;
END $$;
SQL
echo "sentinel: owner role $SENTINEL_DB_OWNER and database $SENTINEL_DB_NAME ready; lo_* functions revoked from PUBLIC"
