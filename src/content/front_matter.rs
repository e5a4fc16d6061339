//! Optional YAML front matter between two `---` lines at the very top of a page. Keys of
//! other tools (`hidden`, `icon`, `tags`…) are kept in `extra` for templates; a key one typo
//! away from a known one (`titel`) is a warning, a known key with a wrong type an error.

use crate::diagnostics::{Code, Diagnostic, Severity};
use crate::yaml;
use serde::Deserialize;
use std::collections::BTreeMap;

/// The keys faqsite reads.
pub const KNOWN_KEYS: [&str; 5] = ["title", "description", "weight", "draft", "cgu_history"];

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct FrontMatter {
    pub title: Option<String>,
    pub description: Option<String>,
    /// Order within a section (lower first); then the title.
    pub weight: Option<i64>,
    /// Drafts are left out of the site.
    pub draft: bool,
    /// The page cites old CGU versions on purpose (the history page, a changelog).
    pub cgu_history: bool,
    /// Every other key, as templates see it (`page.extra`).
    #[serde(skip)]
    pub extra: BTreeMap<String, serde_json::Value>,
}

/// Splits the front matter off `source`: returns it with the byte offset where the Markdown
/// body starts. Without an opening `---` line closed by another, there is none.
pub fn split(source: &str) -> Option<(&str, usize, usize)> {
    let rest = source.strip_prefix("---")?;
    let first_nl = rest.find('\n')?;
    if !rest[..first_nl].trim().is_empty() {
        return None;
    }
    let yaml_start = 3 + first_nl + 1;
    let mut pos = yaml_start;
    for line in source[yaml_start..].split_inclusive('\n') {
        if line.trim_end() == "---" {
            return Some((&source[yaml_start..pos], yaml_start, pos + line.len()));
        }
        pos += line.len();
    }
    None
}

/// A page that opens front matter (`---`, then a `key: value` line) and never closes it:
/// GitHub then shows the YAML as text, and faqsite would lose the title.
fn unclosed(path: &str, source: &str) -> Option<Diagnostic> {
    let mut lines = source.lines();
    let opens = lines.next()?.trim_end() == "---";
    let key = lines.next()?.split_once(':')?.0;
    let looks_like_yaml = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-');
    (opens && looks_like_yaml).then(|| {
        Diagnostic::new(
            Code::FrontMatter,
            path,
            0..3,
            "the front matter opened here is never closed",
        )
        .with_hint(
            "end it with a line holding only `---`; until then the page shows the YAML as text",
        )
    })
}

/// Parses the front matter of `source`; returns it (or the error that makes it unusable),
/// the warnings about its keys, and the byte offset of the body.
pub fn parse(
    path: &str,
    source: &str,
) -> (Result<FrontMatter, Diagnostic>, Vec<Diagnostic>, usize) {
    let Some((yaml_text, yaml_start, body_start)) = split(source) else {
        return (
            unclosed(path, source).map_or(Ok(FrontMatter::default()), Err),
            Vec::new(),
            0,
        );
    };
    if yaml_text.trim().is_empty() {
        return (Ok(FrontMatter::default()), Vec::new(), body_start);
    }
    let front =
        yaml::parse::<Option<FrontMatter>>(yaml_text, path, source, yaml_start, Code::FrontMatter)
            .map(Option::unwrap_or_default);
    let all = yaml::parse::<Option<BTreeMap<String, serde_json::Value>>>(
        yaml_text,
        path,
        source,
        yaml_start,
        Code::FrontMatter,
    )
    .map(Option::unwrap_or_default);
    let (mut front, all) = match (front, all) {
        (Ok(front), Ok(all)) => (front, all),
        (Err(e), _) | (_, Err(e)) => return (Err(e), Vec::new(), body_start),
    };
    let mut warnings = Vec::new();
    for (key, value) in all {
        if KNOWN_KEYS.contains(&key.as_str()) {
            continue;
        }
        if let Some(known) = near_miss(&key) {
            let span = key_span(source, yaml_start..body_start, &key);
            let mut d = Diagnostic::new(
                Code::FrontMatter,
                path,
                span,
                format!("unknown key `{key}` is kept for templates, but faqsite does not read it"),
            )
            .with_hint(format!("did you mean `{known}`?"));
            d.severity = Severity::Warning;
            warnings.push(d);
        }
        front.extra.insert(key, value);
    }
    (Ok(front), warnings, body_start)
}

/// The known key `key` is most likely a typo of: one edit away (a swap counts as one), or
/// two for keys of eight letters and more. Never between unrelated words.
pub fn near_miss(key: &str) -> Option<&'static str> {
    crate::yaml::near_miss(key, KNOWN_KEYS)
}

/// Where `key:` starts a line of the front matter in `range` of `source`.
fn key_span(source: &str, range: std::ops::Range<usize>, key: &str) -> std::ops::Range<usize> {
    let mut at = range.start;
    for line in source[range.clone()].split_inclusive('\n') {
        let trimmed = line.trim_start_matches(['"', '\'']);
        if trimmed.starts_with(key) && line.trim_end().len() > key.len() {
            let end = at + line.trim_end().len();
            return at..end;
        }
        at += line.len();
    }
    range.start..range.start
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_table() {
        let table = [
            ("---\ntitle: A\n---\n# B", Some(("title: A\n", 4, 17))),
            ("---\n---\nbody", Some(("", 4, 8))),
            ("\n\n# Title", None),
            ("---\nno closing", None),
            ("--- x\ntitle: A\n---\n", None),
            ("----\n", None),
        ];
        for (src, want) in table {
            assert_eq!(split(src), want, "{src:?}");
        }
    }

    #[test]
    fn unclosed_front_matter_is_an_error_but_a_rule_is_not() {
        let table = [
            ("---\ntitle: A\n# B\n", true),
            ("---\nweight: 2", true),
            ("---\nUne phrase : avec deux-points.\n", false),
            ("---\n\ntitle: A\n", false),
            ("# A\n---\ntitle: A\n", false),
        ];
        for (src, error) in table {
            assert_eq!(parse("a.md", src).0.is_err(), error, "{src:?}");
        }
    }

    #[test]
    fn errors_point_into_the_page() {
        let src = "---\ntitle: A\nweight: deux\n---\n# B\n";
        let d = parse("a.md", src).0.unwrap_err();
        assert_eq!(d.code, Code::FrontMatter);
        assert_eq!(&src[d.span.clone()], "deux");
    }

    #[test]
    fn other_tools_keys_are_kept_and_typos_warned() {
        let src = "---\ntitle: A\nhidden: true\nicon: book\nwieght: 2\n---\n# B\n";
        let (front, warnings, _) = parse("a.md", src);
        let front = front.unwrap();
        let keys: Vec<&str> = front.extra.keys().map(String::as_str).collect();
        assert_eq!(keys, ["hidden", "icon", "wieght"]);
        assert_eq!(front.extra["icon"], serde_json::json!("book"));
        let warned: Vec<(&str, Severity)> = warnings
            .iter()
            .map(|d| (&src[d.span.clone()], d.severity))
            .collect();
        assert_eq!(warned, [("wieght: 2", Severity::Warning)]);
    }

    #[test]
    fn near_miss_table() {
        let table = [
            ("titel", Some("title")),
            ("Title", Some("title")),
            ("wieght", Some("weight")),
            ("weigth", Some("weight")),
            ("drafts", Some("draft")),
            ("descripton", Some("description")),
            ("cgu-history", Some("cgu_history")),
            ("title", None),
            ("hidden", None),
            ("icon", None),
            ("tags", None),
            ("date", None),
            ("layout", None),
            ("slug", None),
            ("author", None),
        ];
        for (key, want) in table {
            assert_eq!(near_miss(key), want, "{key}");
        }
    }
}
