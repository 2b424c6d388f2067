#!/usr/bin/env bash
# A pod of the project's api image runs on the one-node cluster (scripts/k8s/node/cluster.sh up
# must have run; the image must be loaded: localhost/sentinel/api:$IMAGE_TAG). Checks: the
# Deployment becomes Available (startup/readiness probes on the real /api/v1/health), the pod
# answers on its pod IP and through its ClusterIP Service from the host (kube-proxy), another pod
# reaches it by its cluster DNS name, it runs as uid 10001 with a read-only root file system,
# /api/v1/ready answers 503 (no database here), and it logs that it listens. Prints the CI total.
# Usage: tests/e2e/node-smoke.sh [--keep]   (--keep: leave the sentinel-smoke namespace)
set -uo pipefail
REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=scripts/k8s/node/versions.sh
. "$REPO_ROOT/scripts/k8s/node/versions.sh"
# shellcheck source=tests/e2e/lib.sh
. "$REPO_ROOT/tests/e2e/lib.sh"
IMAGE=localhost/sentinel/api:${IMAGE_TAG:-dev}
K=("$KUBECTL" --kubeconfig="$KUBECONFIG_NODE")
NS=sentinel-smoke
"${K[@]}" get --raw /readyz >/dev/null 2>&1 || {
  echo "no node cluster answers ($KUBECONFIG_NODE): scripts/k8s/node/cluster.sh up" >&2
  exit 2
}

"${K[@]}" delete namespace "$NS" --ignore-not-found --wait=true >/dev/null 2>&1
sed "s#@IMAGE@#$IMAGE#g" "$REPO_ROOT/tests/e2e/manifests/api-smoke.yaml" | "${K[@]}" apply -f - >/dev/null
e2e_note "applied the api Deployment ($IMAGE), its Service and a client Job"
check "api Deployment Available (startup + readiness probes on /api/v1/health)" "${K[@]}" -n "$NS" rollout status deploy/api --timeout=180s
POD=$("${K[@]}" -n "$NS" get pods -l app=api -o jsonpath='{.items[0].metadata.name}')
POD_IP=$("${K[@]}" -n "$NS" get pods -l app=api -o jsonpath='{.items[0].status.podIP}')
SVC_IP=$("${K[@]}" -n "$NS" get svc api -o jsonpath='{.spec.clusterIP}')
e2e_note "pod $POD, pod IP $POD_IP, Service $SVC_IP"
check "GET /api/v1/health on the pod IP from the host" sh -c "curl -fsS -m 5 http://$POD_IP:8000/api/v1/health | grep -q '\"status\":\"ok\"'"
check "GET /api/v1/health through the ClusterIP Service (kube-proxy)" retry 30 curl -fsS -m 5 "http://$SVC_IP/api/v1/health"
check "GET /api/v1/ready answers 503 with the failed checks (no database)" sh -c "[ \"\$(curl -s -o /dev/null -w '%{http_code}' -m 10 http://$POD_IP:8000/api/v1/ready)\" = 503 ]"
check "another pod reaches api.sentinel-smoke.svc.cluster.local (CoreDNS + Service)" "${K[@]}" -n "$NS" wait --for=condition=complete job/client --timeout=120s
CLIENT=$("${K[@]}" -n "$NS" get pods -l job-name=client --field-selector=status.phase=Succeeded -o jsonpath='{.items[0].metadata.name}' 2>/dev/null)
check "the client pod's log says 200" sh -c "'$KUBECTL' --kubeconfig='$KUBECONFIG_NODE' -n $NS logs '$CLIENT' | grep -q 'client got 200'"
check "runs as uid 10001" sh -c "'$KUBECTL' --kubeconfig='$KUBECONFIG_NODE' -n $NS exec $POD -- node -e 'process.exit(process.getuid() === 10001 && process.getgid() === 10001 ? 0 : 1)'"
check "root file system read-only, /tmp writable" "${K[@]}" -n "$NS" exec "$POD" -- node -e "
const fs = require('fs');
try { fs.writeFileSync('/app/x', 'x'); process.exit(1); } catch (e) { if (e.code !== 'EROFS') process.exit(2); }
fs.writeFileSync('/tmp/x', 'x');"
check "logs 'sentinel-api listening'" sh -c "'$KUBECTL' --kubeconfig='$KUBECONFIG_NODE' -n $NS logs $POD | grep -q 'sentinel-api listening'"
check "no container restarts" sh -c "[ \"\$('$KUBECTL' --kubeconfig='$KUBECONFIG_NODE' -n $NS get pod $POD -o jsonpath='{.status.containerStatuses[0].restartCount}')\" = 0 ]"
if [ "${1:-}" != --keep ]; then "${K[@]}" delete namespace "$NS" --wait=false >/dev/null 2>&1; fi
e2e_summary node-smoke
