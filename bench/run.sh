#!/usr/bin/env bash
# wire against supervisord on identical workloads, in one run: see bench/README.md or
# `bench/run.sh --help`. Installs supervisor (Debian) when it is missing; writes
# bench/results/<date>.json and .md. Reports; never fails on a figure.
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
top=$(cd "$here/.." && pwd)
python3=/usr/bin/python3
[ -x "$python3" ] || python3=python3
case " $* " in *" -h "* | *" --help "*) exec "$python3" "$here/bench.py" --top "$top" --help ;; esac
if ! command -v supervisord >/dev/null 2>&1 || ! command -v supervisorctl >/dev/null 2>&1; then
  echo "bench: installing supervisor (Debian package) ..." >&2
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get install -y supervisor >&2 || { $sudo apt-get update >&2 && $sudo apt-get install -y supervisor >&2; }
fi
# Build the jar and its AOT cache now, so neither lands inside a measurement.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
WIRE_ROOT="$scratch" "$top/bin/wire" session list >/dev/null
WIRE_ROOT="$scratch" "$top/bin/wire" supervisor list >/dev/null 2>&1 || true
for _ in $(seq 1 240); do [ -d "$top/wire-cli/target/wire.aot.lock" ] || break; sleep 0.5; done
"$python3" "$here/bench.py" --top "$top" "$@"
