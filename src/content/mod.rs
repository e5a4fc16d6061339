//! The site model: every page and asset of `content/` with a stable identity, what the checks
//! and the navigation need of each page (front matter, title, headings, links resolved once),
//! and the link graph. Pages can be inserted, replaced and removed one at a time
//! (`update.rs`), so that `check`, `build` and `serve` share one model and one code path. An
//! HTML file of the content is a page too (`Format::Html`): checked, a node of the link
//! graph, but published as it is (it is also an asset) and never rendered, so `pages()`
//! leaves it out and `documents()` has it.

pub mod front_matter;
mod graph;
mod linked;
mod load;
mod update;

pub use crate::markdown::{Allow, Heading, Link, LinkKind, Numbered, Target};
pub use front_matter::FrontMatter;
pub use graph::Graph;
pub use linked::{sync_hidden_targets, sync_outside_targets};
pub use load::{
    decode, is_binary, load, read, read_html, read_page, read_source, read_text_file, Entry,
    LoadOptions, ReadPage,
};

use crate::diagnostics::Diagnostic;
pub use crate::paths::is_html_file;
use rustc_hash::FxHashMap as HashMap;
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::path::PathBuf;

/// A page's identity: stable while the page exists, never reused for another page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PageId(u32);

/// An asset's identity, as `PageId`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AssetId(u32);

impl PageId {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// What a page is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// A `.md` file: rendered through the templates, in the navigation and the search.
    Markdown,
    /// A `.html` or `.htm` file: its links, ids and allow comments are read and checked as a
    /// page's, it counts in the link graph, and it is published byte for byte at its path.
    Html,
}

pub struct Page {
    pub id: PageId,
    pub format: Format,
    /// Content-relative, `/`-separated: `pilotage_fca/datapass.md`.
    pub path: String,
    /// The Markdown source (an HTML page's HTML), kept for `serve`; `check` and `build`
    /// drop it once the page is extracted (`build` reads it again to render it,
    /// `read_source`).
    pub source: Option<String>,
    /// A hash of the source, when the model does not keep it (`read_source`); else 0.
    pub fingerprint: u64,
    /// Where the Markdown body starts in `source`, after the front matter.
    pub body_start: usize,
    pub front: FrontMatter,
    /// Title from the front matter, else the first `#` heading, else the file name.
    pub title: String,
    pub headings: Vec<Heading>,
    /// Ids from raw HTML (`id=`, `name=`), which links may target as well as headings.
    pub html_ids: Vec<String>,
    pub links: Vec<Link>,
    /// `<!-- faqsite: allow CODE -->` comments.
    pub allows: Vec<Allow>,
    /// Version numbers in prose (`1.2`) with the text just before them, for the CGU check.
    pub numbers: Vec<Numbered>,
    /// Where raw HTML opens a `<script>`.
    pub scripts: Vec<Range<usize>>,
    /// Mermaid diagrams that do not parse: the faulty line, and why.
    pub diagrams: Vec<(Range<usize>, String)>,
}

pub struct Asset {
    /// Content-relative, `/`-separated, in Unicode NFC: the name links use and the name it
    /// is published under.
    pub path: String,
    /// In bytes, for download links ("PDF – 12 ko").
    pub size: u64,
    /// The name on disk, when it differs from `path` (macOS writes NFD).
    pub file: Option<String>,
}

impl Asset {
    /// Content-relative path of the file on disk.
    pub fn file(&self) -> &str {
        self.file.as_deref().unwrap_or(&self.path)
    }
}

/// What a local link path leads to in the site.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resolved {
    Page(PageId),
    Asset(AssetId),
    /// A folder, with its page (`index.md`, else `README.md`) if it has one.
    Folder(Option<PageId>),
    /// A symbolic link, or a path inside a linked folder: not followed, not published.
    Symlink,
    Missing,
}

/// The file names GitHub shows as a folder's page when there is no `index.md`.
const README_NAMES: [&str; 2] = ["README.md", "readme.md"];

/// Whether a file of this name can be its folder's page: `index.md`, else a README.
pub fn is_folder_page_name(name: &str) -> bool {
    name == "index.md" || README_NAMES.contains(&name)
}

/// The table of contents of a GitBook or mdBook tree, at the root (GitBook trees sometimes
/// hold both spellings).
const SUMMARY_NAMES: [&str; 2] = ["SUMMARY.md", "summary.md"];

pub struct Site {
    pub content_dir: PathBuf,
    /// The content folder from ROOT, as a prefix (`content/`), or `""` when ROOT is the
    /// content: a link written from the root (`/content/docs/guide.md`) is read from ROOT,
    /// as GitHub reads it from the repository's root (`Site::set_content_in_root`).
    content_in_root: String,
    /// Files at ROOT, outside the content folder, that links from the root name
    /// (`/img/a.png` with the pages in `content/`): GitHub shows them, the site does not
    /// publish them (`sync_outside_targets`).
    outside_files: BTreeSet<String>,
    pages: Vec<Option<Page>>,
    page_ids: HashMap<String, PageId>,
    /// Markdown page ids sorted by path.
    order: Vec<PageId>,
    /// HTML page ids sorted by path.
    html_order: Vec<PageId>,
    assets: Vec<Option<Asset>>,
    asset_ids: HashMap<String, AssetId>,
    /// Every folder holding a page or an asset (`""` is the root), with how many files do.
    dirs: HashMap<String, usize>,
    /// Each folder's page (`index.md`, else `README.md`), kept as pages come and go.
    folder_pages: HashMap<String, PageId>,
    /// Symbolic links found in the tree, not followed.
    symlinks: std::collections::BTreeSet<String>,
    /// Every link destination and target path, once: a site's links repeat a few thousand
    /// strings (`../cgu_fca/…pdf`) over hundreds of thousands of links.
    strings: rustc_hash::FxHashSet<std::sync::Arc<str>>,
    /// Problems found while reading each file (encoding, front matter), drafts included.
    problems: BTreeMap<String, Vec<Diagnostic>>,
    pub graph: Graph,
}

impl Site {
    pub fn new(content_dir: PathBuf) -> Site {
        Site {
            content_dir,
            content_in_root: String::new(),
            outside_files: BTreeSet::new(),
            pages: Vec::new(),
            page_ids: HashMap::default(),
            order: Vec::new(),
            html_order: Vec::new(),
            assets: Vec::new(),
            asset_ids: HashMap::default(),
            dirs: HashMap::from_iter([(String::new(), 0)]),
            folder_pages: HashMap::default(),
            symlinks: Default::default(),
            strings: Default::default(),
            problems: BTreeMap::new(),
            graph: Graph::default(),
        }
    }

    /// Where the content folder is under ROOT (`Layout::content_in_root`: `content/`, or
    /// `""`). Set before pages are added: their links from the root are read with it.
    pub fn set_content_in_root(&mut self, prefix: String) {
        self.content_in_root = crate::paths::nfc(&prefix).into_owned();
    }

    /// The content folder from ROOT, as a prefix: `content/`, or `""`.
    pub fn content_in_root(&self) -> &str {
        &self.content_in_root
    }

    /// ROOT, when the content is a folder under it: `content_dir` without `content_in_root`.
    pub fn root_dir(&self) -> Option<PathBuf> {
        let levels = self
            .content_in_root
            .split('/')
            .filter(|s| !s.is_empty())
            .count();
        if levels == 0 {
            return None;
        }
        let mut dir = self.content_dir.clone();
        for _ in 0..levels {
            dir.pop();
        }
        Some(dir)
    }

    /// Whether `path` (from the root) is a file at ROOT outside the content folder that a
    /// link from the root names.
    pub fn is_outside_file(&self, path: &str) -> bool {
        self.outside_files.contains(path)
    }

    /// Replaces the files beside the content folder that links from the root name.
    pub fn set_outside_files(&mut self, files: BTreeSet<String>) {
        self.outside_files = files;
    }

    /// Makes room for `n` more pages: a full load knows how many it will add, and a list
    /// grown by doubling holds up to twice what it needs (pages are a few hundred bytes).
    pub fn reserve_pages(&mut self, n: usize) {
        self.pages.reserve_exact(n);
        self.page_ids.reserve(n);
        self.order.reserve(n);
    }

    /// Takes one page's source out of the model (`serve` keeps it compressed).
    pub fn take_source(&mut self, id: PageId) -> Option<String> {
        self.pages[id.index()].as_mut()?.source.take()
    }

    /// The Markdown pages, which the site renders, in path order.
    pub fn pages(&self) -> impl ExactSizeIterator<Item = &Page> + Clone {
        self.order.iter().map(|&id| self.get(id))
    }

    /// Markdown page ids in path order.
    pub fn page_ids(&self) -> &[PageId] {
        &self.order
    }

    /// How many Markdown pages the site renders.
    pub fn page_count(&self) -> usize {
        self.order.len()
    }

    /// Every page the checks read, Markdown and HTML, in path order.
    pub fn document_ids(&self) -> Vec<PageId> {
        let path = |id: &PageId| self.get(*id).path.as_str();
        let mut all = Vec::with_capacity(self.order.len() + self.html_order.len());
        let (mut md, mut html) = (
            self.order.iter().peekable(),
            self.html_order.iter().peekable(),
        );
        loop {
            let next = match (md.peek(), html.peek()) {
                (Some(a), Some(b)) if path(a) < path(b) => md.next(),
                (Some(_), Some(_)) => html.next(),
                (Some(_), None) => md.next(),
                (None, _) => html.next(),
            };
            match next {
                Some(&id) => all.push(id),
                None => return all,
            }
        }
    }

    /// Every page the checks read, Markdown and HTML, in path order.
    pub fn documents(&self) -> impl Iterator<Item = &Page> + '_ {
        self.document_ids().into_iter().map(|id| self.get(id))
    }

    /// How many pages the checks read, Markdown and HTML.
    pub fn document_count(&self) -> usize {
        self.order.len() + self.html_order.len()
    }

    /// The HTML pages, published as they are, in path order.
    pub fn html_pages(&self) -> impl ExactSizeIterator<Item = &Page> + Clone {
        self.html_order.iter().map(|&id| self.get(id))
    }

    /// Whether `id` names a page of the site (a removed page's id names none).
    pub fn is_live(&self, id: PageId) -> bool {
        self.pages.get(id.index()).is_some_and(Option::is_some)
    }

    pub fn get(&self, id: PageId) -> &Page {
        self.pages[id.index()]
            .as_ref()
            .expect("a PageId names a page of this site")
    }

    pub fn page(&self, path: &str) -> Option<&Page> {
        self.page_ids.get(path).map(|&id| self.get(id))
    }

    pub fn page_id(&self, path: &str) -> Option<PageId> {
        self.page_ids.get(path).copied()
    }

    /// One past the largest page id: per-page tables can be indexed by `PageId::index`.
    pub fn id_bound(&self) -> usize {
        self.pages.len()
    }

    /// Assets in path order.
    pub fn assets(&self) -> Vec<&Asset> {
        let mut assets: Vec<&Asset> = self.assets.iter().flatten().collect();
        assets.sort_by(|a, b| a.path.cmp(&b.path));
        assets
    }

    pub fn asset(&self, path: &str) -> Option<&Asset> {
        let id = self.asset_ids.get(path)?;
        self.assets[id.0 as usize].as_ref()
    }

    pub fn is_dir(&self, path: &str) -> bool {
        self.dirs.contains_key(path.trim_end_matches('/'))
    }

    /// Every folder holding a page or an asset, content-relative, without trailing `/`.
    pub fn dirs(&self) -> impl Iterator<Item = &str> {
        self.dirs.keys().map(String::as_str)
    }

    /// What the content-relative `path` (as `Target::Local` holds it) leads to.
    pub fn lookup(&self, path: &str) -> Resolved {
        if let Some(&id) = self.page_ids.get(path) {
            Resolved::Page(id)
        } else if let Some(&id) = self.asset_ids.get(path) {
            Resolved::Asset(id)
        } else if self.is_dir(path) {
            Resolved::Folder(self.folder_page(path.trim_end_matches('/')))
        } else if self.is_symlink(path) {
            Resolved::Symlink
        } else {
            Resolved::Missing
        }
    }

    /// What a link leads to, for a local link: a page, a file, a folder (with its page), a
    /// symbolic link, or nothing. Links keep the content path they resolve to (a page's
    /// links are resolved when it loads); what lives at that path is asked here, the one
    /// place, so that a page added or removed later is seen by every link at once.
    pub fn resolve(&self, link: &Link) -> Option<Resolved> {
        let path = link.target.local_path()?;
        Some(match link.on_site {
            true => self.lookup_published(path),
            false => self.lookup(path),
        })
    }

    /// What the address `path` of the published site (content-relative, as `lookup` takes
    /// it) shows: `x.html` is the page `x.md` or the file `x.html`, `dir/index.html` and
    /// `dir/` the folder. A Markdown page's own path is no address of the site.
    pub fn lookup_published(&self, path: &str) -> Resolved {
        match self.lookup(path) {
            Resolved::Page(id) if self.get(id).format == Format::Markdown => Resolved::Missing,
            Resolved::Missing => self.published_page(path).unwrap_or(Resolved::Missing),
            found => found,
        }
    }

    /// The page or folder whose output file is `path` (`x.html`, `dir/index.html`).
    fn published_page(&self, path: &str) -> Option<Resolved> {
        let stem = path.strip_suffix(".html")?;
        let page = self.page(&format!("{stem}.md"));
        if let Some(page) = page.filter(|p| self.output_path(p) == path) {
            return Some(Resolved::Page(page.id));
        }
        let dir = match stem {
            "index" => "",
            _ => stem.strip_suffix("/index")?,
        };
        self.is_dir(dir)
            .then(|| Resolved::Folder(self.folder_page(dir)))
    }

    /// The content paths an address of the site may show (`lookup_published`), for the
    /// link graph: `x.html` may be the page `x.md`, `dir/index.html` the folder `dir/`.
    pub fn published_keys(path: &str) -> Vec<String> {
        let mut keys = vec![path.to_string()];
        if let Some(stem) = path.strip_suffix(".html") {
            keys.push(format!("{stem}.md"));
            match stem {
                "index" => keys.push(String::new()),
                _ => {
                    if let Some(dir) = stem.strip_suffix("/index") {
                        keys.extend([format!("{dir}/"), dir.to_string()]);
                    }
                }
            }
        }
        keys
    }

    /// The page a link leads to: a page, or a folder's page.
    pub fn linked_page(&self, link: &Link) -> Option<PageId> {
        match self.resolve(link)? {
            Resolved::Page(id) | Resolved::Folder(Some(id)) => Some(id),
            _ => None,
        }
    }

    /// A symbolic link, faqsite does not follow it: it gets a warning and is not published.
    pub fn add_symlink(&mut self, path: String) {
        let warning = Diagnostic::new(
            crate::diagnostics::Code::Symlink,
            &path,
            0..0,
            format!(
                "`{path}` is a symbolic link: faqsite does not follow it, so it is not published"
            ),
        )
        .with_hint("copy the file or folder into the content folder, or link to where it points");
        self.set_problems(&path, vec![warning]);
        self.symlinks.insert(path);
    }

    /// Whether `path` is a symbolic link of the tree or lies in a linked folder.
    fn is_symlink(&self, path: &str) -> bool {
        if self.symlinks.is_empty() {
            return false;
        }
        let mut path = path.trim_end_matches('/');
        while !path.is_empty() {
            if self.symlinks.contains(path) {
                return true;
            }
            path = crate::paths::parent(path);
        }
        false
    }

    /// The page of the folder `dir` (no trailing `/`, `""` for the root): its `index.md`,
    /// else its `README.md`, as GitHub shows a folder.
    pub fn folder_page(&self, dir: &str) -> Option<PageId> {
        self.folder_pages.get(dir).copied()
    }

    /// Finds the page of folder `dir` again, after a page of it came or went.
    fn refresh_folder_page(&mut self, dir: &str) {
        let in_dir = |name: &str| match dir {
            "" => name.to_string(),
            d => format!("{d}/{name}"),
        };
        let page = std::iter::once("index.md")
            .chain(README_NAMES)
            .find_map(|name| self.page_id(&in_dir(name)));
        match page {
            Some(id) => self.folder_pages.insert(dir.to_string(), id),
            None => self.folder_pages.remove(dir),
        };
    }

    /// The folder whose page `page` is, if it is one (`""` for the home page).
    pub fn folder_of_page<'p>(&self, page: &'p Page) -> Option<&'p str> {
        let dir = crate::paths::parent(&page.path);
        (self.folder_page(dir) == Some(page.id)).then_some(dir)
    }

    /// Every `SUMMARY.md` and `summary.md` (GitBook, mdBook; a GitBook space in a folder
    /// has its own), the root's first, then by depth and path: tables of contents that order
    /// the pages and lead to them, but are not pages of the navigation themselves.
    pub fn summaries(&self) -> Vec<PageId> {
        let mut found: Vec<&Page> = self.pages().filter(|p| self.is_summary(p)).collect();
        found.sort_by_key(|p| (p.path.matches('/').count(), p.path.as_str()));
        found.into_iter().map(|p| p.id).collect()
    }

    /// Whether `page` is a table of contents (`summaries`).
    pub fn is_summary(&self, page: &Page) -> bool {
        let name = page.path.rsplit('/').next().unwrap_or(&page.path);
        SUMMARY_NAMES.contains(&name)
    }

    /// The output file of a page, site-relative: `a/b.md` → `a/b.html`, a folder's page →
    /// `a/index.html`, an HTML page its own path.
    pub fn output_path(&self, page: &Page) -> String {
        if page.format == Format::Html {
            return page.path.clone();
        }
        match self.folder_of_page(page) {
            Some("") => "index.html".to_string(),
            Some(dir) => format!("{dir}/index.html"),
            None => crate::paths::html_path(&page.path),
        }
    }

    /// The link-graph keys that lead to `page`: its path, and its folder's (`dir/`, `dir`,
    /// or `""` for the home page) when it is the folder's page.
    fn graph_keys(&self, page: &Page) -> Vec<String> {
        let mut keys = vec![page.path.clone()];
        match self.folder_of_page(page) {
            Some("") => keys.push(String::new()),
            Some(dir) => keys.extend([format!("{dir}/"), dir.to_string()]),
            None => {}
        }
        keys
    }

    /// Whether some other page links to `id` (`backlinks` without building the list).
    pub fn has_backlinks(&self, id: PageId) -> bool {
        let keys = self.graph_keys(self.get(id));
        keys.iter()
            .any(|k| self.graph.linking_to(k).iter().any(|&p| p != id))
    }

    /// The pages whose links lead to `id` (to its file, or to its folder if it is the
    /// folder's page), in path order, without `id` itself.
    pub fn backlinks(&self, id: PageId) -> Vec<PageId> {
        let keys = self.graph_keys(self.get(id));
        let mut from: Vec<PageId> = keys
            .iter()
            .flat_map(|k| self.graph.linking_to(k))
            .copied()
            .filter(|&p| p != id)
            .collect();
        from.sort_by(|&a, &b| self.get(a).path.cmp(&self.get(b).path));
        from.dedup();
        from
    }

    /// The pages whose links may read differently after a change to the content path
    /// `path`: those linking to it, to its folder when it is (or was) a folder's page, and,
    /// when the file `came_or_went`, to each folder above it (a folder appears with its
    /// first file and goes with its last). The one question `check --changed` and `serve`
    /// ask of the link graph.
    pub fn referrers(&self, path: &str, came_or_went: bool) -> BTreeSet<PageId> {
        let mut found: BTreeSet<PageId> = self.graph.linking_to(path).iter().copied().collect();
        let name = path.rsplit('/').next().unwrap_or(path);
        let mut dir = crate::paths::parent(path);
        let mut folder_keys = |dir: &str| {
            let keys = [dir.to_string(), format!("{dir}/")];
            for key in keys.iter().filter(|k| k.as_str() != "/") {
                found.extend(self.graph.linking_to(key));
            }
        };
        if came_or_went || is_folder_page_name(name) {
            folder_keys(dir);
        }
        while came_or_went && !dir.is_empty() {
            dir = crate::paths::parent(dir);
            folder_keys(dir);
        }
        found
    }

    /// Problems found reading the file at `path`.
    pub fn problems(&self, path: &str) -> &[Diagnostic] {
        self.problems.get(path).map_or(&[], Vec::as_slice)
    }

    /// Every file's reading problems, in path order.
    pub fn all_problems(&self) -> impl Iterator<Item = &Diagnostic> {
        self.problems.values().flatten()
    }

    /// Every path the site knows at `path` or under the folder `path`: pages, files,
    /// symbolic links, and files with reading problems.
    pub fn paths_under<'s>(&'s self, path: &'s str) -> impl Iterator<Item = &'s str> + 's {
        let dir = format!("{}/", path.trim_end_matches('/'));
        let inside = move |p: &str| p == path || p.starts_with(&dir) || path.is_empty();
        let pages = self.page_ids.keys().map(String::as_str);
        let assets = self.asset_ids.keys().map(String::as_str);
        let links = self.symlinks.iter().map(String::as_str);
        let problems = self.problems.keys().map(String::as_str);
        let mut all: Vec<&str> = pages
            .chain(assets)
            .chain(links)
            .chain(problems)
            .filter(|p| inside(p))
            .collect();
        all.sort_unstable();
        all.dedup();
        all.into_iter()
    }
}

impl Page {
    /// Whether a link's fragment (decoded) names a heading or an HTML id of this page.
    pub fn has_anchor(&self, id: &str) -> bool {
        self.anchors().any(|a| a == id)
    }

    /// Every id a link may target: heading ids, then raw-HTML `id`/`name` attributes.
    pub fn anchors(&self) -> impl Iterator<Item = &str> {
        self.headings
            .iter()
            .map(|h| h.id.as_str())
            .chain(self.html_ids.iter().map(String::as_str))
    }
}

#[cfg(test)]
mod tests;
