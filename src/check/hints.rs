//! Hints for broken links and anchors: the name the author most likely meant. The indexes
//! (by lower-cased path, by folder) are built on the first broken link, once per run.

use crate::content::Site;
use crate::paths::{parent, resolve};
use std::collections::HashMap;
use std::sync::OnceLock;

pub struct Hints<'a> {
    site: &'a Site,
    index: OnceLock<Index<'a>>,
}

struct Index<'a> {
    by_lowercase: HashMap<String, &'a str>,
    by_folder: HashMap<&'a str, Vec<&'a str>>,
}

impl<'a> Hints<'a> {
    pub fn new(site: &'a Site) -> Self {
        Hints {
            site,
            index: OnceLock::new(),
        }
    }

    fn index(&self) -> &Index<'a> {
        self.index.get_or_init(|| {
            let site: &'a Site = self.site;
            let files = || {
                site.pages()
                    .map(|p| p.path.as_str())
                    .chain(site.assets().into_iter().map(|a| a.path.as_str()))
            };
            let by_lowercase = files().map(|p| (p.to_lowercase(), p)).collect();
            let mut by_folder: HashMap<&str, Vec<&str>> = HashMap::new();
            for path in files() {
                by_folder.entry(parent(path)).or_default().push(path);
            }
            Index {
                by_lowercase,
                by_folder,
            }
        })
    }

    /// The file the author most likely meant: the same path in another case, the same path
    /// read from the content root, or the closest existing name in the same folder.
    pub fn for_missing(&self, written: &str, resolved: &str) -> Option<&'a str> {
        let index = self.index();
        if let Some(p) = index.by_lowercase.get(&resolved.to_lowercase()) {
            return Some(p);
        }
        if let Ok(from_root) = resolve("", &format!("/{}", written.trim_start_matches("./"))) {
            if let Some(p) = index
                .by_lowercase
                .get(&from_root.to_lowercase())
                .filter(|p| **p == from_root)
            {
                return Some(p);
            }
        }
        let siblings = index.by_folder.get(parent(resolved))?;
        closest(resolved, siblings.iter().copied())
    }
}

/// The candidate closest to `wanted` by edit distance, if it is close enough to be a
/// plausible typo rather than noise.
pub fn closest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::normalized_levenshtein(wanted, c), c))
        .filter(|(score, _)| *score >= 0.7)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}
