//! Heading ids, the GitHub way: the one slug function used both to render ids and to
//! check anchors, so that the two can never drift apart.

use std::collections::HashMap;
use unicode_normalization::char::is_combining_mark;

/// GitHub's slug of a heading text: lower-case, drop every character that is not a letter,
/// mark, digit, `-`, `_` or space, then turn spaces into `-`. Accents are kept.
pub fn slugify(text: &str) -> String {
    text.trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            '-' | '_' => Some(c),
            c if c.is_alphanumeric() || is_combining_mark(c) => Some(c),
            _ => None,
        })
        .collect()
}

/// Hands out unique ids within one page: a repeated slug gets `-1`, `-2`, … like github-slugger.
#[derive(Default)]
pub struct SlugCounter {
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

/// Folds accents away (`étape` → `etape`) and lower-cases: used for hints, never for ids.
pub fn fold_for_hint(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    text.nfd()
        .filter(|c| !is_combining_mark(*c))
        .collect::<String>()
        .to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_follow_github() {
        let table = [
            ("Qu'est-ce que l'Hybridge ?", "quest-ce-que-lhybridge-"),
            ("Étapes de la qualification", "étapes-de-la-qualification"),
            ("**ID_TOKEN:**", "id_token"),
            ("ID_TOKEN:", "id_token"),
            ("1. Quelles sont les étapes ?", "1-quelles-sont-les-étapes-"),
            ("Plateforme « Full RIE »", "plateforme--full-rie-"),
            ("Déjà\u{a0}fait", "déjàfait"),
            ("Rocket 🚀 launch", "rocket--launch"),
            ("  Spaced  ", "spaced"),
            ("a-b_c", "a-b_c"),
            ("Ça marche !", "ça-marche-"),
        ];
        for (text, want) in table {
            assert_eq!(slugify(text), want, "slug of {text:?}");
        }
    }

    #[test]
    fn duplicates_are_suffixed() {
        let mut ids = SlugCounter::default();
        let got: Vec<_> = ["Exemple", "Exemple", "Exemple", "Exemple-1"]
            .iter()
            .map(|t| ids.unique(t))
            .collect();
        assert_eq!(got, ["exemple", "exemple-1", "exemple-2", "exemple-1-1"]);
    }

    #[test]
    fn fold_drops_accents() {
        assert_eq!(fold_for_hint("Étape-réussie"), "etape-reussie");
    }
}
