#!/usr/bin/env bash
# helm upgrade and rollback of the installed release (tests/e2e/chart-install.sh), with a client
# polling /api/v1/health all along (tests/e2e/poller.mjs, 4 keep-alive loops):
#   - upgrade: every image retagged (the same content under a new tag, imported into containerd)
#     and a changed value (config.LOG_LEVEL=debug): the migration hook runs again, every
#     Deployment rolls to the new tag, the pods see the new value, and the poller saw no 5xx and
#     no failed connection during the roll (readiness, PDB, graceful drain);
#   - rollback to revision 1: the old tag and value are back, again with no failed request;
#   - helm history shows the three revisions.
# The poller goes through the ingress controller when tests/e2e/run.sh started one (E2E_INGRESS),
# else straight to the api Service. Prints "upgrade: N passed, N failed".
set -uo pipefail
REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=tests/e2e/release.sh
. "$REPO_ROOT/tests/e2e/release.sh"
NEW_TAG=$TAG-e2e-upgrade
# Through the ingress when one runs (E2E_INGRESS, E2E_INGRESS_HOST: tests/e2e/run.sh starts Traefik),
# paced to 40 requests a second (the API tier allows 50 per client); else straight to the Service.
if [ -n "${E2E_INGRESS:-}" ]; then
  BASE=$E2E_INGRESS RATE=40
  export POLL_HOST=$E2E_INGRESS_HOST
else
  BASE=http://$(kc -n "$NS" get svc "$FULL-api" -o jsonpath='{.spec.clusterIP}:{.spec.ports[0].port}') RATE=0
fi
e2e_note "polling $BASE/api/v1/health${POLL_HOST:+ (Host: $POLL_HOST)} during the rolls"

# poll_during NAME CMD...: runs CMD while the poller runs; the poller's JSON goes to $W/NAME.json
poll_during() {
  local name=$1
  shift
  rm -f "$W/stop"
  "$NODE" "$REPO_ROOT/tests/e2e/poller.mjs" "$BASE/api/v1/health" "$W/stop" 4 600 "$RATE" >"$W/$name.json" 2>&1 &
  local poller=$!
  sleep 2 # the poller is under way before anything changes
  "$@" >"$W/$name.log" 2>&1
  local rc=$?
  sleep 3 # and sees the settled state after
  touch "$W/stop"
  wait "$poller"
  e2e_note "$name: $(cat "$W/$name.json")"
  return $rc
}
no_failed_request() { # NAME: every request answered 200 (no 5xx, no 429, no refused or reset connection)
  "$NODE" -e 'const r=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8")); process.exit(r.requests > 100 && r.notOk === 0 && r.transport === 0 ? 0 : 1)' "$W/$1.json"
}
images_of() { # prints the distinct images of the release's running Deployments' pods
  kc -n "$NS" get deploy -l app.kubernetes.io/instance="$REL" -o jsonpath='{range .items[*]}{.spec.template.spec.containers[0].image}{"\n"}{end}' | sort -u
}
all_available() {
  local d
  for d in $(kc -n "$NS" get deploy -l app.kubernetes.io/instance="$REL" -o name); do
    kc -n "$NS" rollout status "$d" --timeout=5s >/dev/null 2>&1 || return 1
  done
}
api_env() { # VAR: the value an api pod sees
  kc -n "$NS" exec "deploy/$FULL-api" -- node -e "console.log(process.env.$1 ?? '')" 2>/dev/null
}

# ------------------------------------------------------------------ a new tag for every image
for img in api worker scheduler controller migrate web; do
  "$CONTAINERD_BIN/ctr" -a "$NODE_STATE/containerd/containerd.sock" -n k8s.io images tag --force \
    "localhost/sentinel/$img:$TAG" "localhost/sentinel/$img:$NEW_TAG" >/dev/null 2>&1
done
check "images retagged $TAG -> $NEW_TAG in containerd" sh -c "[ \"\$('$CONTAINERD_BIN/ctr' -a '$NODE_STATE/containerd/containerd.sock' -n k8s.io images ls -q | grep -c ':$NEW_TAG\$')\" = 6 ]"
rev0=$("${H[@]}" history "$REL" -n "$NS" -o json 2>/dev/null | "$NODE" -e 'const h=JSON.parse(require("fs").readFileSync(0,"utf8")); console.log(h.at(-1)?.revision ?? 0)')
migrations_before=$(kc -n "$NS" get job "$FULL-migrate" -o jsonpath='{.metadata.uid}' 2>/dev/null)

# ------------------------------------------------------------------ upgrade
t0=$(date +%s)
poll_during upgrade "${H[@]}" upgrade "$REL" "$REPO_ROOT/charts/sentinel" -n "$NS" --reuse-values \
  --set image.tag="$NEW_TAG" --set config.LOG_LEVEL=debug --wait --timeout 5m
rc=$?
e2e_note "helm upgrade --wait: exit $rc after $(($(date +%s) - t0))s"
check "helm upgrade (new tag, LOG_LEVEL=debug) --wait" sh -c "exit $rc"
[ "$rc" = 0 ] || tail -n 20 "$W/upgrade.log" | sed 's/^/  helm: /'
check "the migration hook ran again (a new Job) and completed" sh -c "
  [ \"\$('$KUBECTL' --kubeconfig='$KUBECONFIG_NODE' -n $NS get job $FULL-migrate -o jsonpath='{.metadata.uid}')\" != '$migrations_before' ] &&
  '$KUBECTL' --kubeconfig='$KUBECONFIG_NODE' -n $NS get job $FULL-migrate -o jsonpath='{.status.succeeded}' | grep -x 1 >/dev/null"
check "every Deployment runs the new tag" sh -c "images=\$1; [ -n \"\$images\" ] && ! printf '%s\n' \"\$images\" | grep -qv ':$NEW_TAG\$'" _ "$(images_of)"
check "every Deployment is Available after the upgrade" all_available
check "the api pods see the changed value (LOG_LEVEL=debug)" sh -c "[ \"\$1\" = debug ]" _ "$(api_env LOG_LEVEL)"
check "every request answered 200 during the upgrade (no 5xx, no refused or reset connection)" no_failed_request upgrade

# ------------------------------------------------------------------ rollback
t0=$(date +%s)
poll_during rollback "${H[@]}" rollback "$REL" "$rev0" -n "$NS" --wait --timeout 5m
rc=$?
e2e_note "helm rollback $rev0 --wait: exit $rc after $(($(date +%s) - t0))s"
check "helm rollback to revision $rev0 --wait" sh -c "exit $rc"
[ "$rc" = 0 ] || tail -n 20 "$W/rollback.log" | sed 's/^/  helm: /'
check "every Deployment runs the first tag again" sh -c "images=\$1; [ -n \"\$images\" ] && ! printf '%s\n' \"\$images\" | grep -qv ':$TAG\$'" _ "$(images_of)"
check "every Deployment is Available after the rollback" all_available
check "the api pods see the first value again (LOG_LEVEL=info)" sh -c "[ \"\$1\" = info ]" _ "$(api_env LOG_LEVEL)"
check "every request answered 200 during the rollback" no_failed_request rollback
revisions=$("${H[@]}" history "$REL" -n "$NS" -o json 2>/dev/null | "$NODE" -e 'console.log(JSON.parse(require("fs").readFileSync(0,"utf8")).map((r)=>r.status).join(" "))')
check "helm history: the upgrade superseded, the rollback deployed ($revisions)" sh -c "[ \"\${1##* }\" = deployed ] && [ \$(echo \"\$1\" | wc -w) -ge 3 ]" _ "$revisions"
e2e_summary upgrade
