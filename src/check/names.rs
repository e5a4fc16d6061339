//! `case-clash`: two files whose paths differ only in case (`Page.md` beside `page.md`).
//! GitHub shows both, but a checkout on macOS or Windows keeps only one, and a site built
//! or served there loses the other. `output-clash`: two files published at the same path
//! (`guide.md`, published as `guide.html`, beside a `guide.html` file): the site keeps one.
//! Like the placement warnings they need the whole site.

use crate::content::{Page, PageId, Site};
use crate::diagnostics::{Code, Diagnostic};
use std::collections::HashMap;

/// For each page whose path clashes, the key its files share (the path in lower case, or
/// the path they are published at) and the other files: in case, and in the output.
pub struct Clashes {
    case: Groups,
    output: Groups,
}

type Groups = HashMap<PageId, (String, Vec<String>)>;

impl Clashes {
    pub fn new(site: &Site) -> Self {
        // Every file of the site: Markdown pages by their source and by their output (`a.md`
        // → `a.html`, a folder's page → `dir/index.html`), any other file at its own path.
        let pages = site.pages().map(|p| (p.path.as_str(), site.output_path(p)));
        let assets = site
            .assets()
            .into_iter()
            .map(|a| (a.path.as_str(), a.path.clone()));
        let files: Vec<(&str, String)> = pages.chain(assets).collect();
        Clashes {
            case: groups(
                site,
                files.iter().map(|(path, _)| (path.to_lowercase(), *path)),
            ),
            output: groups(site, files.iter().map(|(path, out)| (out.clone(), *path))),
        }
    }

    pub fn check_page(&self, page: &Page) -> Vec<Diagnostic> {
        let clash = |groups: &Groups, code: Code, why: &dyn Fn(&str) -> String| {
            let (key, others) = groups.get(&page.id)?;
            let names: Vec<String> = others.iter().map(|o| format!("`{o}`")).collect();
            let message = format!("`{}` and {} {}", page.path, names.join(", "), why(key));
            Some(
                Diagnostic::new(code, &page.path, 0..0, message)
                    .with_hint("rename one of them (and the links to it)"),
            )
        };
        let case = clash(&self.case, Code::CaseClash, &|_| {
            "differ only in case: on macOS and Windows only one of them can exist".into()
        });
        let output = clash(&self.output, Code::OutputClash, &|out| {
            format!("are both published as `{out}`: the site can hold only one of them")
        });
        case.into_iter().chain(output).collect()
    }
}

/// The files grouped by key: for each page in a group of two or more, the key and the
/// other files of its group.
fn groups<'s>(site: &Site, files: impl Iterator<Item = (String, &'s str)>) -> Groups {
    let mut by_key: HashMap<String, Vec<&str>> = HashMap::new();
    for (key, path) in files {
        by_key.entry(key).or_default().push(path);
    }
    let mut clashes = HashMap::new();
    for (key, same) in by_key.iter().filter(|(_, same)| same.len() > 1) {
        for path in same {
            if let Some(page) = site.page(path) {
                let others = same.iter().filter(|p| *p != path).map(|p| p.to_string());
                clashes.insert(page.id, (key.clone(), others.collect()));
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
