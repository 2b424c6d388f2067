-- User erasure (issue #16, docs/data-rights.md). Erasing a user deletes their account and
-- rewrites every row that names them: the email and display name become a pseudonym
-- (`erased-user-<32 hex>`), the user id a fresh random uuid, the same pair everywhere for
-- that user. Audit rows are rewritten, never deleted, so the log keeps every event.
-- The canonical policy set is packages/platform/src/tenancy/wall.ts (keep in step).

-- The tombstone: one row per erasure, readable by the tenant's admins (RLS) and, across
-- tenants, by platform admins. It holds no personal data: the old user id only as a
-- SHA-256 (whoever still knows the id can check it was erased), the pseudonym, who asked
-- and what was rewritten (counts per table).
CREATE TABLE erasures (
  tenant_id      uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id             uuid NOT NULL DEFAULT gen_random_uuid(),
  pseudonym      text NOT NULL CHECK (pseudonym ~ '^erased-user-[0-9a-f]{32}$'),
  pseudonym_id   uuid NOT NULL,
  subject_hash   text NOT NULL CHECK (subject_hash ~ '^[0-9a-f]{64}$'),
  requested_by   uuid,
  requested_by_kind text NOT NULL DEFAULT 'user' CHECK (requested_by_kind IN ('user', 'api_key')),
  counts         jsonb NOT NULL DEFAULT '{}',
  created_at     timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, pseudonym),
  UNIQUE (tenant_id, subject_hash)
);
CREATE INDEX erasures_tenant_id_created_at_id_idx ON erasures (tenant_id, created_at, id);
CREATE INDEX erasures_created_at_id_idx ON erasures (created_at, id);

ALTER TABLE erasures ENABLE ROW LEVEL SECURITY;
ALTER TABLE erasures FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON erasures TO sentinel_app
  USING (tenant_id = (SELECT app_tenant())) WITH CHECK (tenant_id = (SELECT app_tenant()));

REVOKE ALL ON erasures FROM PUBLIC;
-- A tombstone is written once and never changed by the app.
GRANT SELECT, INSERT ON erasures TO sentinel_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON erasures TO sentinel_platform;

-- The erasure rewrites, under RLS as the tenant, the columns that can name a person in
-- rows that are otherwise immutable for the app role: the audit log's actor, target,
-- change JSON and client address, and the webhook outbox's payloads. Column grants only:
-- the app still cannot delete an audit row or change what action it records, or when.
GRANT UPDATE (actor_id, target_id, changes, client_ip) ON audit_logs TO sentinel_app;
GRANT UPDATE (payload) ON webhook_events TO sentinel_app;
