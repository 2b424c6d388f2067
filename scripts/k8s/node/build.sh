#!/usr/bin/env bash
# Makes sure the binaries of the one-node cluster are in the cache ($NODE_BIN, see versions.sh):
#   kubernetes-vX/  kubelet kube-controller-manager kube-scheduler kube-proxy, built from the Go module
#                   proxy (k8s.io/kubernetes) in a wrapper module that replaces every k8s.io staging
#                   module like the kube-apiserver one of scripts/k8s/build-control-plane.sh
#   containerd-vX/  containerd containerd-shim-runc-v2 ctr  (go install, CGO_ENABLED=0)
#   cni-plugins-vX/ bridge host-local loopback portmap
#   coredns-vX/     coredns
#   kube-network-policies-vX/ kube-network-policies (NetworkPolicy enforcement, see netpol.sh): the
#                   module's only main package, sigs.k8s.io/kube-network-policies/cmd
# and that kube-apiserver, etcd, kubectl and helm are there (scripts/k8s/build-control-plane.sh,
# run first: the node build reuses its wrapper module and its Go build cache).
# Runc is Debian's package (installed with apt when missing), like podman uses.
# Idempotent: a folder already in the cache is not rebuilt; each is built under a temporary name
# and renamed into place once its binaries run, so an interrupted build leaves nothing half-done.
# Cold: ~10 min of Go builds on 2 cores (after kube-apiserver); cached: about a second.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$HERE/../../.." && pwd)
# shellcheck source=scripts/k8s/node/versions.sh
. "$HERE/versions.sh"

LOG_NAME=node-build
# shellcheck source=scripts/k8s/lib.sh
. "$HERE/../lib.sh"
TMPS=()
cleanup() { [ ${#TMPS[@]} -eq 0 ] || rm -rf "${TMPS[@]}"; }
trap cleanup EXIT
tmpdir_for() {
  local t="$1.tmp.$$"
  rm -rf "$t"
  mkdir -p "$t"
  TMPS+=("$t")
  printf '%s' "$t"
}
# step NAME CMD...: runs and logs the time it took
step() {
  local name=$1 t0
  shift
  t0=$(date +%s)
  "$@"
  log "$name: $(($(date +%s) - t0))s"
}

# 0) the control plane binaries (kube-apiserver, etcd, kubectl, helm) and runc
mkdir -p "$NODE_CACHE"
bash "$REPO_ROOT/scripts/k8s/build-control-plane.sh" >"$NODE_CACHE/build-control-plane.log" 2>&1 ||
  die "scripts/k8s/build-control-plane.sh failed:$(printf '\n')$(tail -n 20 "$NODE_CACHE/build-control-plane.log")"
need_pkgs=()
command -v runc >/dev/null 2>&1 || need_pkgs+=(runc)
command -v iptables >/dev/null 2>&1 || need_pkgs+=(iptables)
command -v openssl >/dev/null 2>&1 || need_pkgs+=(openssl)
command -v curl >/dev/null 2>&1 || need_pkgs+=(curl)
command -v gcc >/dev/null 2>&1 || need_pkgs+=(gcc libc6-dev)
if [ ${#need_pkgs[@]} -gt 0 ]; then
  log "installing ${need_pkgs[*]} (apt)"
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_pkgs[@]}" >/dev/null || die "apt-get install ${need_pkgs[*]} failed"
fi

all_present() { # DIR BIN...
  local d=$1 b
  shift
  for b in "$@"; do [ -x "$d/$b" ] || return 1; done
}
K8S_CMDS=(kubelet kube-controller-manager kube-scheduler kube-proxy)
CTRD_CMDS=(containerd containerd-shim-runc-v2 ctr)
CNI_CMDS=(bridge host-local loopback portmap)
NETPOL_CMDS=(kube-network-policies)
NFT_KEY=$(sha256sum "$HERE/nft-tables/main.go" | cut -c1-16)
nft_current() { [ -x "$NFT_TABLES" ] && [ "$(cat "$NFT_TABLES.key" 2>/dev/null)" = "$NFT_KEY" ]; }
if all_present "$K8S_NODE_BIN" "${K8S_CMDS[@]}" && all_present "$CONTAINERD_BIN" "${CTRD_CMDS[@]}" &&
  all_present "$CNI_BIN" "${CNI_CMDS[@]}" && all_present "$COREDNS_BIN" coredns && nft_current &&
  all_present "$NETPOL_BIN" "${NETPOL_CMDS[@]}"; then
  log "node binaries cached in $NODE_BIN"
  exit 0
fi

# The Go environment of every tool build (lib.sh): local toolchain, GO_JOBS compile jobs.
go_env "the node binaries"
log "using $("$GO" version); -p $GO_JOBS"
mkdir -p "$NODE_BIN"
one_at_a_time "$NODE_CACHE/.build.lock"

build_kubernetes() {
  local v=$NODE_K8S_VERSION dir apidir info commit bdate ldf p out c got
  apidir=$SENTINEL_K8S_CACHE/build-kube-apiserver-v$v
  [ -f "$apidir/go.mod" ] || die "$apidir/go.mod is missing (scripts/k8s/build-control-plane.sh makes it)"
  dir=$NODE_CACHE/build-kubernetes-v$v
  mkdir -p "$dir"
  # The kube-apiserver wrapper module already replaces every k8s.io staging module with v0.x.y.
  if [ ! -f "$dir/go.mod" ]; then
    cp "$apidir/go.mod" "$apidir/go.sum" "$dir/"
    sed -i 's#^module .*#module sentinel.local/build-kubernetes-node#' "$dir/go.mod"
  fi
  info=$("$GO" env GOMODCACHE)/cache/download/k8s.io/kubernetes/@v/v$v.info
  commit=$(sed -n 's/.*"Hash":"\([0-9a-f]*\)".*/\1/p' "$info" 2>/dev/null || true)
  bdate=$(sed -n 's/.*"Time":"\([^"]*\)".*/\1/p' "$info" 2>/dev/null || true)
  ldf="-s -w"
  for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ldf="$ldf -X $p.gitVersion=v$v -X $p.gitMajor=1 -X $p.gitMinor=$(echo "$v" | cut -d. -f2) -X $p.gitTreeState=clean"
    [ -z "$commit" ] || ldf="$ldf -X $p.gitCommit=$commit"
    [ -z "$bdate" ] || ldf="$ldf -X $p.buildDate=$bdate"
  done
  out=$(tmpdir_for "$K8S_NODE_BIN")
  for c in "${K8S_CMDS[@]}"; do
    (cd "$dir" && step "go build $c v$v" env GOFLAGS=-mod=mod "$GO" build -p "$GO_JOBS" -trimpath -ldflags "$ldf" -o "$out/$c" "k8s.io/kubernetes/cmd/$c") ||
      die "go build of $c v$v failed"
    got=$("$out/$c" --version 2>&1) || true
    [ "$got" = "Kubernetes v$v" ] || die "the built $c does not report v$v: $got"
  done
  rm -rf "$K8S_NODE_BIN" && mv "$out" "$K8S_NODE_BIN"
}

build_containerd() {
  local v=v$CONTAINERD_VERSION out m=github.com/containerd/containerd/v2
  out=$(tmpdir_for "$CONTAINERD_BIN")
  step "go install containerd $v" env GOBIN="$out" GOFLAGS=-buildvcs=false "$GO" install -p "$GO_JOBS" -trimpath \
    -ldflags "-s -w -X $m/version.Version=$v" "$m/cmd/containerd@$v" "$m/cmd/containerd-shim-runc-v2@$v" "$m/cmd/ctr@$v" ||
    die "go install of containerd $v failed"
  "$out/containerd" --version | grep " $v" >/dev/null || die "the built containerd does not report $v"
  rm -rf "$CONTAINERD_BIN" && mv "$out" "$CONTAINERD_BIN"
}

build_cni() {
  local v=v$CNI_PLUGINS_VERSION out m=github.com/containernetworking/plugins/plugins
  out=$(tmpdir_for "$CNI_BIN")
  step "go install CNI plugins $v" env GOBIN="$out" GOFLAGS=-buildvcs=false "$GO" install -p "$GO_JOBS" -trimpath -ldflags "-s -w" \
    "$m/main/bridge@$v" "$m/main/loopback@$v" "$m/ipam/host-local@$v" "$m/meta/portmap@$v" || die "go install of the CNI plugins $v failed"
  rm -rf "$CNI_BIN" && mv "$out" "$CNI_BIN"
}

build_coredns() {
  local v=v$COREDNS_VERSION out
  out=$(tmpdir_for "$COREDNS_BIN")
  step "go install coredns $v" env GOBIN="$out" GOFLAGS=-buildvcs=false "$GO" install -p "$GO_JOBS" -trimpath -ldflags "-s -w" \
    "github.com/coredns/coredns@$v" || die "go install of coredns $v failed"
  "$out/coredns" -version | grep "CoreDNS-$COREDNS_VERSION" >/dev/null || die "the built coredns does not report $COREDNS_VERSION"
  rm -rf "$COREDNS_BIN" && mv "$out" "$COREDNS_BIN"
}

# kube-network-policies: `go install` names the binary after its package folder (cmd); the
# upstream Makefile and Dockerfile build the same package. Its go.mod asks for Go 1.23: the local
# toolchain does. ~2 min cold on 2 cores (much of it client-go, shared with the other builds).
build_netpol() {
  local v=v$KUBE_NETWORK_POLICIES_VERSION out
  out=$(tmpdir_for "$NETPOL_BIN")
  step "go install kube-network-policies $v" env GOBIN="$out" GOFLAGS=-buildvcs=false "$GO" install -p "$GO_JOBS" -trimpath \
    -ldflags "-s -w" "sigs.k8s.io/kube-network-policies/cmd@$v" || die "go install of kube-network-policies $v failed"
  mv "$out/cmd" "$out/kube-network-policies"
  "$out/kube-network-policies" -h 2>&1 | grep -- '-nfqueue-id' >/dev/null || die "the built kube-network-policies does not run"
  rm -rf "$NETPOL_BIN" && mv "$out" "$NETPOL_BIN"
}

build_nft_tables() {
  local dir=$NODE_CACHE/build-nft-tables out
  mkdir -p "$dir"
  cp "$HERE/nft-tables/main.go" "$dir/main.go"
  if [ ! -f "$dir/go.mod" ]; then
    (cd "$dir" && "$GO" mod init sentinel.local/nft-tables >/dev/null 2>&1 &&
      GOFLAGS=-mod=mod "$GO" get "github.com/google/nftables@$GOOGLE_NFTABLES_VERSION" >/dev/null 2>&1) ||
      die "cannot fetch github.com/google/nftables@$GOOGLE_NFTABLES_VERSION"
  fi
  out="$NFT_TABLES.tmp.$$"
  TMPS+=("$out")
  (cd "$dir" && step "go build nft-tables" env GOFLAGS=-mod=mod "$GO" build -trimpath -ldflags "-s -w" -o "$out" .) || die "go build of nft-tables failed"
  mv -f "$out" "$NFT_TABLES" && echo "$NFT_KEY" >"$NFT_TABLES.key"
}

nft_current || build_nft_tables
all_present "$CONTAINERD_BIN" "${CTRD_CMDS[@]}" || build_containerd
all_present "$CNI_BIN" "${CNI_CMDS[@]}" || build_cni
all_present "$K8S_NODE_BIN" "${K8S_CMDS[@]}" || build_kubernetes
all_present "$COREDNS_BIN" coredns || build_coredns
all_present "$NETPOL_BIN" "${NETPOL_CMDS[@]}" || build_netpol
log "node binaries ready in $NODE_BIN ($(du -sh "$NODE_BIN" | cut -f1)); total $(($(date +%s) - started))s"
