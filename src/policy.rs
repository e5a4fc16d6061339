//! The last stage of every run, whatever produced the diagnostics (reading, checks, outside
//! links, templates): `<!-- faqsite: allow CODE -->` comments drop the diagnostics of CODE on
//! their line and the next, then the levels of `faqsite.yaml` set each severity or drop it.

use crate::content::{Allow, Site};
use crate::diagnostics::{self, Diagnostic, Levels};
use std::collections::HashMap;

pub struct Policy<'a> {
    levels: Levels,
    /// The allow comments of each page, by page path.
    allows: HashMap<&'a str, &'a [Allow]>,
}

impl<'a> Policy<'a> {
    pub fn new(levels: Levels, site: Option<&'a Site>) -> Self {
        let allows = site
            .into_iter()
            .flat_map(|site| site.documents())
            .filter(|p| !p.allows.is_empty())
            .map(|p| (p.path.as_str(), p.allows.as_slice()))
            .collect();
        Policy { levels, allows }
    }

    /// The diagnostics that remain, at their configured severity, sorted.
    pub fn apply(&self, diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
        let mut kept: Vec<Diagnostic> = diags
            .into_iter()
            .filter(|d| !self.allowed(d))
            .filter_map(|d| self.levels.apply(d))
            .collect();
        diagnostics::sort(&mut kept);
        kept
    }

    fn allowed(&self, d: &Diagnostic) -> bool {
        if d.code.is_usage() {
            return false;
        }
        self.allows.get(d.file.as_str()).is_some_and(|allows| {
            allows
                .iter()
                .any(|a| a.code == d.code.as_str() && a.lines.contains(&d.span.start))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::{Code, Level, Severity};

    #[test]
    fn allow_comments_cover_their_line_and_the_next() {
        let text = "a\n<!-- faqsite: allow broken-link -->\n[x](y.md)\n[z](w.md)\n";
        let site = Site::from_texts(&[("p.md", text)]);
        let at = |needle: &str, code| {
            let i = text.find(needle).unwrap();
            Diagnostic::new(code, "p.md", i..i + needle.len(), "m")
        };
        let policy = Policy::new(Levels::default(), Some(&site));
        let kept = policy.apply(vec![
            at("[x](y.md)", Code::BrokenLink),
            at("[z](w.md)", Code::BrokenLink),
            at("[x](y.md)", Code::BrokenAnchor),
        ]);
        let kept: Vec<(&str, Code)> = kept
            .iter()
            .map(|d| (&text[d.span.clone()], d.code))
            .collect();
        assert_eq!(
            kept,
            [
                ("[x](y.md)", Code::BrokenAnchor),
                ("[z](w.md)", Code::BrokenLink)
            ]
        );
    }

    #[test]
    fn levels_apply_to_every_code() {
        let levels = Levels(HashMap::from([
            (Code::Template, Level::Off),
            (Code::BrokenLink, Level::Warning),
        ]));
        let policy = Policy::new(levels, None);
        let kept = policy.apply(vec![
            Diagnostic::new(Code::Template, "templates/page.html", 0..1, "t"),
            Diagnostic::new(Code::BrokenLink, "p.md", 0..1, "b"),
            Diagnostic::new(Code::Config, "faqsite.yaml", 0..1, "c"),
        ]);
        let kept: Vec<(Code, Severity)> = kept.iter().map(|d| (d.code, d.severity)).collect();
        assert_eq!(
            kept,
            [
                (Code::Config, Severity::Error),
                (Code::BrokenLink, Severity::Warning)
            ]
        );
    }
}
