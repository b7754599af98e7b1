#!/usr/bin/env bash
# Status queries per second against `gmseal server --demo` (SQLite, embedded provincial
# emulator, default 8 API threads) with wrk and with the keep-alive C++ clients of
# bench/server_status_bench.cc, all on this machine over loopback.
#   bench/status_wrk.sh [BUILD_DIR] [WRK_SECONDS]     (defaults: build/release, 10)
# The C++ benchmark first makes 20 real seals through the server's API (operator submits,
# reviewer approves, the worker has the emulator make them) and writes their codes for wrk.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/release}
seconds=${2:-10}
work=$(mktemp -d /tmp/gmseal-status-wrk-XXXXXX)
export GMSEAL_ADMIN_USER=admin
GMSEAL_ADMIN_PASSWORD="wrk-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
export GMSEAL_ADMIN_PASSWORD
"$build/src/cli/gmseal" server --demo --data "$work/data" --listen 127.0.0.1:0 >"$work/server.log" 2>&1 &
server_pid=$!
trap 'kill "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null; rm -rf "$work"' EXIT
port=""
for _ in $(seq 100); do
  port=$(sed -n 's#^gmseal server listening on http://127.0.0.1:\([0-9]*\)/api/v1$#\1#p' "$work/server.log")
  [[ -n "$port" ]] && break
  sleep 0.1
done
[[ -n "$port" ]] || { cat "$work/server.log"; echo "the server did not start" >&2; exit 1; }
echo "gmseal server --demo on 127.0.0.1:$port (load: $(cut -d' ' -f1-3 /proc/loadavg))"

GMSEAL_BENCH_SERVER="http://127.0.0.1:$port" GMSEAL_BENCH_CODES_FILE="$work/codes" \
  "$build/bench/server_status_bench" --benchmark_min_time=2
for connections in 8 16 64; do
  echo "=== wrk -t2 -c$connections -d${seconds}s (load: $(cut -d' ' -f1-3 /proc/loadavg))"
  wrk -t2 -c"$connections" -d"${seconds}s" --latency -s bench/status_wrk.lua \
    "http://127.0.0.1:$port" -- "$work/codes"
done
