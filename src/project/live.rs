//! A project kept live, as `faqsite serve` uses it: the project, its rendered files in
//! memory, and each file's diagnostics, kept up to date change by change. A change re-reads what changed,
//! then renders only the pages whose output can differ: the changed pages, the pages linking
//! to a changed path, and the pages whose slice of navigation (breadcrumbs, menu,
//! previous/next, backlinks) is no longer the same. The result equals a full build.

mod render;
mod terms;

use super::{Open, OpenError, Project};
use crate::check::Checker;
use crate::config::CONFIG_FILE;
use crate::content::{self, Entry, Format, PageId, Site};
use crate::diagnostics::{Code, Diagnostic};
use crate::layout::Layout;
use crate::output::{MemorySite, Output, Stored};
use crate::render::{page_nav, search, theme, Renderer};
use rayon::prelude::*;
use render::fingerprint;
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

/// One changed file, classified.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    /// A page of the content (Markdown or HTML), by content-relative path (`/`-separated).
    Page(String),
    /// Another file of the content.
    Asset(String),
    /// `ROOT/templates/…`, or a theme's templates: everything renders again.
    Template,
    /// A theme's static file (`style.css`…): copied again, pages untouched.
    Static(String),
    /// `faqsite.yaml` or a `.gitignore`: everything loads again.
    Config,
}

pub struct Live {
    project: Project,
    files: MemorySite,
    /// By page: what it was last rendered with, to know when it must render again.
    rendered: HashMap<PageId, Rendered>,
    /// The site-wide files (section indexes, 404, search, sitemap) last written.
    site_files: BTreeSet<String>,
    /// The diagnostics of each file, after levels and allow comments.
    diagnostics: BTreeMap<String, Vec<Diagnostic>>,
    /// Output path → source file (content-relative), for the browser's overlay.
    sources: HashMap<String, String>,
    /// The search index's postings, by page number in path order.
    postings: search::Postings,
    /// The navigation, computed again only when titles, weights or the page set change.
    nav: Option<crate::render::nav::Nav>,
    /// The text on disk of pages whose last version could not be read (broken front matter)
    /// and stay in their last good version: their problems point into this text.
    unusable: HashMap<String, String>,
    /// Each page's source, LZ4-compressed once rendered (a 10,000-page site's sources weigh
    /// 74 MB): kept to render the page again when its navigation or links change, and to
    /// place its problems, without reading the file again (which may have changed since).
    packed: HashMap<PageId, Box<[u8]>>,
    /// Every search term of the site, once: pages keep their terms as ids.
    term_table: terms::TermTable,
}

/// A page rendered (whether its bytes changed, and the bytes ready to store), or the
/// template problem that stopped it.
type RenderResult = Result<(Rendered, bool, Stored), Diagnostic>;

struct Rendered {
    output: String,
    /// A fingerprint of the page's slice of navigation (the menu alone weighs kilobytes).
    nav: u64,
    doc: search::Doc,
    terms: terms::PackedTerms,
}

/// What one batch of changes did.
#[derive(Default, Debug)]
pub struct Update {
    /// Output paths whose bytes changed or appeared.
    pub changed: Vec<String>,
    /// Output paths that no longer exist.
    pub removed: Vec<String>,
    /// A theme's static file changed (a stylesheet swaps without a reload).
    pub styles: bool,
    /// Problems that appeared, and problems that are gone.
    pub new_problems: Vec<Diagnostic>,
    pub fixed: Vec<Diagnostic>,
    /// Pages rendered again.
    pub rendered: usize,
}

impl Live {
    /// Opens the project, checks it and renders the whole site into memory.
    pub fn load(root: &Path, content: Option<&Path>) -> Result<Live, OpenError> {
        let project = Project::open(Open {
            content,
            keep_source: true,
            ..Open::new(root)
        })?;
        let mut live = Live {
            project,
            files: MemorySite::default(),
            rendered: HashMap::new(),
            site_files: BTreeSet::new(),
            diagnostics: BTreeMap::new(),
            sources: HashMap::new(),
            postings: search::Postings::default(),
            nav: None,
            unusable: HashMap::new(),
            packed: HashMap::new(),
            term_table: terms::TermTable::default(),
        };
        for asset in live.project.site.assets() {
            let content = &live.project.site.content_dir;
            live.files
                .copy_asset(content, asset.file(), &asset.path)
                .map_err(|source| OpenError::Io {
                    context: "copying the site's files into memory".into(),
                    source,
                })?;
        }
        live.write_static_files();
        // Compressed before rendering: the whole site's sources are never held twice.
        live.pack_sources();
        let all: Vec<PageId> = live.site().page_ids().to_vec();
        let mut problems = live.render(&all, &mut Update::default(), true);
        problems.extend(live.project.check_all(&Default::default()));
        for d in live.project.judge(problems) {
            live.diagnostics.entry(d.file.clone()).or_default().push(d);
        }
        Ok(live)
    }

    /// The project as it now is.
    pub fn project(&self) -> &Project {
        &self.project
    }

    /// Where the project's files are.
    pub fn layout(&self) -> &Layout {
        &self.project.layout
    }

    fn site(&self) -> &Site {
        &self.project.site
    }

    pub fn files(&self) -> &MemorySite {
        &self.files
    }

    /// The source file of an output path, if it is a page's (an HTML page is its own), for
    /// the browser's overlay of its diagnostics.
    pub fn source_of(&self, output: &str) -> Option<&str> {
        self.sources.get(output).map(String::as_str).or_else(|| {
            let page = self.project.site.page(output)?;
            (page.format == Format::Html).then_some(page.path.as_str())
        })
    }

    /// Every diagnostic, by file.
    pub fn diagnostics(&self) -> &BTreeMap<String, Vec<Diagnostic>> {
        &self.diagnostics
    }

    /// The text of a file a diagnostic points into (pages, `faqsite.yaml`, templates), as
    /// the diagnostics were made from it.
    pub fn text_of(&self, file: &str) -> Option<Cow<'_, str>> {
        if let Some(text) = self.unusable.get(file) {
            return Some(Cow::Borrowed(text));
        }
        match self.project.site.page_id(file) {
            Some(id) => Some(self.source(id)),
            None => self.project.text_of(file),
        }
    }

    /// A page's source: as just read, else as kept.
    fn source(&self, id: PageId) -> Cow<'_, str> {
        source_of(&self.project.site, &self.packed, id)
    }

    /// Compresses the sources the model holds (pages read since the last call).
    fn pack_sources(&mut self) {
        let ids: Vec<PageId> = self.project.site.page_ids().to_vec();
        let sources: Vec<(PageId, String)> = ids
            .into_iter()
            .filter_map(|id| Some((id, self.project.site.take_source(id)?)))
            .collect();
        let packed: Vec<(PageId, Box<[u8]>)> = sources
            .into_par_iter()
            .map(|(id, source)| {
                let packed = lz4_flex::compress_prepend_size(source.as_bytes());
                (id, packed.into_boxed_slice())
            })
            .collect();
        self.packed.extend(packed);
    }

    pub fn page_count(&self) -> usize {
        self.project.site.page_count()
    }

    /// Applies a batch of changes and renders what they affect.
    pub fn apply(&mut self, changes: &[Change]) -> Update {
        if changes
            .iter()
            .any(|c| matches!(c, Change::Config | Change::Template))
        {
            return self.reload();
        }
        let mut update = Update::default();
        let mut touched: BTreeSet<PageId> = BTreeSet::new();
        // Paths whose existence or content changed: the pages linking to them check again.
        let mut paths: BTreeSet<String> = BTreeSet::new();
        // Those that came or went, rather than changed.
        let mut moved: BTreeSet<String> = BTreeSet::new();
        let mut nav_may_change = false;
        // A file appeared or disappeared: hints of broken links may name another file.
        let mut files_changed = false;
        let mut kept: BTreeSet<PageId> = BTreeSet::new();
        let mut old_targets: BTreeSet<PageId> = BTreeSet::new();
        let mut old_links: BTreeSet<String> = BTreeSet::new();
        let hidden_before: BTreeSet<String> = self.hidden_assets();
        for change in changes {
            match change {
                Change::Page(path) | Change::Asset(path) => {
                    let opts = self.project.load_options();
                    for (path, entry) in
                        content::read(&self.project.site, &self.project.layout, path, opts)
                    {
                        if let Some(id) = self.project.site.page_id(&path) {
                            old_links.extend(self.local_links(id));
                        }
                        let outcome = self.apply_entry(&path, entry, &mut old_targets, &mut update);
                        match &outcome {
                            PageOutcome::Unchanged => continue,
                            PageOutcome::Edited { id, nav } => {
                                touched.insert(*id);
                                nav_may_change |= nav;
                            }
                            PageOutcome::Added(id) => {
                                touched.insert(*id);
                                nav_may_change = true;
                                files_changed = true;
                            }
                            PageOutcome::Removed | PageOutcome::File => {
                                nav_may_change = true;
                                files_changed = true;
                            }
                            PageOutcome::Kept(id) => {
                                kept.insert(*id);
                            }
                        }
                        let came_or_went = matches!(
                            outcome,
                            PageOutcome::Added(_) | PageOutcome::Removed | PageOutcome::File
                        );
                        if came_or_went {
                            moved.insert(path.clone());
                        }
                        paths.insert(path);
                    }
                }
                Change::Static(path) => {
                    if let Ok(theme) = theme::load(&self.project.root, &self.project.config.theme) {
                        self.project.theme = theme;
                        self.write_static_files();
                        update.changed.push(format!("static/{path}"));
                        update.styles = true;
                    }
                }
                Change::Config | Change::Template => unreachable!("handled above"),
            }
        }
        // Files in hidden folders are published while, and only while, a page links to them.
        content::sync_hidden_targets(&mut self.project.site);
        content::sync_outside_targets(&mut self.project.site);
        self.project.site.forget_unused_strings();
        let hidden_after = self.hidden_assets();
        for path in hidden_before.symmetric_difference(&hidden_after) {
            self.publish_asset(path, &mut update);
            paths.insert(path.clone());
            moved.insert(path.clone());
            files_changed = true;
        }
        // The pages whose output may depend on a changed path.
        let mut to_render = touched.clone();
        let mut to_check: BTreeSet<PageId> = touched.union(&kept).copied().collect();
        if files_changed {
            let broken = self
                .diagnostics
                .iter()
                .filter(|(_, ds)| ds.iter().any(|d| d.code == Code::BrokenLink));
            to_check.extend(broken.filter_map(|(file, _)| self.project.site.page_id(file)));
        }
        for path in &paths {
            let referrers = self.project.site.referrers(path, moved.contains(path));
            to_render.extend(&referrers);
            to_check.extend(referrers);
        }
        // Backlinks of the pages a touched page links to, before and after.
        let mut nav_candidates: BTreeSet<PageId> = old_targets;
        for &id in &touched {
            nav_candidates.extend(self.link_targets(id));
        }
        let problems_before = self.diagnostics.clone();
        if nav_may_change || self.nav.is_none() {
            self.nav = Renderer::new(&self.project.config, &self.project.theme)
                .map(|r| r.nav(&self.project.site))
                .ok();
        }
        if let Some(nav) = &self.nav {
            let candidates: Vec<PageId> = match nav_may_change {
                true => self.project.site.page_ids().to_vec(),
                false => nav_candidates
                    .into_iter()
                    .filter(|id| self.rendered.contains_key(id))
                    .collect(),
            };
            let changed_nav: Vec<PageId> = candidates
                .par_iter()
                .filter(|&&id| {
                    self.rendered.get(&id).is_none_or(|r| {
                        r.nav != fingerprint(&page_nav(&self.project.site, nav, id))
                    })
                })
                .copied()
                .collect();
            to_render.extend(changed_nav);
        }
        // HTML pages are published as they are (`publish_asset`), never rendered.
        let site = &self.project.site;
        to_render.retain(|&id| site.is_live(id) && site.get(id).format == Format::Markdown);
        let to_render: Vec<PageId> = to_render.into_iter().collect();
        let template_problems = self.render(&to_render, &mut update, nav_may_change);
        update.rendered = to_render.len();
        // Check again the touched pages and those linking to a changed path.
        to_check.retain(|id| self.project.site.is_live(*id));
        let checked: Vec<PageId> = to_check.into_iter().collect();
        let mut files: BTreeSet<String> = paths.clone();
        files.extend(
            checked
                .iter()
                .map(|&id| self.project.site.get(id).path.clone()),
        );
        let checker = Checker::new(&self.project.site, &self.project.registry).without_placement();
        let mut problems: Vec<Diagnostic> = checker.pages(&checked);
        // Graph warnings depend on the whole site: all of them again when a page came or
        // went or some links changed.
        let new_links: BTreeSet<String> = touched
            .iter()
            .filter(|id| self.project.site.is_live(**id))
            .flat_map(|&id| self.local_links(id))
            .collect();
        if nav_may_change || new_links != old_links {
            problems.extend(checker.graph());
            for ds in self.diagnostics.values_mut() {
                ds.retain(|d| !crate::check::GRAPH_CODES.contains(&d.code));
            }
            self.diagnostics.retain(|_, ds| !ds.is_empty());
        } else {
            // Keep the graph warnings of the files whose diagnostics are replaced.
            for file in &files {
                let kept = self.diagnostics.get(file).into_iter().flatten();
                let kept = kept.filter(|d| crate::check::GRAPH_CODES.contains(&d.code));
                problems.extend(kept.cloned().collect::<Vec<_>>());
            }
        }
        for path in &paths {
            if self.project.site.page(path).is_none() {
                problems.extend(self.project.site.problems(path).iter().cloned());
            }
        }
        problems.extend(template_problems);
        files.extend(
            self.project
                .theme
                .templates
                .iter()
                .map(|t| t.origin.clone()),
        );
        let problems = self.project.judge(problems);
        for file in &files {
            self.diagnostics.remove(file);
        }
        for d in problems {
            self.diagnostics.entry(d.file.clone()).or_default().push(d);
        }
        diff(&problems_before, &self.diagnostics, &mut update);
        let site = &self.project.site;
        self.packed.retain(|&id, _| site.is_live(id));
        self.pack_sources();
        update
    }

    /// Loads everything again (configuration or templates changed); keeps the last good
    /// site when the configuration is broken.
    fn reload(&mut self) -> Update {
        let mut update = Update::default();
        let before = self.diagnostics.clone();
        let old_files: BTreeMap<String, Vec<u8>> = self.files.snapshot();
        let (root, content) = (self.project.root.clone(), self.project.content.clone());
        match Live::load(&root, content.as_deref()) {
            Ok(new) => *self = new,
            Err(OpenError::Config(diags, text)) => {
                self.project.config_text = text;
                self.diagnostics.remove(CONFIG_FILE);
                for d in diags {
                    self.diagnostics.entry(d.file.clone()).or_default().push(d);
                }
            }
            Err(e) => {
                let d = Diagnostic::new(Code::Config, CONFIG_FILE, 0..0, e.to_string());
                self.diagnostics.insert(CONFIG_FILE.to_string(), vec![d]);
            }
        }
        let files = self.files.snapshot();
        for (path, bytes) in files.iter() {
            if old_files.get(path) != Some(bytes) {
                update.changed.push(path.clone());
            }
        }
        update.removed = old_files
            .keys()
            .filter(|p| !files.contains_key(*p))
            .cloned()
            .collect();
        update.styles = update.changed.iter().any(|p| p.ends_with(".css"));
        update.rendered = self.project.site.page_count();
        drop(files);
        diff(&before, &self.diagnostics, &mut update);
        update
    }

    /// The site's files in hidden folders (published because pages link to them).
    fn hidden_assets(&self) -> BTreeSet<String> {
        let hidden = |p: &str| p.split('/').any(|s| s.starts_with('.'));
        let assets = self.project.site.assets().into_iter().map(|a| &a.path);
        assets.filter(|p| hidden(p)).cloned().collect()
    }

    /// Makes `path` what the reader found; keeps a page's last good version when its new
    /// one is unusable (broken front matter), to show it under the overlay.
    fn apply_entry(
        &mut self,
        path: &str,
        entry: Entry,
        old_targets: &mut BTreeSet<PageId>,
        update: &mut Update,
    ) -> PageOutcome {
        let old_id = self.project.site.page_id(path);
        let old_size = self.project.site.asset(path).map(|a| a.size);
        let was_file = old_size.is_some();
        if let (Entry::Page(read) | Entry::Html(read, _), Some(id)) = (&entry, old_id) {
            let new_source = read.page.as_ref().and_then(|p| p.source.as_deref());
            // An HTML page is published byte for byte: a byte-order mark alone is a change.
            let same_file = match &entry {
                Entry::Html(_, asset) => old_size == Some(asset.size),
                _ => true,
            };
            if Some(self.source(id).as_ref()) == new_source
                && same_file
                && self.project.site.problems(path) == read.problems.as_slice()
                && !self.unusable.contains_key(path)
            {
                return PageOutcome::Unchanged;
            }
            let broken = read.problems.iter().any(|d| {
                d.code == Code::FrontMatter && d.severity == crate::diagnostics::Severity::Error
            });
            if broken {
                let disk = crate::paths::find_on_disk(&self.project.site.content_dir, path);
                let text = disk
                    .and_then(|d| std::fs::read(self.project.site.content_dir.join(d)).ok())
                    .map(|b| String::from_utf8_lossy(strip_bom(&b)).into_owned());
                self.unusable
                    .insert(path.to_string(), text.unwrap_or_default());
                let Entry::Page(read) = entry else {
                    unreachable!()
                };
                self.project.site.set_problems(path, read.problems);
                return PageOutcome::Kept(id);
            }
        }
        self.unusable.remove(path);
        // What of a page the navigation reads: its title, its weight, and the links by
        // which a folder's page or a summary orders the menus.
        let nav_key = |site: &Site, id: Option<PageId>| {
            id.map(|id| {
                let p = site.get(id);
                let order = crate::render::nav::ordering_links(site, p);
                (p.title.clone(), p.front.weight, order)
            })
        };
        let before = nav_key(&self.project.site, old_id);
        if let Some(id) = old_id {
            old_targets.extend(self.link_targets(id));
        }
        let is_file = matches!(entry, Entry::File(..) | Entry::Html(..));
        let new_id = self.project.site.put(path, entry);
        if was_file || is_file {
            self.publish_asset(path, update);
        }
        match (new_id, old_id) {
            (Some(id), Some(_)) => PageOutcome::Edited {
                id,
                nav: before != nav_key(&self.project.site, Some(id)),
            },
            (Some(id), None) => PageOutcome::Added(id),
            (None, Some(old)) => {
                // Gone, a draft, or no longer a page (a binary file, a symbolic link).
                if let Some(r) = self.rendered.remove(&old) {
                    self.files.remove(&r.output);
                    self.sources.remove(&r.output);
                }
                PageOutcome::Removed
            }
            (None, None) => PageOutcome::File,
        }
    }

    /// Copies the site's file at `path` into memory, or removes it if the site has none.
    fn publish_asset(&mut self, path: &str, update: &mut Update) {
        match self.project.site.asset(path) {
            Some(asset) => {
                let file = asset.file().to_string();
                if self
                    .files
                    .copy_asset(&self.project.site.content_dir, &file, path)
                    .is_ok()
                {
                    update.changed.push(path.to_string());
                }
            }
            None => {
                if self.files.remove(path) {
                    update.removed.push(path.to_string());
                }
            }
        }
    }

    /// Where a page's local links lead, as written in the model.
    fn local_links(&self, id: PageId) -> Vec<String> {
        let page = self.project.site.get(id);
        page.links
            .iter()
            .filter_map(|l| l.target.local_path().map(str::to_string))
            .collect()
    }

    /// The pages a page links to.
    fn link_targets(&self, id: PageId) -> Vec<PageId> {
        let page = self.project.site.get(id);
        let site = &self.project.site;
        page.links
            .iter()
            .filter_map(|l| site.linked_page(l))
            .collect()
    }
}

enum PageOutcome {
    Unchanged,
    Edited {
        id: PageId,
        nav: bool,
    },
    Added(PageId),
    Removed,
    /// A file that is no page came, changed or went (an asset, a symbolic link, a binary
    /// `.md`), or a problem of one.
    File,
    /// The new version is unusable (broken front matter): the last good one stays.
    Kept(PageId),
}

/// The diagnostics in `after` and not in `before` (new) and the reverse (fixed).
fn diff(
    before: &BTreeMap<String, Vec<Diagnostic>>,
    after: &BTreeMap<String, Vec<Diagnostic>>,
    update: &mut Update,
) {
    let key = |d: &Diagnostic| (d.file.clone(), d.code.as_str(), d.message.clone());
    let set = |m: &BTreeMap<String, Vec<Diagnostic>>| -> BTreeMap<_, Diagnostic> {
        m.values().flatten().map(|d| (key(d), d.clone())).collect()
    };
    let (b, a) = (set(before), set(after));
    update.new_problems = a
        .iter()
        .filter(|(k, _)| !b.contains_key(*k))
        .map(|(_, d)| d.clone())
        .collect();
    update.fixed = b
        .iter()
        .filter(|(k, _)| !a.contains_key(*k))
        .map(|(_, d)| d.clone())
        .collect();
}

fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes)
}

/// A page's source: as just read (the model holds it until it is rendered), else as kept.
pub(super) fn source_of<'s>(
    site: &'s Site,
    packed: &HashMap<PageId, Box<[u8]>>,
    id: PageId,
) -> Cow<'s, str> {
    if let Some(source) = site.get(id).source.as_deref() {
        return Cow::Borrowed(source);
    }
    let bytes = packed
        .get(&id)
        .and_then(|p| lz4_flex::decompress_size_prepended(p).ok())
        .unwrap_or_default();
    Cow::Owned(String::from_utf8(bytes).unwrap_or_default())
}
