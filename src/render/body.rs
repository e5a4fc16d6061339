//! Post-processing of a page's rendered body for the theme: split after the `h1` (the table of
//! contents goes there), the `Voir aussi :` list as a related-pages block, and download links
//! to assets labelled with their format and size ("PDF – 12 ko", as the DSFR does).

use super::html::escape;
use crate::content::Heading;
use crate::paths::{classify, resolve, Target};
use std::fmt::Write;

/// The body before and after the end of its first `h1` (all in `head` if there is none).
pub fn split_after_h1(html: &str) -> (&str, &str) {
    match html.find("</h1>") {
        Some(i) => html.split_at(i + "</h1>".len()),
        None => ("", html),
    }
}

/// Inserts the table of contents (`h2` and `h3`) after the `h1`, from `min` headings on.
pub fn insert_toc(html: String, headings: &[Heading], min: usize) -> String {
    let sub: Vec<&Heading> = headings
        .iter()
        .filter(|h| matches!(h.level, 2 | 3))
        .collect();
    if sub.len() < min {
        return html;
    }
    let (head, rest) = split_after_h1(&html);
    let mut out = String::with_capacity(html.len() + 80 * sub.len() + 200);
    out.push_str(head);
    out.push_str("\n<nav class=\"toc\" aria-label=\"Sommaire de la page\">\n<p class=\"toc__title\">Sommaire</p>\n<ul>\n");
    for h in sub {
        let _ = writeln!(
            out,
            "<li class=\"toc__item--{}\"><a href=\"#{}\">{}</a></li>",
            h.level,
            escape(&h.id),
            escape(&h.text)
        );
    }
    out.push_str("</ul>\n</nav>");
    out.push_str(rest);
    out
}

const RELATED: &str = "<p>Voir aussi :</p>\n<ul>";

/// Wraps the `Voir aussi :` paragraph and the list after it in a labelled block.
pub fn mark_related(html: &str) -> String {
    let Some(start) = html.rfind(RELATED) else {
        return html.to_string();
    };
    let Some(len) = html[start..].find("</ul>") else {
        return html.to_string();
    };
    let end = start + len + "</ul>".len();
    let list = &html[start + "<p>Voir aussi :</p>\n".len()..end];
    format!(
        "{}<aside class=\"related\" aria-labelledby=\"voir-aussi\">\n\
         <p class=\"related__title\" id=\"voir-aussi\">Voir aussi :</p>\n{list}\n</aside>{}",
        html[..start].trim_end().trim_end_matches("<hr />"),
        &html[end..]
    )
}

/// Adds ` <span class="fr-link__detail">PDF – 12 ko</span>` inside each link to an asset.
/// `size_of` gives an asset's size by content-relative path; links are resolved from
/// `page_path`.
pub fn label_downloads(
    html: &str,
    page_path: &str,
    size_of: impl Fn(&str) -> Option<u64>,
) -> String {
    let mut out = String::with_capacity(html.len() + 64);
    let mut rest = html;
    while let Some(i) = rest.find("<a href=\"") {
        let href_start = i + "<a href=\"".len();
        let Some(href_len) = rest[href_start..].find('"') else {
            break;
        };
        let raw = &rest[href_start..href_start + href_len];
        let href = match raw.contains("&amp;") {
            true => std::borrow::Cow::Owned(raw.replace("&amp;", "&")),
            false => std::borrow::Cow::Borrowed(raw),
        };
        let detail = asset_target(&href, page_path).and_then(|a| Some((size_of(&a)?, a)));
        let close = rest[href_start..].find("</a>").map(|c| href_start + c);
        match (detail, close) {
            (Some((size, asset)), Some(close)) => {
                out.push_str(&rest[..close]);
                out.push_str(&format!(
                    " <span class=\"fr-link__detail\">{} – {}</span>",
                    format_of(&asset),
                    format_size(size)
                ));
                rest = &rest[close..];
            }
            _ => {
                out.push_str(&rest[..href_start]);
                rest = &rest[href_start..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn asset_target(href: &str, page_path: &str) -> Option<String> {
    match classify(href) {
        Target::Local { path, .. } if !path.is_empty() && !path.ends_with(".html") => {
            resolve(page_path, path).ok()
        }
        _ => None,
    }
}

/// The file's extension in capitals: `a/b.pdf` → `PDF`.
fn format_of(path: &str) -> String {
    let name = path.rsplit('/').next().unwrap_or(path);
    match name.rsplit_once('.') {
        Some((_, ext)) => ext.to_uppercase(),
        None => "Fichier".into(),
    }
}

/// French size units, rounded up, as the DSFR writes them: `980 o`, `12 ko`, `1,4 Mo`.
pub fn format_size(bytes: u64) -> String {
    match bytes {
        0..=999 => format!("{bytes} o"),
        1_000..=999_999 => format!("{} ko", bytes.div_ceil(1_000)),
        _ => {
            let tenths = bytes.div_ceil(100_000);
            format!("{},{} Mo", tenths / 10, tenths % 10)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn size_table() {
        for (bytes, want) in [
            (0, "0 o"),
            (999, "999 o"),
            (1_000, "1 ko"),
            (1_001, "2 ko"),
            (12_345, "13 ko"),
            (1_400_000, "1,4 Mo"),
        ] {
            assert_eq!(format_size(bytes), want, "{bytes}");
        }
    }

    #[test]
    fn labels_asset_links_only() {
        let size_of = |path: &str| (path == "cgu/A B.pdf").then_some(2_048);
        let html = r#"<p><a href="A%20B.pdf">CGU</a> et <a href="x.html">x</a></p>"#;
        assert_eq!(
            label_downloads(html, "cgu/index.md", size_of),
            r#"<p><a href="A%20B.pdf">CGU <span class="fr-link__detail">PDF – 3 ko</span></a> et <a href="x.html">x</a></p>"#
        );
    }

    #[test]
    fn related_block() {
        let html = "<p>a</p>\n<hr />\n<p>Voir aussi :</p>\n<ul>\n<li>x</li>\n</ul>\n";
        let out = mark_related(html);
        assert!(
            out.starts_with("<p>a</p>\n<aside class=\"related\""),
            "{out}"
        );
        assert!(!out.contains("<hr />"), "{out}");
        assert!(out.contains("<ul>\n<li>x</li>\n</ul>\n</aside>\n"), "{out}");
    }

    #[test]
    fn split_h1() {
        assert_eq!(
            split_after_h1("<h1>T</h1>\n<p>b</p>"),
            ("<h1>T</h1>", "\n<p>b</p>")
        );
    }
}
