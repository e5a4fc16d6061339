//! Links and ids in raw HTML (`<img src=…>`, `<a href=…>`, `<a id=…>`), and faqsite's own
//! comments (`<!-- faqsite: allow outdated-cgu -->`).

use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

static ATTR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)\s(href|src|id|name)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))"#).unwrap()
});
static ALLOW: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"<!--\s*faqsite:\s*allow\s+([a-z-]+)\s*-->").unwrap());

pub enum Attr {
    /// `href` or `src`: the tag's start, the value's range, and the attribute's end (after
    /// the closing quote of a quoted value).
    Link {
        tag_start: usize,
        value: Range<usize>,
        end: usize,
        /// The link with its entities decoded, when that differs from the value as written
        /// (lychee-lib's links; faqsite's own take the value as written).
        decoded: Option<String>,
        /// Found by lychee-lib's extractor only: its value range is exact, even for one
        /// candidate of a `srcset`.
        lychee: bool,
    },
    /// `id`, or `name` on an anchor.
    Id(String),
}

/// The attributes of interest in a piece of raw HTML, with byte ranges into it.
pub fn attributes(html: &str) -> Vec<Attr> {
    if !html.contains('=') {
        return Vec::new();
    }
    ATTR.captures_iter(html)
        .filter_map(|c| {
            let whole = c.get(0)?;
            let tag_start = html[..whole.start()].rfind('<')?;
            if html[tag_start..whole.start()].contains('>') || html[tag_start..].starts_with("<!--")
            {
                return None; // not inside a tag
            }
            let value = c.get(2).or(c.get(3)).or(c.get(4))?;
            let name = c[1].to_ascii_lowercase();
            Some(match name.as_str() {
                "href" | "src" => Attr::Link {
                    tag_start,
                    value: value.range(),
                    end: whole.end(),
                    decoded: None,
                    lychee: false,
                },
                _ => Attr::Id(value.as_str().to_string()),
            })
        })
        .collect()
}

/// Links that open a new window (`target="_blank"`) get `rel="noopener noreferrer"` when
/// they have no `rel`: the opened page must not reach back into the site's window.
pub fn no_opener(html: pulldown_cmark::CowStr<'_>) -> pulldown_cmark::CowStr<'_> {
    static BLANK: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"(?i)<a\b[^>]*\btarget\s*=\s*["']?_blank["']?[^>]*>"#).unwrap()
    });
    if !BLANK.is_match(&html) {
        return html;
    }
    let fixed = BLANK.replace_all(&html, |c: &regex::Captures| {
        let tag = &c[0];
        if tag.to_ascii_lowercase().contains("rel=") {
            return tag.to_string();
        }
        let end = tag.len() - if tag.ends_with("/>") { 2 } else { 1 };
        format!("{} rel=\"noopener noreferrer\"{}", &tag[..end], &tag[end..])
    });
    fixed.into_owned().into()
}

/// Where `<script` tags open in a piece of raw HTML.
pub fn scripts(html: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    static SCRIPT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)<script\b[^>]*>?").unwrap());
    SCRIPT.find_iter(html).map(|m| m.range())
}

/// `<!-- faqsite: allow CODE -->` comments: their byte range and the code.
pub fn allows(html: &str) -> Vec<(Range<usize>, String)> {
    ALLOW
        .captures_iter(html)
        .map(|c| (c.get(0).unwrap().range(), c[1].to_string()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_links_and_ids() {
        let html = r#"<p><img alt="x" src="../img/a b.png"> <a href='page.md#x' id=top>"#;
        let attrs = attributes(html);
        let links: Vec<(&str, &str)> = attrs
            .iter()
            .filter_map(|a| match a {
                Attr::Link {
                    tag_start, value, ..
                } => Some((&html[*tag_start..tag_start + 4], &html[value.clone()])),
                Attr::Id(_) => None,
            })
            .collect();
        assert_eq!(links, [("<img", "../img/a b.png"), ("<a h", "page.md#x")]);
        assert!(attrs
            .iter()
            .any(|a| matches!(a, Attr::Id(id) if id == "top")));
        assert!(attributes("<!-- a href=x -->").is_empty());
        let table = [
            (
                r#"<a href="https://x.fr" target="_blank">x</a>"#,
                r#"<a href="https://x.fr" target="_blank" rel="noopener noreferrer">x</a>"#,
            ),
            (
                r#"<a target=_blank href="y">"#,
                r#"<a target=_blank href="y" rel="noopener noreferrer">"#,
            ),
            (
                r#"<a href="z" target="_blank" rel="noopener">"#,
                r#"<a href="z" target="_blank" rel="noopener">"#,
            ),
            (r#"<a href="w">"#, r#"<a href="w">"#),
        ];
        for (html, want) in table {
            assert_eq!(&*no_opener(html.into()), want, "{html}");
        }
        assert_eq!(
            allows("<!-- faqsite: allow outdated-cgu -->"),
            [(0..36, "outdated-cgu".to_string())]
        );
    }
}
