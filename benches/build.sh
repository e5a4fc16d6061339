#!/usr/bin/env bash
# Benchmark: faqsite against its peers on a generated corpus, in one run, alternately.
#   faqsite check --offline   vs  lychee --offline --include-fragments content/
#   faqsite build --offline   vs  hugo (uglyURLs, one minimal layout) and zola (../shared/bench/
#                                 zola_site.sh: the corpus as a Zola site, minimal templates)
# Usage: benches/build.sh [PAGES] [RUNS]   (defaults 10000 and 5)
# Needs python3; lychee (cargo install lychee --locked) and hugo (apt-get install -y hugo)
# are measured when installed. OUT_DIR=/dev/shm writes the sites to memory, to measure
# without the disk. Prints the median wall time and the largest peak memory (GNU time) of
# each command over RUNS rounds, each round running every command once, after a warm-up.
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
cd "$work"

hugo_site="$work/hugo"
if command -v hugo >/dev/null && [ ! -d "$hugo_site" ]; then
  mkdir -p "$hugo_site/layouts/_default"
  ln -s "$work/content" "$hugo_site/content"
  printf 'baseURL = "/"\nuglyURLs = true\ndisableKinds = ["taxonomy", "term", "RSS", "sitemap"]\n[markup.goldmark.renderer]\nunsafe = true\n' > "$hugo_site/hugo.toml"
  printf '<!DOCTYPE html><html lang="fr"><head><title>{{ .Title }}</title></head><body><main>{{ .Content }}</main></body></html>\n' > "$hugo_site/layouts/_default/single.html"
  cp "$hugo_site/layouts/_default/single.html" "$hugo_site/layouts/_default/list.html"
fi

zola="$repo/../shared/bench/peers/zola"
if [ -x "$zola" ]; then
  zola_site=$("$repo/../shared/bench/zola_site.sh" "$work" | tail -1)
fi

names=("faqsite check --offline" "faqsite build --offline")
commands=("$bin check --offline" "$bin build --offline --output $out/faqsite-public")
if command -v lychee >/dev/null; then
  names+=("lychee --offline --include-fragments")
  commands+=("lychee --offline --include-fragments --no-progress content/")
else
  echo "lychee: not installed (cargo install lychee --locked)"
fi
if command -v hugo >/dev/null; then
  names+=("hugo (uglyURLs)")
  commands+=("hugo --quiet --source $hugo_site --destination $out/hugo-public")
else
  echo "hugo: not installed (apt-get install -y hugo)"
fi

if [ -x "$zola" ]; then
  names+=("zola build")
  commands+=("$zola --root $zola_site build -o $out/zola-public --force")
else
  echo "zola: not found in ../shared/bench/peers/"
fi

samples=$(mktemp)
trap 'rm -f "$samples"' EXIT
for round in $(seq 0 "$runs"); do
  for i in "${!commands[@]}"; do
    # Exit codes are not the point (lychee exits 2 on the corpus's broken links).
    /usr/bin/time -f "%e %M" -o "$samples.one" ${commands[$i]} >/dev/null 2>&1 || true
    [ "$round" -gt 0 ] && echo "$i $(tail -1 "$samples.one")" >> "$samples"
  done
done
rm -f "$samples.one"
for i in "${!commands[@]}"; do
  awk -v i="$i" '$1 == i { print $2, $3 }' "$samples" | sort -n |
    awk -v name="${names[$i]}" '{ t[NR] = $1; if ($2 > m) m = $2 }
      END { printf "%-40s %6.2f s (median of %d)  peak %5.0f MB\n", name, t[int((NR + 1) / 2)], NR, m / 1024 }'
done
