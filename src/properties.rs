//! Property tests on arbitrary Unicode input (proptest): nothing a page or a config holds may
//! crash faqsite, and what it records stays inside the text it came from.

use crate::cgu::{Document, Registry};
use crate::check::cgu::Scanner;
use crate::content::front_matter;
use crate::markdown;
use crate::slug::slugify;
use proptest::prelude::*;

/// Text shaped like Markdown pages: links, URLs, entities, accents and odd characters.
fn page_text() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        "\\PC{0,12}",
        Just("é".to_string()),
        Just("[lien](../a/b.md#c)".to_string()),
        Just("<https://x.fr/a>".to_string()),
        Just(" https://a.fr/xy&amp;z ".to_string()),
        Just("&amp;".to_string()),
        Just("\\*".to_string()),
        Just("\n\n".to_string()),
        Just("\n# Titre\n".to_string()),
        Just("<a href=\"x.md\" id=\"y\">".to_string()),
        Just("<!-- faqsite: allow broken-link -->".to_string()),
        Just("[r]: ./ref.md\n".to_string()),
        Just("[r]".to_string()),
        Just("a@b.fr".to_string()),
        Just("> [!NOTE]\n> ".to_string()),
        Just("CGU FS v1.2".to_string()),
        Just("---\n".to_string()),
        Just("```\n".to_string()),
    ];
    prop::collection::vec(pieces, 0..24).prop_map(|p| p.concat())
}

fn registry() -> Registry {
    Registry {
        documents: vec![Document::sketch(
            "cgu-fs",
            &["CGU FS", "Annexe des CGU FS", "é é"],
            &["1.0", "1.2"],
            |v| format!("cgu/cgu-v{v}.pdf"),
        )],
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn link_spans_lie_inside_the_page_on_character_boundaries(text in page_text()) {
        let (_, _, body_start) = front_matter::parse("p.md", &text);
        let found = markdown::extract(&text, body_start, "d/p.md", 80);
        for link in &found.links {
            let span = link.span();
            prop_assert!(span.start <= span.end && span.end <= text.len());
            prop_assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
            if let Some(span) = link.path_span() {
                prop_assert!(text.get(span).is_some());
            }
            for (range, _) in link.text_versions().iter() {
                prop_assert!(text.get(range.clone()).is_some());
            }
        }
        for allow in &found.allows {
            prop_assert!(text.get(allow.span.clone()).is_some() && text.get(allow.lines.clone()).is_some());
        }
        for n in &found.numbers {
            prop_assert_eq!(text.get(n.at..n.at + n.text.len()), Some(&*n.text));
        }
        // The render pass numbers links as the extract pass does: each rewritten
        // destination is that of the link of the same number.
        let calls = std::cell::RefCell::new(Vec::new());
        let href = |i: usize, d: &str| {
            calls.borrow_mut().push((i, d.to_string()));
            crate::paths::rewrite_href("d/p.md", d)
        };
        let writer = markdown::LinkWriter { href: &href, suffix: &|_| None, headings: &[] };
        markdown::render(&text, body_start, "d/p.md", &writer);
        for (i, dest) in calls.into_inner() {
            prop_assert_eq!(found.links.get(i).map(|l| &*l.dest), Some(dest.as_str()));
        }
    }

    #[test]
    fn slugs_are_idempotent(text in "\\PC{0,40}") {
        let once = slugify(&text);
        prop_assert_eq!(slugify(&once), once);
    }

    #[test]
    fn front_matter_never_panics(text in "(---\n)?\\PC{0,60}(\n---\n)?\\PC{0,20}") {
        let (_, _, body_start) = front_matter::parse("p.md", &text);
        prop_assert!(text.is_char_boundary(body_start));
    }

    #[test]
    fn cgu_scanning_never_panics(text in page_text()) {
        let registry = registry();
        let scanner = Scanner::new(&registry);
        for m in scanner.mentions(&text, 0) {
            prop_assert_eq!(text.get(m.span.clone()), Some(m.text.as_str()));
        }
    }

    #[test]
    fn configuration_never_panics(text in "(title|timeout|checks|external|cgu|  - |: |\\PC{0,8}|\n){0,30}") {
        let _ = crate::config::parse_text(&text);
    }
}
