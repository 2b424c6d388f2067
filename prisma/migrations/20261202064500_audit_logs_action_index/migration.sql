-- The audit log filtered by action (issue #13, bench/scale-curves.ts): with only
-- (tenant_id, created_at, id) a page of a rare action walks the tenant's rows newest first
-- and drops the others after fetching each from the heap: for an action that is 2% of the
-- log, about 2,600 heap rows per 50-row page, each on its own page once the log is larger
-- than memory. Leading with the action, the page is the next 51 index entries, whatever the
-- log's size; the ORDER BY created_at, id of either sort walks it forwards or backwards.
CREATE INDEX audit_logs_tenant_id_action_created_at_id_idx ON audit_logs (tenant_id, action, created_at, id);
