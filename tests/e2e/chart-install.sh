#!/usr/bin/env bash
# Installs charts/sentinel on the one-node cluster (scripts/k8s/node/cluster.sh up must have run,
# with the project's images and the postgres/redis stand-ins loaded) with the evaluation profile
# (in-cluster PostgreSQL and Redis) and `helm install --wait --timeout 5m`, then checks: the
# migration hook Job completed, every Deployment is Available, the pods run as uid 10001 with
# read-only root file systems, /api/v1/health and /api/v1/ready answer through the api Service,
# `helm test` passes. The release stays installed for the suites that follow (tests/e2e/run.sh);
# tests/e2e/chart-uninstall.sh removes it.
# The evaluation StatefulSets' PersistentVolumeClaims are bound to hostPath PersistentVolumes
# made here (the node has no provisioner), under $NODE_STATE/volumes.
# On a failure the state of the namespace (pods, events, logs) is printed.
set -uo pipefail
REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=scripts/k8s/node/versions.sh
. "$REPO_ROOT/scripts/k8s/node/versions.sh"
# shellcheck source=tests/e2e/lib.sh
. "$REPO_ROOT/tests/e2e/lib.sh"
TAG=${IMAGE_TAG:-dev}
NS=${E2E_NAMESPACE:-sentinel}
REL=${E2E_RELEASE:-sentinel}
K=("$KUBECTL" --kubeconfig="$KUBECONFIG_NODE")
H=("$HELM" --kubeconfig="$KUBECONFIG_NODE")
CHART=$REPO_ROOT/charts/sentinel
"${K[@]}" get --raw /readyz >/dev/null 2>&1 || {
  echo "no node cluster answers ($KUBECONFIG_NODE): scripts/k8s/node/cluster.sh up" >&2
  exit 2
}
kc() { "$KUBECTL" --kubeconfig="$KUBECONFIG_NODE" "$@"; }

diagnose() {
  echo "---------------- state of namespace $NS"
  kc -n "$NS" get all,pvc,pv -o wide 2>&1 | sed 's/^/  /'
  echo "---------------- events"
  kc -n "$NS" get events --sort-by=.lastTimestamp 2>&1 | tail -n 40 | sed 's/^/  /'
  for p in $(kc -n "$NS" get pods -o name 2>/dev/null); do
    if kc -n "$NS" get "$p" -o jsonpath='{range .status.containerStatuses[*]}{.ready}{"\n"}{end}' | grep false >/dev/null ||
      kc -n "$NS" get "$p" -o jsonpath='{.status.phase}' | grep -v -e Running -e Succeeded >/dev/null; then
      echo "---------------- $p (not ready)"
      kc -n "$NS" describe "$p" 2>&1 | sed -n '/^Conditions:/,$p' | sed -n 1,30p | sed 's/^/  /'
      kc -n "$NS" logs "$p" --all-containers --tail=30 2>&1 | sed 's/^/  log: /'
      kc -n "$NS" logs "$p" --all-containers --previous --tail=30 2>/dev/null | sed 's/^/  previous log: /'
    fi
  done
}

# ------------------------------------------------------------------ images and volumes
for img in api worker scheduler controller migrate web; do
  check "image localhost/sentinel/$img:$TAG is in containerd" sh -c "'$CONTAINERD_BIN/ctr' -a '$NODE_STATE/containerd/containerd.sock' -n k8s.io images ls -q | grep -qx 'localhost/sentinel/$img:$TAG'"
done
"${H[@]}" uninstall "$REL" -n "$NS" --wait >/dev/null 2>&1
kc delete namespace "$NS" --ignore-not-found --wait=true --timeout=120s >/dev/null 2>&1
kc create namespace "$NS" >/dev/null
FULL=$REL
case "$REL" in *sentinel*) ;; *) FULL=$REL-sentinel ;; esac
for db in postgresql redis; do
  pv=$NS-data-$FULL-$db-0
  dir=$NODE_STATE/volumes/$pv
  kc delete pv "$pv" --ignore-not-found --wait=true >/dev/null 2>&1
  rm -rf "$dir" && mkdir -p "$dir" && chown 10001:10001 "$dir" && chmod 0700 "$dir"
  kc apply -f - >/dev/null <<YAML
apiVersion: v1
kind: PersistentVolume
metadata: { name: $pv, labels: { sentinel.io/e2e: node } }
spec:
  capacity: { storage: 1Gi }
  accessModes: [ReadWriteOnce]
  persistentVolumeReclaimPolicy: Retain
  claimRef: { namespace: $NS, name: data-$FULL-$db-0 }
  hostPath: { path: $dir, type: Directory }
YAML
done
e2e_note "hostPath PersistentVolumes for data-$FULL-{postgresql,redis}-0 under $NODE_STATE/volumes"

extra=()

# ------------------------------------------------------------------ install
t0=$(date +%s)
"${H[@]}" install "$REL" "$CHART" -n "$NS" -f "$CHART/ci/evaluation-values.yaml" -f "$REPO_ROOT/tests/e2e/values-node.yaml" \
  --set image.tag="$TAG" "${extra[@]}" --wait --timeout 5m >"/tmp/e2e-helm-install.log" 2>&1
rc=$?
e2e_note "helm install --wait --timeout 5m: exit $rc after $(($(date +%s) - t0))s"
check "helm install --wait --timeout 5m" sh -c "exit $rc"
[ "$rc" = 0 ] || {
  sed 's/^/  helm: /' /tmp/e2e-helm-install.log | tail -n 20
  diagnose
}
check "migration hook Job completed" sh -c "'$KUBECTL' --kubeconfig='$KUBECONFIG_NODE' -n $NS get job $FULL-migrate -o jsonpath='{.status.succeeded}' | grep -qx 1"
for d in $(kc -n "$NS" get deploy -o name 2>/dev/null); do
  check "$d Available" "${K[@]}" -n "$NS" rollout status "$d" --timeout=10s
done
for s in $(kc -n "$NS" get statefulset -o name 2>/dev/null); do
  check "$s ready" "${K[@]}" -n "$NS" rollout status "$s" --timeout=10s
done
check "every container runs as a non-root uid with a read-only root file system" sh -c "
  '$KUBECTL' --kubeconfig='$KUBECONFIG_NODE' -n $NS get pods --field-selector=status.phase=Running -o jsonpath='{range .items[*]}{range .spec.containers[*]}{.name} {.securityContext.runAsUser} {.securityContext.readOnlyRootFilesystem}{\"\\n\"}{end}{end}' |
  awk '{ n++; if (\$2 == \"\" || \$2 == 0 || \$3 != \"true\") bad++ } END { exit (n > 0 && bad == 0) ? 0 : 1 }'"
API_IP=$(kc -n "$NS" get svc "$FULL-api" -o jsonpath='{.spec.clusterIP}' 2>/dev/null)
API_PORT=$(kc -n "$NS" get svc "$FULL-api" -o jsonpath='{.spec.ports[0].port}' 2>/dev/null)
# kube-proxy programs the Service's rules shortly after the endpoints are ready: give it 30 s.
check "GET /api/v1/health through the api Service" retry 30 curl -fsS -m 5 "http://$API_IP:$API_PORT/api/v1/health"
check "GET /api/v1/ready through the api Service (PostgreSQL and Redis answer)" retry 30 curl -fsS -m 5 "http://$API_IP:$API_PORT/api/v1/ready"
check "helm test" "${H[@]}" test "$REL" -n "$NS" --timeout 2m
e2e_note "pods:"
kc -n "$NS" get pods -o wide 2>&1 | sed 's/^/  /'
kc -n "$NS" get pods -o jsonpath='{range .items[*]}{.metadata.name} restarts={.status.containerStatuses[*].restartCount}{"\n"}{end}' | sed 's/^/  /'
if [ "$E2E_FAILED" != 0 ] && [ "$rc" = 0 ]; then diagnose; fi

e2e_summary chart-install
