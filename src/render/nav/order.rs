//! The author's order of a folder's entries (its pages and sub-folders) in menus and
//! previous/next: `weight` first where set, then the order in which a `SUMMARY.md`
//! (GitBook, mdBook), then the folder's page, first link to each entry, then the entries
//! linked from neither, sub-folders first as GitHub lists them, in French alphabetical order
//! (`SortKey`).

use crate::content::{Page, PageId, Resolved, Site};
use std::collections::HashMap;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// A title as French readers sort it: case and accents folded (`Éligibilité` beside
/// `Eligibilite`, before `SSO`), `œ` and `æ` spelt out, a leading emoji or symbol ignored
/// (`🚀 Démarrer` sorts as `Démarrer`), numbers in numeric order (`2.` before `10.`), and
/// any run of spaces or punctuation a single break that sorts before letters and digits, so
/// titles compare word by word. Equal keys are told apart by the full title, then the path.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct SortKey(Vec<Part>);

/// The variants sort in this order: a break, then digits, then letters (as in the Unicode
/// collation's default).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Part {
    Break,
    /// ASCII digits without leading zeros, compared by length first: numeric order.
    Number {
        len: usize,
        digits: String,
    },
    Word(String),
}

impl SortKey {
    pub fn of(title: &str) -> SortKey {
        let start = title.find(char::is_alphanumeric).unwrap_or(title.len());
        let mut parts = Vec::new();
        let mut word = String::new();
        let mut digits = String::new();
        for c in title[start..].nfd() {
            if is_combining_mark(c) {
                continue;
            }
            if c.is_ascii_digit() {
                flush_word(&mut word, &mut parts);
                digits.push(c);
            } else if c.is_alphanumeric() {
                flush_number(&mut digits, &mut parts);
                match c {
                    'œ' | 'Œ' => word.push_str("oe"),
                    'æ' | 'Æ' => word.push_str("ae"),
                    c => word.extend(c.to_lowercase()),
                }
            } else {
                flush_word(&mut word, &mut parts);
                flush_number(&mut digits, &mut parts);
                if parts.last().is_some_and(|p| *p != Part::Break) {
                    parts.push(Part::Break);
                }
            }
        }
        flush_word(&mut word, &mut parts);
        flush_number(&mut digits, &mut parts);
        if parts.last() == Some(&Part::Break) {
            parts.pop();
        }
        SortKey(parts)
    }
}

fn flush_word(word: &mut String, parts: &mut Vec<Part>) {
    if !word.is_empty() {
        parts.push(Part::Word(std::mem::take(word)));
    }
}

fn flush_number(digits: &mut String, parts: &mut Vec<Part>) {
    if !digits.is_empty() {
        let significant = digits.trim_start_matches('0');
        parts.push(Part::Number {
            len: significant.len(),
            digits: significant.to_string(),
        });
        digits.clear();
    }
}

/// Where the root's tables of contents and the folders' pages first link to each entry.
/// A link counts for every folder on the way to its target: `guide/api/jetons.md` places
/// `guide` among the root's entries, `guide/api` among `guide`'s, and the page in
/// `guide/api`; a link to a folder or to its page places the folder.
pub struct Mentions<'s> {
    /// Entry path (page path, or folder without `/`) → first position in the summaries.
    summary: HashMap<&'s str, usize>,
    /// Per folder page: entry path under its folder → first position in the page.
    by_page: HashMap<PageId, HashMap<&'s str, usize>>,
}

impl<'s> Mentions<'s> {
    pub fn new(site: &'s Site) -> Mentions<'s> {
        let mut summary = HashMap::new();
        let summaries = site.summaries().into_iter().map(|id| site.get(id));
        for (pos, target) in summaries.flat_map(|p| link_targets(site, p)).enumerate() {
            for entry in entries_along("", target) {
                summary.entry(entry).or_insert(pos);
            }
        }
        let mut by_page = HashMap::new();
        for dir in site.dirs() {
            let Some(id) = site.folder_page(dir) else {
                continue;
            };
            let mut first = HashMap::new();
            for (pos, target) in link_targets(site, site.get(id)).enumerate() {
                for entry in entries_along(dir, target) {
                    first.entry(entry).or_insert(pos);
                }
            }
            by_page.insert(id, first);
        }
        Mentions { summary, by_page }
    }

    /// Where `entry` (a page path, or a folder) is first mentioned: in the summaries (tier
    /// 0), else by `page`, the page that orders its folder (tier 1), else nowhere (tier 2).
    pub fn rank(&self, page: Option<PageId>, entry: &str) -> (u8, usize) {
        if let Some(&pos) = self.summary.get(entry) {
            return (0, pos);
        }
        let by_page = page.and_then(|p| self.by_page.get(&p));
        match by_page.and_then(|m| m.get(entry)) {
            Some(&pos) => (1, pos),
            None => (2, 0),
        }
    }
}

/// What the page's links lead to, in the order they are written: page paths, and folders
/// without their trailing `/`; assets and missing files are left out.
fn link_targets<'s>(site: &'s Site, page: &'s Page) -> impl Iterator<Item = &'s str> {
    let mut links: Vec<_> = page.links.iter().collect();
    links.sort_by_key(|l| l.span().start);
    links.into_iter().filter_map(|link| {
        let path = link.target.local_path()?;
        match site.resolve(link)? {
            Resolved::Page(_) => Some(path),
            Resolved::Folder(_) => Some(path.trim_end_matches('/')),
            _ => None,
        }
    })
}

/// The entries a link to `target` passes through below the folder `base` (`""` the root):
/// `a/b/c.md` below `""` → `a`, `a/b`, `a/b/c.md`; below `a` → `a/b`, `a/b/c.md`; nothing
/// for a target outside `base` or `base` itself.
fn entries_along<'t>(base: &str, target: &'t str) -> impl Iterator<Item = &'t str> {
    let rest = match base {
        "" => Some(target),
        base => target.strip_prefix(base).and_then(|r| r.strip_prefix('/')),
    };
    let rest = rest.filter(|r| !r.is_empty());
    let start = target.len() - rest.map_or(0, str::len);
    let ends = rest
        .into_iter()
        .flat_map(|r| r.match_indices('/').map(|(i, _)| i).chain([r.len()]));
    ends.map(move |end| &target[..start + end])
}

/// The links by which `page` orders folders, if it does (a folder's page or a summary): an
/// edit that changes them changes the navigation, as a new title or weight does.
pub fn ordering_links(site: &Site, page: &Page) -> Vec<Box<str>> {
    if site.is_summary(page) || site.folder_of_page(page).is_some() {
        link_targets(site, page).map(Into::into).collect()
    } else {
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_sort_key_table() {
        // Each title sorts strictly before the next.
        let table = [
            ("Éligibilité", "SSO"),
            ("éligibilité", "Erreurs"),
            ("Eligibilite", "Éligibilités"),
            ("🚀 Démarrer", "Éditer"),
            ("Comprendre", "🚀 Démarrer"),
            ("« Citation »", "Démarrer"),
            ("2. Foo", "10. Bar"),
            ("Étape 2", "Étape 10"),
            ("Annexe 9", "Annexe 10"),
            ("v1.9", "v1.10"),
            ("abc", "ABD"),
            ("ABC", "abd"),
            ("Mise en œuvre", "Mises à jour"),
            ("Œuvre", "Ouvrir"),
            ("Cœur", "Cœurs"),
            ("L'accueil", "La page"),
            ("Zèbre", "zygote"),
            ("1 page", "Accueil"),
            ("", "A"),
        ];
        for (a, b) in table {
            assert!(SortKey::of(a) < SortKey::of(b), "{a} < {b}");
        }
    }

    #[test]
    fn french_sort_key_folds_table() {
        // Each pair sorts as one; the full title, then the path, tell them apart.
        let table = [
            ("🚀 Démarrer", "Démarrer"),
            ("Éligibilité", "eligibilite"),
            ("ÉLIGIBILITÉ", "Eligibilité"),
            ("Mise-en-œuvre", "Mise en oeuvre"),
            ("Qu’est-ce que", "Qu'est-ce que ?"),
            ("02. Foo", "2. Foo"),
            ("1️⃣ Démarrer", "1 Démarrer"),
            ("🚀", ""),
        ];
        for (a, b) in table {
            assert_eq!(SortKey::of(a), SortKey::of(b), "{a} = {b}");
        }
    }

    #[test]
    fn entries_along_table() {
        let table: [(&str, &str, &[&str]); 7] = [
            ("", "a.md", &["a.md"]),
            ("", "a/b/c.md", &["a", "a/b", "a/b/c.md"]),
            ("a", "a/b/c.md", &["a/b", "a/b/c.md"]),
            ("a", "a/b", &["a/b"]),
            ("a", "a", &[]),
            ("a", "ab/c.md", &[]),
            ("a/b", "a/c.md", &[]),
        ];
        for (base, target, want) in table {
            let got: Vec<&str> = entries_along(base, target).collect();
            assert_eq!(got, want, "{base} {target}");
        }
    }
}
