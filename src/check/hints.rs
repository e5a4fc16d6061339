//! Hints for broken links and anchors: the name the author most likely meant. The indexes
//! (by lower-cased path, by folder, by file name) are built on the first broken link, once
//! per run.

use crate::content::Site;
use crate::paths::{parent, relative, resolve};
use std::collections::HashMap;
use std::sync::OnceLock;

pub struct Hints<'a> {
    site: &'a Site,
    index: OnceLock<Index<'a>>,
}

struct Index<'a> {
    by_lowercase: HashMap<String, &'a str>,
    by_folder: HashMap<&'a str, Vec<&'a str>>,
    by_name: HashMap<&'a str, Vec<&'a str>>,
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
            let mut by_name: HashMap<&str, Vec<&str>> = HashMap::new();
            for path in files() {
                by_folder.entry(parent(path)).or_default().push(path);
                by_name.entry(file_name(path)).or_default().push(path);
            }
            Index {
                by_lowercase,
                by_folder,
                by_name,
            }
        })
    }

    /// The file the author of a link on the page `from` most likely meant: the same path in
    /// another case, the same path read from the content root, the file of that name nearest
    /// to the page (it was probably moved), or a close spelling in the same folder.
    pub fn for_missing(&self, from: &str, written: &str, resolved: &str) -> Option<&'a str> {
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
        if let Some(same_name) = index.by_name.get(file_name(resolved)) {
            return same_name
                .iter()
                .copied()
                .min_by_key(|p| (relative(from, p).len(), *p));
        }
        let siblings = index.by_folder.get(parent(resolved))?;
        let by_name: HashMap<&str, &str> = siblings.iter().map(|p| (file_name(p), *p)).collect();
        let name = closest(file_name(resolved), by_name.keys().copied())?;
        by_name.get(name).copied()
    }
}

fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// The candidate closest to `wanted` by edit distance, if it is close enough to be a
/// plausible typo rather than noise: at least 70 % alike (normalized Levenshtein), so
/// unrelated names never match. Compare names, not paths: a shared folder would make any
/// two files of it look alike.
pub fn closest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::normalized_levenshtein(wanted, c), c))
        .filter(|(score, _)| *score >= 0.7)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closest_table() {
        let table: [(&str, &[&str], Option<&str>); 7] = [
            ("pad.md", &["tchap.md", "index.md"], None),
            (
                "datapas.md",
                &["datapass.md", "recette.md"],
                Some("datapass.md"),
            ),
            ("etapes.md", &["étapes.md"], Some("étapes.md")),
            (
                "bouton.md",
                &["boutons.md", "bouton-v2.md"],
                Some("boutons.md"),
            ),
            ("faq.md", &["fca.md"], None),
            ("id_token", &["id-token", "access_token"], Some("id-token")),
            ("x.md", &[], None),
        ];
        for (wanted, candidates, want) in table {
            assert_eq!(
                closest(wanted, candidates.iter().copied()),
                want,
                "{wanted}"
            );
        }
    }

    #[test]
    fn moved_pages_are_found_by_name_nearest_first() {
        let site = Site::from_texts(&[
            ("outils/autres/pad.md", "# Pad"),
            ("outils/tchap.md", "# Tchap"),
            ("archives/2020/pad.md", "# Vieux pad"),
            ("outils/guide.md", "# Guide"),
        ]);
        let hints = Hints::new(&site);
        let table = [
            (
                "outils/guide.md",
                "pad.md",
                "outils/pad.md",
                Some("outils/autres/pad.md"),
            ),
            (
                "outils/guide.md",
                "tchapp.md",
                "outils/tchapp.md",
                Some("outils/tchap.md"),
            ),
            (
                "outils/guide.md",
                "Tchap.md",
                "outils/Tchap.md",
                Some("outils/tchap.md"),
            ),
            ("outils/guide.md", "pod.md", "outils/pod.md", None),
            (
                "archives/index.md",
                "pad.md",
                "archives/pad.md",
                Some("archives/2020/pad.md"),
            ),
        ];
        for (from, written, resolved, want) in table {
            assert_eq!(
                hints.for_missing(from, written, resolved),
                want,
                "{from} {written}"
            );
        }
    }
}
