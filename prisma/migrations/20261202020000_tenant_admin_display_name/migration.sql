-- Tenant admins rename their own tenant (PATCH /api/v1/tenants/{id}, issue #12) through
-- the app role, under RLS like every other tenant write. The app role may update its own
-- live tenant's row, and only the display name (and Prisma's updated_at): plan, status,
-- limits and ownership stay with the platform role, whatever the API code does.
-- The canonical policy set is packages/platform/src/tenancy/wall.ts (keep in step).

CREATE POLICY tenant_self_update ON tenants FOR UPDATE TO sentinel_app
  USING (id = (SELECT app_tenant()) AND deleted_at IS NULL)
  WITH CHECK (id = (SELECT app_tenant()) AND deleted_at IS NULL);

GRANT UPDATE (display_name, updated_at) ON tenants TO sentinel_app;
