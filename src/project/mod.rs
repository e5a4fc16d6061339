//! A project as every driver sees it: its configuration, where its files are, its theme, its
//! CGU registry and its site model, opened once. `check`, `check --changed`, `build` and
//! `serve` all open a `Project` and ask it; they differ only in which pages they check and
//! where the output goes. `Live` keeps a project in memory and applies file changes to it
//! (a full build is the same load); `judge` is the one place where levels and allow
//! comments apply, for every driver.

mod live;
mod render;

pub use live::{Change, Live, Update};

use crate::cgu::Registry;
use crate::check::Checker;
use crate::config::{self, Config, CONFIG_FILE};
use crate::content::{self, LoadOptions, PageId, Site};
use crate::diagnostics::Diagnostic;
use crate::layout::{self, Layout, LayoutError};
use crate::output::{self, OutputError};
use crate::policy::Policy;
use crate::render::theme::{self, Theme};
use crate::render::Renderer;
use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

pub struct Project {
    /// As given on the command line.
    pub root: PathBuf,
    /// `--content`, kept to open the project again with it.
    pub content: Option<PathBuf>,
    pub layout: Layout,
    pub config: Config,
    pub config_text: String,
    pub theme: Theme,
    pub registry: Registry,
    pub site: Site,
    /// Problems of the project as a whole: the CGU registry's, the theme's configuration.
    pub problems: Vec<Diagnostic>,
}

/// How to open a project.
#[derive(Clone, Copy)]
pub struct Open<'a> {
    pub root: &'a Path,
    /// `--content DIR`, over `content:` in `faqsite.yaml`.
    pub content: Option<&'a Path>,
    /// `--output DIR`; with `validate_output`, refused before anything is read if it would
    /// overwrite sources or another program's files.
    pub output: Option<&'a Path>,
    pub validate_output: bool,
    /// The run renders: read the theme, and fingerprint each page to read its source again
    /// when it renders (`content::read_source`).
    pub renders: bool,
    /// Keep each page's source in the model (`serve`, which renders pages again and again).
    pub keep_source: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    /// `faqsite.yaml` is unusable: its diagnostics, and its text.
    #[error("{} problem(s) in faqsite.yaml", .0.len())]
    Config(Vec<Diagnostic>, String),
    #[error(transparent)]
    Layout(#[from] LayoutError),
    #[error(transparent)]
    Output(#[from] OutputError),
    #[error("no page: {0} holds no Markdown file\nhint: add a README.md or an index.md, or start a site with `faqsite init`")]
    NoPages(PathBuf),
    #[error("{context}: {source}")]
    Io {
        context: String,
        source: std::io::Error,
    },
}

fn io(context: impl Into<String>) -> impl FnOnce(std::io::Error) -> OpenError {
    let context = context.into();
    move |source| OpenError::Io { context, source }
}

impl<'a> Open<'a> {
    /// The project at `root`, as configured, without its pages' sources.
    pub fn new(root: &'a Path) -> Self {
        Open {
            root,
            content: None,
            output: None,
            validate_output: false,
            renders: false,
            keep_source: false,
        }
    }
}

impl Project {
    /// Reads the configuration, finds the folders, loads every file of the content (the
    /// same reader as a single change) and the theme, and builds the CGU registry.
    pub fn open(o: Open) -> Result<Project, OpenError> {
        let (config, config_text) = config::load(o.root).map_err(|diags| {
            let text = std::fs::read_to_string(o.root.join(CONFIG_FILE)).unwrap_or_default();
            OpenError::Config(diags, text)
        })?;
        let configured = o.content.or(config.content.as_deref().map(Path::new));
        let layout = layout::resolve(o.root, configured, o.output)?;
        if o.validate_output {
            output::validate(&layout)?;
        }
        let opts = load_options(&config, o.renders, o.keep_source);
        let content_dir = layout.content.clone();
        let site = timed("load", || content::load(&layout, opts))
            .map_err(io(format!("reading {}", content_dir.display())))?;
        if site.page_count() == 0 && site.all_problems().next().is_none() {
            return Err(OpenError::NoPages(content_dir));
        }
        // Only a run that renders reads the theme: `check` never needs its files.
        let theme = match o.renders || o.keep_source {
            true => theme::load(o.root, &config.theme).map_err(io("reading the theme"))?,
            false => Theme::default(),
        };
        let (registry, mut problems) = match config.cgu.is_empty() {
            true => (Registry::infer(&site), Vec::new()),
            false => Registry::from_config(&config.cgu, &config_text, &site),
        };
        problems.extend(theme::check_config(&config, &config_text, &site));
        Ok(Project {
            root: o.root.to_path_buf(),
            content: o.content.map(Path::to_path_buf),
            layout,
            config,
            config_text,
            theme,
            registry,
            site,
            problems,
        })
    }

    /// How pages are read, for the full load and for each change alike.
    pub fn load_options(&self) -> LoadOptions {
        load_options(&self.config, true, true)
    }

    pub fn checker(&self) -> Checker<'_> {
        Checker::new(&self.site, &self.registry)
    }

    /// Every check on every page and file, and the project's own problems. `renames` are
    /// the content paths git saw renamed (`--changed REV`), which hints and fixes follow.
    pub fn check_all(&self, renames: &HashMap<String, String>) -> Vec<Diagnostic> {
        let mut found = self.problems.clone();
        found.extend(timed("check", || {
            self.checker().with_renames(renames).site()
        }));
        found
    }

    /// The checks of these pages, and the reading problems of these files that are no
    /// pages (`check --changed`); the project's own problems too.
    pub fn check_some(
        &self,
        pages: &[PageId],
        files: &BTreeSet<String>,
        renames: &HashMap<String, String>,
    ) -> Vec<Diagnostic> {
        let mut found = self.problems.clone();
        found.extend(self.checker().with_renames(renames).pages(pages));
        let others = files.iter().filter(|f| self.site.page(f).is_none());
        found.extend(others.flat_map(|f| self.site.problems(f)).cloned());
        found
    }

    /// Levels from `checks:` and `<!-- faqsite: allow CODE -->` comments, applied to any
    /// diagnostic, whatever produced it: the one place where they apply, for every driver.
    pub fn judge(&self, diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
        Policy::new(self.config.levels(), Some(&self.site)).apply(diagnostics)
    }

    /// The text of a file a diagnostic points into (`Diagnostic::file`): `faqsite.yaml`, a
    /// template, a page as the model keeps it, else the file as the loader reads a page
    /// (invalid UTF-8 replaced, no byte-order mark); `None` for a binary file or one too
    /// large to read.
    pub fn text_of(&self, file: &str) -> Option<Cow<'_, str>> {
        if file == CONFIG_FILE {
            return Some(Cow::Borrowed(&self.config_text));
        }
        if let Some(t) = self.theme.templates.iter().find(|t| t.origin == file) {
            return Some(Cow::Borrowed(&t.source));
        }
        if let Some(source) = self.site.page(file).and_then(|p| p.source.as_deref()) {
            return Some(Cow::Borrowed(source));
        }
        let disk = crate::paths::find_on_disk(&self.site.content_dir, file)?;
        // A page too large to read quotes nothing.
        let bytes = content::read_text_file(&self.site.content_dir.join(disk))
            .ok()?
            .ok()?;
        if content::is_binary(&bytes) {
            return None;
        }
        Some(Cow::Owned(content::decode(bytes).0))
    }

    /// A renderer for the project's theme, or the template problems that prevent one.
    pub fn renderer(&self) -> Result<Renderer<'_>, Vec<Diagnostic>> {
        Renderer::new(&self.config, &self.theme).map(|r| r.with_registry(&self.registry))
    }
}

fn load_options(config: &Config, renders: bool, keep_source: bool) -> LoadOptions {
    let aliases = config.cgu.iter().flat_map(|d| &d.aliases);
    LoadOptions {
        keep_source,
        fingerprint: renders && !keep_source,
        mention_window: crate::check::cgu::mention_window(aliases.map(|a| a.value.as_str())),
    }
}

/// Runs one stage; with `FAQSITE_TIMINGS` set, prints how long it took on stderr, and on
/// Linux the memory held when it ended and the peak so far (for benchmarks and profiles).
pub fn timed<T>(stage: &str, run: impl FnOnce() -> T) -> T {
    let started = std::time::Instant::now();
    let out = run();
    if std::env::var_os("FAQSITE_TIMINGS").is_some() {
        eprintln!(
            "timing: {stage}: {:.0} ms{}",
            started.elapsed().as_secs_f64() * 1000.0,
            memory().unwrap_or_default()
        );
    }
    out
}

/// `, 70 MB held (peak 81 MB)`: resident memory now and at its peak, from /proc.
fn memory() -> Option<String> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let kb = |key: &str| -> Option<u64> {
        let line = status.lines().find(|l| l.starts_with(key))?;
        line[key.len()..]
            .trim()
            .trim_end_matches("kB")
            .trim()
            .parse()
            .ok()
    };
    let (now, peak) = (kb("VmRSS:")?, kb("VmHWM:")?);
    Some(format!(
        ", {} MB held (peak {} MB)",
        now / 1024,
        peak / 1024
    ))
}
