#!/usr/bin/env bash
# The end-to-end run on a one-node cluster, with its teardown check:
#   1. builds/checks the binaries and images (scripts/k8s/node/build.sh, build-traefik.sh,
#      images.sh --project);
#   2. snapshots the host (scripts/k8s/node/host-state.sh), brings the cluster up (up.sh);
#   3. tests/e2e/node-smoke.sh (a pod of the api image; left running for the teardown), then
#      tests/e2e/chart-install.sh (helm install of charts/sentinel), the suites that use the
#      installed release, with Traefik (tests/e2e/traefik/) as the ingress controller beside the
#      cluster: tenants.sh (the controller in the cluster), ingress.sh (the chart's Ingresses
#      through Traefik), upgrade.sh (helm upgrade and rollback under a client polling through the
#      ingress), resources.sh (memory against limits), netpol.sh (what the enforced
#      NetworkPolicies block), drills.sh (kills), then
#      chart-uninstall.sh. NetworkPolicies are enforced from the start (scripts/k8s/node/netpol.sh)
#      (all skipped with --no-chart);
#   4. snapshots again: the cluster's changes must be visible (the check can see them);
#   5. brings it down (down.sh) and compares the host with the first snapshot: no process,
#      iptables/ip6tables chain or rule, nftables table, link, address, route, network namespace,
#      sysctl, mount, cgroup, host path or listening port of the cluster may remain. Changes by
#      other jobs on the host (podman) are listed as foreign and ignored.
# Root only; the cluster must not be running. Prints one total line (the suites' checks summed).
# Usage: tests/e2e/run.sh [--no-chart]
set -uo pipefail
REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=scripts/k8s/node/versions.sh
. "$REPO_ROOT/scripts/k8s/node/versions.sh"
# shellcheck source=tests/e2e/lib.sh
. "$REPO_ROOT/tests/e2e/lib.sh"
N=$REPO_ROOT/scripts/k8s/node
W=$(mktemp -d /tmp/sentinel-e2e.XXXXXX)
[ ! -d "$NODE_STATE" ] || {
  echo "a node cluster is running or was not brought down ($NODE_STATE): scripts/k8s/node/cluster.sh down first" >&2
  exit 2
}
bash "$N/build.sh" >"$W/build.log" 2>&1 || {
  tail -n 20 "$W/build.log"
  exit 2
}
bash "$REPO_ROOT/scripts/k8s/build-traefik.sh" >"$W/traefik-build.log" 2>&1 || {
  tail -n 20 "$W/traefik-build.log"
  exit 2
}
bash "$N/images.sh" --project >"$W/images.log" 2>&1 || {
  tail -n 20 "$W/images.log"
  exit 2
}

bash "$N/host-state.sh" snapshot "$W/before"
t0=$(date +%s)
bash "$N/up.sh" 2>&1 | tee "$W/up.log" | sed 's/^/  up: /'
rc=${PIPESTATUS[0]}
check "cluster up (Node Ready, CoreDNS Available)" test "$rc" = 0
e2e_note "up took $(($(date +%s) - t0))s"
if [ "$rc" != 0 ]; then
  bash "$N/down.sh" 2>&1 | sed 's/^/  down: /'
  e2e_summary e2e
  exit 1
fi
# NetworkPolicies are enforced for everything that follows (kube-network-policies; netpol.sh):
# the chart's own flows must work under them, and tests/e2e/netpol.sh probes what they block.
bash "$N/netpol.sh" start 2>&1 | sed 's/^/  netpol: /'
check "NetworkPolicy enforcement started (kube-network-policies)" test "${PIPESTATUS[0]}" = 0
# the suites' own totals are added to this one
suite() {
  local name=$1 out line p f
  shift
  out=$(mktemp)
  bash "$@" 2>&1 | tee "$out" | sed "s/^/  $name: /"
  line=$(grep -E "^$name: [0-9]+ passed, [0-9]+ failed" "$out" | tail -n 1)
  if [ -z "$line" ]; then
    E2E_FAILED=$((E2E_FAILED + 1))
    E2E_FAILURES+=("$name (no total line)")
  else
    p=$(echo "$line" | sed -E 's/^[^:]+: ([0-9]+) passed, ([0-9]+) failed.*/\1/')
    f=$(echo "$line" | sed -E 's/^[^:]+: ([0-9]+) passed, ([0-9]+) failed.*/\2/')
    E2E_PASSED=$((E2E_PASSED + p))
    E2E_FAILED=$((E2E_FAILED + f))
    [ "$f" = 0 ] || E2E_FAILURES+=("$name: $f check(s)")
  fi
  rm -f "$out"
}
suite node-smoke "$REPO_ROOT/tests/e2e/node-smoke.sh" --keep
if [ "${1:-}" != --no-chart ]; then
  t0=$(date +%s)
  suite chart-install "$REPO_ROOT/tests/e2e/chart-install.sh"
  e2e_note "chart install and checks took $(($(date +%s) - t0))s"
  # The suites below work on the installed release, in this order (each leaves it installed and
  # healthy); they need the install to have succeeded.
  if "$KUBECTL" --kubeconfig="$KUBECONFIG_NODE" -n "${E2E_NAMESPACE:-sentinel}" rollout status deploy/"${E2E_RELEASE:-sentinel}"-api --timeout=5s >/dev/null 2>&1; then
    # The ingress controller, beside the cluster (tests/e2e/traefik/): the ingress suite checks
    # the chart's Ingresses through it, and the upgrade suite's client polls through it.
    "$KUBECTL" --kubeconfig="$KUBECONFIG_NODE" apply -f "$REPO_ROOT/tests/e2e/traefik/ingressclass.yaml" >/dev/null
    TRAEFIK_DIR=$W/traefik
    trap 'bash "$REPO_ROOT/tests/e2e/traefik/stop.sh" "$TRAEFIK_DIR" >/dev/null 2>&1' EXIT
    bash "$REPO_ROOT/tests/e2e/traefik/start.sh" "$KUBECONFIG_NODE" "${E2E_INGRESS_PORT:-18080}" "$TRAEFIK_DIR" 2>&1 | sed 's/^/  traefik: /'
    check "Traefik (the ingress controller) started" test "${PIPESTATUS[0]}" = 0
    export E2E_INGRESS=http://127.0.0.1:${E2E_INGRESS_PORT:-18080} E2E_INGRESS_HOST=sentinel.example.com
    for s in tenants ingress upgrade resources netpol drills; do
      t0=$(date +%s)
      suite "$s" "$REPO_ROOT/tests/e2e/$s.sh"
      e2e_note "$s took $(($(date +%s) - t0))s"
    done
    bash "$REPO_ROOT/tests/e2e/traefik/stop.sh" "$TRAEFIK_DIR" 2>&1 | sed 's/^/  traefik: /'
  else
    check "the release is installed, for the suites that use it (tenants, ingress, upgrade, resources, netpol, drills)" false
  fi
  suite chart-uninstall "$REPO_ROOT/tests/e2e/chart-uninstall.sh" # its hook StatefulSets keep running
fi
bash "$N/host-state.sh" snapshot "$W/during"
check "the snapshot sees the running cluster (bridge, KUBE-/CNI- chains, processes, mounts)" sh -c "
  grep -q '^$NODE_BRIDGE' '$W/during/links' && grep -q 'KUBE-SERVICES' '$W/during/iptables' && grep -q 'CNI-' '$W/during/iptables' &&
  grep -q kubelet '$W/during/processes' && grep -qF '$NODE_STATE' '$W/during/mounts' && grep -q kubepods '$W/during/cgroups'"
t0=$(date +%s)
bash "$N/down.sh" 2>&1 | tee "$W/down.log" | sed 's/^/  down: /'
check "cluster down" test "${PIPESTATUS[0]}" = 0
e2e_note "down took $(($(date +%s) - t0))s"
bash "$N/host-state.sh" snapshot "$W/after"
check "the host is as it was before up (host-state.sh compare)" bash "$N/host-state.sh" compare "$W/before" "$W/after"
bash "$N/host-state.sh" compare "$W/before" "$W/after" | sed 's/^/  /' | tail -n 40
e2e_note "snapshots in $W"
e2e_summary e2e
status=$?
# The plain closing line scripts/test-all.sh adds up with the other suites'.
echo "$E2E_PASSED passed, $E2E_FAILED failed"
exit $status
