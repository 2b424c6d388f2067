// The baseline for bench/api-list-users.ts: the least a server can do to answer the
// same request. node:http + pg, no framework, no auth, no cache, one transaction:
//   BEGIN; set_config('app.tenant_id', ...); SELECT ... LIMIT 50; COMMIT
// Modes:
//   app-rls        sentinel_app role, RLS on, explicit WHERE tenant_id (what Sentinel runs)
//   superuser      owner/superuser (RLS bypassed), explicit WHERE tenant_id
//   app-rls-only   sentinel_app role, RLS on, no WHERE tenant_id (the policy alone)
// Usage: node bench/dist/floor-server.js <mode> <databaseUrl> <tenantId> <port> <poolMax>
import { createServer } from 'node:http';
import pg from 'pg';

const [mode, url, tenantId, port, poolMax] = process.argv.slice(2) as [string, string, string, string, string];
const pool = new pg.Pool({ connectionString: url, max: Number(poolMax) });
const withWhere = `SELECT tenant_id, id, email, display_name, role, created_at, updated_at FROM users WHERE tenant_id = $1 ORDER BY created_at, id LIMIT 50`;
const policyOnly = `SELECT tenant_id, id, email, display_name, role, created_at, updated_at FROM users ORDER BY created_at, id LIMIT 50`;

const server = createServer(async (_req, res) => {
  const c = await pool.connect();
  try {
    await c.query('BEGIN');
    await c.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenantId]);
    const r = mode === 'app-rls-only' ? await c.query(policyOnly) : await c.query(withWhere, [tenantId]);
    await c.query('COMMIT');
    const body = JSON.stringify({ items: r.rows, nextCursor: null });
    res.writeHead(200, { 'content-type': 'application/json' }).end(body);
  } catch (err) {
    await c.query('ROLLBACK').catch(() => {});
    res.writeHead(500).end(String(err));
  } finally {
    c.release();
  }
});
server.listen(Number(port), '127.0.0.1');
process.on('SIGTERM', () => server.close(() => pool.end().then(() => process.exit(0))));
