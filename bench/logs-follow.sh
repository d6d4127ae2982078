#!/usr/bin/env bash
# Benchmark: `wire supervisor logs -f` (the logs method with follow) against `tail -f` on the same
# file, in the same run: write-to-notification delay (median, p99) and throughput (lines/s).
# Not part of ./mvnw verify. Usage: bench/logs-follow.sh [LATENCY_LINES] [THROUGHPUT_LINES]
set -euo pipefail
cd "$(dirname "$0")/.."
LAT=${1:-5000}
THR=${2:-1000000}

export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
JAVA="$JAVA_HOME/bin/java"
command -v tail >/dev/null || { echo "installing coreutils for tail"; apt-get install -y coreutils; }

JAR=wire-cli/target/wire.jar
if [ ! -f "$JAR" ]; then
  ./mvnw -B -o -q -pl wire-cli -am package -DskipTests
fi

ROOT=$(mktemp -d /tmp/wire-bench-XXXXXX)
DAEMON=
cleanup() {
  if [ -n "$DAEMON" ]; then
    "$JAVA" -jar "$JAR" supervisor shutdown --stop-sessions >/dev/null 2>&1 || kill "$DAEMON" 2>/dev/null || true
    wait "$DAEMON" 2>/dev/null || true
  fi
  rm -rf "$ROOT"
}
trap cleanup EXIT
mkdir -p "$ROOT/sessions/bench"
# An idle child; the benchmark appends to its stdout.log itself. No rotation during the run:
# tail -f cannot follow a file whose head is cut away (it reports it truncated).
printf '{"command": ["/bin/sleep", "infinity"], "cwd": "/tmp", "log_max_bytes": 1073741824}\n' \
  > "$ROOT/sessions/bench/session.json"

export WIRE_ROOT="$ROOT" WIRE_NO_AUTOSPAWN=1
JVM=(--enable-native-access=ALL-UNNAMED -XX:+UseSerialGC -XX:TieredStopAtLevel=1)
"$JAVA" "${JVM[@]}" -jar "$JAR" daemon --all-sessions --foreground > "$ROOT/daemon.out" 2>&1 &
DAEMON=$!
for _ in $(seq 100); do
  [ -S "$ROOT/supervisor.sock" ] && break
  sleep 0.1
done
LOG="$ROOT/sessions/bench/state/wire/stdout.log"
for _ in $(seq 100); do
  [ -f "$LOG" ] && break
  sleep 0.1
done

echo "wire $(git rev-parse --short HEAD), $(nproc) cores, $(uname -r), daemon flags: ${JVM[*]}"
echo "log file on $(stat -f -c %T "$LOG")"
"$JAVA" bench/LogsFollowBench.java "$ROOT/supervisor.sock" bench "$LOG" "$LAT" "$THR"
