#!/usr/bin/env bash
# WORKAROUND (until docker/standins/postgres-entrypoint.sh handles an arbitrary uid, as the
# official postgres image does with nss_wrapper): the chart runs the evaluation PostgreSQL as uid
# 10001, which has no passwd entry in localhost/standin-postgres:18, and initdb stops with
# "initdb: could not look up effective user ID 10001: user does not exist".
# This writes localhost/standin-postgres:18-uid10001: the stand-in plus one layer whose
# /etc/passwd and /etc/group also name uid/gid 10001 (a docker archive edited with python3; no
# build, nothing written to podman storage), and imports it into the running node cluster.
set -euo pipefail
REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=scripts/k8s/node/versions.sh
. "$REPO_ROOT/scripts/k8s/node/versions.sh"
# shellcheck source=scripts/images/env.sh
. "$REPO_ROOT/scripts/images/env.sh"
SRC=localhost/standin-postgres:18
DST=localhost/standin-postgres:18-uid10001
out=$NODE_IMAGES/workaround-standin-postgres-uid10001.tar
id=$(podman image inspect -f '{{.Id}}' "$SRC")
if [ ! -s "$out" ] || [ "$(cat "$out.id" 2>/dev/null)" != "$id" ]; then
  tmp=$(mktemp -d)
  podman save -q --format docker-archive -o "$tmp/src.tar" "$SRC"
  python3 - "$tmp/src.tar" "$out.tmp" "$DST" <<'PY'
import hashlib, io, json, sys, tarfile
src, dst, ref = sys.argv[1:4]
with tarfile.open(src) as t:
    manifest = json.load(t.extractfile('manifest.json'))[0]
    config = json.load(t.extractfile(manifest['Config']))
    files = {}
    for layer in manifest['Layers']:  # the last layer that has each file wins
        with tarfile.open(fileobj=t.extractfile(layer)) as lt:
            for name in ('etc/passwd', 'etc/group'):
                for cand in (name, './' + name):
                    try:
                        files[name] = lt.extractfile(cand).read()
                    except KeyError:
                        pass
    files['etc/passwd'] += b'sentinel:x:10001:10001:uid of the Sentinel chart:/var/lib/postgresql:/bin/bash\n'
    files['etc/group'] += b'sentinel:x:10001:\n'
    layer = io.BytesIO()
    with tarfile.open(fileobj=layer, mode='w', format=tarfile.USTAR_FORMAT) as lt:
        for name, data in files.items():
            info = tarfile.TarInfo(name); info.size = len(data); info.mode = 0o644
            lt.addfile(info, io.BytesIO(data))
    layer = layer.getvalue()
    diff = hashlib.sha256(layer).hexdigest()
    config['rootfs']['diff_ids'].append('sha256:' + diff)
    config.setdefault('history', []).append({'created_by': 'tests/e2e/postgres-uid-workaround.sh: passwd/group entries for uid 10001'})
    cfg = json.dumps(config).encode()
    cfg_name = hashlib.sha256(cfg).hexdigest() + '.json'
    new_manifest = [{'Config': cfg_name, 'RepoTags': [ref], 'Layers': manifest['Layers'] + [diff + '/layer.tar']}]
    with tarfile.open(dst, 'w') as o:
        for m in t.getmembers():
            if m.name in ('manifest.json', manifest['Config'], 'repositories'):
                continue
            o.addfile(m, t.extractfile(m) if m.isfile() else None)
        for name, data in ((cfg_name, cfg), (diff + '/layer.tar', layer), ('manifest.json', json.dumps(new_manifest).encode())):
            info = tarfile.TarInfo(name); info.size = len(data); info.mode = 0o644
            o.addfile(info, io.BytesIO(data))
PY
  mv "$out.tmp" "$out" && echo "$id" >"$out.id"
  rm -rf "$tmp"
fi
"$CONTAINERD_BIN/ctr" -a "$NODE_STATE/containerd/containerd.sock" -n k8s.io images import "$out" >/dev/null 2>&1
echo "imported $DST (workaround for the stand-in's uid handling)"
