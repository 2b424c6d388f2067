// The multi-tenant mix that load, stress, spike, soak and noisy drive: each iteration picks
// a tenant and one action by weight, as one of its members or its admin. Tagged groups:
//   auth.login, auth.refresh, users.list, users.get, users.update_self, users.create,
//   audit.list, audit.filter, audit.export (start) and audit.export.poll.
import { randomBytes } from 'node:crypto';
import { derivedPassword, type LoadConfig } from '../lib/config.js';
import type { Http } from '../lib/http.js';
import type { Metrics } from '../lib/metrics.js';
import { Session, type SeededTenant, type World } from '../lib/world.js';

interface TenantSessions {
  tenant: SeededTenant;
  admin: Session;
  members: Session[];
  /** Sessions nobody else uses, to refresh: a refresh token rotated twice at once counts as a reuse. */
  spare: Session[];
}

const pick = <T>(xs: T[]): T => xs[Math.floor(Math.random() * xs.length)]!;

/** Per-group latency thresholds of the mix (ms). login pays bcrypt at the installation's cost. */
export const MIX_THRESHOLDS = [
  'http_req_failed < 0.001',
  'p95{users.list} < 250',
  'p99{users.list} < 500',
  'p95{users.get} < 250',
  'p99{users.get} < 500',
  'p95{users.update_self} < 300',
  'p99{users.update_self} < 600',
  'p95{users.create} < 1500',
  'p99{users.create} < 2500',
  'p95{audit.list} < 300',
  'p99{audit.list} < 600',
  'p95{audit.filter} < 300',
  'p99{audit.filter} < 600',
  'p95{audit.export} < 300',
  'p99{audit.export} < 600',
  'p95{auth.refresh} < 300',
  'p99{auth.refresh} < 600',
  'p95{auth.login} < 1500',
  'p99{auth.login} < 2500',
];

/** Thresholds from LOAD_THRESHOLDS (`;`-separated) replace the defaults when given. */
export function thresholdsFromEnv(defaults: string[]): string[] {
  const raw = process.env.LOAD_THRESHOLDS;
  return raw
    ? raw
        .split(';')
        .map((s) => s.trim())
        .filter(Boolean)
    : defaults;
}

export class Mix {
  private constructor(
    private readonly config: LoadConfig,
    private readonly http: Http,
    private readonly metrics: Metrics,
    readonly tenants: TenantSessions[],
  ) {}

  static async open(config: LoadConfig, world: World, http: Http, metrics: Metrics, tenants = world.tenants): Promise<Mix> {
    const out: TenantSessions[] = [];
    for (const tenant of tenants) {
      const admin = await Session.open(http, tenant.admin, 'setup');
      const members = await Promise.all(tenant.members.map((m) => Session.open(http, m, 'setup')));
      out.push({ tenant, admin, members, spare: [] });
    }
    return new Mix(config, http, metrics, out);
  }

  /** Weights of the actions, summing to 100. */
  static readonly WEIGHTS: [keyof Mix['actions'], number][] = [
    ['login', 4],
    ['refresh', 6],
    ['list', 25],
    ['get', 20],
    ['updateSelf', 10],
    ['create', 4],
    ['auditList', 13],
    ['auditFilter', 13],
    ['export', 5],
  ];

  /** One iteration: a random tenant, a random action. */
  iteration = async (): Promise<void> => {
    let r = Math.random() * this.weights.reduce((a, [, w]) => a + w, 0);
    const t = pick(this.tenants);
    for (const [name, w] of this.weights) {
      if ((r -= w) < 0) return this.actions[name](t);
    }
  };

  readonly actions = {
    login: async (t: TenantSessions) => {
      const m = pick(t.tenant.members);
      const s = await Session.open(this.http, m, 'auth.login');
      if (t.spare.length < 8) t.spare.push(s);
    },
    refresh: async (t: TenantSessions) => {
      const s = t.spare.pop() ?? (await Session.open(this.http, pick(t.tenant.members), 'auth.login'));
      if ((await s.refresh('auth.refresh')) === 200) t.spare.push(s);
    },
    list: async (t: TenantSessions) => {
      const s = Math.random() < 0.8 ? pick(t.members) : t.admin;
      const q = pick(['limit=25', 'limit=50&sort=-createdAt', 'limit=25&role=member', 'limit=10&emailPrefix=member-']);
      const r = await s.call('users.list', 'GET', `/api/v1/users?${q}`);
      this.metrics.check('users.list: a page', Array.isArray(r.body?.items));
    },
    get: async (t: TenantSessions) => {
      const s = pick(t.members);
      const target = pick(t.tenant.members);
      const r = await s.call('users.get', 'GET', `/api/v1/users/${target.id}`);
      this.metrics.check('users.get: the user asked for', r.body?.id === target.id);
    },
    updateSelf: async (t: TenantSessions) => {
      const s = pick(t.members);
      await s.call('users.update_self', 'PATCH', `/api/v1/users/${s.account.id}`, { json: { displayName: `Member ${randomBytes(3).toString('hex')}` } });
    },
    create: async (t: TenantSessions) => {
      const email = `made-${Date.now().toString(36)}${randomBytes(4).toString('hex')}@${t.tenant.domain}`;
      await t.admin.call('users.create', 'POST', '/api/v1/users', {
        json: { email, displayName: 'Load user', role: 'member', password: derivedPassword(this.config, email) },
        expect: [201],
      });
    },
    auditList: async (t: TenantSessions) => {
      await t.admin.call('audit.list', 'GET', '/api/v1/audit-logs?limit=25');
    },
    auditFilter: async (t: TenantSessions) => {
      const from = new Date(Date.now() - 3_600_000).toISOString();
      const action = pick(['user.update', 'user.create', 'auth.login']);
      await t.admin.call('audit.filter', 'GET', `/api/v1/audit-logs?action=${action}&from=${from}&limit=25`);
    },
    export: async (t: TenantSessions) => {
      const from = new Date(Date.now() - 600_000).toISOString();
      const r = await t.admin.call('audit.export', 'POST', '/api/v1/audit-logs/exports', { json: { format: 'ndjson', from }, expect: [202] });
      if (r.status !== 202) return;
      const until = Date.now() + 60_000;
      for (;;) {
        await new Promise((res) => setTimeout(res, 500));
        const p = await t.admin.call('audit.export.poll', 'GET', `/api/v1/audit-logs/exports/${r.body.id}`);
        if (p.body?.state === 'completed' || p.body?.state === 'failed' || p.status !== 200) {
          this.metrics.check('audit.export: completes', p.body?.state === 'completed', p.text.slice(0, 200));
          return;
        }
        if (Date.now() > until) {
          this.metrics.check('audit.export: completes', false, `still ${p.body?.state} after 60 s`);
          return;
        }
      }
    },
  };

  // After `actions`: field initialisers run in order.
  /** LOAD_MIX (`list:50,get:50`) replaces the weights: e.g. a read-only mix to find the knee without bcrypt. */
  private readonly weights: [keyof Mix['actions'], number][] = process.env.LOAD_MIX
    ? process.env.LOAD_MIX.split(',').map((p) => {
        const [name, w] = p.split(':') as [keyof Mix['actions'], string];
        if (!(name in this.actions)) throw new Error(`LOAD_MIX: ${name} is not one of ${Object.keys(this.actions).join(', ')}`);
        return [name, Number(w)];
      })
    : Mix.WEIGHTS;
}
