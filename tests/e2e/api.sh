# Shared by the e2e suites that talk to the installed release's API (sourced after release.sh,
# which sets NS, FULL, NODE and the work directory W): requests to the api Service, JSON
# fields, and a tenant admin made the way a user makes one (a Tenant resource naming its admin,
# the invitation mail the worker logs, accept, sign in).
# shellcheck shell=bash
API="http://$("$KUBECTL" --kubeconfig="$KUBECONFIG_NODE" -n "$NS" get svc "$FULL-api" -o jsonpath='{.spec.clusterIP}:{.spec.ports[0].port}')"

# req METHOD PATH [BODY] [TOKEN] [CONTENT_TYPE] -> the answer in $W/body; prints the status (000: none)
req() {
  local args=(-sS -m 10 -o "$W/body" -w '%{http_code}' -X "$1" "$API$2")
  [ -n "${3:-}" ] && args+=(-H "Content-Type: ${5:-application/json}" --data-binary "$3")
  [ -n "${4:-}" ] && args+=(-H "Authorization: Bearer $4")
  curl "${args[@]}" 2>/dev/null || echo 000
}
# json FIELD.PATH: a field of the last answer
json() { "$NODE" -e 'const b=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8")); const v=process.argv[2].split(".").reduce((o,k)=>o?.[k],b); console.log(typeof v === "object" && v !== null ? JSON.stringify(v) : (v ?? ""))' "$W/body" "$1"; }
tenant_phase() { "$KUBECTL" --kubeconfig="$KUBECONFIG_NODE" get tenant "$1" -o jsonpath='{.status.phase}' 2>/dev/null; }
tenant_phase_is() { [ "$(tenant_phase "$1")" = "$2" ]; }

# The invitation links the worker logged for EMAIL (no SMTP outside production), oldest first.
mail_tokens() {
  "$KUBECTL" --kubeconfig="$KUBECONFIG_NODE" -n "$NS" logs -l app.kubernetes.io/component=worker --tail=-1 --prefix=false 2>/dev/null |
    grep -F "$1" | grep -o 'accept-invite?token=[^"\\ ]*' | sed 's/^accept-invite?token=//'
}
# new_mail_token EMAIL SEEN_FILE: waits up to 60 s for a link not listed in SEEN_FILE; prints it decoded
new_mail_token() {
  local t
  for _ in $(seq 60); do
    t=$(mail_tokens "$1" | grep -vxF -f "$2" | tail -n 1)
    if [ -n "$t" ]; then
      "$NODE" -e 'process.stdout.write(decodeURIComponent(process.argv[1]))' "$t"
      return 0
    fi
    sleep 1
  done
  return 1
}
# accept_and_sign_in SLUG EMAIL TOKEN PASSWORD: prints an access token
accept_and_sign_in() {
  [ "$(req POST /api/v1/auth/accept-invite "{\"token\":\"$3\",\"password\":\"$4\"}")" = 200 ] || return 1
  [ "$(req POST /api/v1/auth/login "{\"tenant\":\"$1\",\"email\":\"$2\",\"password\":\"$4\"}")" = 200 ] || return 1
  json accessToken
}
# tenant_admin NAME EMAIL PASSWORD [SPEC_YAML_LINES]: applies a Tenant whose admin is EMAIL, waits for
# Ready and the invitation, accepts it and signs in; prints the access token
tenant_admin() {
  local seen=$W/seen-$1
  { mail_tokens "$2"; echo none; } >"$seen"
  "$KUBECTL" --kubeconfig="$KUBECONFIG_NODE" apply -f - >/dev/null <<YAML || return 1
apiVersion: sentinel.io/v1beta1
kind: Tenant
metadata: { name: $1, labels: { sentinel.io/e2e: node } }
spec:
  displayName: $1 (e2e)
  admin: { email: $2 }
${4:-}
YAML
  retry 90 tenant_phase_is "$1" Ready >/dev/null || return 1
  local invite
  invite=$(new_mail_token "$2" "$seen") || return 1
  accept_and_sign_in "$1" "$2" "$invite" "$3"
}
