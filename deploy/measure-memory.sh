#!/usr/bin/env bash
# Measures what the Kubernetes resource requests and limits are based on:
# starts both services from a build, ingests the samples plus N Reuters-21578
# articles through the CLI's NDJSON input (in P concurrent streams, while
# P search loops run against the replica), runs searches and timelines, and
# prints each process's peak resident memory (VmHWM) and CPU time, the size of
# the store and the index, and how long a fresh replica takes to replay the
# feed and become ready.
#
#   deploy/measure-memory.sh BUILD_DIR REUTERS_DIR [N=3000] [P=1]
#
# REUTERS_DIR holds reut2-NNN.sgm.gz. Data goes to a temporary directory that
# is removed at the end. Needs python3 (to turn the SGML into NDJSON).
set -euo pipefail
build=${1:?build dir}
reuters=${2:?Reuters-21578 dir}
count=${3:-3000}
parallel=${4:-1}
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'kill $(cat "$work"/*.pid 2>/dev/null) 2>/dev/null || true; rm -rf "$work"' EXIT

python3 - "$reuters" "$count" > "$work/reuters.ndjson" <<'PY'
import gzip, html, json, re, sys, glob
folder, wanted = sys.argv[1], int(sys.argv[2])
months = {m: i + 1 for i, m in enumerate("JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split())}
written = 0
for path in sorted(glob.glob(folder + "/reut2-*.sgm.gz")):
    text = gzip.open(path).read().decode("latin-1")
    for doc in re.findall(r"<REUTERS(.*?)</REUTERS>", text, re.S):
        title = re.search(r"<TITLE>(.*?)</TITLE>", doc, re.S)
        body = re.search(r"<BODY>(.*?)</BODY>", doc, re.S)
        date = re.search(r"<DATE>\s*(\d+)-(\w+)-(\d+)", doc)
        newid = re.search(r'NEWID="(\d+)"', doc)
        if not (title and body and date and newid):
            continue
        clean = lambda s: re.sub(r"&#\d+;", "", html.unescape(s)).replace("\x03", "").strip()
        day, month, year = date.groups()
        print(json.dumps({"id": "reuters-" + newid.group(1), "headline": clean(title.group(1)),
                          "datePublished": "%s-%02d-%02d" % (year, months[month.upper()], int(day)),
                          "source": {"name": "Reuters"}, "articleBody": clean(body.group(1))}))
        written += 1
        if written >= wanted:
            sys.exit(0)
PY
echo "articles: $(wc -l < "$work/reuters.ndjson") Reuters + samples"

"$build/ingest-service/chronicle-ingest" --data_dir="$work/ingest" --listen=127.0.0.1:0 \
  --metrics_listen=127.0.0.1:0 > "$work/ingest.out" 2> "$work/ingest.log" &
echo $! > "$work/ingest.pid"
until grep -q "listening on" "$work/ingest.out"; do sleep 0.2; done
ingest=$(sed -n 's/.*listening on //p' "$work/ingest.out")
"$build/query-service/chronicle-query" --data_dir="$work/query" --listen=127.0.0.1:0 \
  --ingest_address="$ingest" --metrics_listen=127.0.0.1:0 > "$work/query.out" 2> "$work/query.log" &
echo $! > "$work/query.pid"
until grep -q "listening on" "$work/query.out"; do sleep 0.2; done
query=$(sed -n 's/.*listening on //p' "$work/query.out")

start=$(date +%s)
"$build/tools/chronicle" --ingest_address="$ingest" --timeout=600s ingest \
  "$repo"/samples/articles/*.txt "$repo"/samples/articles/*.html "$repo"/samples/articles/*.json | tail -1 || true
split -n "l/$parallel" -d --additional-suffix=.ndjson "$work/reuters.ndjson" "$work/part-"
pids=()
for part in "$work"/part-*.ndjson; do
  # Exits 1 when any article is rejected: that is no failure here.
  ("$build/tools/chronicle" --ingest_address="$ingest" --timeout=900s ingest "$part" | tail -1 || true) &
  pids+=($!)
done
if [ "$parallel" -gt 1 ]; then
  for i in $(seq 1 "$parallel"); do
    (while kill -0 "${pids[0]}" 2>/dev/null; do
       "$build/tools/chronicle" --query_address="$query" --timeout=60s search "oil prices" > /dev/null || true
     done) &
  done
fi
wait "${pids[@]}"
sequence=$("$build/tools/chronicle" --query_address="$query" status | python3 -c 'import json,sys; print(json.load(sys.stdin).get("ingestHeadSequence", 0))')
for q in oil "trade deficit" "interest rates" coffee "bank of japan" gold wheat dollar; do
  "$build/tools/chronicle" --query_address="$query" --min_sequence="$sequence" --timeout=120s search "$q" > /dev/null
  "$build/tools/chronicle" --query_address="$query" --timeout=120s timeline --query="$q" > /dev/null
done
echo "ingest + index + queries: $(( $(date +%s) - start )) s"

for name in ingest query; do
  pid=$(cat "$work/$name.pid")
  hwm=$(awk '/VmHWM/ {print $2}' /proc/"$pid"/status)
  rss=$(awk '/VmRSS/ {print $2}' /proc/"$pid"/status)
  ticks=$(awk '{print $14 + $15}' /proc/"$pid"/stat)
  echo "$name: VmHWM $((hwm / 1024)) MiB, VmRSS $((rss / 1024)) MiB, CPU $((ticks / $(getconf CLK_TCK))) s"
done
echo "store: $(du -sh "$work/ingest" | cut -f1), index: $(du -sh "$work/query" | cut -f1)"

# A replica started now replays the whole feed: how long until it is ready?
start=$(date +%s%N)
"$build/query-service/chronicle-query" --data_dir="$work/replay" --listen=127.0.0.1:0 \
  --ingest_address="$ingest" > "$work/replay.out" 2> "$work/replay.log" &
echo $! > "$work/replay.pid"
until grep -q "listening on" "$work/replay.out"; do sleep 0.1; done
replay=$(sed -n 's/.*listening on //p' "$work/replay.out")
until "$build/tools/chronicle" health --address="$replay" --service=chronicle.v1.QueryService \
        --timeout=5s > /dev/null 2>&1; do
  sleep 0.2
done
hwm=$(awk '/VmHWM/ {print $2}' /proc/"$(cat "$work/replay.pid")"/status)
echo "fresh replica: ready after $(( ($(date +%s%N) - start) / 1000000 )) ms, VmHWM $((hwm / 1024)) MiB"
