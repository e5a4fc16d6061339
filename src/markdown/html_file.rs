//! HTML files of the content (`.html`, `.htm`), read with the raw-HTML extraction of
//! Markdown pages (`Walk::raw_html`, faqsite's attributes and lychee-lib's): the whole file
//! is one piece of raw HTML. What a browser never reads as markup is blanked first, byte for
//! byte so that every offset stays an offset of the file: comments (faqsite's own allow
//! comments excepted) and the bodies of `<script>` and `<style>`. Each link is placed at its
//! attribute's value, and a value written with entities (`a.html?x=1&amp;y=2`) is the link
//! lychee-lib decodes. Whether a value is a link at all is what lychee-lib's extractor, an
//! HTML tokenizer, says: faqsite's own reading of `href` and `src` (a pattern, enough for
//! the snippets of a Markdown page) would also take an `href` written inside another
//! attribute's value (`title="<a href='x'>"`), or a `<link rel="preconnect">`, which names
//! an origin to warm up (`https://fonts.gstatic.com` answers 404), not a page.

use super::{html_links, raw_html, Extracted, LinkKind, Walk};
use pulldown_cmark::CowStr;
use regex::Regex;
use std::borrow::Cow;
use std::ops::Range;
use std::sync::LazyLock;

/// Extracts the links (with their spans at their values), ids and allow comments of the HTML
/// file `source` at content-relative `page`. Offsets are into `source`.
pub fn extract(source: &str, page: &str) -> Extracted {
    let text = blank_inert(source);
    let text: &str = &text;
    let mut walk = Walk::new(text, 0, page, false);
    walk.raw_html(CowStr::Borrowed(text), 0..text.len());
    // A script is what an HTML file may hold: `raw-script` is for Markdown pages.
    walk.found.scripts.clear();
    let mut links = std::mem::take(&mut walk.found.links);
    for link in &mut links {
        if let Some(value) = value_in(text, &link.span(), &link.dest) {
            link.set_span(value);
        }
    }
    // Where lychee-lib finds a link (each value once), and how it reads it.
    let lychee: std::collections::HashMap<usize, Option<String>> = html_links::document_links(text)
        .into_iter()
        .map(|l| (l.value.start, l.decoded))
        .collect();
    links.retain(|l| lychee.contains_key(&l.span().start));
    // Entities in a value faqsite took as written: the link lychee-lib decodes.
    for link in &mut links {
        let verbatim = text.get(link.span()) == Some(&*link.dest);
        if let (true, Some(Some(dest))) = (verbatim, lychee.get(&link.span().start)) {
            *link = walk.link(LinkKind::Html, dest.clone(), link.span());
        }
    }
    // A template's placeholder (`{{ page.url | relative_url }}` in a Jekyll layout, `{%…%}`)
    // is filled in by another tool: no address yet.
    links.retain(|l| !(l.dest.contains("{{") || l.dest.contains("{%")));
    // The file is published as it is: its links are addresses of the site.
    for link in &mut links {
        link.on_site = true;
    }
    let mut found = walk.found;
    found.links = links;
    found.shrink();
    found
}

/// The value `dest` where a link found from its tag (faqsite's `href` and `src`, whose span
/// runs from `<` to the end of the attribute) writes it: the last place in the span.
fn value_in(text: &str, span: &Range<usize>, dest: &str) -> Option<Range<usize>> {
    let written = text.get(span.clone())?;
    if written == dest || dest.is_empty() {
        return None;
    }
    let at = span.start + written.rfind(dest)?;
    Some(at..at + dest.len())
}

/// `source` with comments (but allow comments) and `<script>`/`<style>` bodies turned into
/// spaces, line breaks kept: the same length, the same offsets, the same lines.
fn blank_inert(source: &str) -> Cow<'_, str> {
    static COMMENT: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?s)<!--.*?(?:-->|\z)").unwrap());
    static RAW_TEXT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?is)<(?:script|style)\b[^>]*>(.*?)(?:</(?:script|style)\s*>|\z)").unwrap()
    });
    let mut inert: Vec<Range<usize>> = Vec::new();
    if source.contains("<!--") {
        let comments = COMMENT.find_iter(source).map(|m| m.range());
        inert.extend(comments.filter(|r| !is_allow(&source[r.clone()])));
    }
    let raw = RAW_TEXT.captures_iter(source).filter_map(|c| c.get(1));
    inert.extend(raw.map(|m| m.range()).filter(|r| !r.is_empty()));
    if inert.is_empty() {
        return Cow::Borrowed(source);
    }
    let mut bytes = source.as_bytes().to_vec();
    for range in inert {
        for b in &mut bytes[range] {
            if *b != b'\n' && *b != b'\r' {
                *b = b' ';
            }
        }
    }
    // Whole characters became spaces (every byte of each): still UTF-8.
    Cow::Owned(String::from_utf8(bytes).expect("ASCII spaces over whole characters"))
}

/// Whether `comment` is one `<!-- faqsite: allow CODE -->` and nothing else.
fn is_allow(comment: &str) -> bool {
    raw_html::allows(comment)
        .first()
        .is_some_and(|(r, _)| *r == (0..comment.len()))
}

/// The document's title as a browser shows it: the text of its first `<title>`, entities
/// decoded, blanks collapsed; `None` without one, or an empty one.
pub fn title(source: &str) -> Option<String> {
    static TITLE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)<title[\s/>]").unwrap());
    let start = TITLE.find(&blank_inert(source))?.start();
    let mut emitter = html5gum::DefaultEmitter::default();
    // `<title>` holds text only (RCDATA): `<b>` in it is text, as a browser reads it.
    emitter.naively_switch_states(true);
    let mut text = String::new();
    for token in html5gum::Tokenizer::new_with_emitter(&source[start..], emitter).flatten() {
        match token {
            html5gum::Token::String(s) => text.push_str(&String::from_utf8_lossy(&s)),
            html5gum::Token::EndTag(tag) if tag.name.as_slice() == b"title" => break,
            _ => {}
        }
    }
    let text = text.split_ascii_whitespace().collect::<Vec<_>>().join(" ");
    (!text.is_empty()).then_some(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::Target;

    /// Each row: an HTML file (at `guide/f.html`), then its links as (text at the span,
    /// link as read).
    #[test]
    fn links_are_placed_at_their_values_table() {
        let table: &[(&str, &[(&str, &str)])] = &[
            (
                r#"<a href="../a.md#x" id="haut">a</a> <img src=b.png alt="b">"#,
                &[("../a.md#x", "../a.md#x"), ("b.png", "b.png")],
            ),
            (
                r#"<img srcset="a.png 1x, b.png 2x"><video poster='p.jpg'></video>"#,
                &[("a.png", "a.png"), ("b.png", "b.png"), ("p.jpg", "p.jpg")],
            ),
            (
                "<!-- <a href=\"commente.html\"> -->\n<script>var s = '<img src=\"x.png\">';</script>\n<style>a{background:url(y.png)}</style><link href=\"s.css\" rel=\"stylesheet\">",
                &[("s.css", "s.css")],
            ),
            (
                r#"<a href="p.html?a=1&amp;b=2">p</a> <a href="https://x.fr/?a=1&amp;b=2">x</a>"#,
                &[
                    ("p.html?a=1&amp;b=2", "p.html?a=1&b=2"),
                    ("https://x.fr/?a=1&amp;b=2", "https://x.fr/?a=1&b=2"),
                ],
            ),
            (
                "<link rel=\"preconnect\" href=\"https://fonts.gstatic.com\" crossorigin>\n<link href=\"//a.fr\" rel='dns-prefetch'><link rel=\"preload\" href=\"f.woff2\">",
                &[("f.woff2", "f.woff2")],
            ),
            (
                "<p title=\"<a href='y.md'>\" data-x='<img src=z.png>'>t</p><pre><a href=\"code.md\">c</a></pre>",
                &[("code.md", "code.md")],
            ),
            (
                "<p>é\n  <object data=plan.svg></object> <blockquote cite=\"../c.md\">",
                &[("plan.svg", "plan.svg"), ("../c.md", "../c.md")],
            ),
            // A Jekyll layout's placeholders are no addresses yet.
            (
                "<a href=\"{{ p.url | relative_url }}\">p</a> <a href=\"{% link a.md %}\">a</a> <a href=\"b.html\">b</a>",
                &[("b.html", "b.html")],
            ),
        ];
        for (html, want) in table {
            let found = extract(html, "guide/f.html");
            let got: Vec<(&str, &str)> = found
                .links
                .iter()
                .map(|l| (&html[l.span()], &*l.dest))
                .collect();
            assert_eq!(got, *want, "{html}");
        }
    }

    #[test]
    fn ids_allow_comments_and_targets() {
        let html = "<!-- faqsite: allow broken-link -->\n<h2 id=\"suite\">S</h2><a name=\"bas\"></a>\n<a href=\"../index.md#accueil\">i</a><a href=\"#suite\">s</a>";
        let found = extract(html, "guide/f.html");
        assert_eq!(found.html_ids, ["suite", "bas"]);
        assert_eq!(found.allows.len(), 1);
        assert_eq!(found.allows[0].code, "broken-link");
        assert_eq!(
            &html[found.allows[0].span.clone()],
            "<!-- faqsite: allow broken-link -->"
        );
        let targets: Vec<&Target> = found.links.iter().map(|l| &l.target).collect();
        let local = Target::Local {
            path: "index.md".into(),
        };
        assert_eq!(targets, [&local, &Target::Anchor]);
        assert_eq!(
            found.links[0].path_span().map(|s| &html[s]),
            Some("../index.md")
        );
        assert_eq!(
            found.links[0].anchor_span().map(|s| &html[s]),
            Some("accueil")
        );
        assert!(extract("<script src=\"a.js\"></script>", "f.html")
            .scripts
            .is_empty());
    }

    #[test]
    fn inert_parts_are_blanked_in_place() {
        let table = [
            ("<p>a</p>", "<p>a</p>"),
            // `é` is two bytes: two spaces.
            ("a<!-- é\nb -->c", "a       \n     c"),
            (
                "<!-- faqsite: allow self-link -->",
                "<!-- faqsite: allow self-link -->",
            ),
            ("<script src=x>é</script>", "<script src=x>  </script>"),
            ("<STYLE>b{}</STYLE><!-- open", "<STYLE>   </STYLE>         "),
        ];
        for (html, want) in table {
            assert_eq!(blank_inert(html), want, "{html}");
        }
    }

    #[test]
    fn titles_table() {
        let table = [
            (
                "<html><head><title>Guide &amp; FAQ</title>",
                Some("Guide & FAQ"),
            ),
            ("<TITLE>\n  Deux\n  lignes </TITLE>", Some("Deux lignes")),
            ("<title><b>gras</b></title>", Some("<b>gras</b>")),
            ("<!-- <title>non</title> --><title>oui</title>", Some("oui")),
            ("<title></title>", None),
            ("<p>pas de titre</p>", None),
            ("<titlebar>non</titlebar>", None),
        ];
        for (html, want) in table {
            assert_eq!(title(html).as_deref(), want, "{html}");
        }
    }
}
