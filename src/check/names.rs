//! `case-clash`: two files whose paths differ only in case (`Page.md` beside `page.md`).
//! GitHub shows both, but a checkout on macOS or Windows keeps only one, and a site built
//! or served there loses the other. Like the placement warnings it needs the whole site.

use crate::content::{Page, PageId, Site};
use crate::diagnostics::{Code, Diagnostic};
use std::collections::HashMap;

/// For each page whose path clashes, the other paths it clashes with.
pub struct Clashes(HashMap<PageId, Vec<String>>);

impl Clashes {
    pub fn new(site: &Site) -> Self {
        let mut by_folded: HashMap<String, Vec<&str>> = HashMap::new();
        let paths = site
            .pages()
            .map(|p| p.path.as_str())
            .chain(site.assets().into_iter().map(|a| a.path.as_str()));
        for path in paths {
            by_folded.entry(path.to_lowercase()).or_default().push(path);
        }
        let mut clashes = HashMap::new();
        for same in by_folded.values().filter(|same| same.len() > 1) {
            for path in same {
                if let Some(page) = site.page(path) {
                    let others = same.iter().filter(|p| *p != path);
                    clashes.insert(page.id, others.map(|p| p.to_string()).collect());
                }
            }
        }
        Clashes(clashes)
    }

    pub fn check_page(&self, page: &Page) -> Option<Diagnostic> {
        let others = self.0.get(&page.id)?;
        let names: Vec<String> = others.iter().map(|o| format!("`{o}`")).collect();
        let message = format!(
            "`{}` and {} differ only in case: on macOS and Windows only one of them can exist",
            page.path,
            names.join(", ")
        );
        Some(
            Diagnostic::new(Code::CaseClash, &page.path, 0..0, message)
                .with_hint("rename one of them (and the links to it)"),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{read_page, Asset, LoadOptions};

    #[test]
    fn paths_equal_but_for_case_clash() {
        let mut site = Site::new("content".into());
        for path in [
            "Page.md",
            "page.md",
            "guide/FAQ.md",
            "guide/faq.pdf",
            "autre.md",
        ] {
            if path.ends_with(".md") {
                site.upsert_page(
                    path,
                    read_page(path, b"# T\n".to_vec(), LoadOptions::default()),
                );
            } else {
                site.upsert_asset(Asset {
                    path: path.into(),
                    size: 1,
                    file: None,
                });
            }
        }
        let clashes = Clashes::new(&site);
        let mut found: Vec<String> = site
            .pages()
            .filter_map(|p| clashes.check_page(p))
            .map(|d| d.message)
            .collect();
        found.sort();
        assert_eq!(
            found,
            [
                "`Page.md` and `page.md` differ only in case: on macOS and Windows only one of them can exist",
                "`page.md` and `Page.md` differ only in case: on macOS and Windows only one of them can exist",
            ]
        );
    }
}
