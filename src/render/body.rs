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

/// Inserts the table of contents (`h2` and `h3`) after the `h1`, from `min` headings on, as
/// the DSFR's summary: a numbered list, each `h3` under the `h2` before it.
pub fn insert_toc(html: String, headings: &[Heading], min: usize) -> String {
    let sub: Vec<&Heading> = headings
        .iter()
        .filter(|h| matches!(h.level, 2 | 3))
        .collect();
    if sub.len() < min {
        return html;
    }
    let (head, rest) = split_after_h1(&html);
    let mut out = String::with_capacity(html.len() + 100 * sub.len() + 200);
    out.push_str(head);
    out.push_str("\n<nav class=\"toc fr-summary\" role=\"navigation\" aria-label=\"Sommaire de la page\">\n<p class=\"toc__title fr-summary__title\">Sommaire</p>\n<ol>\n");
    let mut nested = false;
    for (i, h) in sub.iter().enumerate() {
        // An `h3` opens a list under the item before it (none before the first `h2`).
        if h.level == 3 && i > 0 && !nested {
            out.push_str("\n<ol>\n");
            nested = true;
        } else if h.level == 2 && nested {
            out.push_str("</li>\n</ol>\n</li>\n");
            nested = false;
        } else if i > 0 {
            out.push_str("</li>\n");
        }
        let _ = write!(
            out,
            "<li class=\"toc__item--{}\"><a class=\"fr-summary__link\" href=\"#{}\">{}</a>",
            h.level,
            escape(&h.id),
            escape(&h.text)
        );
    }
    out.push_str(match nested {
        true => "</li>\n</ol>\n</li>\n</ol>\n</nav>",
        false => "</li>\n</ol>\n</nav>",
    });
    out.push_str(rest);
    out
}

/// The colour of each GitHub alert as a DSFR callout; its title word says its kind.
const CALLOUT_COLOURS: &[(&str, &str)] = &[
    ("note", "blue-ecume"),
    ("tip", "green-emeraude"),
    ("important", "purple-glycine"),
    ("warning", "orange-terre-battue"),
    ("caution", "pink-tuile"),
];

/// Gives the body's callouts and tables the DSFR's classes beside faqsite's (themes style
/// the ones they know): callouts are DSFR callouts; each Markdown table sits in the DSFR's
/// scrolling container, focusable to scroll with the keyboard, and stays a `table`.
pub fn add_component_classes(html: String) -> String {
    let mut html = html;
    // memchr's SIMD search: str::contains costs a two-way search over the whole body.
    let has = |html: &str, needle: &str| {
        memchr::memmem::find(html.as_bytes(), needle.as_bytes()).is_some()
    };
    if has(&html, "<div class=\"callout callout--") {
        for (kind, colour) in CALLOUT_COLOURS {
            html = html.replace(
                &format!("<div class=\"callout callout--{kind}\""),
                &format!("<div class=\"callout callout--{kind} fr-callout fr-callout--{colour}\""),
            );
        }
        html = html.replace(
            "<p class=\"callout__title\">",
            "<p class=\"callout__title fr-callout__title\">",
        );
    }
    if has(&html, "<table>") {
        html = wrap_tables(&html);
    }
    html
}

const TABLE_OPEN: &str = "<div class=\"table-scroll fr-table fr-table--no-caption\"><div class=\"fr-table__wrapper\"><div class=\"fr-table__container\" tabindex=\"0\"><div class=\"fr-table__content\">\n";
const TABLE_CLOSE: &str = "\n</div></div></div></div>";

/// Wraps each `<table>` (as Markdown writes it; a raw-HTML table with attributes is left as
/// it is) in the scrolling container, closing it after its own `</table>`.
fn wrap_tables(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + 256);
    let mut wrapped = Vec::new();
    let mut rest = html;
    let (open, close) = (
        memchr::memmem::Finder::new("<table"),
        memchr::memmem::Finder::new("</table>"),
    );
    while let Some(i) = open
        .find(rest.as_bytes())
        .into_iter()
        .chain(close.find(rest.as_bytes()))
        .min()
    {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        if let Some(after) = rest.strip_prefix("</table>") {
            out.push_str("</table>");
            if wrapped.pop() == Some(true) {
                out.push_str(TABLE_CLOSE);
            }
            rest = after;
        } else {
            let plain = rest.starts_with("<table>");
            let is_table = plain || rest[6..].starts_with(|c: char| c.is_ascii_whitespace());
            if plain {
                out.push_str(TABLE_OPEN);
            }
            if is_table {
                wrapped.push(plain);
            }
            out.push_str("<table");
            rest = &rest[6..];
        }
    }
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
    fn toc_nests_h3_under_h2() {
        let h = |level, id: &str| Heading {
            level,
            id: id.into(),
            text: id.into(),
        };
        let html = insert_toc(
            "<h1>T</h1>\n<p>b</p>".into(),
            &[h(3, "a"), h(2, "b"), h(3, "c"), h(3, "d"), h(2, "e")],
            3,
        );
        let li = |level, id| {
            format!("<li class=\"toc__item--{level}\"><a class=\"fr-summary__link\" href=\"#{id}\">{id}</a>")
        };
        let want = [
            "<h1>T</h1>".to_string(),
            "<nav class=\"toc fr-summary\" role=\"navigation\" aria-label=\"Sommaire de la page\">"
                .into(),
            "<p class=\"toc__title fr-summary__title\">Sommaire</p>".into(),
            "<ol>".into(),
            format!("{}</li>", li(3, "a")),
            li(2, "b"),
            "<ol>".into(),
            format!("{}</li>", li(3, "c")),
            format!("{}</li>", li(3, "d")),
            "</ol>".into(),
            "</li>".into(),
            format!("{}</li>", li(2, "e")),
            "</ol>".into(),
            "</nav>".into(),
            "<p>b</p>".into(),
        ];
        assert_eq!(html.lines().collect::<Vec<_>>(), want);
    }

    #[test]
    fn tables_and_callouts_get_the_dsfr_classes() {
        let html = "<table>\n<tr><td><table class=\"x\"><tr><td>in</td></tr></table></td></tr>\n</table>\n<tablet>";
        let out = add_component_classes(html.into());
        assert_eq!(out, format!("{TABLE_OPEN}<table>\n<tr><td><table class=\"x\"><tr><td>in</td></tr></table></td></tr>\n</table>{TABLE_CLOSE}\n<tablet>"));
        let callout = "<div class=\"callout callout--warning\" role=\"note\" aria-label=\"Avertissement\">\n<p class=\"callout__title\">Avertissement</p>";
        assert_eq!(
            add_component_classes(callout.into()),
            "<div class=\"callout callout--warning fr-callout fr-callout--orange-terre-battue\" role=\"note\" aria-label=\"Avertissement\">\n<p class=\"callout__title fr-callout__title\">Avertissement</p>"
        );
    }

    #[test]
    fn split_h1() {
        assert_eq!(
            split_after_h1("<h1>T</h1>\n<p>b</p>"),
            ("<h1>T</h1>", "\n<p>b</p>")
        );
    }
}
