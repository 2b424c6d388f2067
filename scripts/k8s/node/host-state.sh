#!/usr/bin/env bash
# Snapshots the host state the one-node cluster touches, and compares two snapshots:
#   host-state.sh snapshot DIR
#   host-state.sh compare BEFORE AFTER   exit 1 when a difference is the cluster's (or unexplained)
# What is recorded: processes of the cluster's binaries (or naming its state folder), iptables
# and ip6tables rules of every table (counters dropped), nftables tables/chains/rule counts,
# network links, addresses and routes, network namespaces, sysctls, mounts, cgroups (top level of
# each hierarchy), host paths the binaries create, listening ports of the daemons.
# Other jobs on the same host (podman: NETAVARK chains, podman* bridges, their veths, netns-*
# namespaces, /var/lib/containers mounts) may change things meanwhile: such differences are
# listed as foreign and do not fail the comparison. Used by tests/e2e/node-teardown.sh.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=scripts/k8s/node/versions.sh
. "$HERE/versions.sh"
# shellcheck source=scripts/k8s/node/lib.sh
. "$HERE/lib.sh"

snapshot() {
  local d=$1 t ipt p e
  mkdir -p "$d"
  # processes: executable + command line, for ours only (others' come and go)
  for p in /proc/[0-9]*; do
    p=${p#/proc/}
    e=$(readlink "/proc/$p/exe" 2>/dev/null) || continue
    case "$e" in
      "$NODE_CACHE"/*) echo "$e $(tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null | cut -c1-200)" ;;
      *) if tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null | grep -F "$NODE_STATE" >/dev/null; then echo "$e $(tr '\0' ' ' <"/proc/$p/cmdline" | cut -c1-200)"; fi ;;
    esac
  done | sort >"$d/processes"
  : >"$d/iptables"
  for ipt in iptables ip6tables; do
    command -v "$ipt-save" >/dev/null || continue
    for t in filter nat mangle raw security; do
      "$ipt-save" -t "$t" 2>/dev/null | grep -v '^#' | sed -e 's/ \[[0-9]*:[0-9]*\]$//' -e "s/^/$ipt $t /"
    done
  done | sort >"$d/iptables"
  if [ -x "$NFT_TABLES" ]; then "$NFT_TABLES" list >"$d/nft" 2>&1 || true; else echo "(nft-tables not built)" >"$d/nft"; fi
  ip -o link show | sed -E 's/^[0-9]+: //; s/ mtu .* (master [^ ]+).*/ \1/; s/ mtu .*//; s/@if[0-9]+//' | sort >"$d/links"
  # addresses and routes, each with the bridge its interface belongs to (a veth of podman0 is podman's)
  declare -A master=()
  while read -r name m; do master[$name]=$m; done < <(ip -o link show | sed -nE 's/^[0-9]+: ([^:@]+)(@[^:]*)?: .* master ([^ ]+).*/\1 \3/p')
  ip -o addr show | while read -r _ name fam addr _; do echo "$name $fam $addr ${master[$name]:+[master ${master[$name]}]}"; done | sort >"$d/addresses"
  { ip -4 route show table all; ip -6 route show table all; } 2>/dev/null | while read -r line; do
    dev=$(printf '%s' "$line" | sed -nE 's/.* dev ([^ ]+).*/\1/p')
    echo "$line${dev:+${master[$dev]:+ [master ${master[$dev]}]}}"
  done | sort >"$d/routes"
  find /run/netns -mindepth 1 -maxdepth 1 -printf "%f\n" 2>/dev/null | sort >"$d/netns" || true
  for s in "${NODE_SYSCTLS[@]}" net.ipv4.conf.default.forwarding net.ipv4.conf.eth0.forwarding net.ipv4.ip_unprivileged_port_start \
    net.ipv4.conf.all.rp_filter net.ipv4.conf.default.rp_filter kernel.pid_max fs.inotify.max_user_instances fs.inotify.max_user_watches \
    fs.file-max vm.max_map_count; do
    if v=$(sysctl -n "$s" 2>/dev/null); then echo "$s = $v"; fi
  done | sort >"$d/sysctls"
  awk '{ print $1, $2, $3 }' /proc/mounts | sort >"$d/mounts"
  for c in /sys/fs/cgroup/*/; do
    find "$c" -mindepth 1 -maxdepth 1 -type d -printf "$(basename "$c") %f\n" 2>/dev/null
  done | sort >"$d/cgroups"
  for p in "${NODE_HOST_PATHS[@]}" /etc/cni/net.d /opt/cni; do
    if [ -e "$p" ]; then echo "$p $(find "$p" -mindepth 1 2>/dev/null | wc -l) entries"; fi
  done | sort >"$d/paths"
  ss -Htln 2>/dev/null | awk '{ print $4 }' | grep -E ":($NODE_ETCD_PORT|$NODE_ETCD_PEER_PORT|$NODE_APISERVER_PORT|10248|10249|10250|10256|10257|10259)$" | sort >"$d/listening" || true
}

# What others (podman and its tests) do on this host meanwhile.
FOREIGN='NETAVARK|podman|netns-|/var/lib/containers|/run/containers|libpod|aardvark|sentinel-images|sentinel-compose|^iptables nat :NETAVARK|10\.88\.|10\.89\.'
# What a difference of the cluster looks like.
OURS="KUBE-|CNI-|$NODE_BRIDGE|10\.244\.|10\.96\.|kubepods|cni-|$NODE_CACHE|/var/lib/kubelet|/run/containerd|containerd|kube"

compare() {
  local a=$1 b=$2 f ours=0 foreign=0 other=0 diffs line
  for f in processes iptables nft links addresses routes netns sysctls mounts cgroups paths listening; do
    diffs=$(diff <(cat "$a/$f" 2>/dev/null) <(cat "$b/$f" 2>/dev/null) | grep -E '^[<>]' || true)
    [ -n "$diffs" ] || continue
    while IFS= read -r line; do
      case "$f" in
        processes | sysctls | paths | listening | cgroups)
          # all of these are filtered to what the cluster touches (cgroups: anything new at the top)
          if [ "$f" = cgroups ] && ! printf '%s' "$line" | grep -E "$OURS" >/dev/null; then
            echo "  foreign  $f: $line"
            foreign=$((foreign + 1))
          else
            echo "  OURS     $f: $line"
            ours=$((ours + 1))
          fi
          ;;
        *)
          if printf '%s' "$line" | grep -E "$OURS" >/dev/null; then
            echo "  OURS     $f: $line"
            ours=$((ours + 1))
          elif printf '%s' "$line" | grep -E "$FOREIGN" >/dev/null; then
            foreign=$((foreign + 1))
            echo "  foreign  $f: $line"
          else
            echo "  UNEXPLAINED $f: $line"
            other=$((other + 1))
          fi
          ;;
      esac
    done <<<"$diffs"
  done
  echo "host-state: $ours difference(s) of the cluster, $other unexplained, $foreign foreign (other jobs on this host, ignored)"
  [ "$ours" = 0 ] && [ "$other" = 0 ]
}

case "${1:-}" in
  snapshot) snapshot "$2" ;;
  compare) compare "$2" "$3" ;;
  *)
    echo "usage: host-state.sh snapshot DIR | compare BEFORE AFTER" >&2
    exit 2
    ;;
esac
