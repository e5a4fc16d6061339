#!/usr/bin/env bash
# Benchmark: faqsite build on a generated 10,000-page corpus, beside Hugo when installed.
# Usage: benches/build.sh [PAGES] [RUNS]   (needs python3; hugo optional: apt-get install -y hugo)
# OUT_DIR=/dev/shm writes both tools' output to memory, to measure without the disk.
# Prints the median wall time and the peak memory (GNU time) of each tool, measured in this run.
set -euo pipefail
pages=${1:-10000}
runs=${2:-5}
repo=$(cd "$(dirname "$0")/.." && pwd)
work=${BENCH_DIR:-/tmp/faqsite-bench-$pages}
out=${OUT_DIR:-$work}
cargo build --release --quiet --manifest-path "$repo/Cargo.toml"
bin="$repo/target/release/faqsite"
if [ ! -d "$work/content" ]; then
  python3 "$repo/../shared/bench/gen_corpus.py" --out "$work" --pages "$pages" >/dev/null
fi

# median wall time (s) and max peak RSS (MB) of RUNS runs of a command, after one warm-up run
measure() {
  "$@" >/dev/null 2>&1 || { echo "command failed: $*" >&2; return 1; }
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "%e %M" "$@" 2>&1 >/dev/null | tail -1
  done | sort -n | awk '{t[NR]=$1; if ($2>m) m=$2} END {printf "%.2f s (median of %d), peak %.0f MB\n", t[int((NR+1)/2)], NR, m/1024}'
}

cd "$work"
echo "faqsite build --offline: $(measure "$bin" build --offline --output "$out/faqsite-public")"
echo "faqsite check --offline: $(measure "$bin" check --offline)"
if command -v hugo >/dev/null; then
  hugo_site="$work/hugo"
  if [ ! -d "$hugo_site" ]; then
    mkdir -p "$hugo_site/layouts/_default"
    ln -s "$work/content" "$hugo_site/content"
    printf 'baseURL = "/"\nuglyURLs = true\ndisableKinds = ["taxonomy", "term", "RSS", "sitemap"]\n[markup.goldmark.renderer]\nunsafe = true\n' > "$hugo_site/hugo.toml"
    printf '<!DOCTYPE html><html lang="fr"><head><title>{{ .Title }}</title></head><body><main>{{ .Content }}</main></body></html>\n' > "$hugo_site/layouts/_default/single.html"
    cp "$hugo_site/layouts/_default/single.html" "$hugo_site/layouts/_default/list.html"
  fi
  echo "hugo (uglyURLs):         $(measure hugo --quiet --source "$hugo_site" --destination "$out/hugo-public")"
else
  echo "hugo: not installed (apt-get install -y hugo)"
fi
