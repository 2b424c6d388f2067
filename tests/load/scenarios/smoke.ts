// smoke: every operation of the live /openapi.json, once per role that may call it
// (x-sentinel-roles; public operations once), from the table in ../smoke-cases.ts, with no
// unexpected status. The table is compared with the document first: an operation or role
// without a case is a failure that names it. Counted per (operation, role): the closing
// "N passed, N failed" line of `npm run load:smoke`.
import { randomBytes } from 'node:crypto';
import { derivedPassword } from '../lib/config.js';
import { Session, tenantDomain, type Role } from '../lib/world.js';
import { SMOKE_CASES, type Caller, type SmokeContext } from '../smoke-cases.js';
import type { Scenario } from './types.js';

const METHODS = ['get', 'put', 'post', 'patch', 'delete', 'head', 'options'];
const LIMIT_S = 60;

interface Operation {
  security?: unknown[];
  'x-sentinel-roles'?: string[];
}

/** `METHOD /path` -> the callers the document allows (`public` for an operation without security). */
export function documentedCallers(doc: { paths: Record<string, Record<string, unknown>> }): Map<string, Caller[]> {
  const ops = new Map<string, Caller[]>();
  for (const [path, item] of Object.entries(doc.paths))
    for (const [method, raw] of Object.entries(item)) {
      if (!METHODS.includes(method)) continue;
      const op = raw as Operation;
      const isPublic = Array.isArray(op.security) && op.security.length === 0;
      ops.set(`${method.toUpperCase()} ${path}`, isPublic ? ['public'] : ((op['x-sentinel-roles'] ?? []) as Role[]));
    }
  return ops;
}

export const smoke: Scenario = async ({ config, world, http, metrics, invites, reseed }) => {
  const tally = { passed: 0, failed: 0 };
  const failedChecks = () => [...metrics.checks.values()].reduce((a, c) => a + c.failed, 0);

  const again = await reseed();
  const made = again.created.tenants + again.created.users + again.created.invitationsAccepted;
  if (metrics.check('seed: a second run creates nothing', made === 0, JSON.stringify(again.created))) tally.passed++;
  else tally.failed++;
  // The isolation check itself: a record of another tenant, planted in an answer, must be found.
  const [a, b] = world.tenants as [(typeof world.tenants)[0], (typeof world.tenants)[0]];
  const planted = http.ownership.foreign(a.id, { items: [{ id: b.members[0]!.id, tenantId: a.id, email: b.members[0]!.email }] });
  if (metrics.check('isolation: a planted foreign id and email are detected', planted.length === 2, JSON.stringify(planted))) tally.passed++;
  else tally.failed++;
  const started = Date.now();

  const doc = await http.request('smoke.openapi', 'GET', '/openapi.json');
  const documented = documentedCallers(doc.body as { paths: Record<string, Record<string, unknown>> });
  const table = new Map(SMOKE_CASES.map((c) => [c.op, c]));
  for (const [op, callers] of documented)
    for (const role of callers)
      if (!table.get(op)?.roles.includes(role)) {
        metrics.check(
          'every documented operation has a smoke case',
          false,
          `${op} as ${role}: no smoke case; add one to SMOKE_CASES in tests/load/smoke-cases.ts`,
        );
        tally.failed++;
      }
  for (const c of SMOKE_CASES) {
    const callers = documented.get(c.op);
    for (const role of c.roles)
      if (!callers?.includes(role)) {
        metrics.check(
          'every smoke case is a documented operation',
          false,
          `${c.op} as ${role}: not in /openapi.json; remove or fix the entry in tests/load/smoke-cases.ts`,
        );
        tally.failed++;
      }
  }

  const tenant = world.tenants[0]!;
  const accounts = { platform_admin: world.admin, tenant_admin: tenant.admin, member: tenant.members[0]! };
  const sessions = {} as Record<Role, Session>;
  for (const role of Object.keys(accounts) as Role[]) sessions[role] = await Session.open(http, accounts[role], 'smoke.setup');

  let tag = '';
  const request = (t: string, role: Caller, method: string, path: string, o: Parameters<SmokeContext['call']>[3] = {}) =>
    role === 'public' ? http.request(t, method, path, o) : sessions[role].call(t, method, path, o);
  const ctx: SmokeContext = {
    call: (role, method, path, o) => request(tag, role, method, path, o),
    setup: (role, method, path, o) => request('smoke.setup', role, method, path, o),
    check: (what, ok, detail) => metrics.check(`${tag}: ${what}`, ok, detail),
    account: (role) => {
      const a = accounts[role];
      return {
        id: a.id,
        email: a.email,
        tenantId: a.tenantId,
        slug: a.slug,
        domain: role === 'platform_admin' ? a.email.split('@')[1]! : tenantDomain(a.slug),
      };
    },
    signIn: async (role) => {
      const a = accounts[role];
      const r = await http.request('smoke.setup', 'POST', '/api/v1/auth/login', { json: { tenant: a.slug, email: a.email, password: a.password } });
      return r.body as { accessToken: string; refreshToken: string };
    },
    inviteToken: invites ? (email, since) => invites.tokenFor(email, since) : undefined,
    ids: new Map(),
    unique: (prefix) => `${config.prefix}-${prefix}-${Date.now().toString(36)}${randomBytes(3).toString('hex')}`,
    password: (email) => derivedPassword(config, email),
    until: async (role, path, done, timeoutMs = 30_000) => {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const r = await request('smoke.setup', role, 'GET', path);
        if (r.status === 200 && done(r.body)) return r.body;
        if (Date.now() > until) throw new Error(`GET ${path}: not done within ${timeoutMs} ms: ${r.text.slice(0, 300)}`);
        await new Promise((res) => setTimeout(res, 100));
      }
    },
  };

  for (const c of SMOKE_CASES) {
    const callers = documented.get(c.op);
    if (!callers) continue;
    for (const role of c.roles.filter((r) => callers.includes(r))) {
      tag = `${c.op} as ${role}`;
      const before = failedChecks();
      try {
        await c.run(ctx, role);
      } catch (err) {
        metrics.check(`${tag}: completes`, false, err instanceof Error ? err.message : String(err));
      }
      if (failedChecks() > before) tally.failed++;
      else tally.passed++;
    }
  }
  const seconds = (Date.now() - started) / 1000;
  if (!metrics.check(`smoke finishes within ${LIMIT_S} s`, seconds <= LIMIT_S, `took ${seconds.toFixed(1)} s`)) tally.failed++;
  return {
    thresholds: ['checks == 1', 'http_req_failed == 0'],
    extra: { operations: documented.size, cases: tally.passed + tally.failed, seconds: Math.round(seconds * 10) / 10 },
    tally,
  };
};
