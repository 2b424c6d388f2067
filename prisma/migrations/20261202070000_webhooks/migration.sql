-- Webhook endpoints (issue #16): where a tenant's admins want to hear about events. Each
-- endpoint has a signing secret (Standard Webhooks, `whsec_<base64>`) sealed with
-- AES-256-GCM under the server's webhook key, bound to the tenant and endpoint ids (never
-- in clear). Rotating keeps the previous secret until previous_secret_expires_at, so
-- receivers can switch over: both signatures are sent meanwhile.
-- The canonical policy set is packages/platform/src/tenancy/wall.ts (keep in step).

CREATE TABLE webhook_endpoints (
  tenant_id                   uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id                          uuid NOT NULL DEFAULT gen_random_uuid(),
  url                         text NOT NULL CHECK (length(url) BETWEEN 1 AND 2000),
  description                 text NOT NULL DEFAULT '' CHECK (length(description) <= 500),
  event_types                 text[] NOT NULL,
  enabled                     boolean NOT NULL DEFAULT true,
  secret_sealed               text NOT NULL,
  previous_secret_sealed      text,
  previous_secret_expires_at  timestamptz(3),
  created_by                  uuid,
  rotated_at                  timestamptz(3),
  created_at                  timestamptz(3) NOT NULL DEFAULT now(),
  updated_at                  timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  CHECK ((previous_secret_sealed IS NULL) = (previous_secret_expires_at IS NULL))
);
CREATE INDEX webhook_endpoints_tenant_id_created_at_id_idx ON webhook_endpoints (tenant_id, created_at, id);

ALTER TABLE webhook_endpoints ENABLE ROW LEVEL SECURITY;
ALTER TABLE webhook_endpoints FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON webhook_endpoints TO sentinel_app
  USING (tenant_id = (SELECT app_tenant())) WITH CHECK (tenant_id = (SELECT app_tenant()));

REVOKE ALL ON webhook_endpoints FROM PUBLIC;
GRANT SELECT, INSERT, UPDATE, DELETE ON webhook_endpoints TO sentinel_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON webhook_endpoints TO sentinel_platform;

-- The outbox. An event is recorded in the transaction of the change that causes it, only
-- when some enabled endpoint of the tenant subscribes to its type, with one delivery row
-- per such endpoint; the worker delivers each through BullMQ (queue `webhooks`) and keeps
-- its row in step. The event id is stable: it is every attempt's `webhook-id`.
ALTER TABLE webhook_endpoints ADD COLUMN failing_since timestamptz(3);
ALTER TABLE webhook_endpoints ADD COLUMN disabled_reason text;

CREATE TABLE webhook_events (
  tenant_id   uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id          uuid NOT NULL DEFAULT gen_random_uuid(),
  type        text NOT NULL,
  version     integer NOT NULL DEFAULT 1,
  payload     jsonb NOT NULL,
  created_at  timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX webhook_events_tenant_id_created_at_idx ON webhook_events (tenant_id, created_at);

CREATE TABLE webhook_deliveries (
  tenant_id        uuid NOT NULL,
  id               uuid NOT NULL DEFAULT gen_random_uuid(),
  endpoint_id      uuid NOT NULL,
  event_id         uuid NOT NULL,
  state            text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'succeeded', 'failed', 'skipped')),
  attempts         integer NOT NULL DEFAULT 0,
  last_status      integer,
  last_error       text,
  last_latency_ms  integer,
  next_attempt_at  timestamptz(3),
  delivered_at     timestamptz(3),
  created_at       timestamptz(3) NOT NULL DEFAULT now(),
  updated_at       timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, endpoint_id) REFERENCES webhook_endpoints (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, event_id) REFERENCES webhook_events (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX webhook_deliveries_endpoint_created_at_idx ON webhook_deliveries (tenant_id, endpoint_id, created_at, id);
CREATE INDEX webhook_deliveries_event_idx ON webhook_deliveries (tenant_id, event_id);

ALTER TABLE webhook_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE webhook_events FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON webhook_events TO sentinel_app
  USING (tenant_id = (SELECT app_tenant())) WITH CHECK (tenant_id = (SELECT app_tenant()));
ALTER TABLE webhook_deliveries ENABLE ROW LEVEL SECURITY;
ALTER TABLE webhook_deliveries FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON webhook_deliveries TO sentinel_app
  USING (tenant_id = (SELECT app_tenant())) WITH CHECK (tenant_id = (SELECT app_tenant()));

REVOKE ALL ON webhook_events FROM PUBLIC;
REVOKE ALL ON webhook_deliveries FROM PUBLIC;
-- Events are immutable; deliveries are kept in step by the worker and reset by a redelivery.
GRANT SELECT, INSERT ON webhook_events TO sentinel_app;
GRANT SELECT, INSERT, UPDATE ON webhook_deliveries TO sentinel_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON webhook_events TO sentinel_platform;
GRANT SELECT, INSERT, UPDATE, DELETE ON webhook_deliveries TO sentinel_platform;
-- The scheduler's relay finds deliveries never attempted (enqueued while Redis was away).
CREATE INDEX webhook_deliveries_unsent_idx ON webhook_deliveries (updated_at, id) WHERE state = 'pending' AND attempts = 0;
