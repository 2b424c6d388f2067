#!/usr/bin/env bash
# Prepares the images the one-node cluster imports into containerd (namespace k8s.io), as
# docker-archive tarballs in $NODE_IMAGES, without any registry:
#   pause-<v>.tar     localhost/sentinel-pause:<v>: scripts/k8s/node/pause.c, linked statically
#   coredns-<v>.tar   localhost/sentinel-coredns:<v>: the CoreDNS binary of build.sh, alone
#   project/<name>-<tag>.tar  the project's images from podman storage (scripts/images/build.sh,
#                     ~/.cache/sentinel-images): localhost/sentinel-{api,worker,scheduler,controller,
#                     migrate,web}:$IMAGE_TAG, and the stand-ins localhost/standin-{postgres:18,redis:7}
#                     (tests/compose/build-standins.sh) when present.
# Usage: images.sh [--project]  (--project: also export the project's images; missing ones are
# reported, not built: run scripts/images/build.sh first).
# The two small images are written as docker archives by hand (one layer, a config, a manifest):
# no buildah, no container storage. Each project image is re-exported only when its image ID
# changed. Idempotent and quick when nothing changed.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$HERE/../../.." && pwd)
# shellcheck source=scripts/k8s/node/versions.sh
. "$HERE/versions.sh"
LOG_NAME=node-images
# shellcheck source=scripts/k8s/lib.sh
. "$HERE/../lib.sh"
mkdir -p "$NODE_IMAGES/project"

# make_archive REF ROOTFS OUT ENTRYPOINT_JSON USER: a one-layer docker-archive (as `docker save`
# writes it), reproducible (sorted, owner 0, mtime 0).
make_archive() {
  local ref=$1 rootfs=$2 out=$3 entrypoint=$4 user=$5 tmp diff cfg
  tmp=$(mktemp -d)
  tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 -C "$rootfs" -cf "$tmp/layer.tar" .
  diff=$(sha256sum "$tmp/layer.tar" | cut -d' ' -f1)
  mkdir "$tmp/$diff" && mv "$tmp/layer.tar" "$tmp/$diff/layer.tar"
  printf '{"architecture":"amd64","os":"linux","created":"1970-01-01T00:00:00Z","config":{"Entrypoint":%s,"User":"%s","Env":["PATH=/"]},"rootfs":{"type":"layers","diff_ids":["sha256:%s"]}}' \
    "$entrypoint" "$user" "$diff" >"$tmp/config.json"
  cfg=$(sha256sum "$tmp/config.json" | cut -d' ' -f1)
  mv "$tmp/config.json" "$tmp/$cfg.json"
  printf '[{"Config":"%s.json","RepoTags":["%s"],"Layers":["%s/layer.tar"]}]' "$cfg" "$ref" "$diff" >"$tmp/manifest.json"
  tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 -C "$tmp" -cf "$out.tmp" manifest.json "$cfg.json" "$diff"
  mv "$out.tmp" "$out"
  rm -rf "$tmp"
}

# 1) pause
pause_tar=$NODE_IMAGES/pause-$PAUSE_VERSION.tar
pause_key=$(sha256sum "$HERE/pause.c" | cut -c1-16)
if [ ! -s "$pause_tar" ] || [ "$(cat "$pause_tar.key" 2>/dev/null)" != "$pause_key" ]; then
  command -v gcc >/dev/null || die "gcc is needed for the pause image (apt-get install gcc libc6-dev)"
  d=$(mktemp -d)
  gcc -Os -static -o "$d/pause" "$HERE/pause.c" && strip "$d/pause"
  [ "$("$d/pause" -v)" = "pause (sentinel local build)" ] || die "the pause binary does not run"
  make_archive "$PAUSE_IMAGE" "$d" "$pause_tar" '["/pause"]' 65535:65535
  echo "$pause_key" >"$pause_tar.key"
  rm -rf "$d"
  log "wrote $pause_tar ($PAUSE_IMAGE)"
fi

# 2) CoreDNS
coredns_tar=$NODE_IMAGES/coredns-$COREDNS_VERSION.tar
if [ ! -s "$coredns_tar" ]; then
  [ -x "$COREDNS_BIN/coredns" ] || die "$COREDNS_BIN/coredns is missing: run scripts/k8s/node/build.sh"
  d=$(mktemp -d)
  cp "$COREDNS_BIN/coredns" "$d/coredns"
  make_archive "$COREDNS_IMAGE" "$d" "$coredns_tar" '["/coredns"]' 65532:65532
  rm -rf "$d"
  log "wrote $coredns_tar ($COREDNS_IMAGE)"
fi

# 3) the project's images, from podman storage
if [ "${1:-}" = --project ]; then
  # shellcheck source=scripts/images/env.sh
  . "$REPO_ROOT/scripts/images/env.sh"
  command -v podman >/dev/null || die "podman is missing: scripts/images/build.sh installs it and builds the images"
  refs=()
  for n in "${SENTINEL_IMAGES[@]}"; do refs+=("localhost/sentinel-$n:$IMAGE_TAG"); done
  refs+=(localhost/standin-postgres:18 localhost/standin-redis:7)
  # One multi-image archive (layers shared between the images are stored once), re-exported when
  # any image ID changed.
  missing=() present=() key=""
  for ref in "${refs[@]}"; do
    if id=$(podman image inspect -f '{{.Id}}' "$ref" 2>/dev/null); then
      present+=("$ref")
      key="$key$ref $id"$'\n'
    else
      missing+=("$ref")
    fi
  done
  out=$NODE_IMAGES/project/images.tar
  if [ ${#present[@]} -eq 0 ]; then
    rm -f "$out" "$out.key"
  elif [ -s "$out" ] && printf '%s' "$key" | cmp -s - "$out.key"; then
    log "project images unchanged since the last export (${#present[@]})"
  else
    t0=$(date +%s)
    rm -f "$out.tmp" "$NODE_IMAGES"/project/*.tar "$NODE_IMAGES"/project/*.id
    podman save -q -m --format docker-archive -o "$out.tmp" "${present[@]}" || die "podman save ${present[*]} failed"
    mv "$out.tmp" "$out" && printf '%s' "$key" >"$out.key"
    log "exported ${present[*]} ($(du -m "$out" | cut -f1) MB, $(($(date +%s) - t0))s)"
  fi
  [ ${#missing[@]} -eq 0 ] || log "not in podman storage (run scripts/images/build.sh, or tests/compose/build-standins.sh for the stand-ins): ${missing[*]}"
fi
log "images ready in $NODE_IMAGES"
