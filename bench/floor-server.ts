// The baselines for bench/api-list-users.ts: the least a server can do to answer the
// same request. node:http + pg, no framework, no auth, no cache, no validation, no logs.
// Modes:
//   app-rls        read: BEGIN; set_config('app.tenant_id', ...); SELECT ... LIMIT 50; COMMIT
//                  as sentinel_app, RLS on, explicit WHERE tenant_id (what Sentinel runs)
//   superuser      the same read as owner/superuser (RLS bypassed), explicit WHERE tenant_id
//   app-rls-only   the same read as sentinel_app, RLS on, no WHERE tenant_id (the policy alone)
//   patch          PATCH /users/<id> {"displayName": ...}: one transaction, BEGIN;
//                  set_config; UPDATE users ... RETURNING; INSERT INTO audit_logs; COMMIT
//                  (what Sentinel's PATCH must write), as whichever role the URL names
//   login          POST: one bcrypt comparison at the given cost against a stored hash,
//                  no database (the cost of a login that no server can avoid)
// FLOOR_STATEMENTS=named: Sentinel's way of sending them (below).
// Usage: node bench/dist/floor-server.js <mode> <databaseUrl> <tenantId> <port> <poolMax> [<actorId> | <bcryptCost> <password>]
import { createServer, type IncomingMessage } from 'node:http';
import bcrypt from 'bcrypt';
import pg from 'pg';

const [mode, url, tenantId, port, poolMax, extra, password] = process.argv.slice(2) as [string, string, string, string, string, string | undefined, string?];
const pool = mode === 'login' ? null : new pg.Pool({ connectionString: url, max: Number(poolMax) });
// The page size is a parameter, as in Sentinel's list. With a named statement PostgreSQL switches
// to a generic plan after five executions; with a constant LIMIT 50 and tenant_id unknown, that
// plan reads and sorts the whole big tenant (10,000 rows, 3.8 ms instead of 0.1 ms), and whether
// the switch happens depends on the first five costs: one run measured the named floor at 3,607
// req/s, the next at 665. With the limit a parameter, the generic plan walks the index.
const withWhere = `SELECT tenant_id, id, email, display_name, role, created_at, updated_at FROM users WHERE tenant_id = $1 ORDER BY created_at, id LIMIT $2`;
const policyOnly = `SELECT tenant_id, id, email, display_name, role, created_at, updated_at FROM users ORDER BY created_at, id LIMIT $1`;
const update = `UPDATE users SET display_name = $3, updated_at = now() WHERE tenant_id = $1 AND id = $2
  RETURNING tenant_id, id, email, display_name, role, created_at, updated_at`;
const audit = `INSERT INTO audit_logs (tenant_id, id, actor_id, action, target_type, target_id, changes)
  VALUES ($1, gen_random_uuid(), $2, 'user.update', 'user', $3, jsonb_build_object('displayName', jsonb_build_object('to', $4::text)))`;
// FLOOR_STATEMENTS=named: PostgreSQL spoken to as Sentinel's hot paths speak to it
// (packages/platform/src/db, onPool): BEGIN and the tenant setting in one simple query, then
// named statements, parsed, rewritten with the policies and planned once per connection. What
// RLS costs Sentinel's own queries is measured this way; the default (unnamed statements, one
// round trip each) is the plainest server.
const named = process.env.FLOOR_STATEMENTS === 'named';
if (named && !/^[0-9a-f-]{36}$/i.test(tenantId)) throw new Error(`not a tenant id: ${tenantId}`);
const q = (name: string, text: string, values?: unknown[]): pg.QueryConfig => (named ? { name, text, values } : { text, values });
async function begin(c: pg.PoolClient): Promise<void> {
  if (named) await c.query(`BEGIN; SELECT set_config('app.tenant_id', '${tenantId}', true)`);
  else {
    await c.query('BEGIN');
    await c.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenantId]);
  }
}
const cost = Number(extra ?? 12);
// The hash of the password the benchmark sends, so that every comparison succeeds as Sentinel's do.
const storedHash = mode === 'login' ? await bcrypt.hash(password ?? 'bench-floor-password', cost) : '';

async function body(req: IncomingMessage): Promise<string> {
  let s = '';
  for await (const chunk of req) s += chunk;
  return s;
}

const server = createServer(async (req, res) => {
  if (mode === 'login') {
    if (req.method !== 'POST') return void res.writeHead(200).end('ready');
    const { password } = JSON.parse(await body(req)) as { password: string };
    const ok = await bcrypt.compare(password, storedHash);
    return void res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' }).end(JSON.stringify({ ok }));
  }
  const c = await pool!.connect();
  try {
    let payload: unknown;
    if (mode === 'patch' && req.method === 'PATCH') {
      const id = req.url!.split('/').pop()!;
      const { displayName } = JSON.parse(await body(req)) as { displayName: string };
      await begin(c);
      const r = await c.query(q('floor-update', update, [tenantId, id, displayName]));
      await c.query(q('floor-audit', audit, [tenantId, extra, id, displayName]));
      await c.query('COMMIT');
      if (r.rowCount !== 1) return void res.writeHead(404).end();
      payload = r.rows[0];
    } else {
      await begin(c);
      const r = mode === 'app-rls-only' ? await c.query(q('floor-policy-only', policyOnly, [50])) : await c.query(q('floor-list', withWhere, [tenantId, 50]));
      await c.query('COMMIT');
      payload = { items: r.rows, nextCursor: null };
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(payload));
  } catch (err) {
    await c.query('ROLLBACK').catch(() => {});
    res.writeHead(500).end(String(err));
  } finally {
    c.release();
  }
});
server.listen(Number(port), '127.0.0.1');
process.on('SIGTERM', () => server.close(() => void (pool?.end() ?? Promise.resolve()).then(() => process.exit(0))));
