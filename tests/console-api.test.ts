// The API endpoints the web console (issue #12) needs beyond the first screens: a user's
// sessions, usage per day, a job's progress as server-sent events, and tenant admins
// renaming their tenant. Real: PostgreSQL (RLS, the app role's grants), Redis/BullMQ with
// a fresh prefix, the worker pipeline in this process, HTTP through fetch.
import { randomBytes, randomUUID } from 'node:crypto';
import { signAccessToken, utcDay } from '@sentinel/platform';
import { usageRollup } from '../services/worker/src/processors/maintenance.js';
import { call, expectProblem, loginPair, sqlAs, startApi, type Res } from './helpers/stack.js';
import { useFixture } from './helpers/suite.js';
import { waitFor } from './helpers/wait.js';
import { useWorkerStack } from './helpers/worker.js';

const { api, fx } = useWorkerStack('console');
const A = useFixture(() => fx.tenantWithUsers(api.url));
const B = useFixture(() => fx.tenantWithUsers(api.url));
const admin = useFixture(() => fx.platformAdmin(api.url));

/** The session (refresh-token family) an access token was issued in. */
const fidOf = (accessToken: string): string | undefined =>
  (JSON.parse(Buffer.from(accessToken.split('.')[1]!, 'base64url').toString()) as { fid?: string }).fid;

/** What a 404 says, without what differs per request. */
const sameAnswer = (r: Res) => ({ status: r.status, type: r.headers.get('content-type'), code: r.body?.code, title: r.body?.title, detail: r.body?.detail });

describe('sessions', () => {
  test('lists the caller’s active sessions, marks the current one, and keeps a session across refreshes', async () => {
    const u = await fx.user(A.tenant.id, { role: 'member' });
    const first = await loginPair(api.url, A.tenant.slug, u.email, u.password);
    const second = await loginPair(api.url, A.tenant.slug, u.email, u.password);
    const [f1, f2] = [fidOf(first.accessToken), fidOf(second.accessToken)];
    expect(f1).toMatch(/^[0-9a-f-]{36}$/);
    expect(f2).not.toBe(f1);

    const listed = await call(api.url, 'GET', '/api/v1/auth/sessions', { token: second.accessToken });
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((s: { id: string }) => s.id).sort()).toEqual([f1, f2].sort());
    expect(listed.body.items.filter((s: { current: boolean }) => s.current).map((s: { id: string }) => s.id)).toEqual([f2]);
    for (const s of listed.body.items) {
      expect(Date.parse(s.expiresAt)).toBeGreaterThan(Date.now());
      expect(Date.parse(s.lastUsedAt)).toBeGreaterThanOrEqual(Date.parse(s.createdAt));
    }

    // A refresh rotates the token inside the same session, which moves lastUsedAt and stays current.
    await new Promise((r) => setTimeout(r, 20));
    const rotated = await call(api.url, 'POST', '/api/v1/auth/refresh', { body: { refreshToken: first.refreshToken } });
    expect(rotated.status).toBe(200);
    expect(fidOf(rotated.body.accessToken)).toBe(f1);
    const after = await call(api.url, 'GET', '/api/v1/auth/sessions', { token: rotated.body.accessToken });
    const s1 = after.body.items.find((s: { id: string }) => s.id === f1);
    const before1 = listed.body.items.find((s: { id: string }) => s.id === f1);
    expect(after.body.items).toHaveLength(2);
    expect(s1).toMatchObject({ current: true, createdAt: before1.createdAt });
    expect(Date.parse(s1.lastUsedAt)).toBeGreaterThan(Date.parse(before1.lastUsedAt));
    // Most recently used first.
    expect(after.body.items[0].id).toBe(f1);

    // An access token issued before the `fid` claim existed still works; no session is current.
    const legacy = signAccessToken(api.config, { sub: u.id, tid: A.tenant.id, role: 'member' });
    const old = await call(api.url, 'GET', '/api/v1/auth/sessions', { token: legacy });
    expect(old.status).toBe(200);
    expect(old.body.items.map((s: { current: boolean }) => s.current)).toEqual([false, false]);
  });

  test('ending a session makes its refresh fail as after logout, is audited, and answers 404 for anything but your own active session', async () => {
    const u = await fx.user(A.tenant.id, { role: 'member' });
    const doomed = await loginPair(api.url, A.tenant.slug, u.email, u.password);
    const kept = await loginPair(api.url, A.tenant.slug, u.email, u.password);
    const fid = fidOf(doomed.accessToken)!;

    const r = await call(api.url, 'DELETE', `/api/v1/auth/sessions/${fid}`, { token: kept.accessToken });
    expect(r.status).toBe(204);
    expectProblem(await call(api.url, 'POST', '/api/v1/auth/refresh', { body: { refreshToken: doomed.refreshToken } }), 401, 'SENTINEL_AUTH_REFRESH_INVALID');
    expect((await call(api.url, 'POST', '/api/v1/auth/refresh', { body: { refreshToken: kept.refreshToken } })).status).toBe(200);
    const listed = await call(api.url, 'GET', '/api/v1/auth/sessions', { token: kept.accessToken });
    expect(listed.body.items.map((s: { id: string }) => s.id)).toEqual([fidOf(kept.accessToken)]);
    const audit = await fx.db.prisma.auditLog.findFirst({ where: { tenantId: A.tenant.id, action: 'auth.session.revoked', targetId: fid } });
    expect(audit).toMatchObject({ actorId: u.id, targetType: 'token_family', changes: { revoked: 1, current: false } });

    // Ended already, another user's (same tenant, and another tenant's), unknown: one answer.
    const notFound = sameAnswer(await call(api.url, 'DELETE', `/api/v1/auth/sessions/${randomUUID()}`, { token: kept.accessToken }));
    expect(notFound).toMatchObject({ status: 404, code: 'SENTINEL_NOT_FOUND' });
    const colleague = await loginPair(api.url, A.tenant.slug, A.admin.email, A.admin.password);
    const stranger = await loginPair(api.url, B.tenant.slug, B.member.email, B.member.password);
    for (const id of [fid, fidOf(colleague.accessToken), fidOf(stranger.accessToken)])
      expect(sameAnswer(await call(api.url, 'DELETE', `/api/v1/auth/sessions/${id}`, { token: kept.accessToken }))).toEqual(notFound);
    // Tenant A's admin cannot end tenant B's user's session either; and the sessions still work.
    expect(sameAnswer(await call(api.url, 'DELETE', `/api/v1/auth/sessions/${fidOf(stranger.accessToken)}`, { token: A.adminToken }))).toEqual(notFound);
    expect((await call(api.url, 'POST', '/api/v1/auth/refresh', { body: { refreshToken: stranger.refreshToken } })).status).toBe(200);
    expect((await call(api.url, 'POST', '/api/v1/auth/refresh', { body: { refreshToken: colleague.refreshToken } })).status).toBe(200);
    // A's admin lists only their own sessions.
    const own = await call(api.url, 'GET', '/api/v1/auth/sessions', { token: A.adminToken });
    expect(own.body.items.map((s: { id: string }) => s.id)).not.toContain(fidOf(stranger.accessToken));
    expect(own.body.items.map((s: { id: string }) => s.id)).toContain(fidOf(colleague.accessToken));

    const bad = await call(api.url, 'DELETE', '/api/v1/auth/sessions/not-a-uuid', { token: kept.accessToken });
    expectProblem(bad, 400, 'SENTINEL_VALIDATION_FAILED');
    expect(bad.body.errors).toEqual([{ field: 'params.id', message: 'must be a UUID' }]);
    expectProblem(await call(api.url, 'GET', '/api/v1/auth/sessions'), 401, 'SENTINEL_AUTH_REQUIRED');
  });
});

describe('usage per day', () => {
  const DAY = 86_400_000;
  const day = (n: number) => utcDay(new Date(Date.now() - n * DAY));
  const row = (tenantId: string, n: number, apiRequests: bigint) => ({ tenantId, day: new Date(day(n)), users: 3, activeUsers: 1, apiRequests });

  test('tenant admins read their own tenant’s days in order (default: the last 30), platform admins any tenant’s; others 403', async () => {
    const T = await fx.tenantWithUsers(api.url);
    await fx.db.prisma.tenantUsageDaily.createMany({
      data: [row(T.tenant.id, 40, 7n), row(T.tenant.id, 10, 5_000_000_000n), row(T.tenant.id, 1, 12n), row(B.tenant.id, 2, 99n)],
    });
    // Today's row as the worker's rollup writes it: two users, two sign-ins, the requests counted so far.
    for (let i = 0; i < 3; i++) await call(api.url, 'GET', '/api/v1/users', { token: T.adminToken });
    await new Promise((r) => setTimeout(r, 100)); // the request counter is written without waiting
    await usageRollup({ config: { EXPORT_RETENTION_DAYS: 7 }, platformDb: fx.db, redis: api.deps.redis }, { day: day(0) });

    const r = await call(api.url, 'GET', '/api/v1/usage', { token: T.adminToken });
    expect(r.status).toBe(200);
    expect(r.body.items).toEqual([
      { day: day(10), users: 3, activeUsers: 1, apiRequests: 5_000_000_000 },
      { day: day(1), users: 3, activeUsers: 1, apiRequests: 12 },
      { day: day(0), users: 2, activeUsers: 2, apiRequests: 3 },
    ]);
    const ranged = await call(api.url, 'GET', `/api/v1/usage?from=${day(40)}&to=${day(1)}`, { token: T.adminToken });
    expect(ranged.body.items.map((i: { day: string }) => i.day)).toEqual([day(40), day(10), day(1)]);
    // One day: from = to.
    expect((await call(api.url, 'GET', `/api/v1/usage?from=${day(10)}&to=${day(10)}`, { token: T.adminToken })).body.items).toHaveLength(1);

    const platform = await call(api.url, 'GET', `/api/v1/tenants/${T.tenant.id}/usage?from=${day(40)}&to=${day(1)}`, { token: admin.token });
    expect(platform.body).toEqual(ranged.body);
    expectProblem(await call(api.url, 'GET', `/api/v1/tenants/${randomUUID()}/usage`, { token: admin.token }), 404, 'SENTINEL_NOT_FOUND');
    expectProblem(await call(api.url, 'GET', '/api/v1/usage', { token: T.memberToken }), 403, 'SENTINEL_FORBIDDEN');
    expectProblem(await call(api.url, 'GET', '/api/v1/usage', { token: admin.token }), 403, 'SENTINEL_FORBIDDEN');
    // Another tenant's usage is out of reach: /usage is always the caller's own, /tenants/{id}/usage is platform admins'.
    expect(
      (await call(api.url, 'GET', `/api/v1/usage?from=${day(5)}&to=${day(0)}`, { token: B.adminToken })).body.items.map((i: { day: string }) => i.day),
    ).toEqual([day(2), day(0)]);
    expectProblem(await call(api.url, 'GET', `/api/v1/tenants/${T.tenant.id}/usage`, { token: B.adminToken }), 403, 'SENTINEL_FORBIDDEN');
  });

  test.each([
    ['from after to', `from=${day(1)}&to=${day(2)}`, 'query.from'],
    ['more than 366 days', `from=${day(366)}&to=${day(0)}`, 'query.from'],
    ['from in the future, to defaulting to today', `from=${day(-3)}`, 'query.from'],
    ['not a calendar day', 'from=2026-02-30', 'query.from'],
    ['a date-time', 'to=2026-02-01T00:00:00Z', 'query.to'],
    ['before 1970', 'from=1969-12-31&to=1970-01-02', 'query.from'],
    ['an unknown parameter', 'tenantId=x', 'query.tenantId'],
  ])('%s (%s): 400 naming %s', async (_what, query, field) => {
    for (const [path, token] of [
      ['/api/v1/usage', A.adminToken],
      [`/api/v1/tenants/${A.tenant.id}/usage`, admin.token],
    ] as const) {
      const r = await call(api.url, 'GET', `${path}?${query}`, { token });
      expectProblem(r, 400, 'SENTINEL_VALIDATION_FAILED');
      expect(r.body.errors.map((e: { field: string }) => e.field)).toEqual([field]);
    }
  });

  test('a range of exactly 366 days is accepted', async () => {
    expect((await call(api.url, 'GET', `/api/v1/usage?from=${day(365)}&to=${day(0)}`, { token: A.adminToken })).status).toBe(200);
  });
});

describe('tenant admins rename their tenant (PATCH /tenants/{id})', () => {
  test('their own tenant’s displayName only: audited, seen at once; other fields 403 naming each; members 403; another tenant 404', async () => {
    const T = await fx.tenantWithUsers(api.url);
    const me = await call(api.url, 'GET', '/api/v1/auth/me', { token: T.adminToken }); // caches the tenant row
    expect(me.body.tenant.displayName).toBe('Test tenant');
    const name = `Renamed ${randomBytes(3).toString('hex')}`;
    const r = await call(api.url, 'PATCH', `/api/v1/tenants/${T.tenant.id}`, { token: T.adminToken, body: { displayName: name } });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ id: T.tenant.id, displayName: name, plan: 'pro', status: 'active', managedBy: 'api' });
    expect((await call(api.url, 'GET', '/api/v1/auth/me', { token: T.memberToken })).body.tenant.displayName).toBe(name);
    const audit = await fx.db.prisma.auditLog.findFirst({ where: { tenantId: T.tenant.id, action: 'tenant.update', targetId: T.tenant.id } });
    expect(audit).toMatchObject({ actorId: T.admin.id, changes: { displayName: { from: 'Test tenant', to: name } } });

    const refused = await call(api.url, 'PATCH', `/api/v1/tenants/${T.tenant.id}`, {
      token: T.adminToken,
      body: { displayName: 'Sneaky', plan: 'enterprise', status: 'suspended', auditRetentionDays: 3650 },
    });
    expectProblem(refused, 403, 'SENTINEL_FORBIDDEN');
    expect(refused.body.errors.map((e: { field: string }) => e.field)).toEqual(['body.plan', 'body.status', 'body.auditRetentionDays']);
    expect((await fx.db.prisma.tenant.findUniqueOrThrow({ where: { id: T.tenant.id } })).displayName).toBe(name);

    expectProblem(
      await call(api.url, 'PATCH', `/api/v1/tenants/${T.tenant.id}`, { token: T.memberToken, body: { displayName: 'x' } }),
      403,
      'SENTINEL_FORBIDDEN',
    );
    expectProblem(
      await call(api.url, 'PATCH', `/api/v1/tenants/${B.tenant.id}`, { token: T.adminToken, body: { displayName: 'x' } }),
      404,
      'SENTINEL_NOT_FOUND',
    );
    expect((await fx.db.prisma.tenant.findUniqueOrThrow({ where: { id: B.tenant.id } })).displayName).toBe('Test tenant');

    const empty = await call(api.url, 'PATCH', `/api/v1/tenants/${T.tenant.id}`, { token: T.adminToken, body: { displayName: '' } });
    expectProblem(empty, 400, 'SENTINEL_VALIDATION_FAILED');
    expect(empty.body.errors.map((e: { field: string }) => e.field)).toEqual(['body.displayName']);
    expectProblem(await call(api.url, 'PATCH', `/api/v1/tenants/${T.tenant.id}`, { token: T.adminToken, body: {} }), 400, 'SENTINEL_VALIDATION_FAILED');

    // Platform admins still change any field on the same path.
    const byPlatform = await call(api.url, 'PATCH', `/api/v1/tenants/${T.tenant.id}`, { token: admin.token, body: { plan: 'enterprise' } });
    expect(byPlatform.body).toMatchObject({ plan: 'enterprise', displayName: name });
  });

  test('409 SENTINEL_TENANTS_MANAGED_BY_KUBERNETES for a tenant a Tenant resource owns, and with TENANT_SOURCE=kubernetes', async () => {
    const T = await fx.tenantWithUsers(api.url);
    const cluster = await startApi({ TENANT_SOURCE: 'kubernetes' });
    try {
      const r = await call(cluster.url, 'PATCH', `/api/v1/tenants/${T.tenant.id}`, { token: T.adminToken, body: { displayName: 'x' } });
      expectProblem(r, 409, 'SENTINEL_TENANTS_MANAGED_BY_KUBERNETES');
      expect(r.body.detail).toMatch(/kubectl/);
    } finally {
      await cluster.close();
    }
    await fx.db.prisma.tenant.update({ where: { id: T.tenant.id }, data: { resourceUid: randomUUID() } });
    const owned = await call(api.url, 'PATCH', `/api/v1/tenants/${T.tenant.id}`, { token: T.adminToken, body: { displayName: 'x' } });
    expectProblem(owned, 409, 'SENTINEL_TENANTS_MANAGED_BY_KUBERNETES');
    expect(owned.body.detail).toContain(T.tenant.slug);
    expect(owned.body).toEqual(
      expect.objectContaining({
        detail: (await call(api.url, 'PATCH', `/api/v1/tenants/${T.tenant.id}`, { token: admin.token, body: { displayName: 'x' } })).body.detail,
      }),
    );
  });

  test('the app role may rename only its own live tenant, and change nothing else of it', async () => {
    const c = await sqlAs(api.config.DATABASE_APP_URL);
    try {
      await c.query('BEGIN');
      await c.query(`SELECT set_config('app.tenant_id', $1, true)`, [A.tenant.id]);
      expect((await c.query(`UPDATE tenants SET display_name = 'pwned' WHERE id = $1`, [B.tenant.id])).rowCount).toBe(0);
      expect((await c.query(`UPDATE tenants SET display_name = 'mine' WHERE id = $1`, [A.tenant.id])).rowCount).toBe(1);
      await expect(c.query(`UPDATE tenants SET plan = 'enterprise' WHERE id = $1`, [A.tenant.id])).rejects.toThrow(/permission denied/);
      await c.query('ROLLBACK');
      await c.query('BEGIN');
      await c.query(`SELECT set_config('app.tenant_id', $1, true)`, [A.tenant.id]);
      await expect(c.query(`UPDATE tenants SET id = $1 WHERE id = $2`, [B.tenant.id, A.tenant.id])).rejects.toThrow(/permission denied/);
      await c.query('ROLLBACK');
    } finally {
      await c.end();
    }
  });
});

describe('job progress as server-sent events', () => {
  interface Sse {
    event?: string;
    data?: string;
    comment?: string;
    retry?: string;
  }

  /** Reads a text/event-stream response to its end (or until `stop`), message by message. */
  async function readStream(r: Response, stop: (messages: Sse[]) => boolean = () => false, timeoutMs = 60_000): Promise<Sse[]> {
    const reader = r.body!.getReader();
    const decoder = new TextDecoder();
    const messages: Sse[] = [];
    let buffer = '';
    const timer = setTimeout(() => void reader.cancel(), timeoutMs);
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return messages;
        buffer += decoder.decode(value, { stream: true });
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const m: Sse = {};
          for (const line of buffer.slice(0, cut).split('\n')) {
            if (line.startsWith(':')) m.comment = line.slice(1).trim();
            else if (line.startsWith('event: ')) m.event = line.slice(7);
            else if (line.startsWith('data: ')) m.data = line.slice(6);
            else if (line.startsWith('retry: ')) m.retry = line.slice(7);
          }
          buffer = buffer.slice(cut + 2);
          messages.push(m);
          if (stop(messages)) {
            await reader.cancel();
            return messages;
          }
        }
      }
    } finally {
      clearTimeout(timer);
    }
  }

  const jobsOf = (messages: Sse[]) => messages.filter((m) => m.event === 'job').map((m) => JSON.parse(m.data!) as Record<string, any>);
  const open = (base: string, id: string, token: string, signal?: AbortSignal) =>
    fetch(`${base}/api/v1/jobs/${id}/events`, { headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' }, ...(signal ? { signal } : {}) });

  const csv = (rows: number) => {
    const tag = randomBytes(3).toString('hex');
    return ['email,displayName', ...Array.from({ length: rows }, (_, i) => `sse${i}-${tag}@example.com,SSE ${i}`)].join('\n') + '\n';
  };
  const importCsv = (base: string, token: string, body: string) =>
    call(base, 'POST', '/api/v1/users/imports', { token, raw: body, headers: { 'content-type': 'text/csv' } });

  test('a real import, run by the worker, is followed from its current state through progress to completion', async () => {
    const T = await fx.tenantWithUsers(api.url);
    // Five batches of 2,000 over more than a second (the stream polls every 500 ms), so progress shows in between.
    const posted = await importCsv(api.url, T.adminToken, csv(10_000));
    expect(posted.status).toBe(202);
    const r = await open(api.url, posted.body.id, T.adminToken);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(r.headers.get('cache-control')).toContain('no-cache');
    const messages = await readStream(r);
    expect(messages[0]).toEqual({ retry: '2000' });
    const jobs = jobsOf(messages);
    expect(jobs.length).toBeGreaterThanOrEqual(3);
    expect(jobs[0]!.state).not.toBe('completed');
    const last = jobs.at(-1)!;
    expect(last).toMatchObject({ id: posted.body.id, state: 'completed', progress: { processed: 10_000, created: 10_000 } });
    // Each event is the job as GET /jobs/{id} answers it; the last one is what it answers now.
    expect(last).toEqual((await call(api.url, 'GET', `/api/v1/jobs/${posted.body.id}`, { token: T.adminToken })).body);
    // Progress in between, never going back; no event repeats the one before.
    const processed = jobs.map((j) => Number(j.progress.processed ?? 0));
    expect(processed.some((p) => p > 0 && p < 10_000)).toBe(true);
    expect(processed).toEqual([...processed].sort((a, b) => a - b));
    for (let i = 1; i < jobs.length; i++) expect(jobs[i]).not.toEqual(jobs[i - 1]);

    // A finished job: its one event, then the end.
    const again = jobsOf(await readStream(await open(api.url, posted.body.id, T.adminToken)));
    expect(again).toEqual([last]);
    // Platform admins follow any tenant's job.
    expect(jobsOf(await readStream(await open(api.url, posted.body.id, admin.token)))).toEqual([last]);
  });

  test('another tenant’s job and unknown ids are 404 before any stream starts; members 403; a bad id 400', async () => {
    const job = await importCsv(api.url, A.adminToken, csv(1));
    const problem = async (r: Response) => ({
      status: r.status,
      type: r.headers.get('content-type')?.split(';')[0],
      code: ((await r.json()) as { code: string }).code,
    });
    expect(await problem(await open(api.url, job.body.id, B.adminToken))).toEqual({
      status: 404,
      type: 'application/problem+json',
      code: 'SENTINEL_NOT_FOUND',
    });
    expect(await problem(await open(api.url, randomUUID(), A.adminToken))).toEqual({
      status: 404,
      type: 'application/problem+json',
      code: 'SENTINEL_NOT_FOUND',
    });
    expect(await problem(await open(api.url, job.body.id, A.memberToken))).toEqual({
      status: 403,
      type: 'application/problem+json',
      code: 'SENTINEL_FORBIDDEN',
    });
    const bad = await call(api.url, 'GET', '/api/v1/jobs/nope/events', { token: A.adminToken });
    expectProblem(bad, 400, 'SENTINEL_VALIDATION_FAILED');
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['params.id']);
  });

  describe('on an API whose jobs no worker runs (they stay queued)', () => {
    const idle = useFixture(
      () => startApi({ QUEUE_PREFIX: `{idle-${randomBytes(3).toString('hex')}}`, JOB_STREAMS_PER_TENANT: '2' }),
      (a) => a.close(),
    );

    test('streams are capped per tenant (429), freed when a client leaves, and ended when the API drains', async () => {
      const T = await fx.tenantWithUsers(api.url);
      const job = await importCsv(idle.url, T.adminToken, csv(1));
      expect(job.status).toBe(202);
      const clients = [new AbortController(), new AbortController()];
      const streams = await Promise.all(clients.map((c) => open(idle.url, job.body.id, T.adminToken, c.signal)));
      expect(streams.map((s) => s.status)).toEqual([200, 200]);
      // Another tenant is not affected by this one's streams.
      const other = await importCsv(idle.url, B.adminToken, csv(1));
      const otherStream = await open(idle.url, other.body.id, B.adminToken);
      expect(otherStream.status).toBe(200);

      const third = await open(idle.url, job.body.id, T.adminToken);
      expect(third.status).toBe(429);
      expect(third.headers.get('retry-after')).toBe('5');
      expect(((await third.json()) as { code: string }).code).toBe('SENTINEL_STREAMS_BUSY');

      // One client leaves: its slot is free again.
      const firstEvents = await readStream(streams[0]!, (m) => jobsOf(m).length === 1);
      expect(jobsOf(firstEvents)[0]).toMatchObject({ id: job.body.id, state: 'queued' });
      clients[0]!.abort();
      const reopened = await waitFor(
        'a freed stream slot',
        async () => {
          const s = await open(idle.url, job.body.id, T.adminToken);
          if (s.status !== 200) throw new Error(`still ${s.status}`);
          return s;
        },
        5_000,
        50,
      );

      // Draining (SIGTERM) ends every open stream at once, after the events already sent.
      const ended = Promise.all([
        readStream(reopened, () => false, 10_000),
        readStream(streams[1]!, () => false, 10_000),
        readStream(otherStream, () => false, 10_000),
      ]);
      const started = Date.now();
      idle.setDraining(true);
      const all = await ended;
      expect(Date.now() - started).toBeLessThan(5_000);
      for (const messages of all) expect(jobsOf(messages).map((j) => j.state)).toEqual(['queued']);
      clients[1]!.abort();
    });
  });
});
