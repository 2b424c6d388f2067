// The Tenant CRD's versions and its admission policy, on a real kube-apiserver + etcd (a control
// plane of this file's own). The cluster starts as a previous release left it: the CRD with
// v1alpha1 as its only (storage) version, and Tenants stored in etcd as v1alpha1. Then the
// current manifests are applied (installTenantController, as an upgrade would), and the tests
// check what docs/controller.md ("Versions", "Admission policy") promises: both versions served
// with one schema, the deprecation warning, the storage migration (read back from etcd itself),
// and the maxUsers policy. No controller runs here: status.userCount is written through the
// status subresource, as the controller writes it.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { installTenantController, startControlPlane, type ControlPlane } from '../scripts/control-plane.js';
import { REPO_ROOT } from '../scripts/repo-root.js';
import { uniq } from './helpers/stack.js';
import { waitFor } from './helpers/wait.js';

let cp: ControlPlane;
const CRD_FILE = join(REPO_ROOT, 'controllers', 'tenant', 'config', 'crd', 'tenants.sentinel.io.yaml');
const WARNING = 'Warning: sentinel.io/v1alpha1 Tenant is deprecated; use sentinel.io/v1beta1';

interface CrdVersion {
  name: string;
  served: boolean;
  storage: boolean;
  deprecated?: boolean;
  deprecationWarning?: string;
  schema: unknown;
  subresources: unknown;
  additionalPrinterColumns: unknown;
}
interface Crd {
  spec: { versions: CrdVersion[]; conversion?: { strategy: string } };
  status: { storedVersions: string[] };
}

/** The CRD as the release before v1beta1 shipped it: v1alpha1 only, stored. */
function previousCrd(): string {
  const crd = parseAllDocuments(readFileSync(CRD_FILE, 'utf8'))[0]!.toJS() as { spec: { versions: CrdVersion[]; conversion?: unknown } };
  const v1alpha1 = crd.spec.versions.find((v) => v.name === 'v1alpha1')!;
  delete v1alpha1.deprecated;
  delete v1alpha1.deprecationWarning;
  crd.spec.versions = [{ ...v1alpha1, storage: true }];
  delete crd.spec.conversion;
  return JSON.stringify(crd);
}

const manifest = (version: string, name: string, spec: Record<string, unknown>) =>
  JSON.stringify({ apiVersion: `sentinel.io/${version}`, kind: 'Tenant', metadata: { name }, spec });

async function kubectl(args: string[], input?: string) {
  const r = await cp.kubectl(args, input === undefined ? {} : { input });
  if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')}: ${r.stderr}`);
  return r;
}
const getAs = async (version: string, name: string) =>
  JSON.parse((await kubectl(['get', `tenants.${version}.sentinel.io`, name, '-o', 'json'])).stdout) as {
    apiVersion: string;
    metadata: { resourceVersion: string };
    spec: Record<string, unknown>;
  };
const crd = async () => JSON.parse((await kubectl(['get', 'crd', 'tenants.sentinel.io', '-o', 'json'])).stdout) as Crd;
const setUserCount = (name: string, userCount: number) =>
  kubectl(['patch', 'tenant', name, '--subresource=status', '--type=merge', '-p', JSON.stringify({ status: { userCount } })]);

/** The apiVersion a Tenant is encoded with in etcd (the API server keeps custom resources as JSON), read over etcd's JSON gateway. */
async function storedAs(name: string): Promise<string> {
  const { etcdClientPort } = JSON.parse(readFileSync(join(cp.dir, 'state.json'), 'utf8')) as { etcdClientPort: number };
  const key = Buffer.from(`/registry/sentinel.io/tenants/${name}`).toString('base64');
  const res = await fetch(`http://127.0.0.1:${etcdClientPort}/v3/kv/range`, { method: 'POST', body: JSON.stringify({ key }) });
  const body = (await res.json()) as { kvs?: { value: string }[] };
  if (!body.kvs?.length) throw new Error(`no key for tenant ${name} in etcd`);
  return (JSON.parse(Buffer.from(body.kvs[0]!.value, 'base64').toString()) as { apiVersion: string }).apiVersion;
}

/** The kubectl plugin as a user runs it: the compiled bin, with the admin's KUBECONFIG. */
function plugin(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const bin = join(REPO_ROOT, 'controllers', 'tenant', 'dist', 'cli', 'kubectl-sentinel.js');
  return new Promise((resolve) => {
    execFile(
      join(REPO_ROOT, 'node_modules', '.bin', 'node'),
      [bin, ...args],
      { env: { PATH: process.env.PATH, KUBECONFIG: cp.kubeconfig } },
      (err, stdout, stderr) => resolve({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const OLD = ['old-one', 'old-two'];

beforeAll(async () => {
  cp = await startControlPlane();
  // The previous release, with Tenants written (and stored) as v1alpha1.
  await kubectl(['apply', '-f', '-'], previousCrd());
  await kubectl(['wait', '--for=condition=Established', '--timeout=60s', 'crd/tenants.sentinel.io']);
  for (const name of OLD) await kubectl(['apply', '-f', '-'], manifest('v1alpha1', name, { displayName: name, plan: 'pro', limits: { maxUsers: 10 } }));
  // The upgrade: this release's CRD, admission policy and RBAC.
  await installTenantController(cp);
}, 120_000);
afterAll(async () => {
  await cp?.stop();
});

describe('versions', () => {
  test('v1beta1 is stored, v1alpha1 served and deprecated, with the same schema, columns and subresources (so conversion None is right)', async () => {
    const c = await crd();
    expect(c.spec.conversion?.strategy).toBe('None');
    const beta = c.spec.versions.find((v) => v.name === 'v1beta1')!;
    const alpha = c.spec.versions.find((v) => v.name === 'v1alpha1')!;
    expect(beta).toMatchObject({ served: true, storage: true });
    expect(beta.deprecated).toBeFalsy();
    expect(alpha).toMatchObject({ served: true, storage: false, deprecated: true });
    expect(alpha.schema).toEqual(beta.schema);
    expect(alpha.additionalPrinterColumns).toEqual(beta.additionalPrinterColumns);
    expect(alpha.subresources).toEqual(beta.subresources);
    // Clients (kubectl's `get tenant`) use the group's preferred version: v1beta1.
    const group = JSON.parse((await kubectl(['get', '--raw', '/apis/sentinel.io'])).stdout) as { preferredVersion: { version: string } };
    expect(group.preferredVersion.version).toBe('v1beta1');
  });

  test('written as v1alpha1 (with the deprecation warning), read as v1beta1, and the other way round', async () => {
    const a = uniq('alpha').toLowerCase();
    const spec = { displayName: 'Alpha', plan: 'enterprise', limits: { maxUsers: 40 }, database: { directAccess: true } };
    const written = await kubectl(['apply', '-f', '-'], manifest('v1alpha1', a, spec));
    expect(written.stderr).toContain(WARNING);
    const asBeta = await getAs('v1beta1', a);
    expect(asBeta.apiVersion).toBe('sentinel.io/v1beta1');
    expect(asBeta.spec).toEqual({ ...spec, suspended: false, deletionPolicy: 'Retain' });
    expect(await storedAs(a)).toBe('sentinel.io/v1beta1');

    const b = uniq('beta').toLowerCase();
    const betaWrite = await kubectl(['apply', '-f', '-'], manifest('v1beta1', b, { displayName: 'Beta', admin: { email: 'a@example.com' } }));
    expect(betaWrite.stderr).not.toContain('deprecated');
    const asAlpha = await cp.kubectl(['get', 'tenants.v1alpha1.sentinel.io', b, '-o', 'json']);
    expect(asAlpha.stderr).toContain(WARNING);
    expect(JSON.parse(asAlpha.stdout)).toMatchObject({
      apiVersion: 'sentinel.io/v1alpha1',
      spec: { displayName: 'Beta', admin: { email: 'a@example.com' }, plan: 'free' },
    });
    // The schema's rules hold through either version: admin.email stays immutable when written as v1alpha1.
    const refused = await cp.kubectl(['apply', '-f', '-'], { input: manifest('v1alpha1', b, { displayName: 'Beta', admin: { email: 'b@example.com' } }) });
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('spec.admin.email cannot be changed');
  });

  test('kubectl sentinel migrate-storage rewrites what was stored as v1alpha1 and leaves storedVersions [v1beta1]', async () => {
    expect((await crd()).status.storedVersions.sort()).toEqual(['v1alpha1', 'v1beta1']);
    for (const name of OLD) expect(await storedAs(name)).toBe('sentinel.io/v1alpha1');
    const before = await getAs('v1beta1', OLD[0]!);

    // The documented way by hand (a List, here of one Tenant), for the second one.
    const list = await kubectl(['get', 'tenants.v1beta1.sentinel.io', '--field-selector', `metadata.name=${OLD[1]}`, '-o', 'json']);
    expect((await kubectl(['replace', '-f', '-'], list.stdout)).stdout).toContain(`tenant.sentinel.io/${OLD[1]} replaced`);
    expect(await storedAs(OLD[1]!)).toBe('sentinel.io/v1beta1');
    expect(await storedAs(OLD[0]!)).toBe('sentinel.io/v1alpha1');

    const r = await plugin(['migrate-storage']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toMatch(/^rewrote \d+ Tenants in sentinel\.io\/v1beta1; crd\/tenants\.sentinel\.io status\.storedVersions: v1alpha1,v1beta1 -> v1beta1$/m);
    for (const name of OLD) expect(await storedAs(name)).toBe('sentinel.io/v1beta1');
    expect((await crd()).status.storedVersions).toEqual(['v1beta1']);
    const after = await getAs('v1beta1', OLD[0]!);
    expect(after.spec).toEqual(before.spec);
    expect(after.metadata.resourceVersion).not.toBe(before.metadata.resourceVersion);

    // Again: nothing left to migrate, and it says so the same way.
    expect(await plugin(['migrate-storage'])).toMatchObject({ code: 0, stdout: expect.stringContaining('storedVersions: v1beta1 -> v1beta1') });
    expect(await plugin(['migrate-storage', 'extra'])).toMatchObject({ code: 2, stderr: expect.stringContaining('takes no arguments') });
  });
});

describe('admission policy: spec.limits.maxUsers not below status.userCount', () => {
  const withMax = (name: string, maxUsers?: number) =>
    cp.kubectl(['apply', '-f', '-'], {
      input: manifest('v1beta1', name, { displayName: 'Limits', plan: 'pro', ...(maxUsers ? { limits: { maxUsers } } : {}) }),
    });

  test('lowering below the count is refused naming the field; to the count or above is accepted', async () => {
    const name = uniq('limit').toLowerCase();
    expect((await withMax(name, 10)).code).toBe(0);
    await setUserCount(name, 3);
    // The API server loads a new policy within a second or so: a dry run (which persists nothing) shows when it is in force.
    await waitFor(
      'the policy in force',
      async () =>
        (
          await cp.kubectl(['apply', '--dry-run=server', '-f', '-'], {
            input: manifest('v1beta1', name, { displayName: 'Limits', plan: 'pro', limits: { maxUsers: 2 } }),
          })
        ).code !== 0,
    );

    const refused = await withMax(name, 2);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain(
      'denied request: spec.limits.maxUsers: 2 is below the 3 users the tenant has (status.userCount); remove users first, or set spec.limits.maxUsers to 3 or more',
    );
    expect((await getAs('v1beta1', name)).spec.limits).toEqual({ maxUsers: 10 });
    // Through the deprecated version too.
    const viaAlpha = await cp.kubectl(['apply', '-f', '-'], {
      input: manifest('v1alpha1', name, { displayName: 'Limits', plan: 'pro', limits: { maxUsers: 1 } }),
    });
    expect(viaAlpha.stderr).toContain('spec.limits.maxUsers: 1 is below the 3 users');

    expect(await withMax(name, 3)).toMatchObject({ code: 0 });
    expect((await getAs('v1beta1', name)).spec.limits).toEqual({ maxUsers: 3 });
    expect(await withMax(name, 4)).toMatchObject({ code: 0 });
    // Setting a limit where there was none counts as lowering it.
    expect((await withMax(name, undefined)).code).toBe(0);
    expect((await withMax(name, 2)).stderr).toContain('spec.limits.maxUsers: 2 is below the 3 users');
  });

  test('a tenant already over its limit may raise it step by step, and other changes are not blocked', async () => {
    const name = uniq('over').toLowerCase();
    expect((await withMax(name, 2)).code).toBe(0);
    await setUserCount(name, 5); // users added while the limit was 2 (the controller reports OverUserLimit)
    expect(await withMax(name, 4)).toMatchObject({ code: 0 });
    const other = await cp.kubectl(['annotate', 'tenant', name, 'example.com/note=kept']);
    expect(other.code).toBe(0);
    expect((await withMax(name, 3)).stderr).toContain('spec.limits.maxUsers: 3 is below the 5 users');
  });

  test('a Tenant with no status yet, or no userCount in it, is not blocked; status writes are not matched', async () => {
    const name = uniq('fresh').toLowerCase();
    expect((await withMax(name, 10)).code).toBe(0);
    expect((await kubectl(['get', 'tenant', name, '-o', 'jsonpath={.status}'])).stdout).toBe('');
    expect(await withMax(name, 1)).toMatchObject({ code: 0 });
    await kubectl(['patch', 'tenant', name, '--subresource=status', '--type=merge', '-p', '{"status":{"phase":"Pending"}}']);
    expect(await withMax(name, 2)).toMatchObject({ code: 0 });
    // The controller reporting more users than the limit is a status write: never refused.
    expect((await setUserCount(name, 7)).code).toBe(0);
  });
});
