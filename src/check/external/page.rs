//! The part of a fetched page that anchors are sought in: only HTML and Markdown are read,
//! never more than `PAGE_LIMIT` bytes of it, and at most `PAGE_READS` pages at once, so that
//! endless or enormous bodies cost a bounded amount of memory and time. Ids are found the
//! way browsers reach them (`id` on any element, `name` on `<a>`); Markdown gets faqsite's
//! own GitHub slugs.

use crate::check::anchors::USER_CONTENT;
use std::collections::HashSet;

/// The most of a page read to find anchors: 8 MiB, several times the longest pages written
/// to be read (a long Wikipedia article or EUR-Lex regulation is 1 to 2 MiB of HTML).
pub const PAGE_LIMIT: usize = 8 << 20;

/// Pages read at once, all hosts together: with `PAGE_LIMIT`, what bounds the memory the
/// check can take however many enormous pages it meets (16 × 8 MiB).
pub const PAGE_READS: usize = 16;

/// Why a page was read only in part.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Cut {
    /// It is longer than `PAGE_LIMIT`.
    Limit,
    /// It was still arriving at the end of the attempt's timeout.
    Timeout,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Html,
    Markdown,
    /// Anything else (a PDF, an image): its anchors are not checked, nor its bytes read.
    Other,
}

/// What was read of a page.
pub struct Page {
    pub kind: Kind,
    pub bytes: Vec<u8>,
    pub cut: Option<Cut>,
}

/// The kind of a page by its `Content-Type`; raw Markdown is often served as plain text, so
/// a `.md` path decides then.
pub fn kind(content_type: Option<&str>, path: &str) -> Kind {
    let mime = content_type
        .and_then(|t| t.split(';').next())
        .map(|t| t.trim().to_ascii_lowercase())
        .unwrap_or_default();
    let markdown_path = [".md", ".markdown"]
        .iter()
        .any(|ext| path.to_ascii_lowercase().ends_with(ext));
    match mime.as_str() {
        "text/html" | "application/xhtml+xml" => Kind::Html,
        "text/markdown" | "text/x-markdown" => Kind::Markdown,
        "text/plain" if markdown_path => Kind::Markdown,
        _ => Kind::Other,
    }
}

/// For each fragment (as written in a link, percent-encoded or not), whether it reaches an
/// element of the page. Pages of another kind are not checked: every fragment passes.
pub fn find_anchors(page: &Page, fragments: &[&str]) -> Vec<bool> {
    let anchors: Vec<String> = fragments
        .iter()
        .map(|f| crate::paths::decode(f).into_owned())
        .collect();
    let ids = match page.kind {
        Kind::Other => return vec![true; fragments.len()],
        // Tokenizing megabytes is slow next to one memchr scan per anchor; skip it when no
        // anchor can be on the page.
        Kind::Html if !anchors.iter().any(|a| may_hold(&page.bytes, a)) => HashSet::new(),
        Kind::Html => html_ids(&page.bytes),
        Kind::Markdown => markdown_ids(&page.bytes),
    };
    anchors.iter().map(|a| reaches(&ids, a)).collect()
}

/// Whether `anchor` can be an id in this HTML at all: markup never needs to escape ASCII
/// letters and digits, so the anchor's longest run of them appears as is, or the anchor is
/// not there (short of an author escaping `a` as `&#97;`, which nobody does).
fn may_hold(html: &[u8], anchor: &str) -> bool {
    let bare = anchor.strip_prefix(USER_CONTENT).unwrap_or(anchor);
    let run = bare
        .split(|c: char| !c.is_ascii_alphanumeric())
        .max_by_key(|run| run.len())
        .unwrap_or("");
    run.is_empty() || memchr::memmem::find(html, run.as_bytes()).is_some()
}

fn html_ids(bytes: &[u8]) -> HashSet<String> {
    let mut ids = HashSet::new();
    for token in html5gum::Tokenizer::new(bytes).flatten() {
        let html5gum::Token::StartTag(tag) = token else {
            continue;
        };
        for (name, value) in &tag.attributes {
            let reaches = match name.as_slice() {
                b"id" => true,
                b"name" => tag.name.as_slice() == b"a",
                _ => false,
            };
            if reaches && !value.is_empty() {
                ids.insert(String::from_utf8_lossy(value).into_owned());
            }
        }
    }
    ids
}

/// Headings by faqsite's own GitHub slugs, and ids in raw HTML.
fn markdown_ids(bytes: &[u8]) -> HashSet<String> {
    let text = String::from_utf8_lossy(bytes);
    let found = crate::markdown::extract(&text, 0, "remote.md", 0);
    found
        .headings
        .into_iter()
        .map(|h| h.id)
        .chain(found.html_ids)
        .collect()
}

/// Whether the decoded `anchor` reaches one of `ids`. `#top` always does; GitHub's
/// `user-content-` prefix may be written or left out, as in `check::anchors`.
fn reaches(ids: &HashSet<String>, anchor: &str) -> bool {
    let bare = anchor.strip_prefix(USER_CONTENT).unwrap_or(anchor);
    anchor.is_empty()
        || anchor.eq_ignore_ascii_case("top")
        || ids.contains(anchor)
        || ids.contains(bare)
        || ids.contains(&format!("{USER_CONTENT}{bare}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds() {
        let table = [
            (Some("text/html; charset=utf-8"), "/a", Kind::Html),
            (Some("TEXT/HTML"), "/a", Kind::Html),
            (Some("application/xhtml+xml"), "/a", Kind::Html),
            (Some("text/markdown"), "/README", Kind::Markdown),
            (
                Some("text/plain; charset=utf-8"),
                "/docs/README.md",
                Kind::Markdown,
            ),
            (Some("text/plain"), "/notes.txt", Kind::Other),
            (Some("application/pdf"), "/cgu.pdf", Kind::Other),
            (None, "/a.md", Kind::Other),
        ];
        for (content_type, path, want) in table {
            assert_eq!(kind(content_type, path), want, "{content_type:?} {path}");
        }
    }

    fn page(kind: Kind, text: &str) -> Page {
        Page {
            kind,
            bytes: text.as_bytes().to_vec(),
            cut: None,
        }
    }

    #[test]
    fn anchors_on_html_and_markdown() {
        let html = page(
            Kind::Html,
            "<html><body><h2 id=\"étapes\">Étapes</h2><a name=\"old\"></a>\
             <input name=\"email\"><p id=''>x</p><div ID=upper></div><p id=\"caf&#233;\">\
             <!-- <p id=\"commented\"> --><a id=\"user-content-faq\"></a><p id=\"a b\"><p id=\"cut",
        );
        let md = page(
            Kind::Markdown,
            "# Qu'est-ce que l'Hybridge ?\n\n## Étapes\n\n## Étapes\n\n<a id=\"ancre\"></a>\n",
        );
        let pdf = page(Kind::Other, "%PDF-1.7");
        let table: [(&Page, &str, bool); 27] = [
            (&html, "étapes", true),
            (&html, "%C3%A9tapes", true),
            (&html, "Étapes", false),
            (&html, "etapes", false),
            (&html, "old", true),
            (&html, "email", false),
            (&html, "upper", true),
            (&html, "café", true),
            (&html, "commented", false),
            (&html, "faq", true),
            (&html, "user-content-faq", true),
            (&html, "user-content-étapes", true),
            (&html, "a%20b", true),
            (&html, "cut", false),
            (&html, "top", true),
            (&html, "TOP", true),
            (&html, "", true),
            (&html, "absent", false),
            (&md, "quest-ce-que-lhybridge-", true),
            (&md, "étapes", true),
            (&md, "étapes-1", true),
            (&md, "étapes-2", false),
            (&md, "ancre", true),
            (&md, "Étapes", false),
            (&md, "user-content-étapes", true),
            (&pdf, "page=2", true),
            (&pdf, "anything", true),
        ];
        for (page, fragment, want) in table {
            assert_eq!(
                find_anchors(page, &[fragment]),
                [want],
                "{fragment} on {:?}",
                page.kind
            );
        }
        // One pass answers for several fragments, in their order.
        assert_eq!(
            find_anchors(&html, &["absent", "old", "faq"]),
            [false, true, true]
        );
    }

    #[test]
    fn a_page_without_the_anchor_text_is_not_tokenized() {
        let table = [
            ("<p id=\"fin\">", "fin", true),
            ("<p id=\"fin\">", "début", false),
            ("<p id=\"l-étape-2\">", "l-%C3%A9tape-2", true),
            ("<p id=\"x\">", "éàé", true),
            ("<p id=\"user-content-faq\">", "user-content-faq", true),
            ("<p id=\"FAQ\">", "faq", false),
        ];
        for (html, anchor, want) in table {
            let anchor = crate::paths::decode(anchor);
            assert_eq!(
                may_hold(html.as_bytes(), &anchor),
                want,
                "{anchor} in {html}"
            );
        }
    }
}
