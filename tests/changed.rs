//! `check --changed REV` on a real git history in a temporary folder: exactly the changed
//! pages and the pages linking to changed, renamed or deleted ones are checked. Every page
//! links to itself (a `self-link` warning), so the files with diagnostics are exactly the
//! pages checked.

mod common;
#[allow(dead_code)]
#[path = "common/http.rs"]
mod http;

use common::faqsite;
use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

fn git(root: &Path, args: &[&str]) {
    let status = Command::new("git")
        .args(["-c", "user.name=Test", "-c", "user.email=test@exemple.fr"])
        .args([
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .current_dir(root)
        .status()
        .expect("git");
    assert!(status.success(), "git {args:?}");
}

fn page(root: &Path, path: &str, body: &str) {
    let file = root.join("content").join(path);
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    let name = path.rsplit('/').next().unwrap();
    std::fs::write(
        file,
        format!("# {path}\n\n{body}\n\n[Cette page]({name}).\n"),
    )
    .unwrap();
}

/// The files the JSON report of an offline check names (since `rev` if given), and the
/// `--changed` note.
fn checked(root: &Path, rev: Option<&str>) -> (i32, BTreeSet<String>, String) {
    let mut args = vec!["check", ".", "--offline", "--format", "json"];
    args.extend(rev.map(|rev| ["--changed", rev]).into_iter().flatten());
    let run = faqsite(root, &args);
    let found: Vec<serde_json::Value> = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("{e}\n{}{}", run.stdout, run.stderr));
    let files = found
        .iter()
        .map(|d| d["file"].as_str().unwrap().to_string())
        .collect();
    // The `--changed` note and the count of the summary line.
    let note = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("--changed") || l.contains(" checked: "))
        .map(|l| match l.starts_with("--changed") {
            true => l,
            false => l.split(':').next().unwrap_or(l),
        })
        .collect::<Vec<_>>()
        .join(" / ");
    (run.code, files, note)
}

/// A site of six pages, committed.
fn history() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    page(
        root,
        "index.md",
        "[A](a.md), [B](b.md), [les rôles](roles/), [D](d.md#section) et [E](e.md).",
    );
    page(root, "a.md", "Rien à signaler.");
    page(root, "b.md", "Voir [C](c.md).");
    page(root, "c.md", "Une page qui sera renommée.");
    page(root, "d.md", "## Section\n\nUne section qui sera renommée.");
    page(
        root,
        "e.md",
        "Un lien cassé que personne ne touche : [absent](absent.md).",
    );
    page(root, "roles/README.md", "Les acteurs.");
    git(root, &["init", "-q"]);
    git(root, &["add", "."]);
    git(root, &["commit", "-q", "-m", "premier état"]);
    tmp
}

#[test]
fn checks_changed_pages_and_their_referrers_only() {
    let tmp = history();
    let root = tmp.path();
    let (code, files, note) = checked(root, Some("HEAD"));
    assert_eq!((code, files.len()), (0, 0), "nothing changed: {files:?}");
    assert_eq!(
        note,
        "--changed HEAD: 0 changed files in content/ / 0 pages checked"
    );

    // Committed: a.md modified. In the work tree: c.md renamed (b.md links to it), d.md's
    // heading renamed (index.md links to it), the folder's README edited (index.md links to
    // the folder), and f.md new and untracked.
    page(root, "a.md", "Un lien cassé : [absent](absent.md).");
    git(root, &["commit", "-q", "-am", "a.md"]);
    git(root, &["mv", "content/c.md", "content/c2.md"]);
    page(root, "d.md", "## Autre titre");
    page(root, "roles/README.md", "Les acteurs, revus.");
    page(root, "f.md", "Une nouvelle page.");

    let (code, files, note) = checked(root, Some("HEAD~1"));
    let want = [
        "content/a.md",
        "content/b.md",
        "content/c2.md",
        "content/d.md",
        "content/f.md",
        "content/index.md",
        "content/roles/README.md",
    ];
    assert_eq!(
        files,
        want.iter().map(|s| s.to_string()).collect(),
        "{note}"
    );
    assert_eq!(code, 1, "a.md's and b.md's broken links are errors");
    assert_eq!(
        note,
        "--changed HEAD~1: 6 changed files in content/ / 7 pages checked"
    );

    // e.md's broken link is reported by a full check only.
    let (_, all, _) = checked(root, None);
    assert!(all.contains("content/e.md") && !files.contains("content/e.md"));

    // faqsite.yaml changed: every page.
    std::fs::write(root.join("faqsite.yaml"), "title: Partenaires\n").unwrap();
    let (_, files, note) = checked(root, Some("HEAD"));
    assert_eq!(files, all, "{note}");
    assert_eq!(
        note,
        "--changed HEAD: faqsite.yaml changed, so every page is checked / 8 pages checked"
    );
}

#[test]
fn an_unknown_revision_is_a_usage_error() {
    let tmp = history();
    let run = faqsite(
        tmp.path(),
        &["check", ".", "--offline", "--changed", "pas-une-revision"],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.starts_with(
            "error: --changed pas-une-revision: fatal: bad revision 'pas-une-revision'"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn only_the_checked_pages_urls_are_requested() {
    let server = http::Server::start();
    let tmp = history();
    let root = tmp.path();
    let base = &server.base;
    page(
        root,
        "e.md",
        &format!("Hors du changement : {base}/shared-ok"),
    );
    git(root, &["commit", "-q", "-am", "e.md"]);
    page(root, "a.md", &format!("Dans le changement : {base}/ok"));
    let run = faqsite(root, &["check", ".", "--changed", "HEAD"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!((server.hits("/ok"), server.hits("/shared-ok")), (1, 0));
}

/// `check --fix --changed REV` follows git's rename record: a link to a page renamed since
/// REV (here moved and renamed at once, so no hint could be sure of it) is rewritten to the
/// new path, its fragment kept, and so is a relative link of the moved page itself; without
/// `--changed`, the same links are left with their guesses.
#[test]
fn fix_follows_the_renames_git_recorded() {
    let tmp = history();
    let root = tmp.path();
    page(
        root,
        "b.md",
        "Voir [C](c.md#cmd \"la page C\") et [encore C](./c.md).",
    );
    git(root, &["commit", "-q", "-am", "b.md"]);
    std::fs::create_dir(root.join("content/notes")).unwrap();
    git(root, &["mv", "content/c.md", "content/notes/renommée.md"]);
    let b = root.join("content/b.md");
    let before = std::fs::read_to_string(&b).unwrap();

    let unsure = faqsite(root, &["check", ".", "--offline", "--fix"]);
    assert_eq!(unsure.code, 1, "{}{}", unsure.stdout, unsure.stderr);
    assert!(
        unsure.stderr.starts_with("nothing to fix; 4 broken links"),
        "{}",
        unsure.stderr
    );
    assert_eq!(std::fs::read_to_string(&b).unwrap(), before);

    let dry = faqsite(
        root,
        &[
            "check",
            ".",
            "--offline",
            "--fix",
            "--dry-run",
            "--changed",
            "HEAD",
        ],
    );
    assert_eq!(dry.code, 1, "{}{}", dry.stdout, dry.stderr);
    assert_eq!(
        std::fs::read_to_string(&b).unwrap(),
        before,
        "--dry-run wrote"
    );

    let fixed = faqsite(
        root,
        &["check", ".", "--offline", "--fix", "--changed", "HEAD"],
    );
    assert_eq!(fixed.code, 0, "{}{}", fixed.stdout, fixed.stderr);
    let diff = "--- a/content/b.md\n+++ b/content/b.md\n@@ -1,5 +1,5 @@\n # b.md\n \n-Voir [C](c.md#cmd \"la page C\") et [encore C](./c.md).\n+Voir [C](notes/renomm%C3%A9e.md#cmd \"la page C\") et [encore C](notes/renomm%C3%A9e.md).\n \n [Cette page](b.md).\n";
    assert!(fixed.stderr.starts_with(diff), "{}", fixed.stderr);
    assert!(
        fixed.stderr.contains("\nfixed 3 broken links in 2 files\n"),
        "{}",
        dry.stderr
    );
    let diff_of = |stderr: &str| {
        let end = stderr.find("\nfixed ").or(stderr.find("\nwould fix "));
        stderr[..end.unwrap_or(0)].to_string()
    };
    assert!(dry
        .stderr
        .contains("\nwould fix 3 broken links in 2 files (--dry-run: nothing written)\n"));
    assert_eq!(
        diff_of(&dry.stderr),
        diff_of(&fixed.stderr),
        "--dry-run prints another diff"
    );
    let after = std::fs::read_to_string(&b).unwrap();
    assert_eq!(
        after,
        before
            .replace("](c.md#", "](notes/renomm%C3%A9e.md#")
            .replace("](./c.md)", "](notes/renomm%C3%A9e.md)")
    );
    let moved = std::fs::read_to_string(root.join("content/notes/renommée.md")).unwrap();
    assert!(
        moved.ends_with("[Cette page](renomm%C3%A9e.md).\n"),
        "{moved}"
    );
}

/// An HTML file of the content is a page of the link graph: `--changed` checks it when it
/// changed, with the pages linking to it, and checks it again when a page it links to
/// changed. (It has no `self-link`; its unknown allow comment is what names it in the
/// report.)
#[test]
fn an_edited_html_file_is_checked_with_the_pages_linking_to_it() {
    let tmp = history();
    let root = tmp.path();
    let html = |ids: &str| {
        format!(
            "<!DOCTYPE html>\n<title>Rapport</title>\n<!-- faqsite: allow brokn-link -->\n\
             <h2 id=\"{ids}\">Résultats</h2>\n<p><a href=\"../a.md#détails\">A</a></p>\n"
        )
    };
    std::fs::create_dir(root.join("content/outils")).unwrap();
    std::fs::write(root.join("content/outils/rapport.html"), html("resultats")).unwrap();
    page(root, "a.md", "## Détails\n\nRien à signaler.");
    page(
        root,
        "b.md",
        "Voir [le rapport](outils/rapport.html#resultats).",
    );
    git(root, &["add", "."]);
    git(root, &["commit", "-q", "-m", "un rapport en HTML"]);
    let (_, files, _) = checked(root, None);
    assert!(files.contains("content/outils/rapport.html"), "{files:?}");

    // The id b.md links to is renamed: the file and b.md are checked, and b.md's anchor is
    // broken.
    std::fs::write(root.join("content/outils/rapport.html"), html("bilan")).unwrap();
    let run = faqsite(
        root,
        &[
            "check",
            ".",
            "--offline",
            "--changed",
            "HEAD",
            "--format",
            "json",
        ],
    );
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout
            .contains("`outils/rapport.html` has no heading or id `resultats`"),
        "{}",
        run.stdout
    );
    let (_, files, note) = checked(root, Some("HEAD"));
    let want = ["content/b.md", "content/outils/rapport.html"];
    assert_eq!(
        files,
        want.iter().map(|s| s.to_string()).collect(),
        "{note}"
    );
    assert_eq!(
        note,
        "--changed HEAD: 1 changed file in content/ / 2 pages checked"
    );
    git(root, &["commit", "-q", "-am", "bilan"]);

    // A heading the HTML file links to is renamed: the HTML file is checked again.
    page(root, "a.md", "## Autres détails\n\nRien à signaler.");
    let (code, files, note) = checked(root, Some("HEAD"));
    // b.md's broken anchor stays out: nothing it links to changed.
    let want = [
        "content/a.md",
        "content/index.md",
        "content/outils/rapport.html",
    ];
    assert_eq!(
        files,
        want.iter().map(|s| s.to_string()).collect(),
        "{note}"
    );
    assert_eq!(
        note,
        "--changed HEAD: 1 changed file in content/ / 3 pages checked"
    );
    assert_eq!(code, 1, "the HTML file's anchor into a.md is broken");
}
