//! The site model: every page (source, front matter, headings, links, rendered body) and every
//! asset of `content/`, loaded once. Checks read it, the renderer turns it into HTML; the
//! dev server will reload single pages into it.

mod front_matter;
mod load;

pub use front_matter::FrontMatter;
pub use load::load;

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::PathBuf;

pub struct Site {
    pub content_dir: PathBuf,
    /// Sorted by path.
    pub pages: Vec<Page>,
    /// Content-relative paths of the other files, sorted.
    pub assets: Vec<String>,
    /// Page path → index in `pages`.
    pub page_index: HashMap<String, usize>,
    pub asset_set: HashSet<String>,
    /// Every folder holding a page or an asset, content-relative, without trailing `/` ("" is the root).
    pub dirs: HashSet<String>,
}

pub struct Page {
    /// Content-relative, `/`-separated: `pilotage_fca/datapass.md`.
    pub path: String,
    pub source: String,
    pub front: FrontMatter,
    /// Title from the front matter, else the first `#` heading, else the file name.
    pub title: String,
    pub headings: Vec<Heading>,
    /// Every id a link may target: heading ids and raw-HTML `id`/`name` attributes.
    pub anchors: HashSet<String>,
    pub links: Vec<Link>,
    /// Byte ranges of prose (text outside code and link destinations), for text checks.
    pub prose: Vec<Range<usize>>,
    /// Byte offsets of `<!-- faqsite: allow CODE -->` comments with the code they allow.
    pub allows: Vec<(usize, String)>,
    /// The Markdown body rendered to HTML, links rewritten for the site.
    pub html: String,
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Heading {
    pub level: u8,
    pub text: String,
    pub id: String,
}

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
    /// `href`/`src` in raw HTML
    Html,
    /// A bare URL or e-mail address in text, which GitHub turns into a link.
    Bare,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    pub kind: LinkKind,
    /// As written (percent-encoded), e-mail addresses as `mailto:`.
    pub dest: String,
    /// Byte range in the page source, from the link's first character (`[`, `!`, `<`, or the URL).
    pub span: Range<usize>,
    /// The link text (alt text for images), empty for raw HTML.
    pub label: String,
}

impl Site {
    pub fn page(&self, path: &str) -> Option<&Page> {
        self.page_index.get(path).map(|&i| &self.pages[i])
    }

    pub fn exists(&self, path: &str) -> bool {
        self.page_index.contains_key(path) || self.asset_set.contains(path)
    }

    pub fn is_dir(&self, path: &str) -> bool {
        self.dirs.contains(path.trim_end_matches('/'))
    }
}
