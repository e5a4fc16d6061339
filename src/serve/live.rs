//! The live site of `faqsite serve`: the model, its rendered files in memory, and each
//! file's diagnostics, kept up to date change by change. A change re-reads what changed,
//! then renders only the pages whose output can differ: the changed pages, the pages linking
//! to a changed path, and the pages whose slice of navigation (breadcrumbs, menu,
//! previous/next, backlinks) is no longer the same. The result equals a full build.

mod render;

use super::change::Change;
use crate::cgu::Registry;
use crate::check::Checker;
use crate::config::{self, Config, CONFIG_FILE};
use crate::content::{self, Entry, LoadOptions, PageId, Site};
use crate::diagnostics::{Code, Diagnostic};
use crate::layout::{self, Layout, LayoutError};
use crate::output::{MemorySite, Output};
use crate::policy::Policy;
use crate::render::{page_nav, search, theme, theme::Theme, Renderer};
use rayon::prelude::*;
use render::fingerprint;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

pub struct Live {
    root: PathBuf,
    /// `--content`, kept to load again with it.
    content: Option<PathBuf>,
    pub layout: Layout,
    config: Config,
    config_text: String,
    theme: Theme,
    registry: Registry,
    site: Site,
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
}

/// A page rendered (with its bytes), or the template problem that stopped it.
type RenderResult = Result<(Rendered, Vec<u8>), Diagnostic>;

struct Rendered {
    output: String,
    /// A fingerprint of the page's slice of navigation (the menu alone weighs kilobytes).
    nav: u64,
    doc: search::Doc,
    terms: search::Terms,
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

#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{} problem(s) in faqsite.yaml", .0.len())]
    Config(Vec<Diagnostic>, String),
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error(transparent)]
    Layout(#[from] LayoutError),
}

impl Live {
    /// Loads, checks and renders the whole site into memory.
    pub fn load(root: &Path, content: Option<&Path>) -> Result<Live, LoadError> {
        let (config, config_text) =
            config::load(root).map_err(|d| LoadError::Config(d, config_text_of(root)))?;
        let configured = content.or(config.content.as_deref().map(Path::new));
        let layout = layout::resolve(root, configured, None)?;
        let aliases = config.cgu.iter().flat_map(|d| &d.aliases);
        let opts = LoadOptions {
            keep_source: true,
            mention_window: crate::check::cgu::mention_window(aliases.map(|a| a.value.as_str())),
        };
        let site = content::load(&layout, opts)?;
        let (registry, registry_problems) = match config.cgu.is_empty() {
            true => (Registry::infer(&site), Vec::new()),
            false => Registry::from_config(&config.cgu, &config_text, &site),
        };
        let theme = theme::load(root, &config.theme)?;
        let mut live = Live {
            root: root.to_path_buf(),
            content: content.map(Path::to_path_buf),
            layout,
            config,
            config_text,
            theme,
            registry,
            site,
            files: MemorySite::default(),
            rendered: HashMap::new(),
            site_files: BTreeSet::new(),
            diagnostics: BTreeMap::new(),
            sources: HashMap::new(),
            postings: search::Postings::default(),
            nav: None,
            unusable: HashMap::new(),
        };
        for asset in live.site.assets() {
            live.files
                .copy_asset(&live.site.content_dir, asset.file(), &asset.path)?;
        }
        live.write_static_files();
        let all: Vec<PageId> = live.site.page_ids().to_vec();
        let mut problems = registry_problems;
        problems.extend(live.render(&all, &mut Update::default(), true));
        problems.extend(Checker::new(&live.site, &live.registry).site());
        let policy = Policy::new(live.config.levels(), Some(&live.site));
        for d in policy.apply(problems) {
            live.diagnostics.entry(d.file.clone()).or_default().push(d);
        }
        Ok(live)
    }

    pub fn files(&self) -> &MemorySite {
        &self.files
    }

    /// The source file of an output path, if it is a page's.
    pub fn source_of(&self, output: &str) -> Option<&str> {
        self.sources.get(output).map(String::as_str)
    }

    /// Every diagnostic, by file.
    pub fn diagnostics(&self) -> &BTreeMap<String, Vec<Diagnostic>> {
        &self.diagnostics
    }

    /// The text of a file a diagnostic points into (pages, `faqsite.yaml`, templates).
    pub fn text_of(&self, file: &str) -> Option<&str> {
        if file == CONFIG_FILE {
            return Some(&self.config_text);
        }
        if let Some(text) = self.unusable.get(file) {
            return Some(text);
        }
        if let Some(page) = self.site.page(file) {
            return page.source.as_deref();
        }
        let template = self.theme.templates.iter().find(|t| t.origin == file);
        template.map(|t| t.source.as_str())
    }

    pub fn page_count(&self) -> usize {
        self.site.page_count()
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
                    let opts = self.load_options();
                    for (path, entry) in content::read(&self.site, &self.layout, path, opts) {
                        if let Some(id) = self.site.page_id(&path) {
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
                    if let Ok(theme) = theme::load(&self.root, &self.config.theme) {
                        self.theme = theme;
                        self.write_static_files();
                        update.changed.push(format!("static/{path}"));
                        update.styles = true;
                    }
                }
                Change::Config | Change::Template => unreachable!("handled above"),
            }
        }
        // Files in hidden folders are published while, and only while, a page links to them.
        content::sync_hidden_targets(&mut self.site);
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
            to_check.extend(broken.filter_map(|(file, _)| self.site.page_id(file)));
        }
        for path in &paths {
            let referrers = self.site.referrers(path, moved.contains(path));
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
            self.nav = Renderer::new(&self.config, &self.theme)
                .map(|r| r.nav(&self.site))
                .ok();
        }
        if let Some(nav) = &self.nav {
            let candidates: Vec<PageId> = match nav_may_change {
                true => self.site.page_ids().to_vec(),
                false => nav_candidates
                    .into_iter()
                    .filter(|id| self.rendered.contains_key(id))
                    .collect(),
            };
            let changed_nav: Vec<PageId> = candidates
                .par_iter()
                .filter(|&&id| {
                    self.rendered
                        .get(&id)
                        .is_none_or(|r| r.nav != fingerprint(&page_nav(&self.site, nav, id)))
                })
                .copied()
                .collect();
            to_render.extend(changed_nav);
        }
        to_render.retain(|id| self.site.is_live(*id));
        let to_render: Vec<PageId> = to_render.into_iter().collect();
        let template_problems = self.render(&to_render, &mut update, nav_may_change);
        update.rendered = to_render.len();
        // Check again the touched pages and those linking to a changed path.
        to_check.retain(|id| self.site.is_live(*id));
        let checked: Vec<PageId> = to_check.into_iter().collect();
        let mut files: BTreeSet<String> = paths.clone();
        files.extend(checked.iter().map(|&id| self.site.get(id).path.clone()));
        let checker = Checker::new(&self.site, &self.registry).without_placement();
        let mut problems: Vec<Diagnostic> = checker.pages(&checked);
        // Graph warnings depend on the whole site: all of them again when a page came or
        // went or some links changed.
        let new_links: BTreeSet<String> = touched
            .iter()
            .filter(|id| self.site.is_live(**id))
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
            if self.site.page(path).is_none() {
                problems.extend(self.site.problems(path).iter().cloned());
            }
        }
        problems.extend(template_problems);
        files.extend(self.theme.templates.iter().map(|t| t.origin.clone()));
        let policy = Policy::new(self.config.levels(), Some(&self.site));
        let problems = policy.apply(problems);
        drop(policy);
        for file in &files {
            self.diagnostics.remove(file);
        }
        for d in problems {
            self.diagnostics.entry(d.file.clone()).or_default().push(d);
        }
        diff(&problems_before, &self.diagnostics, &mut update);
        update
    }

    /// Loads everything again (configuration or templates changed); keeps the last good
    /// site when the configuration is broken.
    fn reload(&mut self) -> Update {
        let mut update = Update::default();
        let before = self.diagnostics.clone();
        let old_files: BTreeMap<String, Vec<u8>> = self.files.files().clone();
        match Live::load(&self.root, self.content.clone().as_deref()) {
            Ok(new) => *self = new,
            Err(LoadError::Config(diags, text)) => {
                self.config_text = text;
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
        let files = self.files.files();
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
        update.rendered = self.site.page_count();
        drop(files);
        diff(&before, &self.diagnostics, &mut update);
        update
    }

    /// How pages are read, as the full load reads them.
    fn load_options(&self) -> LoadOptions {
        let aliases = self.registry.documents.iter().flat_map(|d| &d.aliases);
        LoadOptions {
            keep_source: true,
            mention_window: crate::check::cgu::mention_window(aliases.map(String::as_str)),
        }
    }

    /// The site's files in hidden folders (published because pages link to them).
    fn hidden_assets(&self) -> BTreeSet<String> {
        let hidden = |p: &str| p.split('/').any(|s| s.starts_with('.'));
        let assets = self.site.assets().into_iter().map(|a| &a.path);
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
        let old_id = self.site.page_id(path);
        let was_file = self.site.asset(path).is_some();
        if let (Entry::Page(read), Some(id)) = (&entry, old_id) {
            let old = self.site.get(id);
            let new_source = read.page.as_ref().and_then(|p| p.source.as_deref());
            if old.source.as_deref() == new_source
                && self.site.problems(path) == read.problems.as_slice()
                && !self.unusable.contains_key(path)
            {
                return PageOutcome::Unchanged;
            }
            let broken = read.problems.iter().any(|d| {
                d.code == Code::FrontMatter && d.severity == crate::diagnostics::Severity::Error
            });
            if broken {
                let disk = crate::paths::find_on_disk(&self.site.content_dir, path);
                let text = disk
                    .and_then(|d| std::fs::read(self.site.content_dir.join(d)).ok())
                    .map(|b| String::from_utf8_lossy(strip_bom(&b)).into_owned());
                self.unusable
                    .insert(path.to_string(), text.unwrap_or_default());
                let Entry::Page(read) = entry else {
                    unreachable!()
                };
                self.site.set_problems(path, read.problems);
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
        let before = nav_key(&self.site, old_id);
        if let Some(id) = old_id {
            old_targets.extend(self.link_targets(id));
        }
        let is_file = matches!(entry, Entry::File(..));
        let new_id = self.site.put(path, entry);
        if was_file || is_file {
            self.publish_asset(path, update);
        }
        match (new_id, old_id) {
            (Some(id), Some(_)) => PageOutcome::Edited {
                id,
                nav: before != nav_key(&self.site, Some(id)),
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
        match self.site.asset(path) {
            Some(asset) => {
                let file = asset.file().to_string();
                if self
                    .files
                    .copy_asset(&self.site.content_dir, &file, path)
                    .is_ok()
                {
                    update.changed.push(path.to_string());
                }
            }
            None => {
                if self.files.remove(path).is_some() {
                    update.removed.push(path.to_string());
                }
            }
        }
    }

    /// Where a page's local links lead, as written in the model.
    fn local_links(&self, id: PageId) -> Vec<String> {
        let page = self.site.get(id);
        page.links
            .iter()
            .filter_map(|l| l.target.local_path().map(str::to_string))
            .collect()
    }

    /// The pages a page links to.
    fn link_targets(&self, id: PageId) -> Vec<PageId> {
        let page = self.site.get(id);
        page.links
            .iter()
            .filter_map(|l| l.target.local_path())
            .filter_map(|p| match self.site.lookup(p) {
                content::Resolved::Page(t) | content::Resolved::Folder(Some(t)) => Some(t),
                _ => None,
            })
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

fn config_text_of(root: &Path) -> String {
    std::fs::read_to_string(root.join(CONFIG_FILE)).unwrap_or_default()
}
