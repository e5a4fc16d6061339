//! `faqsite serve` rebuilds only what a change affects; this proves the result equals a full
//! build: after each step of a random sequence of edits, additions, removals, renames and
//! title changes on a copy of the example site (HTML files of the content among them), every
//! file in memory and every diagnostic equal those of a full build of the same tree.

mod common;
use common::{copy_tree, repo};
use faqsite::pipeline::{build_in_memory, CheckOptions};
use faqsite::project::Live;
use faqsite::serve::change::{classify, Change};
use std::collections::BTreeMap;
use std::path::Path;

/// A small deterministic generator (xorshift), so that a failure can be replayed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[(self.next() % items.len() as u64) as usize]
    }
}

fn pages(content: &Path) -> Vec<String> {
    let mut pages: Vec<String> = walkdir::WalkDir::new(content)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
        // Pages to edit: not the binary `.md` files nor the locked pages steps wrote.
        .filter(|e| {
            let name = e.file_name().to_string_lossy();
            !name.starts_with("schema-") && !name.starts_with("verrouillee-")
        })
        .map(|e| {
            e.path()
                .strip_prefix(content)
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    pages.sort();
    pages
}

fn full(root: &Path) -> (BTreeMap<String, Vec<u8>>, Vec<String>) {
    let opts = CheckOptions {
        root: root.to_path_buf(),
        offline: true,
        ..Default::default()
    };
    let (report, memory) = build_in_memory(&opts).unwrap();
    let files = memory.snapshot();
    let diags = report
        .diagnostics
        .iter()
        .map(|d| format!("{} {} {} {:?}", d.file, d.code.as_str(), d.message, d.hint))
        .collect();
    (files, diags)
}

fn live_state(live: &Live) -> (BTreeMap<String, Vec<u8>>, Vec<String>) {
    let files = live.files().snapshot();
    let mut diags: Vec<(String, usize, String)> = live
        .diagnostics()
        .values()
        .flatten()
        .map(|d| {
            // Named as a run's report names files: from the current folder.
            let file = live.layout().display(&d.file);
            let text = format!("{file} {} {} {:?}", d.code.as_str(), d.message, d.hint);
            (d.file.clone(), d.span.start, text)
        })
        .collect();
    diags.sort();
    (files, diags.into_iter().map(|(_, _, t)| t).collect())
}

#[test]
fn incremental_rebuilds_equal_full_builds() {
    let tmp = tempfile::tempdir().unwrap();
    copy_tree(&repo().join("content"), &tmp.path().join("content"));
    std::fs::copy(repo().join("faqsite.yaml"), tmp.path().join("faqsite.yaml")).unwrap();
    let root = tmp.path();
    let content = root.join("content");
    let mut live = Live::load(root, None).unwrap();
    let mut rng = Rng(0x5eed_f00d);
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    let mut partial = 0;
    let mut with_problems = 0;
    // Steps where an HTML file of the content has problems: it is read and checked.
    let mut html_checked = 0;
    for step in 0..90 {
        let all = pages(&content);
        let page = rng.pick(&all).clone();
        let file = content.join(&page);
        let dir = faqsite::paths::parent(&page).to_string();
        let in_dir = |name: &str| match dir.as_str() {
            "" => name.to_string(),
            d => format!("{d}/{name}"),
        };
        // Appends a line linking `target` (content-relative) to `page`.
        let link_from = |page: &str, text: &str, target: &str| {
            let link = faqsite::paths::relative(page, target);
            let link = link.replace(' ', "%20");
            let mut old = std::fs::read_to_string(content.join(page)).unwrap_or_default();
            old.push_str(&format!("\n{text} : [le lien]({link}).\n"));
            std::fs::write(content.join(page), old).unwrap();
        };
        let (what, touched): (&str, Vec<String>) = match rng.next() % 14 {
            // A page faqsite may not read (as root, permissions do not stop a read: then
            // both sides read it, and must still agree).
            12 => {
                use std::os::unix::fs::PermissionsExt;
                let locked = in_dir(&format!("verrouillee-{step}.md"));
                std::fs::write(content.join(&locked), "# Verrouillée\n").unwrap();
                let perms = std::fs::Permissions::from_mode(0o000);
                std::fs::set_permissions(content.join(&locked), perms).unwrap();
                link_from(&page, "Une page verrouillée", &locked);
                ("unreadable", vec![locked, page.clone()])
            }
            0 | 1 => {
                let mut text = std::fs::read_to_string(&file).unwrap();
                text.push_str(&format!(
                    "\nUn paragraphe de plus ({step}) : voir [l'accueil](/index.md).\n"
                ));
                std::fs::write(&file, text).unwrap();
                ("edit", vec![page.clone()])
            }
            2 => {
                let target = rng.pick(&all).clone();
                let new = in_dir(&format!("nouvelle-{step}.md"));
                let link = faqsite::paths::relative(&new, &target);
                let text = format!("# Nouvelle page {step}\n\n## Détails\n\nVoir [la cible]({link}) et [une ancre]({link}#détails).\n");
                std::fs::write(content.join(&new), text).unwrap();
                ("add", vec![new])
            }
            3 if all.len() > 5 && !page.ends_with("index.md") => {
                std::fs::remove_file(&file).unwrap();
                ("remove", vec![page.clone()])
            }
            4 if !page.ends_with("index.md") => {
                let renamed = page.replace(".md", &format!("-r{step}.md"));
                std::fs::rename(&file, content.join(&renamed)).unwrap();
                ("rename", vec![page.clone(), renamed])
            }
            5 => {
                let text = std::fs::read_to_string(&file).unwrap();
                let retitled = match text.find("\n# ").or(text.starts_with("# ").then_some(0)) {
                    Some(i) => {
                        let at = if i == 0 { 2 } else { i + 3 };
                        format!("{}Titre {step} — {}", &text[..at], &text[at..])
                    }
                    None => format!("# Titre {step}\n\n{text}"),
                };
                std::fs::write(&file, retitled).unwrap();
                ("title", vec![page.clone()])
            }
            // A page named in NFD (macOS), linked in NFC.
            6 => {
                let nfc = in_dir(&format!("\u{e9}tape-{step}.md"));
                let nfd = in_dir(&format!("e\u{301}tape-{step}.md"));
                std::fs::write(content.join(&nfd), format!("# Étape {step}\n")).unwrap();
                link_from(&page, "Une étape", &nfc);
                ("nfd name", vec![nfd, page.clone()])
            }
            // A binary file named `.md`, linked: a file, not a page.
            7 => {
                let binary = in_dir(&format!("schema-{step}.md"));
                std::fs::write(content.join(&binary), b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap();
                link_from(&page, "Un schéma", &binary);
                ("binary md", vec![binary, page.clone()])
            }
            // A file in a hidden folder, published because a page links to it.
            8 => {
                let hidden = in_dir(&format!(".images/image-{step}.png"));
                std::fs::create_dir_all(content.join(faqsite::paths::parent(&hidden))).unwrap();
                std::fs::write(content.join(&hidden), b"\x89PNG\r\n\x1a\n").unwrap();
                link_from(&page, "Une image", &hidden);
                ("hidden file", vec![hidden, page.clone()])
            }
            // A symbolic link, not followed, and a link to it.
            9 => {
                let name = in_dir(&format!("lien-{step}.md"));
                let target = faqsite::paths::relative(&name, &page);
                std::os::unix::fs::symlink(&target, content.join(&name)).unwrap();
                link_from(&page, "Un lien symbolique", &name);
                ("symlink", vec![name, page.clone()])
            }
            // The same name in another case: a case clash.
            10 if !page.ends_with("index.md") && !page.ends_with("README.md") => {
                let name = page.rsplit('/').next().unwrap();
                let upper = in_dir(&name[..1].to_uppercase()) + &name[1..];
                if content.join(&upper).exists() {
                    continue;
                }
                std::fs::write(content.join(&upper), "# Doublon\n").unwrap();
                ("case clash", vec![upper])
            }
            // An HTML file of the folder, published as it is and checked: written with new ids,
            // title and links (to a page's heading, to a file that may not exist), linked from
            // the page at one of its ids; or, on some later picks, removed.
            13 => {
                let html = in_dir("annexe.html");
                if content.join(&html).exists() && step % 3 == 0 {
                    std::fs::remove_file(content.join(&html)).unwrap();
                    ("html removed", vec![html])
                } else {
                    let target = rng.pick(&all).clone();
                    let to = faqsite::paths::relative(&html, &target).replace(' ', "%20");
                    let text = format!(
                        "<!DOCTYPE html>\n<title>Annexe {step}</title>\n<h2 id=\"etape-{step}\">Étape</h2>\n\
                         <p><a href=\"{to}#détails\">la cible</a> <img src=\"image-{}.png\" alt=\"\"></p>\n",
                        step % 2
                    );
                    std::fs::write(content.join(&html), text).unwrap();
                    link_from(&page, "Une annexe", &format!("{html}#etape-{step}"));
                    ("html", vec![html, page.clone()])
                }
            }
            // A folder's README added, then (on a later pick) removed.
            _ => {
                let folder = format!("dossier-{}", step % 3);
                let readme = format!("{folder}/README.md");
                let inner = format!("{folder}/page.md");
                if content.join(&readme).exists() {
                    std::fs::remove_file(content.join(&readme)).unwrap();
                    ("readme removed", vec![readme])
                } else {
                    std::fs::create_dir_all(content.join(&folder)).unwrap();
                    std::fs::write(content.join(&readme), "# Dossier\n\n[La page](page.md)\n")
                        .unwrap();
                    std::fs::write(content.join(&inner), "# Page du dossier\n").unwrap();
                    link_from("index.md", "Un dossier", &format!("{folder}/"));
                    ("readme added", vec![readme, inner, "index.md".to_string()])
                }
            }
        };
        // As the watcher reports them: paths on disk, classified as `serve` does.
        let changes: Vec<Change> = touched
            .iter()
            .filter_map(|p| classify(root, &content, |_| false, &content.join(p)))
            .collect();
        let update = live.apply(&changes);
        *seen.entry(what).or_default() += 1;
        partial += usize::from(update.rendered < pages(&content).len());
        let (files, diags) = live_state(&live);
        with_problems += usize::from(!diags.is_empty());
        html_checked += usize::from(diags.iter().any(|d| d.contains("annexe.html ")));
        let (want_files, want_diags) = full(root);
        let keys: Vec<&String> = files.keys().collect();
        let want_keys: Vec<&String> = want_files.keys().collect();
        assert_eq!(
            keys, want_keys,
            "step {step} ({what} {page}): file sets differ"
        );
        for (path, bytes) in &want_files {
            assert!(
                files[path] == *bytes,
                "step {step} ({what} {page}): {path} differs"
            );
        }
        assert_eq!(
            diags, want_diags,
            "step {step} ({what} {page}): diagnostics differ"
        );
    }
    // The sequence did exercise every kind of change, rebuilt less than everything, and
    // went through states with problems.
    let kinds: Vec<&str> = seen.keys().copied().collect();
    assert_eq!(
        kinds,
        [
            "add",
            "binary md",
            "case clash",
            "edit",
            "hidden file",
            "html",
            "html removed",
            "nfd name",
            "readme added",
            "readme removed",
            "remove",
            "rename",
            "symlink",
            "title",
            "unreadable"
        ],
        "{seen:?}"
    );
    assert!(partial > 30, "{partial} partial rebuilds");
    assert!(with_problems > 5, "{with_problems} steps with problems");
    assert!(
        html_checked > 5,
        "{html_checked} steps with an HTML file's problems"
    );
}

/// The order of a folder's README links is the order of its menu and of previous/next on
/// every page of the folder, and beyond: an edit that only reorders those links (same title,
/// same weight) changes the navigation of other pages, as does one to SUMMARY.md.
#[test]
fn reordering_a_readmes_links_rebuilds_the_menus() {
    let tmp = tempfile::tempdir().unwrap();
    copy_tree(&common::fixture("author_order/site"), tmp.path());
    let root = tmp.path();
    let mut live = Live::load(root, None).unwrap();
    let edits = [
        (
            "guide/README.md",
            "# Guide du partenaire\n\n1. [Le raccordement](deux.md)\n2. [L'API](api/)\n3. [La mise en production](dix.md)\n",
        ),
        (
            "SUMMARY.md",
            "# Table of contents\n\n* [Outils](outils.md)\n* [Espace partenaire](espace/README.md)\n  * [Accès](espace/acces.md)\n* [Guide du partenaire](guide/README.md)\n",
        ),
    ];
    for (page, text) in edits {
        std::fs::write(root.join("content").join(page), text).unwrap();
        live.apply(&[Change::Page(page.to_string())]);
        let (files, _) = live_state(&live);
        let (want_files, _) = full(root);
        for (path, bytes) in &want_files {
            assert!(
                files[path] == *bytes,
                "after editing {page}: {path} differs"
            );
        }
    }
}

/// A page whose front matter breaks stays in its last good version, but its problem is
/// placed in the file as it is now: where `faqsite check` places it.
#[test]
fn a_broken_page_is_reported_where_check_reports_it() {
    use faqsite::diagnostics::{Code, LineIndex};
    let tmp = tempfile::tempdir().unwrap();
    copy_tree(&repo().join("content"), &tmp.path().join("content"));
    let root = tmp.path();
    let mut live = Live::load(root, None).unwrap();
    let page = "pilotage_fca/plateformes.md";
    let text = "---\ntitle: Plateformes: RIE et Internet\n---\n\n# Plateformes\n";
    std::fs::write(root.join("content").join(page), text).unwrap();
    live.apply(&[Change::Page(page.to_string())]);
    let d = live.diagnostics()[page]
        .iter()
        .find(|d| d.code == Code::FrontMatter)
        .expect("a front-matter error")
        .clone();
    let shown = live.text_of(page).unwrap();
    let served = LineIndex::new(&shown).position(&shown, d.span.start);
    let opts = CheckOptions {
        root: root.to_path_buf(),
        offline: true,
        ..Default::default()
    };
    let report = faqsite::pipeline::check(&opts).unwrap();
    let checked = report
        .diagnostics
        .iter()
        .find(|d| d.code == Code::FrontMatter)
        .unwrap();
    let want = report.sources().position(checked);
    assert_eq!((served.line, served.column), (want.line, want.column));
    assert_eq!(served.line, 2);
}

/// An HTML file is served byte for byte as it is on disk after each save, even when only a
/// byte-order mark or a line end changed (the text faqsite reads is the same).
#[test]
fn an_html_file_is_served_as_saved() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let content = root.join("content");
    std::fs::create_dir_all(&content).unwrap();
    std::fs::write(content.join("index.md"), "# Accueil\n\n[R](r.html#haut)\n").unwrap();
    let mut live = Live::load(root, None).unwrap();
    let versions: [&[u8]; 4] = [
        b"<h1 id=\"haut\">R</h1>\n",
        b"\xef\xbb\xbf<h1 id=\"haut\">R</h1>\n",
        b"\xef\xbb\xbf<h1 id=\"bas\">R</h1>\r\n",
        b"<h1 id=\"bas\">R\xe9</h1>\n",
    ];
    for (n, bytes) in versions.iter().enumerate() {
        std::fs::write(content.join("r.html"), bytes).unwrap();
        live.apply(&[Change::Page("r.html".into())]);
        let served = live.files().snapshot().get("r.html").cloned();
        assert_eq!(served.as_deref(), Some(*bytes), "version {n}");
        // Its diagnostics show over it in the browser, as over a page.
        let page = (n < 3).then_some("r.html");
        assert_eq!(live.source_of("r.html"), page, "version {n}");
        let (files, diags) = live_state(&live);
        let (want_files, want_diags) = full(root);
        assert_eq!(diags, want_diags, "version {n}");
        assert!(files == want_files, "version {n}: files differ");
    }
}
