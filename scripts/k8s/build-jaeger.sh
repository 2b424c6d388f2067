#!/usr/bin/env bash
# Makes sure the trace backend of the tracing test (tests/tracing-jaeger.test.ts) is in the cache:
#   ${SENTINEL_K8S_CACHE:-$HOME/.cache/sentinel-k8s}/bin/jaeger-vX
# built from the Go module proxy (github.com/jaegertracing/jaeger/cmd/jaeger: the Jaeger v2
# binary, an OpenTelemetry collector with Jaeger's storage and query extensions). The test runs
# it all-in-one: OTLP receiver, in-memory storage and the query API on free local ports.
# Idempotent: a binary already in the cache is not built again. Same conventions as
# build-control-plane.sh and build-chart-tools.sh (local Go toolchain, one compile job,
# write-then-rename, a lock against two runs at once). Prints the time it took.
set -euo pipefail

JAEGER_VERSION=1.76.0

CACHE=${SENTINEL_K8S_CACHE:-$HOME/.cache/sentinel-k8s}
BIN=$CACHE/bin
JAEGER=$BIN/jaeger-v$JAEGER_VERSION

LOG_NAME=jaeger
# shellcheck source=scripts/k8s/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
mkdir -p "$BIN"
one_at_a_time "$CACHE/.jaeger.lock"

if [ ! -x "$JAEGER" ]; then
  go_env jaeger
  log "building jaeger v$JAEGER_VERSION with $("$GO" version | cut -d' ' -f3) (cold Go cache: ~8 min of CPU plus ~5 min of module downloads, 12-15 min on an idle 2-core machine: it is an OpenTelemetry collector with every Jaeger storage backend)"
  dir=$CACHE/build-jaeger-v$JAEGER_VERSION
  mkdir -p "$dir" && cd "$dir"
  [ -f go.mod ] || "$GO" mod init sentinel.local/build-jaeger >/dev/null 2>&1 || die "go mod init failed in $dir"
  "$GO" get -tool "github.com/jaegertracing/jaeger/cmd/jaeger@v$JAEGER_VERSION" >go-get.log 2>&1 ||
    die "go get -tool github.com/jaegertracing/jaeger/cmd/jaeger@v$JAEGER_VERSION failed: $(tail -n 20 go-get.log)"
  log "modules fetched; compiling"
  out=$JAEGER.tmp.$$
  "$GO" build -p "$GO_JOBS" -trimpath -ldflags "-s -w" -o "$out" github.com/jaegertracing/jaeger/cmd/jaeger || die "go build of jaeger failed"
  "$out" --help >/dev/null 2>&1 || die "the built jaeger does not run"
  mv -f "$out" "$JAEGER"
  log "built $JAEGER"
fi
log "jaeger: $JAEGER (ready after $(($(date +%s) - started))s)"
