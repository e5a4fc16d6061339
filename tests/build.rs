//! `faqsite build` end to end: rendered HTML, zero-config, the example site, and the promise
//! that a failed, refused or killed build never damages the previous output.

mod common;
use common::{assert_matches, copy_tree, faqsite, fixture, repo, snapshot};
use std::path::Path;

#[test]
fn renders_markdown_as_snapshotted() {
    let tmp = tempfile::tempdir().unwrap();
    let run = faqsite(
        &fixture("render"),
        &[
            "build",
            "site",
            "--output",
            tmp.path().join("out").to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let html = std::fs::read_to_string(tmp.path().join("out/guide/page.html")).unwrap();
    assert_matches(&fixture("render").join("page.html"), &html);
    for asset in [
        "img/logo.png",
        "docs/Annexe CGU FS-v1.3.pdf",
        "index.html",
        "guide/index.html",
    ] {
        assert!(
            tmp.path().join("out").join(asset).is_file(),
            "{asset} missing"
        );
    }
}

#[test]
fn zero_config_on_a_bare_content_folder() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir(tmp.path().join("content")).unwrap();
    std::fs::write(tmp.path().join("content/a.md"), "# A\n\n[b](b.md)\n").unwrap();
    std::fs::write(
        tmp.path().join("content/b.md"),
        "no heading, no final newline",
    )
    .unwrap();
    let run = faqsite(tmp.path(), &["build"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let b = std::fs::read_to_string(tmp.path().join("public/b.html")).unwrap();
    assert!(b.contains("<title>b — Documentation</title>"), "{b}");
    assert!(b.contains(r#"<html lang="fr">"#));
}

#[test]
fn a_failed_build_leaves_the_previous_output_byte_for_byte() {
    let tmp = tempfile::tempdir().unwrap();
    copy_tree(&fixture("render/site"), tmp.path());
    assert_eq!(faqsite(tmp.path(), &["build"]).code, 0);
    let before = snapshot(&tmp.path().join("public"));

    std::fs::write(
        tmp.path().join("content/new.md"),
        "# New\n\n[broken](nowhere.md)\n",
    )
    .unwrap();
    let run = faqsite(tmp.path(), &["build"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert_eq!(
        snapshot(&tmp.path().join("public")),
        before,
        "content error changed the output"
    );

    std::fs::write(tmp.path().join("content/new.md"), "# New\n").unwrap();
    std::fs::write(tmp.path().join("templates/page.html"), "{{ page.nope }}").unwrap();
    let run = faqsite(tmp.path(), &["build"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert_eq!(
        snapshot(&tmp.path().join("public")),
        before,
        "template error changed the output"
    );
    assert_only_output_and_sources(tmp.path());
}

#[test]
fn a_killed_build_leaves_a_complete_output() {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    for section in 0..20 {
        std::fs::create_dir_all(content.join(format!("s{section}"))).unwrap();
        for page in 0..100 {
            let text = format!(
                "# Page {page}\n\n[suivante](p{}.md)\n\n{}\n",
                (page + 1) % 100,
                "Texte. ".repeat(200)
            );
            std::fs::write(content.join(format!("s{section}/p{page}.md")), text).unwrap();
        }
    }
    assert_eq!(faqsite(tmp.path(), &["build"]).code, 0);
    let old = snapshot(&tmp.path().join("public"));
    std::fs::write(content.join("s0/p0.md"), "# Changée\n").unwrap();
    for delay_ms in [0, 20, 60, 150] {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_faqsite"))
            .arg("build")
            .current_dir(tmp.path())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill();
        child.wait().unwrap();
        let now = snapshot(&tmp.path().join("public"));
        let changed = now
            .iter()
            .find(|(p, _)| p == "s0/p0.html")
            .map(|(_, b)| String::from_utf8_lossy(b).contains("Changée"));
        match changed {
            Some(false) => assert_eq!(
                now, old,
                "killed after {delay_ms} ms: output is neither old nor new"
            ),
            Some(true) => assert_eq!(
                now.len(),
                old.len(),
                "killed after {delay_ms} ms: new output incomplete"
            ),
            None => panic!("killed after {delay_ms} ms: output lost a page"),
        }
    }
    assert_eq!(
        faqsite(tmp.path(), &["build"]).code,
        0,
        "a build after kills must succeed"
    );
    assert_only_output_and_sources(tmp.path());
}

#[test]
fn refuses_output_folders_that_would_destroy_sources() {
    let tmp = tempfile::tempdir().unwrap();
    copy_tree(&fixture("render/site"), tmp.path());
    std::fs::create_dir(tmp.path().join("mine")).unwrap();
    std::fs::write(tmp.path().join("mine/precious.txt"), "keep me").unwrap();
    let before = snapshot(tmp.path());
    // Inside the content is allowed, but not over a folder of it that faqsite did not write.
    for output in [".", "content", "content/guide", "..", "mine"] {
        let run = faqsite(tmp.path(), &["build", "--output", output]);
        assert_eq!(run.code, 2, "--output {output}: {}", run.stderr);
        assert!(run.stderr.starts_with("error: "), "{}", run.stderr);
    }
    assert_eq!(snapshot(tmp.path()), before);
}

#[test]
fn the_example_site_builds_clean_with_its_cross_links() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    let run = faqsite(&repo(), &["build", ".", "--output", out.to_str().unwrap()]);
    assert_eq!((run.code, run.stdout.as_str()), (0, ""), "{}", run.stderr);
    let check = faqsite(&repo(), &["check", "--offline"]);
    assert_eq!(
        (check.code, check.stdout.as_str()),
        (0, ""),
        "{}",
        check.stderr
    );

    let read =
        |p: &str| std::fs::read_to_string(out.join(p)).unwrap_or_else(|e| panic!("{p}: {e}"));
    let steps = read("pilotage_fca/pilotage_fca_etapes.html");
    for href in [
        "../implementation_fca/spec_recette_fca.html",
        "../cgu_fca/20210528-DINUM-AC-Annexe%20CGU%20FS-v1.3.pdf",
        "../cgu_fca/20210528-DINUM-AC-CGU_FS-v1.2.pdf",
        "https://datapass.api.gouv.fr/",
        "../index.html#dinum",
        "datapass.html",
    ] {
        assert!(
            steps.contains(&format!("href=\"{href}")),
            "etapes lacks {href}"
        );
    }
    let pages = [
        "index",
        "pilotage_fca/pilotage_fca_etapes",
        "pilotage_fca/pilotage_fca_demarches_acteurs",
        "pilotage_fca/plateformes",
        "pilotage_fca/datapass",
        "implementation_fca/bouton_fca",
        "implementation_fca/spec_recette_fca",
        "test_fca/test_fca_demonstrateur",
        "recette_fca/recette",
        "recette_fca/recette_cles_prod",
        "cgu_fca/index",
    ];
    let home = read("index.html");
    for page in &pages[1..] {
        let html = read(&format!("{page}.html"));
        assert!(
            home.contains(&format!("href=\"{page}.html")),
            "home does not link {page}"
        );
        // French spacing: a no-break space before the colon.
        assert!(
            html.contains("Voir aussi\u{a0}:"),
            "{page} has no « Voir aussi : »"
        );
        assert!(html.contains("<html lang=\"fr\""));
    }
    assert!(read("test_fca/test_fca_demonstrateur.html")
        .contains("<a href=\"https://fca.integ01.dev-agentconnect.fr/api/v2"));
    let history = read("cgu_fca/index.html");
    let newest = history
        .find(">1.3 <strong")
        .expect("annex v1.3 is marked current");
    assert!(
        newest < history.rfind(">1.0<").unwrap(),
        "versions are listed newest first"
    );
    assert!(history.contains("href=\"20210528-DINUM-AC-Annexe%20CGU%20FS-v1.0.pdf\""));
    for pdf in std::fs::read_dir(repo().join("content/cgu_fca")).unwrap() {
        let name = pdf.unwrap().file_name();
        if !name.to_string_lossy().ends_with(".pdf") {
            continue;
        }
        assert!(
            out.join("cgu_fca").join(&name).is_file(),
            "{name:?} not published"
        );
    }
}

/// Nothing but the sources and the output beside it once the detached removal of the
/// replaced output is done (a killed build may leave its staging folder, reused next time).
fn assert_only_output_and_sources(root: &Path) {
    let leftovers = || {
        let mut names: Vec<String> = std::fs::read_dir(root)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.retain(|n| {
            !matches!(
                n.as_str(),
                "content" | "templates" | "public" | ".public.faqsite-new"
            )
        });
        names
    };
    for _ in 0..100 {
        if leftovers().is_empty() {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert_eq!(
        leftovers(),
        Vec::<String>::new(),
        "unexpected files beside the output"
    );
}

/// The site in memory (for `serve`) is byte for byte the site a build writes.
#[test]
fn the_site_in_memory_equals_the_built_site() {
    let tmp = tempfile::tempdir().unwrap();
    copy_tree(&repo().join("content"), &tmp.path().join("content"));
    std::fs::copy(repo().join("faqsite.yaml"), tmp.path().join("faqsite.yaml")).unwrap();
    let run = faqsite(tmp.path(), &["build", "--offline"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let on_disk: Vec<(String, Vec<u8>)> = snapshot(&tmp.path().join("public"))
        .into_iter()
        .filter(|(path, _)| path != ".faqsite-output")
        .collect();
    let opts = faqsite::pipeline::CheckOptions {
        root: tmp.path().to_path_buf(),
        offline: true,
        ..Default::default()
    };
    let (report, memory) = faqsite::pipeline::build_in_memory(&opts).unwrap();
    assert!(report.diagnostics.is_empty());
    let in_memory: Vec<(String, Vec<u8>)> = memory.snapshot().into_iter().collect();
    assert_eq!(on_disk.len(), in_memory.len());
    for ((a, x), (b, y)) in on_disk.iter().zip(&in_memory) {
        assert_eq!(a, b);
        assert!(x == y, "{a} differs");
    }
}

/// Every value the site writes is escaped where it lands: HTML, the search index's
/// `<script>` shards, and `sitemap.xml`.
#[test]
fn hostile_titles_are_escaped_everywhere() {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    std::fs::create_dir_all(content.join("d\"<x>")).unwrap();
    std::fs::write(
        tmp.path().join("faqsite.yaml"),
        "base_url: https://exemple.gouv.fr/doc/\n",
    )
    .unwrap();
    std::fs::write(
        content.join("index.md"),
        "---\ntitle: <script>alert(1)</script>\ndescription: 'il dit \"</script><script>alert(2)</script>'\n---\n# T\n\nVoir [la page](d%22%3Cx%3E/p.md).\n",
    )
    .unwrap();
    std::fs::write(
        content.join("d\"<x>/p.md"),
        "# Page & <b>gras</b>\n\n[Accueil](../index.md)\n",
    )
    .unwrap();
    let run = faqsite(tmp.path(), &["build", "--offline"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let public = tmp.path().join("public");
    let mut written = String::new();
    for (path, bytes) in snapshot(&public) {
        let text = String::from_utf8_lossy(&bytes).into_owned();
        if path.ends_with(".html") || path.ends_with(".xml") || path.starts_with("search/") {
            written.push_str(&text);
        }
        // Search shards are JavaScript data, shown with textContent: there, only `</` could
        // end an enclosing script, and it is written `<\/`.
        let live = match path.starts_with("search/") {
            true => text.contains("</"),
            false => text.contains("<script>alert(") || text.contains("</script><script>"),
        };
        assert!(!live, "{path} holds a live script:\n{text}");
    }
    assert!(
        written.contains("&lt;script&gt;alert(1)&lt;&#x2F;script&gt;"),
        "{written}"
    );
    let index = std::fs::read_to_string(public.join("index.html")).unwrap();
    assert!(index.contains(r#"content="il dit &quot;"#), "{index}");
    let sitemap = std::fs::read_to_string(public.join("sitemap.xml")).unwrap();
    assert!(
        sitemap.contains("d%22%3Cx%3E/p.html") || sitemap.contains("d&quot;&lt;x&gt;/p.html"),
        "{sitemap}"
    );
}

/// `faqsite init` writes a site that builds clean, and never overwrites a file.
#[test]
fn init_writes_a_site_that_builds_clean() {
    let tmp = tempfile::tempdir().unwrap();
    let run = faqsite(tmp.path(), &["init", "site"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let build = faqsite(&tmp.path().join("site"), &["build", "--offline"]);
    assert_eq!(build.code, 0, "{}{}", build.stdout, build.stderr);
    assert!(
        build.stdout.is_empty(),
        "no diagnostic expected:\n{}",
        build.stdout
    );
    assert!(
        build.stderr.contains("0 errors, 0 warnings"),
        "{}",
        build.stderr
    );
    assert!(tmp
        .path()
        .join("site/public/faq/premiers-pas.html")
        .is_file());
    let again = faqsite(tmp.path(), &["init", "site"]);
    assert_eq!(again.code, 2);
    assert!(
        again.stderr.contains("faqsite.yaml exists already"),
        "{}",
        again.stderr
    );
}

#[test]
fn the_built_in_dsfr_theme_needs_no_themes_folder_and_asks_for_the_mandatory_links() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir(tmp.path().join("content")).unwrap();
    std::fs::write(
        tmp.path().join("content/index.md"),
        "# Accueil\n\nBonjour !\n",
    )
    .unwrap();
    std::fs::write(
        tmp.path().join("faqsite.yaml"),
        "title: Service\ntheme: dsfr\nlegal:\n  accessibility: accessibilite.md\n",
    )
    .unwrap();
    let run = faqsite(tmp.path(), &["build"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let warnings: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.contains("warning[legal-link]"))
        .collect();
    assert_eq!(warnings.len(), 3, "{}", run.stdout);
    assert!(run.stdout.contains(
        "`legal.accessibility` names `accessibilite.md`, which is not a page of content/"
    ));
    assert!(run.stdout.contains("faqsite.yaml:2:8: warning[legal-link]: the dsfr theme's footer has no link to the legal notice"));
    assert!(run
        .stdout
        .contains("hint: add `legal: {personal_data: <URL or page of content/>}` to faqsite.yaml"));
    let home = std::fs::read_to_string(tmp.path().join("public/index.html")).unwrap();
    assert!(home.contains("<p class=\"fr-logo\">République<br>française</p>"));
    assert!(home.contains("<p>Bonjour\u{202f}!</p>"), "{home}");
    assert!(home.contains("href=\"accessibilite.html\">Accessibilité\u{a0}: non conforme</a>"));
    for file in [
        "static/dsfr/dsfr.module.min.js",
        "static/dsfr/fonts/Marianne-Regular.woff2",
        "static/dsfr-icons.css",
        "static/search.js",
    ] {
        assert!(tmp.path().join("public").join(file).is_file(), "{file}");
    }
    assert!(!tmp.path().join("public/static/dsfr-start.js").exists());
}

/// An HTML file of the content is published byte for byte at its path (a byte-order mark,
/// CRLF line ends, a file in another encoding), never through the templates: no menu entry,
/// no search result, no sitemap URL. Links to it stay as written, anchors included, and its
/// links make it a backlink of the pages it reaches. The site in memory (`serve`) is the
/// same.
#[test]
fn html_files_are_published_byte_for_byte() {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    std::fs::create_dir_all(content.join("outils")).unwrap();
    std::fs::write(
        tmp.path().join("faqsite.yaml"),
        "base_url: https://exemple.gouv.fr/doc/\n",
    )
    .unwrap();
    std::fs::write(
        content.join("index.md"),
        "# Accueil\n\n[Le rapport](outils/rapport.html#resultats) et [le guide](guide.md).\n",
    )
    .unwrap();
    std::fs::write(content.join("guide.md"), "# Guide\n\nLe guide.\n").unwrap();
    let report = b"\xef\xbb\xbf<!DOCTYPE html>\r\n<title>Rapport d'essai</title>\r\n<h2 id=\"resultats\">R\xc3\xa9sultats</h2>\r\n<p><a href=\"../guide.html\">Le guide</a></p>\r\n";
    let latin1 = b"<title>Ancien</title><p>R\xe9sum\xe9 <a href=\"../guide.md\">guide</a></p>";
    std::fs::write(content.join("outils/rapport.html"), report).unwrap();
    std::fs::write(content.join("outils/ancien.htm"), latin1).unwrap();
    let run = faqsite(tmp.path(), &["build", "--offline"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let out = tmp.path().join("public");
    assert_eq!(
        std::fs::read(out.join("outils/rapport.html")).unwrap(),
        report
    );
    assert_eq!(
        std::fs::read(out.join("outils/ancien.htm")).unwrap(),
        latin1
    );
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(
        index.contains(r#"<a href="outils/rapport.html#resultats">Le rapport</a>"#),
        "{index}"
    );
    let guide = std::fs::read_to_string(out.join("guide.html")).unwrap();
    assert!(
        guide.contains(r#"<li><a href="outils/rapport.html">Rapport d&#39;essai</a></li>"#),
        "the HTML file is a backlink of the guide: {guide}"
    );
    // Nothing of the site's own lists names it.
    let files = snapshot(&out);
    for (path, bytes) in &files {
        let text = String::from_utf8_lossy(bytes);
        let lists = path.starts_with("search/") || path == "sitemap.xml";
        let named = text.contains("rapport.html") || text.contains("Rapport d");
        assert!(!(lists && named), "{path} names the HTML file");
    }
    assert!(
        !out.join("outils/index.html").exists(),
        "a section for no page"
    );
    assert!(
        !index.contains("Rapport d&#39;essai"),
        "in the menu: {index}"
    );
    // The same site in memory.
    let opts = faqsite::pipeline::CheckOptions {
        root: tmp.path().to_path_buf(),
        offline: true,
        ..Default::default()
    };
    let (_, memory) = faqsite::pipeline::build_in_memory(&opts).unwrap();
    let on_disk: Vec<(String, Vec<u8>)> = files
        .into_iter()
        .filter(|(path, _)| path != ".faqsite-output")
        .collect();
    let in_memory: Vec<(String, Vec<u8>)> = memory.snapshot().into_iter().collect();
    assert!(on_disk == in_memory, "the site in memory differs");
}

/// An HTML file is published as written: its link to a page's Markdown file would lead
/// nowhere on the site. `check --fix` rewrites it to the page's address, fragment kept, and
/// the build then passes with the link working in the output.
#[test]
fn fix_gives_an_html_files_links_the_pages_addresses() {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    std::fs::create_dir_all(content.join("outils")).unwrap();
    std::fs::write(
        content.join("index.md"),
        "# Accueil\n\n[Outil](outils/o.html)\n",
    )
    .unwrap();
    std::fs::write(content.join("guide.md"), "# Guide\n\n## Étapes\n").unwrap();
    let html = "<title>O</title>\n<p><a href=\"../guide.md#étapes\">étapes</a> <a href=\"../index.md\">accueil</a></p>\n";
    std::fs::write(content.join("outils/o.html"), html).unwrap();
    let run = faqsite(tmp.path(), &["build", "--offline"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(run
        .stdout
        .contains("hint: link to the page's address: `../guide.html`"));
    let fixed = faqsite(tmp.path(), &["check", "--offline", "--fix"]);
    assert_eq!(fixed.code, 0, "{}{}", fixed.stdout, fixed.stderr);
    let html = std::fs::read_to_string(content.join("outils/o.html")).unwrap();
    assert!(
        html.contains("href=\"../guide.html#étapes\"") && html.contains("href=\"../index.html\""),
        "{html}"
    );
    let run = faqsite(tmp.path(), &["build", "--offline"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    let out = tmp.path().join("public");
    assert_eq!(
        std::fs::read_to_string(out.join("outils/o.html")).unwrap(),
        html
    );
    assert!(out.join("guide.html").is_file() && out.join("index.html").is_file());
}
