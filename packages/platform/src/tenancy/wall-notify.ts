// Change notification for the tenant wall. An event trigger on ddl_command_end and sql_drop
// sends `NOTIFY sentinel_wall` (payload: the command tag and the objects it touched) when DDL
// touches a policy, a table's RLS flags or grants, or a function in the wall's schema; the
// Tenant controller LISTENs and checks the wall at once instead of at its next timer tick.
//
// Who creates it: CREATE EVENT TRIGGER needs a superuser, and the function an event trigger
// runs must belong to one too: it runs as whoever issues the DDL (a superuser included), so
// a function the migrator could replace would hand the migrator the superuser's rights. The
// migrator and the controller (the owner role) are not superusers, so the DBA bootstrap
// (docs/operations.md, "Bootstrapping a database") runs WALL_NOTIFY_SQL once per database;
// migration 20261202040000_wall_notify warns while it is missing, and the controller
// creates it itself when its role happens to be a superuser, and otherwise logs that only
// the timer protects the wall. Role attributes and memberships (ALTER ROLE, GRANT role) are
// cluster-wide and fire no event trigger: the timer catches those.

export const WALL_NOTIFY_CHANNEL = 'sentinel_wall';
export const WALL_NOTIFY_FUNCTION = 'sentinel_wall_notify';
export const WALL_NOTIFY_TRIGGERS = ['sentinel_wall_ddl', 'sentinel_wall_drop'] as const;

/** The command tags that can change the wall (ALTER TABLE covers ENABLE/DISABLE/FORCE RLS). */
const TAGS = [
  'ALTER TABLE',
  'DROP TABLE',
  'CREATE POLICY',
  'ALTER POLICY',
  'DROP POLICY',
  'GRANT',
  'REVOKE',
  'CREATE FUNCTION',
  'ALTER FUNCTION',
  'DROP FUNCTION',
  'CREATE PROCEDURE',
  'ALTER PROCEDURE',
  'DROP PROCEDURE',
  'ALTER ROUTINE',
  'DROP ROUTINE',
  'DROP OWNED',
];
const tagList = TAGS.map((t) => `'${t}'`).join(', ');

/**
 * Idempotent; run as a superuser connected to the application's database. The function never
 * raises: a failure to notify must not make anyone's DDL fail (the timer still checks).
 */
export const WALL_NOTIFY_SQL = `
CREATE OR REPLACE FUNCTION public.${WALL_NOTIFY_FUNCTION}() RETURNS event_trigger
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
      PERFORM pg_notify('${WALL_NOTIFY_CHANNEL}', left(TG_TAG || ': ' || objs, 7000));
    END IF;
  EXCEPTION WHEN OTHERS THEN
    RAISE WARNING '${WALL_NOTIFY_FUNCTION}: %', SQLERRM;
  END;
END
$fn$;
REVOKE ALL ON FUNCTION public.${WALL_NOTIFY_FUNCTION}() FROM PUBLIC;
DO $do$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_event_trigger WHERE evtname = '${WALL_NOTIFY_TRIGGERS[0]}') THEN
    CREATE EVENT TRIGGER ${WALL_NOTIFY_TRIGGERS[0]} ON ddl_command_end WHEN TAG IN (${tagList})
      EXECUTE FUNCTION public.${WALL_NOTIFY_FUNCTION}();
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_event_trigger WHERE evtname = '${WALL_NOTIFY_TRIGGERS[1]}') THEN
    CREATE EVENT TRIGGER ${WALL_NOTIFY_TRIGGERS[1]} ON sql_drop
      EXECUTE FUNCTION public.${WALL_NOTIFY_FUNCTION}();
  END IF;
END
$do$;
`;

/** Whether both event triggers exist and are enabled. Readable by any role. */
export const WALL_NOTIFY_INSTALLED_SQL = `
  SELECT count(*) = ${WALL_NOTIFY_TRIGGERS.length} AS installed FROM pg_event_trigger
  WHERE evtname IN (${WALL_NOTIFY_TRIGGERS.map((t) => `'${t}'`).join(', ')}) AND evtenabled <> 'D'`;
