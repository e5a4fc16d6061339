//! The stable diagnostic codes, their default severities, and the per-code levels users set
//! in `faqsite.yaml` (`checks: {broken-anchor: warning, link-outside-site: off}`).

use super::{Diagnostic, Severity};
use std::collections::HashMap;

macro_rules! codes {
    ($($variant:ident = $name:literal, $severity:ident;)*) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Code { $($variant),* }

        impl Code {
            pub const ALL: &'static [Code] = &[$(Code::$variant),*];

            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $name),* }
            }

            pub fn default_severity(self) -> Severity {
                match self { $(Code::$variant => Severity::$severity),* }
            }
        }
    };
}

codes! {
    BrokenLink = "broken-link", Error;
    BrokenAnchor = "broken-anchor", Error;
    LinkOutsideSite = "link-outside-site", Error;
    FrontMatter = "front-matter", Error;
    Encoding = "encoding", Error;
    Template = "template", Error;
    Config = "config", Error;
    OutdatedCgu = "outdated-cgu", Error;
    UnknownCguVersion = "unknown-cgu-version", Error;
    CguLabelMismatch = "cgu-label-mismatch", Error;
    ExternalBroken = "external-broken", Error;
    ExternalRedirect = "external-redirect", Warning;
    ExternalTimeout = "external-timeout", Warning;
    ExternalUnreachable = "external-unreachable", Warning;
    ExternalServerError = "external-server-error", Warning;
    ExternalAnchor = "external-anchor", Warning;
    InvalidEmail = "invalid-email", Error;
    UnknownAllow = "unknown-allow", Warning;
    Symlink = "symlink", Warning;
}

impl Code {
    pub fn parse(name: &str) -> Option<Code> {
        Code::ALL.iter().copied().find(|c| c.as_str() == name)
    }

    /// Problems with faqsite's own inputs (exit 2) rather than with the content (exit 1);
    /// their level cannot be lowered.
    pub fn is_usage(self) -> bool {
        self == Code::Config
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Error,
    Warning,
    Off,
}

/// Configured levels by code; codes not listed keep their default severity.
#[derive(Clone, Debug, Default)]
pub struct Levels(pub HashMap<Code, Level>);

impl Levels {
    /// Sets a diagnostic's severity from its code's level; `None` if the code is off.
    pub fn apply(&self, mut d: Diagnostic) -> Option<Diagnostic> {
        if d.code.is_usage() {
            return Some(d);
        }
        match self.0.get(&d.code) {
            Some(Level::Off) => None,
            Some(Level::Error) => {
                d.severity = Severity::Error;
                Some(d)
            }
            Some(Level::Warning) => {
                d.severity = Severity::Warning;
                Some(d)
            }
            None => Some(d),
        }
    }
}
