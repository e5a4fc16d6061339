//! The fuzzing corpora, replayed on every `cargo test`: each committed input of
//! `fuzz/corpus/<target>/` (seeds and what the fuzzer kept) and `fuzz/regressions/<target>/`
//! (inputs that once crashed) goes through the same `faqsite::fuzz` function as under
//! libFuzzer, whose assertions panic on a broken invariant. Long fuzzing runs through
//! `fuzz/run.sh`.

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
    for path in inputs {
        let data = std::fs::read(&path).unwrap();
        // The panic says what broke; this says on which input.
        if let Err(cause) = std::panic::catch_unwind(|| target(&data)) {
            eprintln!("fuzz target `{name}` fails on {}", path.display());
            std::panic::resume_unwind(cause);
        }
    }
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
