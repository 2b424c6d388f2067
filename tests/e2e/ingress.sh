#!/usr/bin/env bash
# Traffic through a real ingress controller that reads the chart's Ingress objects: Traefik
# (scripts/k8s/build-traefik.sh) with its ingress-nginx provider, started by tests/e2e/run.sh
# beside the cluster (E2E_INGRESS=http://ADDRESS, E2E_INGRESS_HOST=the chart's entry.host).
#   - a tenant admin signs in and lists the tenant's users through it (auth and API tiers);
#   - the chart's custom-headers (security headers) are on the answers;
#   - the web console (web tier, `/`): /sign-in is the console's page with its own
#     Content-Security-Policy (a nonce), a sign-in through its POST /session/login (session tier;
#     the Origin matches the Host Traefik passes on as X-Forwarded-Host, another Origin is refused)
#     sets the httpOnly session cookies, and /users renders with them; /api/v1/health and
#     /api/v1/ready are still the API's;
#   - the auth tier's body limit (proxy-body-size 64k): a 100 KB sign-in is refused with 413;
#   - a burst on the auth tier gets 429 from the ingress (limit-rps 5 x burst 3) with Retry-After,
#     while the API tier keeps answering 200;
#   - the ingress's cost: requests a second on /api/v1/health through Traefik and straight to the
#     api Service, in the same run and with the same client (an Ingress made here for the
#     measure, without the chart's limits, on another host).
# Prints "ingress: N passed, N failed".
set -uo pipefail
REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=tests/e2e/release.sh
. "$REPO_ROOT/tests/e2e/release.sh"
suite_cleanup() {
  kc -n "$NS" delete ingress e2e-bench --ignore-not-found >/dev/null 2>&1
  kc delete tenant ingress-co --wait=false >/dev/null 2>&1
}
# shellcheck source=tests/e2e/api.sh
. "$REPO_ROOT/tests/e2e/api.sh"
if [ -z "${E2E_INGRESS:-}" ] || [ -z "${E2E_INGRESS_HOST:-}" ]; then
  echo "E2E_INGRESS and E2E_INGRESS_HOST are not set: tests/e2e/run.sh starts the ingress controller" >&2
  exit 2
fi
IN=$E2E_INGRESS
HOSTNAME_=$E2E_INGRESS_HOST
# via METHOD PATH [BODY] [TOKEN]: through the ingress -> $W/body, $W/headers; prints the status
via() {
  local args=(-sS -m 10 -o "$W/body" -D "$W/headers" -w '%{http_code}' -H "Host: $HOSTNAME_" -X "$1" "$IN$2")
  [ -n "${3:-}" ] && args+=(-H 'Content-Type: application/json' --data-binary "$3")
  [ -n "${4:-}" ] && args+=(-H "Authorization: Bearer $4")
  curl "${args[@]}" 2>/dev/null || echo 000
}
header() { tr -d '\r' <"$W/headers" | awk -v h="$(echo "$1" | tr '[:upper:]' '[:lower:]')" -F': ' 'tolower($1)==h{print $2}'; }

check "the chart's Ingresses are served: GET /api/v1/health through the ingress" retry 60 sh -c "[ \"\$(curl -s -o /dev/null -m 5 -w '%{http_code}' -H 'Host: $HOSTNAME_' '$IN/api/v1/health')\" = 200 ]"
check "another host is not routed (404)" sh -c "[ \"\$(curl -s -o /dev/null -m 5 -w '%{http_code}' -H 'Host: elsewhere.example.com' '$IN/api/v1/health')\" = 404 ]"

# ------------------------------------------------------------------ a tenant's admin, through the ingress
password="Ingress-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')-Pw"
invite_seen=$W/seen
{ mail_tokens admin@ingress-co.example; echo none; } >"$invite_seen"
kc apply -f - >/dev/null <<'YAML'
apiVersion: sentinel.io/v1beta1
kind: Tenant
metadata: { name: ingress-co, labels: { sentinel.io/e2e: node } }
spec: { displayName: Ingress Co, admin: { email: admin@ingress-co.example } }
YAML
retry 90 tenant_phase_is ingress-co Ready >/dev/null
invite=$(new_mail_token admin@ingress-co.example "$invite_seen")
check "the invited admin accepts through the ingress" test "$(via POST /api/v1/auth/accept-invite "{\"token\":\"$invite\",\"password\":\"$password\"}")" = 200
token=""
[ "$(via POST /api/v1/auth/login "{\"tenant\":\"ingress-co\",\"email\":\"admin@ingress-co.example\",\"password\":\"$password\"}")" = 200 ] && token=$(json accessToken)
check "sign-in through the ingress (auth tier)" test -n "$token"
check "the tenant's user list through the ingress (API tier)" sh -c "[ \"\$1\" = 200 ] && grep -qF admin@ingress-co.example '$W/body'" _ "$(via GET /api/v1/users "" "$token")"
check "the chart's security headers (custom-headers) are on the answer" sh -c "
  [ \"\$(grep -Eic '^(x-content-type-options: nosniff|x-frame-options: DENY|referrer-policy: no-referrer|strict-transport-security: max-age=)' '$W/headers')\" = 4 ]"

# ------------------------------------------------------------------ the web console (web and session tiers)
check "GET /sign-in through the ingress is the web console's sign-in page (200)" sh -c "[ \"\$1\" = 200 ] && grep -qi '<form' '$W/body'" _ "$(via GET /sign-in)"
# shellcheck disable=SC2016 # the sh -c script takes the header as its argument
check "/sign-in carries the console's Content-Security-Policy (script-src with a nonce and strict-dynamic)" sh -c '
  echo "$1" | grep -E "script-src .self. .nonce-[A-Za-z0-9+/=]+. .strict-dynamic." >/dev/null && ! echo "$1" | grep unsafe-inline >/dev/null' _ "$(header Content-Security-Policy)"
check "GET /api/v1/health through the ingress is still the API's (200, its own CSP, no nonce)" sh -c "
  [ \"\$1\" = 200 ] && grep -q '\"status\":\"ok\"' '$W/body' && ! tr -d '\r' <'$W/headers' | grep -i '^content-security-policy:.*nonce-' >/dev/null" _ "$(via GET /api/v1/health)"
check "GET /api/v1/ready through the ingress is the API's readiness (its checks)" sh -c "[ \"\$1\" = 200 ] && grep -q '\"checks\"' '$W/body'" _ "$(via GET /api/v1/ready)"
login_body="{\"tenant\":\"ingress-co\",\"email\":\"admin@ingress-co.example\",\"password\":\"$password\"}"
check "a sign-in through the console from another Origin is refused (403)" sh -c "[ \"\$1\" = 403 ]" _ \
  "$(curl -sS -o /dev/null -w '%{http_code}' -m 10 -H "Host: $HOSTNAME_" -H 'Origin: https://evil.example' -H 'Content-Type: application/json' --data-binary "$login_body" "$IN/session/login" 2>/dev/null)"
# The page's own Origin: http://<the host> (Traefik passes the Host on and sets X-Forwarded-Host to it).
web_login=$(curl -sS -o "$W/body" -D "$W/headers" -w '%{http_code}' -m 10 -H "Host: $HOSTNAME_" -H "Origin: http://$HOSTNAME_" \
  -H 'Content-Type: application/json' --data-binary "$login_body" "$IN/session/login" 2>/dev/null || echo 000)
[ "$web_login" = 204 ] || e2e_note "POST /session/login answered $web_login: $(head -c 300 "$W/body")"
cookies=$(header Set-Cookie)
check "POST /session/login through the ingress signs in (204) and sets the httpOnly sentinel_access and sentinel_refresh cookies" sh -c "
  [ \"\$1\" = 204 ] && echo \"\$2\" | grep -i '^sentinel_access=[^;]\+;.*httponly' >/dev/null && echo \"\$2\" | grep -i '^sentinel_refresh=[^;]\+;.*httponly' >/dev/null" _ "$web_login" "$cookies"
# The cookies are Secure (the host is not a loopback one), so curl would not send them back over
# plain http from a jar: the Cookie header is built from Set-Cookie.
cookie_header=$(echo "$cookies" | sed 's/;.*//' | paste -sd ';' - | sed 's/;/; /g')
check "/users through the ingress with the session cookies renders the tenant's users for its admin" sh -c "[ \"\$1\" = 200 ] && grep -qF admin@ingress-co.example '$W/body'" _ \
  "$(curl -sS -o "$W/body" -w '%{http_code}' -m 10 -H "Host: $HOSTNAME_" -H "Cookie: $cookie_header" "$IN/users" 2>/dev/null || echo 000)"

# ------------------------------------------------------------------ the auth tier's limits
head -c 100000 /dev/zero | tr '\0' 'a' >"$W/big"
check "a 100 KB sign-in is refused by the ingress (proxy-body-size 64k): 413" sh -c "[ \"\$1\" = 413 ]" _ \
  "$(curl -sS -o /dev/null -w '%{http_code}' -m 10 -H "Host: $HOSTNAME_" -H 'Content-Type: application/json' --data-binary @"$W/big" "$IN/api/v1/auth/login")"
# GET /api/v1/auth/me without a token: the API answers 401 at once and never throttles it, so a
# 429 here is the ingress's (Traefik's: plain text "Too Many Requests", no problem+json).
codes=$W/codes
: >"$codes"
health=0
for _ in $(seq 40); do
  curl -sS -o "$W/burst" -D "$W/burst-headers" -w '%{http_code} %{content_type}\n' -m 10 -H "Host: $HOSTNAME_" "$IN/api/v1/auth/me" >>"$codes" 2>/dev/null
  if [ "$(tail -n 1 "$codes")" = "429 " ] && [ ! -s "$W/limited-headers" ]; then
    cp "$W/burst-headers" "$W/limited-headers"
    cp "$W/burst" "$W/limited-body"
  fi
  [ "$(curl -s -o /dev/null -m 5 -w '%{http_code}' -H "Host: $HOSTNAME_" "$IN/api/v1/health")" = 200 ] && health=$((health + 1))
done
limited=$(grep -cx '429 ' "$codes")
e2e_note "40 requests at once on the auth tier: $(cut -d' ' -f1 "$codes" | sort | uniq -c | tr -s ' ' | tr '\n' ',')"
check "a burst of 40 on the auth tier: the ingress answers 429 ($limited times; limit-rps 5 x 3)" sh -c "[ '$limited' -ge 10 ]"
check "the ingress's 429 says when to retry (Retry-After)" sh -c "tr -d '\r' <'$W/limited-headers' | grep -Eiq '^retry-after: [0-9]+$' && grep -q 'Too Many Requests' '$W/limited-body'"
check "meanwhile the API tier answers 200 ($health of 40)" test "$health" = 40

# ------------------------------------------------------------------ the ingress's cost
kc -n "$NS" apply -f - >/dev/null <<YAML
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: e2e-bench, labels: { sentinel.io/e2e: node } }
spec:
  ingressClassName: nginx
  rules:
    - host: bench.e2e.example
      http:
        paths:
          - { path: /api/v1/health, pathType: Exact, backend: { service: { name: $FULL-api, port: { name: http } } } }
YAML
retry 60 sh -c "[ \"\$(curl -s -o /dev/null -m 5 -w '%{http_code}' -H 'Host: bench.e2e.example' '$IN/api/v1/health')\" = 200 ]" >/dev/null
bench() { # NAME URL [HOST]: 10 s, 8 keep-alive loops
  rm -f "$W/stop"
  (sleep 10 && touch "$W/stop") &
  POLL_HOST=${3:-} "$NODE" "$REPO_ROOT/tests/e2e/poller.mjs" "$2" "$W/stop" 8 60 >"$W/$1.json"
  wait
}
bench direct "$API/api/v1/health"
bench ingress "$IN/api/v1/health" bench.e2e.example
bench direct2 "$API/api/v1/health"
rps() { "$NODE" -e 'const r=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8")); console.log(r.notOk + r.transport === 0 ? r.rps : "failed:" + JSON.stringify(r))' "$W/$1.json"; }
d1=$(rps direct) i=$(rps ingress) d2=$(rps direct2)
e2e_note "GET /api/v1/health, 8 keep-alive clients, 10 s each: api Service ${d1} rps, through Traefik ${i} rps, api Service again ${d2} rps"
check "the measure ran clean (every request 200 in all three runs)" sh -c "case \"\$1\$2\$3\" in *failed*) exit 1 ;; esac" _ "$d1" "$i" "$d2"
e2e_summary ingress
