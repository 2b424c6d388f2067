#!/usr/bin/env bash
# The one-node Kubernetes cluster whose pods run (npm run cluster:node -- COMMAND). Root only.
#   up        build.sh (cached binaries: ~1 s), images.sh --project, up.sh: a Ready node with
#             CoreDNS and the project's images imported; prints the kubeconfig path
#   down      down.sh: stop everything and put the host back as it was
#   status    the daemons and the node
#   load      export the project's images from podman again and import them (running cluster)
#   build     build.sh only (the binaries; ~10 min cold)
#   images    images.sh --project only
#   kubectl ARGS...   kubectl with the cluster's admin kubeconfig
#   helm ARGS...      helm with the cluster's admin kubeconfig
#   env       prints `export KUBECONFIG=...` for eval
# Details: docs/cluster-e2e.md.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=scripts/k8s/node/versions.sh
. "$HERE/versions.sh"
# shellcheck source=scripts/k8s/node/lib.sh
. "$HERE/lib.sh"
cmd=${1:-}
[ $# -eq 0 ] || shift
case "$cmd" in
  up)
    bash "$HERE/build.sh"
    bash "$HERE/images.sh" --project
    exec bash "$HERE/up.sh"
    ;;
  down) exec bash "$HERE/down.sh" ;;
  build) exec bash "$HERE/build.sh" ;;
  images) exec bash "$HERE/images.sh" --project ;;
  load)
    any_daemon_alive || die "no node cluster is running (cluster.sh up)"
    bash "$HERE/images.sh" --project
    import_images project
    ;;
  status)
    for n in "${NODE_DAEMONS[@]}"; do
      if p=$(pid_of "$n"); then echo "$n: running (pid $p)"; else echo "$n: not running"; fi
    done
    if pid_of kube-apiserver >/dev/null; then "$KUBECTL" --kubeconfig="$KUBECONFIG_NODE" get nodes,pods -A -o wide; fi
    ;;
  kubectl) exec "$KUBECTL" --kubeconfig="$KUBECONFIG_NODE" "$@" ;;
  helm) exec "$HELM" --kubeconfig="$KUBECONFIG_NODE" "$@" ;;
  env) echo "export KUBECONFIG=$KUBECONFIG_NODE" ;;
  *)
    sed -n '2,15p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
    exit 2
    ;;
esac
