//! Diagnostics are data: a code, a file, a byte span, a message and a hint. Checks return
//! them; only the reporters (one file per output format) turn spans into lines and columns.

mod codes;
pub mod github;
pub mod human;
pub mod json;
pub mod junit;
mod position;
pub mod sarif;

pub use codes::{Code, Level, Levels};
pub use position::{excerpt, LineIndex, Position};

use std::collections::HashMap;
use std::ops::Range;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub code: Code,
    /// Checks name pages and assets relative to the content folder, `faqsite.yaml` and
    /// templates relative to ROOT; a run's report then names every file from the folder
    /// faqsite was run in (`layout::Layout::display`), as every output format prints it.
    pub file: String,
    /// Byte range in the file's text.
    pub span: Range<usize>,
    pub message: String,
    pub hint: Option<String>,
    /// Edits that fix the problem, applied by `check --fix`: `outdated-cgu`, and the
    /// `broken-link` and `broken-anchor` whose hint is sure of the target.
    pub fix: Vec<Edit>,
}

/// Replace the bytes of `span` in the diagnostic's file with `replacement`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    pub span: Range<usize>,
    pub replacement: String,
}

impl Diagnostic {
    /// A diagnostic at the code's default severity; `Levels::apply` sets the configured one.
    pub fn new(code: Code, file: &str, span: Range<usize>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: code.default_severity(),
            code,
            file: file.to_string(),
            span,
            message: message.into(),
            hint: None,
            fix: Vec::new(),
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn with_hint_opt(mut self, hint: Option<String>) -> Self {
        self.hint = hint;
        self
    }

    pub fn with_fix(mut self, fix: Vec<Edit>) -> Self {
        self.fix = fix;
        self
    }
}

/// The text of every file a diagnostic may point into, by the name diagnostics use.
#[derive(Default)]
pub struct Sources<'a> {
    files: HashMap<&'a str, &'a str>,
}

impl<'a> Sources<'a> {
    pub fn add(&mut self, name: &'a str, text: &'a str) {
        self.files.insert(name, text);
    }

    pub fn get(&self, name: &str) -> Option<&'a str> {
        self.files.get(name).copied()
    }

    /// Line and column of a diagnostic (1, 1 when its file text is unknown).
    pub fn position(&self, d: &Diagnostic) -> Position {
        self.get(&d.file)
            .map(|text| LineIndex::new(text).position(text, d.span.start))
            .unwrap_or(Position { line: 1, column: 1 })
    }
}

/// Sorts by file, then place, then code, and drops exact repeats.
pub fn sort(diags: &mut Vec<Diagnostic>) {
    diags.sort_by(|a, b| {
        (&a.file, a.span.start, a.code.as_str(), &a.message).cmp(&(
            &b.file,
            b.span.start,
            b.code.as_str(),
            &b.message,
        ))
    });
    diags.dedup();
}

#[derive(Default, Debug, PartialEq, Eq)]
pub struct Counts {
    pub errors: usize,
    pub warnings: usize,
}

pub fn count(diags: &[Diagnostic]) -> Counts {
    let errors = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    Counts {
        errors,
        warnings: diags.len() - errors,
    }
}
