#!/usr/bin/env bash
# The soak test: both services on a fresh data dir, then mixed ingest and
# query load at fixed rates for a bounded time (loopback only). Prints a line
# per window and a verdict; exit status 0 means PASS. Not part of
# tools/test.sh: run it by hand, and put the result in docs/reliability.md.
#
#   tools/soak.sh [--duration=10m] [--ingest_rate=20] [--ingest_lanes=4] [--query_rate=50] [--articles=1000]
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${BUILD_DIR:-build}
tools/install-deps.sh
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build_dir" --target chronicle-ingest chronicle-query chronicle-soak >/dev/null

work=$(mktemp -d)
# Wait for the services to exit before removing their files.
trap 'kill $(cat "$work"/*.pid 2>/dev/null) 2>/dev/null || true; wait; rm -rf "$work"' EXIT
start() {
  local name=$1; shift
  "$@" >"$work/$name.out" 2>"$work/$name.log" &
  echo $! >"$work/$name.pid"
  for _ in $(seq 1 300); do
    grep -q "listening on" "$work/$name.out" && return 0
    sleep 0.1
  done
  echo "$name did not start" >&2; cat "$work/$name.log" >&2; exit 1
}
start ingest "$build_dir/ingest-service/chronicle-ingest" --listen=127.0.0.1:0 --data_dir="$work/ingest"
ingest=$(sed -n 's/.*listening on //p' "$work/ingest.out")
start query "$build_dir/query-service/chronicle-query" --listen=127.0.0.1:0 --data_dir="$work/query" \
  --ingest_address="$ingest"
query=$(sed -n 's/.*listening on //p' "$work/query.out")
echo "soak: $(nproc) cores; ingest $ingest, query $query"
"$build_dir/tools/chronicle-soak" --ingest_address="$ingest" --query_address="$query" \
  --ingest_pid="$(cat "$work/ingest.pid")" --query_pid="$(cat "$work/query.pid")" "$@"
