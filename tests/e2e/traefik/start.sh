#!/usr/bin/env bash
# start.sh KUBECONFIG PORT LOGDIR: starts the cached Traefik (scripts/k8s/build-traefik.sh) as a
# host process beside the one-node cluster, in the background, with traefik.yaml rendered into
# LOGDIR/traefik.yaml; its pid goes to LOGDIR/traefik.pid, its log to LOGDIR/traefik.log (and
# anything it prints before the log is set up to LOGDIR/traefik.out). Returns once the `web`
# entrypoint answers HTTP (a 404 before the provider's first sync counts), or fails with the log.
# PORT is a port on 127.0.0.1 or HOST:PORT. Stop it with stop.sh LOGDIR.
# The Ingress routes appear once the provider has synced (about a second after start, then
# after each change); a caller waits for them with its own request, e.g. until
#   curl -s -o /dev/null -w '%{http_code}' -H 'Host: sentinel.example.com' http://127.0.0.1:PORT/api/...
# stops answering 404.
# Run it as root: the chart's NetworkPolicies admit api/web traffic only from the ingress-nginx
# namespace, and with enforcement on (scripts/k8s/node/netpol.sh) only root-owned host sockets
# bypass them (like kubelet probes); a non-root Traefik's connections to pod IPs are dropped.
set -euo pipefail
[ $# -eq 3 ] || {
  echo "usage: $0 KUBECONFIG PORT LOGDIR" >&2
  exit 2
}
kubeconfig=$1 port=$2 logdir=$3
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
version=$(sed -n 's/^TRAEFIK_VERSION=//p' "$here/../../../scripts/k8s/build-traefik.sh")
TRAEFIK=${TRAEFIK:-${SENTINEL_K8S_CACHE:-$HOME/.cache/sentinel-k8s}/bin/traefik-v$version}
[ -x "$TRAEFIK" ] || {
  echo "start.sh: $TRAEFIK missing: run scripts/k8s/build-traefik.sh" >&2
  exit 1
}
[ -r "$kubeconfig" ] || {
  echo "start.sh: cannot read kubeconfig $kubeconfig" >&2
  exit 1
}
case $port in *:*) address=$port ;; *) address=127.0.0.1:$port ;; esac
mkdir -p "$logdir"
logdir=$(cd "$logdir" && pwd)
kubeconfig=$(cd "$(dirname "$kubeconfig")" && pwd)/$(basename "$kubeconfig")
if [ -s "$logdir/traefik.pid" ] && kill -0 "$(cat "$logdir/traefik.pid")" 2>/dev/null; then
  echo "start.sh: traefik already runs (pid $(cat "$logdir/traefik.pid")); stop.sh $logdir first" >&2
  exit 1
fi

sed -e "s|@ADDRESS@|$address|" -e "s|@LOGDIR@|$logdir|" "$here/traefik.yaml" >"$logdir/traefik.yaml"
# KUBECONFIG selects the provider's out-of-cluster client; KUBERNETES_SERVICE_HOST/PORT would
# select the in-cluster one.
env -u KUBERNETES_SERVICE_HOST -u KUBERNETES_SERVICE_PORT KUBECONFIG="$kubeconfig" \
  setsid "$TRAEFIK" --configFile="$logdir/traefik.yaml" </dev/null >"$logdir/traefik.out" 2>&1 &
pid=$!
echo "$pid" >"$logdir/traefik.pid"

end=$(($(date +%s) + 30))
until code=$(curl -s -o /dev/null -m 2 -w '%{http_code}' "http://$address/") && [ "$code" != 000 ]; do
  if ! kill -0 "$pid" 2>/dev/null || [ "$(date +%s)" -ge "$end" ]; then
    echo "start.sh: traefik (pid $pid) did not answer on http://$address/ within 30 s; log:" >&2
    tail -n 20 "$logdir/traefik.log" "$logdir/traefik.out" >&2 2>/dev/null || true
    exit 1
  fi
  sleep 0.3
done
echo "traefik v$version pid $pid on http://$address/ (log $logdir/traefik.log)"
