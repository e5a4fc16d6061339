//! A link as written in a page, and what it points to, resolved once when the page loads:
//! the same page's anchor, a content path (page, asset or folder) with its fragment, a path
//! leaving `content/`, an outside URL, an e-mail address, or another scheme.

use crate::paths::{classify, resolve, Outside};
use std::ops::Range;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkKind {
    /// `[text](dest)`
    Inline,
    /// `[text][ref]`, `[text][]`, `[ref]`
    Reference,
    /// `<https://…>` or `<a@b.fr>`
    Autolink,
    /// `![alt](src)`
    Image,
    /// An attribute in raw HTML: `href`/`src`, and those lychee-lib finds (`srcset`, `poster`…)
    Html,
    /// A bare URL or e-mail address in text, which GitHub turns into a link.
    Bare,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    pub kind: LinkKind,
    /// As written (percent-encoded), e-mail addresses as `mailto:`.
    pub dest: std::sync::Arc<str>,
    /// Byte range in the page source, from the link's first character (`[`, `!`, `<`, or the URL).
    pub span: Range<usize>,
    /// Where `dest` starts in the source, for local links and same-page anchors: inside the
    /// link, or in its reference definition (`None` where the source writes it otherwise,
    /// with escapes or entities).
    pub dest_at: Option<u32>,
    /// Version numbers written in the link text (`v1.2`, `version 1.2`), with their ranges.
    pub text_versions: Box<[(Range<usize>, Box<str>)]>,
    pub target: Target,
    /// The destination is an address of the published site, not a file of the content: a
    /// link of an HTML file, which is published as it is (`x.html` is the page `x.md`,
    /// `x.md` is no address of the site). See `Site::resolve`.
    pub on_site: bool,
}

/// What a link points to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// `#fragment` on the same page (`Link::fragment`).
    Anchor,
    /// A content-relative path, decoded and normalised (folders end with `/`, the root is
    /// `""`); the fragment, if any, is `Link::fragment`.
    Local { path: std::sync::Arc<str> },
    /// A relative path that climbs out of `content/`.
    Outside,
    /// `http://`, `https://` or `//host`: the URL is `dest`.
    External,
    /// `mailto:`: the address is after the colon of `dest`.
    Mail,
    /// `tel:`, `data:`, `ftp:`…: not ours to check.
    OtherScheme,
}

impl Target {
    /// Resolves `dest` as written on the page at `from` (content-relative).
    pub fn of(from: &str, dest: &str) -> Target {
        match classify(dest) {
            crate::paths::Target::External => Target::External,
            crate::paths::Target::Mail(_) => Target::Mail,
            crate::paths::Target::OtherScheme => Target::OtherScheme,
            crate::paths::Target::Local { path: "", .. } => Target::Anchor,
            crate::paths::Target::Local { path, .. } => match resolve(from, path) {
                Ok(path) => Target::Local {
                    path: crate::paths::nfc(&path).into(),
                },
                Err(Outside) => Target::Outside,
            },
        }
    }

    /// The content path a local link leads to (a folder ends with `/`, the root is `""`).
    pub fn local_path(&self) -> Option<&str> {
        match self {
            Target::Local { path } => Some(path),
            _ => None,
        }
    }
}

impl Link {
    /// The path part of `dest` as written (before `?` and `#`), for local links.
    pub fn written_path(&self) -> &str {
        match classify(&self.dest) {
            crate::paths::Target::Local { path, .. } => path,
            _ => "",
        }
    }

    /// The fragment of a local link as written (after `#`), if it has one.
    pub fn fragment(&self) -> Option<&str> {
        match classify(&self.dest) {
            crate::paths::Target::Local { fragment, .. } => fragment,
            _ => None,
        }
    }

    /// Where the destination's path is written in the source, for local links.
    pub fn path_span(&self) -> Option<Range<usize>> {
        let at = self.dest_at? as usize;
        Some(at..at + self.written_path().len())
    }

    /// Where the anchor of the fragment is written in the source (after `#`, before a text
    /// directive `:~:`), for local links and same-page anchors that have one.
    pub fn anchor_span(&self) -> Option<Range<usize>> {
        let at = self.dest_at? as usize;
        let fragment = self.fragment()?;
        let start = at + self.dest.len() - fragment.len();
        let anchor = fragment.split(":~:").next().unwrap_or("");
        Some(start..start + anchor.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_table() {
        let local = |path: &str| Target::Local { path: path.into() };
        let table = [
            ("a/x.md", "#id_token", Target::Anchor),
            ("a/x.md", "../b/y.md#f", local("b/y.md")),
            ("a/x.md", "../cgu/A%20B.pdf", local("cgu/A B.pdf")),
            ("a/x.md", "./", local("a/")),
            ("a/x.md", "..", local("")),
            ("x.md", "../y.md", Target::Outside),
            ("x.md", "https://x.fr/#a", Target::External),
            ("x.md", "mailto:a@b.fr", Target::Mail),
            ("x.md", "tel:+33", Target::OtherScheme),
        ];
        for (from, dest, want) in table {
            assert_eq!(Target::of(from, dest), want, "{from} {dest}");
        }
    }
}
