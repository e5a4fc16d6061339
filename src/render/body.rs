//! Post-processing of a page's rendered body for the theme: split after the `h1` (the table of
//! contents goes there), the `Voir aussi :` list as a related-pages block, and the label of
//! download links ("PDF – 12 ko", as the DSFR does), which the render pass adds.

use crate::content::Heading;
use crate::html::escape;
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

/// ` <span class="fr-link__detail">PDF – 12 ko</span>`: the format and size of a download.
pub fn download_detail(path: &str, size: u64) -> String {
    format!(
        " <span class=\"fr-link__detail\">{} – {}</span>",
        format_of(path),
        format_size(size)
    )
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
    fn download_details() {
        assert_eq!(
            download_detail("cgu/A B.pdf", 2_048),
            r#" <span class="fr-link__detail">PDF – 3 ko</span>"#
        );
        assert_eq!(
            download_detail("img/logo", 10),
            r#" <span class="fr-link__detail">Fichier – 10 o</span>"#
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
