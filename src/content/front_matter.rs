//! Optional YAML front matter between two `---` lines at the very top of a page.

use crate::diagnostics::{Code, Diagnostic};
use crate::yaml;
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FrontMatter {
    pub title: Option<String>,
    pub description: Option<String>,
    /// Order within a section (lower first); then the title.
    pub weight: Option<i64>,
    /// Drafts are left out of the site.
    pub draft: bool,
    /// The page cites old CGU versions on purpose (the history page, a changelog).
    pub cgu_history: bool,
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

/// Parses the front matter of `source`; returns it and the byte offset of the body.
pub fn parse(path: &str, source: &str) -> (Result<FrontMatter, Diagnostic>, usize) {
    match split(source) {
        None => (Ok(FrontMatter::default()), 0),
        Some((yaml_text, yaml_start, body_start)) => {
            let parsed = if yaml_text.trim().is_empty() {
                Ok(FrontMatter::default())
            } else {
                yaml::parse::<Option<FrontMatter>>(
                    yaml_text,
                    path,
                    source,
                    yaml_start,
                    Code::FrontMatter,
                )
                .map(Option::unwrap_or_default)
            };
            (parsed, body_start)
        }
    }
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
    fn errors_point_into_the_page() {
        let src = "---\ntitle: A\nweigth: 2\n---\n# B\n";
        let d = parse("a.md", src).0.unwrap_err();
        assert_eq!(d.code, Code::FrontMatter);
        assert_eq!(&src[d.span.clone()], "weigth: 2");
        assert!(
            d.message.starts_with("unknown field `weigth`"),
            "{}",
            d.message
        );
    }
}
