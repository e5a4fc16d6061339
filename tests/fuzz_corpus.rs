//! The fuzzing corpora, replayed on every `cargo test`: each committed input of
//! `fuzz/corpus/<target>/` (seeds and what the fuzzer kept) and `fuzz/regressions/<target>/`
//! (inputs that once crashed) goes through the same `faqsite::fuzz` function as under
//! libFuzzer, whose assertions panic on a broken invariant — and so do a few mutants of each
//! (a byte changed, a byte inserted, a cut, a slice doubled; a fixed seed, so a failure
//! replays): brief fuzzing on every run. Long fuzzing runs through `fuzz/run.sh`.

use std::path::{Path, PathBuf};

/// Runs every file of `fuzz/corpus/NAME/` and `fuzz/regressions/NAME/` through `target`.
fn replay(name: &str, target: fn(&[u8])) {
    let fuzz = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let corpus = fuzz.join("corpus").join(name);
    let regressions = fuzz.join("regressions").join(name);
    let mut inputs = files_in(&corpus);
    assert!(!inputs.is_empty(), "{} is empty", corpus.display());
    if regressions.is_dir() {
        inputs.extend(files_in(&regressions));
    }
    let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
    for path in inputs {
        let data = std::fs::read(&path).unwrap();
        let mut cases = vec![data.clone()];
        cases.extend((0..MUTANTS).map(|_| mutate(&data, &mut seed)));
        for (k, case) in cases.iter().enumerate() {
            // The panic says what broke; this says on which input.
            if let Err(cause) = std::panic::catch_unwind(|| target(case)) {
                eprintln!(
                    "fuzz target `{name}` fails on {} (mutant {k}: {:?})",
                    path.display(),
                    String::from_utf8_lossy(case)
                );
                std::panic::resume_unwind(cause);
            }
        }
    }
}

/// Mutants run per committed input.
const MUTANTS: usize = 3;

/// xorshift64: enough randomness to mutate, and the same on every machine.
fn next(seed: &mut u64) -> usize {
    *seed ^= *seed << 13;
    *seed ^= *seed >> 7;
    *seed ^= *seed << 17;
    *seed as usize
}

/// One of libFuzzer's simplest mutations of `data`.
fn mutate(data: &[u8], seed: &mut u64) -> Vec<u8> {
    let mut out = data.to_vec();
    let at = |seed: &mut u64, len: usize| next(seed) % (len + 1);
    let interesting = b"\r\n\0<>[]()#:`'\"\\-\xc3\xa9\xff";
    match next(seed) % 4 {
        0 if !out.is_empty() => {
            let i = at(seed, out.len() - 1);
            out[i] = interesting[next(seed) % interesting.len()];
        }
        1 => {
            let i = at(seed, out.len());
            out.insert(i, interesting[next(seed) % interesting.len()]);
        }
        2 => out.truncate(at(seed, out.len())),
        _ => {
            let (a, b) = (at(seed, out.len()), at(seed, out.len()));
            let slice = out[a.min(b)..a.max(b)].to_vec();
            let i = at(seed, out.len());
            out.splice(i..i, slice);
        }
    }
    out
}

fn files_in(dir: &Path) -> Vec<PathBuf> {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    entries.map(|e| e.unwrap().path()).collect()
}

#[test]
fn links_corpus() {
    replay("links", faqsite::fuzz::links);
}

#[test]
fn slug_corpus() {
    replay("slug", faqsite::fuzz::slug);
}

#[test]
fn front_matter_corpus() {
    replay("front_matter", faqsite::fuzz::front_matter);
}

#[test]
fn cgu_corpus() {
    replay("cgu", faqsite::fuzz::cgu);
}

#[test]
fn config_corpus() {
    replay("config", faqsite::fuzz::config);
}
