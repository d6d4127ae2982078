#!/usr/bin/env bash
# wire against supervisord (and pm2 with --peers supervisord,pm2) on identical workloads, in one
# run: see docs/performance.md or `bench/run.sh --help`. Installs supervisor (Debian) and pm2 (npm,
# when asked for) if missing; writes bench/results/<date>.json, .md and .svg. Reports; never fails
# on a figure.
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
top=$(cd "$here/.." && pwd)
python3=/usr/bin/python3
[ -x "$python3" ] || python3=python3
case " $* " in *" -h "* | *" --help "*) exec "$python3" "$here/bench.py" --top "$top" --help ;; esac
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
if ! command -v supervisord >/dev/null 2>&1 || ! command -v supervisorctl >/dev/null 2>&1; then
  echo "bench: installing supervisor (Debian package) ..." >&2
  $sudo apt-get install -y supervisor >&2 || { $sudo apt-get update >&2 && $sudo apt-get install -y supervisor >&2; }
fi
case " $* " in
  *pm2*)
    if ! command -v pm2 >/dev/null 2>&1; then
      echo "bench: installing pm2 (npm install -g pm2) ..." >&2
      command -v npm >/dev/null 2>&1 || { $sudo apt-get install -y npm >&2 || { $sudo apt-get update >&2 && $sudo apt-get install -y npm >&2; }; }
      $sudo npm install -g pm2 >&2
    fi ;;
esac
. "$top/bin/find-jdk"
wire_find_jdk
# The RPC load client and the canned server (wire-bench); then the jar and its AOT cache, so none
# of them is built inside a measurement.
(cd "$top" && ./mvnw -q -B -DskipTests -pl wire-bench -am package >&2)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
WIRE_ROOT="$scratch" "$top/bin/wire" session list >/dev/null
WIRE_ROOT="$scratch" "$top/bin/wire" supervisor list >/dev/null 2>&1 || true
# The first calls train the CLI's two AOT caches in the background (bin/wire); wait for both.
for _ in $(seq 1 240); do
  [ -d "$top/wire-cli/target/wire.aot.lock" ] || [ -d "$top/wire-cli/target/wire-full.aot.lock" ] || break
  sleep 0.5
done
# The supervisor's own AOT cache, which a user's first detaching start trains in the background.
"$JAVA_HOME/bin/java" -cp "$top/wire-cli/target/wire.jar" wire.supervisor.DaemonAotCache >&2 \
  || echo "bench: no AOT cache for the supervisor; it starts without one" >&2
"$python3" "$here/bench.py" --top "$top" --java "$JAVA_HOME/bin/java" "$@"
