//! The checks. Each is a function of the site and one page that returns that page's
//! diagnostics, so that any set of pages can be re-checked and the result equals the
//! whole-site check on them. None renders or prints; levels and allow comments apply later,
//! to every diagnostic at once (`policy`).

mod allows;
pub mod anchors;
pub mod cgu;
pub mod external;
mod graph;
mod hints;
pub mod links;
mod names;

use crate::cgu::Registry;
use crate::content::{PageId, Site};
use crate::diagnostics::Diagnostic;
use rayon::prelude::*;
use std::collections::HashMap;

static NO_RENAMES: std::sync::LazyLock<HashMap<String, String>> =
    std::sync::LazyLock::new(HashMap::new);

/// Everything the internal checks need besides a page, prepared once per site.
pub struct Checker<'a> {
    site: &'a Site,
    cgu: cgu::Scanner<'a>,
    hints: hints::Hints<'a>,
    reach: std::sync::OnceLock<graph::Reach>,
    clashes: std::sync::OnceLock<names::Clashes>,
    /// Whether `page` includes `orphan-page`, `unreachable-page` and the clashes, which
    /// need the whole site (`graph` gives them for every page at once).
    placement: bool,
}

impl<'a> Checker<'a> {
    pub fn new(site: &'a Site, registry: &'a Registry) -> Self {
        Checker {
            site,
            cgu: cgu::Scanner::new(registry),
            hints: hints::Hints::new(site, &NO_RENAMES),
            reach: std::sync::OnceLock::new(),
            clashes: std::sync::OnceLock::new(),
            placement: true,
        }
    }

    /// A checker whose hints, and fixes, follow the renames git recorded (content paths,
    /// from → to): a link to a renamed file is fixed to its new name.
    pub fn with_renames(mut self, renames: &'a HashMap<String, String>) -> Self {
        self.hints = hints::Hints::new(self.site, renames);
        self
    }

    /// A checker whose `page` leaves out the placement warnings (`graph` has them).
    pub fn without_placement(mut self) -> Self {
        self.placement = false;
        self
    }

    /// The diagnostics of one page: problems reading it, its links and anchors, its CGU
    /// references.
    pub fn page(&self, id: PageId) -> Vec<Diagnostic> {
        let page = self.site.get(id);
        let mut diags = self.site.problems(&page.path).to_vec();
        diags.extend(links::check_page(self.site, &self.hints, page));
        diags.extend(self.cgu.check_page(page));
        diags.extend(allows::check_page(page));
        diags.extend(page.scripts.iter().map(|span| {
            Diagnostic::new(
                crate::diagnostics::Code::RawScript,
                &page.path,
                span.clone(),
                "a <script> in the page runs on the published site",
            )
            .with_hint("if it is meant to, allow it: `checks: {raw-script: off}` in faqsite.yaml or an allow comment")
        }));
        diags.extend(page.diagrams.iter().map(|(line, message)| {
            Diagnostic::new(
                crate::diagnostics::Code::Mermaid,
                &page.path,
                line.clone(),
                format!("this mermaid diagram does not parse: {message}"),
            )
            .with_hint(
                "it is shown as code; see https://mermaid.js.org/intro/syntax-reference.html",
            )
        }));
        diags.extend(graph::self_links(self.site, page));
        if self.placement {
            let reach = self.reach.get_or_init(|| graph::Reach::new(self.site));
            diags.extend(graph::placement(self.site, reach, page));
            diags.extend(self.clashes().check_page(page));
        }
        diags
    }

    fn clashes(&self) -> &names::Clashes {
        self.clashes.get_or_init(|| names::Clashes::new(self.site))
    }

    /// `orphan-page` and `unreachable-page` of every page, Markdown and HTML: a change
    /// anywhere can change them anywhere.
    pub fn graph(&self) -> Vec<Diagnostic> {
        let reach = self.reach.get_or_init(|| graph::Reach::new(self.site));
        self.site
            .documents()
            .flat_map(|page| {
                let mut found = graph::placement(self.site, reach, page);
                found.extend(self.clashes().check_page(page));
                found
            })
            .collect()
    }

    /// The diagnostics of the given pages, on all cores.
    pub fn pages(&self, ids: &[PageId]) -> Vec<Diagnostic> {
        ids.par_iter().flat_map_iter(|&id| self.page(id)).collect()
    }

    /// The diagnostics of every page (HTML pages too), and the problems of files that are no
    /// page (drafts).
    pub fn site(&self) -> Vec<Diagnostic> {
        let mut diags = self.pages(&self.site.document_ids());
        diags.extend(
            self.site
                .all_problems()
                .filter(|d| self.site.page(&d.file).is_none())
                .cloned(),
        );
        diags
    }
}

/// The codes `Checker::graph` reports.
pub const GRAPH_CODES: [crate::diagnostics::Code; 4] = [
    crate::diagnostics::Code::OrphanPage,
    crate::diagnostics::Code::UnreachablePage,
    crate::diagnostics::Code::CaseClash,
    crate::diagnostics::Code::OutputClash,
];

/// The diagnostic code closest to a misspelt one (`broken-links` → `broken-link`).
pub fn closest_code(written: &str) -> Option<&'static str> {
    hints::closest(
        written,
        crate::diagnostics::Code::ALL.iter().map(|c| c.as_str()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{read_page, LoadOptions};

    fn codes(site: &Site, ids: &[PageId]) -> Vec<(String, &'static str, String)> {
        let registry = Registry::default();
        let mut found: Vec<_> = Checker::new(site, &registry)
            .pages(ids)
            .into_iter()
            .map(|d| (d.file, d.code.as_str(), d.message))
            .collect();
        found.sort();
        found
    }

    const PAGES: &[(&str, &str)] = &[
        (
            "a.md",
            "# A\n## Étapes\n[b](b.md#suite) [c](c.md) [x](x.md)",
        ),
        ("b.md", "# B\n## Suite\n[a](a.md#étapes) [a](a.md#etapes)"),
        ("c.md", "---\nweight: [\n---\n# C\n[soi](#nulle-part)"),
        ("d/e.md", "# E\n[a](../a.md) [dehors](../../x.md)"),
    ];

    #[test]
    fn rechecking_any_set_of_pages_equals_the_whole_check_restricted_to_them() {
        let site = Site::from_texts(PAGES);
        let all = codes(&site, site.page_ids());
        let ids = site.page_ids().to_vec();
        for mask in 0..(1u32 << ids.len()) {
            let set: Vec<PageId> = (0..ids.len())
                .filter(|i| mask & (1 << i) != 0)
                .map(|i| ids[i])
                .collect();
            let files: Vec<&str> = set.iter().map(|&id| site.get(id).path.as_str()).collect();
            let want: Vec<_> = all
                .iter()
                .filter(|(f, _, _)| files.contains(&f.as_str()))
                .cloned()
                .collect();
            assert_eq!(codes(&site, &set), want, "{files:?}");
        }
        let found: Vec<(&str, &str)> = all.iter().map(|(f, c, _)| (f.as_str(), *c)).collect();
        assert_eq!(
            found,
            [
                ("a.md", "broken-link"),
                ("b.md", "broken-anchor"),
                ("c.md", "broken-anchor"),
                ("c.md", "front-matter"),
                ("d/e.md", "link-outside-site"),
            ]
        );
    }

    #[test]
    fn anchors_behind_folder_links_are_checked_against_the_folders_page() {
        let site = Site::from_texts(&[
            (
                "README.md",
                "# Accueil\n## Démarrer\n[g](guide/#etapes) [g](guide/#nulle) [s](./#démarrer)",
            ),
            ("guide/README.md", "# Guide\n## Étapes\n[r](..#demarrer)"),
        ]);
        let found: Vec<(String, &str, String)> = codes(&site, site.page_ids());
        let found: Vec<(&str, &str)> = found
            .iter()
            .map(|(f, _, m)| (f.as_str(), m.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                (
                    "README.md",
                    "`guide/README.md` has no heading or id `etapes`"
                ),
                (
                    "README.md",
                    "`guide/README.md` has no heading or id `nulle`"
                ),
                (
                    "guide/README.md",
                    "`README.md` has no heading or id `demarrer`"
                ),
            ]
        );
    }

    #[test]
    fn a_renamed_heading_breaks_the_anchors_that_point_to_it() {
        let mut site = Site::from_texts(PAGES);
        let b = site.page_id("b.md").unwrap();
        let a = site.page_id("a.md").unwrap();
        assert!(codes(&site, &[a])
            .iter()
            .all(|(_, c, _)| *c != "broken-anchor"));
        site.upsert_page(
            "b.md",
            read_page(
                "b.md",
                b"# B\n## Suite et fin\n".to_vec(),
                LoadOptions::default(),
            ),
        );
        // The pages to re-check are those linking to `b.md`, which the graph gives.
        assert_eq!(site.graph.linking_to("b.md"), &[a]);
        let found = codes(&site, &[a]);
        let found: Vec<(&str, &str)> = found.iter().map(|(_, c, m)| (*c, m.as_str())).collect();
        assert_eq!(
            found,
            [
                ("broken-anchor", "`b.md` has no heading or id `suite`"),
                (
                    "broken-link",
                    "link to a missing page: `x.md` does not exist"
                ),
            ]
        );
        assert!(codes(&site, &[b]).is_empty());
    }

    /// An HTML page's links are checked as a page's, its ids are the anchors links into it
    /// reach (without GitHub's prefix), and its own code is its author's: no `unsafe-link`,
    /// no `self-link`, no `raw-script`.
    #[test]
    fn html_pages_are_checked_as_pages_table() {
        let site = Site::from_texts(&[
            (
                "index.md",
                "# Accueil\n[r](r.html#haut) [r](r.html#user-content-haut) [r](r.html#bas)",
            ),
            (
                "r.html",
                "<h1 id=haut>R</h1><script src=\"a.js\"></script><a href=\"javascript:x()\">j</a>\n\
                 <a href=\"index.html#accueil\">i</a> <a href=\"index.html#zz\">z</a> <a href=\"#haut\">h</a>\n\
                 <a href=\"#nul\">n</a> <a href=\"r.html\">soi</a> <img src=\"../x.png\">",
            ),
        ]);
        let found = codes(&site, &site.document_ids());
        let found: Vec<(&str, &str, &str)> = found
            .iter()
            .map(|(f, c, m)| (f.as_str(), *c, m.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                (
                    "index.md",
                    "broken-anchor",
                    "`r.html` has no heading or id `bas`"
                ),
                (
                    "index.md",
                    "broken-anchor",
                    "`r.html` has no heading or id `user-content-haut`"
                ),
                (
                    "r.html",
                    "broken-anchor",
                    "`index.md` has no heading or id `zz`"
                ),
                (
                    "r.html",
                    "broken-anchor",
                    "this page has no heading or id `nul`"
                ),
                (
                    "r.html",
                    "broken-link",
                    "link to a missing file: `a.js` does not exist"
                ),
                (
                    "r.html",
                    "link-outside-site",
                    "link `../x.png` leaves the content folder"
                ),
            ]
        );
    }
}
