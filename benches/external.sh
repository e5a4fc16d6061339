#!/usr/bin/env bash
# Benchmark: external links on a generated corpus served by ../shared/bench/ext_server.py,
# faqsite beside the lychee CLI (cargo install lychee --locked), measured in the same run.
# Usage: benches/external.sh [PAGES] [UNIQUE_URLS]   (LYCHEE=/path/to/lychee to choose the binary)
# Prints wall time, peak memory and the request count the server saw, for each tool, and
# faqsite's second run with a warm cache.
set -euo pipefail
pages=${1:-10000}
unique=${2:-2000}
repo=$(cd "$(dirname "$0")/.." && pwd)
shared="$repo/../shared/bench"
work=${BENCH_DIR:-/tmp/faqsite-ext-$pages}
port=${PORT:-8799}
lychee=${LYCHEE:-lychee}
cargo build --release --quiet --manifest-path "$repo/Cargo.toml"
bin="$repo/target/release/faqsite"
[ -d "$work/content" ] || python3 "$shared/gen_corpus.py" --out "$work" --pages "$pages" --defects \
  --ext-unique "$unique" --ext-base "http://127.0.0.1:$port" >/dev/null

server=""
start_server() {
  python3 "$shared/ext_server.py" --port "$port" --latency-ms 50 >/dev/null 2>&1 &
  server=$!
  for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/__stats" >/dev/null && return; sleep 0.1; done
}
stop_server() { kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true; }
requests() { curl -s "http://127.0.0.1:$port/__stats" | python3 -c 'import json,sys; print(json.load(sys.stdin)["requests"])'; }
trap stop_server EXIT

# time and peak memory of one run; the tool's own output goes to $work/NAME.out
run() {
  local name=$1; shift
  /usr/bin/time -f "%e %M" -a -o "$work/$name.time" "$@" >"$work/$name.out" 2>"$work/$name.err" || true
  local t; t=$(tail -1 "$work/$name.time")
  echo "$name: $(echo "$t" | awk '{printf "%.1f s, peak %.0f MB", $1, $2/1024}'), $(requests) requests"
}

cd "$work"
rm -f .faqsite-cache.json
start_server
run "faqsite check (cold cache)" "$bin" check --format json
stop_server; start_server
run "faqsite check (warm cache)" "$bin" check --format json
stop_server; start_server
run "lychee" "$lychee" --no-progress --format json --output /dev/null content/
echo "unique external URLs in the corpus: $unique"
