//! The stable diagnostic codes, their default severities, and the per-code levels users set
//! in `faqsite.yaml` (`checks: {broken-anchor: warning, link-outside-site: off}`).

use super::{Diagnostic, Severity};
use std::collections::HashMap;

macro_rules! codes {
    ($($variant:ident = $name:literal, $severity:ident, $help:literal;)*) => {
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

            /// What the code reports, in one sentence (SARIF rules, `--help` texts).
            pub fn help(self) -> &'static str {
                match self { $(Code::$variant => $help),* }
            }
        }
    };
}

codes! {
    BrokenLink = "broken-link", Error, "A relative link (page, asset, image, raw-HTML href/src) leads to a file that does not exist.";
    BrokenAnchor = "broken-anchor", Error, "The target page has no heading or HTML id with the link's fragment.";
    LinkOutsideSite = "link-outside-site", Error, "A link leads out of content/ (a relative one climbing out, or one from the root to a file beside it), so it cannot be published.";
    FrontMatter = "front-matter", Error, "The page's YAML front matter is invalid, has a wrong type, or a key one typo away from a known one.";
    Encoding = "encoding", Error, "The page is not valid UTF-8, or is a binary file named .md.";
    Unreadable = "unreadable", Error, "A file or folder in content/ cannot be read (permissions), or a page is over 4 GiB.";
    LargePage = "large-page", Warning, "A page over 1 MB, which readers download whole.";
    CaseClash = "case-clash", Error, "Two files whose paths differ only in case: on macOS and Windows only one of them can exist.";
    OutputClash = "output-clash", Error, "Two files published at the same path (`a.md`, published as `a.html`, beside an `a.html` file): the site keeps only one.";
    Cache = "cache", Warning, "The external-link cache file is unreadable or of another format; it is ignored and rewritten.";
    Template = "template", Error, "A template does not parse or render.";
    Config = "config", Error, "faqsite.yaml is invalid.";
    OutdatedCgu = "outdated-cgu", Error, "A link to, or a mention of, a CGU version that is not the current one.";
    UnknownCguVersion = "unknown-cgu-version", Error, "A mention of a CGU version the registry does not know.";
    CguLabelMismatch = "cgu-label-mismatch", Error, "The link text names one CGU version and the link leads to another.";
    ExternalBroken = "external-broken", Error, "An outside URL answers 404, 410 or another client error, or redirects in a loop or more than 10 times.";
    ExternalRedirect = "external-redirect", Warning, "An outside URL redirects permanently; the hint gives the final URL.";
    ExternalTimeout = "external-timeout", Warning, "An outside URL did not answer in time, after retries.";
    ExternalUnreachable = "external-unreachable", Warning, "An outside host could not be reached, after retries.";
    ExternalServerError = "external-server-error", Warning, "An outside URL answers a server error or 429 Too Many Requests, after retries or with a Retry-After longer than faqsite waits.";
    ExternalAnchor = "external-anchor", Warning, "The fetched outside page has no element with the link's fragment (in the part of it that was read).";
    InvalidEmail = "invalid-email", Error, "A mailto: link or bare address is not an e-mail address.";
    UnknownAllow = "unknown-allow", Warning, "An allow comment names no diagnostic code, so it allows nothing.";
    Symlink = "symlink", Warning, "A symbolic link in content/ is not followed nor published.";
    OrphanPage = "orphan-page", Warning, "No page links to this page and no generated section index lists it.";
    UnreachablePage = "unreachable-page", Warning, "No path of links and section indexes leads to this page from the home page.";
    SelfLink = "self-link", Warning, "A link leads to the page it is on, without an anchor.";
    UnsafeLink = "unsafe-link", Error, "A link to a javascript:, vbscript: or data: URL, which runs or smuggles code.";
    RawScript = "raw-script", Warning, "A <script> in a page's raw HTML runs on the published site.";
    Mermaid = "mermaid", Warning, "A mermaid diagram does not parse; it shows as code.";
    LegalLink = "legal-link", Warning, "The dsfr theme's footer lacks a link a French State site must carry (accessibility, legal notice, personal data), or a legal: page does not exist.";
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
