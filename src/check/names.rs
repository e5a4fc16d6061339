//! `case-clash`: two files whose paths differ only in case (`Page.md` beside `page.md`).
//! GitHub shows both, but a checkout on macOS or Windows keeps only one, and a site built
//! or served there loses the other. `output-clash`: two files published at the same path
//! (`guide.md`, published as `guide.html`, beside a `guide.html` file): the site keeps one.
//! Like the placement warnings they need the whole site.

use crate::content::{Page, PageId, Site};
use crate::diagnostics::{Code, Diagnostic};
use std::collections::HashMap;

/// For each page whose path clashes, the other paths it clashes with: in case, and in the
/// output.
pub struct Clashes {
    case: HashMap<PageId, Vec<String>>,
    output: HashMap<PageId, (String, Vec<String>)>,
}

impl Clashes {
    pub fn new(site: &Site) -> Self {
        Clashes {
            case: case_clashes(site),
            output: output_clashes(site),
        }
    }

    pub fn check_page(&self, page: &Page) -> Vec<Diagnostic> {
        let mut found = Vec::new();
        let names = |others: &[String]| {
            let names: Vec<String> = others.iter().map(|o| format!("`{o}`")).collect();
            names.join(", ")
        };
        if let Some(others) = self.case.get(&page.id) {
            let message = format!(
                "`{}` and {} differ only in case: on macOS and Windows only one of them can exist",
                page.path,
                names(others)
            );
            found.push(
                Diagnostic::new(Code::CaseClash, &page.path, 0..0, message)
                    .with_hint("rename one of them (and the links to it)"),
            );
        }
        if let Some((output, others)) = self.output.get(&page.id) {
            let message = format!(
                "`{}` and {} are both published as `{output}`: the site can hold only one of them",
                page.path,
                names(others)
            );
            found.push(
                Diagnostic::new(Code::OutputClash, &page.path, 0..0, message)
                    .with_hint("rename one of them (and the links to it)"),
            );
        }
        found
    }
}

/// Each file of the site by the path it is published at: a Markdown page at its output
/// (`a.md` → `a.html`, a folder's page → `dir/index.html`), any other file at its own path.
fn output_clashes(site: &Site) -> HashMap<PageId, (String, Vec<String>)> {
    let mut by_output: HashMap<String, Vec<&str>> = HashMap::new();
    for page in site.pages() {
        let output = site.output_path(page);
        by_output.entry(output).or_default().push(&page.path);
    }
    for asset in site.assets() {
        by_output
            .entry(asset.path.clone())
            .or_default()
            .push(&asset.path);
    }
    let mut clashes = HashMap::new();
    for (output, same) in by_output.iter().filter(|(_, same)| same.len() > 1) {
        for path in same {
            if let Some(page) = site.page(path) {
                let others = same.iter().filter(|p| *p != path).map(|p| p.to_string());
                clashes.insert(page.id, (output.clone(), others.collect()));
            }
        }
    }
    clashes
}

/// For each page whose path differs only in case from others, those others.
fn case_clashes(site: &Site) -> HashMap<PageId, Vec<String>> {
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
    clashes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{read_page, Asset, LoadOptions};

    #[test]
    fn paths_equal_but_for_case_clash() {
        let found = clash_messages(&[
            "Page.md",
            "page.md",
            "guide/FAQ.md",
            "guide/faq.pdf",
            "autre.md",
        ]);
        assert_eq!(
            found,
            [
                "`Page.md` and `page.md` differ only in case: on macOS and Windows only one of them can exist",
                "`page.md` and `Page.md` differ only in case: on macOS and Windows only one of them can exist",
            ]
        );
    }

    /// A page published where another file is: `a.md` as `a.html` beside an `a.html`, a
    /// folder's README as `dir/index.html` beside a `dir/index.html`. Not a README beside an
    /// `index.md` (the README keeps its name), nor a PDF beside its page.
    #[test]
    fn files_published_at_the_same_path_clash() {
        let found = clash_messages(&[
            "a.md",
            "a.html",
            "docs/README.md",
            "docs/index.html",
            "guide/index.md",
            "guide/README.md",
            "cgu.md",
            "cgu.pdf",
        ]);
        assert_eq!(
            found,
            [
                "`a.md` and `a.html` are both published as `a.html`: the site can hold only one of them",
                "`docs/README.md` and `docs/index.html` are both published as `docs/index.html`: the site can hold only one of them",
            ]
        );
    }

    /// The clash messages of the site made of these files (`.md` pages, the rest assets),
    /// sorted.
    fn clash_messages(paths: &[&str]) -> Vec<String> {
        let mut site = Site::new("content".into());
        for &path in paths {
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
            .flat_map(|p| clashes.check_page(p))
            .map(|d| d.message)
            .collect();
        found.sort();
        found
    }
}
