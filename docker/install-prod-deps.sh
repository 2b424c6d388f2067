#!/bin/sh
# Production node_modules for one workspace (used by docker/Dockerfile's deps-* stages):
#   install-prod-deps.sh <workspace> [<generated Prisma client folder>]
# npm ci --omit=dev --omit=optional --workspace "$1", then prune-node-modules.mjs.
# --omit=optional as well: @prisma/client declares `prisma` and `typescript` as peers, which npm
#   flags "devOptional" and keeps under --omit=dev alone (+250 MB: the Prisma CLI, Studio, React).
#   The only optional runtime packages the lockfile holds are msgpackr-extract (msgpackr falls back
#   to its JavaScript decoder) and pg-cloudflare (Cloudflare Workers only).
# --ignore-scripts: bcrypt loads its bundled prebuilt binary (prebuilds/linux-x64); nothing else
#   needs an install step at run time.
# Then drops what never runs: TypeScript sources and declarations that packages ship next to their
# JavaScript (~24 MB) and source maps, and (prune-node-modules.mjs, which checks that every package
# still loads) the Prisma query compilers the generated client does not import, bundler-only builds,
# other platforms' prebuilds, tests and docs (~22 MB for the api).
set -eu
npm ci --omit=dev --omit=optional --ignore-scripts --no-audit --no-fund --loglevel=error --workspace "$1"
# The images copy the root node_modules only: a package the lockfile keeps in a workspace's own
# node_modules would be missing at run time. Fail here, naming it, rather than at the first import.
nested=$(find packages services controllers -mindepth 3 -maxdepth 4 -path '*/node_modules/*' -prune -print 2>/dev/null || true)
if [ -n "$nested" ]; then
  echo "install-prod-deps.sh: the lockfile keeps these in a workspace's own node_modules, which no image copies:" >&2
  echo "$nested" >&2
  echo "hoist them in package-lock.json (npm dedupe, or move the entries to node_modules/)" >&2
  exit 1
fi
find node_modules/@prisma/client/runtime -name 'query_compiler_*' ! -name '*.postgresql.*' -delete
find node_modules -type f \( -name '*.map' -o -name '*.ts' -o -name '*.mts' -o -name '*.cts' \) -delete
generated=${2:-}
set --
# shellcheck disable=SC2046 # the generated client's file names hold no spaces
[ -z "$generated" ] || set -- $(find "$generated" -name '*.js')
node prune-node-modules.mjs . "$@"
