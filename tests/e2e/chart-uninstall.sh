#!/usr/bin/env bash
# Removes the release tests/e2e/chart-install.sh installed, and checks what an uninstall leaves:
# no release pod (hooks aside), and the Tenant CRD (Helm's crds/ rule).
set -uo pipefail
REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=tests/e2e/release.sh
. "$REPO_ROOT/tests/e2e/release.sh"
check "helm uninstall" "${H[@]}" uninstall "$REL" -n "$NS" --wait --timeout 2m
# `helm uninstall --wait` (Helm 4.1) returns while the pods are still terminating: wait for them.
# The hooks stay (Helm does not delete hook resources): the evaluation StatefulSets, their
# Services and PVCs, and the finished migration Job (until its ttlSecondsAfterFinished).
check "no release pod left within 60 s (hooks aside: evaluation StatefulSets, migration Job)" retry 60 sh -c "
  ! '$KUBECTL' --kubeconfig='$KUBECONFIG_NODE' -n $NS get pods -o name | grep -v -e '-postgresql-0' -e '-redis-0' -e '-migrate-' | grep . >/dev/null"
check "the Tenant CRD stays (Helm's crds/ rule)" "${K[@]}" get crd tenants.sentinel.io

e2e_summary chart-uninstall
