//! Checks on the link graph: `self-link` (a link to its own page without an anchor),
//! `orphan-page` (no page links to it and no generated section index lists it) and
//! `unreachable-page` (no path of links and generated section indexes leads to it from the
//! home page or a `SUMMARY.md` / `summary.md`; side menus are not counted, they
//! list everything). The summaries are entry points, never orphans.
//!
//! An HTML page counts as a page: its links are backlinks, and paths of links go through
//! it. But it is published as it is, in no menu nor section index, and read at its own URL
//! (a landing page, a form's answer, an exported report): one that no page links to is an
//! entry point, as a summary is, not an orphan. One that pages link to is an ordinary
//! node, `unreachable-page` if no path leads to it. Its links to itself are no
//! `self-link` (a canonical `<link>`, a menu naming the current page).

use crate::content::{Format, Page, PageId, Resolved, Site};
use crate::diagnostics::{Code, Diagnostic};
use crate::paths::parent;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::collections::BTreeSet;

/// The pages reachable from the home page, computed once per run.
pub struct Reach {
    reachable: HashSet<PageId>,
}

/// The tree of folders: the pages of each folder and its subfolders holding pages.
struct Folders<'a> {
    pages: HashMap<&'a str, Vec<PageId>>,
    children: HashMap<&'a str, BTreeSet<&'a str>>,
}

impl<'a> Folders<'a> {
    fn new(site: &'a Site) -> Self {
        let mut folders = Folders {
            pages: HashMap::default(),
            children: HashMap::default(),
        };
        for page in site.pages() {
            let mut dir = parent(&page.path);
            folders.pages.entry(dir).or_default().push(page.id);
            while !dir.is_empty() {
                let up = parent(dir);
                if !folders.children.entry(up).or_default().insert(dir) {
                    break;
                }
                dir = up;
            }
        }
        folders
    }

    /// What the generated index of folder `dir` (which has no page of its own) lists: the
    /// pages of the folder, and each subfolder by its page, or else by its own generated
    /// index.
    fn listed_by_generated_index(&self, site: &Site, dir: &str, out: &mut Vec<PageId>) {
        out.extend(self.pages.get(dir).into_iter().flatten());
        for &child in self.children.get(dir).into_iter().flatten() {
            match site.folder_page(child) {
                Some(id) => out.push(id),
                None => self.listed_by_generated_index(site, child, out),
            }
        }
    }
}

impl Reach {
    pub fn new(site: &Site) -> Reach {
        let folders = Folders::new(site);
        let mut reachable = HashSet::default();
        let mut stack: Vec<PageId> = Vec::new();
        let mut expanded: HashSet<String> = HashSet::default();
        match site.folder_page("") {
            Some(home) => stack.push(home),
            None => folders.listed_by_generated_index(site, "", &mut stack),
        }
        // GitBook and mdBook trees navigate from their SUMMARY.md (or summary.md).
        stack.extend(site.summaries());
        // An HTML page nothing links to is read from outside, at its URL.
        let standalone = site.html_pages().filter(|p| !site.has_backlinks(p.id));
        stack.extend(standalone.map(|p| p.id));
        while let Some(id) = stack.pop() {
            if !reachable.insert(id) {
                continue;
            }
            for link in &site.get(id).links {
                match site.resolve(link) {
                    Some(Resolved::Page(t) | Resolved::Folder(Some(t))) => stack.push(t),
                    // A folder without a page has a generated index listing its pages.
                    Some(Resolved::Folder(None)) => {
                        let path = link.target.local_path().unwrap_or("");
                        // An HTML file's `dir/index.html` is the folder's address.
                        let path = match link.on_site {
                            true => path.strip_suffix("index.html").unwrap_or(path),
                            false => path,
                        };
                        let dir = path.trim_end_matches('/');
                        if expanded.insert(dir.to_string()) {
                            folders.listed_by_generated_index(site, dir, &mut stack);
                        }
                    }
                    _ => {}
                }
            }
        }
        Reach { reachable }
    }
}

/// `self-link` for one page.
pub fn self_links(site: &Site, page: &Page) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    if page.format == Format::Html {
        return found;
    }
    for link in &page.links {
        let to_self = site.linked_page(link) == Some(page.id);
        if to_self && link.fragment().is_none_or(str::is_empty) {
            found.push(
                Diagnostic::new(
                    Code::SelfLink,
                    &page.path,
                    link.span(),
                    "this link leads to the page it is on",
                )
                .with_hint("link to a heading of the page (`#…`) or to another page"),
            );
        }
    }
    found
}

/// `orphan-page` and `unreachable-page` for one page: they depend on the whole site.
pub fn placement(site: &Site, reach: &Reach, page: &Page) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    let home = site.folder_page("") == Some(page.id);
    if home || site.is_summary(page) {
        return found;
    }
    if page.format == Format::Html {
        // An entry point if nothing links to it (`Reach::new`), never an orphan.
        if !reach.reachable.contains(&page.id) {
            found.push(unreachable(page));
        }
        return found;
    }
    let listed = match site.folder_of_page(page) {
        // A folder's page is listed by its parent's generated index, if there is one.
        Some(dir) => site.folder_page(parent(dir)).is_none(),
        None => site.folder_page(parent(&page.path)).is_none(),
    };
    if !listed && !site.has_backlinks(page.id) {
        found.push(
            Diagnostic::new(
                Code::OrphanPage,
                &page.path,
                0..0,
                "no page links to this page",
            )
            .with_hint("link to it from its folder's page or a related page, or remove it"),
        );
    } else if !reach.reachable.contains(&page.id) {
        found.push(unreachable(page));
    }
    found
}

fn unreachable(page: &Page) -> Diagnostic {
    Diagnostic::new(
        Code::UnreachablePage,
        &page.path,
        0..0,
        "no path of links leads to this page from the home page",
    )
    .with_hint("link to it, or to a page that links to it, from a page readers reach")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A site as (path, text) pairs, for `Site::from_texts`.
    type Pages = &'static [(&'static str, &'static str)];

    /// The placement warnings of every page, HTML pages too, as `path code`.
    fn placements(pages: &[(&str, &str)]) -> Vec<String> {
        let site = Site::from_texts(pages);
        let reach = Reach::new(&site);
        site.documents()
            .flat_map(|p| placement(&site, &reach, p))
            .map(|d| format!("{} {}", d.file, d.code.as_str()))
            .collect()
    }

    #[test]
    fn summaries_are_entry_points_and_never_orphans_table() {
        let table: [(Pages, &[&str]); 4] = [
            // Each summary leads to its pages; neither is an orphan though nothing links to it.
            (
                &[
                    ("README.md", "# Accueil"),
                    ("SUMMARY.md", "* [A](a.md)"),
                    ("summary.md", "* [B](b.md)"),
                    ("a.md", "# A\n[c](c.md)"),
                    ("b.md", "# B"),
                    ("c.md", "# C"),
                ],
                &[],
            ),
            (
                &[
                    ("README.md", "# Accueil"),
                    ("summary.md", "* [B](b.md)"),
                    ("b.md", "# B"),
                ],
                &[],
            ),
            // A GitBook space in a folder has its own summary: an entry point too.
            (
                &[
                    ("README.md", "# Accueil\n[g](guide/)"),
                    ("guide/README.md", "# Guide"),
                    ("guide/SUMMARY.md", "* [B](b.md)"),
                    ("guide/b.md", "# B"),
                ],
                &[],
            ),
            // A page no summary nor page leads to is still found.
            (
                &[
                    ("README.md", "# Accueil"),
                    ("SUMMARY.md", "* [A](a.md)"),
                    ("a.md", "# A"),
                    ("z.md", "# Z"),
                ],
                &["z.md orphan-page"],
            ),
        ];
        for (pages, want) in table {
            assert_eq!(placements(pages), want, "{pages:?}");
        }
    }

    #[test]
    fn html_pages_are_entry_points_unless_linked_table() {
        let table: [(Pages, &[&str]); 5] = [
            // Nothing links to it: read at its URL, an entry point; the page only it links to
            // is neither orphan nor unreachable.
            (
                &[
                    ("README.md", "# Accueil"),
                    ("seul.html", "<a href=\"cache.html\">c</a>"),
                    ("cache.md", "# Cache"),
                ],
                &[],
            ),
            // Linked from a page readers reach: an ordinary node, through which paths go.
            (
                &[
                    ("README.md", "# Accueil\n[r](outils/r.html)"),
                    ("outils/r.html", "<a href=\"../guide.html\">g</a>"),
                    ("guide.md", "# Guide"),
                ],
                &[],
            ),
            // Linked only from an unreachable page: unreachable too, and what it links to.
            (
                &[
                    ("README.md", "# Accueil"),
                    ("archives/vieux.md", "# Vieux\n[v](vieux.html)"),
                    ("archives/vieux.html", "<a href=\"../guide.html\">g</a>"),
                    ("guide.md", "# Guide"),
                ],
                &[
                    "archives/vieux.html unreachable-page",
                    "archives/vieux.md unreachable-page",
                    "guide.md unreachable-page",
                ],
            ),
            // Two HTML pages linking to each other only: no entry point, both unreachable.
            (
                &[
                    ("README.md", "# Accueil"),
                    ("a.html", "<a href=\"b.html\">b</a>"),
                    ("b.html", "<a href=\"a.html\">a</a>"),
                ],
                &["a.html unreachable-page", "b.html unreachable-page"],
            ),
            // A link to itself is no backlink: still an entry point.
            (
                &[
                    ("README.md", "# Accueil"),
                    ("seul.html", "<link rel=canonical href=\"seul.html\">"),
                ],
                &[],
            ),
        ];
        for (pages, want) in table {
            assert_eq!(placements(pages), want, "{pages:?}");
        }
    }

    #[test]
    fn an_html_page_linking_to_itself_is_no_self_link() {
        let site = Site::from_texts(&[
            (
                "a.html",
                "<link rel=canonical href=\"a.html\"><a href=\"a.html\">a</a>",
            ),
            ("b.md", "# B\n[b](b.md)"),
        ]);
        let found: Vec<String> = site
            .documents()
            .flat_map(|p| self_links(&site, p))
            .map(|d| d.file)
            .collect();
        assert_eq!(found, ["b.md"]);
    }
}
