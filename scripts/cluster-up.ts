// `npm run cluster:up`: a local Kubernetes control plane (real etcd + kube-apiserver, see
// scripts/control-plane.ts) in the foreground until Ctrl-C, its state kept in .sentinel/cluster
// so that what you created is still there next time. It applies the Tenant CRD and the
// controller's RBAC from controllers/tenant/config/, and writes a kubeconfig for each
// ServiceAccount that RBAC declares, so the controller can run with exactly its own rights.
import { existsSync, readdirSync } from 'node:fs';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { CONTROL_PLANE_VERSIONS, controlPlaneBinaries, startControlPlane, type ControlPlane } from './control-plane.js';

/** The repository root, from scripts/ or scripts/dist/ (not REPO_ROOT from ./local-stack.js: see freePort in ./control-plane.ts). */
function findRepoRoot(): string {
  for (let d = dirname(fileURLToPath(import.meta.url)); d !== dirname(d); d = dirname(d))
    if (existsSync(join(d, 'scripts', 'k8s', 'build-control-plane.sh'))) return d;
  throw new Error('cannot find the repository root (scripts/k8s/build-control-plane.sh)');
}
const REPO_ROOT = findRepoRoot();
const DIR = join(REPO_ROOT, '.sentinel', 'cluster');
const CRD_DIR = join(REPO_ROOT, 'controllers', 'tenant', 'config', 'crd');
const RBAC_DIR = join(REPO_ROOT, 'controllers', 'tenant', 'config', 'rbac');
const ADMISSION_DIR = join(REPO_ROOT, 'controllers', 'tenant', 'config', 'admission');

const rel = (p: string) => relative(REPO_ROOT, p) || '.';
const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
const manifests = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((f) => /\.(ya?ml|json)$/.test(f)) : []);

interface Manifest {
  kind?: string;
  metadata?: { name?: string; namespace?: string };
}

async function readManifests(dir: string): Promise<Manifest[]> {
  const docs: Manifest[] = [];
  for (const f of manifests(dir))
    for (const doc of parseAllDocuments(await readFile(join(dir, f), 'utf8'))) {
      const m = doc.toJS() as Manifest | null;
      if (m && typeof m === 'object') docs.push(m);
    }
  return docs;
}

async function kubectlOk(cp: ControlPlane, args: string[], input?: string): Promise<string> {
  const r = await cp.kubectl(args, input === undefined ? {} : { input });
  if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed (exit ${r.code}):\n${r.stderr.trim()}`);
  return r.stdout;
}

/** kubectl apply -f DIR; then waits until the CRDs it created serve their resources. */
async function applyDir(cp: ControlPlane, dir: string): Promise<string[]> {
  const out = await kubectlOk(cp, ['apply', '-f', dir, '-o', 'name']);
  const names = out.split('\n').filter(Boolean);
  const crds = names.filter((n) => n.startsWith('customresourcedefinition.'));
  if (crds.length) await kubectlOk(cp, ['wait', '--for=condition=Established', '--timeout=60s', ...crds]);
  return names;
}

async function writeWrappers(cp: ControlPlane, bins: ReturnType<typeof controlPlaneBinaries>) {
  const kubectl = join(DIR, 'kubectl');
  const helm = join(DIR, 'helm');
  await writeFile(
    kubectl,
    `#!/bin/sh\n# kubectl ${CONTROL_PLANE_VERSIONS.kubectl} for the cluster of \`npm run cluster:up\` (written by scripts/cluster-up.ts)\n` +
      `exec ${shellQuote(bins.kubectl)} --kubeconfig=${shellQuote(cp.kubeconfig)} "$@"\n`,
  );
  await writeFile(
    helm,
    `#!/bin/sh\n# helm ${CONTROL_PLANE_VERSIONS.helm} for the cluster of \`npm run cluster:up\` (written by scripts/cluster-up.ts)\n` +
      `KUBECONFIG=${shellQuote(cp.kubeconfig)} exec ${shellQuote(bins.helm)} "$@"\n`,
  );
  await chmod(kubectl, 0o755);
  await chmod(helm, 0o755);
  return { kubectl, helm };
}

let cp: ControlPlane | undefined;

async function main() {
  let bins: ReturnType<typeof controlPlaneBinaries>;
  try {
    bins = controlPlaneBinaries();
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }

  const t0 = performance.now();
  let shuttingDown = false;
  const shutdown = async (code: number) => {
    if (shuttingDown) return;
    shuttingDown = true;
    console.log('\nstopping the control plane ...');
    await cp?.stop().catch((err: Error) => console.error(`stop failed: ${err.message}`));
    console.log(`stopped; its data stays in ${rel(DIR)} (delete that folder to start afresh)`);
    process.exit(code);
  };
  process.once('SIGINT', () => void shutdown(0));
  process.once('SIGTERM', () => void shutdown(0));

  console.log(`starting etcd ${CONTROL_PLANE_VERSIONS.etcd} and kube-apiserver v${CONTROL_PLANE_VERSIONS.kubeApiserver} (state in ${rel(DIR)}) ...`);
  cp = await startControlPlane({
    dir: DIR,
    onUnexpectedExit: (name, code, signal) => {
      if (shuttingDown) return;
      console.error(`\n${name} exited unexpectedly (${signal ?? `code ${code}`}); see ${rel(join(DIR, `${name}.log`))}`);
      void shutdown(1);
    },
  });
  const ready = ((performance.now() - t0) / 1000).toFixed(1);

  const applied: string[] = [];
  const saKubeconfigs: string[] = [];
  try {
    if (manifests(CRD_DIR).length) {
      const names = await applyDir(cp, CRD_DIR);
      applied.push(`${rel(CRD_DIR)} (${names.map((n) => n.replace(/^[^/]*\//, '')).join(', ')})`);
    }
    if (manifests(ADMISSION_DIR).length) {
      await applyDir(cp, ADMISSION_DIR);
      applied.push(rel(ADMISSION_DIR));
    }
    if (manifests(RBAC_DIR).length) {
      const docs = await readManifests(RBAC_DIR);
      // Namespaced objects need their namespace; nothing else would create it here.
      const namespaces = [...new Set(docs.map((d) => d.metadata?.namespace).filter((n): n is string => !!n))];
      for (const ns of namespaces) await kubectlOk(cp, ['apply', '-f', '-'], `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${ns}\n`);
      await applyDir(cp, RBAC_DIR);
      applied.push(rel(RBAC_DIR));
      for (const sa of docs.filter((d) => d.kind === 'ServiceAccount' && d.metadata?.name))
        saKubeconfigs.push(
          `${rel(await cp.serviceAccountKubeconfig(sa.metadata!.namespace ?? 'default', sa.metadata!.name!))}  (ServiceAccount ${sa.metadata!.namespace ?? 'default'}/${sa.metadata!.name}, token valid 24 h: rerun cluster:up for a fresh one)`,
        );
    }
  } catch (err) {
    console.error(`could not apply the controller's manifests: ${(err as Error).message}`);
    console.error('the control plane keeps running; fix the manifests and apply them with the kubectl wrapper below');
  }
  const wrappers = await writeWrappers(cp, bins);
  const examples = ['examples', 'controllers/tenant/examples', 'controllers/tenant/config/samples'].find((d) => existsSync(join(REPO_ROOT, d))) ?? 'examples';

  console.log(`
Kubernetes control plane ready in ${ready} s (kube-apiserver v${CONTROL_PLANE_VERSIONS.kubeApiserver}, etcd ${CONTROL_PLANE_VERSIONS.etcd})
  server      ${cp.server}
  kubeconfig  ${cp.kubeconfig}  (admin: O=system:masters)
  logs        ${rel(join(DIR, 'kube-apiserver.log'))}, ${rel(join(DIR, 'etcd.log'))}
  applied     ${applied.length ? applied.join('\n              ') : '(nothing: controllers/tenant/config/{crd,rbac} hold no manifests yet)'}${
    saKubeconfigs.length ? `\n  controller  ${saKubeconfigs.join('\n              ')}` : ''
  }

In another terminal:
  export KUBECONFIG=${cp.kubeconfig}
  kubectl get tn
  kubectl apply -f ${examples}/
kubectl must be 1.34-1.36 (Debian's is 1.20): ${rel(wrappers.kubectl)} is kubectl ${CONTROL_PLANE_VERSIONS.kubectl} already pointed at this cluster
(no KUBECONFIG needed), e.g. \`${rel(wrappers.kubectl)} get tn\`; ${rel(wrappers.helm)} is helm ${CONTROL_PLANE_VERSIONS.helm} likewise.

Only etcd and kube-apiserver run: no scheduler, kubelet or controller-manager, so Deployments
make no Pods, deleted namespaces stay Terminating and owner references are not garbage-collected.
Ctrl-C stops it; the data stays in ${rel(DIR)} for the next run.`);
}

main().catch(async (err: Error) => {
  console.error(err.message);
  await cp?.stop().catch(() => {});
  process.exit(1);
});
