#!/usr/bin/env bash
# The chart's NetworkPolicies, enforced (scripts/k8s/node/netpol.sh: kube-network-policies), on the
# installed release: probe pods of the api image try TCP connections to the evaluation PostgreSQL
# and Redis Services.
#   - a pod without the release's labels, in the release's namespace and in another namespace:
#     blocked (the connection times out: the first packet is dropped);
#   - a pod labelled as the release's worker (a component the policies let in): connects. This
#     proves the probe can connect at all, so "blocked" means the policies, not a broken probe;
#   - the web console's flows: a pod labelled as the release's web connects to the API Service
#     but not to PostgreSQL, and a stranger cannot reach the web Service (only the ingress may);
#   - stopped, the agent no longer blocks the stranger (so the block was the policies'), and it
#     blocks again once started;
#   - the release's own pods keep working under enforcement (the suites before this one ran with it).
# Prints "netpol: N passed, N failed".
set -uo pipefail
REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=tests/e2e/release.sh
. "$REPO_ROOT/tests/e2e/release.sh"
OUTSIDE=e2e-outside

check "kube-network-policies runs and has bound its NFQUEUE" sh -c "
  kill -0 \$(cat '$NODE_STATE/run/kube-network-policies.pid') && awk '\$1 == ${NETPOL_QUEUE_ID:-100} { f = 1 } END { exit !f }' /proc/net/netfilter/nfnetlink_queue"

# probe NAME NAMESPACE LABELS HOST PORT: a pod that tries one TCP connection for 4 s; prints connected/blocked
probe() {
  local name=$1 ns=$2 labels=$3 host=$4 port=$5 out
  kc -n "$ns" delete pod "$name" --ignore-not-found --wait=true >/dev/null 2>&1
  kc -n "$ns" apply -f - >/dev/null <<YAML
apiVersion: v1
kind: Pod
metadata:
  name: $name
  labels: { sentinel.io/e2e: netpol, $labels }
spec:
  restartPolicy: Never
  automountServiceAccountToken: false
  securityContext: { runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, seccompProfile: { type: RuntimeDefault } }
  containers:
    - name: probe
      image: localhost/sentinel/api:$TAG
      imagePullPolicy: Never
      command: [node, -e]
      args:
        - |
          const s = require('net').connect($port, '$host');
          s.setTimeout(4000, () => { console.log('blocked'); process.exit(0); });
          s.on('connect', () => { console.log('connected'); process.exit(0); });
          s.on('error', (e) => { console.log('blocked ' + e.code); process.exit(0); });
      securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: [ALL] } }
YAML
  for _ in $(seq 60); do
    case "$(kc -n "$ns" get pod "$name" -o jsonpath='{.status.phase}' 2>/dev/null)" in Succeeded | Failed) break ;; esac
    sleep 0.5
  done
  out=$(kc -n "$ns" logs "$name" 2>/dev/null | tail -n 1)
  kc -n "$ns" delete pod "$name" --wait=false >/dev/null 2>&1
  echo "${out:-no answer}"
}
outcome() { # EXPECTED NAME NAMESPACE LABELS HOST PORT
  local want=$1 got
  shift
  got=$(probe "$@")
  echo "$got"
  case "$got" in "$want"*) return 0 ;; *) return 1 ;; esac
}
kc delete namespace "$OUTSIDE" --ignore-not-found --wait=true --timeout=90s >/dev/null 2>&1 # a run before may have left it terminating
kc create namespace "$OUTSIDE" >/dev/null
PG=$FULL-postgresql.$NS.svc.cluster.local
RD=$FULL-redis.$NS.svc.cluster.local
WORKER_LABELS="app.kubernetes.io/name: sentinel, app.kubernetes.io/instance: $REL, app.kubernetes.io/component: worker"

check "a pod labelled as the release's worker connects to PostgreSQL (the flow the policies allow)" outcome connected np-worker-pg "$NS" "$WORKER_LABELS" "$PG" 5432
check "a pod labelled as the release's worker connects to Redis" outcome connected np-worker-redis "$NS" "$WORKER_LABELS" "$RD" 6379
check "a pod without the release's labels in $NS cannot reach PostgreSQL" outcome blocked np-stranger-pg "$NS" "app: stranger" "$PG" 5432
check "a pod without the release's labels in $NS cannot reach Redis" outcome blocked np-stranger-redis "$NS" "app: stranger" "$RD" 6379
check "a pod in namespace $OUTSIDE cannot reach PostgreSQL" outcome blocked np-outside-pg "$OUTSIDE" "app: stranger" "$PG" 5432
# The same labels as the worker, but another namespace: the policies' podSelectors are namespace-local.
check "a pod in $OUTSIDE with the worker's labels cannot reach PostgreSQL either" outcome blocked np-outside-worker-pg "$OUTSIDE" "$WORKER_LABELS" "$PG" 5432
# The web console: it may reach the API (and DNS) only; only the ingress controller may reach it.
WEB_LABELS="app.kubernetes.io/name: sentinel, app.kubernetes.io/instance: $REL, app.kubernetes.io/component: web"
API_SVC=$FULL-api.$NS.svc.cluster.local
WEB_SVC=$FULL-web.$NS.svc.cluster.local
check "a pod labelled as the release's web connects to the API Service (its SENTINEL_API_URL)" outcome connected np-web-api "$NS" "$WEB_LABELS" "$API_SVC" 8000
check "a pod labelled as the release's web cannot reach PostgreSQL" outcome blocked np-web-pg "$NS" "$WEB_LABELS" "$PG" 5432
check "a pod without the release's labels in $NS cannot reach the web Service" outcome blocked np-stranger-web "$NS" "app: stranger" "$WEB_SVC" 3000
# And the block is the agent's doing: stopped, the same stranger connects; started again, it is blocked.
bash "$REPO_ROOT/scripts/k8s/node/netpol.sh" stop >/dev/null 2>&1
check "with kube-network-policies stopped, the stranger pod connects to PostgreSQL" outcome connected np-stranger-pg "$NS" "app: stranger" "$PG" 5432
check "kube-network-policies starts again" bash "$REPO_ROOT/scripts/k8s/node/netpol.sh" start
check "enforced again: the stranger pod is blocked" outcome blocked np-stranger-pg "$NS" "app: stranger" "$PG" 5432
kc delete namespace "$OUTSIDE" --wait=false >/dev/null 2>&1
e2e_summary netpol
