//! Table tests of the model: pages inserted, replaced and removed one at a time keep their
//! identities, and the link graph and backlinks stay exact.

use super::*;

fn read(path: &str, text: &str) -> ReadPage {
    read_page(path, text.as_bytes().to_vec(), LoadOptions::default())
}

/// Every page's backlinks, by path.
fn backlinks(site: &Site) -> Vec<(String, Vec<String>)> {
    site.pages()
        .map(|p| {
            let from = site.backlinks(p.id);
            let from = from.iter().map(|&id| site.get(id).path.clone()).collect();
            (p.path.clone(), from)
        })
        .collect()
}

fn expect(site: &Site, want: &[(&str, &[&str])]) {
    let want: Vec<(String, Vec<String>)> = want
        .iter()
        .map(|(p, from)| (p.to_string(), from.iter().map(|s| s.to_string()).collect()))
        .collect();
    assert_eq!(backlinks(site), want);
}

#[test]
fn backlinks_follow_every_local_link_form() {
    let site = Site::from_texts(&[
        (
            "index.md",
            "# Accueil\n[a](a/x.md) [a encore](a/x.md#h) [soi](#haut)",
        ),
        (
            "a/index.md",
            "# A\n[x](x.md) [racine](..) [image](../img.png)",
        ),
        (
            "a/x.md",
            "# X\n[section](./) [accueil](/index.md) [ext](https://x.fr/a/x.md)",
        ),
        ("b/y.md", "# Y\n[dossier a](../a/) [manque](../a/z.md)"),
    ]);
    expect(
        &site,
        &[
            ("a/index.md", &["a/x.md", "b/y.md"]),
            ("a/x.md", &["a/index.md", "index.md"]),
            ("b/y.md", &[]),
            ("index.md", &["a/index.md", "a/x.md"]),
        ],
    );
}

#[test]
fn inserting_replacing_and_removing_pages_keeps_the_graph_exact() {
    let mut site = Site::from_texts(&[
        ("a.md", "# A\n[b](b.md) [c](c.md)"),
        ("b.md", "# B\n[a](a.md)"),
    ]);
    let a = site.page_id("a.md").unwrap();
    let b = site.page_id("b.md").unwrap();
    // `c.md` was linked while missing: it has its backlink as soon as it exists.
    let c = site
        .upsert_page("c.md", read("c.md", "# C\n[b](b.md)"))
        .unwrap();
    expect(
        &site,
        &[
            ("a.md", &["b.md"]),
            ("b.md", &["a.md", "c.md"]),
            ("c.md", &["a.md"]),
        ],
    );
    // Replacing a page keeps its id and swaps its edges.
    let again = site
        .upsert_page("a.md", read("a.md", "# A2\n[c](c.md)"))
        .unwrap();
    assert_eq!(again, a);
    assert_eq!(site.get(a).title, "A2");
    expect(
        &site,
        &[
            ("a.md", &["b.md"]),
            ("b.md", &["c.md"]),
            ("c.md", &["a.md"]),
        ],
    );
    // Removing a page drops its edges; the pages linking to it still point at its path.
    assert_eq!(site.remove_page("b.md"), Some(b));
    expect(&site, &[("a.md", &[]), ("c.md", &["a.md"])]);
    assert_eq!(site.graph.linking_to("b.md"), &[c]);
    assert_eq!(site.lookup("b.md"), Resolved::Missing);
    // A new page never takes an old id.
    let b2 = site.upsert_page("b.md", read("b.md", "# B\n")).unwrap();
    assert_ne!(b2, b);
    expect(
        &site,
        &[("a.md", &[]), ("b.md", &["c.md"]), ("c.md", &["a.md"])],
    );
    let order: Vec<&str> = site.pages().map(|p| p.path.as_str()).collect();
    assert_eq!(order, ["a.md", "b.md", "c.md"]);
}

#[test]
fn drafts_leave_the_site_and_folders_follow_their_files() {
    let mut site = Site::from_texts(&[("d/a.md", "# A"), ("b.md", "[a](d/a.md)")]);
    assert!(site.is_dir("d") && site.is_dir("d/"));
    assert_eq!(
        site.upsert_page("d/a.md", read("d/a.md", "---\ndraft: true\n---\n# A")),
        None
    );
    assert!(site.page("d/a.md").is_none() && !site.is_dir("d"));
    assert_eq!(site.lookup("d/a.md"), Resolved::Missing);
    site.upsert_asset(Asset {
        path: "d/cgu.pdf".into(),
        size: 3,
        file: None,
    });
    assert!(matches!(site.lookup("d/cgu.pdf"), Resolved::Asset(_)));
    assert_eq!(site.lookup("d/"), Resolved::Folder(None));
    site.remove_asset("d/cgu.pdf");
    assert_eq!(site.lookup("d/"), Resolved::Missing);
}

#[test]
fn reading_problems_belong_to_their_file() {
    let mut site = Site::from_texts(&[("a.md", "---\ntitle: [\n---\n# A")]);
    assert_eq!(site.problems("a.md").len(), 1);
    site.upsert_page("a.md", read("a.md", "# A"));
    assert!(site.problems("a.md").is_empty());
}

#[test]
fn a_folders_readme_is_its_page_unless_it_has_an_index() {
    let site = Site::from_texts(&[
        (
            "README.md",
            "# Accueil\n[guide](guide/) [autre](autre/README.md)",
        ),
        ("guide/README.md", "# Guide\n[haut](../)"),
        (
            "guide/etapes.md",
            "# Étapes\n[guide](./) [guide](.) [guide](README.md#guide)",
        ),
        ("autre/index.md", "# Autre\n[racine](..)"),
        ("autre/README.md", "# Lisez-moi\n"),
    ]);
    let table = [
        ("README.md", Some(""), "index.html"),
        ("guide/README.md", Some("guide"), "guide/index.html"),
        ("guide/etapes.md", None, "guide/etapes.html"),
        ("autre/index.md", Some("autre"), "autre/index.html"),
        ("autre/README.md", None, "autre/README.html"),
    ];
    for (path, folder, output) in table {
        let page = site.page(path).unwrap();
        assert_eq!(site.folder_of_page(page), folder, "{path}");
        assert_eq!(site.output_path(page), output, "{path}");
    }
    let guide = site.page_id("guide/README.md");
    assert_eq!(site.lookup("guide/"), Resolved::Folder(guide));
    assert_eq!(site.lookup("guide"), Resolved::Folder(guide));
    expect(
        &site,
        &[
            ("README.md", &["autre/index.md", "guide/README.md"]),
            ("autre/README.md", &["README.md"]),
            ("autre/index.md", &[]),
            ("guide/README.md", &["README.md", "guide/etapes.md"]),
            ("guide/etapes.md", &[]),
        ],
    );
}

/// The model holds every link of the site: its size is the memory `check` needs.
#[test]
fn links_stay_small() {
    assert!(
        std::mem::size_of::<Link>() <= 88,
        "{}",
        std::mem::size_of::<Link>()
    );
    assert!(std::mem::size_of::<Target>() <= 24);
}

#[test]
fn a_page_without_title_is_named_after_its_file_or_folder() {
    let table = [
        ("a.md", "Du texte.", "a"),
        ("guide/étapes.md", "Du texte.", "étapes"),
        (
            "travailler-chez-beta/README.md",
            "travailler-chez-beta",
            "Travailler chez beta",
        ),
        ("guide/readme.md", "", "Guide"),
        ("guide/index.md", "", "Guide"),
        ("README.md", "Bienvenue.", "README"),
        ("guide/x.md", "# Titre\n", "Titre"),
    ];
    for (path, text, want) in table {
        let page = read(path, text).page.unwrap();
        assert_eq!(page.title, want, "{path}");
    }
}

#[test]
fn referrers_follow_files_folders_and_their_pages() {
    let site = Site::from_texts(&[
        ("index.md", "[guide](guide/) [a](guide/a.md) [racine](./)"),
        ("guide/README.md", "# Guide"),
        ("guide/a.md", "[b](sous/b.md) [sous](sous/)"),
        ("autre.md", "[le guide](guide) [readme](guide/README.md)"),
    ]);
    let paths = |path: &str, moved: bool| -> Vec<String> {
        let ids = site.referrers(path, moved);
        let mut paths: Vec<String> = ids
            .into_iter()
            .map(|id| site.get(id).path.clone())
            .collect();
        paths.sort();
        paths
    };
    let table: [(&str, bool, &[&str]); 5] = [
        // An edit: those linking to the file.
        ("guide/a.md", false, &["index.md"]),
        // A folder's page: also those linking to its folder.
        ("guide/README.md", false, &["autre.md", "index.md"]),
        // A file that came: its folders appear, up to the root.
        (
            "guide/sous/b.md",
            true,
            &["autre.md", "guide/a.md", "index.md"],
        ),
        ("guide/sous/b.md", false, &["guide/a.md"]),
        // `readme.md` is a folder's page too (GitHub shows it).
        ("guide/readme.md", false, &["autre.md", "index.md"]),
    ];
    for (path, moved, want) in table {
        assert_eq!(paths(path, moved), want, "{path} {moved}");
    }
}

#[test]
fn an_output_faqsite_wrote_is_never_read_back() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    std::fs::create_dir_all(root.join("site/sous")).unwrap();
    std::fs::write(root.join("README.md"), "# Accueil\n").unwrap();
    std::fs::write(root.join("site/.faqsite-output"), "").unwrap();
    std::fs::write(root.join("site/ancienne.md"), "# Ancienne\n").unwrap();
    std::fs::write(root.join("site/sous/page.md"), "# Page\n").unwrap();
    let layout = crate::layout::resolve(root, None, None).unwrap();
    let mut site = load(&layout, LoadOptions::default()).unwrap();
    assert_eq!(site.page_count(), 1);
    // One changed path at a time, as `serve` reads them: the folder, a file inside.
    for path in ["site", "site/ancienne.md", "site/sous/page.md"] {
        for (p, entry) in crate::content::read(&site, &layout, path, LoadOptions::default()) {
            assert!(matches!(entry, Entry::Absent), "{p}");
            site.put(&p, entry);
        }
    }
    assert_eq!(site.page_count(), 1);
}

/// A build reads each page again to render it: the same text as the load read (byte-order
/// mark and invalid UTF-8 alike, and under its NFD name), or an error if it changed since.
#[test]
fn read_source_gives_the_loaded_text_or_says_it_changed() {
    let tmp = tempfile::tempdir().unwrap();
    let opts = LoadOptions {
        fingerprint: true,
        ..LoadOptions::default()
    };
    let mut site = Site::new(tmp.path().to_path_buf());
    let nfd = "e\u{301}te\u{301}.md";
    for (path, on_disk, bytes) in [
        ("a.md", "a.md", b"\xef\xbb\xbf# A\n\xff\n".to_vec()),
        ("\u{e9}t\u{e9}.md", nfd, b"# Ete\n".to_vec()),
    ] {
        std::fs::write(tmp.path().join(on_disk), &bytes).unwrap();
        site.upsert_page(path, read_page(path, bytes, opts));
    }
    for page in site.pages() {
        assert_eq!(page.source, None, "not kept");
        let (want, _) = decode(
            std::fs::read(
                tmp.path()
                    .join(if page.path == "a.md" { "a.md" } else { nfd }),
            )
            .unwrap(),
        );
        assert_eq!(read_source(&site, page).unwrap(), want, "{}", page.path);
    }
    std::fs::write(tmp.path().join("a.md"), "# A, revu\n").unwrap();
    let changed = read_source(&site, site.page("a.md").unwrap()).unwrap_err();
    assert_eq!(changed.code, crate::diagnostics::Code::Unreadable);
    assert_eq!(
        changed.message,
        "`a.md` changed while faqsite was building the site"
    );
    std::fs::remove_file(tmp.path().join("a.md")).unwrap();
    let gone = read_source(&site, site.page("a.md").unwrap()).unwrap_err();
    assert!(
        gone.message.contains("could not be read again"),
        "{}",
        gone.message
    );
}

#[test]
fn html_file_names_table() {
    let table = [
        ("a.html", true),
        ("guide/annexe.htm", true),
        ("RAPPORT.HTML", true),
        ("a.md", false),
        ("html", false),
        ("a.html.md", false),
        ("a.xhtml", false),
        (".html/a.png", false),
    ];
    for (path, want) in table {
        assert_eq!(is_html_file(path), want, "{path}");
    }
}

/// An HTML page is a node of the graph like a page: its links are backlinks, links to it
/// make it a referrer's target; but it is not one of the rendered `pages()`, it is
/// published at its own path, and it is a file of the site as well.
#[test]
fn html_pages_are_nodes_of_the_graph_but_not_rendered_pages() {
    let mut site = Site::from_texts(&[
        ("index.md", "# Accueil\n[rapport](outils/rapport.html#haut)"),
        (
            "outils/rapport.html",
            "<title>Rapport</title><h1 id=haut>R</h1><a href=\"../guide.md\">g</a> <a href=\"annexe.htm\">a</a>",
        ),
        ("outils/annexe.htm", "<p>Sans titre</p>"),
        ("guide.md", "# Guide"),
    ]);
    let paths = |ids: &[PageId]| -> Vec<String> {
        ids.iter().map(|&id| site.get(id).path.clone()).collect()
    };
    let pages: Vec<&str> = site.pages().map(|p| p.path.as_str()).collect();
    assert_eq!(pages, ["guide.md", "index.md"]);
    assert_eq!(
        paths(&site.document_ids()),
        [
            "guide.md",
            "index.md",
            "outils/annexe.htm",
            "outils/rapport.html"
        ]
    );
    assert_eq!((site.page_count(), site.document_count()), (2, 4));
    let rapport = site.page("outils/rapport.html").unwrap();
    assert_eq!(rapport.format, Format::Html);
    assert_eq!(rapport.title, "Rapport");
    assert_eq!(site.page("outils/annexe.htm").unwrap().title, "annexe.htm");
    assert_eq!(site.output_path(rapport), "outils/rapport.html");
    assert_eq!(
        site.lookup("outils/rapport.html"),
        Resolved::Page(rapport.id)
    );
    assert!(site.asset("outils/rapport.html").is_some());
    let guide = site.page_id("guide.md").unwrap();
    assert_eq!(paths(&site.backlinks(guide)), ["outils/rapport.html"]);
    assert_eq!(paths(&site.backlinks(rapport.id)), ["index.md"]);
    let referrers: Vec<PageId> = site.referrers("guide.md", false).into_iter().collect();
    assert_eq!(paths(&referrers), ["outils/rapport.html"]);
    // No longer UTF-8 text: a file published unchecked; its links leave the graph.
    let asset = Asset {
        path: "outils/rapport.html".into(),
        size: 3,
        file: None,
    };
    site.put("outils/rapport.html", Entry::File(asset, None));
    assert!(site.page("outils/rapport.html").is_none());
    assert!(matches!(
        site.lookup("outils/rapport.html"),
        Resolved::Asset(_)
    ));
    assert!(site.backlinks(guide).is_empty());
    assert_eq!(site.document_count(), 3);
    // Gone: the folder goes with its last file.
    site.put("outils/rapport.html", Entry::Absent);
    site.put("outils/annexe.htm", Entry::Absent);
    assert!(!site.is_dir("outils") && site.html_pages().len() == 0);
}

#[test]
fn html_files_that_are_no_utf8_text_are_not_read() {
    let table: [(&[u8], bool); 4] = [
        (b"<p>ok</p>", true),
        (b"\xef\xbb\xbf<p>ok</p>", true),
        (b"<p>R\xe9sum\xe9</p>", false),
        (b"<p>\0</p>", false),
    ];
    for (bytes, read) in table {
        let found = read_html("a.html", bytes.to_vec(), LoadOptions::default());
        assert_eq!(found.is_some(), read, "{bytes:?}");
    }
}

/// An HTML file's links are addresses of the published site: `x.html` is the page `x.md`,
/// a folder's `index.html` the folder, and a Markdown page's own path leads nowhere.
#[test]
fn addresses_of_the_site_table() {
    let site = Site::from_texts(&[
        ("index.md", "# Accueil"),
        ("guide.md", "# Guide"),
        ("docs/README.md", "# Docs"),
        ("docs/a.md", "# A"),
        ("vide/index.md", "# Vide"),
        ("sans/b.md", "# B"),
    ]);
    let page = |p: &str| Resolved::Page(site.page_id(p).unwrap());
    let folder = |p: &str| Resolved::Folder(Some(site.page_id(p).unwrap()));
    let table = [
        ("guide.html", page("guide.md")),
        ("guide.md", Resolved::Missing),
        ("index.html", page("index.md")),
        ("docs/a.html", page("docs/a.md")),
        ("docs/index.html", folder("docs/README.md")),
        ("docs/README.html", Resolved::Missing),
        ("docs/", folder("docs/README.md")),
        ("vide/index.html", page("vide/index.md")),
        ("sans/index.html", Resolved::Folder(None)),
        ("sans/b.html", page("sans/b.md")),
        ("absent.html", Resolved::Missing),
    ];
    for (address, want) in table {
        assert_eq!(site.lookup_published(address), want, "{address}");
    }
    for (address, keys) in [
        ("guide.html", vec!["guide.html", "guide.md"]),
        ("index.html", vec!["index.html", "index.md", ""]),
        (
            "docs/index.html",
            vec!["docs/index.html", "docs/index.md", "docs/", "docs"],
        ),
        ("a.pdf", vec!["a.pdf"]),
    ] {
        assert_eq!(Site::published_keys(address), keys, "{address}");
    }
}

/// Links share one copy of each destination and target path, and a string no link uses
/// any more is forgotten.
#[test]
fn links_share_their_strings() {
    let mut site = Site::from_texts(&[
        ("a.md", "# A\n[g](guide.md) [g encore](guide.md#x)"),
        ("b.md", "# B\n[g](guide.md)"),
        ("guide.md", "# Guide"),
    ]);
    let dest = |site: &Site, page: &str, n: usize| site.page(page).unwrap().links[n].dest.clone();
    let path = |site: &Site, page: &str| match &site.page(page).unwrap().links[0].target {
        Target::Local { path } => path.clone(),
        other => panic!("{other:?}"),
    };
    assert!(std::sync::Arc::ptr_eq(
        &dest(&site, "a.md", 0),
        &dest(&site, "b.md", 0)
    ));
    assert!(std::sync::Arc::ptr_eq(
        &path(&site, "a.md"),
        &path(&site, "b.md")
    ));
    let gone = std::sync::Arc::downgrade(&dest(&site, "a.md", 1));
    let kept = std::sync::Arc::downgrade(&dest(&site, "b.md", 0));
    site.upsert_page("a.md", read("a.md", "# A\n[b](b.md)"));
    site.forget_unused_strings();
    assert!(
        gone.upgrade().is_none(),
        "`guide.md#x` is no link's any more"
    );
    assert!(kept.upgrade().is_some(), "`b.md` still links to `guide.md`");
}
