#!/usr/bin/env node
// kubectl-sentinel: the operator's controls for Tenants, as a kubectl plugin (kubectl runs the
// `kubectl-sentinel` it finds on PATH for `kubectl sentinel ...`). It talks to the API server
// with the user's credentials, as kubectl does: KUBECONFIG, else ~/.kube/config.
// It writes annotations only (the controller does the rest, docs/controller.md), except
// migrate-storage, which rewrites Tenants unchanged and the CRD's status.storedVersions.
import { GROUP, PAUSED_ANNOTATION, PLURAL, RECONCILE_ANNOTATION, ROTATE_ANNOTATION, TENANTS_PATH, isPaused, tenantPath, type Tenant } from '../api/tenant.js';
import { KubeClient, isConflict, isNotFound } from '../runtime/kube.js';

const DEFAULT_METRICS_URL = 'http://127.0.0.1:9103/metrics';

const USAGE = `Usage:
  kubectl sentinel status [--metrics-url URL]   Tenants with phase, conditions, users, direct access, pause; the wall
  kubectl sentinel reconcile NAME               reconcile the Tenant now
  kubectl sentinel pause NAME                   stop reconciling the Tenant (deletion waits too)
  kubectl sentinel resume NAME                  reconcile it again
  kubectl sentinel rotate-credentials NAME      a new direct-access password (the Secret follows; the old one stops working)
  kubectl sentinel migrate-storage              after an upgrade: rewrite every Tenant in the storage version,
                                                then drop the older versions from the CRD's status.storedVersions

The wall's state comes from the controller's metrics (--metrics-url, default ${DEFAULT_METRICS_URL};
e.g. kubectl port-forward to the controller's port 9103), else from the Tenants' PoliciesReady.`;

/** What each command sets (null removes), and what it then says it did. */
const ANNOTATE: Record<string, { annotations: () => Record<string, string | null>; done: string }> = {
  reconcile: { annotations: () => ({ [RECONCILE_ANNOTATION]: new Date().toISOString() }), done: 'reconcile requested' },
  pause: { annotations: () => ({ [PAUSED_ANNOTATION]: 'true' }), done: 'paused' },
  resume: { annotations: () => ({ [PAUSED_ANNOTATION]: null }), done: 'resumed' },
  'rotate-credentials': { annotations: () => ({ [ROTATE_ANNOTATION]: new Date().toISOString() }), done: 'credential rotation requested' },
};

async function main(args: string[]): Promise<number> {
  const [command, ...rest] = args;
  if (command === 'status') {
    const i = rest.indexOf('--metrics-url');
    const url = i >= 0 ? rest[i + 1] : DEFAULT_METRICS_URL;
    if (!url) return usage('--metrics-url needs a URL');
    await status(KubeClient.fromDefault(), url);
    return 0;
  }
  if (command === 'migrate-storage') {
    if (rest.length) return usage('migrate-storage takes no arguments');
    return migrateStorage(KubeClient.fromDefault());
  }
  const name = rest[0];
  const action = command ? ANNOTATE[command] : undefined;
  if (!action) return usage(command ? `unknown command ${command}` : undefined);
  if (!name || rest.length > 1) return usage(`${command} takes one Tenant name`);
  const annotations = action.annotations();
  try {
    await KubeClient.fromDefault().mergePatch(tenantPath(name), { metadata: { annotations } });
  } catch (err) {
    if (!isNotFound(err)) throw err;
    console.error(`error: tenant ${name} not found`);
    return 1;
  }
  const [key, value] = Object.entries(annotations)[0]!;
  console.log(`tenant.sentinel.io/${name} ${action.done} (${key}${value === null ? '-' : `=${value}`})`);
  return 0;
}

function usage(problem?: string): number {
  if (problem) console.error(`error: ${problem}\n`);
  console.error(USAGE);
  return 2;
}

async function status(kube: KubeClient, metricsUrl: string): Promise<void> {
  const { items } = await kube.get<{ items: Tenant[] }>(TENANTS_PATH);
  const cond = (t: Tenant, type: string) => t.status?.conditions?.find((c) => c.type === type)?.status ?? '-';
  const rows = items.map((t) => {
    const max = t.spec.limits?.maxUsers;
    const users = t.status?.userCount === undefined ? '-' : `${t.status.userCount}${max === undefined ? '' : `/${max}`}`;
    const direct = !t.spec.database?.directAccess ? 'off' : cond(t, 'DirectAccessReady') === 'True' ? 'on' : 'failing';
    // The controller rewrites its status only when it changed: this is when it last had something new to say.
    const written = t.metadata.managedFields as { manager?: string; subresource?: string; time?: string }[] | undefined;
    const last = written?.find((f) => f.manager === 'sentinel-tenant-controller' && f.subresource === 'status')?.time;
    return [
      t.metadata.name,
      t.status?.phase ?? 'Unknown',
      cond(t, 'Ready'),
      cond(t, 'Suspended'),
      cond(t, 'WithinLimits'),
      cond(t, 'PoliciesReady'),
      users,
      direct,
      isPaused(t) ? 'yes' : 'no',
      last ? `${age(last)} ago` : 'never',
    ];
  });
  const header = ['NAME', 'PHASE', 'READY', 'SUSPENDED', 'WITHIN LIMITS', 'POLICIES', 'USERS', 'DIRECT ACCESS', 'PAUSED', 'LAST STATUS'];
  console.log(table([header, ...rows]));
  console.log(`\n${await wallState(items, metricsUrl)}`);
}

/** The wall as the controller's last check saw it (its metrics), else as the Tenants' PoliciesReady report it. */
async function wallState(tenants: Tenant[], metricsUrl: string): Promise<string> {
  let note: string;
  try {
    const res = await fetch(metricsUrl, { signal: AbortSignal.timeout(2_000) });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    const text = await res.text();
    const sample = (name: string) => Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text)?.[1]);
    const ok = sample('sentinel_controller_wall_ok');
    const checkedAt = sample('sentinel_controller_wall_last_check_timestamp_seconds');
    if (ok === 1 || ok === 0) {
      const when = checkedAt > 0 ? `, checked ${age(new Date(checkedAt * 1000).toISOString())} ago` : '';
      return `wall: ${ok === 1 ? 'intact' : 'FAILING'}${when} (from the controller's metrics at ${metricsUrl})`;
    }
    note = `the controller at ${metricsUrl} is a standby and has not checked the wall`;
  } catch (err) {
    note = `no controller metrics at ${metricsUrl}: ${(err as Error).message}`;
  }
  const failing = tenants.filter((t) => t.status?.conditions?.some((c) => c.type === 'PoliciesReady' && c.status !== 'True'));
  const reported = tenants.filter((t) => t.status?.conditions?.some((c) => c.type === 'PoliciesReady'));
  const state = !reported.length
    ? 'unknown (no Tenant reports PoliciesReady yet)'
    : failing.length
      ? `FAILING on ${failing.map((t) => t.metadata.name).join(', ')}: ${failing[0]!.status!.conditions!.find((c) => c.type === 'PoliciesReady')!.message}`
      : `intact (PoliciesReady True on ${reported.length} of ${tenants.length} Tenants)`;
  return `wall: ${state} (from the Tenants' conditions; ${note})`;
}

const CRD_PATH = `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${PLURAL}.${GROUP}`;

interface Crd {
  spec: { versions: { name: string; storage: boolean }[] };
  status?: { storedVersions?: string[] };
}

/**
 * The storage-version migration (docs/controller.md, "Versions"), as the Kubernetes
 * storage-version migrator does it: every Tenant is read and written back unchanged through the
 * storage version, which makes the API server re-encode it in that version in etcd (the write is
 * not skipped: the stored bytes name the old apiVersion). Only when every one has been rewritten
 * are the older versions removed from status.storedVersions, after which a later release may stop
 * serving them. Safe to run again; a Tenant created meanwhile is already stored in the new version.
 */
async function migrateStorage(kube: KubeClient): Promise<number> {
  const crd = await kube.get<Crd>(CRD_PATH);
  const storage = crd.spec.versions.find((v) => v.storage)?.name;
  if (!storage) throw new Error(`crd/${PLURAL}.${GROUP} has no storage version`);
  const before = crd.status?.storedVersions ?? [];
  const collection = `/apis/${GROUP}/${storage}/${PLURAL}`;
  let rewritten = 0;
  let cont: string | undefined;
  do {
    const page = await kube.get<{ items: Tenant[]; metadata: { continue?: string } }>(collection, { query: { limit: 100, continue: cont } });
    for (const t of page.items) if (await rewrite(kube, `${collection}/${encodeURIComponent(t.metadata.name)}`, t)) rewritten++;
    cont = page.metadata.continue || undefined;
  } while (cont);
  await kube.mergePatch(`${CRD_PATH}/status`, { status: { storedVersions: [storage] } });
  console.log(
    `rewrote ${rewritten} Tenant${rewritten === 1 ? '' : 's'} in ${GROUP}/${storage}; ` +
      `crd/${PLURAL}.${GROUP} status.storedVersions: ${before.join(',') || '-'} -> ${storage}`,
  );
  return 0;
}

/** Writes the Tenant back unchanged (re-read on a conflict); false when it was deleted meanwhile. */
async function rewrite(kube: KubeClient, path: string, t: Tenant): Promise<boolean> {
  for (let attempt = 1; ; attempt++) {
    try {
      await kube.replace(path, t);
      return true;
    } catch (err) {
      if (isNotFound(err)) return false;
      if (!isConflict(err) || attempt === 5) throw new Error(`tenant ${t.metadata.name}: ${(err as Error).message}`);
    }
    try {
      t = await kube.get<Tenant>(path);
    } catch (err) {
      if (isNotFound(err)) return false;
      throw err;
    }
  }
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows
    .map((r) =>
      r
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join('   ')
        .trimEnd(),
    )
    .join('\n');
}

function age(iso: string): string {
  const s = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
  if (s < 120) return `${s}s`;
  if (s < 7200) return `${Math.round(s / 60)}m`;
  if (s < 172_800) return `${Math.round(s / 3600)}h`;
  return `${Math.round(s / 86_400)}d`;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (err: unknown) => {
    console.error(`error: ${(err as Error).message}`);
    process.exitCode = 1;
  },
);
