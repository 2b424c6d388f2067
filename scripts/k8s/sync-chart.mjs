#!/usr/bin/env node
// Copies the Tenant CRD and the controller's RBAC manifest into the Helm chart:
//   controllers/tenant/config/crd/*.yaml      -> charts/sentinel/crds/
//   controllers/tenant/config/rbac/controller.yaml -> charts/sentinel/files/controller-rbac.yaml
//   controllers/tenant/config/admission/tenant-max-users.yaml -> charts/sentinel/files/tenant-admission.yaml
// The chart's templates read the RBAC rules and the admission policy from those copies. `--check` changes nothing and
// exits 1 listing every copy that differs (tests/chart/run.mjs runs it).
import { copyFileSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const check = process.argv.includes('--check');

/** [source, copy] pairs, relative to the repository root. */
export function chartCopies() {
  const crdDir = 'controllers/tenant/config/crd';
  const pairs = readdirSync(join(root, crdDir))
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => [`${crdDir}/${f}`, `charts/sentinel/crds/${f}`]);
  pairs.push(['controllers/tenant/config/rbac/controller.yaml', 'charts/sentinel/files/controller-rbac.yaml']);
  pairs.push(['controllers/tenant/config/admission/tenant-max-users.yaml', 'charts/sentinel/files/tenant-admission.yaml']);
  return pairs;
}

const stale = [];
for (const [src, dst] of chartCopies()) {
  const same = existsSync(join(root, dst)) && readFileSync(join(root, src)).equals(readFileSync(join(root, dst)));
  if (same) continue;
  if (check) stale.push(`${dst} differs from ${src}`);
  else {
    copyFileSync(join(root, src), join(root, dst));
    console.log(`copied ${src} -> ${dst}`);
  }
}
// A CRD removed from the controller must not linger in the chart.
const crdSources = new Set(readdirSync(join(root, 'controllers/tenant/config/crd')));
for (const f of readdirSync(join(root, 'charts/sentinel/crds')))
  if (!crdSources.has(f)) stale.push(`charts/sentinel/crds/${f} has no source in controllers/tenant/config/crd`);
if (stale.length) {
  console.error(stale.join('\n') + (check ? '\nrun: node scripts/k8s/sync-chart.mjs' : ''));
  process.exit(1);
}
