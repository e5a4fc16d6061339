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
    // The spaces of one run of text to replace, and with what.
    let mut spaces: Vec<(usize, &'static str)> = Vec::new();
    let mut i = 0;
    while i < html.len() {
        // Text up to the next tag: its spaces, then the tag.
        let lt = memchr::memchr(b'<', &html[i..]).map_or(html.len(), |at| i + at);
        if verbatim.is_empty() {
            spaces_in(html, i..lt, &mut spaces);
            for &(space, with) in &spaces {
                out.extend_from_slice(&html[copied..space]);
                out.extend_from_slice(with.as_bytes());
                copied = space + 1;
            }
        }
        if lt == html.len() {
            break;
        }
        let end = tag_end(html, lt);
        track_verbatim(&html[lt..end], &mut verbatim);
        i = end;
    }
    out.extend_from_slice(&html[copied..]);
    out
}

/// The spaces of the text `run` to replace, in order: before `? ! ; : »`, after `«`. Only
/// the punctuation is searched for (with memchr): it is rarer than spaces.
fn spaces_in(html: &[u8], run: std::ops::Range<usize>, spaces: &mut Vec<(usize, &'static str)>) {
    spaces.clear();
    let text = &html[run.clone()];
    let space_at = |j: usize| j < text.len() && text[j] == b' ';
    // A space before the punctuation at `j`, `back` bytes back.
    let before = |j: usize, back: usize, spaces: &mut Vec<(usize, &'static str)>| {
        if j >= back && space_at(j - back) {
            let s = run.start + j - back;
            let after_guillemet = html[..s].ends_with("«".as_bytes());
            let with = match after_guillemet {
                true => NO_BREAK,
                false => space_before(&html[s + 1..]).unwrap_or(" "),
            };
            spaces.push((s, with));
        }
    };
    for j in memchr::memchr3_iter(b'?', b'!', b';', text) {
        before(j, 1, spaces);
    }
    // `:`, and the second bytes of `»` (C2 BB) and `«` (C2 AB).
    for j in memchr::memchr3_iter(b':', 0xBB, 0xAB, text) {
        match text[j] {
            b':' => before(j, 1, spaces),
            0xBB if j >= 1 && text[j - 1] == 0xC2 => before(j, 2, spaces),
            0xAB if j >= 1 && text[j - 1] == 0xC2 && space_at(j + 1) => {
                spaces.push((run.start + j + 1, NO_BREAK));
            }
            _ => {}
        }
    }
    if spaces.len() > 1 {
        // A space between `«` and `?` is found twice, the same way.
        spaces.sort_unstable_by_key(|&(s, _)| s);
        spaces.dedup_by_key(|&mut (s, _)| s);
    }
}

/// Opens or closes a verbatim element for `tag`. Only a tag whose name starts like one of
/// theirs is read further.
fn track_verbatim(tag: &[u8], verbatim: &mut Vec<&'static str>) {
    let first = tag.get(1).map(|&c| match c {
        b'/' => tag.get(2).copied().unwrap_or(0),
        c => c,
    });
    if !matches!(
        first.map(|c| c.to_ascii_lowercase()),
        Some(b'p' | b'c' | b'k' | b's' | b't' | b'm')
    ) {
        return;
    }
    open_or_close(tag, verbatim);
}

/// Opens or closes a verbatim element for `tag`, whatever its name.
fn open_or_close(tag: &[u8], verbatim: &mut Vec<&'static str>) {
    let Some(name) = tag_name(tag) else { return };
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
    use proptest::prelude::*;

    /// The plain scan `apply` replaced, kept as its oracle: every space of the text, one at a
    /// time, looking at its neighbours, and every tag's name read.
    fn reference(html: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut verbatim: Vec<&'static str> = Vec::new();
        let mut i = 0;
        while i < html.len() {
            match html[i] {
                b'<' => {
                    let end = tag_end(html, i);
                    let tag = &html[i..end];
                    open_or_close(tag, &mut verbatim);
                    out.extend_from_slice(tag);
                    i = end;
                }
                b' ' if verbatim.is_empty() => {
                    let space = match html[..i].ends_with("«".as_bytes()) {
                        true => Some(NO_BREAK),
                        false => space_before(&html[i + 1..]),
                    };
                    out.extend_from_slice(space.unwrap_or(" ").as_bytes());
                    i += 1;
                }
                c => {
                    out.push(c);
                    i += 1;
                }
            }
        }
        out
    }

    proptest! {
        /// Pages made of the pieces that matter give what the plain scan gives.
        #[test]
        fn agrees_with_the_plain_scan(pieces in prop::collection::vec(prop::sample::select(vec![
            " ", " ", "?", "!", ";", ":", "«", "»", "a", "é", "\n", "<p>", "</p>", "<pre>",
            "</PRE>", "<code>", "</code>", "<svg>", "</svg>", "<a title=\"x ?\">", "</a>",
            "<br/>", "<!-- a ? -->", "<", ">", "\"", "'", "<span class='a ; b'>", "<script>",
            "</script>", "<m>", "</s>", "«\u{a0}",
        ]), 0..40)) {
            let html = pieces.concat();
            prop_assert_eq!(
                String::from_utf8(apply(html.as_bytes())).unwrap(),
                String::from_utf8(reference(html.as_bytes())).unwrap()
            );
        }
    }

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
