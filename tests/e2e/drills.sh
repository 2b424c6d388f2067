#!/usr/bin/env bash
# Failure drills on the installed release (tests/e2e/chart-install.sh). A kill is a SIGKILL of the
# container's process (containerd, as the OOM killer does: no SIGTERM, no drain; the kubelet
# restarts it in the same pod); "the pod replaced" is `kubectl delete pod` (a new pod, a new IP):
#   1. an api pod under load (tests/e2e/poller.mjs on /api/v1/health): no 5xx; the requests that
#      fail are those in flight on the killed pod and the connections routed to it before
#      kube-proxy notices (all within seconds of the kill); the replacement becomes Ready;
#   2. Redis killed with 3 CSV imports queued and no worker running: it comes back from its
#      append-only file (appendfsync always) with the 3 jobs still queued; workers started again
#      complete them. Then the Redis pod replaced while workers run: the API is ready again and an
#      import queued after it completes, on the same worker pods (they reconnect on their own);
#   3. the only worker killed in the middle of a 10,000-row CSV import: the job is picked up again
#      (BullMQ's stalled-job check, within WORKER_LOCK_DURATION_MS + WORKER_STALLED_INTERVAL_MS)
#      and completes once: 10,000 users exist, each once (the import skips the rows already done).
# Restores the worker replicas it changed. Prints "drills: N passed, N failed".
set -uo pipefail
REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=tests/e2e/release.sh
. "$REPO_ROOT/tests/e2e/release.sh"
# shellcheck source=tests/e2e/api.sh
. "$REPO_ROOT/tests/e2e/api.sh"
workers=$(kc -n "$NS" get deploy "$FULL-worker" -o jsonpath='{.spec.replicas}')
suite_cleanup() {
  kc -n "$NS" scale deploy "$FULL-worker" --replicas="${workers:-2}" >/dev/null 2>&1
  kc delete tenant drill --wait=false >/dev/null 2>&1
}
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
ready_replicas() { kc -n "$NS" get deploy "$1" -o jsonpath='{.status.readyReplicas}' 2>/dev/null; }
# kill_container POD: SIGKILL to the pod's (first) container through containerd
kill_container() {
  local id
  id=$(kc -n "$NS" get pod "$1" -o jsonpath='{.status.containerStatuses[0].containerID}' | sed 's|^containerd://||')
  [ -n "$id" ] && "$CONTAINERD_BIN/ctr" -a "$NODE_STATE/containerd/containerd.sock" -n k8s.io tasks kill -s SIGKILL "$id" >/dev/null
}
restarts() { kc -n "$NS" get pod "$1" -o jsonpath='{.status.containerStatuses[0].restartCount}' 2>/dev/null; }
container_ready() { kc -n "$NS" get pod "$1" -o jsonpath='{.status.containerStatuses[0].ready}' 2>/dev/null | grep -x true >/dev/null; }
psql_count() { # SQL: one number, as the schema owner (the evaluation PostgreSQL's local socket)
  kc -n "$NS" exec "$FULL-postgresql-0" -- psql -U sentinel_owner -d sentinel -tAc "$1" 2>/dev/null | tr -d '[:space:]'
}
csv() { # N PREFIX: a CSV of N users
  echo "email,displayName"
  for i in $(seq "$1"); do echo "$2-$i@drill.example,Drill user $i"; done
}
import() { # FILE TOKEN: prints the job id
  [ "$(req POST /api/v1/users/imports "@$1" "$2" text/csv)" = 202 ] && json id
}
job_field() { [ "$(req GET "/api/v1/jobs/$1" "" "$2")" = 200 ] && json "$3"; }
# /api/v1/ready answers 200 with status ok (Redis answers; "degraded" while it does not)
redis_ok() { [ "$(req GET /api/v1/ready)" = 200 ] && [ "$(json checks.redis.status)" = ok ]; }
job_state_is() { [ "$(job_field "$1" "$2" state)" = "$3" ]; }

password="Drill-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')-Pw"
token=$(tenant_admin drill ops@drill.example "$password" "  plan: enterprise
  limits: { maxUsers: 100000 }")
check "a tenant admin for the drills (Tenant drill, invited, signed in)" test -n "$token"
tenant_id=$(kc get tenant drill -o jsonpath='{.status.tenantId}')
users_of_drill() { psql_count "SELECT count(*) FROM users WHERE tenant_id = '$tenant_id' AND email LIKE '%-%@drill.example'"; }

# ------------------------------------------------------------------ 1. an api pod, under load
rm -f "$W/stop"
"$NODE" "$REPO_ROOT/tests/e2e/poller.mjs" "$API/api/v1/health" "$W/stop" 4 300 >"$W/api-kill.json" 2>&1 &
poller=$!
sleep 3
victim=$(kc -n "$NS" get pods -l app.kubernetes.io/component=api -o jsonpath='{.items[0].metadata.name}')
r0=$(restarts "$victim")
killed_at=$(now)
kill_container "$victim"
replaced=no
for _ in $(seq 240); do
  [ "$(restarts "$victim")" != "$r0" ] && container_ready "$victim" && [ "$(ready_replicas "$FULL-api")" = 2 ] && { replaced=yes; break; }
  sleep 0.5
done
e2e_note "api container of $victim killed; restarted and Ready after $(since "$killed_at")s"
sleep 5 # the poller keeps going on the two pods
touch "$W/stop"
wait "$poller"
e2e_note "poller: $(cat "$W/api-kill.json")"
check "the killed api container is restarted and Ready" test "$replaced" = yes
check "no 5xx while an api container was killed under load" "$NODE" -e 'const r=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8")); process.exit(r.requests > 1000 && r.fivexx === 0 ? 0 : 1)' "$W/api-kill.json"
# In flight on the killed pod, or sent to it before kube-proxy dropped it: nothing later.
check "requests failed only around the kill (none in the last 5 s, on the replacement and the survivor)" "$NODE" -e '
  const r=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8"));
  const ok = r.lastFailureAt === null || Date.parse(r.lastFailureAt) < Date.now() - 5000;
  console.log("failed requests:", r.transport, "last at", r.lastFailureAt); process.exit(ok ? 0 : 1)' "$W/api-kill.json"

# ------------------------------------------------------------------ 2. Redis, with jobs queued
kc -n "$NS" scale deploy "$FULL-worker" --replicas=0 >/dev/null
check "workers scaled to 0" retry 90 sh -c "! '$KUBECTL' --kubeconfig='$KUBECONFIG_NODE' -n $NS get pods -l app.kubernetes.io/component=worker -o name | grep -q ."
jobs=()
for n in 1 2 3; do
  csv 50 "queued$n" >"$W/queued$n.csv"
  jobs+=("$(import "$W/queued$n.csv" "$token")")
done
check "3 imports queued (202, job ids)" sh -c "[ \$# = 3 ] && [ -n \"\$1\" ] && [ -n \"\$2\" ] && [ -n \"\$3\" ]" _ "${jobs[@]}"
queued_before=$(kc -n "$NS" exec "$FULL-redis-0" -- redis-cli LLEN '{sentinel}:imports:wait' 2>/dev/null)
r0=$(restarts "$FULL-redis-0")
killed_at=$(now)
kill_container "$FULL-redis-0"
check "Redis is restarted (same pod, same volume)" retry 120 sh -c "
  [ \"\$('$KUBECTL' --kubeconfig='$KUBECONFIG_NODE' -n $NS get pod $FULL-redis-0 -o jsonpath='{.status.containerStatuses[0].restartCount}')\" != '$r0' ] &&
  [ \"\$('$KUBECTL' --kubeconfig='$KUBECONFIG_NODE' -n $NS exec $FULL-redis-0 -- redis-cli ping)\" = PONG ]"
e2e_note "Redis killed; answering again after $(since "$killed_at")s"
queued_after=$(kc -n "$NS" exec "$FULL-redis-0" -- redis-cli LLEN '{sentinel}:imports:wait' 2>/dev/null)
check "the queued jobs survived the kill (append-only file): $queued_before waiting before, $queued_after after" \
  sh -c "[ -n \"\$1\" ] && [ \"\$1\" -ge 3 ] && [ \"\$1\" = \"\$2\" ]" _ "$queued_before" "$queued_after"
check "the API's Redis check is ok again (it reconnected)" retry 60 redis_ok
kc -n "$NS" scale deploy "$FULL-worker" --replicas="${workers:-2}" >/dev/null
for j in "${jobs[@]}"; do check "queued import $j completes once workers are back" retry 120 job_state_is "$j" "$token" completed; done
check "the API is ready, Redis ok" retry 60 redis_ok
worker_pods=$(kc -n "$NS" get pods -l app.kubernetes.io/component=worker -o name | sort | tr '\n' ' ')
replaced_at=$(now)
kc -n "$NS" delete pod "$FULL-redis-0" --wait=true --timeout=60s >/dev/null 2>&1
check "the Redis pod is replaced and answers" retry 120 sh -c "[ \"\$('$KUBECTL' --kubeconfig='$KUBECONFIG_NODE' -n $NS exec $FULL-redis-0 -- redis-cli ping 2>/dev/null)\" = PONG ]"
# Meanwhile the api pods stay in their Service (readiness does not hang on Redis): no outage.
check "the api Service kept its endpoints while Redis was replaced" sh -c "[ \"\$(curl -s -o /dev/null -w '%{http_code}' -m 5 '$API/api/v1/health')\" = 200 ]"
check "the API's Redis check is ok again within 30 s of the new Redis pod (its clients reconnect)" retry 30 redis_ok
e2e_note "Redis pod replaced; the API ready again $(since "$replaced_at")s after the delete"
csv 50 after >"$W/after.csv"
job=""
for _ in $(seq 30); do job=$(import "$W/after.csv" "$token") && [ -n "$job" ] && break; sleep 1; done
check "an import queued after the replacement completes within 120 s" retry 120 job_state_is "$job" "$token" completed
e2e_note "that import completed $(since "$replaced_at")s after the Redis pod was deleted"
check "on the same worker pods (they reconnected; none was restarted)" sh -c "[ \"\$1\" = \"\$2\" ] && [ -n \"\$1\" ]" _ "$worker_pods" \
  "$(kc -n "$NS" get pods -l app.kubernetes.io/component=worker -o name | sort | tr '\n' ' ')"
check "200 users imported, each once" sh -c "[ \"\$1\" = 200 ]" _ "$(users_of_drill)"

# ------------------------------------------------------------------ 3. the worker, mid-job
kc -n "$NS" scale deploy "$FULL-worker" --replicas=1 >/dev/null
retry 90 sh -c "[ \"\$('$KUBECTL' --kubeconfig='$KUBECONFIG_NODE' -n $NS get pods -l app.kubernetes.io/component=worker --no-headers | wc -l)\" = 1 ]" >/dev/null
BIG=10000
csv $BIG big >"$W/big.csv"
job=$(import "$W/big.csv" "$token")
check "a $BIG-row import is queued" test -n "$job"
in_progress() { # active, and some rows done but not all
  local p
  job_state_is "$job" "$token" active || return 1
  p=$(job_field "$job" "$token" progress.processed)
  [ -n "$p" ] && [ "$p" -gt 0 ] && [ "$p" -lt "$BIG" ]
}
check "the import is under way (active, some rows processed)" retry 120 in_progress
done_before=$(job_field "$job" "$token" progress.processed)
victim=$(kc -n "$NS" get pods -l app.kubernetes.io/component=worker --field-selector=status.phase=Running -o jsonpath='{.items[0].metadata.name}')
killed_at=$(now)
kill_container "$victim"
e2e_note "worker container of $victim killed with $done_before of $BIG rows processed"
check "the import completes after the worker was killed" retry 240 job_state_is "$job" "$token" completed
e2e_note "completed $(since "$killed_at")s after the kill; attempts: $(job_field "$job" "$token" attempts); result: $(job_field "$job" "$token" result)"
check "$((BIG + 200)) users in all: every row of the interrupted import exists once" sh -c "[ \"\$1\" = $((BIG + 200)) ]" _ "$(users_of_drill)"
check "no email twice" sh -c "[ \"\$1\" = 0 ]" _ "$(psql_count "SELECT count(*) FROM (SELECT email FROM users WHERE tenant_id = '$tenant_id' GROUP BY email HAVING count(*) > 1) d")"
check "the import's result accounts for every row (processed $BIG)" sh -c "[ \"\$1\" = $BIG ]" _ "$(job_field "$job" "$token" result.processed)"
e2e_summary drills
