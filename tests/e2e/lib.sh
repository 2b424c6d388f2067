# Shared by the tests/e2e/*.sh suites (sourced): pass/fail counting in the CI's format.
# shellcheck shell=bash
E2E_T0=$(date +%s.%N)
e2e_elapsed() { awk -v a="$E2E_T0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }
E2E_PASSED=0
E2E_FAILED=0
E2E_FAILURES=()
# check NAME CMD...: runs CMD (output kept in $E2E_LOG_DIR when set), counts PASS/FAIL
check() {
  local name=$1 out rc
  shift
  out=$("$@" 2>&1)
  rc=$?
  if [ "$rc" = 0 ]; then
    printf '[e2e %6ss] PASS %s\n' "$(e2e_elapsed)" "$name"
    E2E_PASSED=$((E2E_PASSED + 1))
  else
    printf '[e2e %6ss] FAIL %s\n' "$(e2e_elapsed)" "$name"
    printf '%s\n' "$out" | tail -n 15 | sed 's/^/        /'
    E2E_FAILED=$((E2E_FAILED + 1))
    E2E_FAILURES+=("$name")
  fi
  return 0
}
# retry SECONDS CMD...: CMD until it succeeds (every 0.5 s), its last output on failure. For what
# settles shortly after a rollout (kube-proxy programs a Service's rules after its endpoints).
retry() {
  local end=$(($(date +%s) + $1)) out
  shift
  until out=$("$@" 2>&1); do
    if [ "$(date +%s)" -ge "$end" ]; then
      printf '%s\n' "$out"
      return 1
    fi
    sleep 0.5
  done
  printf '%s\n' "$out"
}
e2e_note() { printf '[e2e %6ss] %s\n' "$(e2e_elapsed)" "$*"; }
# e2e_summary SUITE: the total line, and the exit status
e2e_summary() {
  local f
  for f in "${E2E_FAILURES[@]}"; do echo "  failed: $f"; done
  echo "$1: $E2E_PASSED passed, $E2E_FAILED failed ($(e2e_elapsed)s)"
  [ "$E2E_FAILED" = 0 ]
}
