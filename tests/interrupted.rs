//! Nothing lost when faqsite is killed: `build`, `check --fix` and the external-link cache
//! are each killed (SIGKILL) at 50 moments spread over a whole run, and what they write is
//! always complete — the old output or the new one, each source file old or fixed, the
//! cache readable.

mod common;
#[allow(dead_code)]
#[path = "common/http.rs"]
mod http;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const KILLS: u32 = 50;

/// Every file under `dir`, by relative path.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    common::snapshot(dir).into_iter().collect()
}

fn command(root: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_faqsite"));
    cmd.args(args)
        .current_dir(root)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    cmd
}

/// How long a whole run takes (the longer of two), so the kills can be spread over it.
fn duration(root: &Path, args: &[&str]) -> Duration {
    let once = || {
        let start = Instant::now();
        command(root, args).status().unwrap();
        start.elapsed()
    };
    once().max(once())
}

/// Runs the command and kills it after `delay`, unless it ended before.
fn run_and_kill(root: &Path, args: &[&str], delay: Duration) {
    let mut child = command(root, args).spawn().unwrap();
    std::thread::sleep(delay);
    let _ = child.kill();
    child.wait().unwrap();
}

/// The k-th of `KILLS` moments spread over one and a half `whole` (the last runs end before
/// their kill, even on a loaded machine), jittered so that runs do not all stop at
/// the same phase boundaries (a fixed seed: a failure can be replayed).
fn moment(k: u32, whole: Duration) -> Duration {
    let jitter = (k.wrapping_mul(2_654_435_761) % 1000) as f64 / 1000.0;
    whole.mul_f64((k as f64 + jitter) / KILLS as f64 * 1.5)
}

fn write_pages(content: &Path, pages: usize, words: &str) {
    std::fs::create_dir_all(content).unwrap();
    std::fs::write(
        content.join("index.md"),
        (0..pages)
            .map(|i| format!("- [Question {i}](q{i}.md)\n"))
            .collect::<String>(),
    )
    .unwrap();
    for i in 0..pages {
        std::fs::write(
            content.join(format!("q{i}.md")),
            format!("# Question {i}\n\n## Réponse\n\n{words} [Accueil](index.md).\n"),
        )
        .unwrap();
    }
}

#[test]
fn a_killed_build_leaves_the_old_site_or_the_new_one() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let args = ["build", ".", "--offline"];
    let versions = ["Première rédaction.", "Seconde rédaction, plus longue."];
    let mut sites = Vec::new();
    for words in versions {
        write_pages(&root.join("content"), 150, words);
        assert!(command(root, &args).status().unwrap().success());
        sites.push(tree(&root.join("public")));
    }
    assert_ne!(sites[0], sites[1]);
    // Timed as the killed runs go, each on changed pages: a rebuild of unchanged pages only
    // links the previous files, and is faster.
    let whole = (0..2)
        .map(|v| {
            write_pages(&root.join("content"), 150, versions[v]);
            duration(root, &args)
        })
        .max()
        .unwrap();
    let mut current = 1;
    let mut seen = [0; 2];
    for k in 0..KILLS {
        write_pages(&root.join("content"), 150, versions[1 - current]);
        run_and_kill(root, &args, moment(k, whole));
        let now = tree(&root.join("public"));
        current = sites
            .iter()
            .position(|site| *site == now)
            .unwrap_or_else(|| {
                panic!("kill {k}: the output is neither the old site nor the new one")
            });
        seen[current] += 1;
    }
    // Both outcomes happened: the kills did land before and after the swap.
    assert!(seen[0] > 0 && seen[1] > 0, "{seen:?}");
}

#[test]
fn a_killed_fix_leaves_each_file_old_or_fixed() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let content = root.join("content");
    std::fs::create_dir_all(content.join("cgu")).unwrap();
    std::fs::copy(
        common::fixture("cgu_forms/site/faqsite.yaml"),
        root.join("faqsite.yaml"),
    )
    .unwrap();
    for pdf in ["CGU_FS-v1.1.pdf", "CGU_FS-v1.2.pdf"] {
        std::fs::write(content.join("cgu").join(pdf), "%PDF-1.4\n").unwrap();
    }
    for i in 0..120 {
        std::fs::write(
            content.join(format!("q{i}.md")),
            format!(
                "# Question {i}\n\nLire les [CGU FS v1.1](cgu/CGU_FS-v1.1.pdf) ; {}\n",
                "x".repeat(i * 20)
            ),
        )
        .unwrap();
    }
    let old = tree(&content);
    let args = ["check", ".", "--fix", "--offline"];
    let whole = duration(root, &args);
    let fixed = tree(&content);
    assert_ne!(old, fixed, "--fix changed nothing");
    let mut mixed_runs = 0;
    for k in 0..KILLS {
        for (path, bytes) in &old {
            std::fs::write(content.join(path), bytes).unwrap();
        }
        run_and_kill(root, &args, moment(k, whole));
        let now = tree(&content);
        let mut fixed_files = 0;
        for (path, bytes) in &now {
            let is_old = old.get(path) == Some(bytes);
            let is_fixed = fixed.get(path) == Some(bytes);
            let name = path.rsplit('/').next().unwrap_or(path);
            // A kill can leave tempfile's `.faqsite-*.tmp` beside a page: never a page itself.
            if name.starts_with(".faqsite-") && name.ends_with(".tmp") {
                continue;
            }
            assert!(
                is_old || is_fixed,
                "kill {k}: {path} is neither old nor fixed"
            );
            fixed_files += usize::from(is_fixed && !is_old);
        }
        assert_eq!(
            now.keys().filter(|p| !p.contains(".faqsite-")).count(),
            old.len()
        );
        mixed_runs += usize::from(fixed_files > 0 && fixed_files < 120);
    }
    eprintln!("{mixed_runs} of {KILLS} kills landed while files were being fixed");
}

#[test]
fn a_killed_check_leaves_a_readable_cache() {
    let server = http::Server::start();
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    std::fs::write(
        root.join("faqsite.yaml"),
        "checks:\n  orphan-page: off\n  unreachable-page: off\nexternal:\n  timeout: 2s\n  host_interval: 50ms\n",
    )
    .unwrap();
    let content = root.join("content");
    std::fs::create_dir_all(&content).unwrap();
    let base = &server.base;
    std::fs::write(
        content.join("index.md"),
        format!("# Liens\n\n{base}/ok {base}/shared-ok {base}/page {base}/missing\n"),
    )
    .unwrap();
    let args = ["check", "."];
    let whole = duration(root, &args);
    let cache = root.join(".faqsite-cache.json");
    let complete: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&cache).unwrap()).unwrap();
    for k in 0..KILLS {
        std::fs::remove_file(&cache).ok();
        if k % 2 == 1 {
            std::fs::write(&cache, serde_json::to_vec(&complete).unwrap()).unwrap();
        }
        run_and_kill(root, &args, moment(k, whole));
        if let Ok(bytes) = std::fs::read(&cache) {
            let value: serde_json::Value = serde_json::from_slice(&bytes)
                .unwrap_or_else(|e| panic!("kill {k}: the cache is not whole: {e}"));
            assert_eq!(value["version"], complete["version"], "kill {k}");
            let keys = |v: &serde_json::Value| {
                v["entries"]
                    .as_object()
                    .map(|e| e.keys().cloned().collect::<Vec<_>>())
            };
            assert_eq!(keys(&value), keys(&complete), "kill {k}");
        } else {
            assert_eq!(k % 2, 0, "kill {k}: the previous cache was lost");
        }
    }
}
