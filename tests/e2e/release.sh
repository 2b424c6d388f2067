# Sourced first by the suites that work on the installed release (tenants, ingress, upgrade,
# resources, netpol, drills, chart-uninstall), after they set REPO_ROOT: the cluster's paths
# (scripts/k8s/node/versions.sh), the check/summary helpers (lib.sh), which release, kubectl and
# helm against the cluster, node, and a work directory W removed on exit. A suite with its own
# cleanup defines suite_cleanup; it runs first, on exit.
# shellcheck shell=bash disable=SC2034 # the variables are for the sourcing suites
# shellcheck source=scripts/k8s/node/versions.sh
. "$REPO_ROOT/scripts/k8s/node/versions.sh"
# shellcheck source=tests/e2e/lib.sh
. "$REPO_ROOT/tests/e2e/lib.sh"
NS=${E2E_NAMESPACE:-sentinel}
REL=${E2E_RELEASE:-sentinel}
FULL=$REL # charts/sentinel's fullname for a release whose name holds "sentinel"
TAG=${IMAGE_TAG:-dev}
kc() { "$KUBECTL" --kubeconfig="$KUBECONFIG_NODE" "$@"; }
K=("$KUBECTL" --kubeconfig="$KUBECONFIG_NODE")
H=("$HELM" --kubeconfig="$KUBECONFIG_NODE")
NODE=$(command -v node || echo "$REPO_ROOT/node_modules/.bin/node")
W=$(mktemp -d)
e2e_exit() {
  if declare -F suite_cleanup >/dev/null; then suite_cleanup; fi
  rm -rf "$W"
}
trap e2e_exit EXIT
