//! French typography on rendered HTML, in every theme: the space an author types before
//! `? ! ; : »` and after `«` becomes a non-breaking one, so that no « ? » wraps alone onto a
//! line. Following the Imprimerie nationale, a narrow one (U+202F, espace fine insécable)
//! before `? ! ;`, a full-width one (U+00A0, espace insécable) before `:` and inside « ».
//! Only spaces already there change: nothing is inserted, so `https://` or `10:30` stay as
//! written. Text only: never inside a tag (attribute values, URLs), a comment, or `pre`,
//! `code`, `kbd`, `samp`, `script`, `style`, `textarea`, `svg` or `math` elements.

const NARROW: &str = "\u{202F}";
const NO_BREAK: &str = "\u{A0}";

/// Elements whose text is left as written.
const VERBATIM: &[&str] = &[
    "pre", "code", "kbd", "samp", "script", "style", "textarea", "svg", "math",
];

/// The space to put in place of an ordinary space before `next`, if any.
fn space_before(next: &[u8]) -> Option<&'static str> {
    match next.first()? {
        b'?' | b'!' | b';' => Some(NARROW),
        b':' => Some(NO_BREAK),
        _ if next.starts_with("»".as_bytes()) => Some(NO_BREAK),
        _ => None,
    }
}

/// `html` with French non-breaking spaces in its text. Bytes in, bytes out: Tera renders
/// into bytes, and a page's file is bytes, so no pass re-validates the page as UTF-8 (only
/// ASCII bytes are looked at, and only an ASCII space is replaced).
pub fn apply(html: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(html.len() + html.len() / 64);
    // Start of the text not yet copied to `out`.
    let mut copied = 0;
    // Open verbatim elements, innermost last.
    let mut verbatim: Vec<&'static str> = Vec::new();
    let mut i = 0;
    // Only `<` and spaces matter: memchr jumps over the rest.
    while let Some(found) = memchr::memchr2(b'<', b' ', &html[i..]) {
        i += found;
        match html[i] {
            b'<' => {
                let end = tag_end(html, i);
                let tag = &html[i..end];
                if let Some(name) = tag_name(tag) {
                    if let Some(closing) = name.strip_prefix(b"/") {
                        if verbatim
                            .last()
                            .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(closing))
                        {
                            verbatim.pop();
                        }
                    } else if !tag.ends_with(b"/>") {
                        if let Some(v) = VERBATIM
                            .iter()
                            .find(|v| v.as_bytes().eq_ignore_ascii_case(name))
                        {
                            verbatim.push(v);
                        }
                    }
                }
                i = end;
            }
            b' ' if verbatim.is_empty() => {
                let after_guillemet = html[..i].ends_with("«".as_bytes());
                let space = match after_guillemet {
                    true => Some(NO_BREAK),
                    false => space_before(&html[i + 1..]),
                };
                if let Some(space) = space {
                    out.extend_from_slice(&html[copied..i]);
                    out.extend_from_slice(space.as_bytes());
                    copied = i + 1;
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    out.extend_from_slice(&html[copied..]);
    out
}

/// The end (exclusive) of the tag, comment or declaration starting at `start` (a `<`),
/// skipping quoted attribute values; the end of `html` if it is not closed.
fn tag_end(html: &[u8], start: usize) -> usize {
    if html[start..].starts_with(b"<!--") {
        return memchr::memmem::find(&html[start + 4..], b"-->")
            .map_or(html.len(), |e| start + 4 + e + 3);
    }
    // Jumps from quote to quote with memchr: attribute values (URLs, menus' titles) are
    // most of a tag's bytes.
    let mut j = start + 1;
    while let Some(found) = memchr::memchr3(b'>', b'"', b'\'', &html[j..]) {
        j += found;
        let quote = html[j];
        if quote == b'>' {
            return j + 1;
        }
        match memchr::memchr(quote, &html[j + 1..]) {
            Some(close) => j += 1 + close + 1,
            None => return html.len(),
        }
    }
    html.len()
}

/// `p`, `/code`, … for a tag; `None` for a comment, a declaration or a lone `<`.
fn tag_name(tag: &[u8]) -> Option<&[u8]> {
    let inner = &tag[1..];
    let len = inner
        .iter()
        .enumerate()
        .find(|&(j, &c)| !(c.is_ascii_alphanumeric() || (j == 0 && c == b'/')))
        .map_or(inner.len(), |(j, _)| j);
    let name = &inner[..len];
    (!name.is_empty() && name != b"/").then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spaces_table() {
        let n = NARROW;
        let b = NO_BREAK;
        for (html, want) in [
            (
                "Qu'est-ce que l'Hybridge ?",
                format!("Qu'est-ce que l'Hybridge{n}?"),
            ),
            ("Attention !", format!("Attention{n}!")),
            ("a ; b", format!("a{n}; b")),
            ("Voir aussi :", format!("Voir aussi{b}:")),
            ("« Voir »", format!("«{b}Voir{b}»")),
            ("<title>Quoi ?</title>", format!("<title>Quoi{n}?</title>")),
            // Nothing is inserted, and what is not text is left alone.
            (
                "Quoi? https://x.fr 10:30 a != b",
                "Quoi? https://x.fr 10:30 a{n}!= b".replace("{n}", n),
            ),
            (
                r#"<a href="?q=a ?" title="Quoi ?">Quoi ?</a>"#,
                format!(r#"<a href="?q=a ?" title="Quoi ?">Quoi{n}?</a>"#),
            ),
            (
                "<code>a ? b</code> c ?",
                format!("<code>a ? b</code> c{n}?"),
            ),
            (
                "<pre><code>x ;\n</code></pre> y ;",
                format!("<pre><code>x ;\n</code></pre> y{n};"),
            ),
            ("<PRE>x :</PRE>", "<PRE>x :</PRE>".to_string()),
            (
                "<svg><text>a ?</text></svg>",
                "<svg><text>a ?</text></svg>".to_string(),
            ),
            ("<!-- a ? --> b ?", format!("<!-- a ? --> b{n}?")),
            ("<br/> a ?", format!("<br/> a{n}?")),
            (
                "<p title='a > b ?'>c ?</p>",
                format!("<p title='a > b ?'>c{n}?</p>"),
            ),
            ("a <", "a <".to_string()),
            ("fin ?", format!("fin{n}?")),
            ("é ?", format!("é{n}?")),
        ] {
            let out = String::from_utf8(apply(html.as_bytes())).unwrap();
            assert_eq!(out, want, "{html}");
        }
    }
}
