// The local Kubernetes control plane (scripts/control-plane.ts): a real etcd and kube-apiserver,
// started here (not the suite's shared one), with its RBAC, ServiceAccount tokens and restarts.
// Needs the binaries from `bash scripts/k8s/build-control-plane.sh`.
import { existsSync, readFileSync } from 'node:fs';
import { request as httpGet } from 'node:http';
import { request } from 'node:https';
import { join } from 'node:path';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { CONTROL_PLANE_VERSIONS, controlPlaneBinaries, startControlPlane, type ControlPlane } from '../scripts/control-plane.js';

/** An HTTPS GET with only the cluster's CA (no client certificate): an anonymous request. */
function anonymousGet(url: string, ca: Buffer): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ca, agent: false, timeout: 5000 }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}

const NS = 'cp-test';
const CONFIGMAP = `apiVersion: v1
kind: ConfigMap
metadata:
  name: probe
  namespace: ${NS}
data:
  plain: hello
  multi: |
    line one
    línea dos ✓
`;

describe('local Kubernetes control plane', () => {
  let cp: ControlPlane;
  let ca: Buffer;
  let saKubeconfig: string;

  afterAll(async () => {
    await cp?.stop();
  });

  test('controlPlaneBinaries names the build script when a binary is missing', () => {
    expect(() => controlPlaneBinaries('/nonexistent/sentinel-k8s/bin')).toThrow(/scripts\/k8s\/build-control-plane\.sh/);
    const bins = controlPlaneBinaries();
    expect(bins.kubeApiserver).toMatch(/kube-apiserver-v1\.35\.3$/);
    expect(existsSync(bins.helm)).toBe(true);
  });

  test('starts etcd and kube-apiserver; /version reports v1.35.3; anonymous requests are refused', async () => {
    const t0 = performance.now();
    cp = await startControlPlane();
    const seconds = (performance.now() - t0) / 1000;
    expect(seconds).toBeLessThan(60);
    expect(cp.server).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(existsSync(cp.kubeconfig)).toBe(true);

    const version = await cp.kubectl(['get', '--raw', '/version']);
    expect(version.stderr).toBe('');
    expect(version.code).toBe(0);
    expect(JSON.parse(version.stdout)).toMatchObject({ gitVersion: `v${CONTROL_PLANE_VERSIONS.kubeApiserver}`, major: '1', minor: '35' });

    const kc = new KubeConfig();
    kc.loadFromFile(cp.kubeconfig);
    expect(kc.getCurrentCluster()?.server).toBe(cp.server);
    ca = Buffer.from(kc.getCurrentCluster()!.caData!, 'base64');
    const anon = await anonymousGet(`${cp.server}/api/v1/namespaces`, ca);
    expect(anon.status).toBe(403);
    expect(anon.body).toContain('system:anonymous');
  }, 90_000);

  test('a ConfigMap round-trips through kubectl', async () => {
    expect((await cp.kubectl(['create', 'namespace', NS])).code).toBe(0);
    const applied = await cp.kubectl(['apply', '-f', '-'], { input: CONFIGMAP });
    expect(applied.stderr).toBe('');
    expect(applied.stdout.trim()).toBe('configmap/probe created');
    const got = await cp.kubectl(['-n', NS, 'get', 'configmap', 'probe', '-o', 'json']);
    expect(got.code).toBe(0);
    expect(JSON.parse(got.stdout).data).toEqual({ plain: 'hello', multi: 'line one\nlínea dos ✓\n' });
    const missing = await cp.kubectl(['-n', NS, 'get', 'configmap', 'nope']);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/NotFound/);
  });

  test('a ServiceAccount with no RBAC bindings may not list namespaces; the admin may', async () => {
    saKubeconfig = await cp.serviceAccountKubeconfig(NS, 'nobody');
    // Idempotent: the namespace and ServiceAccount exist by now.
    expect(await cp.serviceAccountKubeconfig(NS, 'nobody')).toBe(saKubeconfig);

    const who = await cp.kubectl(['auth', 'whoami', '-o', 'jsonpath={.status.userInfo.username}'], { kubeconfig: saKubeconfig });
    expect(who.stdout).toBe(`system:serviceaccount:${NS}:nobody`);

    const denied = await cp.kubectl(['get', 'namespaces'], { kubeconfig: saKubeconfig });
    expect(denied.code).not.toBe(0);
    expect(denied.stderr).toMatch(/forbidden/i);
    expect(denied.stderr).toContain(`system:serviceaccount:${NS}:nobody`);

    const admin = await cp.kubectl(['get', 'namespaces', '-o', 'name']);
    expect(admin.code).toBe(0);
    expect(admin.stdout.split('\n')).toEqual(expect.arrayContaining(['namespace/default', `namespace/${NS}`]));
  });

  test('the ServiceAccount kubeconfig works with @kubernetes/client-node, within what RBAC grants', async () => {
    // A Role of its own: the built-in view/edit/admin ClusterRoles are aggregated, and with no
    // kube-controller-manager to aggregate them they grant nothing here.
    const role = await cp.kubectl(['-n', NS, 'create', 'role', 'configmap-reader', '--verb=get,list', '--resource=configmaps']);
    expect(role.code).toBe(0);
    const bound = await cp.kubectl(['-n', NS, 'create', 'rolebinding', 'nobody-reads', '--role=configmap-reader', `--serviceaccount=${NS}:nobody`]);
    expect(bound.code).toBe(0);
    const kc = new KubeConfig();
    kc.loadFromFile(saKubeconfig);
    expect(kc.getCurrentUser()?.token).toMatch(/^ey/);
    const core = kc.makeApiClient(CoreV1Api);
    // The RBAC authorizer reads bindings from an informer: allow it a moment.
    let names: string[] = [];
    for (let i = 0; i < 50 && !names.includes('probe'); i++) {
      names = await core.listNamespacedConfigMap({ namespace: NS }).then(
        (l) => l.items.map((c) => c.metadata?.name ?? ''),
        () => [],
      );
      if (!names.includes('probe')) await new Promise((r) => setTimeout(r, 100));
    }
    expect(names).toContain('probe');
    await expect(core.listNamespace()).rejects.toMatchObject({ code: 403 });
    await expect(core.listNamespacedConfigMap({ namespace: 'default' })).rejects.toMatchObject({ code: 403 });
  });

  test('after stopApiServer() and startApiServer() the data is still there, at the same URL', async () => {
    const server = cp.server;
    await cp.stopApiServer();
    const down = await cp.kubectl(['-n', NS, 'get', 'configmap', 'probe', '--request-timeout=5s']);
    expect(down.code).not.toBe(0);
    expect(down.stderr).toMatch(/connection to the server 127\.0\.0\.1:\d+ was refused/);

    await cp.startApiServer();
    expect(cp.server).toBe(server);
    const got = await cp.kubectl(['-n', NS, 'get', 'configmap', 'probe', '-o', 'jsonpath={.data.plain}']);
    expect(got.code).toBe(0);
    expect(got.stdout).toBe('hello');
    // Same signing key: the ServiceAccount's token is still accepted.
    const who = await cp.kubectl(['auth', 'whoami', '-o', 'jsonpath={.status.userInfo.username}'], { kubeconfig: saKubeconfig });
    expect(who.stdout).toBe(`system:serviceaccount:${NS}:nobody`);
  }, 90_000);

  test('stop() ends both processes and removes the temporary state folder', async () => {
    const { etcdClientPort } = JSON.parse(readFileSync(join(cp.dir, 'state.json'), 'utf8')) as { etcdClientPort: number };
    const etcdHealth = () =>
      new Promise<number>((resolve, reject) =>
        httpGet(`http://127.0.0.1:${etcdClientPort}/health`, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        })
          .on('error', reject)
          .end(),
      );
    expect(await etcdHealth()).toBe(200);
    await cp.stop();
    expect(existsSync(cp.dir)).toBe(false);
    await expect(anonymousGet(`${cp.server}/version`, ca)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await expect(etcdHealth()).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});
