#!/usr/bin/env bash
# The Tenant controller in the cluster, on an installed release (tests/e2e/chart-install.sh --keep):
#   - it runs 2 replicas with the chart's ServiceAccount (in-cluster configuration, no kubeconfig
#     file) and exactly one holds the Lease;
#   - `kubectl apply -f examples/` makes each Tenant Ready (the suspended one Suspended), and the
#     API pod serves the new tenant: the admin the Tenant names gets the invitation mail through
#     the worker (logged: no SMTP outside production), accepts it, signs in and lists the users;
#     `kubectl patch` suspends the tenant (its admin is refused) and resumes it;
#   - deleting the leader pod hands the Lease over to the other replica; a Tenant applied right
#     then becomes Ready, and no Tenant is lost (the earlier ones stay Ready);
#   - `kubectl delete -f examples/` honours each deletion policy (globex: Delete, its data goes).
# Prints one line per check and ends with "tenants: N passed, N failed".
set -uo pipefail
REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=tests/e2e/release.sh
. "$REPO_ROOT/tests/e2e/release.sh"
# shellcheck source=tests/e2e/api.sh
. "$REPO_ROOT/tests/e2e/api.sh"
phase() { tenant_phase "$1"; }
phase_is() { tenant_phase_is "$1" "$2"; }
holder() { kc -n "$NS" get lease -o jsonpath='{range .items[*]}{.spec.holderIdentity}{"\n"}{end}' 2>/dev/null | grep -m1 "^$FULL-controller-" | cut -d_ -f1; }
controller_pods() { kc -n "$NS" get pods -l app.kubernetes.io/component=controller --field-selector=status.phase=Running -o name | sed 's|^pod/||'; }

# ------------------------------------------------------------------ 2 replicas, one leader
check "2 controller pods run" retry 60 sh -c "[ \"\$('$KUBECTL' --kubeconfig='$KUBECONFIG_NODE' -n $NS get deploy $FULL-controller -o jsonpath='{.status.readyReplicas}')\" = 2 ]"
check "the controller pods use the in-cluster configuration (service account token mounted, no KUBECONFIG)" sh -c "
  '$KUBECTL' --kubeconfig='$KUBECONFIG_NODE' -n $NS get deploy $FULL-controller -o json |
  '$NODE' -e 'const d=JSON.parse(require(\"fs\").readFileSync(0,\"utf8\")).spec.template.spec;
    const env=d.containers.flatMap(c=>c.env??[]).map(e=>e.name);
    process.exit(d.serviceAccountName===\"$FULL-controller\" && d.automountServiceAccountToken!==false && !env.includes(\"KUBECONFIG\") ? 0 : 1)'"
check "one controller pod holds the Lease" retry 60 sh -c "'$KUBECTL' --kubeconfig='$KUBECONFIG_NODE' -n $NS get lease -o jsonpath='{range .items[*]}{.spec.holderIdentity}{\"\\n\"}{end}' | grep -q '^$FULL-controller-'"
leader=$(holder)
e2e_note "leader: ${leader:-none}; pods: $(controller_pods | tr '\n' ' ')"

# ------------------------------------------------------------------ kubectl apply -f examples/
admin=it-admin@globex.example
{ mail_tokens "$admin"; echo none; } >"$W/old-tokens"
# A run again on the same release: an earlier run's failed sign-ins for this admin are still counted.
kc -n "$NS" exec "$FULL-redis-0" -- sh -c 'redis-cli --scan --pattern "sentinel:throttle:login:*globex*" | xargs -r redis-cli del' >/dev/null 2>&1
applied_at=$(date +%s)
check "kubectl apply -f examples/" kc apply -f "$REPO_ROOT/examples/"
for t in acme globex; do check "Tenant $t becomes Ready" retry 90 phase_is "$t" Ready; done
took=$(($(date +%s) - applied_at))
e2e_note "examples Ready ${took}s after the apply"
if [ "$took" -gt 10 ]; then # usually about a second: say where the time went
  kc get events -A --field-selector involvedObject.kind=Tenant -o custom-columns=T:.lastTimestamp,OBJ:.involvedObject.name,R:.reason,M:.message 2>&1 | tail -n 20 | sed 's/^/  /'
  kc -n "$NS" logs -l app.kubernetes.io/component=controller --tail=200 --prefix 2>&1 | grep -v '"level":30' | tail -n 20 | cut -c1-400 | sed 's/^/  /'
fi
check "Tenant initech becomes Suspended (spec.suspended)" retry 90 phase_is initech Suspended
kc get tenants -o wide 2>&1 | sed 's/^/  /'
check "globex's direct-access Secret exists in $NS" retry 30 kc -n "$NS" get secret tenant-globex-db

# The API pod serves the new tenant: globex's admin (spec.admin) is invited through the worker.
invite=$(new_mail_token "$admin" "$W/old-tokens")
check "the invitation mail for $admin is in the worker's log" test -n "$invite"
password="Globex-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')-Pw"
check "$admin accepts the invitation through the API pod" \
  test "$(req POST /api/v1/auth/accept-invite "{\"token\":\"$invite\",\"password\":\"$password\"}")" = 200
token=""
[ "$(req POST /api/v1/auth/login "{\"tenant\":\"globex\",\"email\":\"$admin\",\"password\":\"$password\"}")" = 200 ] && token=$(json accessToken)
check "$admin signs in to globex" test -n "$token"
check "globex's user list is served to its admin" sh -c "[ \"\$1\" = 200 ] && grep -qF '$admin' '$W/body'" _ "$(req GET /api/v1/users "" "$token")"
# kubectl suspends and resumes a tenant: the API refuses its admin in between.
code() { json code; }
kc patch tenant globex --type merge -p '{"spec":{"suspended":true}}' >/dev/null
check "kubectl patch globex suspended=true: phase Suspended" retry 60 phase_is globex Suspended
check "a suspended tenant's admin is refused sign-in (SENTINEL_AUTH_TENANT_SUSPENDED)" sh -c "[ \"\$1\" = 401 ] && [ \"\$2\" = SENTINEL_AUTH_TENANT_SUSPENDED ]" _ \
  "$(req POST /api/v1/auth/login "{\"tenant\":\"globex\",\"email\":\"$admin\",\"password\":\"$password\"}")" "$(code)"
check "a suspended tenant's access token is refused" sh -c "[ -n '$token' ] && { [ \"\$1\" = 401 ] || [ \"\$1\" = 403 ]; }" _ "$(req GET /api/v1/users "" "$token")"
kc patch tenant globex --type merge -p '{"spec":{"suspended":false}}' >/dev/null
check "kubectl patch globex suspended=false: phase Ready" retry 60 phase_is globex Ready
check "the resumed tenant's admin signs in again" test "$(req POST /api/v1/auth/login "{\"tenant\":\"globex\",\"email\":\"$admin\",\"password\":\"$password\"}")" = 200

# ------------------------------------------------------------------ the leader pod goes away
if [ -n "$leader" ]; then
  t0=$(date +%s.%N)
  kc -n "$NS" delete pod "$leader" --wait=false >/dev/null
  kc apply -f - >/dev/null <<'YAML'
apiVersion: sentinel.io/v1beta1
kind: Tenant
metadata: { name: hooli, labels: { sentinel.io/e2e: node } }
spec: { displayName: Hooli (applied while the leader pod goes away) }
YAML
  check "another pod takes the Lease after the leader pod is deleted" retry 60 sh -c "h=\$(\"\$0\" --kubeconfig='$KUBECONFIG_NODE' -n $NS get lease -o jsonpath='{range .items[*]}{.spec.holderIdentity}{\"\\n\"}{end}' | grep -m1 '^$FULL-controller-' | cut -d_ -f1); [ -n \"\$h\" ] && [ \"\$h\" != '$leader' ]" "$KUBECTL"
  e2e_note "hand-over: $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')s to a new holder ($(holder))"
  check "Tenant hooli, applied during the hand-over, becomes Ready" retry 90 phase_is hooli Ready
  e2e_note "hooli Ready $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')s after the leader pod was deleted"
  e2e_note "phases right after: acme=$(phase acme) globex=$(phase globex) initech=$(phase initech)"
  # The new leader reconciles every Tenant again; a phase may pass through another value while it
  # does (the note above shows it). Lost would be one that does not come back.
  # (retry prints the phases of its last try when they never settle)
  phases_settled() {
    local a g i
    a=$(phase acme) g=$(phase globex) i=$(phase initech)
    if [ "$a" = Ready ] && [ "$g" = Ready ] && [ "$i" = Suspended ]; then return 0; fi
    echo "acme=$a globex=$g initech=$i"
    return 1
  }
  check "no Tenant lost: acme and globex Ready, initech Suspended (within 30 s)" retry 30 phases_settled
  check "the Deployment replaces the deleted pod (2 ready again)" retry 90 sh -c "[ \"\$('$KUBECTL' --kubeconfig='$KUBECONFIG_NODE' -n $NS get deploy $FULL-controller -o jsonpath='{.status.readyReplicas}')\" = 2 ]"
else
  check "a leader was found for the hand-over drill" false
fi

# ------------------------------------------------------------------ deletion policies
kc delete tenant hooli --wait=false >/dev/null 2>&1
check "kubectl delete -f examples/ (the finalizer runs each deletion policy)" kc delete -f "$REPO_ROOT/examples/" --timeout=90s
check "every Tenant resource is gone" retry 60 sh -c "! '$KUBECTL' --kubeconfig='$KUBECONFIG_NODE' get tenants -o name | grep -q ."
check "globex (deletionPolicy: Delete): its admin can no longer sign in" sh -c "[ \"\$1\" != 200 ]" _ "$(req POST /api/v1/auth/login "{\"tenant\":\"globex\",\"email\":\"$admin\",\"password\":\"$password\"}")"
check "globex's direct-access Secret is removed" retry 30 sh -c "! '$KUBECTL' --kubeconfig='$KUBECONFIG_NODE' -n $NS get secret tenant-globex-db >/dev/null 2>&1"
e2e_summary tenants
