//! The author's order: side menus and previous/next list a folder's pages as its README links
//! them, a root `SUMMARY.md` (and `summary.md`) first, the rest in French order; the
//! summaries order the tree without being part of it (no menu, pager, backlink or orphan
//! warning), yet lead to the pages they list; breadcrumbs never repeat a title.

mod common;
use common::{assert_matches, copy_tree, faqsite, fixture};
use std::path::Path;

fn read(out: &Path, file: &str) -> String {
    std::fs::read_to_string(out.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"))
}

/// The text between the first `start` and the next `end` after it.
fn between<'a>(html: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let from = html.find(start)? + start.len();
    let len = html[from..].find(end)?;
    Some(&html[from..from + len])
}

/// The link texts of `<li>` items in `html`, in order.
fn item_titles(html: &str) -> Vec<String> {
    html.split("<li")
        .skip(1)
        .filter_map(|li| between(li, "<a ", "</a>"))
        .filter_map(|a| a.split_once('>'))
        .map(|(_, t)| t.replace("&#39;", "'"))
        .collect()
}

/// The entries of the side menu's section (its first list), in order.
fn menu(out: &Path, file: &str) -> Vec<String> {
    let html = read(out, file);
    let menu = between(&html, "<nav class=\"side-menu\"", "</ul>").expect("a side menu");
    item_titles(menu)
}

/// The pager's link (`prev` or `next`) of `file`, as an output path.
fn pager(out: &Path, file: &str, rel: &str) -> Option<String> {
    let html = read(out, file);
    let href = between(&html, &format!("rel=\"{rel}\" href=\""), "\"")?.replace("&#x2F;", "/");
    let dir = Path::new(file).parent().unwrap();
    let mut path = dir.to_path_buf();
    for part in href.split('/') {
        match part {
            ".." => assert!(path.pop(), "{href} from {file} leaves the site"),
            p => path.push(p),
        }
    }
    Some(path.to_string_lossy().into_owned())
}

#[test]
fn menus_and_pager_follow_the_authors_order() {
    let tmp = tempfile::tempdir().unwrap();
    copy_tree(&fixture("author_order/site"), tmp.path());
    // Written here, not kept in the fixture: beside SUMMARY.md, a checkout on macOS or
    // Windows would keep one of the two.
    std::fs::write(
        tmp.path().join("content/summary.md"),
        "# Table of contents\n\n* [Annexe](annexe.md)\n* [Foire aux questions](faq.md)\n",
    )
    .unwrap();
    let run = faqsite(tmp.path(), &["build", "--offline"]);
    // Only the two summaries' case clash: neither is an orphan, and the pages only they
    // lead to (`outils.md` from SUMMARY.md, `annexe.md` from summary.md) are reachable.
    assert_matches(&fixture("author_order/human.txt"), &run.stdout);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let out = tmp.path().join("public");

    // The guide's README orders it against alphabetical order; the weighted page leads;
    // what the README does not link to follows in French order (links from the FAQ do not
    // count): emoji ignored, accents folded, 2 before 10.
    let guide = [
        "Avant-propos",
        "10. Mise en production",
        "2. Raccordement",
        "L'API",
        "🚀 Démarrer",
        "Éligibilité",
        "Étape 2",
        "Étape 10",
        "SSO",
    ];
    assert_eq!(menu(&out, "guide/index.html"), guide);
    assert_eq!(menu(&out, "guide/sso.html"), guide);
    // SUMMARY.md orders the root before the home page's links, then summary.md; the
    // space's pages as SUMMARY.md nests them, against its own README.
    let root = [
        "Guide du partenaire",
        "Foire aux questions",
        "Accueil",
        "Outils",
        "Annexe",
    ];
    assert_eq!(menu(&out, "index.html"), root);
    assert_eq!(menu(&out, "SUMMARY.html"), root);
    assert_eq!(menu(&out, "espace/index.html"), ["Contacts", "Accès"]);

    // Previous / next walk the same tree depth first, summaries left out.
    let walk = [
        "index.html",
        "guide/index.html",
        "guide/avant-propos.html",
        "guide/dix.html",
        "guide/deux.html",
        "guide/api/jetons.html",
        "guide/demarrer.html",
        "guide/eligibilite.html",
        "guide/etape-2.html",
        "guide/etape-10.html",
        "guide/sso.html",
        "faq.html",
        "espace/index.html",
        "espace/contacts.html",
        "espace/acces.html",
        "outils.html",
        "annexe.html",
    ];
    let mut next = vec!["index.html".to_string()];
    while let Some(n) = pager(&out, next.last().unwrap(), "next") {
        assert!(next.len() <= walk.len(), "the pager loops: {next:?}");
        next.push(n);
    }
    assert_eq!(next, walk);
    for pair in walk.windows(2) {
        assert_eq!(pager(&out, pair[1], "prev").as_deref(), Some(pair[0]));
    }
    assert_eq!(pager(&out, "index.html", "prev"), None);
    for summary in ["SUMMARY.html", "summary.html"] {
        assert_eq!(pager(&out, summary, "prev"), None);
        assert_eq!(pager(&out, summary, "next"), None);
    }

    // No menu, pager or backlinks block names the summaries ("Table of contents"), though
    // they link to almost every page; their own pages are published and links to them work.
    for entry in walkdir::WalkDir::new(&out) {
        let entry = entry.unwrap();
        let file = entry.path().strip_prefix(&out).unwrap().to_string_lossy();
        let is_page = file.ends_with(".html") && !file.eq_ignore_ascii_case("summary.html");
        if is_page {
            let html = read(&out, &file);
            assert!(!html.contains("Table of contents"), "{file}:\n{html}");
        }
    }
    let faq = read(&out, "faq.html");
    let backlinks = between(&faq, "<h2 id=\"renvois\">", "</section>").unwrap();
    assert_eq!(item_titles(backlinks), ["Accueil"]);
    assert!(!read(&out, "annexe.html").contains("id=\"renvois\""));
    assert!(read(&out, "SUMMARY.html").contains("<a href=\"outils.html\">Outils</a>"));

    // The space's home is titled « Accueil », like the site's: one « Accueil », the deeper.
    let crumbs = |file: &str| {
        let html = read(&out, file);
        between(&html, "aria-label=\"Fil d'Ariane\">", "</nav>").map(|b| {
            let mut titles = item_titles(b);
            titles.extend(between(b, "aria-current=\"page\">", "</li>").map(String::from));
            titles
        })
    };
    assert_eq!(crumbs("espace/index.html"), None);
    assert_eq!(
        crumbs("espace/contacts.html"),
        Some(vec!["Accueil".into(), "Contacts".into()])
    );
    assert!(
        read(&out, "espace/contacts.html").contains("<li><a href=\"index.html\">Accueil</a></li>")
    );
    assert_eq!(
        crumbs("guide/sso.html"),
        Some(vec![
            "Accueil".into(),
            "Guide du partenaire".into(),
            "SSO".into()
        ])
    );
}
