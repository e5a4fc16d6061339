#!/usr/bin/env bash
# Scale: faqsite check and build, offline, at 1,000, 10,000 and 100,000 generated pages.
# Prints, per size, the wall time and peak memory (GNU time) of each command, the growth
# against the previous size, and what the search costs a reader: the index the home page
# loads when the field gets focus, the largest term shard, and the bytes one query for a
# common word loads (index, its term shard, its first excerpt shard).
# Usage: benches/scale.sh [SIZES...]   (default: 1000 10000 100000)
# Corpora are generated once into BENCH_DIR (default /tmp/faqsite-scale-N); sites are
# written to OUT_DIR (default /dev/shm) to measure without the disk.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
sizes=("${@:-1000 10000 100000}")
read -r -a sizes <<<"${sizes[*]}"
out=${OUT_DIR:-/dev/shm}
cargo build --release --quiet --manifest-path "$repo/Cargo.toml"
bin=${FAQSITE_BIN:-$repo/target/release/faqsite}

measure() { # prints "seconds megabytes"
  /usr/bin/time -f "%e %M" -o /tmp/faqsite-scale-time "$@" >/dev/null 2>&1 || true
  awk '{ printf "%.2f %.0f", $1, $2 / 1024 }' /tmp/faqsite-scale-time
}

printf '%8s %10s %9s %10s %9s %10s %10s %10s\n' pages check "peak MB" build "peak MB" "index kB" "shard kB" "query kB"
for n in "${sizes[@]}"; do
  work=${BENCH_DIR:-/tmp/faqsite-scale-$n}
  [ -d "$work/content" ] || python3 "$repo/../shared/bench/gen_corpus.py" --out "$work" --pages "$n" >/dev/null
  cd "$work"
  read -r ct cm <<<"$(measure "$bin" check --offline)"
  site="$out/faqsite-scale-$n"
  read -r bt bm <<<"$(measure "$bin" build --offline --output "$site")"
  index=$(stat -c %s "$site/search/index.js")
  largest=$(stat -c %s "$site"/search/t-*.js | sort -n | tail -n 1)
  # A common word: "service" (its shard `se`), and the first excerpt shard.
  query=$((index + $(stat -c %s "$site/search/t-se.js") + $(stat -c %s "$site/search/d-0.js")))
  printf '%8s %9ss %9s %9ss %9s %10.1f %10.1f %10.1f\n' "$n" "$ct" "$cm" "$bt" "$bm" \
    "$(echo "$index / 1024" | bc -l)" "$(echo "$largest / 1024" | bc -l)" "$(echo "$query / 1024" | bc -l)"
  rm -rf "$site"
done
