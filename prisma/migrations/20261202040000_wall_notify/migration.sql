-- The tenant wall heals in seconds: an event trigger NOTIFYs `sentinel_wall` when DDL touches
-- a policy, RLS flags, grants or functions, and the Tenant controller LISTENs (the timer,
-- CONTROLLER_WALL_CHECK_MS, stays as the safety net).
--
-- CREATE EVENT TRIGGER needs a superuser, and so must the function it runs own (it runs as
-- whoever issues the DDL, a superuser included: a function the migrator could replace would
-- give the migrator a superuser's rights). The migrator is not a superuser, so the DBA
-- bootstrap creates both (docs/operations.md, "Bootstrapping a database"; the SQL is
-- packages/platform/src/tenancy/wall-notify.ts). This migration only says so when missing;
-- without it the wall is still checked and repaired, at the timer's pace.
DO $$
BEGIN
  IF (SELECT count(*) FROM pg_event_trigger WHERE evtname IN ('sentinel_wall_ddl', 'sentinel_wall_drop') AND evtenabled <> 'D') < 2 THEN
    RAISE WARNING 'the tenant wall''s event triggers are missing: a superuser must create them (docs/operations.md, "Bootstrapping a database"); until then drift is repaired only every CONTROLLER_WALL_CHECK_MS';
  END IF;
END
$$;
