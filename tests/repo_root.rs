//! A documentation repository as maintainers have it: pages at its root, no `content/`, a
//! `public/` left by an earlier build, a `.gitignore` that hides drafts, a GitBook
//! `SUMMARY.md`, an image named in NFD in a hidden folder, a `&#x20;` heading. faqsite runs
//! there with no configuration, twice in a row, and every format names files so that they
//! open from where it ran.

mod common;

use common::{assert_matches, copy_tree, faqsite, fixture, snapshot, without_timing};
use std::path::Path;

/// The fixture in a temporary folder, with the NFD screenshot GitBook stores (created here:
/// a checkout on macOS would recompose a committed name).
fn repository() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    copy_tree(&fixture("repo_root"), tmp.path());
    let assets = tmp.path().join(".gitbook/assets");
    std::fs::create_dir_all(&assets).unwrap();
    let name = "Capture d\u{2019}e\u{301}cran a\u{300} 15.42.44.png";
    std::fs::write(assets.join(name), b"\x89PNG\r\n\x1a\n").unwrap();
    tmp
}

fn expected(name: &str) -> std::path::PathBuf {
    fixture("repo_root_expected").join(name)
}

#[test]
fn check_and_build_at_the_root_twice_in_a_row() {
    let tmp = repository();
    let root = tmp.path();
    for run in 0..2 {
        let check = faqsite(root, &["check", "--offline"]);
        assert_eq!(check.code, 0, "{}{}", check.stdout, check.stderr);
        let shown = format!("{}--- stderr\n{}", check.stdout, check.stderr);
        assert_matches(&expected("check.txt"), &without_timing(&shown));

        let build = faqsite(root, &["build", "--offline"]);
        assert_eq!(build.code, 0, "run {run}: {}{}", build.stdout, build.stderr);
        let shown = format!("{}--- stderr\n{}", build.stdout, build.stderr);
        assert_matches(&expected("build.txt"), &without_timing(&shown));
    }
    let public = root.join("public");
    let mut written: Vec<String> = snapshot(&public).into_iter().map(|(p, _)| p).collect();
    written.retain(|p| p.ends_with(".html") || p.ends_with(".png"));
    assert_matches(&expected("written.txt"), &(written.join("\n") + "\n"));
    // The drafts .gitignore hides and the old output's leftovers are not published.
    assert!(!public.join("brouillons").exists());
    assert!(!public.join("public").exists());
    assert!(!public.join("fournisseur/ancienne.html").exists());
    // The section's menu follows its README, then the pages it does not link to.
    let page = std::fs::read_to_string(public.join("fournisseur/eligibilite.html")).unwrap();
    let menu = &page[page.find("<nav class=\"side-menu\"").unwrap()..];
    let menu = &menu[menu.find("<ul>").unwrap()..menu.find("</ul>").unwrap()];
    let titles: Vec<&str> = menu
        .split("\">")
        .skip(1)
        .filter_map(|s| s.split("</a>").next())
        .collect();
    assert_eq!(
        titles,
        [
            "Éligibilité",
            "DataPass",
            "🔘 Le bouton de connexion",
            "Mise en production",
            "SSO"
        ]
    );
    // GitBook's tables of contents are no pages of the menus.
    for page in ["index.html", "espace/index.html", "fournisseur/index.html"] {
        let html = std::fs::read_to_string(public.join(page)).unwrap();
        assert!(!html.contains("Table of contents"), "{page}");
    }
    // The screenshot is published under the name its link uses once decoded, in NFC.
    let nfc = "Capture d\u{2019}\u{e9}cran \u{e0} 15.42.44.png";
    assert!(public.join(".gitbook/assets").join(nfc).is_file());
}

/// A page with two broken links, added to the repository, reported by every format from
/// the root and from a sub-folder: each printed path opens from where faqsite ran.
#[test]
fn every_format_names_files_from_where_faqsite_runs() {
    let tmp = repository();
    let root = tmp.path();
    std::fs::write(
        root.join("fournisseur/casse.md"),
        "# Cassé\n\nVoir [le parcours](../fournisseur.md) et [le pilote](../glossaire.md#pilote).\n",
    )
    .unwrap();
    for (cwd, arg, prefix) in [
        (root.to_path_buf(), ".", ""),
        (root.join("fournisseur"), "..", "../"),
    ] {
        for format in ["human", "json", "github", "sarif", "junit"] {
            let run = faqsite(&cwd, &["check", arg, "--offline", "--format", format]);
            assert_eq!(
                run.code,
                1,
                "{format} from {}: {}",
                cwd.display(),
                run.stderr
            );
            let files = printed_files(format, &run.stdout);
            assert!(!files.is_empty(), "{format}: no file in\n{}", run.stdout);
            for file in &files {
                assert!(
                    cwd.join(file).is_file(),
                    "{format} from {}: `{file}` does not open\n{}",
                    cwd.display(),
                    run.stdout
                );
            }
            let broken = format!("{prefix}fournisseur/casse.md");
            assert!(files.contains(&broken), "{format}: {files:?}");
        }
    }
    // The hints say what was meant.
    let run = faqsite(root, &["check", "--offline"]);
    assert!(
        run.stdout.contains("did you mean `README.md`?"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("did you mean `#pilote-`?"),
        "{}",
        run.stdout
    );
    // A build with errors ends by saying nothing was written, and how to publish anyway.
    let build = faqsite(root, &["build", "--offline"]);
    assert_eq!(build.code, 1);
    assert!(
        build.stderr.trim_end().ends_with(
            "nothing was written: public keeps its previous version; to publish anyway, lower `broken-anchor`, `broken-link` to `warning` under `checks:` in faqsite.yaml"
        ),
        "{}",
        build.stderr
    );
}

/// The files a report names, per format.
fn printed_files(format: &str, stdout: &str) -> Vec<String> {
    let files: Vec<String> = match format {
        "human" => stdout
            .lines()
            .filter(|l| l.contains(": error[") || l.contains(": warning["))
            .map(|l| l.split(':').next().unwrap().to_string())
            .collect(),
        "json" => {
            let diags: Vec<serde_json::Value> = serde_json::from_str(stdout).unwrap();
            diags
                .iter()
                .map(|d| d["file"].as_str().unwrap().to_string())
                .collect()
        }
        "github" => stdout
            .lines()
            .filter_map(|l| l.split("file=").nth(1))
            .map(|rest| rest.split(',').next().unwrap().to_string())
            .collect(),
        "sarif" => {
            let log: serde_json::Value = serde_json::from_str(stdout).unwrap();
            log["runs"][0]["results"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| {
                    let uri = r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                        .as_str()
                        .unwrap();
                    percent_decode(uri)
                })
                .collect()
        }
        "junit" => {
            let doc = roxmltree::Document::parse(stdout).unwrap();
            doc.descendants()
                .filter(|n| n.has_tag_name("testcase"))
                .map(|n| n.attribute("name").unwrap().to_string())
                .collect()
        }
        _ => unreachable!(),
    };
    let mut files = files;
    files.sort();
    files.dedup();
    files
}

fn percent_decode(uri: &str) -> String {
    percent_encoding::percent_decode_str(uri)
        .decode_utf8()
        .unwrap()
        .into_owned()
}

/// `faqsite init` in an existing repository writes its configuration and nothing else.
#[test]
fn init_in_a_repository_adds_its_configuration_only() {
    let tmp = repository();
    let root = tmp.path();
    let before = snapshot(root);
    let run = faqsite(root, &["init"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut after = snapshot(root);
    let config = after.iter().position(|(p, _)| p == "faqsite.yaml").unwrap();
    let (_, text) = after.remove(config);
    assert_eq!(after, before, "init touched another file");
    let text = String::from_utf8(text).unwrap();
    assert!(
        text.contains("title: \"Documentation des partenaires\""),
        "{text}"
    );
    let check = faqsite(root, &["check", "--offline"]);
    assert_eq!(check.code, 0, "{}{}", check.stdout, check.stderr);
    assert!(Path::new(&root.join("faqsite.yaml")).is_file());
}

/// The README's "Use it on your docs" commands, run as written at the root of a repository,
/// and its Install command, the one the workflow `faqsite init --workflow` writes.
#[test]
fn the_readmes_commands_run_as_written() {
    let readme = std::fs::read_to_string(common::repo().join("README.md")).unwrap();
    let block = |heading: &str| -> Vec<String> {
        let after = &readme[readme.find(heading).expect(heading)..];
        let start = after.find("```sh\n").unwrap() + "```sh\n".len();
        let end = start + after[start..].find("```").unwrap();
        after[start..end]
            .lines()
            .map(|l| l.split(" # ").next().unwrap().trim().to_string())
            .filter(|l| !l.is_empty())
            .collect()
    };
    let install = block("## Install");
    assert_eq!(install.len(), 1);
    let workflow = std::fs::read_to_string(common::repo().join("src/init/docs.yml")).unwrap();
    assert!(
        workflow.contains(&format!("run: {}", install[0])),
        "the workflow does not install faqsite as the README says: {}",
        install[0]
    );
    let tmp = repository();
    let root = tmp.path();
    let commands = block("## Use it on your docs");
    assert!(commands.len() >= 5, "{commands:?}");
    for command in &commands {
        let args: Vec<&str> = command.split_whitespace().collect();
        assert_eq!(args[0], "faqsite", "{command}");
        if args[1] == "serve" {
            let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_faqsite"))
                .args(&args[1..])
                // On any free port: 1111 may be taken on the machine running the tests.
                .args(["--port", "0"])
                .current_dir(root)
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::null())
                .spawn()
                .unwrap();
            let mut line = String::new();
            std::io::BufRead::read_line(
                &mut std::io::BufReader::new(child.stdout.take().unwrap()),
                &mut line,
            )
            .unwrap();
            let _ = child.kill();
            let _ = child.wait();
            assert!(line.starts_with("faqsite serve: http://"), "{line}");
            continue;
        }
        let run = faqsite(root, &args[1..]);
        assert_eq!(run.code, 0, "{command}\n{}{}", run.stdout, run.stderr);
    }
    assert!(root.join("public/index.html").is_file());
    assert!(root.join(".github/workflows/docs.yml").is_file());
}
