//! Links in HTML as lychee-lib's extractor finds them (`extract::Extractor`, HTML input):
//! `srcset` candidates, `poster`, `data`, `cite`, `longdesc`, `background`, `usemap`,
//! `formaction`, `manifest`… lychee gives each link's line and column (columns count
//! characters from 1); a table of line starts over the same text turns them back into the
//! byte offsets faqsite's diagnostics, allow comments and `--fix` need, and the value is
//! found in the text from there.

use lychee_lib::extract::Extractor;
use lychee_lib::{FileType, InputContent};
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

/// A link lychee found, placed in the text it was given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HtmlLink {
    /// The attribute that holds it, lower-case (`srcset`, `poster`…).
    pub attribute: String,
    /// Where its tag opens (`<`).
    pub tag_start: usize,
    /// Where the link is written: the attribute's value, or one candidate of a `srcset`.
    pub value: Range<usize>,
    /// The attribute's end, after the closing quote of a quoted value.
    pub end: usize,
    /// The link as lychee read it (entities decoded), when the text writes it otherwise.
    pub decoded: Option<String>,
}

/// Attributes worth running lychee's extractor for: a cheap test before the HTML parse.
static WORTH_IT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:srcset|poster|data|cite|longdesc|background|usemap|formaction|manifest|action|codebase|classid|icon|profile|href|src)\s*=",
    )
    .unwrap()
});

/// Every link lychee's extractor finds in `html`, in order, with byte ranges into `html`.
/// Those whose value lychee cannot be placed at (never expected) are left out.
pub fn links(html: &str) -> Vec<HtmlLink> {
    extract(html, false)
}

/// `links` of a whole HTML document, those inside `<pre>` and `<code>` included: there they
/// are links a reader follows, not code shown.
pub fn document_links(html: &str) -> Vec<HtmlLink> {
    extract(html, true)
}

fn extract(html: &str, include_verbatim: bool) -> Vec<HtmlLink> {
    if !html.contains('=') || !WORTH_IT.is_match(html) {
        return Vec::new();
    }
    let input = InputContent::from_string(html, FileType::Html);
    let raw = Extractor::new(false, include_verbatim, false).extract(&input);
    let starts = line_starts(html);
    let mut found: Vec<HtmlLink> = Vec::new();
    // Where the next candidate of each `srcset` is looked for: one attribute, many links.
    let mut srcset_cursor: Option<(usize, usize)> = None;
    for uri in raw {
        let Some(attribute) = uri.attribute.as_deref().map(str::to_ascii_lowercase) else {
            continue;
        };
        let Some(column) = uri.span.column else {
            continue;
        };
        let Some(at) = offset_of(html, &starts, uri.span.line.get(), column.get()) else {
            continue;
        };
        let Some((value, end)) = attribute_value(html, at) else {
            continue;
        };
        let tag_start = html[..value.start].rfind('<').unwrap_or(value.start);
        let written = &html[value.clone()];
        let (value, decoded) = if attribute == "srcset" {
            let from = match srcset_cursor {
                Some((attr_at, next)) if attr_at == at => next,
                _ => value.start,
            };
            match html[from..value.end].find(uri.text.as_str()) {
                Some(i) => {
                    let start = from + i;
                    srcset_cursor = Some((at, start + uri.text.len()));
                    (start..start + uri.text.len(), None)
                }
                None => (value, Some(uri.text.clone())),
            }
        } else if written == uri.text {
            (value, None)
        } else {
            (value, Some(uri.text.clone()))
        };
        found.push(HtmlLink {
            attribute,
            tag_start,
            value,
            end,
            decoded,
        });
    }
    found.sort_by_key(|l| l.value.start);
    found.dedup_by(|a, b| a.value == b.value);
    found
}

/// The start of each line of `text` (after each `\n`), as lychee counts lines.
fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect()
}

/// The byte offset of 1-based `line` and `column` (in characters) in `text`.
fn offset_of(text: &str, starts: &[usize], line: usize, column: usize) -> Option<usize> {
    let start = *starts.get(line.checked_sub(1)?)?;
    let rest = &text[start..];
    let skip = column.checked_sub(1)?;
    match rest.char_indices().nth(skip) {
        Some((i, _)) => Some(start + i),
        None if rest.chars().count() == skip => Some(text.len()),
        None => None,
    }
}

/// The value of the attribute that lychee places at `at`, and the attribute's end (after a
/// closing quote). html5gum, under lychee, places a quoted value at its first character and
/// an unquoted one at its second (`<a href=xyz>`: at `y`), so a quote just before `at`
/// tells which it is.
fn attribute_value(html: &str, at: usize) -> Option<(Range<usize>, usize)> {
    html.get(at..)?;
    let before = html[..at].chars().next_back();
    match before {
        Some(quote @ ('"' | '\'')) => {
            let len = html[at..].find(quote).unwrap_or(html.len() - at);
            let end = (at + len + 1).min(html.len());
            Some((at..at + len, end))
        }
        Some(first) if !first.is_ascii_whitespace() && first != '=' => {
            let start = at - first.len_utf8();
            let rest = &html[start..];
            let len = rest
                .find(|c: char| c.is_ascii_whitespace() || c == '>')
                .unwrap_or(rest.len());
            Some((start..start + len, start + len))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each row: HTML, then the links lychee finds as (attribute, text at the span).
    #[test]
    fn spans_point_at_each_value() {
        let table: &[(&str, &[(&str, &str)])] = &[
            (
                r#"<img srcset="a.png 1x, absent-2x.png 2x" src="b.png">"#,
                &[("srcset", "a.png"), ("srcset", "absent-2x.png"), ("src", "b.png")],
            ),
            (
                "<video poster='absent-poster.jpg'></video>",
                &[("poster", "absent-poster.jpg")],
            ),
            (
                "<p>é\n  <object data=plan.svg></object> <blockquote cite=\"../cgu/a.md\">",
                &[("data", "plan.svg"), ("cite", "../cgu/a.md")],
            ),
            (
                "<img longdesc=\"d.html\" usemap=\"#carte\">\n<form><button formaction=\"https://x.fr/envoi\">",
                &[("longdesc", "d.html"), ("usemap", "#carte"), ("formaction", "https://x.fr/envoi")],
            ),
            (
                r#"<html manifest="app.appcache"><body background="fond.png">"#,
                &[("manifest", "app.appcache"), ("background", "fond.png")],
            ),
        ];
        for (html, want) in table {
            let found: Vec<(String, &str)> = links(html)
                .into_iter()
                .map(|l| (l.attribute.clone(), &html[l.value.clone()]))
                .collect();
            let want: Vec<(String, &str)> = want.iter().map(|(a, v)| (a.to_string(), *v)).collect();
            assert_eq!(found, want, "{html}");
        }
    }

    #[test]
    fn line_and_column_become_offsets() {
        let text = "ab\néé\nc";
        let starts = line_starts(text);
        assert_eq!(offset_of(text, &starts, 1, 1), Some(0));
        assert_eq!(offset_of(text, &starts, 2, 2), Some(5));
        assert_eq!(offset_of(text, &starts, 3, 1), Some(8));
        assert_eq!(offset_of(text, &starts, 4, 1), None);
    }

    #[test]
    fn entities_keep_the_decoded_link() {
        let html = r#"<video poster="a&amp;b.jpg">"#;
        let found = links(html);
        assert_eq!(found.len(), 1);
        assert_eq!(&html[found[0].value.clone()], "a&amp;b.jpg");
        assert_eq!(found[0].decoded.as_deref(), Some("a&b.jpg"));
    }
}
