#!/usr/bin/env bash
# stop.sh LOGDIR: stops the Traefik that start.sh started with this LOGDIR (its pid file only):
# SIGTERM, then SIGKILL after 10 s. No pid file or a pid that is gone: nothing to do.
set -euo pipefail
[ $# -eq 1 ] || {
  echo "usage: $0 LOGDIR" >&2
  exit 2
}
pidfile=$1/traefik.pid
[ -s "$pidfile" ] || exit 0
pid=$(cat "$pidfile")
# Only a process that still runs the traefik binary (the pid may have been reused).
if kill -0 "$pid" 2>/dev/null && grep -q traefik "/proc/$pid/cmdline" 2>/dev/null; then
  kill -TERM "$pid"
  for _ in $(seq 1 50); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.2
  done
  if kill -0 "$pid" 2>/dev/null; then
    echo "stop.sh: traefik (pid $pid) still runs after 10 s; SIGKILL" >&2
    kill -KILL "$pid"
  fi
fi
rm -f "$pidfile"
