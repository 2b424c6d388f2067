#!/usr/bin/env bash
# Every test suite of the project, one after another; what CI runs (`npm run test:all`).
# Each suite ends with its own line "N passed, N failed"; this script adds them up and
# ends with the total. A suite that exits non-zero without counting a failure counts one.
#   jest          npm test: real PostgreSQL, Redis and kube-apiserver (started by the suite)
#   schemathesis  npm run test:contract: the OpenAPI document against the running API, as each role
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

printf '%s\n' "${summary[@]}"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
