#!/usr/bin/env bash
# What the release's pods use, against what the chart gives them: each container's memory
# working set and CPU (the kubelet's /stats/summary, through the API server; no metrics-server
# needed) next to its memory request and limit. Run after traffic (tests/e2e/run.sh: after the
# ingress and upgrade suites). The figures are printed for docs/benchmarks.md; the check is that
# every container of the release stays below its memory limit, with the margin printed.
# Prints "resources: N passed, N failed".
set -uo pipefail
REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=tests/e2e/release.sh
. "$REPO_ROOT/tests/e2e/release.sh"
node_name=$(kc get nodes -o jsonpath='{.items[0].metadata.name}')
# After a rollout, the old pods drain for a few seconds: measure the settled release.
retry 90 sh -c "! '$KUBECTL' --kubeconfig='$KUBECONFIG_NODE' -n $NS get pods -o jsonpath='{range .items[*]}{.metadata.deletionTimestamp}{\"\\n\"}{end}' | grep -q ." >/dev/null
check "the kubelet's stats summary is readable through the API server" sh -c "
  '$KUBECTL' --kubeconfig='$KUBECONFIG_NODE' get --raw /api/v1/nodes/$node_name/proxy/stats/summary >'$W/summary.json'"
kc -n "$NS" get pods -o json >"$W/pods.json"
"$NODE" - "$W/summary.json" "$W/pods.json" "$NS" >"$W/report" <<'JS'
const fs = require('fs');
const [summaryFile, podsFile, ns] = process.argv.slice(2);
const summary = JSON.parse(fs.readFileSync(summaryFile, 'utf8'));
const pods = JSON.parse(fs.readFileSync(podsFile, 'utf8')).items;
const mib = (b) => (b / 1048576).toFixed(0);
const qty = (q) => {
  if (!q) return undefined;
  const m = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|k|M|G)?$/.exec(q);
  const f = { Ki: 1024, Mi: 1048576, Gi: 1073741824, k: 1e3, M: 1e6, G: 1e9 }[m[2]] ?? 1;
  return Number(m[1]) * f;
};
let bad = 0;
const rows = [];
for (const p of summary.pods.filter((p) => p.podRef.namespace === ns)) {
  const spec = pods.find((x) => x.metadata.name === p.podRef.name);
  if (!spec || spec.status.phase !== 'Running') continue;
  for (const c of p.containers ?? []) {
    const cs = spec.spec.containers.find((x) => x.name === c.name);
    const limit = qty(cs?.resources?.limits?.memory);
    const request = qty(cs?.resources?.requests?.memory);
    const ws = c.memory?.workingSetBytes ?? 0;
    const cpu = ((c.cpu?.usageNanoCores ?? 0) / 1e6).toFixed(0);
    const pct = limit ? ((100 * ws) / limit).toFixed(0) : '-';
    if (limit && ws >= limit * 0.9) bad++;
    const component = spec.metadata.labels?.['app.kubernetes.io/component'] ?? p.podRef.name;
    rows.push(`${component.padEnd(11)} ${p.podRef.name.padEnd(40)} ${mib(ws).padStart(5)} MiB of ${limit ? mib(limit).padStart(5) : '    -'} MiB limit (${String(pct).padStart(3)}%), request ${request ? mib(request) : '-'} MiB, cpu ${cpu}m`);
  }
}
rows.sort();
console.log(rows.join('\n'));
console.log(`ROWS ${rows.length} NEAR_LIMIT ${bad}`);
JS
sed '$d' "$W/report" | sed 's/^/  /'
last=$(tail -n 1 "$W/report")
check "every running container of the release reported ($(echo "$last" | cut -d' ' -f2))" sh -c "[ \"\$(echo '$last' | cut -d' ' -f2)\" -ge 8 ]"
check "every container's working set is below 90% of its memory limit" sh -c "[ \"\$(echo '$last' | cut -d' ' -f4)\" = 0 ]"
e2e_summary resources
