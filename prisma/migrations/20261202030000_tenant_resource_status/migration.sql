-- What the Tenant controller last reported for a tenant owned by a Tenant resource: its phase,
-- conditions (with reasons and messages), observedGeneration and when it was written. A copy of
-- the resource's status subresource, kept so the API (and the console) can show it without any
-- Kubernetes credentials; null for tenants the API owns. The controller writes it with the
-- platform role; sentinel_app reads it like the rest of its own tenant's row.
ALTER TABLE tenants ADD COLUMN resource_status jsonb;
