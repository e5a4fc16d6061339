//! Tera errors → diagnostics naming the template file and line. Parse errors carry their
//! position (`--> 3:5`); render errors name a variable or filter, which we locate in the
//! template sources.

use super::theme::Theme;
use crate::diagnostics::{Code, Diagnostic, LineIndex};
use regex::Regex;
use std::error::Error as _;
use std::sync::LazyLock;

static POSITION: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"--> (\d+):(\d+)").unwrap());
static TEMPLATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"(?:template|parse) ['"]([^'"]+)['"]"#).unwrap());
static SUBJECT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:Variable|Filter|Function|Test) `([^`]+)`").unwrap());

pub fn to_diagnostic(err: &tera::Error, theme: &Theme) -> Diagnostic {
    let mut chain = vec![err.to_string()];
    let mut source = err.source();
    while let Some(e) = source {
        chain.push(e.to_string());
        source = e.source();
    }
    let full = chain.join("\n");
    let message = chain
        .iter()
        .flat_map(|m| m.lines())
        .map(|l| l.trim().trim_start_matches("= "))
        .filter(|l| !l.is_empty() && !l.starts_with("-->") && !l.starts_with('|'))
        .filter(|l| !l.chars().next().is_some_and(|c| c.is_ascii_digit()))
        .collect::<Vec<_>>()
        .join(": ");

    let named = TEMPLATE
        .captures_iter(&full)
        .filter_map(|c| theme.templates.iter().find(|t| t.name == c[1]))
        .last();
    let subject = SUBJECT.captures(&full).map(|c| c[1].to_string());
    // The template and offset: the parse position if any, else where the subject appears.
    let located = match (POSITION.captures(&full), named) {
        (Some(pos), Some(t)) => {
            let (line, col) = (pos[1].parse().unwrap_or(1), pos[2].parse().unwrap_or(1));
            Some((t, LineIndex::new(&t.source).offset(&t.source, line, col)))
        }
        _ => subject.as_ref().and_then(|s| {
            let key = s.rsplit('.').next().unwrap_or(s);
            named
                .into_iter()
                .chain(&theme.templates)
                .find_map(|t| t.source.find(key).map(|i| (t, i)))
        }),
    };
    let (file, span) = match located.or(named.map(|t| (t, 0))) {
        Some((t, offset)) => (t.origin.as_str(), offset..offset + 1),
        None => ("templates", 0..0),
    };
    Diagnostic::new(Code::Template, file, span, message)
        .with_hint("fix the template; ROOT/templates/ overrides a theme template of the same name")
}
