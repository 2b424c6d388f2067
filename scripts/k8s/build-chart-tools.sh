#!/usr/bin/env bash
# Makes sure the tools the chart checks (tests/chart/run.mjs) need are in the cache:
#   ${SENTINEL_K8S_CACHE:-$HOME/.cache/sentinel-k8s}/
#     bin/kube-score-vX           built from the Go module proxy (github.com/zegl/kube-score)
#     bin/promtool-vQ             built from the Go module proxy (github.com/prometheus/prometheus)
#     gateway-api-vY/*.yaml       the Gateway API CRDs (standard channel), from the Go module
#                                 sigs.k8s.io/gateway-api (it ships them in config/crd)
#     prometheus-operator-vP/*.yaml  the ServiceMonitor and PrometheusRule CRDs, from the Go module
#                                 github.com/prometheus-operator/prometheus-operator (example/prometheus-operator-crd)
#     checkov-vZ/bin/checkov      checkov from PyPI in a virtualenv (python3 -m venv)
# Idempotent: what is already in the cache is not fetched or built again. Same conventions
# as build-control-plane.sh (local Go toolchain, one compile job, write-then-rename).
set -euo pipefail

KUBE_SCORE_VERSION=1.20.0
GATEWAY_API_VERSION=1.6.3 # 1.7.0 needs Go 1.27
CHECKOV_VERSION=3.3.30
PROMETHEUS_OPERATOR_VERSION=0.85.0
PROMETHEUS_VERSION=0.316.0 # the Go module's version of Prometheus 3.x

CACHE=${SENTINEL_K8S_CACHE:-$HOME/.cache/sentinel-k8s}
BIN=$CACHE/bin
KUBE_SCORE=$BIN/kube-score-v$KUBE_SCORE_VERSION
GATEWAY_CRDS=$CACHE/gateway-api-v$GATEWAY_API_VERSION
CHECKOV_VENV=$CACHE/checkov-v$CHECKOV_VERSION
PROM_CRDS=$CACHE/prometheus-operator-v$PROMETHEUS_OPERATOR_VERSION
PROMTOOL=$BIN/promtool-v$PROMETHEUS_VERSION

LOG_NAME=chart-tools
# shellcheck source=scripts/k8s/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
mkdir -p "$BIN"
one_at_a_time "$CACHE/.chart-tools.lock"

if [ ! -x "$KUBE_SCORE" ]; then
  [ -n "${GO:-}" ] || go_env "kube-score and promtool"
  log "building kube-score v$KUBE_SCORE_VERSION (~1-2 min on a cold Go cache)"
  dir=$CACHE/build-kube-score-v$KUBE_SCORE_VERSION
  mkdir -p "$dir" && cd "$dir"
  [ -f go.mod ] || "$GO" mod init sentinel.local/build-kube-score >/dev/null 2>&1 || die "go mod init failed in $dir"
  "$GO" get -tool "github.com/zegl/kube-score/cmd/kube-score@v$KUBE_SCORE_VERSION" >go-get.log 2>&1 ||
    die "go get -tool github.com/zegl/kube-score/cmd/kube-score@v$KUBE_SCORE_VERSION failed: $(tail -n 20 go-get.log)"
  out=$KUBE_SCORE.tmp.$$
  "$GO" build -p "$GO_JOBS" -trimpath -ldflags "-s -w -X main.version=$KUBE_SCORE_VERSION" -o "$out" github.com/zegl/kube-score/cmd/kube-score ||
    die "go build of kube-score failed"
  "$out" version >/dev/null 2>&1 || die "the built kube-score does not run"
  mv -f "$out" "$KUBE_SCORE"
fi

if [ ! -x "$PROMTOOL" ]; then
  [ -n "${GO:-}" ] || go_env "kube-score and promtool"
  log "building promtool v$PROMETHEUS_VERSION (~8 min on a cold Go cache: Prometheus pulls in many modules)"
  dir=$CACHE/build-promtool-v$PROMETHEUS_VERSION
  mkdir -p "$dir" && cd "$dir"
  [ -f go.mod ] || "$GO" mod init sentinel.local/build-promtool >/dev/null 2>&1 || die "go mod init failed in $dir"
  "$GO" get -tool "github.com/prometheus/prometheus/cmd/promtool@v$PROMETHEUS_VERSION" >go-get.log 2>&1 ||
    die "go get -tool github.com/prometheus/prometheus/cmd/promtool@v$PROMETHEUS_VERSION failed: $(tail -n 20 go-get.log)"
  out=$PROMTOOL.tmp.$$
  "$GO" build -p "$GO_JOBS" -trimpath -ldflags "-s -w" -o "$out" github.com/prometheus/prometheus/cmd/promtool || die "go build of promtool failed"
  "$out" --version >/dev/null 2>&1 || die "the built promtool does not run"
  mv -f "$out" "$PROMTOOL"
fi

if [ ! -f "$GATEWAY_CRDS/.complete" ]; then
  [ -n "${GO:-}" ] || go_env "kube-score and promtool"
  log "fetching the Gateway API v$GATEWAY_API_VERSION CRDs from the Go module proxy"
  dl=$(cd /tmp && "$GO" mod download -json "sigs.k8s.io/gateway-api@v$GATEWAY_API_VERSION") || die "cannot download sigs.k8s.io/gateway-api@v$GATEWAY_API_VERSION"
  src=$(printf '%s\n' "$dl" | sed -n 's/.*"Dir": *"\([^"]*\)".*/\1/p' | sed -n 1p)
  [ -d "$src/config/crd/standard" ] || die "sigs.k8s.io/gateway-api@v$GATEWAY_API_VERSION has no config/crd/standard"
  tmp=$GATEWAY_CRDS.tmp.$$
  rm -rf "$tmp" && mkdir -p "$tmp"
  cp "$src"/config/crd/standard/*.yaml "$tmp"/
  chmod -R u+w "$tmp"
  touch "$tmp/.complete"
  rm -rf "$GATEWAY_CRDS" && mv "$tmp" "$GATEWAY_CRDS"
fi
if [ ! -f "$PROM_CRDS/.complete" ]; then
  [ -n "${GO:-}" ] || go_env "kube-score and promtool"
  log "fetching the Prometheus Operator v$PROMETHEUS_OPERATOR_VERSION CRDs from the Go module proxy"
  dl=$(cd /tmp && "$GO" mod download -json "github.com/prometheus-operator/prometheus-operator@v$PROMETHEUS_OPERATOR_VERSION") ||
    die "cannot download github.com/prometheus-operator/prometheus-operator@v$PROMETHEUS_OPERATOR_VERSION"
  src=$(printf '%s\n' "$dl" | sed -n 's/.*"Dir": *"\([^"]*\)".*/\1/p' | sed -n 1p)/example/prometheus-operator-crd
  [ -f "$src/monitoring.coreos.com_servicemonitors.yaml" ] || die "no $src/monitoring.coreos.com_servicemonitors.yaml"
  tmp=$PROM_CRDS.tmp.$$
  rm -rf "$tmp" && mkdir -p "$tmp"
  cp "$src/monitoring.coreos.com_servicemonitors.yaml" "$src/monitoring.coreos.com_prometheusrules.yaml" "$tmp"/
  chmod -R u+w "$tmp"
  touch "$tmp/.complete"
  rm -rf "$PROM_CRDS" && mv "$tmp" "$PROM_CRDS"
fi
if [ ! -f "$CHECKOV_VENV/.complete" ]; then
  command -v python3 >/dev/null 2>&1 || die "python3 (3.9+, with venv) is needed for checkov"
  log "installing checkov $CHECKOV_VERSION from PyPI into $CHECKOV_VENV (~2 min cold)"
  # A virtualenv records its own path, so it is built in place; .complete marks a finished one.
  rm -rf "$CHECKOV_VENV"
  python3 -m venv "$CHECKOV_VENV" || die "python3 -m venv failed (Debian: apt-get install -y python3-venv)"
  "$CHECKOV_VENV/bin/pip" install -q "checkov==$CHECKOV_VERSION" >"$CACHE/checkov-pip.log" 2>&1 ||
    die "pip install checkov==$CHECKOV_VERSION failed: $(tail -n 20 "$CACHE/checkov-pip.log")"
  "$CHECKOV_VENV/bin/checkov" --version >/dev/null || die "the installed checkov does not run"
  touch "$CHECKOV_VENV/.complete"
fi
log "kube-score: $KUBE_SCORE"
log "promtool: $PROMTOOL"
log "checkov: $CHECKOV_VENV/bin/checkov"
log "Gateway API CRDs: $GATEWAY_CRDS"
log "Prometheus Operator CRDs: $PROM_CRDS"
