#!/usr/bin/env bash
# Stops the one-node cluster of up.sh and puts the host back as up.sh found it:
#   1. pods: kube-controller-manager stops (nothing re-creates them), every pod is deleted and
#      kubelet tears the sandboxes down (CNI DEL frees IPs, veths, CNI-* chains, netns);
#   2. daemons in reverse order, each by the pid in $NODE_STATE/run (its process group), only when
#      its command line names $NODE_STATE; then leftover container shims whose executable is ours;
#   3. mounts under $NODE_STATE (overlay rootfs, kubelet volumes, shm) and /run/netns/cni-*;
#   4. network: the $NODE_BRIDGE bridge; the KUBE-* and CNI-* iptables/ip6tables chains and every
#      rule jumping to them (one iptables-restore --noflush per table: other rules, e.g. podman's,
#      are untouched); nftables tables that iptables-nft created and left empty;
#   5. the sysctls recorded by up.sh; the /kubepods cgroups; host paths the binaries create
#      whatever their configuration says, when they did not exist before;
#   6. $NODE_STATE itself (the logs are kept in $NODE_CACHE/last-logs).
# Safe to run at any time (nothing running: only the clean-up). Exit status 0 unless something
# of ours could not be removed.
set -uo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=scripts/k8s/node/versions.sh
. "$HERE/versions.sh"
# shellcheck source=scripts/k8s/node/lib.sh
. "$HERE/lib.sh"
[ "$(id -u)" = 0 ] || die "down.sh must run as root"
S=$NODE_STATE B=$NODE_STATE/host-before
problems=0
warn() {
  log "WARNING: $*"
  problems=$((problems + 1))
}

# stop NAME: SIGTERM to the daemon's process group, SIGKILL after 10 s
stop() {
  local p i
  p=$(pid_of "$1") || return 0
  kill -TERM -- "-$p" 2>/dev/null || kill -TERM "$p" 2>/dev/null
  for i in $(seq 40); do
    kill -0 "$p" 2>/dev/null || break
    sleep 0.25
  done
  kill -KILL -- "-$p" 2>/dev/null
  log "stopped $1 (pid $p)"
}

# ------------------------------------------------------------------ 1. pods
K=("$KUBECTL" --kubeconfig="$S/etc/admin.kubeconfig" --request-timeout=10s)
CTR=("$CONTAINERD_BIN/ctr" -a "$S/containerd/containerd.sock")
if pid_of kube-apiserver >/dev/null && pid_of kubelet >/dev/null && pid_of containerd >/dev/null; then
  stop kube-controller-manager
  "${K[@]}" delete pods --all --all-namespaces --grace-period=2 --wait=false >/dev/null 2>&1
  for i in $(seq 60); do
    [ -z "$("${K[@]}" get pods --all-namespaces -o name 2>/dev/null)" ] && break
    [ "$i" = 60 ] && log "pods still there after 30 s; killing them through containerd"
    sleep 0.5
  done
  log "pods deleted"
fi

# ------------------------------------------------------------------ 2. daemons, then leftover shims
# NetworkPolicy enforcement (netpol.sh start), when it ran: its queue rules first, SIGINT (its only
# clean exit), its nft table. down.sh's KUBE-* sweep below removes the KUBE-NETPOL chain anyway.
if [ -e "$S/run/kube-network-policies.pid" ] || [ -d "$S/netpol" ]; then
  bash "$HERE/netpol.sh" stop || warn "netpol.sh stop failed"
fi
for n in kube-proxy kubelet kube-scheduler kube-controller-manager; do stop "$n"; done
if pid_of containerd >/dev/null; then
  for ns in $("${CTR[@]}" namespaces ls -q 2>/dev/null); do
    for t in $("${CTR[@]}" -n "$ns" tasks ls -q 2>/dev/null); do "${CTR[@]}" -n "$ns" tasks kill -s SIGKILL "$t" >/dev/null 2>&1; done
    sleep 0.5
    for t in $("${CTR[@]}" -n "$ns" tasks ls -q 2>/dev/null); do "${CTR[@]}" -n "$ns" tasks rm -f "$t" >/dev/null 2>&1; done
  done
fi
for n in containerd kube-apiserver etcd; do stop "$n"; done
# container processes left behind: everything in the kubepods cgroups (kubelet made them), then
# the shims (their executable is ours)
if [ -d /sys/fs/cgroup/pids/kubepods ]; then
  find /sys/fs/cgroup/pids/kubepods -name cgroup.procs -exec cat {} + 2>/dev/null | while read -r p; do
    kill -KILL "$p" 2>/dev/null && log "killed leftover container process $p"
  done
fi
for p in /proc/[0-9]*; do
  p=${p#/proc/}
  if [ "$(readlink "/proc/$p/exe" 2>/dev/null)" = "$CONTAINERD_BIN/containerd-shim-runc-v2" ]; then
    kill -KILL "$p" 2>/dev/null && log "killed leftover shim $p"
  fi
done
sleep 0.5
for p in /proc/[0-9]*; do
  p=${p#/proc/}
  e=$(readlink "/proc/$p/exe" 2>/dev/null) || continue
  case "$e" in "$NODE_BIN"/*) warn "process $p ($e) still running" ;; esac
  if [ "${e#"$CP_BIN"/}" != "$e" ] && tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null | grep -F "$S/" >/dev/null; then warn "process $p ($e) still running"; fi
done

# ------------------------------------------------------------------ 3. mounts
for _ in 1 2 3; do
  mapfile -t mounts < <(awk -v s="$S/" 'index($2, s) == 1 || $2 == substr(s, 1, length(s) - 1) { print $2 }' /proc/mounts | sort -r)
  [ ${#mounts[@]} -gt 0 ] || break
  for m in "${mounts[@]}"; do umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null; done
done
for f in /run/netns/cni-*; do
  [ -e "$f" ] || continue
  umount "$f" 2>/dev/null
  rm -f "$f" || warn "cannot remove $f"
done
grep -q " $S" /proc/mounts && warn "mounts under $S remain: $(grep " $S" /proc/mounts | cut -d' ' -f2 | tr '\n' ' ')"

# ------------------------------------------------------------------ 4. network
if ip link show "$NODE_BRIDGE" >/dev/null 2>&1; then ip link del "$NODE_BRIDGE" || warn "cannot delete the bridge $NODE_BRIDGE"; fi
# One transaction per table: delete each rule that jumps to (or lives in) a KUBE-*/CNI- chain
# from the other chains, then flush and delete those chains.
ours='(KUBE-|CNI-)'
for ipt in iptables ip6tables; do
  command -v "$ipt-save" >/dev/null || continue
  for table in filter nat mangle raw; do
    dump=$("$ipt-save" -t "$table" 2>/dev/null) || continue
    chains=$(printf '%s\n' "$dump" | sed -nE "s/^:(${ours}[^ ]*) .*/\1/p")
    script=$(
      echo "*$table"
      # rules in other chains that jump to ours
      printf '%s\n' "$dump" | grep -E "^-A " | grep -Ev "^-A $ours" | grep -E -- "-(j|g) $ours" | sed 's/^-A /-D /'
      for c in $chains; do echo "-F $c"; done
      for c in $chains; do echo "-X $c"; done
      echo COMMIT
    )
    [ "$(printf '%s\n' "$script" | wc -l)" -gt 2 ] || continue
    printf '%s\n' "$script" | "$ipt-restore" --noflush 2>"$S/logs/iptables-restore.err" ||
      warn "$ipt-restore ($table) failed: $(head -n 3 "$S/logs/iptables-restore.err" 2>/dev/null)"
  done
done
# iptables-nft creates a table the first time a rule touches it and never deletes it.
if [ -x "$NFT_TABLES" ] && [ -f "$B/nft-tables" ]; then
  "$NFT_TABLES" list 2>/dev/null | awk '{ print $1, $2 }' | sort -u | while read -r fam table; do
    grep -qx "$fam $table" "$B/nft-tables" || "$NFT_TABLES" delete-if-empty "$fam" "$table" >/dev/null
  done
  # ... and the base chains it created in tables that were there (iptables-save shows them anyway;
  # iptables-nft creates them again when a rule needs them)
  if [ -f "$B/nft-chains" ]; then
    "$NFT_TABLES" list 2>/dev/null | while read -r fam table chain rules; do
      case "$chain" in INPUT | OUTPUT | FORWARD | PREROUTING | POSTROUTING) ;; *) continue ;; esac
      [ "$rules" = 0 ] && ! grep -qx "$fam $table $chain" "$B/nft-chains" && "$NFT_TABLES" delete-chain-if-empty "$fam" "$table" "$chain" >/dev/null
    done
  fi
fi

# ------------------------------------------------------------------ 5. sysctls, cgroups, host paths
if [ -f "$B/sysctls" ]; then
  while IFS='=' read -r key value; do
    [ "$(sysctl -n "$key" 2>/dev/null)" = "$value" ] || sysctl -qw "$key=$value" >/dev/null 2>&1 || warn "cannot restore $key=$value"
  done <"$B/sysctls"
fi
for c in /sys/fs/cgroup/*/; do
  for top in kubepods kubepods.slice; do
    [ -d "$c$top" ] && { find "$c$top" -depth -type d -exec rmdir {} \; 2>/dev/null || warn "cannot remove the cgroup $c$top"; }
  done
done
if [ -f "$B/paths" ]; then
  find /var/log/containers -maxdepth 1 -type l -lname "$S/*" -delete 2>/dev/null
  for p in "${NODE_HOST_PATHS[@]}"; do
    grep -qx "$p" "$B/paths" && continue
    [ -e "$p" ] || continue
    if [ "$p" = /run/netns ]; then rmdir "$p" 2>/dev/null || log "kept $p (not empty: someone else's namespaces)"; else rm -rf "$p" || warn "cannot remove $p"; fi
  done
fi

# ------------------------------------------------------------------ 6. the state folder
if [ -d "$S" ]; then
  rm -rf "$NODE_CACHE/last-logs" && [ -d "$S/logs" ] && mv "$S/logs" "$NODE_CACHE/last-logs"
  rm -rf "$S" || warn "cannot remove $S"
fi
if [ "$problems" = 0 ]; then log "down: the host is back as it was (logs of the run: $NODE_CACHE/last-logs)"; else log "down: $problems problem(s), see above"; fi
[ "$problems" = 0 ]
