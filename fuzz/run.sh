#!/usr/bin/env bash
# Fuzzes faqsite's readers with cargo-fuzz (libFuzzer), one target after the other, then
# minimises each corpus so that what is committed stays small. Usage:
#
#   fuzz/run.sh [SECONDS] [TARGET...]     # default: 600 seconds each, all five targets
#
# Needs `cargo install cargo-fuzz`. libFuzzer needs nightly compiler flags; RUSTC_BOOTSTRAP=1
# lets the stable toolchain accept them. Targets are built without a sanitizer: faqsite is
# safe Rust, so what the fuzzer looks for is panics (failed assertions, slicing inside a
# character, overflow: debug assertions are on), and the runs go about twice as fast.
# Runs under `nice -n 19`, one job at a time. A crash stops the script; its input is in
# fuzz/artifacts/TARGET/ (replay it with `cargo fuzz run -s none TARGET FILE`); once fixed,
# copy it to fuzz/regressions/TARGET/, which `cargo test` replays with the corpora. Logs are
# in fuzz/logs/.
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-600}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(links slug front_matter cgu config)
fi
export RUSTC_BOOTSTRAP=1
mkdir -p logs
for target in "${targets[@]}"; do
  case $target in
    config | front_matter) dict=dicts/yaml.dict ;;
    *) dict=dicts/markdown.dict ;;
  esac
  mkdir -p "corpus/$target"
  echo "== $target: ${seconds}s"
  # -timeout: an input that takes 10 s is a bug too (a hang), reported as a crash.
  # regressions/TARGET holds inputs that once crashed: read, never minimised away.
  extra=()
  if [ -d "regressions/$target" ]; then
    extra=("regressions/$target")
  fi
  nice -n 19 cargo fuzz run -s none "$target" "corpus/$target" "${extra[@]}" -- \
    -max_total_time="$seconds" -max_len=8192 -timeout=10 -dict="$dict" \
    -print_final_stats=1 2>"logs/$target.log" || {
    tail -n 40 "logs/$target.log"
    echo "$target: libFuzzer stopped (a crash is in fuzz/artifacts/$target/)" >&2
    exit 1
  }
  grep -E '^#[0-9]+' "logs/$target.log" | tail -n 1
  grep -E 'stat::number_of_executed_units' "logs/$target.log" || true
  # Keeps the fewest inputs that reach every edge (set cover, hit counts ignored): the
  # committed corpora stay small, and the next run finds the counts again in seconds.
  nice -n 19 cargo fuzz cmin -s none "$target" "corpus/$target" -- \
    -set_cover_merge=1 -use_counters=0 -max_len=8192 2>"logs/$target.cmin.log"
  echo "$target: $(ls "corpus/$target" | wc -l) files," \
    "$(cat "corpus/$target"/* | wc -c) bytes after cmin"
done
