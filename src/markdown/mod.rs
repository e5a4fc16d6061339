//! Markdown with pulldown-cmark, in two passes over the same walk. `extract` (load) records
//! what checks and navigation need and makes no HTML: headings and their GitHub ids, every
//! link with its byte span (inline, reference, autolink, image, raw HTML, bare URL), allow
//! comments, and version numbers in prose. `render` (render stage) makes the HTML, with
//! links rewritten for the site (`page.md` → `page.html`), and the prose ranges for search.
//! The walk itself is in `walk/`; `html_file` reads the HTML files of the content with the
//! same raw-HTML extraction.

mod autolink;
mod emoji;
mod found;
pub mod html_file;
pub mod html_links;
mod link;
mod mermaid;
mod raw_html;
pub mod versions;
mod walk;

pub use found::{Allow, Heading, Numbered};
pub use link::{Link, LinkKind, Target};
use pulldown_cmark::{BlockQuoteKind, Options};
use std::ops::Range;
use walk::Walk;

/// What the load stage keeps of a page's Markdown.
#[derive(Default)]
pub struct Extracted {
    pub first_h1: Option<String>,
    pub headings: Vec<Heading>,
    /// Ids from raw HTML (`id=`, `name=`).
    pub html_ids: Vec<String>,
    pub links: Vec<Link>,
    pub allows: Vec<Allow>,
    pub numbers: Vec<Numbered>,
    /// Where raw HTML opens a `<script>`.
    pub scripts: Vec<Range<usize>>,
    /// Mermaid diagrams that do not parse: where (the faulty line) and why.
    pub diagrams: Vec<(Range<usize>, String)>,
}

impl Extracted {
    /// Gives back the room the lists grew into while the page was read: the model holds
    /// them for every page until the run ends (a tenth of `check`'s peak on 10,000 pages).
    pub fn shrink(&mut self) {
        self.links.shrink_to_fit();
        self.headings.shrink_to_fit();
        for h in &mut self.headings {
            h.text.shrink_to_fit();
            h.id.shrink_to_fit();
        }
        self.html_ids.shrink_to_fit();
        self.allows.shrink_to_fit();
        self.numbers.shrink_to_fit();
        self.scripts.shrink_to_fit();
        self.diagrams.shrink_to_fit();
    }
}

/// A page's body as HTML, with the byte ranges of its prose (text outside code).
pub struct Rendered {
    pub html: String,
    pub prose: Vec<Range<usize>>,
    /// Each heading with the indexes in `prose` where its text starts and ends: the section
    /// under it is the prose from its end to the next heading's start.
    pub headings: Vec<(Range<usize>, Heading)>,
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_GFM
}

/// A GitHub alert (`> [!NOTE]`) as a callout: its class and French title.
fn alert(kind: BlockQuoteKind) -> (&'static str, &'static str) {
    match kind {
        BlockQuoteKind::Note => ("note", "Remarque"),
        BlockQuoteKind::Tip => ("tip", "Astuce"),
        BlockQuoteKind::Important => ("important", "Important"),
        BlockQuoteKind::Warning => ("warning", "Avertissement"),
        BlockQuoteKind::Caution => ("caution", "Attention"),
    }
}

/// Extracts the Markdown body of `source`, which starts at byte `body_start`, for the page at
/// content-relative `page`; keeps `mention_window` bytes of prose before each version number.
/// Every offset in the result is into `source`.
pub fn extract(source: &str, body_start: usize, page: &str, mention_window: usize) -> Extracted {
    let mut walk = Walk::new(source, body_start, page, false);
    walk.mention_window = mention_window;
    walk.run();
    let mut found = walk.found;
    found.shrink();
    found
}

/// How the render pass writes the page's links, each known by its number (as `extract`
/// numbers them), so that the renderer reads the targets resolved at load.
pub struct LinkWriter<'a> {
    /// The destination of link `i`, rewritten for the site.
    pub href: &'a dyn Fn(usize, &str) -> String,
    /// HTML to add at the end of link `i`'s text (a download's format and size).
    pub suffix: &'a dyn Fn(usize) -> Option<String>,
    /// The page's headings as `extract` found them: their ids are reused, not slugged again
    /// (an id is computed where this holds none).
    pub headings: &'a [Heading],
}

/// Renders the Markdown body of `source` (from `body_start`) of the page at `page` to HTML.
pub fn render(source: &str, body_start: usize, page: &str, links: &LinkWriter) -> Rendered {
    let mut walk = Walk::new(source, body_start, page, true);
    walk.links = Some(links);
    walk.run();
    let body_len = source.len() - body_start;
    let mut html = String::with_capacity(body_len + body_len / 4);
    pulldown_cmark::html::push_html(&mut html, walk.out.into_iter());
    let headings = walk
        .heading_prose
        .into_iter()
        .zip(walk.found.headings)
        .collect();
    Rendered {
        html,
        prose: walk.prose,
        headings,
    }
}

#[cfg(test)]
mod tests;
