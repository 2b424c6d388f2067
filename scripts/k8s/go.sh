# shellcheck shell=bash
# Sourced by the scripts that build Go tools (build-control-plane.sh, build-chart-tools.sh,
# build-jaeger.sh): the local Go toolchain (>= 1.24, for the go.mod `tool` directive), modules
# resolved through the proxy as needed, and as many compile jobs as the machine has cores and
# memory for (the largest packages take ~2 GB each to compile). SENTINEL_GO_JOBS overrides.
# The sourcing script defines die().
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
