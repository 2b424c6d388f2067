// A stack of our own for `npm run load:smoke` (and `npm run load -- <scenario> --stack`):
// embedded PostgreSQL and a redis-server in a fresh temporary folder (startLocalStack, as
// the tests and benchmarks use it), then the compiled API and worker as processes, the way
// `npm run dev` starts them, on free ports. A platform admin is created the way
// `npm run admin:create` does (the one account an installation starts with); the worker's
// mail goes to the suite's SMTP listener, so the seed can accept invitations.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PlatformDb, Provisioning, createLogger, hashPassword, loadConfig, serviceEnv } from '@sentinel/platform';
import { REPO_ROOT, freePort, stackEnv, startLocalStack } from '#local-stack';
import { openInvites, type InviteSource } from './invites.js';

export interface StartedStack {
  /** What the suite reads (LOAD_*), pointing at this stack. */
  env: Record<string, string>;
  pids: Record<string, number>;
  /** The suite's SMTP listener the worker mails to, already listening (the caller closes it). */
  invites: InviteSource;
  stop(): Promise<void>;
}

async function waitReady(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the API exited (${child.exitCode}) before ${url} answered`);
    const ok = await fetch(url).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    if (Date.now() > until) throw new Error(`${url} did not answer within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * @param opts.apis API processes to start (LOAD_STACK_APIS, default 1): each on its own port,
 *   sharing PostgreSQL and Redis as replicas do, so quotas, throttles and the cache must hold
 *   across them; LOAD_BASE_URL lists them all and the suite spreads its requests over them.
 */
export async function startStack(opts: { bcryptCost: number; apis?: number; log: (m: string) => void }): Promise<StartedStack> {
  const apis = Math.max(1, opts.apis ?? 1);
  const dir = await mkdtemp(join(tmpdir(), 'sentinel-load-'));
  const stack = await startLocalStack({ dir, database: 'sentinel_load', persistent: false, log: opts.log });
  const children: ChildProcess[] = [];
  let invites: InviteSource | undefined;
  const stop = async () => {
    for (const c of children.reverse()) {
      if (c.exitCode !== null || c.signalCode !== null) continue;
      const exited = new Promise((r) => c.once('exit', r));
      c.kill('SIGTERM');
      await exited;
    }
    await invites?.close();
    await stack.stop();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const ports: number[] = [];
    for (let i = 0; i < apis; i++) ports.push(await freePort());
    // Listening before anything else starts, on a port the system picks: a port found free and
    // bound later could be taken meanwhile by an outgoing connection of the services.
    invites = (await openInvites('smtp://127.0.0.1:0'))!;
    const smtpUrl = invites.url!;
    const bases = ports.map((p) => `http://127.0.0.1:${p}`);
    const env: Record<string, string> = {
      NODE_ENV: 'development',
      LOG_LEVEL: process.env.LOAD_STACK_LOG_LEVEL ?? 'warn',
      HOST: '127.0.0.1',
      PORT: String(ports[0]),
      ...stackEnv(stack),
      BCRYPT_COST: String(opts.bcryptCost),
      SMTP_URL: smtpUrl,
      // One client address drives every tenant: the login throttle per address is raised;
      // the per-tenant quotas of the pro and enterprise plans too (the suite's tenants are pro),
      // the free plan's stays at its default (the noisy-neighbour scenario floods it).
      LOGIN_MAX_ATTEMPTS_PER_IP: '100000',
      LOGIN_MAX_FAILURES_PER_CLIENT: '1000',
      RATE_LIMIT_PRO: '10000000',
      RATE_LIMIT_ENTERPRISE: '10000000',
    };
    const { PATH, HOME } = process.env;
    const pids: Record<string, number> = {};
    // api, api-2, ...: the same build and settings, one port each.
    const processes = [
      ...ports.map((port, i) => ({ name: i === 0 ? 'api' : `api-${i + 1}`, service: 'api' as const, own: { PORT: String(port) } })),
      { name: 'worker', service: 'worker' as const, own: { WORKER_PORT: String(await freePort()) } },
    ];
    for (const p of processes) {
      const child = spawn(process.execPath, [join(REPO_ROOT, `services/${p.service}/dist/main.js`)], {
        env: { PATH, HOME, ...serviceEnv(p.service, { ...env, ...p.own }) },
        stdio: ['ignore', 'inherit', 'inherit'],
      });
      children.push(child);
      pids[p.name] = child.pid!;
    }
    await Promise.all(bases.map((b, i) => waitReady(`${b}/api/v1/ready`, children[i]!, 60_000)));

    const adminEmail = 'load-platform-admin@example.com';
    const adminPassword = `${randomBytes(18).toString('base64url')}-Pa1`;
    const db = new PlatformDb(loadConfig(env), createLogger({ level: 'warn', service: 'load-stack' }));
    try {
      await new Provisioning(db).createPlatformAdmin({
        email: adminEmail,
        displayName: 'Load platform admin',
        passwordHash: await hashPassword(adminPassword, opts.bcryptCost),
      });
    } finally {
      await db.close();
    }
    opts.log(`API ${bases.map((b, i) => `${b} (pid ${children[i]!.pid})`).join(', ')}, worker pid ${pids.worker}, bcrypt cost ${opts.bcryptCost}`);
    return {
      env: {
        LOAD_BASE_URL: bases.join(','),
        LOAD_ADMIN_EMAIL: adminEmail,
        LOAD_ADMIN_PASSWORD: adminPassword,
        LOAD_INVITES: smtpUrl,
        LOAD_PIDS: Object.entries(pids)
          .map(([name, pid]) => `${name}=${pid}`)
          .join(','),
      },
      pids,
      invites,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
