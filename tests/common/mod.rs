//! Shared by the integration tests: run the real binary, compare with expected files
//! (`FAQSITE_BLESS=1` rewrites them), copy fixtures to a temporary folder.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture(name: &str) -> PathBuf {
    repo().join("tests/fixtures").join(name)
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `faqsite ARGS` in `dir` without colours.
pub fn faqsite(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_faqsite"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("run faqsite");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The summary line's timing varies; everything else is compared exactly. A snapshot written
/// with `SNAPSHOTS=overwrite` or `FAQSITE_BLESS=1` gets `([..] s)`, never a run's own time.
pub fn without_timing(text: &str) -> String {
    let timing = regex::Regex::new(r"\(\d+\.\d+ s\)").unwrap();
    timing.replace_all(text, "([..] s)").into_owned()
}

/// Compares `actual` with the file `expected`, or writes it when FAQSITE_BLESS is set.
pub fn assert_matches(expected: &Path, actual: &str) {
    if std::env::var_os("FAQSITE_BLESS").is_some() {
        std::fs::create_dir_all(expected.parent().unwrap()).unwrap();
        std::fs::write(expected, actual).unwrap();
        return;
    }
    let want = std::fs::read_to_string(expected).unwrap_or_else(|_| {
        panic!(
            "{} is missing: run with FAQSITE_BLESS=1",
            expected.display()
        )
    });
    if want != actual {
        panic!(
            "{} differs (FAQSITE_BLESS=1 to accept)\n--- expected\n{want}\n--- actual\n{actual}",
            expected.display()
        );
    }
}

/// Copies a folder tree (fixtures are copied before any command that writes).
pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Every file under `dir` with its bytes, by relative path.
pub fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect();
    files.sort();
    files
}
