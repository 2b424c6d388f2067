// The smoke's table: one entry per operation of the API's OpenAPI document, run once per
// role listed (public operations once, as `public`). The smoke compares this table with the
// live /openapi.json: an operation (or a role of one) without an entry here fails the smoke,
// naming it. Adding an endpoint = adding one entry below.
// Entries run in this order, each role in the order given, and may leave ids in `c.ids` for
// later ones (a user created by POST /users is replaced, patched, invited, then deleted).
import { base32Decode, totp } from '@sentinel/platform';
import type { Answer, RequestOptions } from './lib/http.js';
import type { Role } from './lib/world.js';

export type Caller = Role | 'public';

export interface SmokeContext {
  /** The operation's own request as `role` (recorded under the case's tag, its status checked). */
  call(role: Caller, method: string, path: string, o?: Omit<RequestOptions, 'token' | 'tenantId'>): Promise<Answer>;
  /** A request that prepares a case (recorded as `smoke.setup`). */
  setup(role: Caller, method: string, path: string, o?: Omit<RequestOptions, 'token' | 'tenantId'>): Promise<Answer>;
  /** A named assertion of this case. */
  check(what: string, ok: boolean, detail?: string): boolean;
  /** The signed-in account of a role: its id, email, tenant. */
  account(role: Role): { id: string; email: string; tenantId: string; slug: string; domain: string };
  /** Sign in again as `role` (a session of its own, e.g. to log it out). */
  signIn(role: Role): Promise<{ accessToken: string; refreshToken: string }>;
  /** The invitation token mailed to `email` after `sinceMs`, when the run can read invitation mail. */
  inviteToken: ((email: string, sinceMs: number) => Promise<string>) | undefined;
  ids: Map<string, string>;
  unique(prefix: string): string;
  /** GET `path` as `role` until `done(body)`, up to `timeoutMs`. */
  until(role: Caller, path: string, done: (body: any) => boolean, timeoutMs?: number): Promise<any>;
  password(email: string): string;
}

export interface SmokeCase {
  /** `METHOD /path` exactly as in the OpenAPI document. */
  op: string;
  roles: Caller[];
  run(c: SmokeContext, role: Caller): Promise<void>;
}

const admins: Role[] = ['tenant_admin', 'platform_admin'];
const everyone: Role[] = ['platform_admin', 'tenant_admin', 'member'];
const final = (b: { state?: string }) => b.state === 'completed' || b.state === 'failed';
const asRole = (r: Caller) => r as Role;

/** An email in the caller's tenant's domain (platform admins: the platform tenant's). */
const emailFor = (c: SmokeContext, role: Caller, prefix: string) => `${c.unique(prefix)}@${c.account(asRole(role)).domain}`;

export const SMOKE_CASES: SmokeCase[] = [
  { op: 'GET /', roles: ['public'], run: async (c) => void (await c.call('public', 'GET', '/')) },
  { op: 'GET /api/v1/health', roles: ['public'], run: async (c) => void (await c.call('public', 'GET', '/api/v1/health')) },
  { op: 'GET /api/v1/ready', roles: ['public'], run: async (c) => void (await c.call('public', 'GET', '/api/v1/ready')) },
  {
    op: 'POST /api/v1/auth/login',
    roles: ['public'],
    run: async (c) => {
      const a = c.account('member');
      const r = await c.call('public', 'POST', '/api/v1/auth/login', { json: { tenant: a.slug, email: a.email, password: c.password(a.email) } });
      c.check('login returns a token pair', typeof r.body?.accessToken === 'string' && typeof r.body?.refreshToken === 'string');
    },
  },
  {
    op: 'POST /api/v1/auth/refresh',
    roles: ['public'],
    run: async (c) => {
      const { refreshToken } = await c.signIn('member');
      const r = await c.call('public', 'POST', '/api/v1/auth/refresh', { json: { refreshToken } });
      c.check('refresh rotates the refresh token', typeof r.body?.refreshToken === 'string' && r.body.refreshToken !== refreshToken);
    },
  },
  {
    op: 'POST /api/v1/auth/accept-invite',
    roles: ['public'],
    run: async (c) => {
      if (!c.inviteToken) {
        // Without a way to read the mail (LOAD_INVITES), only the refusal of a token that is no invitation.
        const r = await c.call('public', 'POST', '/api/v1/auth/accept-invite', {
          json: { token: 'x'.repeat(40), password: c.password('nobody') },
          expect: [400],
        });
        c.check('a forged token is refused as SENTINEL_INVITATION_INVALID', r.body?.code === 'SENTINEL_INVITATION_INVALID', r.text);
        return;
      }
      const email = emailFor(c, 'tenant_admin', 'smoke-invitee');
      const since = Date.now();
      const u = await c.setup('tenant_admin', 'POST', '/api/v1/users', { json: { email, displayName: 'Smoke invitee' }, expect: [201] });
      const token = await c.inviteToken(email, since);
      await c.call('public', 'POST', '/api/v1/auth/accept-invite', { json: { token, password: c.password(email) } });
      await c.setup('tenant_admin', 'DELETE', `/api/v1/users/${u.body.id}`, { expect: [204] });
    },
  },
  {
    op: 'POST /api/v1/auth/logout',
    roles: everyone,
    run: async (c, role) => {
      const s = await c.signIn(asRole(role));
      // Its own session only: the run's other tokens stay valid.
      await c.call(role, 'POST', '/api/v1/auth/logout', { json: { refreshToken: s.refreshToken }, expect: [204] });
    },
  },
  {
    op: 'GET /api/v1/auth/sessions',
    roles: everyone,
    run: async (c, role) => {
      const r = await c.call(role, 'GET', '/api/v1/auth/sessions');
      c.check('sessions list the current one', Array.isArray(r.body?.items) && r.body.items.some((s: { current: boolean }) => s.current), r.text);
    },
  },
  {
    op: 'DELETE /api/v1/auth/sessions/{id}',
    roles: everyone,
    run: async (c, role) => {
      // A second sign-in, ended from the first: its id is the family claim of its access token.
      const s = await c.signIn(asRole(role));
      const fid = (JSON.parse(Buffer.from(s.accessToken.split('.')[1]!, 'base64url').toString()) as { fid?: string }).fid;
      c.check('access tokens carry their session (fid)', typeof fid === 'string');
      await c.call(role, 'DELETE', `/api/v1/auth/sessions/${fid}`, { expect: [204] });
      const again = await c.setup('public', 'POST', '/api/v1/auth/refresh', { json: { refreshToken: s.refreshToken }, expect: [401] });
      c.check("the ended session's refresh token is refused", again.status === 401, again.text);
    },
  },
  {
    op: 'GET /api/v1/auth/me',
    roles: everyone,
    run: async (c, role) => {
      const r = await c.call(role, 'GET', '/api/v1/auth/me');
      c.check('me is the caller', r.body?.user?.id === c.account(asRole(role)).id, r.text);
    },
  },
  {
    op: 'POST /api/v1/users',
    roles: admins,
    run: async (c, role) => {
      // Platform admins create in the platform tenant, which holds platform admins only: without a password (invited).
      const json =
        role === 'platform_admin'
          ? { email: emailFor(c, role, 'smoke-pa'), displayName: 'Smoke platform admin', role: 'platform_admin' }
          : { email: emailFor(c, role, 'smoke-user'), displayName: 'Smoke user', role: 'member', password: c.password('smoke-user') };
      const r = await c.call(role, 'POST', '/api/v1/users', { json, expect: [201] });
      if (r.body?.id) c.ids.set(`user:${role}`, r.body.id);
    },
  },
  {
    op: 'GET /api/v1/users',
    roles: everyone,
    run: async (c, role) => {
      const r = await c.call(role, 'GET', '/api/v1/users?limit=10&sort=-createdAt');
      c.check('users page', Array.isArray(r.body?.items), r.text);
    },
  },
  {
    op: 'GET /api/v1/users/{id}',
    roles: everyone,
    run: async (c, role) => void (await c.call(role, 'GET', `/api/v1/users/${c.account(asRole(role)).id}`)),
  },
  {
    op: 'PUT /api/v1/users/{id}',
    roles: admins,
    run: async (c, role) => {
      const id = c.ids.get(`user:${role}`);
      const u = await c.setup(role, 'GET', `/api/v1/users/${id}`);
      await c.call(role, 'PUT', `/api/v1/users/${id}`, { json: { email: u.body.email, displayName: 'Smoke replaced', role: u.body.role } });
    },
  },
  {
    op: 'PATCH /api/v1/users/{id}',
    roles: everyone,
    run: async (c, role) => {
      // Members change their own display name; admins the user they created.
      const id = role === 'member' ? c.account('member').id : c.ids.get(`user:${role}`);
      await c.call(role, 'PATCH', `/api/v1/users/${id}`, { json: { displayName: role === 'member' ? 'Member one' : 'Smoke patched' } });
    },
  },
  {
    op: 'POST /api/v1/users/{id}/invite',
    roles: admins,
    run: async (c, role) => {
      let id = c.ids.get(`user:${role}`);
      if (role === 'tenant_admin') {
        // The tenant admin's user has a password (409 by design): invite one without.
        const u = await c.setup(role, 'POST', '/api/v1/users', {
          json: { email: emailFor(c, role, 'smoke-reinvite'), displayName: 'Smoke reinvite' },
          expect: [201],
        });
        id = u.body.id as string;
        c.ids.set('user:reinvitee', id);
      }
      const r = await c.call(role, 'POST', `/api/v1/users/${id}/invite`, { expect: [202] });
      c.check('invitation queued', r.body?.queued === true, r.text);
    },
  },
  {
    op: 'POST /api/v1/users/imports',
    roles: admins,
    run: async (c, role) => {
      const csv = `email,displayName\n${emailFor(c, role, 'smoke-import')},Imported\n`;
      const r = await c.call(role, 'POST', '/api/v1/users/imports', { raw: { contentType: 'text/csv', body: csv }, expect: [202] });
      if (r.body?.id) c.ids.set(`job:${role}`, r.body.id);
    },
  },
  { op: 'GET /api/v1/jobs', roles: admins, run: async (c, role) => void (await c.call(role, 'GET', '/api/v1/jobs?limit=10')) },
  {
    op: 'GET /api/v1/jobs/{id}',
    roles: admins,
    run: async (c, role) => {
      const id = c.ids.get(`job:${role}`);
      await c.until(role, `/api/v1/jobs/${id}`, final);
      const r = await c.call(role, 'GET', `/api/v1/jobs/${id}`);
      c.check('the import job finished', final(r.body ?? {}), r.text);
    },
  },
  {
    op: 'GET /api/v1/jobs/{id}/events',
    roles: admins,
    run: async (c, role) => {
      // The job has finished: the stream sends its final state and ends.
      const r = await c.call(role, 'GET', `/api/v1/jobs/${c.ids.get(`job:${role}`)}/events`, {
        stream: { ms: 5_000, until: (text) => /"state":"(completed|failed)"/.test(text) },
      });
      c.check('the event stream sent the final state', /event: job/.test(r.text) && /"state":"(completed|failed)"/.test(r.text), r.text.slice(0, 300));
    },
  },
  {
    op: 'POST /api/v1/jobs/{id}/retry',
    roles: ['platform_admin'],
    run: async (c, role) => {
      // A failed job if the installation has one (202); otherwise a finished one, refused as not failed (409).
      const failed = await c.setup(role, 'GET', '/api/v1/jobs?state=failed&limit=1');
      const id = (failed.body?.items?.[0]?.id as string | undefined) ?? c.ids.get('job:platform_admin');
      const r = await c.call(role, 'POST', `/api/v1/jobs/${id}/retry`, { expect: failed.body?.items?.length ? [202] : [409] });
      if (r.status === 409) c.check('retry of a job that has not failed: SENTINEL_JOB_NOT_FAILED', r.body?.code === 'SENTINEL_JOB_NOT_FAILED', r.text);
    },
  },
  {
    op: 'DELETE /api/v1/users/{id}',
    roles: admins,
    run: async (c, role) => {
      await c.call(role, 'DELETE', `/api/v1/users/${c.ids.get(`user:${role}`)}`, { expect: [204] });
      if (role === 'tenant_admin') await c.setup(role, 'DELETE', `/api/v1/users/${c.ids.get('user:reinvitee')}`, { expect: [204] });
    },
  },
  {
    op: 'POST /api/v1/users/{id}/erase',
    roles: admins,
    run: async (c, role) => {
      // A user of its own, erased: the tombstone names a pseudonym, never the email.
      const json =
        role === 'platform_admin'
          ? { email: emailFor(c, role, 'smoke-erase'), displayName: 'Smoke erasure', role: 'platform_admin' }
          : { email: emailFor(c, role, 'smoke-erase'), displayName: 'Smoke erasure', role: 'member' };
      const u = await c.setup(role, 'POST', '/api/v1/users', { json, expect: [201] });
      const r = await c.call(role, 'POST', `/api/v1/users/${u.body?.id}/erase`, { expect: [200] });
      c.check('erased to a pseudonym', /^erased-user-[0-9a-f]{32}$/.test(r.body?.pseudonym ?? '') && !r.text.includes(json.email), r.text);
    },
  },
  {
    op: 'GET /api/v1/erasures',
    roles: admins,
    run: async (c, role) => {
      const r = await c.call(role, 'GET', '/api/v1/erasures?limit=5');
      c.check('the erasure just made is listed', Array.isArray(r.body?.items) && r.body.items.length > 0, r.text);
    },
  },
  {
    op: 'GET /api/v1/tenants/{id}',
    roles: everyone,
    run: async (c, role) => {
      // Everyone reads the seeded tenant: platform admins any, the others their own.
      const id = c.account('tenant_admin').tenantId;
      await c.call(role, 'GET', `/api/v1/tenants/${id}`);
    },
  },
  { op: 'GET /api/v1/tenants', roles: ['platform_admin'], run: async (c) => void (await c.call('platform_admin', 'GET', '/api/v1/tenants?limit=10')) },
  {
    op: 'POST /api/v1/tenants',
    roles: ['platform_admin'],
    run: async (c) => {
      const r = await c.call('platform_admin', 'POST', '/api/v1/tenants', {
        json: { slug: c.unique('smoke-t'), displayName: 'Smoke tenant', plan: 'free' },
        expect: [201],
      });
      if (r.body?.id) c.ids.set('tenant', r.body.id);
      if (r.body?.slug) c.ids.set('tenantSlug', r.body.slug);
    },
  },
  {
    op: 'PUT /api/v1/tenants/{id}',
    roles: ['platform_admin'],
    run: async (c) =>
      void (await c.call('platform_admin', 'PUT', `/api/v1/tenants/${c.ids.get('tenant')}`, {
        json: { displayName: 'Smoke tenant (replaced)', plan: 'free', status: 'active', auditRetentionDays: 30 },
      })),
  },
  {
    op: 'PATCH /api/v1/tenants/{id}',
    roles: ['platform_admin', 'tenant_admin'],
    run: async (c, role) => {
      if (role === 'platform_admin') {
        await c.call(role, 'PATCH', `/api/v1/tenants/${c.ids.get('tenant')}`, { json: { displayName: 'Smoke tenant (patched)' } });
        return;
      }
      // A tenant admin renames their own tenant: to the name it has, so the seed stays as it was.
      const id = c.account('tenant_admin').tenantId;
      const now = await c.setup(role, 'GET', `/api/v1/tenants/${id}`, { expect: [200] });
      const r = await c.call(role, 'PATCH', `/api/v1/tenants/${id}`, { json: { displayName: now.body?.displayName } });
      c.check('the tenant admin renamed their tenant', r.body?.displayName === now.body?.displayName, r.text);
    },
  },
  {
    op: 'GET /api/v1/tenants/{id}/usage',
    roles: ['platform_admin'],
    run: async (c, role) => {
      const r = await c.call(role, 'GET', `/api/v1/tenants/${c.account('tenant_admin').tenantId}/usage`);
      c.check('usage per day of a tenant', Array.isArray(r.body?.items), r.text);
    },
  },
  {
    op: 'POST /api/v1/api-keys',
    roles: admins,
    run: async (c, role) => {
      const r = await c.call(role, 'POST', '/api/v1/api-keys', {
        json: { name: c.unique('smoke'), scopes: role === 'platform_admin' ? ['tenants:read'] : ['users:read'] },
      });
      c.check('the key is shown once, in its format', /^snl_[0-9A-Za-z]{44}_[0-9A-Za-z]{43}_[0-9A-Za-z]{6}$/.test(String(r.body?.key)), r.text);
      if (r.body?.id) c.ids.set(`apiKey:${role}`, r.body.id);
    },
  },
  {
    op: 'GET /api/v1/api-keys',
    roles: admins,
    run: async (c, role) => {
      const r = await c.call(role, 'GET', '/api/v1/api-keys');
      c.check(
        'the new key is listed, without its secret',
        r.body?.items?.some((k: { id: string; key?: string }) => k.id === c.ids.get(`apiKey:${role}`) && !k.key),
        r.text,
      );
    },
  },
  {
    op: 'GET /api/v1/api-keys/{id}',
    roles: admins,
    run: async (c, role) => {
      const r = await c.call(role, 'GET', `/api/v1/api-keys/${c.ids.get(`apiKey:${role}`)}`);
      c.check('the key reads back', r.body?.id === c.ids.get(`apiKey:${role}`), r.text);
    },
  },
  {
    op: 'POST /api/v1/api-keys/{id}/rotate',
    roles: admins,
    run: async (c, role) => {
      const r = await c.call(role, 'POST', `/api/v1/api-keys/${c.ids.get(`apiKey:${role}`)}/rotate`);
      c.check('rotation shows a new key', typeof r.body?.key === 'string' && r.body?.rotatedAt !== null, r.text);
    },
  },
  {
    op: 'DELETE /api/v1/api-keys/{id}',
    roles: admins,
    run: async (c, role) => void (await c.call(role, 'DELETE', `/api/v1/api-keys/${c.ids.get(`apiKey:${role}`)}`)),
  },
  {
    op: 'POST /api/v1/webhooks/endpoints',
    roles: ['tenant_admin'],
    run: async (c, role) => {
      const r = await c.call(role, 'POST', '/api/v1/webhooks/endpoints', {
        json: { url: 'https://hooks.example.com/smoke', description: c.unique('smoke'), eventTypes: ['user.created'], enabled: false },
      });
      c.check('the signing secret is shown once, in the Standard Webhooks format', /^whsec_[A-Za-z0-9+/]{43}=$/.test(String(r.body?.secret)), r.text);
      if (r.body?.id) c.ids.set('webhookEndpoint', r.body.id);
    },
  },
  {
    op: 'GET /api/v1/webhooks/endpoints',
    roles: ['tenant_admin'],
    run: async (c, role) => {
      const r = await c.call(role, 'GET', '/api/v1/webhooks/endpoints');
      c.check(
        'the new endpoint is listed, without its secret',
        r.body?.items?.some((e: { id: string; secret?: string }) => e.id === c.ids.get('webhookEndpoint') && !e.secret),
        r.text,
      );
    },
  },
  {
    op: 'GET /api/v1/webhooks/endpoints/{id}',
    roles: ['tenant_admin'],
    run: async (c, role) => {
      const r = await c.call(role, 'GET', `/api/v1/webhooks/endpoints/${c.ids.get('webhookEndpoint')}`);
      c.check('the endpoint reads back', r.body?.id === c.ids.get('webhookEndpoint'), r.text);
    },
  },
  {
    op: 'PATCH /api/v1/webhooks/endpoints/{id}',
    roles: ['tenant_admin'],
    run: async (c, role) => {
      const r = await c.call(role, 'PATCH', `/api/v1/webhooks/endpoints/${c.ids.get('webhookEndpoint')}`, { json: { eventTypes: ['user.updated'] } });
      c.check('the event types changed', r.body?.eventTypes?.[0] === 'user.updated', r.text);
    },
  },
  {
    op: 'POST /api/v1/webhooks/endpoints/{id}/rotate-secret',
    roles: ['tenant_admin'],
    run: async (c, role) => {
      const r = await c.call(role, 'POST', `/api/v1/webhooks/endpoints/${c.ids.get('webhookEndpoint')}/rotate-secret`);
      c.check('rotation shows a new secret and an overlap', typeof r.body?.secret === 'string' && r.body?.previousSecretExpiresAt !== null, r.text);
    },
  },
  {
    op: 'GET /api/v1/webhooks/endpoints/{id}/deliveries',
    roles: ['tenant_admin'],
    run: async (c, role) => {
      const r = await c.call(role, 'GET', `/api/v1/webhooks/endpoints/${c.ids.get('webhookEndpoint')}/deliveries?limit=10`);
      c.check('a disabled endpoint has no deliveries', Array.isArray(r.body?.items) && r.body.items.length === 0, r.text);
    },
  },
  {
    op: 'POST /api/v1/webhooks/endpoints/{id}/deliveries/{deliveryId}/redeliver',
    roles: ['tenant_admin'],
    run: async (c, role) => {
      // The smoke's endpoint is disabled (nothing is sent from a smoke run): redelivering is refused.
      const r = await c.call(
        role,
        'POST',
        `/api/v1/webhooks/endpoints/${c.ids.get('webhookEndpoint')}/deliveries/00000000-0000-4000-8000-000000000001/redeliver`,
        {
          expect: [409],
        },
      );
      c.check('a disabled endpoint redelivers nothing', r.body?.code === 'SENTINEL_WEBHOOK_ENDPOINT_DISABLED', r.text);
    },
  },
  {
    op: 'DELETE /api/v1/webhooks/endpoints/{id}',
    roles: ['tenant_admin'],
    run: async (c, role) => void (await c.call(role, 'DELETE', `/api/v1/webhooks/endpoints/${c.ids.get('webhookEndpoint')}`)),
  },
  {
    op: 'GET /api/v1/usage',
    roles: ['tenant_admin'],
    run: async (c, role) => {
      const r = await c.call(role, 'GET', '/api/v1/usage');
      c.check("usage per day of the caller's tenant", Array.isArray(r.body?.items), r.text);
    },
  },
  {
    op: 'POST /api/v1/tenants/{id}/admins',
    roles: ['platform_admin'],
    run: async (c) => {
      const r = await c.call('platform_admin', 'POST', `/api/v1/tenants/${c.ids.get('tenant')}/admins`, {
        json: { email: 'admin@smoke.example.com' },
        expect: [201],
      });
      c.check('a new admin is invited', r.body?.created === true && r.body?.invitation !== null, r.text);
    },
  },
  {
    op: 'DELETE /api/v1/tenants/{id}',
    roles: ['platform_admin'],
    run: async (c) =>
      void (await c.call('platform_admin', 'DELETE', `/api/v1/tenants/${c.ids.get('tenant')}?confirm=${c.ids.get('tenantSlug')}`, { expect: [204] })),
  },
  {
    op: 'POST /api/v1/audit-logs/exports',
    roles: admins,
    run: async (c, role) => {
      const json = role === 'tenant_admin' ? { format: 'ndjson', action: 'user.create' } : { format: 'csv' };
      const r = await c.call(role, 'POST', '/api/v1/audit-logs/exports', { json, expect: [202] });
      if (r.body?.id) c.ids.set(`export:${role}`, r.body.id);
    },
  },
  {
    op: 'GET /api/v1/audit-logs/exports/{id}',
    roles: admins,
    run: async (c, role) => {
      const id = c.ids.get(`export:${role}`);
      await c.until(role, `/api/v1/audit-logs/exports/${id}`, final);
      const r = await c.call(role, 'GET', `/api/v1/audit-logs/exports/${id}`);
      c.check('the export completed', r.body?.state === 'completed', r.text);
    },
  },
  {
    op: 'GET /api/v1/audit-logs/exports/{id}/download',
    roles: admins,
    // The tenant admin's NDJSON is parsed and every record checked against the tenant (lib/isolation.ts).
    run: async (c, role) => void (await c.call(role, 'GET', `/api/v1/audit-logs/exports/${c.ids.get(`export:${role}`)}/download`)),
  },
  {
    op: 'POST /api/v1/tenants/{id}/exports',
    roles: admins,
    // Both export the tenant admin's tenant: a tenant admin their own, a platform admin any.
    run: async (c, role) => {
      const r = await c.call(role, 'POST', `/api/v1/tenants/${c.account('tenant_admin').tenantId}/exports`, { expect: [202] });
      if (r.body?.id) c.ids.set(`tenant-export:${role}`, r.body.id);
    },
  },
  {
    op: 'GET /api/v1/tenants/{id}/exports/{exportId}',
    roles: admins,
    run: async (c, role) => {
      const path = `/api/v1/tenants/${c.account('tenant_admin').tenantId}/exports/${c.ids.get(`tenant-export:${role}`)}`;
      await c.until(role, path, final);
      const r = await c.call(role, 'GET', path);
      c.check('the tenant export completed with a download link', r.body?.state === 'completed' && typeof r.body?.download === 'string', r.text);
    },
  },
  {
    op: 'GET /api/v1/tenants/{id}/exports/{exportId}/download',
    roles: admins,
    run: async (c, role) => {
      const path = `/api/v1/tenants/${c.account('tenant_admin').tenantId}/exports/${c.ids.get(`tenant-export:${role}`)}/download`;
      const r = await c.call(role, 'GET', path, { expect: [200] });
      c.check('the tenant export is a gzip', r.headers['content-type'] === 'application/gzip', r.headers['content-type']);
      await c.call(role, 'GET', path, { expect: [410] });
    },
  },
  {
    op: 'GET /api/v1/audit-logs',
    roles: admins,
    run: async (c, role) => {
      const r = await c.call(role, 'GET', '/api/v1/audit-logs?action=user.create&limit=10');
      c.check('filtered audit page', Array.isArray(r.body?.items) && r.body.items.every((x: { action: string }) => x.action === 'user.create'), r.text);
    },
  },
  // MFA last: each role enrols; the member signs in with a recovery code; each role then turns
  // MFA off with another, so no later sign-in of the run meets a challenge.
  {
    op: 'GET /api/v1/auth/mfa',
    roles: everyone,
    run: async (c, role) => {
      const r = await c.call(role, 'GET', '/api/v1/auth/mfa');
      c.check('nobody has MFA yet', r.body?.enrolled === false, r.text);
    },
  },
  {
    op: 'GET /api/v1/tenants/{id}/mfa-policy',
    roles: everyone,
    run: async (c, role) => {
      const r = await c.call(role, 'GET', `/api/v1/tenants/${c.account(asRole(role)).tenantId}/mfa-policy`);
      c.check('MFA is not required', r.body?.required === 'off', r.text);
    },
  },
  {
    op: 'PUT /api/v1/tenants/{id}/mfa-policy',
    roles: ['tenant_admin'],
    run: async (c) => {
      const r = await c.call('tenant_admin', 'PUT', `/api/v1/tenants/${c.account('tenant_admin').tenantId}/mfa-policy`, { json: { required: 'off' } });
      c.check('the policy is set (unchanged)', r.body?.required === 'off', r.text);
    },
  },
  {
    op: 'GET /api/v1/tenant/sso',
    roles: ['tenant_admin'],
    run: async (c) => {
      const r = await c.call('tenant_admin', 'GET', '/api/v1/tenant/sso');
      c.check(
        'no single sign-on is configured, and the redirect URI to register is given',
        r.body?.configured === false && typeof r.body?.callbackUrl === 'string',
        r.text,
      );
    },
  },
  {
    op: 'PUT /api/v1/tenant/sso',
    roles: ['tenant_admin'],
    run: async (c) => {
      // No identity provider runs beside the smoke: an issuer that answers nothing is refused, naming it.
      const json = { issuer: 'http://127.0.0.1:9/', clientId: 'smoke', clientSecret: 'smoke-secret', allowedDomains: ['example.com'] };
      const r = await c.call('tenant_admin', 'PUT', '/api/v1/tenant/sso', { json, expect: [400] });
      c.check('an issuer without discovery is refused naming body.issuer', r.body?.errors?.[0]?.field === 'body.issuer', r.text);
    },
  },
  {
    op: 'DELETE /api/v1/tenant/sso',
    roles: ['tenant_admin'],
    run: async (c) => void (await c.call('tenant_admin', 'DELETE', '/api/v1/tenant/sso', { expect: [404] })),
  },
  {
    op: 'GET /api/v1/auth/sso/{tenant}/start',
    roles: ['public'],
    run: async (c) => {
      const r = await c.call(
        'public',
        'GET',
        `/api/v1/auth/sso/${c.account('member').slug}/start?redirect_uri=${encodeURIComponent('https://elsewhere.example/cb')}`,
        {
          expect: [400],
        },
      );
      c.check('a redirect URI the server does not allow is refused naming it', r.body?.errors?.[0]?.field === 'query.redirect_uri', r.text);
    },
  },
  {
    op: 'POST /api/v1/auth/sso/callback',
    roles: ['public'],
    run: async (c) => {
      const r = await c.call('public', 'POST', '/api/v1/auth/sso/callback', { json: { code: 'junk', state: 'junk' }, expect: [400] });
      c.check('an unknown state is SENTINEL_AUTH_SSO_INVALID', r.body?.code === 'SENTINEL_AUTH_SSO_INVALID', r.text);
    },
  },
  {
    op: 'POST /api/v1/auth/mfa/enrolment',
    roles: everyone,
    run: async (c, role) => {
      const r = await c.call(role, 'POST', '/api/v1/auth/mfa/enrolment', { expect: [201] });
      c.check('a secret and an otpauth:// URI', typeof r.body?.secret === 'string' && String(r.body?.otpauthUri).startsWith('otpauth://totp/'), r.text);
      if (r.body?.secret) c.ids.set(`mfaSecret:${role}`, r.body.secret);
    },
  },
  {
    op: 'POST /api/v1/auth/mfa/enrolment/confirm',
    roles: everyone,
    run: async (c, role) => {
      const code = totp(base32Decode(c.ids.get(`mfaSecret:${role}`) ?? ''), Date.now());
      const r = await c.call(role, 'POST', '/api/v1/auth/mfa/enrolment/confirm', { json: { code } });
      c.check('ten recovery codes', r.body?.recoveryCodes?.length === 10, r.text);
      (r.body?.recoveryCodes ?? []).forEach((rc: string, i: number) => c.ids.set(`recovery:${role}:${i}`, rc));
    },
  },
  {
    op: 'POST /api/v1/auth/mfa/verify',
    roles: ['public'],
    run: async (c) => {
      const a = c.account('member');
      const login = await c.setup('public', 'POST', '/api/v1/auth/login', { json: { tenant: a.slug, email: a.email, password: c.password(a.email) } });
      c.check('login answers a challenge', login.body?.mfaRequired === true && login.body?.accessToken === undefined, login.text);
      const r = await c.call('public', 'POST', '/api/v1/auth/mfa/verify', { json: { challenge: login.body?.challenge, code: c.ids.get('recovery:member:0') } });
      c.check('a recovery code finishes the sign-in', typeof r.body?.accessToken === 'string', r.text);
    },
  },
  {
    op: 'POST /api/v1/auth/mfa/challenge/enrolment',
    roles: ['public'],
    run: async (c) => {
      // Only a tenant that requires MFA hands out enrolment challenges; the smoke's do not.
      const r = await c.call('public', 'POST', '/api/v1/auth/mfa/challenge/enrolment', { json: { challenge: 'not-a-challenge' }, expect: [401] });
      c.check('a forged challenge is refused', r.body?.code === 'SENTINEL_MFA_CHALLENGE_INVALID', r.text);
    },
  },
  {
    op: 'POST /api/v1/auth/mfa/recovery-codes',
    roles: everyone,
    run: async (c, role) => {
      // The next step's code: the confirmation spent the current one (a step of clock skew is accepted).
      const code = totp(base32Decode(c.ids.get(`mfaSecret:${role}`) ?? ''), Date.now() + 30_000);
      const r = await c.call(role, 'POST', '/api/v1/auth/mfa/recovery-codes', { json: { code } });
      c.check('ten new recovery codes', r.body?.recoveryCodes?.length === 10 && !r.body.recoveryCodes.includes(c.ids.get(`recovery:${role}:1`)), r.text);
      (r.body?.recoveryCodes ?? []).forEach((rc: string, i: number) => c.ids.set(`recovery:${role}:${i}`, rc));
    },
  },
  {
    op: 'POST /api/v1/auth/mfa/disable',
    roles: everyone,
    run: async (c, role) => void (await c.call(role, 'POST', '/api/v1/auth/mfa/disable', { json: { code: c.ids.get(`recovery:${role}:1`) }, expect: [204] })),
  },
  {
    op: 'DELETE /api/v1/users/{id}/mfa',
    roles: admins,
    // Nothing is enrolled any more: the reset answers 204 and changes nothing.
    run: async (c, role) => {
      const target = role === 'tenant_admin' ? c.account('member').id : c.account('platform_admin').id;
      await c.call(role, 'DELETE', `/api/v1/users/${target}/mfa`, { expect: [204] });
    },
  },
];
