//! Fuzz targets: one function per input format faqsite reads (page Markdown for its links,
//! heading text for slugs, front matter, CGU mentions, `faqsite.yaml`). Each takes raw bytes,
//! runs the code that reads them, and asserts what that code promises; a panic is a bug. The
//! cargo-fuzz targets in `fuzz/` call them, and `tests/fuzz_corpus.rs` replays the committed
//! corpora through them on every `cargo test`. Bytes become text as pages do (invalid UTF-8
//! replaced), so every input reaches the code under test.

use crate::cgu::{Document, Registry};
use crate::check::cgu::{mention_window, Scanner};
use crate::content::{front_matter, read_page, LoadOptions, Site};
use crate::diagnostics::Diagnostic;
use crate::markdown;
use crate::slug::{slugify, SlugCounter};
use std::collections::HashSet;
use std::ops::Range;

/// Where the fuzzed page lives: one folder down, so that `../` links stay inside the site.
const PAGE: &str = "pilotage_fca/page.md";

/// Link extraction (pulldown-cmark's links, faqsite's and lychee-lib's raw-HTML links, and
/// the whole input read as an HTML file of the content): every span lies inside
/// the page body on character boundaries, a local
/// link's path span holds its path as written, and the render pass numbers links as the
/// extract pass does (each rewritten destination is that of the link of the same number).
pub fn links(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let (_, _, body_start) = front_matter::parse(PAGE, &text);
    let found = markdown::extract(&text, body_start, PAGE, 80);
    for link in &found.links {
        let span = link.span();
        assert!(body_start <= span.start, "link before the body: {span:?}");
        assert_str_range(&text, &span, "link span");
        if let Some(path) = link.path_span() {
            assert_eq!(
                text.get(path.clone()),
                Some(link.written_path()),
                "{link:?}"
            );
        }
        if let Some(anchor) = link.anchor_span() {
            let fragment = link.fragment().unwrap_or_default();
            assert_eq!(
                text.get(anchor.clone()),
                fragment.split(":~:").next(),
                "{link:?}"
            );
        }
        for (range, version) in link.text_versions().iter() {
            assert_eq!(text.get(range.clone()), Some(&**version), "{link:?}");
        }
    }
    for allow in &found.allows {
        assert_str_range(&text, &allow.span, "allow comment");
        assert_str_range(&text, &allow.lines, "allow lines");
    }
    for n in &found.numbers {
        assert_eq!(text.get(n.at..n.at + n.text.len()), Some(&*n.text));
    }
    for script in &found.scripts {
        assert_str_range(&text, script, "script");
    }
    for (line, _) in &found.diagrams {
        assert_str_range(&text, line, "diagram problem");
    }
    // lychee-lib's extractor over the whole text, as for an HTML file: each value where the
    // text writes it, inside its tag.
    for link in markdown::html_links::links(&text) {
        assert_str_range(&text, &link.value, "lychee link value");
        assert!(
            link.tag_start <= link.value.start && link.value.end <= link.end,
            "{link:?}"
        );
        assert!(link.end <= text.len(), "{link:?}");
    }
    let rewritten = std::cell::RefCell::new(Vec::new());
    let href = |i: usize, dest: &str| {
        rewritten.borrow_mut().push((i, dest.to_string()));
        crate::paths::rewrite_href(PAGE, dest)
    };
    let writer = markdown::LinkWriter {
        href: &href,
        suffix: &|_| None,
        headings: &found.headings,
    };
    let rendered = markdown::render(&text, body_start, PAGE, &writer);
    // The ids reused from the load are the ids the render would give.
    let slugged = markdown::LinkWriter {
        headings: &[],
        ..writer
    };
    let again = markdown::render(&text, body_start, PAGE, &slugged);
    assert_eq!(
        rendered.html, again.html,
        "heading ids reused from the load differ"
    );
    for (i, dest) in rewritten.into_inner() {
        let extracted = found.links.get(i).map(|l| &*l.dest);
        assert_eq!(extracted, Some(dest.as_str()), "link {i} numbered apart");
    }
    for prose in &rendered.prose {
        assert_str_range(&text, prose, "prose");
    }
    html_file(&text);
}

/// The same text read as an HTML file of the content: every link placed inside the file at
/// its value, its path and anchor spans holding them as written, allow comments inside.
fn html_file(text: &str) {
    let found = markdown::html_file::extract(text, "pilotage_fca/page.html");
    for link in &found.links {
        let whole = link.span();
        assert_str_range(text, &whole, "HTML file link");
        for span in [link.path_span(), link.anchor_span()].into_iter().flatten() {
            assert_str_range(text, &span, "HTML file link part");
            let (start, end) = (span.start, span.end);
            assert!(whole.start <= start && end <= whole.end, "{link:?}");
        }
    }
    for allow in &found.allows {
        assert_str_range(text, &allow.span, "HTML file allow comment");
    }
    let _ = markdown::html_file::title(text);
}

/// The slug function: idempotent, no whitespace left, and a page's ids all distinct (each
/// line of the input is one heading). GitHub's rule (github-slugger's) keeps idempotence:
/// its output is lower-case already, holds only characters it keeps, and no space (each
/// became `-`), so a second pass changes nothing; `slug::tests::every_character_slugs_stably`
/// checks it on every character. Nothing is trimmed any more, so `" a "` gives `-a-`,
/// which is its own slug.
pub fn slug(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let once = slugify(&text);
    assert_eq!(slugify(&once), once, "slug of {text:?} is not stable");
    assert!(
        !once.contains(char::is_whitespace),
        "whitespace in {once:?}"
    );
    let mut counter = SlugCounter::default();
    let mut ids = HashSet::new();
    for line in text.lines() {
        let id = counter.unique(line);
        assert!(ids.insert(id.clone()), "id {id:?} handed out twice");
    }
}

/// Front matter: the split lies on character boundaries and ends on a closing `---` line,
/// and every diagnostic points into the page.
pub fn front_matter(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let split = front_matter::split(&text);
    if let Some((yaml, yaml_start, body_start)) = split {
        assert_eq!(text.get(yaml_start..yaml_start + yaml.len()), Some(yaml));
        assert!(yaml_start + yaml.len() <= body_start);
        let closing = &text[yaml_start + yaml.len()..body_start];
        assert_eq!(closing.trim_end(), "---", "not a closing line: {closing:?}");
    }
    let (front, warnings, body_start) = front_matter::parse(PAGE, &text);
    assert_eq!(body_start, split.map_or(0, |s| s.2));
    let error = front.err();
    for d in error.iter().chain(&warnings) {
        assert_diagnostic(&text, d);
    }
}

/// CGU scanning: the page is read as the load stage reads it, with the site's registry plus
/// the input's first line as one more alias (so that odd names are tried too); mentions hold
/// their text, and every diagnostic and fix points into the page.
pub fn cgu(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let alias = text.lines().next().unwrap_or("");
    let registry = registry(alias);
    let scanner = Scanner::new(&registry);
    for m in scanner.mentions(&text, 0) {
        assert_eq!(text.get(m.span.clone()), Some(m.text.as_str()));
        assert_str_range(&text, &m.version, "mention version");
        assert!(m.span.start <= m.version.start && m.version.end <= m.span.end);
    }
    let aliases = registry.documents.iter().flat_map(|d| &d.aliases);
    let opts = LoadOptions {
        keep_source: true,
        mention_window: mention_window(aliases.map(String::as_str)),
        ..LoadOptions::default()
    };
    let Some(page) = read_page(PAGE, data.to_vec(), opts).page else {
        return;
    };
    let source = page.source.as_deref().unwrap_or_default();
    for d in scanner.check_page(&page) {
        assert_diagnostic(source, &d);
    }
}

/// Configuration: an error points into the file; a configuration that parses has a CGU
/// registry whose problems point into the file too.
pub fn config(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    match crate::config::parse_text(&text) {
        Err(d) => assert_diagnostic(&text, &d),
        Ok(config) => {
            let site = Site::new("content".into());
            let (_, problems) = Registry::from_config(&config.cgu, &text, &site);
            for d in &problems {
                assert_diagnostic(&text, d);
            }
        }
    }
}

/// The registry of the AgentConnect FAQ (its two documents, their files and names), and
/// `extra` as one more alias of the first.
fn registry(extra: &str) -> Registry {
    let document = |id: &str, aliases: &[&str], file: &str, versions: &[&str]| {
        Document::sketch(id, aliases, versions, |v| {
            format!("cgu_fca/20210528-DINUM-AC-{file}-v{v}.pdf")
        })
    };
    let mut cgu = document(
        "cgu-fs",
        &["CGU FS", "Conditions Générales d'Utilisation FS"],
        "CGU_FS",
        &["1.0", "1.1", "1.2"],
    );
    cgu.aliases.push(extra.to_string());
    let annex = document(
        "annexe-cgu-fs",
        &["Annexe des CGU FS", "Annexe CGU FS"],
        "Annexe CGU FS",
        &["1.0", "1.1", "1.2", "1.3"],
    );
    Registry {
        documents: vec![cgu, annex],
    }
}

/// A diagnostic's span and its fixes' spans can be sliced from the text it is about.
fn assert_diagnostic(text: &str, d: &Diagnostic) {
    assert_str_range(text, &d.span, &d.message);
    for edit in &d.fix {
        assert_str_range(text, &edit.span, "fix");
    }
}

fn assert_str_range(text: &str, range: &Range<usize>, what: &str) {
    assert!(
        text.get(range.clone()).is_some(),
        "{what}: {range:?} is not a range of the {} bytes on character boundaries",
        text.len()
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The targets find bugs only if their checks fail: a range that cuts `é` must.
    #[test]
    #[should_panic(expected = "not a range")]
    fn a_range_inside_a_character_fails() {
        assert_str_range("é", &(0..1), "half of é");
    }

    #[test]
    fn targets_accept_what_faqsite_reads() {
        let page = "---\ntitle: É\n---\n# Qu'est-ce que l'Hybridge ?\n\n[CGU FS v1.1](../cgu_fca/20210528-DINUM-AC-CGU_FS-v1.1.pdf)\n";
        for target in [links, slug, front_matter, cgu, config] {
            target(page.as_bytes());
            target(b"\xff\xfe---\n");
            target(b"");
        }
    }
}
