#!/usr/bin/env bash
# Makes sure the ingress controller of the end-to-end test is in the cache:
#   ${SENTINEL_K8S_CACHE:-$HOME/.cache/sentinel-k8s}/bin/traefik-vX
# built from the Go module proxy (github.com/traefik/traefik/v3/cmd/traefik). ingress-nginx cannot
# be built here; Traefik v3 reads the chart's Ingress objects with its kubernetesIngressNGINX
# provider (ingress-nginx annotations) and runs beside the one-node cluster as a host process
# (tests/e2e/traefik/start.sh).
# Idempotent: a binary already in the cache is not built again. Same conventions as
# build-jaeger.sh (local Go toolchain, one compile job per core, write-then-rename, a lock
# against two runs at once). Prints the time it took. Measured on a 2-core machine: ~5 min of
# module downloads (about 370 modules, many of them lego's DNS-provider SDKs) and 5 min of
# compiling (7 min of CPU; the Go build cache already held other tools' packages), so ~10-12 min
# cold. The binary is ~176 MB.
#
# Version: v3.7.13 is the newest the Go module proxy lists, but it cannot be built here: 14 of
# its dependencies' versions (lego v5.4 DNS-provider SDKs: huaweicloud, ucloud, akamai, ...) and
# its github.com/containous/go-http-auth fork are refused by the proxy ("This module version is
# not available"). v3.7.12 builds; its ingress-nginx provider differs from v3.7.13's only in
# ssl-passthrough handling.
#
# Building Traefik as a dependency of a scratch module needs facts from its go.mod, which Go
# ignores in a dependency's go.mod and which are therefore repeated in the scratch go.mod:
#  - `replace github.com/traefik/traefik/dynamic/ext => ./pkg/config/dynamic/ext`: a nested
#    module, so it is left out of the traefik module zip and the proxy does not serve it. It is an
#    extension hook whose types are empty in open-source Traefik; v3.7 uses two of them
#    (ext.HTTP and ext.Router, inlined in pkg/config/dynamic/http_config.go). The script writes a
#    stub module with those two empty types and replaces the path with it.
#  - the Containous forks of github.com/gorilla/mux (as in traefik's go.mod) and of
#    github.com/abbot/go-http-auth: traefik's pseudo-version of that fork (2026-08-04) is refused
#    by the proxy, so the one Traefik v3.6 uses (2020-03-24) replaces it; the API Traefik calls
#    (BasicAuth, CheckSecret, DigestAuth, NewDigestAuthenticator, DigestAuthParams) is the same,
#    and basic/digest auth is not what the e2e test exercises.
#  - `exclude github.com/tencentcloud/tencentcloud-sdk-go v3.0.83+incompatible` (ambiguous import).
# And traefik's go.sum is copied into the scratch go.sum: the checksum database behind the proxy
# answers 404 for five of its dependencies (alidns, esa, akamai edgegrid, oci-go-sdk common and
# dns), and Go checks a module against go.sum before asking the database.
# Traefik v3.7.12 declares `go 1.26.0`; the local toolchain (GOTOOLCHAIN=local) must be at least
# that. If a later Traefik needs a newer Go than the local one, `export GOTOOLCHAIN=go1.27.3`
# before calling go is the only approved way to get one (the go command takes it from the module
# proxy).
set -euo pipefail

TRAEFIK_VERSION=3.7.12

CACHE=${SENTINEL_K8S_CACHE:-$HOME/.cache/sentinel-k8s}
BIN=$CACHE/bin
TRAEFIK=$BIN/traefik-v$TRAEFIK_VERSION

LOG_NAME=traefik
# shellcheck source=scripts/k8s/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
mkdir -p "$BIN"
one_at_a_time "$CACHE/.traefik.lock"

if [ ! -x "$TRAEFIK" ]; then
  go_env traefik
  log "building traefik v$TRAEFIK_VERSION with $("$GO" version | cut -d' ' -f3) (cold Go caches: ~5 min of module downloads, 5-7 min of compiling on an idle 2-core machine)"
  dir=$CACHE/build-traefik-v$TRAEFIK_VERSION
  mkdir -p "$dir/ext" && cd "$dir"
  [ -f go.mod ] || "$GO" mod init sentinel.local/build-traefik >/dev/null 2>&1 || die "go mod init failed in $dir"
  # The stub of the nested module github.com/traefik/traefik/dynamic/ext (see the header).
  printf 'module github.com/traefik/traefik/dynamic/ext\n\ngo 1.24.0\n' >ext/go.mod
  printf '%s\n' 'package ext' '' '// HTTP is the (empty) dynamic.HTTP extension.' 'type HTTP struct{}' '' \
    '// Router is the (empty) dynamic.Router extension.' 'type Router struct{}' >ext/ext.go
  "$GO" mod edit \
    -replace github.com/traefik/traefik/dynamic/ext=./ext \
    -replace github.com/abbot/go-http-auth=github.com/containous/go-http-auth@v0.4.1-0.20200324110947-a37a7636d23e \
    -replace github.com/gorilla/mux=github.com/containous/mux@v0.0.0-20250523120546-41b6ec3aed59 \
    -exclude github.com/tencentcloud/tencentcloud-sdk-go@v3.0.83+incompatible ||
    die "go mod edit failed in $dir"
  src=$("$GO" mod download -json "github.com/traefik/traefik/v3@v$TRAEFIK_VERSION" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')
  [ -f "$src/go.sum" ] || die "go mod download github.com/traefik/traefik/v3@v$TRAEFIK_VERSION failed"
  cp "$src/go.sum" go.sum
  "$GO" get -tool "github.com/traefik/traefik/v3/cmd/traefik@v$TRAEFIK_VERSION" >go-get.log 2>&1 ||
    die "go get -tool github.com/traefik/traefik/v3/cmd/traefik@v$TRAEFIK_VERSION failed: $(tail -n 20 go-get.log)"
  log "modules fetched; compiling"
  out=$TRAEFIK.tmp.$$
  pkg=github.com/traefik/traefik/v3/pkg/version
  "$GO" build -p "$GO_JOBS" -trimpath \
    -ldflags "-s -w -X $pkg.Version=v$TRAEFIK_VERSION -X $pkg.Codename=sentinel -X $pkg.BuildDate=$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
    -o "$out" github.com/traefik/traefik/v3/cmd/traefik || die "go build of traefik failed"
  "$out" version 2>/dev/null | grep "v$TRAEFIK_VERSION" >/dev/null || die "the built traefik does not run"
  mv -f "$out" "$TRAEFIK"
  log "built $TRAEFIK"
fi
log "traefik: $TRAEFIK (ready after $(($(date +%s) - started))s)"
