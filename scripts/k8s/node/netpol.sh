#!/usr/bin/env bash
# NetworkPolicy enforcement on the one-node cluster of up.sh (root only):
#   netpol.sh start   runs kube-network-policies (build.sh builds it) as a host process, like the
#                     other daemons: log $NODE_STATE/logs/kube-network-policies.log, pid in $NODE_STATE/run
#   netpol.sh stop    stops it and removes what it and this script added to the host (safe to run
#                     at any time; down.sh must run it before it stops kube-proxy)
# kube-network-policies sends the first packet of each pod connection to an NFQUEUE, decides in
# user space whether the NetworkPolicies allow it, and answers accept or drop.
# Two quirks of v0.8.0 on these hosts (docs/cluster-e2e.md):
#  1. It only takes an in-cluster configuration (there is no --kubeconfig flag): a ServiceAccount
#     token and CA in /var/run/secrets/kubernetes.io/serviceaccount and KUBERNETES_SERVICE_HOST/PORT.
#     It runs in a private mount namespace with a tmpfs over /run that holds them, so the host's /run
#     is untouched (the network namespace is the host's).
#  2. The kernel has no nftables `queue` expression (CONFIG_NFT_QUEUE unset, and no loadable
#     modules), so the binary's own table (inet kube-network-policies, a postrouting chain that
#     queues new connections of the pods its policies select) fails to load with "netlink receive:
#     no such file or directory" and it would enforce nothing while looking healthy. The xtables
#     NFQUEUE target is built in: this script sends the same packets (new connections from or to
#     the pod CIDR, not from root-owned host sockets) to the same queue from the chain KUBE-NETPOL
#     in iptables' mangle POSTROUTING. Pods no policy selects are queued too, and allowed.
#     A kernel with nft `queue` (/proc/config.gz says CONFIG_NFT_QUEUE=y or m) gets no fallback.
# Fail-closed like upstream: while the rules are there and the process is not, new pod connections
# are dropped (NETPOL_FAIL_OPEN=1: --fail-open and --queue-bypass, they are accepted instead).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=scripts/k8s/node/versions.sh
. "$HERE/versions.sh"
# shellcheck source=scripts/k8s/node/lib.sh
. "$HERE/lib.sh"
[ "$(id -u)" = 0 ] || die "netpol.sh must run as root (nftables, NFQUEUE, mounts)"

NAME=kube-network-policies
QUEUE=${NETPOL_QUEUE_ID:-100}
METRICS=127.0.0.1:${NETPOL_METRICS_PORT:-9080}
CHAIN=KUBE-NETPOL # a KUBE- name: down.sh's sweep of KUBE-* chains and host-state.sh cover it
NFT_OWN_TABLES=(kube-network-policies kube-network-policies-dnscache) # family inet; the second with --admin-network-policy
D=$NODE_STATE/netpol

# queue_bound: the queue has a listener (/proc/net/netfilter/nfnetlink_queue: queue number first)
queue_bound() { awk -v q="$QUEUE" '$1 == q { found = 1 } END { exit !found }' /proc/net/netfilter/nfnetlink_queue 2>/dev/null; }
# (grep without -q reads to the end: with -q, zcat may die of SIGPIPE and pipefail flips the answer)
needs_fallback() { ! zcat /proc/config.gz 2>/dev/null | grep -E '^CONFIG_NFT_QUEUE=(y|m)' >/dev/null; }

remove_fallback() {
  while iptables -w 5 -t mangle -D POSTROUTING -j "$CHAIN" 2>/dev/null; do :; done
  if iptables -w 5 -t mangle -S "$CHAIN" >/dev/null 2>&1; then
    if ! { iptables -w 5 -t mangle -F "$CHAIN" && iptables -w 5 -t mangle -X "$CHAIN"; }; then log "WARNING: cannot remove the mangle chain $CHAIN"; fi
  fi
}

undo_failed_start() {
  local rc=$?
  [ "$rc" = 0 ] || { log "start failed: stopping again"; stop; }
}

start() {
  local p bypass=() failopen=() node_name node_ip
  pid_of kube-apiserver >/dev/null || die "no node cluster is running (scripts/k8s/node/cluster.sh up)"
  ! pid_of "$NAME" >/dev/null || die "$NAME is already running (pid $(pid_of "$NAME"))"
  [ -x "$NETPOL_BIN/$NAME" ] || die "$NETPOL_BIN/$NAME is missing: run scripts/k8s/node/build.sh"
  [ -r /proc/net/netfilter/nfnetlink_queue ] || die "the kernel has no nfnetlink_queue (/proc/net/netfilter/nfnetlink_queue)"
  ! queue_bound || die "NFQUEUE $QUEUE already has a listener (NETPOL_QUEUE_ID picks another)"
  port_free "${METRICS##*:}" || die "port ${METRICS##*:} is taken (NETPOL_METRICS_PORT picks another)"
  node_name=$(sed -n 's/^NODE_NAME=//p' "$NODE_STATE/etc/node.env") # written by up.sh
  node_ip=$(sed -n 's/^NODE_IP=//p' "$NODE_STATE/etc/node.env")
  if [ -z "$node_name" ] || [ -z "$node_ip" ]; then die "$NODE_STATE/etc/node.env names no NODE_NAME/NODE_IP"; fi
  [ -z "${NETPOL_FAIL_OPEN:-}" ] || { failopen=(--fail-open); bypass=(--queue-bypass); }

  local K=("$KUBECTL" --kubeconfig="$KUBECONFIG_NODE" --request-timeout=20s)
  "${K[@]}" apply -f "$HERE/manifests/kube-network-policies.yaml" >/dev/null || die "cannot create the $NAME ServiceAccount and RBAC"
  rm -rf "$D" && mkdir -p "$D/serviceaccount"
  "${K[@]}" -n kube-system create token "$NAME" --duration=48h >"$D/serviceaccount/token" || die "cannot get a token of the $NAME ServiceAccount"
  cp "$NODE_STATE/pki/ca.crt" "$D/serviceaccount/ca.crt"
  echo kube-system >"$D/serviceaccount/namespace"
  chmod 600 "$D/serviceaccount/token"
  # argv[0] under $NODE_STATE: pid_of (and down.sh) recognise the process by its command line
  ln -sfn "$NETPOL_BIN/$NAME" "$D/$NAME"

  # kernels >= 6.12 have the conntrack fix (netfilter bug 1766); its DNS work-around also needs nft `queue`.
  # --disable-nri is not passed: v0.8.0 parses it but never uses it; containerd runs without NRI here
  # (up.sh), so the plugin fails to connect once, logs it, and the Pod IPs come from the API server.
  # a start that fails half-way takes back what it did
  trap undo_failed_start EXIT
  # shellcheck disable=SC2016 # $1 and $@ are the inner shell's
  start_daemon "$NAME" env KUBERNETES_SERVICE_HOST="$node_ip" KUBERNETES_SERVICE_PORT="$NODE_APISERVER_PORT" \
    unshare --mount --propagation private sh -c 'mount -t tmpfs -o mode=755 sentinel-netpol /run &&
      mkdir -p /run/secrets/kubernetes.io/serviceaccount &&
      mount --bind -o ro "$1" /run/secrets/kubernetes.io/serviceaccount && shift && exec "$@"' \
    sh "$D/serviceaccount" "$D/$NAME" --hostname-override="$node_name" --nfqueue-id="$QUEUE" \
    --metrics-bind-address="$METRICS" --netfilter-bug-1766-fix=false "${failopen[@]}" -v=2
  # it binds the queue once its informers have synced
  wait_for "$NAME bound NFQUEUE $QUEUE" 60 sh -c "kill -0 $(cat "$NODE_STATE/run/$NAME.pid") && awk -v q=$QUEUE '\$1 == q { f = 1 } END { exit !f }' /proc/net/netfilter/nfnetlink_queue"

  if needs_fallback; then
    remove_fallback
    iptables -w 5 -t mangle -N "$CHAIN"
    iptables -w 5 -t mangle -A "$CHAIN" -m owner --uid-owner 0 -j RETURN # like upstream: root's host traffic (kubelet probes)
    iptables -w 5 -t mangle -A "$CHAIN" -m conntrack --ctstate ESTABLISHED,RELATED -j RETURN
    iptables -w 5 -t mangle -A "$CHAIN" -s "$NODE_CLUSTER_CIDR" -j NFQUEUE --queue-num "$QUEUE" "${bypass[@]}"
    iptables -w 5 -t mangle -A "$CHAIN" -d "$NODE_CLUSTER_CIDR" -j NFQUEUE --queue-num "$QUEUE" "${bypass[@]}"
    iptables -w 5 -t mangle -I POSTROUTING 1 -j "$CHAIN"
    log "no nft queue in this kernel: pod connections reach NFQUEUE $QUEUE via iptables (mangle $CHAIN)"
  fi
  p=$(pid_of "$NAME") || die "$NAME exited; the end of its log: $(tail -n 15 "$NODE_STATE/logs/$NAME.log")"
  trap - EXIT
  log "$NAME enforces NetworkPolicies (pid $p, metrics http://$METRICS/metrics)"
}

stop() {
  local p t _
  # rules first: with the process gone, fail-closed rules would drop every new pod connection
  remove_fallback
  if p=$(pid_of "$NAME"); then
    # SIGINT: the only signal on which it deletes its nft table (then sleeps 5 s); SIGTERM kills it outright
    kill -INT "$p" 2>/dev/null
    for _ in $(seq 60); do
      kill -0 "$p" 2>/dev/null || break
      sleep 0.25
    done
    kill -KILL -- "-$p" 2>/dev/null || true
    log "stopped $NAME (pid $p)"
  fi
  # its tables, should it have been killed (a table that queues to a queue nobody reads drops packets)
  if [ -x "$NFT_TABLES" ]; then
    for t in "${NFT_OWN_TABLES[@]}"; do "$NFT_TABLES" delete inet "$t" >/dev/null || log "WARNING: cannot delete the nft table inet $t"; done
  fi
  rm -f "$NODE_STATE/run/$NAME.pid"
  rm -rf "$D"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *)
    echo "usage: netpol.sh start|stop" >&2
    exit 2
    ;;
esac
