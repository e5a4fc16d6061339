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
//!
//! `terms.rs` turns text into index terms, `postings.rs` holds them and writes their shards;
//! this file makes each page's search result (`Doc`) and the `d-N.js` shards.

mod postings;
mod terms;

pub use postings::{index_files, write_term_files, Postings};
pub use terms::{doc_terms, Terms};

use super::OutputFile;
use crate::content::Page;
use crate::markdown::Heading;
use std::fmt::Write;
use std::ops::Range;

/// Pages per excerpt shard: a query loads the shards of its first results only (ten
/// results from ten shards stay near 200 kB at 10,000 pages, sections included).
pub const DOCS_PER_SHARD: usize = 8;
/// Characters of body text kept per page for excerpts.
const EXCERPT_CHARS: usize = 600;
/// Characters of text kept per section (under a heading) for its excerpt.
const SECTION_CHARS: usize = 160;
/// Sections kept per page: a glossary with more headings keeps its first ones.
const MAX_SECTIONS: usize = 40;
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
}
