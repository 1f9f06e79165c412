#!/usr/bin/env bash
# Chronicle's main job, from nothing: installs what is missing, builds, starts
# both services on an embedded data dir, ingests the sample articles, and
# prints a search and a timeline. The services keep running afterwards so you
# can call them yourself; `tools/demo.sh stop` stops them.
#
# Environment: CHRONICLE_DEMO_DIR (data, logs; default ./demo-data),
# CHRONICLE_INGEST_PORT (50051), CHRONICLE_QUERY_PORT (50052),
# CHRONICLE_HTTP_PORT (8080: the web pages and HTTP/JSON), BUILD_DIR (build).
set -euo pipefail
cd "$(dirname "$0")/.."

demo_dir=${CHRONICLE_DEMO_DIR:-$PWD/demo-data}
ingest_port=${CHRONICLE_INGEST_PORT:-50051}
query_port=${CHRONICLE_QUERY_PORT:-50052}
http_port=${CHRONICLE_HTTP_PORT:-8080}
build_dir=${BUILD_DIR:-build}

stop_services() {
  for name in query ingest; do
    pid_file="$demo_dir/$name.pid"
    if [ -f "$pid_file" ]; then
      pid=$(cat "$pid_file")
      if kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid"
        # Graceful shutdown commits and exits; wait for it.
        for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      fi
      rm -f "$pid_file"
    fi
  done
}

if [ "${1:-}" = "stop" ]; then
  stop_services
  echo "Chronicle demo services stopped."
  exit 0
fi

tools/install-deps.sh
echo "== Building (first time: a few minutes)"
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build_dir" --target chronicle-ingest chronicle-query chronicle -- -j"$(nproc)" >/dev/null
bin="$build_dir"
cli="$bin/tools/chronicle"

stop_services
rm -rf "$demo_dir/ingest" "$demo_dir/query"
mkdir -p "$demo_dir"

# Starts a service in the background and waits for its "listening on" line.
start_service() {
  local name=$1; shift
  : >"$demo_dir/$name.out"
  "$@" >"$demo_dir/$name.out" 2>"$demo_dir/$name.log" &
  echo $! >"$demo_dir/$name.pid"
  for _ in $(seq 1 300); do
    grep -q "listening on" "$demo_dir/$name.out" && return 0
    kill -0 "$(cat "$demo_dir/$name.pid")" 2>/dev/null || break
    sleep 0.1
  done
  echo "chronicle-$name did not start; its log:" >&2
  cat "$demo_dir/$name.log" >&2
  exit 1
}

echo "== Starting ingest-service on 127.0.0.1:$ingest_port and query-service on 127.0.0.1:$query_port"
start_service ingest "$bin/ingest-service/chronicle-ingest" \
  --listen="127.0.0.1:$ingest_port" --data_dir="$demo_dir/ingest"
start_service query "$bin/query-service/chronicle-query" \
  --listen="127.0.0.1:$query_port" --data_dir="$demo_dir/query" \
  --ingest_address="127.0.0.1:$ingest_port" --http_listen="127.0.0.1:$http_port"
flags=(--ingest_address="127.0.0.1:$ingest_port" --query_address="127.0.0.1:$query_port")

echo
echo "== Ingesting the sample articles (samples/articles)"
ingest_status=0
ingest_output=$("$cli" "${flags[@]}" ingest samples/articles/*.txt samples/articles/*.html \
  samples/articles/*.json) || ingest_status=$?
echo "$ingest_output"
if [ "$ingest_status" -ne 0 ]; then
  echo "(some articles were not stored: see the lines above; carrying on with the rest)" >&2
fi
sequence=$(echo "$ingest_output" | sed -n 's/.*feed sequence \([0-9]*\)$/\1/p')

echo
echo "== chronicle search \"export restrictions\""
"$cli" "${flags[@]}" --min_sequence="$sequence" search export restrictions

echo
echo "== chronicle timeline --query \"forced labor\" --match_article"
"$cli" "${flags[@]}" --min_sequence="$sequence" timeline --query="forced labor" --match_article

cat <<EOF2

== The services are still running (data and logs in $demo_dir).

Open the pages in a browser:
  http://127.0.0.1:$http_port/timeline?query=forced+labor&granularity=DAY
  http://127.0.0.1:$http_port/?query=export+restrictions

or call the HTTP/JSON API:
  curl 'http://127.0.0.1:$http_port/v1/search?query=summit&page_size=3'
  curl -d '{"query": "forced labor", "maxEntries": 5}' http://127.0.0.1:$http_port/v1/timeline

Call them with the chronicle client:
  $cli ${flags[*]} search 'Yoon OR Kishida'
  $cli ${flags[*]} timeline --entity=person:yoon-suk-yeol

or with any gRPC client that speaks server reflection, for example buf curl
(npm install -g @bufbuild/buf) or grpcurl:
  buf curl --protocol grpc --http2-prior-knowledge --reflect-protocol grpc-v1alpha \\
    --data '{"query": "export restrictions"}' \\
    http://127.0.0.1:$query_port/chronicle.v1.QueryService/Search
  grpcurl -plaintext -d '{"query": "summit"}' 127.0.0.1:$query_port chronicle.v1.QueryService/Search
  grpcurl -plaintext 127.0.0.1:$ingest_port list

Stop them with: tools/demo.sh stop
EOF2
