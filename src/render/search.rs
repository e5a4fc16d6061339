//! The search index, as JavaScript files the browser loads with `<script>` (so search works
//! from file:// too, where fetch and ES modules do not). Words are folded the way
//! `static/search.js` folds the query: lower case, no accents, light French plural stemming.
//! Postings are sharded by the first two letters of each word (a prefix typed in the field
//! needs one shard); page titles, excerpts and sections are sharded by page number.
//!
//! Identifiers are indexed whole as well as split: `PROCONNECT_DOMAIN` gives `proconnect`,
//! `domain` and `proconnect_domain`, `data.gouv.fr` gives `data`, `gouv`, `fr` and
//! `data.gouv.fr` (words joined by `_` or `.`, folded, not stemmed), so that a query copied
//! from code matches them exactly and ranks first.
//!
//! A posting's weight says where the term is on the page (see `add_occurrence`): how many
//! times in the body (up to `BODY_MAX`), and whether in a heading (`IN_HEADING`) or in the
//! title (`IN_TITLE`). `static/search.js` scores pages from it (BM25-like, see there).

use super::OutputFile;
use crate::content::Page;
use crate::markdown::Heading;
use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;
use std::ops::Range;
use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// Pages per excerpt shard: a query loads the shards of its first results only (ten
/// results from ten shards stay near 200 kB at 10,000 pages, sections included).
pub const DOCS_PER_SHARD: usize = 8;
/// Characters of body text kept per page for excerpts.
const EXCERPT_CHARS: usize = 600;
/// Characters of text kept per section (under a heading) for its excerpt.
const SECTION_CHARS: usize = 160;
/// Sections kept per page: a glossary with more headings keeps its first ones.
const MAX_SECTIONS: usize = 40;
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

/// One page as a search result shows it: URL (site-relative), title, section of the site,
/// excerpt, and the sections under its headings.
#[derive(Clone, PartialEq, Eq)]
pub struct Doc {
    pub url: String,
    pub title: String,
    pub section: usize,
    pub excerpt: String,
    pub headings: Vec<Section>,
}

/// A part of a page under one heading: the heading's id and text, and the start of its text.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Section {
    pub id: String,
    pub heading: String,
    pub text: String,
}

/// A page number and a weight: 8 bytes, half of `(usize, u32)`, on millions of postings.
type Posting = (u32, u32);

/// The terms of one shard file with their postings, in term order.
type Shard<'a> = BTreeMap<&'a str, &'a Vec<Posting>>;

/// Term → (page number, weight) of the pages holding it. Filled page by page as pages
/// render, on each thread, then merged.
#[derive(Default, Clone)]
pub struct Postings(HashMap<String, Vec<Posting>>);

impl Postings {
    /// Each term's list, to sort them once filled.
    pub fn lists_mut(&mut self) -> impl Iterator<Item = &mut Vec<Posting>> {
        self.0.values_mut()
    }

    /// Adds the terms of page number `doc`.
    pub fn add(&mut self, doc: usize, terms: &Terms) {
        for (term, &w) in terms {
            self.add_term(doc, term, w);
        }
    }

    /// Adds one term of page number `doc`, with its weight.
    pub fn add_term(&mut self, doc: usize, term: &str, weight: u32) {
        let doc = doc as u32; // a site has fewer than 4 billion pages
        match self.0.get_mut(term) {
            Some(list) => list.push((doc, weight)),
            None => {
                self.0.insert(term.to_string(), vec![(doc, weight)]);
            }
        }
    }

    /// Adds page number `doc` from its `prose`, term by term: no map per page, and no
    /// allocation for a term this index already holds. Pages come in increasing numbers.
    pub fn add_page<'p>(&mut self, doc: usize, page: &Page, prose: impl Iterator<Item = &'p str>) {
        let doc = doc as u32;
        for_each_weighted_term(page, prose, |t, weight| match self.0.get_mut(t) {
            Some(list) => match list.last_mut() {
                Some((d, w)) if *d == doc => *w = add_occurrence(*w, weight),
                _ => list.push((doc, add_occurrence(0, weight))),
            },
            None => {
                self.0
                    .insert(t.to_string(), vec![(doc, add_occurrence(0, weight))]);
            }
        });
    }

    pub fn merge(mut self, other: Postings) -> Postings {
        let (mut big, small) = match self.0.len() >= other.0.len() {
            true => (std::mem::take(&mut self.0), other.0),
            false => (other.0, std::mem::take(&mut self.0)),
        };
        for (term, mut list) in small {
            big.entry(term).or_default().append(&mut list);
        }
        Postings(big)
    }
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

/// The shard of a term: its first two characters, `_` for anything but `a-z0-9`.
pub fn shard_key(term: &str) -> String {
    term.chars()
        .take(2)
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect()
}

/// Builds the index files under `search/`: `index.js` (section titles, shard list), one
/// `t-XX.js` per term prefix and one `d-N.js` per `DOCS_PER_SHARD` pages.
pub fn index_files(docs: &[Doc], postings: &mut Postings, sections: &[String]) -> Vec<OutputFile> {
    let mut files = term_files(postings, docs.len(), sections);
    let index = files.pop();
    files.par_extend(
        docs.par_chunks(DOCS_PER_SHARD)
            .enumerate()
            .map(|(n, chunk)| doc_shard(n, chunk)),
    );
    files.extend(index);
    files
}

/// The index files but the `d-N.js` shards of `docs` pages: the `t-XX.js` shards, then
/// `index.js`.
fn term_files(postings: &mut Postings, docs: usize, sections: &[String]) -> Vec<OutputFile> {
    let keys = postings.sort_lists();
    let mut files = postings.term_shards(&keys);
    files.push(postings.index_js(docs, sections));
    files
}

/// `term_files`, each handed to `write` once made (on all cores, the shards first, then
/// `index.js`): a build does not hold them all at once (60 MB at 100,000 pages).
pub fn write_term_files(
    postings: &mut Postings,
    docs: usize,
    sections: &[String],
    write: impl Fn(OutputFile) -> std::io::Result<()> + Sync,
) -> std::io::Result<()> {
    let keys = postings.sort_lists();
    postings
        .shards(&keys)
        .par_iter()
        .try_for_each(|(key, terms)| write(term_shard(key, terms)))?;
    write(postings.index_js(docs, sections))
}

impl Postings {
    /// Replaces the terms of page number `doc` (`old` are those it had); returns the shard
    /// keys whose files change. Lists stay sorted by page number.
    pub fn replace_doc(&mut self, doc: usize, old: &Terms, new: &Terms) -> BTreeSet<String> {
        let doc = doc as u32;
        let mut keys = BTreeSet::new();
        for (term, w) in old {
            if new.get(term) == Some(w) {
                continue;
            }
            keys.insert(shard_key(term));
            if let Some(list) = self.0.get_mut(term.as_str()) {
                list.retain(|&(d, _)| d != doc);
                if list.is_empty() {
                    self.0.remove(term.as_str());
                }
            }
        }
        for (term, &w) in new {
            if old.get(term) == Some(&w) {
                continue;
            }
            keys.insert(shard_key(term));
            let list = self.0.entry(term.clone()).or_default();
            let at = list.partition_point(|&(d, _)| d < doc);
            list.insert(at, (doc, w));
        }
        keys
    }

    /// The `t-XX.js` files of the given shard keys (lists must be sorted by page number).
    pub fn term_shards(&self, keys: &BTreeSet<String>) -> Vec<OutputFile> {
        self.shards(keys)
            .par_iter()
            .map(|(key, terms)| term_shard(key, terms))
            .collect()
    }

    /// Sorts each term's list by page number; returns every shard key.
    fn sort_lists(&mut self) -> BTreeSet<String> {
        for list in self.0.values_mut() {
            list.sort_unstable();
        }
        self.0.keys().map(|t| shard_key(t)).collect()
    }

    /// The terms of each of the given shard keys.
    fn shards(&self, keys: &BTreeSet<String>) -> BTreeMap<String, Shard<'_>> {
        let mut shards: BTreeMap<String, Shard> =
            keys.iter().map(|k| (k.clone(), Shard::new())).collect();
        for (term, list) in &self.0 {
            if let Some(shard) = shards.get_mut(&shard_key(term)) {
                shard.insert(term.as_str(), list);
            }
        }
        shards
    }

    /// Whether some term falls in the shard `key`.
    pub fn has_shard(&self, key: &str) -> bool {
        self.0.keys().any(|t| shard_key(t) == key)
    }

    /// `search/index.js`: the number of pages (for the scores' term rarity), the section
    /// titles and the list of shard keys.
    pub fn index_js(&self, docs: usize, sections: &[String]) -> OutputFile {
        let keys: BTreeSet<String> = self.0.keys().map(|t| shard_key(t)).collect();
        let keys: String = keys.iter().map(String::as_str).collect();
        OutputFile {
            path: "search/index.js".into(),
            contents: format!(
                "faqsiteSearch.init({{docsPerShard:{DOCS_PER_SHARD},docs:{docs},keys:{},sections:{}}});\n",
                json(&keys),
                json_array(sections)
            )
            .into_bytes(),
        }
    }
}

fn term_shard(key: &str, terms: &Shard) -> OutputFile {
    let mut js = format!("faqsiteSearch.t({},{{", json(key));
    for (i, (term, postings)) in terms.iter().enumerate() {
        let sep = if i == 0 { "" } else { "," };
        let _ = write!(js, "{sep}{}:[", json(term));
        // Doc numbers as deltas from the previous one: smaller files.
        let mut prev = 0;
        for (j, &(d, w)) in postings.iter().enumerate() {
            let sep = if j == 0 { "" } else { "," };
            let _ = write!(js, "{sep}{},{}", d - prev, w);
            prev = d;
        }
        js.push(']');
    }
    js.push_str("});\n");
    OutputFile {
        path: format!("search/t-{key}.js"),
        contents: js.into_bytes(),
    }
}

/// `search/d-N.js`: titles, URLs, sections and excerpts of the `N`th chunk of pages.
pub fn doc_shard(n: usize, chunk: &[Doc]) -> OutputFile {
    let entries: Vec<String> = chunk.iter().map(doc_js).collect();
    doc_shard_of(n, entries.iter().map(String::as_str))
}

/// `search/d-N.js` from its pages' entries (`doc_js`): a build keeps each page's entry as
/// this text from the moment it renders, a fraction of the `Doc` it comes from.
pub fn doc_shard_of<'e>(n: usize, entries: impl Iterator<Item = &'e str>) -> OutputFile {
    let mut js = format!("faqsiteSearch.d({n},[");
    for (i, entry) in entries.enumerate() {
        if i > 0 {
            js.push(',');
        }
        js.push_str(entry);
    }
    js.push_str("]);\n");
    OutputFile {
        path: format!("search/d-{n}.js"),
        contents: js.into_bytes(),
    }
}

/// One page in its `d-N.js` shard: `[url, title, section, excerpt]` with, when it has
/// headings, `[[id, heading, text], …]`.
pub fn doc_js(doc: &Doc) -> String {
    let mut js = String::new();
    let _ = write!(
        js,
        "[{},{},{},{}",
        json(&doc.url),
        json(&doc.title),
        doc.section,
        json(&doc.excerpt)
    );
    if !doc.headings.is_empty() {
        js.push_str(",[");
        for (j, h) in doc.headings.iter().enumerate() {
            let sep = if j == 0 { "" } else { "," };
            let _ = write!(
                js,
                "{sep}[{},{},{}]",
                json(&h.id),
                json(&h.heading),
                json(&h.text)
            );
        }
        js.push(']');
    }
    js.push(']');
    js
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
fn for_each_weighted_term<'p>(
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

/// The first `EXCERPT_CHARS` characters of a page's prose, after its title.
pub fn excerpt<'p>(page: &Page, prose: impl Iterator<Item = &'p str>) -> String {
    let mut out = String::with_capacity(EXCERPT_CHARS + 16);
    let mut chars = 0;
    let mut texts = prose.peekable();
    if texts.peek().is_some_and(|t| t.trim() == page.title) {
        texts.next();
    }
    for text in texts {
        for word in text.split_whitespace() {
            if chars >= EXCERPT_CHARS {
                return out;
            }
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(word);
            chars += word.chars().count() + 1;
        }
    }
    out
}

/// The sections of a page under its headings (levels 2 to 6), each with the start of its
/// text: `prose` are the page's prose ranges in `source`, `headings` the headings with the
/// indexes in `prose` of their text (`markdown::Rendered`).
pub fn sections(
    source: &str,
    prose: &[Range<usize>],
    headings: &[(Range<usize>, Heading)],
) -> Vec<Section> {
    let mut out = Vec::new();
    for (i, (at, h)) in headings.iter().enumerate() {
        if h.level < 2 || out.len() == MAX_SECTIONS {
            continue;
        }
        let end = headings
            .get(i + 1)
            .map_or(prose.len(), |(next, _)| next.start);
        let mut text = String::new();
        let mut chars = 0;
        'texts: for r in prose.get(at.end..end).unwrap_or_default() {
            for word in source.get(r.clone()).unwrap_or_default().split_whitespace() {
                if chars >= SECTION_CHARS {
                    break 'texts;
                }
                if !text.is_empty() {
                    text.push(' ');
                }
                text.push_str(word);
                chars += word.chars().count() + 1;
            }
        }
        out.push(Section {
            id: h.id.clone(),
            heading: h.text.clone(),
            text,
        });
    }
    out
}

/// A JSON array of strings, safe inside a `<script>` file.
fn json_array(items: &[String]) -> String {
    let items: Vec<String> = items.iter().map(|s| json(s)).collect();
    format!("[{}]", items.join(","))
}

/// A JSON string literal, safe inside a `<script>` file.
fn json(s: &str) -> String {
    serde_json::to_string(s)
        .unwrap_or_default()
        .replace("</", "<\\/")
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

    #[test]
    fn sections_take_the_text_under_each_heading() {
        let source = "# T\nintro\n## Un `a_b`\ntexte un\n## Deux\n";
        let r = |a: &str| {
            let at = source.find(a).unwrap();
            at..at + a.len()
        };
        let prose = vec![r("intro"), r("Un "), r("a_b"), r("texte un"), r("Deux")];
        let h = |level, text: &str, id: &str| Heading {
            level,
            text: text.into(),
            id: id.into(),
        };
        let headings = vec![
            (0..0, h(1, "T", "t")),
            (1..3, h(2, "Un a_b", "un-a_b")),
            (4..5, h(2, "Deux", "deux")),
        ];
        let got = sections(source, &prose, &headings);
        assert_eq!(got.len(), 2);
        assert_eq!(
            (got[0].id.as_str(), got[0].text.as_str()),
            ("un-a_b", "texte un")
        );
        assert_eq!(
            (got[1].heading.as_str(), got[1].text.as_str()),
            ("Deux", "")
        );
    }

    #[test]
    fn shard_keys() {
        assert_eq!(shard_key("habilitation"), "ha");
        assert_eq!(shard_key("x"), "x");
        assert_eq!(shard_key("ça"), "_a");
    }

    /// What the home page loads when the search field gets focus is `index.js`: the shard
    /// keys (at most 37² two-character prefixes) and the section titles, never the pages.
    /// With every key present, 200,000 pages and 1,000 sections, it stays under 100 kB.
    #[test]
    fn the_index_loaded_on_focus_does_not_grow_with_pages() {
        let alphabet: Vec<char> = ('a'..='z').chain('0'..='9').chain(['é']).collect();
        let mut postings = Postings::default();
        let mut doc = 0;
        for &a in &alphabet {
            for &b in &alphabet {
                let terms: Terms = [(format!("{a}{b}mot"), 1)].into_iter().collect();
                for _ in 0..150 {
                    postings.add(doc, &terms);
                    doc += 1;
                }
            }
        }
        assert!(doc >= 200_000);
        let sections: Vec<String> = (0..1000)
            .map(|i| format!("Section numéro {i} de la documentation partenaire"))
            .collect();
        let size = postings.index_js(doc, &sections).contents.len();
        assert!(size < 100 * 1024, "{size} bytes");
    }
}
