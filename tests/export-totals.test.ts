// An export's progress total is a count of the rows to come. On a very large tenant (or an
// audit filter no index serves) that count can outlast the statement timeout: the export
// must go on without a total, not fail before its first row. Real: PostgreSQL, Redis/BullMQ,
// the worker pipeline in this process, the API over HTTP. The slow count is made real by
// holding a lock on audit_logs until the worker's count has been cancelled by its timeout.
import pg from 'pg';
import { call, finalState, getUntil } from './helpers/stack.js';
import { useFixture } from './helpers/suite.js';
import { useWorkerStack } from './helpers/worker.js';

// The worker's statement timeout, short so the test waits little; the API keeps its own.
const TIMEOUT_MS = 1_500;
const { api, fx, worker } = (() => {
  const s = useWorkerStack('export-totals', { worker: { DB_STATEMENT_TIMEOUT_MS: String(TIMEOUT_MS) } });
  return { api: s.api, fx: s.fx, get worker() {
    return s.worker;
  } };
})(); // prettier-ignore
const T = useFixture(() => fx.tenantWithUsers(api.url));
const ROWS = 300;

let su: pg.Client;
let owner: pg.Client;
beforeAll(async () => {
  // A superuser: it sees the other roles' statements in pg_stat_activity.
  su = new pg.Client({ connectionString: process.env.TEST_SUPERUSER_URL });
  await su.connect();
  // The tables' owner, in their database: it takes the lock.
  owner = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await owner.connect();
  await fx.auditRows(T.tenant.id, T.admin.id, ROWS, 'test.totals');
});
afterAll(() => Promise.all([su?.end(), owner?.end()]));

/** Statements of the app role now waiting on a lock whose text counts rows. */
async function waitingCounts(): Promise<number> {
  const { rows } = await su.query<{ n: string }>(
    `SELECT count(*) AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query ILIKE '%count(%' AND pid <> pg_backend_pid()`,
  );
  return Number(rows[0]!.n);
}

async function until(what: string, ok: () => Promise<boolean>, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > deadline) {
      const { rows } = await su.query(
        `SELECT usename, state, wait_event_type, wait_event, left(query, 200) q FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND backend_type = 'client backend'`,
      );
      throw new Error(`timed out waiting for ${what}: ${JSON.stringify(rows, null, 1)}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Starts a job with the workers paused, takes an ACCESS EXCLUSIVE lock on audit_logs, lets the
 * workers go, waits until the job's count has queued behind the lock and then been cancelled
 * by the statement timeout, and releases the lock: everything after the count runs normally.
 */
async function withSlowCount(start: () => Promise<string>): Promise<string> {
  const workers = worker.running.workers;
  await Promise.all(workers.map((w) => w.pause()));
  let id: string;
  try {
    id = await start();
    await owner.query('BEGIN; LOCK TABLE audit_logs IN ACCESS EXCLUSIVE MODE');
  } finally {
    for (const w of workers) w.resume();
  }
  try {
    await until('the count to wait on the lock', async () => (await waitingCounts()) > 0);
    const waitingSince = Date.now();
    await until('the count to be cancelled', async () => (await waitingCounts()) === 0, TIMEOUT_MS * 4);
    // It was cancelled by the timeout (about TIMEOUT_MS after it started), not released by us.
    expect(Date.now() - waitingSince).toBeGreaterThan(TIMEOUT_MS / 3);
  } finally {
    await owner.query('ROLLBACK');
  }
  return id;
}

test('an audit export whose count outlasts the statement timeout completes, with rows and no total', async () => {
  const id = await withSlowCount(async () => {
    const r = await call(api.url, 'POST', '/api/v1/audit-logs/exports', { token: T.adminToken, body: { format: 'ndjson', action: 'test.totals' } });
    expect(r.status).toBe(202);
    return r.body.id as string;
  });
  const done = await getUntil(api.url, T.adminToken, `/api/v1/audit-logs/exports/${id}`, finalState);
  expect(done.state).toBe('completed');
  expect(done.progress).toEqual({ rows: ROWS });
  expect(done.result.rows).toBe(ROWS);
  const file = await fetch(api.url + done.download, { headers: { authorization: `Bearer ${T.adminToken}` } });
  expect((await file.text()).trimEnd().split('\n')).toHaveLength(ROWS);
  const job = await call(api.url, 'GET', `/api/v1/jobs/${id}`, { token: T.adminToken });
  expect(job.body).toMatchObject({ state: 'completed', attempts: 1, progress: { rows: ROWS } });
});

test('a tenant export whose count outlasts the statement timeout completes, with rows and no total', async () => {
  const path = `/api/v1/tenants/${T.tenant.id}/exports`;
  const id = await withSlowCount(async () => {
    const r = await call(api.url, 'POST', path, { token: T.adminToken });
    expect(r.status).toBe(202);
    return r.body.id as string;
  });
  const done = await getUntil(api.url, T.adminToken, `${path}/${id}`, finalState, 60_000);
  expect(done.state).toBe('completed');
  expect(Object.keys(done.progress)).toEqual(['rows']);
  // Every line of every file, the audit rows among them.
  const files = done.files as { name: string; rows: number }[];
  expect(done.progress.rows).toBe(files.reduce((n, f) => n + f.rows, 0));
  expect(files.find((f) => f.name === 'audit-log.ndjson')?.rows).toBeGreaterThanOrEqual(ROWS);
});

test('without the lock the same exports report their total', async () => {
  const r = await call(api.url, 'POST', '/api/v1/audit-logs/exports', { token: T.adminToken, body: { format: 'csv', action: 'test.totals' } });
  const done = await getUntil(api.url, T.adminToken, `/api/v1/audit-logs/exports/${r.body.id}`, finalState);
  expect(done.progress).toEqual({ rows: ROWS, total: ROWS });
});
