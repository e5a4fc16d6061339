//! What extraction finds in a page besides its links: headings with their ids, allow
//! comments, and version numbers in prose.

use std::ops::Range;

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Heading {
    pub level: u8,
    pub text: String,
    pub id: String,
}

/// `<!-- faqsite: allow CODE -->`: silences CODE on the comment's line and the next one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Allow {
    pub code: String,
    /// The comment.
    pub span: Range<usize>,
    /// From the start of the comment's line to the end of the next line.
    pub lines: Range<usize>,
}

/// A version number in prose and the text before it (within the same run of text).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Numbered {
    /// Byte offset of `text` in the page source.
    pub at: usize,
    /// Ends with the number.
    pub text: Box<str>,
}
