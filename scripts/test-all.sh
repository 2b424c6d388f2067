#!/usr/bin/env bash
# Every test suite of the project, one after another; what CI runs (`npm run test:all`).
# Each suite ends with its own line "N passed, N failed"; this script adds them up and
# ends with the total. A suite that exits non-zero without counting a failure counts one.
#   jest          npm test: real PostgreSQL, Redis and kube-apiserver (started by the suite), and
#                 Jaeger for the OTLP trace test (built by scripts/k8s/build-jaeger.sh, which npm test runs)
#   schemathesis  npm run test:contract: the OpenAPI document against the running API, as each role
#   load-smoke    npm run load:smoke: a stack on embedded defaults, the load suite's seed (twice: the
#                 second must create nothing), then every operation of /openapi.json as each role that
#                 may call it (tests/load/smoke-cases.ts), every answer checked for other tenants' records;
#                 counted per (operation, role) case, plus the seed's idempotence and the isolation
#                 check's self-test (docs/load.md)
#   images        scripts/images/build.sh (podman + buildah from Debian, a debootstrap base with Node 24,
#                 cached in ~/.cache/sentinel-images) then tests/images/run.sh: each image run for real
#   compose       tests/compose/run.sh: docker-compose.yml with podman-compose and stand-in images for
#                 postgres, redis and nginx (docs/compose.md): up, sign-in through nginx, 429 tiers,
#                 an invitation processed, down and up keep the data
#   chart         tests/chart/run.mjs: the Helm chart (lint, profiles, kube-score, checkov, promtool,
#                 server dry-run, install/upgrade/uninstall on the local kube-apiserver), skaffold.yaml,
#                 the compose observability profile and the settings of compose/chart/.env.example; its tools are
#                 built into ~/.cache/sentinel-k8s by scripts/k8s/build-chart-tools.sh (cold: promtool
#                 ~10-18 min, kube-score ~4 min on 2 cores; cached: under a second)
#   e2e           tests/e2e/run.sh: a real one-node cluster (kubelet, containerd, CNI, CoreDNS built
#                 into ~/.cache/sentinel-k8s/node by scripts/k8s/node/build.sh: ~9-11 min cold), the
#                 images loaded, a pod of the api image, `helm install --wait` of the chart with
#                 in-cluster databases, `helm test`, then down and a check that the host is as before
# Needs the control-plane binaries (bash scripts/k8s/build-control-plane.sh; npm test checks).
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p .sentinel
passed=0
failed=0
summary=()

# add NAME LINE STATUS: LINE is "N passed, N failed" (empty if the suite printed none).
add() {
  local name=$1 line=$2 status=$3 p f
  [ -n "$line" ] || line="0 passed, 1 failed"
  p=${line%% passed*}
  f=${line#* passed, }
  f=${f%% failed*}
  if [ "$status" != 0 ] && [ "$f" = 0 ]; then f=1; fi
  passed=$((passed + p))
  failed=$((failed + f))
  summary+=("$name: $p passed, $f failed")
}

# suite NAME COMMAND...: runs a suite that prints its own closing line.
suite() {
  local name=$1 log=.sentinel/suite-$1.log
  shift
  echo "=== $name: $*"
  "$@" 2>&1 | tee "$log"
  local status=${PIPESTATUS[0]}
  add "$name" "$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log" | tail -1)" "$status"
}

results=.sentinel/jest-results.json
rm -f "$results"
echo "=== jest: npm test"
npm test -- --json --outputFile="$results"
jest_status=$?
jest_line=""
if [ -s "$results" ]; then
  jest_line=$(node_modules/.bin/node -e '
const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
// Skipped and todo tests count as failed; so does a suite that could not run.
const failed = r.numFailedTests + r.numPendingTests + r.numTodoTests + r.numRuntimeErrorTestSuites;
console.log(`${r.numPassedTests} passed, ${failed} failed`);
' "$results")
fi
add jest "$jest_line" "$jest_status"

suite schemathesis npm run --silent test:contract
suite load-smoke npm run --silent load:smoke
suite images bash -c 'bash scripts/images/build.sh && bash tests/images/run.sh'
suite compose bash tests/compose/run.sh
suite chart bash -c 'bash scripts/k8s/build-chart-tools.sh || echo "build-chart-tools.sh failed: the checks say what is missing"; node_modules/.bin/node tests/chart/run.mjs'
suite e2e bash tests/e2e/run.sh

printf '%s\n' "${summary[@]}"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
