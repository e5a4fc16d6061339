//! `broken-link` and `link-outside-site`: every relative link (page, asset, image, raw HTML)
//! must reach a file of `content/` once percent-decoded. Fragments go on to the anchor check.

use super::{anchors, closest};
use crate::content::{Link, Page, Site};
use crate::diagnostics::{Code, Diagnostic};
use crate::paths::{classify, parent, relative, resolve, Outside, Target};
use rayon::prelude::*;
use std::collections::HashMap;

pub fn check(site: &Site) -> Vec<Diagnostic> {
    let hints = Hints::new(site);
    site.pages
        .par_iter()
        .flat_map_iter(|page| {
            page.links
                .iter()
                .filter_map(|link| check_link(site, &hints, page, link))
        })
        .collect()
}

fn check_link(site: &Site, hints: &Hints, page: &Page, link: &Link) -> Option<Diagnostic> {
    let Target::Local { path, fragment } = classify(&link.dest) else {
        return None;
    };
    if path.is_empty() {
        return anchors::check(page, link, page, fragment?);
    }
    let resolved = match resolve(&page.path, path) {
        Ok(resolved) => resolved,
        Err(Outside) => {
            return Some(
                Diagnostic::new(Code::LinkOutsideSite, &page.path, link.span.clone(), format!("link `{path}` leaves the content folder"))
                    .with_hint("only files under content/ are published: move the target into content/ or link to its public URL"),
            );
        }
    };
    if let Some(target) = site.page(&resolved) {
        return anchors::check(page, link, target, fragment?);
    }
    if site.asset_set.contains(&resolved) || site.is_dir(&resolved) {
        return None;
    }
    let what = if resolved.ends_with(".md") {
        "page"
    } else if resolved.ends_with('/') {
        "folder"
    } else {
        "file"
    };
    let message = format!("link to a missing {what}: `{resolved}` does not exist");
    let hint = hints.for_missing(path, &resolved).map(|target| {
        let suggestion = relative(&page.path, target);
        let suggestion =
            percent_encoding::utf8_percent_encode(&suggestion, crate::paths::PATH_ESCAPES)
                .to_string();
        match fragment {
            Some(f) => format!("did you mean `{suggestion}#{f}`?"),
            None => format!("did you mean `{suggestion}`?"),
        }
    });
    Some(
        Diagnostic::new(Code::BrokenLink, &page.path, link.span.clone(), message)
            .with_hint_opt(hint),
    )
}

/// Indexes for the hints of broken links, built once per run.
struct Hints<'a> {
    by_lowercase: HashMap<String, &'a str>,
    by_folder: HashMap<&'a str, Vec<&'a str>>,
}

impl<'a> Hints<'a> {
    fn new(site: &'a Site) -> Self {
        let by_lowercase = files(site).map(|p| (p.to_lowercase(), p)).collect();
        let mut by_folder: HashMap<&str, Vec<&str>> = HashMap::new();
        for path in files(site) {
            by_folder.entry(parent(path)).or_default().push(path);
        }
        Hints {
            by_lowercase,
            by_folder,
        }
    }

    /// The file the author most likely meant: the same path in another case, the same path
    /// read from the content root, or the closest existing name in the same folder.
    fn for_missing(&self, written: &str, resolved: &str) -> Option<&'a str> {
        if let Some(p) = self.by_lowercase.get(&resolved.to_lowercase()) {
            return Some(p);
        }
        if let Ok(from_root) = resolve("", &format!("/{}", written.trim_start_matches("./"))) {
            if let Some(p) = self
                .by_lowercase
                .get(&from_root.to_lowercase())
                .filter(|p| **p == from_root)
            {
                return Some(p);
            }
        }
        let siblings = self.by_folder.get(parent(resolved))?;
        closest(resolved, siblings.iter().copied())
    }
}

fn files(site: &Site) -> impl Iterator<Item = &str> {
    site.pages
        .iter()
        .map(|p| p.path.as_str())
        .chain(site.assets.iter().map(String::as_str))
}
