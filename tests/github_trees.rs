//! Trees as GitHub shows them: a folder's README.md is its page, GitHub alerts are callouts,
//! files in hidden folders that pages link to are published, other tools' front matter is
//! kept, a page moved into another folder is found by its name, and a link from the root
//! reads from the repository's root.

mod common;
use common::{assert_matches, copy_tree, faqsite, fixture};

#[test]
fn a_github_tree_builds_as_github_shows_it() {
    let tmp = tempfile::tempdir().unwrap();
    copy_tree(&fixture("github_tree/site"), tmp.path());
    let run = faqsite(tmp.path(), &["build", "--offline"]);
    assert_matches(&fixture("github_tree/human.txt"), &run.stdout);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let out = tmp.path().join("public");
    for file in [
        "index.html",
        "guide/index.html",
        "guide/etapes.html",
        "outils/autres/pad.html",
        ".images/schema.png",
    ] {
        assert!(out.join(file).is_file(), "{file} missing");
    }
    for absent in ["README.html", "guide/README.html", ".images/absent.png"] {
        assert!(!out.join(absent).exists(), "{absent} must not be written");
    }
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    for want in [
        "<title>Bienvenue — Documentation partenaires</title>",
        r#"<a href="guide/index.html">Le guide</a>"#,
        r#"<a href="guide/index.html#%C3%A9tapes">ses étapes</a>"#,
        r#"<img src=".images/schema.png" alt="Schéma du parcours" />"#,
    ] {
        assert!(home.contains(want), "{want} not in the home page:\n{home}");
    }
    let guide = std::fs::read_to_string(out.join("guide/index.html")).unwrap();
    for want in [
        "<div class=\"callout callout--warning fr-callout fr-callout--orange-terre-battue\" role=\"note\" aria-label=\"Avertissement\">\n<p class=\"callout__title fr-callout__title\">Avertissement</p>",
        "<p class=\"callout__title fr-callout__title\">Astuce</p>",
        "<p class=\"callout__title fr-callout__title\">Remarque</p>",
        "<p class=\"callout__title fr-callout__title\">Important</p>",
        "<div class=\"callout callout--caution fr-callout fr-callout--pink-tuile\" role=\"note\" aria-label=\"Attention\">",
        r#"<a href="etapes.html">les étapes détaillées</a>"#,
        // The flowchart drawn as SVG, its source kept as its description...
        "<figure class=\"diagram\">",
        "<summary>Description textuelle du diagramme</summary>",
        // ... and the broken diagram left as code.
        "<pre><code class=\"language-mermaid\">flowchart TD\n    A --&gt; \n",
    ] {
        assert!(guide.contains(want), "{want} not in the guide:\n{guide}");
    }
    assert_eq!(guide.matches("<svg").count(), 1, "{guide}");
    assert!(!guide.contains("<script>"), "diagrams need no script");
    let steps = std::fs::read_to_string(out.join("guide/etapes.html")).unwrap();
    for want in [
        r#"<a href="./index.html">guide</a>"#,
        r#"<a href="../index.html">l'accueil</a>"#,
        // The breadcrumbs name the folder by its README's title.
        r#"<a href="index.html">Guide du partenaire</a>"#,
    ] {
        assert!(
            steps.contains(want),
            "{want} not in the steps page:\n{steps}"
        );
    }
}

#[test]
fn git_folders_are_never_published() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(tmp.path().join("content/.git")).unwrap();
    std::fs::write(tmp.path().join("content/.git/config"), "[core]\n").unwrap();
    std::fs::write(
        tmp.path().join("content/index.md"),
        "# A\n\n[config](.git/config)\n",
    )
    .unwrap();
    let run = faqsite(tmp.path(), &["check", "--offline"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout
            .contains("error[broken-link]: link to a missing file: `.git/config` does not exist"),
        "{}",
        run.stdout
    );
}

/// A symbolic link is not followed: one warning names it, and a link to it says what it is.
/// Names are compared in Unicode NFC (macOS writes NFD) and published under that name.
#[test]
fn symbolic_links_and_decomposed_names() {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    std::fs::create_dir_all(&content).unwrap();
    std::fs::write(tmp.path().join("dehors.md"), "# Dehors\n").unwrap();
    std::os::unix::fs::symlink("../dehors.md", content.join("lien.md")).unwrap();
    // "Étapes.md" and "réseau.pdf" written decomposed (E + U+0301, e + U+0301), linked composed.
    std::fs::write(content.join("E\u{301}tapes.md"), "# Étapes\n").unwrap();
    std::fs::write(content.join("re\u{301}seau.pdf"), "%PDF-1.4\n").unwrap();
    let index = "# Accueil\n\n[Étapes](Étapes.md) [réseau](réseau.pdf)\n\n[lien](lien.md)\n";
    std::fs::write(content.join("index.md"), index).unwrap();
    let run = faqsite(tmp.path(), &["check", "--offline"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert_eq!(
        run.stdout,
        "content/index.md:5:1: error[broken-link]: link to a symbolic link: `lien.md` is not published\n  |\n5 | [lien](lien.md)\n  | ^^^^^^^^^^^^^^^\n  |\n  = hint: faqsite does not follow symbolic links: copy the target into the content folder\n\n\
         content/lien.md:1:1: warning[symlink]: `lien.md` is a symbolic link: faqsite does not follow it, so it is not published\n = hint: copy the file or folder into the content folder, or link to where it points\n\n"
    );
    std::fs::write(
        content.join("index.md"),
        &index[..index.find("\n\n[lien]").unwrap() + 1],
    )
    .unwrap();
    let run = faqsite(tmp.path(), &["build", "--offline"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let public = tmp.path().join("public");
    assert!(public.join("Étapes.html").is_file());
    assert!(public.join("réseau.pdf").is_file());
    assert!(!public.join("lien.md").exists() && !public.join("lien.html").exists());
}

/// With the pages in ROOT's `content/`, a link from the root reads as GitHub reads it, from
/// the repository's root: `/content/docs/guide.md#étapes` leads to the guide's heading, and
/// is published relative. A link from the root that does not name the folder
/// (`/docs/guide.md`) still reads from the content's root, which the published site serves;
/// one to a file beside the content folder (`/img/logo.png`) leaves the site.
#[test]
fn links_from_the_root_read_from_the_repository_root() {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    std::fs::create_dir_all(content.join("docs")).unwrap();
    std::fs::write(
        content.join("README.md"),
        "# Accueil\n\n\
         [Le guide](/content/docs/guide.md#étapes), [encore](/docs/guide.md), \
         [le schéma](/content/docs/sch%C3%A9ma.png), [l'accueil](/content/) et \
         [une absente](/content/docs/absente.md#étapes).\n\n![Logo](/img/logo.png)\n",
    )
    .unwrap();
    std::fs::create_dir_all(tmp.path().join("img")).unwrap();
    std::fs::write(tmp.path().join("img/logo.png"), b"\x89PNG\r\n\x1a\n").unwrap();
    std::fs::write(content.join("docs/guide.md"), "# Guide\n\n## Étapes\n").unwrap();
    std::fs::write(content.join("docs/schéma.png"), b"\x89PNG\r\n\x1a\n").unwrap();
    let check = faqsite(tmp.path(), &["check", "--offline"]);
    let errors: Vec<&str> = check
        .stdout
        .lines()
        .filter(|l| l.contains(": error[") || l.contains(": warning["))
        .collect();
    assert_eq!(
        errors,
        [
            "content/README.md:3:114: warning[self-link]: this link leads to the page it is on",
            "content/README.md:3:140: error[broken-link]: link to a missing page: `docs/absente.md` does not exist",
            "content/README.md:5:1: error[link-outside-site]: link `/img/logo.png` leads to a file of the repository outside the content folder `content/`",
        ],
        "{}",
        check.stdout
    );
    std::fs::remove_file(content.join("README.md")).unwrap();
    std::fs::write(
        content.join("README.md"),
        "# Accueil\n\n[Le guide](/content/docs/guide.md#étapes), [encore](/docs/guide.md), \
         [le schéma](/content/docs/sch%C3%A9ma.png).\n",
    )
    .unwrap();
    let build = faqsite(tmp.path(), &["build", "--offline"]);
    assert_eq!(build.code, 0, "{}{}", build.stdout, build.stderr);
    let home = std::fs::read_to_string(tmp.path().join("public/index.html")).unwrap();
    for want in [
        r#"<a href="docs/guide.html#%C3%A9tapes">Le guide</a>"#,
        r#"<a href="docs/guide.html">encore</a>"#,
        r#"<a href="docs/sch%C3%A9ma.png">le schéma"#,
    ] {
        assert!(home.contains(want), "{want} not in the home page:\n{home}");
    }
}
