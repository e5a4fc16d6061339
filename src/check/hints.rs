//! Hints for broken links and anchors: the name the author most likely meant, and whether
//! that guess is sure enough for `check --fix` to write it. The hint and the fix come from
//! this one decision, so they never disagree. The indexes (by lower-cased path, by folder,
//! by file name) are built on the first broken link, once per run.

use crate::content::Site;
use crate::paths::{parent, relative, resolve};
use crate::slug::fold_for_hint;
use std::collections::HashMap;
use std::sync::OnceLock;

/// What a broken link or anchor most likely meant. `sure` when nothing else could have been
/// meant (git's rename record, the one file of that name, the one close heading id): then
/// `check --fix` rewrites the link. A best guess among several candidates is only a hint.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Meant<'a> {
    pub target: &'a str,
    pub sure: bool,
}

impl<'a> Meant<'a> {
    fn sure(target: &'a str) -> Self {
        Meant { target, sure: true }
    }

    fn guess(target: &'a str) -> Self {
        Meant {
            target,
            sure: false,
        }
    }
}

pub struct Hints<'a> {
    site: &'a Site,
    /// Content paths git saw renamed since `--changed REV` (from → to).
    renames: &'a HashMap<String, String>,
    /// The same, to → from: where a moved page was, to read its relative links from there.
    moved_from: HashMap<&'a str, &'a str>,
    index: OnceLock<Index<'a>>,
}

struct Index<'a> {
    /// Every file by its lower-cased path (several when names differ only in case).
    by_lowercase: HashMap<String, Vec<&'a str>>,
    by_folder: HashMap<&'a str, Vec<&'a str>>,
    by_name: HashMap<&'a str, Vec<&'a str>>,
}

impl<'a> Hints<'a> {
    pub fn new(site: &'a Site, renames: &'a HashMap<String, String>) -> Self {
        Hints {
            site,
            renames,
            moved_from: renames
                .iter()
                .map(|(from, to)| (to.as_str(), from.as_str()))
                .collect(),
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
            let mut by_lowercase: HashMap<String, Vec<&str>> = HashMap::new();
            let mut by_folder: HashMap<&str, Vec<&str>> = HashMap::new();
            let mut by_name: HashMap<&str, Vec<&str>> = HashMap::new();
            for path in files() {
                by_lowercase
                    .entry(path.to_lowercase())
                    .or_default()
                    .push(path);
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

    /// The file the author of a link on the page `from` most likely meant. Sure: where git
    /// recorded `resolved` renamed (`--changed REV`), the new path; where git recorded the
    /// page itself moved, the file the link reached from its old place (renamed too, if it
    /// was); the folder's page for
    /// `dir.md` where `dir/` has one; the one file of that path in another case; the one
    /// file of that name elsewhere, or the one file the link reaches read from the content
    /// root (it was moved, or written from the root). A guess: the nearest of several files
    /// of that name; else, in the same folder, a close spelling or a name that holds the
    /// other (`spec_fca.md` → `spec_recette_fca.md`).
    pub fn for_missing(&self, from: &str, written: &str, resolved: &str) -> Option<Meant<'a>> {
        let site: &'a Site = self.site;
        let existing = |path: &str| -> Option<&'a str> {
            let path = self.renames.get(path).map_or(path, String::as_str);
            (site.page(path).map(|p| p.path.as_str()))
                .or_else(|| site.asset(path).map(|a| a.path.as_str()))
        };
        if let Some(now) = self.renames.get(resolved).and_then(|to| existing(to)) {
            return Some(Meant::sure(now));
        }
        if let Some(old) = self.moved_from.get(from) {
            let then = resolve(old, written).map(|p| crate::paths::nfc(&p).into_owned());
            if let Some(now) = then.ok().and_then(|p| existing(&p)) {
                return Some(Meant::sure(now));
            }
        }
        // `doc_fs.md` for the folder `doc_fs/`: its page (`doc_fs/README.md`).
        if let Some(id) = resolved
            .strip_suffix(".md")
            .and_then(|dir| site.folder_page(dir))
        {
            return Some(Meant::sure(&site.get(id).path));
        }
        let index = self.index();
        if let Some(same) = index.by_lowercase.get(&resolved.to_lowercase()) {
            let last = same.last()?;
            return Some(Meant {
                target: last,
                sure: same.len() == 1,
            });
        }
        let from_root = resolve("", &format!("/{}", written.trim_start_matches("./")))
            .ok()
            .and_then(|p| index.by_lowercase.get(&p.to_lowercase()))
            .and_then(|same| (same.len() == 1).then(|| same[0]));
        let mut candidates: Vec<&'a str> = index
            .by_name
            .get(file_name(resolved))
            .into_iter()
            .flatten()
            .copied()
            .chain(from_root)
            .collect();
        candidates.sort_unstable();
        candidates.dedup();
        if let Some(nearest) = candidates
            .iter()
            .copied()
            .min_by_key(|p| (relative(from, p).len(), *p))
        {
            return Some(Meant {
                target: nearest,
                sure: candidates.len() == 1,
            });
        }
        let siblings = index.by_folder.get(parent(resolved))?;
        let by_name: HashMap<&str, &str> = siblings.iter().map(|p| (file_name(p), *p)).collect();
        let wanted = file_name(resolved);
        let name = closest(wanted, by_name.keys().copied())
            .or_else(|| containing(wanted, by_name.keys().copied()))?;
        by_name.get(name).copied().map(Meant::guess)
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
/// Sure when that rule finds one id only (the one close slug), a guess when it chose among
/// several.
pub fn meant_anchor<'a, I>(wanted: &str, ids: impl Fn() -> I) -> Option<Meant<'a>>
where
    I: Iterator<Item = &'a str>,
{
    let folded = fold_for_hint(wanted);
    let mut same: Vec<&str> = ids().filter(|id| fold_for_hint(id) == folded).collect();
    same.sort_unstable();
    same.dedup();
    if let Some(&id) = same.first() {
        return Some(Meant {
            target: id,
            sure: same.len() == 1,
        });
    }
    let mut close: Vec<&str> = close_enough(wanted, ids()).map(|(_, id)| id).collect();
    close.sort_unstable();
    close.dedup();
    if let Some(id) = closest(wanted, close.iter().copied()) {
        return Some(Meant {
            target: id,
            sure: close.len() == 1,
        });
    }
    if folded.is_empty() {
        return None;
    }
    let suffix = format!("-{folded}");
    let mut ending = ids().filter(|id| fold_for_hint(id).ends_with(&suffix));
    let first = ending.next()?;
    ending.next().is_none().then_some(Meant::sure(first))
}

fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// The candidate closest to `wanted` by edit distance, if it is close enough to be a
/// plausible typo rather than noise: at least 70 % alike (normalized Levenshtein), so
/// unrelated names never match. Compare names, not paths: a shared folder would make any
/// two files of it look alike.
pub fn closest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    close_enough(wanted, candidates)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

/// The candidates close enough to `wanted` to be a typo of it, with their likeness.
fn close_enough<'a, 'w>(
    wanted: &'w str,
    candidates: impl IntoIterator<Item = &'a str> + 'w,
) -> impl Iterator<Item = (f64, &'a str)> + 'w
where
    'a: 'w,
{
    candidates
        .into_iter()
        .map(move |c| (strsim::normalized_levenshtein(wanted, c), c))
        .filter(|(score, _)| *score >= 0.7)
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
        let sure = |target| Some(Meant::sure(target));
        let table = [
            ("pilote", sure("pilote-")),
            ("etape-1", sure("étape-1")),
            ("démarrer", sure("-démarrer")),
            ("-nouveautés", sure("sparkles-nouveautés")),
            ("nouveautes", sure("sparkles-nouveautés")),
            ("exemple-2", sure("exemple-1")),
            // Two ids are that close: the closest is only a guess.
            ("pilote-2", Some(Meant::guess("pilote-"))),
            // Too short for a close spelling, but the same but for the end dash.
            ("a", sure("a-")),
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
        let renames = HashMap::from([
            ("outils/vieux.md".to_string(), "outils/guide.md".to_string()),
            (
                "outils/notes.md".to_string(),
                "outils/autres/pad.md".to_string(),
            ),
        ]);
        let hints = Hints::new(&site, &renames);
        let (sure, guess) = (|t| Some(Meant::sure(t)), |t| Some(Meant::guess(t)));
        let table = [
            // Two files of that name: the nearest is a guess.
            (
                "outils/guide.md",
                "pad.md",
                "outils/pad.md",
                guess("outils/autres/pad.md"),
            ),
            (
                "outils/guide.md",
                "tchapp.md",
                "outils/tchapp.md",
                guess("outils/tchap.md"),
            ),
            (
                "outils/guide.md",
                "Tchap.md",
                "outils/Tchap.md",
                sure("outils/tchap.md"),
            ),
            // The one file of that name, moved.
            (
                "archives/index.md",
                "tchap.md",
                "archives/tchap.md",
                sure("outils/tchap.md"),
            ),
            // Written from the content root.
            (
                "outils/autres/pad.md",
                "outils/guide.md",
                "outils/autres/outils/guide.md",
                sure("outils/guide.md"),
            ),
            // Git recorded the rename.
            (
                "outils/tchap.md",
                "vieux.md",
                "outils/vieux.md",
                sure("outils/guide.md"),
            ),
            // The page itself moved: its link read from its old place, renamed too.
            (
                "outils/autres/pad.md",
                "vieux.md",
                "outils/autres/vieux.md",
                sure("outils/guide.md"),
            ),
            ("outils/guide.md", "pod.md", "outils/pod.md", None),
            (
                "archives/index.md",
                "pad.md",
                "archives/pad.md",
                guess("archives/2020/pad.md"),
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
