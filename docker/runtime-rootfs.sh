#!/bin/bash
# The root file system of every Sentinel image, assembled from the build base (docker/Dockerfile's
# `rootfs` stage; any Debian-based Node image: the official node:24-bookworm-slim, or the local base
# of scripts/images/build.sh):
#   runtime-rootfs.sh <dir>
# It holds only what the services use: the `node` binary, the Debian packages of the shared
# libraries it links (libc6, libstdc++6, libgcc-s1), and a small shell toolbox for `kubectl exec`
# and the image tests (dash as /bin/sh, coreutils, findutils, grep) with the libraries those link.
# Not copied: npm, corepack and yarn (nothing installs at run time), apt, dpkg, perl, bash, login,
# util-linux, the C library's gconv modules (Node converts with ICU), time zone files (Node's ICU
# carries its own zone data and honours TZ), documentation (licences kept), man pages and locales.
# /var/lib/dpkg/status lists exactly the Debian packages copied, so image scanners still see them.
# /etc/passwd and /etc/group hold root, nobody and sentinel (10001), the user the services run as.
set -euo pipefail
R=${1:?usage: runtime-rootfs.sh <dir>}
node=$(readlink -f "$(command -v node)")
mkdir -p "$R"

# Shared libraries a file links (ldd), as absolute paths.
libs_of() { ldd "$1" 2>/dev/null | awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\// {print $1}' || true; }
# The Debian package that owns a path (dpkg records some paths before the /usr merge).
owner() {
  local p
  for p in "$1" "${1#/usr}" "/usr$1"; do
    dpkg-query -S "$p" 2>/dev/null | awk -F: '!/^diversion/ {print $1; exit}' | grep . && return 0
  done
  echo "runtime-rootfs: no package owns $1" >&2
  return 1
}
# A package's files worth copying: programs, libraries and /etc; from /usr/share only the licence.
files_of() {
  dpkg-query -L "$1" | while read -r f; do
    if [ -d "$f" ] && [ ! -L "$f" ]; then continue; fi
    [ -f "$f" ] || [ -L "$f" ] || continue
    case $f in
      */gconv/*) ;;
      /usr/share/doc/*/copyright) echo "$f" ;;
      /bin/* | /sbin/* | /lib/* | /lib64/* | /usr/bin/* | /usr/sbin/* | /usr/lib/* | /usr/lib64/* | /usr/libexec/* | /etc/*) echo "$f" ;;
    esac
  done
}
is_elf() { [ "$(head -c 4 "$1" | tail -c 3)" = ELF ]; }

# The packages: the toolbox, then the owners of every library node and the kept programs link.
pkgs=$(printf '%s\n' dash coreutils findutils grep)
for l in $(libs_of "$node"); do pkgs=$(printf '%s\n%s\n' "$pkgs" "$(owner "$l")"); done
pkgs=$(sort -u <<<"$pkgs")
while :; do
  next=$pkgs
  for p in $pkgs; do
    for f in $(files_of "$p"); do
      [ -L "$f" ] || ! is_elf "$f" || for l in $(libs_of "$f"); do next=$(printf '%s\n%s\n' "$next" "$(owner "$l")"); done
    done
  done
  next=$(sort -u <<<"$next")
  [ "$next" = "$pkgs" ] && break
  pkgs=$next
done
echo "runtime-rootfs: node $($node --version) + Debian packages: $(tr "\n" " " <<<"$pkgs")"

# /bin, /lib, /lib64, /sbin are links into /usr on Debian 12 (merged /usr): keep them links, and
# copy every file to its real folder.
for d in /bin /sbin /lib /lib32 /lib64 /libx32; do [ -L "$d" ] && cp -a "$d" "$R/"; done
copy() {
  local dir
  dir=$(readlink -f "$(dirname "$1")")
  mkdir -p "$R$dir"
  cp -a "$1" "$R$dir/"
}
for p in $pkgs; do for f in $(files_of "$p"); do copy "$f"; done; done
for f in /bin/sh /usr/bin/sh /etc/nsswitch.conf /etc/debian_version /etc/os-release /usr/lib/os-release /etc/ld.so.conf; do
  if [ -e "$f" ] || [ -L "$f" ]; then copy "$f"; fi
done
[ -d /etc/ld.so.conf.d ] && cp -a /etc/ld.so.conf.d "$R/etc/"
mkdir -p "$R/usr/local/bin"
cp "$node" "$R/usr/local/bin/node"
ldconfig -r "$R"

mkdir -p "$R/var/lib/dpkg" "$R/dev" "$R/proc" "$R/sys" "$R/run" "$R/root" "$R/tmp" "$R/var/tmp"
for p in $pkgs; do dpkg-query -s "$p" && echo; done >"$R/var/lib/dpkg/status"
chmod 1777 "$R/tmp" "$R/var/tmp"
chmod 0700 "$R/root"
cat >"$R/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/bin/sh
nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
sentinel:x:10001:10001:Sentinel:/nonexistent:/usr/sbin/nologin
EOF
cat >"$R/etc/group" <<'EOF'
root:x:0:
nogroup:x:65534:
sentinel:x:10001:
EOF
[ -e "$R/etc/nsswitch.conf" ] || printf 'passwd: files\ngroup: files\nhosts: files dns\n' >"$R/etc/nsswitch.conf"
du -sh "$R"
