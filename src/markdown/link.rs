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

/// One link of a page. A site holds a few hundred thousand: offsets are 32-bit (the loader
/// reads no page over 4 GiB; a larger offset would be kept as `u32::MAX`, never wrapped) and
/// the rare versions in a link's text sit behind one pointer: a link takes 64 bytes, not 88.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    /// As written (percent-encoded), e-mail addresses as `mailto:`.
    pub dest: std::sync::Arc<str>,
    pub target: Target,
    /// `span()`.
    start: u32,
    end: u32,
    /// `dest_at()`, `NONE` for none.
    dest_at: u32,
    /// `text_versions()`.
    #[allow(clippy::box_collection)] // one pointer where there are none, nearly always
    text_versions: Option<Box<TextVersions>>,
    pub kind: LinkKind,
    /// The destination is an address of the published site, not a file of the content: a
    /// link of an HTML file, which is published as it is (`x.html` is the page `x.md`,
    /// `x.md` is no address of the site). See `Site::resolve`.
    pub on_site: bool,
}

/// Version numbers written in a link's text (`v1.2`, `version 1.2`), with their ranges.
pub type TextVersions = Vec<(Range<usize>, Box<str>)>;

/// `Link::dest_at` when there is no place.
const NONE: u32 = u32::MAX;

/// An offset as a link keeps it.
fn offset(at: usize) -> u32 {
    u32::try_from(at).unwrap_or(u32::MAX)
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
    /// A link to `dest`, written at `span` of the page's source, its destination at
    /// `dest_at`, with the version numbers of its text.
    pub fn new(
        kind: LinkKind,
        dest: std::sync::Arc<str>,
        target: Target,
        span: Range<usize>,
        dest_at: Option<usize>,
        text_versions: TextVersions,
    ) -> Link {
        let mut link = Link {
            dest,
            target,
            start: 0,
            end: 0,
            dest_at: NONE,
            text_versions: (!text_versions.is_empty()).then(|| Box::new(text_versions)),
            kind,
            on_site: false,
        };
        link.set_span(span);
        link.set_dest_at(dest_at);
        link
    }

    /// Byte range in the page source, from the link's first character (`[`, `!`, `<`, or
    /// the URL).
    pub fn span(&self) -> Range<usize> {
        self.start as usize..self.end as usize
    }

    pub fn set_span(&mut self, span: Range<usize>) {
        (self.start, self.end) = (offset(span.start), offset(span.end));
    }

    /// Where `dest` starts in the source, for local links and same-page anchors: inside the
    /// link, or in its reference definition (`None` where the source writes it otherwise,
    /// with escapes or entities).
    pub fn dest_at(&self) -> Option<usize> {
        (self.dest_at != NONE).then_some(self.dest_at as usize)
    }

    pub fn set_dest_at(&mut self, at: Option<usize>) {
        self.dest_at = at.map_or(NONE, offset);
    }

    /// Version numbers written in the link text (`v1.2`, `version 1.2`), with their ranges.
    pub fn text_versions(&self) -> &[(Range<usize>, Box<str>)] {
        self.text_versions.as_deref().map_or(&[], Vec::as_slice)
    }

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
        let at = self.dest_at()?;
        Some(at..at + self.written_path().len())
    }

    /// Where the anchor of the fragment is written in the source (after `#`, before a text
    /// directive `:~:`), for local links and same-page anchors that have one.
    pub fn anchor_span(&self) -> Option<Range<usize>> {
        let at = self.dest_at()?;
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
    fn a_link_takes_64_bytes() {
        assert_eq!(std::mem::size_of::<Link>(), 64);
    }

    #[test]
    fn offsets_past_32_bits_do_not_wrap() {
        let big = u32::MAX as usize + 10;
        let link = Link::new(
            LinkKind::Inline,
            "x".into(),
            Target::External,
            big..big + 1,
            Some(big),
            vec![],
        );
        assert_eq!(link.span(), u32::MAX as usize..u32::MAX as usize);
        assert_eq!(link.dest_at(), None);
    }

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
