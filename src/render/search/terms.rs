//! Words as the index holds them: folded the way `static/search.js` folds the query (lower
//! case, no accents, light French plural stemming), stop words out, identifiers whole and
//! split, and each occurrence's place on the page as a posting's weight.

use crate::content::Page;
use rustc_hash::FxHashMap as HashMap;
use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// A posting's weight: the low bits count the term's occurrences in the body, up to this.
pub const BODY_MAX: u32 = 31;
/// A posting's weight: the term is in a heading (levels 2 to 6).
pub const IN_HEADING: u32 = 32;
/// A posting's weight: the term is in the title.
pub const IN_TITLE: u32 = 64;
/// One occurrence in the body, as `add_occurrence` takes it.
const IN_BODY: u32 = 1;

/// A posting's weight `w` with one more occurrence of its term in the body (`IN_BODY`), a
/// heading (`IN_HEADING`) or the title (`IN_TITLE`).
pub fn add_occurrence(w: u32, place: u32) -> u32 {
    match place {
        IN_BODY if w & BODY_MAX < BODY_MAX => w + 1,
        IN_BODY => w,
        _ => w | place,
    }
}

/// Words too common in French to be worth an entry (already folded; sorted), as the test of
/// `is_stop_word` lists them.
#[cfg(test)]
const STOP_WORDS: &[&str] = &[
    "au", "aux", "avec", "ce", "ces", "dans", "de", "des", "du", "elle", "en", "est", "et", "il",
    "la", "le", "les", "leur", "ne", "on", "ou", "par", "pas", "pour", "qu", "que", "qui", "sa",
    "se", "ses", "son", "sur", "un", "une",
];

/// `STOP_WORDS` as a `match`, which the compiler turns into a switch on length and bytes:
/// a binary search compared strings at each of its steps, for every word of every page.
#[rustfmt::skip]
fn is_stop_word(word: &str) -> bool {
    matches!(
        word,
        "au" | "aux" | "avec" | "ce" | "ces" | "dans" | "de" | "des" | "du" | "elle" | "en"
            | "est" | "et" | "il" | "la" | "le" | "les" | "leur" | "ne" | "on" | "ou" | "par"
            | "pas" | "pour" | "qu" | "que" | "qui" | "sa" | "se" | "ses" | "son" | "sur" | "un"
            | "une"
    )
}

/// Folds a word: lower case, accents removed, ligatures split.
#[cfg(test)]
fn fold_for_search(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    fold_into(word, &mut out);
    out
}

/// `fold_for_search`, appending to `buf`; French letters take a fast path, others are decomposed.
fn fold_into(word: &str, buf: &mut String) {
    for c in word.chars() {
        if !fold_french(c, buf) {
            decompose_canonical(c, |d| {
                if !is_combining_mark(d) {
                    buf.extend(d.to_lowercase());
                }
            });
        }
    }
}

/// Folds `c` into `buf` if it is an ASCII letter or digit or a French letter; `false` for
/// anything else.
fn fold_french(c: char, buf: &mut String) -> bool {
    let ascii = match c {
        'a'..='z' | '0'..='9' => c,
        'A'..='Z' => c.to_ascii_lowercase(),
        'à' | 'â' | 'ä' | 'á' | 'À' | 'Â' | 'Ä' | 'Á' => 'a',
        'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' | 'Ê' | 'Ë' => 'e',
        'î' | 'ï' | 'í' | 'Î' | 'Ï' | 'Í' => 'i',
        'ô' | 'ö' | 'ó' | 'Ô' | 'Ö' | 'Ó' => 'o',
        'ù' | 'û' | 'ü' | 'ú' | 'Ù' | 'Û' | 'Ü' | 'Ú' => 'u',
        'ç' | 'Ç' => 'c',
        'ÿ' | 'Ÿ' => 'y',
        'œ' | 'Œ' => {
            buf.push_str("oe");
            return true;
        }
        'æ' | 'Æ' => {
            buf.push_str("ae");
            return true;
        }
        _ => return false,
    };
    buf.push(ascii);
    true
}

/// Light French stemming of a folded word: plurals in `-s`, `-x`, `-aux`.
pub fn stem(word: &str) -> &str {
    let n = word.len();
    if n > 4 && word.ends_with("aux") && !word.ends_with("eaux") {
        // `journaux` and `journal` share `journa`.
        &word[..n - 2]
    } else if (n > 4 && (word.ends_with("eaux") || word.ends_with("al")))
        || (n > 3 && (word.ends_with('s') || word.ends_with('x')) && !word.ends_with("ss"))
    {
        &word[..n - 1]
    } else {
        word
    }
}

/// Calls `f` with each index term of `text` (folded, stemmed, stop words and one-letter words
/// out), then with each identifier (words joined by `_` or `.`, folded, not stemmed), folding
/// into `buf`: no allocation per word.
fn for_each_term(text: &str, buf: &mut String, mut f: impl FnMut(&str)) {
    fn emit(buf: &mut String, f: &mut impl FnMut(&str)) {
        let stop = is_stop_word(buf);
        if !stop && buf.chars().nth(1).is_some() {
            f(stem(buf));
        }
        buf.clear();
    }
    /// The identifier read so far, if it joins two words or more.
    fn emit_identifier(ident: &mut String, f: &mut impl FnMut(&str)) {
        let whole = ident.trim_end_matches(['_', '.']);
        if whole.contains(['_', '.']) && whole.len() > 2 {
            f(whole);
        }
        ident.clear();
    }
    buf.clear();
    let mut ident = String::new();
    // Words are runs of letters and digits; ASCII (most of French text) takes a fast path.
    for c in text.chars() {
        let in_word = if c.is_ascii_alphanumeric() {
            buf.push(c.to_ascii_lowercase());
            true
        } else if c.is_ascii() {
            false
        } else if fold_french(c, buf) {
            // A French letter (all are alphabetic): no Unicode table lookup.
            true
        } else if c.is_alphanumeric() {
            let mut one = [0u8; 4];
            fold_into(c.encode_utf8(&mut one), buf);
            true
        } else {
            false
        };
        if in_word {
            continue;
        }
        let joins = (c == '_' || c == '.') && !buf.is_empty();
        if joins || !ident.is_empty() {
            ident.push_str(buf);
        }
        if !buf.is_empty() {
            emit(buf, &mut f);
        }
        if joins {
            ident.push(c);
        } else if !ident.is_empty() {
            emit_identifier(&mut ident, &mut f);
        }
    }
    if !ident.is_empty() {
        ident.push_str(buf);
    }
    if !buf.is_empty() {
        emit(buf, &mut f);
    }
    if !ident.is_empty() {
        emit_identifier(&mut ident, &mut f);
    }
}

/// A page's index terms with their weights.
pub type Terms = HashMap<String, u32>;

/// A page's terms with their weights, from its `prose` (the texts of its body outside
/// code): body 1, headings and title more.
pub fn doc_terms<'p>(page: &Page, prose: impl Iterator<Item = &'p str>) -> Terms {
    let mut weights: HashMap<String, u32> = HashMap::default();
    for_each_weighted_term(page, prose, |t, place| match weights.get_mut(t) {
        Some(w) => *w = add_occurrence(*w, place),
        None => {
            weights.insert(t.to_string(), add_occurrence(0, place));
        }
    });
    weights
}

/// Calls `f` with each term of a page and its place (`IN_BODY`, `IN_HEADING`, `IN_TITLE`),
/// once per occurrence.
pub(super) fn for_each_weighted_term<'p>(
    page: &Page,
    prose: impl Iterator<Item = &'p str>,
    mut f: impl FnMut(&str, u32),
) {
    let mut buf = String::new();
    for text in prose {
        for_each_term(text, &mut buf, |t| f(t, IN_BODY));
    }
    for h in page.headings.iter().filter(|h| h.level > 1) {
        for_each_term(&h.text, &mut buf, |t| f(t, IN_HEADING));
    }
    for_each_term(&page.title, &mut buf, |t| f(t, IN_TITLE));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_and_stem_table() {
        let table = [
            ("Étapes", "etape"),
            ("habilitations", "habilitation"),
            ("accès", "acce"),
            ("Journaux", "journa"),
            ("journal", "journa"),
            ("bureaux", "bureau"),
            ("classe", "classe"),
            ("process", "process"),
            ("Œuvre", "oeuvre"),
            ("FS", "fs"),
            ("Ǹ", "n"),
            ("ÉLIGIBILITÉ", "eligibilite"),
        ];
        for (word, want) in table {
            assert_eq!(stem(&fold_for_search(word)), want, "{word}");
        }
    }

    #[test]
    fn terms_drop_stop_words_and_elisions() {
        let mut got = Vec::new();
        let text = "L'habilitation de DataPass, pour les étapes";
        for_each_term(text, &mut String::new(), |t| got.push(t.to_string()));
        assert_eq!(got, ["habilitation", "datapass", "etape"]);
    }

    #[test]
    fn stop_words_are_sorted_and_matched() {
        assert!(STOP_WORDS.windows(2).all(|w| w[0] < w[1]));
        assert!(STOP_WORDS.iter().all(|w| is_stop_word(w)));
    }

    #[test]
    fn identifiers_are_indexed_whole_and_split() {
        let table = [
            (
                "Valeur de AGENTCONNECT_DOMAIN.",
                vec!["valeur", "agentconnect", "domain", "agentconnect_domain"],
            ),
            ("`client_secret`", vec!["client", "secret", "client_secret"]),
            (
                "sur data.gouv.fr, puis",
                vec!["data", "gouv", "fr", "data.gouv.fr", "pui"],
            ),
            ("Fin. Début", vec!["fin", "debut"]),
            ("a__b _c_ x.y", vec!["x.y"]),
            ("Clé_Publique", vec!["cle", "publique", "cle_publique"]),
        ];
        for (text, want) in table {
            let mut got = Vec::new();
            for_each_term(text, &mut String::new(), |t| got.push(t.to_string()));
            assert_eq!(got, want, "{text}");
        }
    }

    #[test]
    fn weights_count_body_and_flag_headings_and_title() {
        let mut w = 0;
        for _ in 0..40 {
            w = add_occurrence(w, IN_BODY);
        }
        assert_eq!(w, BODY_MAX);
        w = add_occurrence(add_occurrence(w, IN_HEADING), IN_HEADING);
        assert_eq!(w, BODY_MAX | IN_HEADING);
        assert_eq!(add_occurrence(0, IN_TITLE), IN_TITLE);
        assert_eq!(
            add_occurrence(add_occurrence(0, IN_TITLE), IN_BODY),
            IN_TITLE | 1
        );
    }
}
