# shellcheck shell=bash
# Sourced by the scripts that build and cache tools under ~/.cache/sentinel-k8s
# (build-control-plane.sh, build-chart-tools.sh, build-jaeger.sh), which set LOG_NAME first:
# their log lines ("[NAME  Ns] ..."), die, one run at a time, and the Go build environment:
# the local Go toolchain (>= 1.24, for the go.mod `tool` directive), modules resolved through
# the proxy as needed, and as many compile jobs as the machine has cores and memory for (the
# largest packages take ~2 GB each to compile; SENTINEL_GO_JOBS overrides).
started=$(date +%s)
log() { printf '[%s %4ss] %s\n' "$LOG_NAME" "$(($(date +%s) - started))" "$*" >&2; }
die() {
  log "ERROR: $*"
  exit 1
}

# one_at_a_time LOCKFILE: two runs at once would build into the same names; the second waits.
one_at_a_time() {
  command -v flock >/dev/null 2>&1 || return 0
  exec 9>"$1"
  flock -n 9 || {
    log "another run holds $1; waiting for it"
    flock 9
  }
}

find_go() {
  if command -v go >/dev/null 2>&1; then
    command -v go
  elif [ -x /usr/local/go/bin/go ]; then
    echo /usr/local/go/bin/go
  else
    return 1
  fi
}

# go_env WHAT: sets GO, GO_JOBS and the build environment, or dies naming what needs Go.
go_env() {
  # shellcheck disable=SC2034 # GO is used by the sourcing script
  GO=$(find_go) || die "Go (>= 1.24) is needed to build $1: not on PATH nor at /usr/local/go/bin/go"
  local cores by_mem
  cores=$(nproc 2>/dev/null || echo 1)
  by_mem=$(awk '/^MemAvailable:/ { print int($2 / 3145728) }' /proc/meminfo 2>/dev/null)
  GO_JOBS=${SENTINEL_GO_JOBS:-$((cores < ${by_mem:-1} ? cores : ${by_mem:-1}))}
  [ "$GO_JOBS" -ge 1 ] 2>/dev/null || GO_JOBS=1
  export GOTOOLCHAIN=local GOFLAGS=-mod=mod GOMAXPROCS=${GOMAXPROCS:-$GO_JOBS} CGO_ENABLED=0
}
