//! Table tests of the Markdown pass: link forms and spans, code, headings, rewriting.

use super::*;
use crate::paths::rewrite_href;

/// Links written as the plain rewriting writes them.
fn links(page: &str) -> LinkWriter<'static> {
    let href: &'static dyn Fn(usize, &str) -> String = match page {
        "a.md" => &|_, d| rewrite_href("a.md", d),
        "s/p.md" => &|_, d| rewrite_href("s/p.md", d),
        _ => &|_, d| rewrite_href("p.md", d),
    };
    LinkWriter {
        href,
        suffix: &|_| None,
        headings: &[],
    }
}

fn found_links(src: &str) -> Vec<(LinkKind, String, String)> {
    extract(src, 0, "a/page.md", 0)
        .links
        .into_iter()
        .map(|l| (l.kind, l.dest.to_string(), src[l.span()].to_string()))
        .collect()
}

#[test]
fn records_every_link_form_with_its_span() {
    use LinkKind::*;
    let src = "Voir [la page](../b/c.md#ancre) et [réf][r], <https://x.fr/a>, <a@b.fr>.\n\n\
               ![logo](/assets/pc.svg) <img src=\"img.png\">\n\n\
               | URL |\n|---|\n| https://fca.integ01.dev-agentconnect.fr/api/v2/token |\n\n\
               Écrire à support@x.gouv.fr ou lire https://tools.ietf.org/html/rfc7009.\n\n\
               [r]: ./ref.md\n";
    let got = found_links(src);
    let want = [
        (Inline, "../b/c.md#ancre", "[la page](../b/c.md#ancre)"),
        (Reference, "./ref.md", "[réf][r]"),
        (Autolink, "https://x.fr/a", "<https://x.fr/a>"),
        (Autolink, "mailto:a@b.fr", "<a@b.fr>"),
        (Image, "/assets/pc.svg", "![logo](/assets/pc.svg)"),
        (Html, "img.png", "<img src=\"img.png\""),
        (
            Bare,
            "https://fca.integ01.dev-agentconnect.fr/api/v2/token",
            "https://fca.integ01.dev-agentconnect.fr/api/v2/token",
        ),
        (Bare, "mailto:support@x.gouv.fr", "support@x.gouv.fr"),
        (
            Bare,
            "https://tools.ietf.org/html/rfc7009",
            "https://tools.ietf.org/html/rfc7009",
        ),
    ];
    let want: Vec<_> = want
        .iter()
        .map(|(k, d, s)| (*k, d.to_string(), s.to_string()))
        .collect();
    assert_eq!(got, want);
}

/// Found by fuzzing (`fuzz/regressions/links`): the span of a raw-HTML link took one byte
/// for a closing quote, which an unquoted value at the end of the page does not have.
#[test]
fn raw_html_link_spans_end_with_the_attribute() {
    let table = [
        ("<div src=x", "x", "<div src=x"),
        ("<!f href=é", "é", "<!f href=é"),
        ("<div src=x>", "x", "<div src=x"),
        ("<img src='a.png'/>", "a.png", "<img src='a.png'"),
    ];
    for (src, dest, span) in table {
        let want = (LinkKind::Html, dest.to_string(), span.to_string());
        assert_eq!(found_links(src), [want], "{src}");
    }
}

/// Found by fuzzing (`fuzz/regressions/links`): inline HTML over several lines of a list or
/// a quote loses the indentation or `>` of its continuation lines, so offsets in its text
/// are not offsets in the source; one such span ended inside a character.
#[test]
fn raw_html_spans_in_lists_and_quotes_are_in_the_source() {
    let table = [
        ("- <a href=\"\n  é\">", "<a href=\"\n  é\""),
        ("> text <a href=\"x\"\n> id=\"y\">", "<a href=\"x\""),
        (
            "> text <a id=\"y\"\n> href=\"é\">",
            "<a id=\"y\"\n> href=\"é\"",
        ),
        ("- x <a\n\thref=x>", "<a\n\thref=x"),
    ];
    for (src, span) in table {
        let got: Vec<String> = found_links(src).into_iter().map(|l| l.2).collect();
        assert_eq!(got, [span], "{src:?}");
    }
    let src = "- x <!-- faqsite:\n  allow broken-link -->\n";
    let allows = extract(src, 0, "a.md", 0).allows;
    let spans: Vec<&str> = allows.iter().map(|a| &src[a.span.clone()]).collect();
    assert_eq!(spans, ["<!-- faqsite:\n  allow broken-link -->"]);
}

#[test]
fn nothing_in_code_is_a_link() {
    let src =
        "`https://x.fr` and\n\n```\n[a](b.md) https://y.fr\n```\n\n> ```\n> https://z.fr\n> ```\n";
    assert_eq!(found_links(src), []);
}

#[test]
fn headings_get_github_ids_and_the_title() {
    let src =
        "\n\n# Qu'est-ce que l'Hybridge ?\n\n## Exemple\n\n## Exemple\n\n#### **ID_TOKEN:**\n";
    let p = extract(src, 0, "a.md", 0);
    let html = render(src, 0, "a.md", &links("a.md")).html;
    let ids: Vec<&str> = p.headings.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "quest-ce-que-lhybridge-",
            "exemple",
            "exemple-1",
            "id_token"
        ]
    );
    assert_eq!(p.first_h1.as_deref(), Some("Qu'est-ce que l'Hybridge ?"));
    assert!(
        html.contains(r#"<h2 id="exemple-1">Exemple</h2>"#),
        "{html}"
    );
}

/// Each heading's id is GitHub's: made from the text GitHub renders (entities decoded after
/// the heading's blanks are dropped, code text in, markers and image alt text out, emoji
/// shortcodes as written), never trimmed further.
#[test]
fn heading_ids_are_made_from_the_text_github_renders() {
    let table = [
        ("## Pilote&#x20;", "pilote-"),
        ("## Pilote   ", "pilote"),
        ("#  &#x20;a&#x20;", "-a-"),
        ("## Tom &amp; Jerry", "tom--jerry"),
        ("## a &lt; b", "a--b"),
        ("## Déjà&nbsp;fait", "déjàfait"),
        ("## 🚀 Démarrer", "-démarrer"),
        ("## :sparkles: Fonctionnalités", "sparkles-fonctionnalités"),
        ("## :warning::tada: Attention", "warningtada-attention"),
        ("## ![logo](logo.png) Accueil", "-accueil"),
        (
            "## Le `client_secret` **expire**",
            "le-client_secret-expire",
        ),
        ("## *Étape* _2_ ~~x~~", "étape-2-x"),
        ("## [Lien](a.md) et <kbd>Ctrl</kbd>", "lien-et-ctrl"),
        ("Sur deux\nlignes\n===", "sur-deuxlignes"),
        ("## Fin ##", "fin"),
        ("## Fin \\#", "fin-"),
    ];
    for (src, want) in table {
        let p = extract(src, 0, "p.md", 0);
        let ids: Vec<&str> = p.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, [want], "{src:?}");
        let html = render(src, 0, "p.md", &links("p.md")).html;
        assert!(html.contains(&format!(" id=\"{want}\"")), "{src:?}: {html}");
    }
}

#[test]
fn heading_titles_keep_what_faqsite_shows() {
    let src = "# :sparkles: Nouveautés\n\n## ![logo](l.png) Pilote&#x20;\n";
    let p = extract(src, 0, "p.md", 0);
    let got: Vec<(&str, &str)> = p
        .headings
        .iter()
        .map(|h| (h.text.as_str(), h.id.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("✨ Nouveautés", "sparkles-nouveautés"),
            ("logo Pilote", "-pilote-")
        ]
    );
}

#[test]
fn duplicate_heading_ids_count_like_github() {
    let src = "## Pilote&#x20;\n\n## Pilote&#x20;\n\n## Pilote\n\n## Pilote-\n";
    let p = extract(src, 0, "p.md", 0);
    let ids: Vec<&str> = p.headings.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["pilote-", "pilote--1", "pilote", "pilote--2"]);
}

#[test]
fn links_are_rewritten_for_the_site() {
    let src = "[a](../b/c.md#x) [pdf](../cgu/A%20B.pdf) ![i](/img/x.png) https://x.fr/a.md <a href=\"d.md\">d</a>";
    let html = render(src, 0, "s/p.md", &links("s/p.md")).html;
    for want in [
        r#"href="../b/c.html#x""#,
        r#"href="../cgu/A%20B.pdf""#,
        r#"src="../img/x.png""#,
        r#"<a href="https://x.fr/a.md">https://x.fr/a.md</a>"#,
        r#"<a href="d.html">"#,
    ] {
        assert!(html.contains(want), "{want} not in {html}");
    }
}

#[test]
fn offsets_survive_front_matter_and_escapes() {
    let src = "---\ntitle: T\n---\nUn \\*texte\\* puis https://x.fr/a_b et &amp; https://y.fr.\n";
    let p = extract(src, 16, "p.md", 0);
    let spans: Vec<&str> = p.links.iter().map(|l| &src[l.span()]).collect();
    assert_eq!(spans, ["https://x.fr/a_b", "https://y.fr"]);
}

#[test]
fn raw_html_ids_and_allow_comments() {
    let src = "<a id=\"haut\"></a>\n\n<!-- faqsite: allow outdated-cgu -->\nTexte\n";
    let p = extract(src, 0, "p.md", 0);
    assert_eq!(p.html_ids, ["haut"]);
    let allows: Vec<(&str, &str, &str)> = p
        .allows
        .iter()
        .map(|a| (&src[a.span.clone()], &src[a.lines.clone()], a.code.as_str()))
        .collect();
    assert_eq!(
        allows,
        [(
            "<!-- faqsite: allow outdated-cgu -->",
            "<!-- faqsite: allow outdated-cgu -->\nTexte\n",
            "outdated-cgu"
        )]
    );
}

/// A URL holding an entity after accented letters: the search for its place in the source
/// once stepped inside a character and panicked.
#[test]
fn bare_urls_after_entities_in_french_text() {
    let src = "ééééééééééé https://a.fr/xy&amp;z https://b.fr\n";
    let p = extract(src, 0, "p.md", 0);
    let dests: Vec<&str> = p.links.iter().map(|l| &*l.dest).collect();
    assert_eq!(dests, ["https://a.fr/xy&z", "https://b.fr"]);
    let spans: Vec<&str> = p.links.iter().map(|l| &src[l.span()]).collect();
    assert_eq!(spans, ["https://a.fr/xy&amp;z", "https://b.fr"]);
    render(src, 0, "p.md", &links("p.md"));
}

#[test]
fn github_alerts_are_callouts_with_a_french_title() {
    let src = "> [!CAUTION]\n> Ne partagez jamais le `client_secret`.\n\n> [!NOTE]\n> Une remarque.\n\n> Une citation.\n";
    let html = render(src, 0, "p.md", &links("p.md")).html;
    assert_eq!(
        html,
        "<div class=\"callout callout--caution\" role=\"note\" aria-label=\"Attention\">\n\
         <p class=\"callout__title\">Attention</p>\n\
         <p>Ne partagez jamais le <code>client_secret</code>.</p>\n</div>\n\
         <div class=\"callout callout--note\" role=\"note\" aria-label=\"Remarque\">\n\
         <p class=\"callout__title\">Remarque</p>\n<p>Une remarque.</p>\n</div>\n\
         <blockquote>\n<p>Une citation.</p>\n</blockquote>\n"
    );
    let p = extract(src, 0, "p.md", 0);
    assert!(p.links.is_empty());
}

/// GitHub's footnote ids: `fn-LABEL` on referred definitions only.
#[test]
fn footnotes_have_github_ids() {
    let src =
        "Texte[^1] et[^note].\n\n[^1]: Première.\n[^note]: Seconde.\n[^seule]: Jamais citée.\n";
    let p = extract(src, 0, "p.md", 0);
    assert_eq!(p.html_ids, ["fn-1", "fn-note"]);
    let html = render(src, 0, "p.md", &links("p.md")).html;
    assert!(html.contains(r##"<a href="#fn-1">1</a>"##), "{html}");
    assert!(
        html.contains(r#"<div class="footnote-definition" id="fn-note">"#),
        "{html}"
    );
}
