//! Hints for broken links and anchors: the name the author most likely meant. The indexes
//! (by lower-cased path, by folder, by file name) are built on the first broken link, once
//! per run.

use crate::content::Site;
use crate::paths::{parent, relative, resolve};
use crate::slug::fold_for_hint;
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

    /// The file the author of a link on the page `from` most likely meant: the folder's page
    /// for `dir.md` where `dir/` has one; the same path in another case; else the file of that name nearest to the page (it was probably moved,
    /// or the link was written from the content root); else, in the same folder, a close
    /// spelling or a name that holds the other (`spec_fca.md` → `spec_recette_fca.md`).
    pub fn for_missing(&self, from: &str, written: &str, resolved: &str) -> Option<&'a str> {
        // `doc_fs.md` for the folder `doc_fs/`: its page (`doc_fs/README.md`).
        if let Some(id) = resolved
            .strip_suffix(".md")
            .and_then(|dir| self.site.folder_page(dir))
        {
            let site: &'a Site = self.site;
            return Some(&site.get(id).path);
        }
        let index = self.index();
        if let Some(p) = index.by_lowercase.get(&resolved.to_lowercase()) {
            return Some(p);
        }
        let from_root = resolve("", &format!("/{}", written.trim_start_matches("./")))
            .ok()
            .and_then(|p| index.by_lowercase.get(&p.to_lowercase()).copied());
        let same_name = index.by_name.get(file_name(resolved)).into_iter().flatten();
        if let Some(nearest) = same_name
            .copied()
            .chain(from_root)
            .min_by_key(|p| (relative(from, p).len(), *p))
        {
            return Some(nearest);
        }
        let siblings = index.by_folder.get(parent(resolved))?;
        let by_name: HashMap<&str, &str> = siblings.iter().map(|p| (file_name(p), *p)).collect();
        let wanted = file_name(resolved);
        let name = closest(wanted, by_name.keys().copied())
            .or_else(|| containing(wanted, by_name.keys().copied()))?;
        by_name.get(name).copied()
    }
}

/// The one candidate whose words hold all the words of `wanted` in order, or the reverse
/// (`spec_fca.md` and `spec_recette_fca.md`), with the same extension.
fn containing<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    fn words(name: &str) -> (Vec<String>, String) {
        let (stem, ext) = name.rsplit_once('.').unwrap_or((name, ""));
        let words = stem
            .split(['_', '-', ' ', '.'])
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        (words, ext.to_lowercase())
    }
    fn in_order(few: &[String], many: &[String]) -> bool {
        let mut many = many.iter();
        few.iter().all(|w| many.any(|m| m == w))
    }
    let (wanted_words, ext) = words(wanted);
    let mut found = candidates.into_iter().filter(|c| {
        let (other, other_ext) = words(c);
        other_ext == ext
            && other != wanted_words
            && (in_order(&wanted_words, &other) || in_order(&other, &wanted_words))
    });
    let first = found.next()?;
    found.next().is_none().then_some(first)
}

/// The id the author of the broken anchor `wanted` most likely meant, among the ids
/// `ids()` lists: the same once accents, case and the `-` at either end are set aside
/// (`#pilote` for `pilote-`, GitHub's id of `Pilote&#x20;`; `#etape-1` for `étape-1`);
/// else the closest spelling; else the one id that ends with it after a `-`
/// (`#nouveautés` for `sparkles-nouveautés`, GitHub's id of `:sparkles: Nouveautés`).
pub fn meant_anchor<'a, I>(wanted: &str, ids: impl Fn() -> I) -> Option<&'a str>
where
    I: Iterator<Item = &'a str>,
{
    let folded = fold_for_hint(wanted);
    if let Some(id) = ids().filter(|id| fold_for_hint(id) == folded).min() {
        return Some(id);
    }
    if let Some(id) = closest(wanted, ids()) {
        return Some(id);
    }
    if folded.is_empty() {
        return None;
    }
    let suffix = format!("-{folded}");
    let mut ending = ids().filter(|id| fold_for_hint(id).ends_with(&suffix));
    let first = ending.next()?;
    ending.next().is_none().then_some(first)
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
    fn containing_table() {
        let table: [(&str, &[&str], Option<&str>); 6] = [
            (
                "spec_fca.md",
                &["spec_recette_fca.md", "index.md"],
                Some("spec_recette_fca.md"),
            ),
            (
                "fonctionnement.md",
                &["details_fonctionnement.md"],
                Some("details_fonctionnement.md"),
            ),
            (
                "deconnexion_access_token.md",
                &["access_token.md"],
                Some("access_token.md"),
            ),
            ("token.md", &["access_token.md", "id_token.md"], None),
            ("token.md", &["token.pdf"], None),
            ("a.md", &["a.md"], None),
        ];
        for (wanted, candidates, want) in table {
            assert_eq!(
                containing(wanted, candidates.iter().copied()),
                want,
                "{wanted}"
            );
        }
    }

    #[test]
    fn meant_anchor_table() {
        let ids = [
            "pilote-",
            "pilote--1",
            "étape-1",
            "sparkles-nouveautés",
            "-démarrer",
            "exemple-1",
            "a-",
        ];
        let table = [
            ("pilote", Some("pilote-")),
            ("etape-1", Some("étape-1")),
            ("démarrer", Some("-démarrer")),
            ("-nouveautés", Some("sparkles-nouveautés")),
            ("nouveautes", Some("sparkles-nouveautés")),
            ("exemple-2", Some("exemple-1")),
            // Too short for a close spelling, but the same but for the end dash.
            ("a", Some("a-")),
            ("qualification", None),
            ("", None),
        ];
        for (wanted, want) in table {
            assert_eq!(
                meant_anchor(wanted, || ids.iter().copied()),
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
