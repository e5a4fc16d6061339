//! Heading ids, the GitHub way: the one slug function used both to render ids and to
//! check anchors, so that the two can never drift apart. It is a port of github-slugger
//! (the JavaScript package that reproduces GitHub's ids, tested against ids GitHub gave):
//! lower-case, remove the characters of `removed::REMOVED`, turn each ` ` into `-`. Nothing
//! is trimmed: the text handed in is the heading's text as GitHub sees it (see
//! `markdown::Walk`), whose own leading and trailing blanks the Markdown parse has already
//! dropped, so a space written `&#x20;` at the end of a heading ends its id with `-`.

mod removed;

/// The prefix GitHub gives heading ids in rendered Markdown (`#user-content-étapes`): links
/// may use it, and it names the same heading.
pub const USER_CONTENT: &str = "user-content-";

use std::collections::HashMap;
use unicode_normalization::char::is_combining_mark;

/// GitHub's slug of a heading text (github-slugger's `slug`): lower-case, drop symbols,
/// punctuation but `-` and `_`, control and format characters and every separator but the
/// space, then turn each space into `-`. Letters, marks and digits of any script are kept,
/// accents too; nothing is trimmed or collapsed.
pub fn slugify(text: &str) -> String {
    text.to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            // ASCII, most of a French heading, without the table: what `is_removed` keeps.
            _ if c.is_ascii() => (c.is_ascii_alphanumeric() || c == '-' || c == '_').then_some(c),
            _ => (!is_removed(c)).then_some(c),
        })
        .collect()
}

/// Whether github-slugger removes `c` (after lower-casing).
fn is_removed(c: char) -> bool {
    let c = c as u32;
    removed::REMOVED
        .binary_search_by(|&(start, end)| {
            if end < c {
                std::cmp::Ordering::Less
            } else if start > c {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

/// Hands out unique ids within one page, as github-slugger's `GithubSlugger` does: a slug
/// already handed out gets `-1`, `-2`, … counted per original slug, and every id handed out
/// is taken, so `echo`, `echo`, `echo 1`, `echo-1`, `echo` give `echo`, `echo-1`,
/// `echo-1-1`, `echo-1-2`, `echo-2`.
#[derive(Default)]
pub struct SlugCounter {
    /// Every id handed out, with how many times a heading has asked for it as its slug.
    seen: HashMap<String, usize>,
}

impl SlugCounter {
    pub fn unique(&mut self, text: &str) -> String {
        let base = slugify(text);
        let mut slug = base.clone();
        while self.seen.contains_key(&slug) {
            let n = self.seen.entry(base.clone()).or_insert(0);
            *n += 1;
            slug = format!("{base}-{n}");
        }
        self.seen.insert(slug.clone(), 0);
        slug
    }
}

/// Folds an id for hints, never for ids: accents away (`étape` → `etape`), lower-cased,
/// and the `-` at either end dropped, so that an anchor written from a trimmed heading
/// (`#pilote`) still finds the id GitHub gives it (`pilote-`, from `Pilote&#x20;`).
pub fn fold_for_hint(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    text.nfd()
        .filter(|c| !is_combining_mark(*c))
        .collect::<String>()
        .to_lowercase()
        .trim_matches('-')
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The ASCII path of `slugify` keeps exactly what the table keeps.
    #[test]
    fn ascii_path_agrees_with_the_table() {
        for b in 0u8..128 {
            let c = char::from(b).to_ascii_lowercase();
            let want: String = match c {
                ' ' => "-".into(),
                _ if is_removed(c) => String::new(),
                _ => c.into(),
            };
            assert_eq!(slugify(&c.to_string()), want, "{b:#x}");
        }
    }

    #[test]
    fn slugs_follow_github() {
        let table = [
            ("Qu'est-ce que l'Hybridge ?", "quest-ce-que-lhybridge-"),
            ("Étapes de la qualification", "étapes-de-la-qualification"),
            ("ID_TOKEN:", "id_token"),
            ("1. Quelles sont les étapes ?", "1-quelles-sont-les-étapes-"),
            ("Plateforme « Full RIE »", "plateforme--full-rie-"),
            ("Déjà\u{a0}fait", "déjàfait"),
            ("Rocket 🚀 launch", "rocket--launch"),
            ("a-b_c", "a-b_c"),
            ("Ça marche !", "ça-marche-"),
            // What the Markdown hands over for `Pilote&#x20;`, `Tom &amp; Jerry`, `a &lt; b`.
            ("Pilote ", "pilote-"),
            ("Tom & Jerry", "tom--jerry"),
            ("a < b", "a--b"),
            ("🚀 Démarrer", "-démarrer"),
            // Nothing is trimmed or collapsed.
            ("  Spaced  ", "--spaced--"),
            // Other numbers are removed, connector punctuation kept.
            ("Étape 2½ : x²", "étape-2--x"),
            ("a‿b", "a‿b"),
            // Symbols go, the emoji variation selector (a mark) stays.
            ("⚠️ Attention", "\u{fe0f}-attention"),
            ("👍🏽 Merci", "-merci"),
            // Tabs and line breaks are control characters: removed, not turned into `-`.
            ("a\tb\nc", "abc"),
            ("İstanbul", "i\u{307}stanbul"),
        ];
        for (text, want) in table {
            assert_eq!(slugify(text), want, "slug of {text:?}");
        }
    }

    #[test]
    fn duplicates_are_suffixed() {
        let mut ids = SlugCounter::default();
        let got: Vec<_> = ["Exemple", "Exemple", "Exemple", "Exemple-1", "Exemple 1"]
            .iter()
            .map(|t| ids.unique(t))
            .collect();
        assert_eq!(
            got,
            [
                "exemple",
                "exemple-1",
                "exemple-2",
                "exemple-1-1",
                "exemple-1-2"
            ]
        );
    }

    /// github-slugger's own fixtures, whose expected ids GitHub gave (see the README beside
    /// them), through one counter in order, as its test suite runs them.
    #[test]
    fn github_slugger_fixtures() {
        #[derive(serde::Deserialize)]
        struct Case {
            name: String,
            input: String,
            expected: String,
        }
        let cases: Vec<Case> = serde_json::from_str(include_str!(
            "../tests/fixtures/github_slugger_fixtures.json"
        ))
        .unwrap();
        let mut ids = SlugCounter::default();
        let failed: Vec<String> = cases
            .iter()
            .filter_map(|case| {
                let got = ids.unique(&case.input);
                (got != case.expected)
                    .then(|| format!("{}: got {got:?}, want {:?}", case.name, case.expected))
            })
            .collect();
        assert_eq!(cases.len(), 78, "the fixtures file changed");
        assert!(
            failed.is_empty(),
            "{} of {} cases fail:\n{}",
            failed.len(),
            cases.len(),
            failed.join("\n")
        );
    }

    #[test]
    fn removal_table_is_sorted_and_disjoint() {
        for pair in removed::REMOVED.windows(2) {
            let ((a, b), (c, d)) = (pair[0], pair[1]);
            assert!(a <= b && b + 1 < c && c <= d, "{pair:x?}");
        }
        for c in ['-', ' ', '_', 'a', 'é', '0', '\u{301}'] {
            assert!(!is_removed(c), "{c:?}");
        }
        for c in [
            '!',
            '.',
            '\u{a0}',
            '\u{200d}',
            '½',
            '€',
            '🚀',
            '\u{e000}',
            '\u{10ffff}',
        ] {
            assert!(is_removed(c), "{c:?}");
        }
    }

    /// What `fuzz::slug` asserts, on every character: a slug is its own slug and holds no
    /// whitespace.
    #[test]
    fn every_character_slugs_stably() {
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            let once = slugify(c.encode_utf8(&mut [0; 4]));
            assert_eq!(slugify(&once), once, "{c:?}");
            assert!(!once.contains(char::is_whitespace), "{c:?}");
        }
    }

    #[test]
    fn fold_drops_accents_and_end_dashes() {
        assert_eq!(fold_for_hint("Étape-réussie"), "etape-reussie");
        assert_eq!(fold_for_hint("pilote-"), "pilote");
        assert_eq!(fold_for_hint("-démarrer"), "demarrer");
    }
}
