#!/usr/bin/env bash
# The supervisor's start-up with and without its AOT cache, alternated: the time from exec of its
# exact command line until it prints its socket line (after the registry is read and the first
# spawns are made). Usage: bench/daemon_start.sh [N sessions, default 10] [pairs, default 3]
# See docs/performance.md, "Daemon start-up". Reports; never fails on a figure.
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
top=$(cd "$here/.." && pwd)
n=${1:-10}
pairs=${2:-3}
. "$top/bin/find-jdk"
wire_find_jdk
java="$JAVA_HOME/bin/java"
jar="$top/wire-cli/target/wire.jar"
[ -f "$jar" ] || (cd "$top" && ./mvnw -q -B -DskipTests -pl wire-cli -am package >&2)
"$java" -cp "$jar" wire.supervisor.DaemonAotCache >&2
cache="$top/wire-cli/target/wire-daemon.aot"
# The supervisor's flags, as SelfCommand gives them: read from a detaching start's command line
# would need a running daemon, so they are asked from the class itself.
mapfile -t flags < <("$java" -cp "$jar" wire.supervisor.SelfCommand 2>/dev/null || true)
if [ "${#flags[@]}" -eq 0 ]; then
  echo "bench: cannot read the supervisor's flags from wire.supervisor.SelfCommand" >&2
  exit 1
fi
marker="wire-bench-start-$$"
once() { # $1: extra JVM flags ("" or the cache); prints milliseconds
  local root pid s e
  root=$(mktemp -d)
  mkdir -p "$root/sessions"
  for i in $(seq 1 "$n"); do
    mkdir -p "$root/sessions/s$i"
    printf '{"command": ["sh", "-c", "exec -a %s sleep 100000"], "cwd": "/tmp"}\n' "$marker" \
      >"$root/sessions/s$i/session.json"
  done
  s=$(date +%s%N)
  # shellcheck disable=SC2086
  WIRE_ROOT="$root" "$java" "${flags[@]}" $1 -cp "$jar" wire.supervisor.SupervisorMain >"$root/out" 2>&1 &
  pid=$!
  until grep -q socket "$root/out" 2>/dev/null; do
    kill -0 "$pid" 2>/dev/null || { cat "$root/out" >&2; exit 1; }
    sleep 0.002
  done
  e=$(date +%s%N)
  echo $(((e - s) / 1000000))
  WIRE_ROOT="$root" "$java" -cp "$jar" wire.cli.Main supervisor shutdown --stop-sessions >/dev/null 2>&1 || kill "$pid"
  wait "$pid" 2>/dev/null || true
  pkill -f "^$marker" 2>/dev/null || true
  rm -rf "$root"
}
without=(); with=()
for _ in $(seq 1 "$pairs"); do
  without+=("$(once "")")
  with+=("$(once "-XX:AOTCache=$cache -Xlog:aot=off -Xlog:cds=off")")
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "N=$n, load $(cut -d' ' -f1-3 /proc/loadavg): supervisor start to socket, ms"
echo "  without the AOT cache: ${without[*]} (median $(median "${without[@]}"))"
echo "  with the AOT cache:    ${with[*]} (median $(median "${with[@]}"))"
