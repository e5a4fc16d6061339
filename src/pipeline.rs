//! The runs, stage by stage: `check` (config → load → check → policy) and `build` (the same,
//! then render → write). Each returns a `Report`; printing and exit codes belong to `main.rs`.

use crate::cgu::Registry;
use crate::changed::{self, Selection};
use crate::check::{self, Checker};
use crate::config::{self, Config, CONFIG_FILE};
use crate::content::{self, LoadOptions, PageId, Site};
use crate::diagnostics::{self, Diagnostic, Severity, Sources};
use crate::layout::{self, Layout, LayoutError};
use crate::output::{self, MemorySite, Output, OutputError, Staging};
use crate::policy::Policy;
use crate::render::{search, theme::Theme, Renderer};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Layout(#[from] LayoutError),
    #[error("no page: {0} holds no Markdown file\nhint: add a README.md or an index.md, or start a site with `faqsite init`")]
    NoPages(PathBuf),
    /// `--changed REV` could not ask git (no repository, unknown revision).
    #[error("{0}")]
    Changed(String),
    #[error(transparent)]
    Output(#[from] OutputError),
    #[error("{context}: {source}")]
    Io {
        context: String,
        source: std::io::Error,
    },
}

fn io(context: impl Into<String>) -> impl FnOnce(std::io::Error) -> Error {
    let context = context.into();
    move |source| Error::Io { context, source }
}

#[derive(Clone, Debug, Default)]
pub struct CheckOptions {
    pub root: PathBuf,
    /// `--content DIR`, relative to ROOT: overrides `content:` in `faqsite.yaml`.
    pub content: Option<PathBuf>,
    /// Check external links (`check` does, `build` only with `--check-external`).
    pub external: bool,
    /// No network at all: external links are counted, not checked.
    pub offline: bool,
    /// Ignore and do not update `.faqsite-cache.json`.
    pub no_cache: bool,
    /// Show a progress bar while checking external links.
    pub progress: bool,
    /// `check --changed REV`: only the pages the changes since REV affect.
    pub changed: Option<String>,
}

#[derive(Clone, Debug, Default)]
pub struct BuildOptions {
    pub check: CheckOptions,
    /// Defaults to `ROOT/public`.
    pub output: Option<PathBuf>,
}

/// What a run found, with the texts its diagnostics point into.
#[derive(Default)]
pub struct Report {
    pub diagnostics: Vec<Diagnostic>,
    /// Summary lines for the end of the run (skipped URLs, files written…).
    pub notes: Vec<String>,
    /// The run's last line, after the counts: what a failed build did not do.
    pub closing: Option<String>,
    pub pages: usize,
    /// Every page checked, as the person who ran faqsite names it, in path order.
    pub page_paths: Vec<String>,
    /// The CGU registry the run checked against (configured or inferred).
    pub registry: Registry,
    /// Replaced outputs, renamed beside the output folder, for the caller to remove with
    /// `output::remove_trash` — in the background if it can: that takes longer than a build.
    pub trash: Vec<PathBuf>,
    /// The text of each file a diagnostic points into, by its `Diagnostic::file`.
    texts: HashMap<String, String>,
}

/// How a run ends, as the process exit code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExitStatus {
    Ok = 0,
    ContentProblems = 1,
    UsageError = 2,
}

impl Report {
    /// Names every file as the person who ran faqsite does (`content/a.md` from ROOT,
    /// `a.md` from inside the content folder), in the diagnostics and their texts alike.
    fn relocate(&mut self, layout: &Layout) {
        for d in &mut self.diagnostics {
            d.file = layout.display(&d.file);
        }
        self.texts = std::mem::take(&mut self.texts)
            .into_iter()
            .map(|(file, text)| (layout.display(&file), text))
            .collect();
        for path in &mut self.page_paths {
            *path = layout.display(path);
        }
    }

    pub fn sources(&self) -> Sources<'_> {
        let mut sources = Sources::default();
        for (name, text) in &self.texts {
            sources.add(name, text);
        }
        sources
    }

    pub fn exit_status(&self) -> ExitStatus {
        exit_status(&self.diagnostics)
    }
}

fn exit_status(diags: &[Diagnostic]) -> ExitStatus {
    if diags.iter().any(|d| d.code.is_usage()) {
        ExitStatus::UsageError
    } else if diags.iter().any(|d| d.severity == Severity::Error) {
        ExitStatus::ContentProblems
    } else {
        ExitStatus::Ok
    }
}

/// A project opened: its configuration and where its files are.
struct Project {
    config: Config,
    config_text: String,
    layout: Layout,
}

/// A loaded and checked site, before the policy stage.
struct Checked {
    config: Config,
    config_text: String,
    layout: Layout,
    site: Site,
    registry: Registry,
    diagnostics: Vec<Diagnostic>,
    notes: Vec<String>,
    /// With `--changed`, how many pages were checked (else all of them).
    checked_pages: Option<usize>,
}

/// Loads and checks the site; writes nothing.
pub fn check(opts: &CheckOptions) -> Result<Report, Error> {
    let project = match open(opts, None)? {
        Ok(project) => project,
        Err(report) => return Ok(report),
    };
    let checked = load_and_check(opts, project, false)?;
    let policy = Policy::new(checked.config.levels(), Some(&checked.site));
    let diagnostics = policy.apply(checked.diagnostics);
    drop(policy);
    let mut report = finish(
        diagnostics,
        checked.notes,
        &checked.site,
        &checked.layout,
        checked.registry,
        &checked.config_text,
        None,
    );
    report.pages = checked.checked_pages.unwrap_or(report.pages);
    Ok(report)
}

/// A file `check --fix` rewrote, with its changed lines (number, before, after).
pub struct FixedFile {
    pub path: String,
    pub lines: Vec<(usize, String, String)>,
}

/// Applies the fixes of outdated CGU references in place (each file atomically, only if it
/// changed), then checks again. Returns the new report and what changed.
pub fn fix(opts: &CheckOptions) -> Result<(Report, Vec<FixedFile>), Error> {
    // Only the CGU diagnostics carry fixes: outside links wait for the final check.
    let first = check(&CheckOptions {
        external: false,
        ..opts.clone()
    })?;
    let mut edits: BTreeMap<&str, Vec<&diagnostics::Edit>> = BTreeMap::new();
    for d in first
        .diagnostics
        .iter()
        .filter(|d| d.code == diagnostics::Code::OutdatedCgu)
    {
        edits.entry(&d.file).or_default().extend(&d.fix);
    }
    let mut fixed = Vec::new();
    for (path, mut file_edits) in edits {
        let Some(source) = first.texts.get(path) else {
            continue;
        };
        file_edits.sort_by_key(|e| std::cmp::Reverse(e.span.start));
        file_edits.dedup();
        let mut text = source.clone();
        let mut floor = usize::MAX;
        for edit in file_edits {
            if edit.span.end <= floor {
                text.replace_range(edit.span.clone(), &edit.replacement);
                floor = edit.span.start;
            }
        }
        if text == *source {
            continue;
        }
        // Diagnostics name files from the current folder.
        let target = PathBuf::from(path);
        crate::files::replace_file(&target, text.as_bytes())
            .map_err(io(format!("writing {}", target.display())))?;
        let lines = source
            .lines()
            .zip(text.lines())
            .enumerate()
            .filter(|(_, (a, b))| a != b)
            .map(|(i, (a, b))| (i + 1, a.to_string(), b.to_string()))
            .collect();
        fixed.push(FixedFile {
            path: path.to_string(),
            lines,
        });
    }
    Ok((check(opts)?, fixed))
}

/// Loads, checks, renders and, when no error was found, writes the site.
pub fn build(opts: &BuildOptions) -> Result<Report, Error> {
    let root = &opts.check.root;
    let project = match open(&opts.check, opts.output.as_deref())? {
        Ok(project) => project,
        Err(report) => return Ok(report),
    };
    output::validate(&project.layout)?;
    let output = project.layout.output.clone();
    let checked = load_and_check(&opts.check, project, true)?;
    let Checked {
        config,
        config_text,
        layout,
        site,
        registry,
        diagnostics,
        mut notes,
        ..
    } = checked;
    let theme = crate::render::theme::load(root, &config.theme).map_err(io("reading the theme"))?;
    let mut site = site;
    let sources = site.take_sources();
    let policy = Policy::new(config.levels(), Some(&site));
    let mut diagnostics = policy.apply(diagnostics);
    let publish = exit_status(&diagnostics) == ExitStatus::Ok;
    let staging = match publish {
        true => Some(
            Staging::create(&output, site.dirs())
                .map_err(io(format!("writing {}", output.display())))?,
        ),
        false => None,
    };
    let template_problems = match Renderer::new(&config, &theme) {
        Ok(renderer) => render_site(
            &site,
            sources,
            &renderer.with_registry(&registry),
            staging.as_ref().map(|s| s as &dyn Output),
        )
        .map_err(io(format!("writing {}", output.display())))?,
        Err(problems) => problems,
    };
    let template_problems = policy.apply(template_problems);
    drop(policy);
    let mut trash = output::stale_trash(&output);
    if let Some(staging) = staging.filter(|_| exit_status(&template_problems) == ExitStatus::Ok) {
        let replaced = staging
            .commit()
            .map_err(io(format!("writing {}", output.display())))?;
        trash.extend(replaced);
        notes.push(format!(
            "wrote {} pages to {}",
            site.page_count(),
            layout.display_path(&output)
        ));
    }
    diagnostics.extend(template_problems);
    diagnostics::sort(&mut diagnostics);
    let closing = (exit_status(&diagnostics) != ExitStatus::Ok)
        .then(|| nothing_written(&layout, &diagnostics));
    let mut report = finish(
        diagnostics,
        notes,
        &site,
        &layout,
        registry,
        &config_text,
        Some(&theme),
    );
    report.trash = trash;
    report.closing = closing;
    Ok(report)
}

/// Loads, checks and renders the whole site into memory, whatever its problems (the dev
/// server shows pages with their diagnostics): the files a build would write, in memory.
pub fn build_in_memory(opts: &CheckOptions) -> Result<(Report, MemorySite), Error> {
    let memory = MemorySite::default();
    let project = match open(opts, None)? {
        Ok(project) => project,
        Err(report) => return Ok((report, memory)),
    };
    let checked = load_and_check(opts, project, true)?;
    let theme = crate::render::theme::load(&opts.root, &checked.config.theme)
        .map_err(io("reading the theme"))?;
    let mut diagnostics = checked.diagnostics;
    let mut site = checked.site;
    let sources = site.take_sources();
    match Renderer::new(&checked.config, &theme) {
        Ok(renderer) => diagnostics.extend(
            render_site(
                &site,
                sources,
                &renderer.with_registry(&checked.registry),
                Some(&memory),
            )
            .map_err(io("rendering in memory"))?,
        ),
        Err(problems) => diagnostics.extend(problems),
    }
    let policy = Policy::new(checked.config.levels(), Some(&site));
    let diagnostics = policy.apply(diagnostics);
    drop(policy);
    let report = finish(
        diagnostics,
        checked.notes,
        &site,
        &checked.layout,
        checked.registry,
        &checked.config_text,
        Some(&theme),
    );
    Ok((report, memory))
}

/// Renders every page and the site-wide files, and writes them to `out` if given (the
/// assets too). Pages are written as soon as rendered: the site's HTML is never held whole.
/// Returns the template problems.
pub fn render_site(
    site: &Site,
    mut sources: Vec<Option<String>>,
    renderer: &Renderer,
    out: Option<&dyn Output>,
) -> std::io::Result<Vec<Diagnostic>> {
    let nav = timed("navigation", || renderer.nav(site));
    #[derive(Default)]
    struct Rendered {
        docs: Vec<(usize, search::Doc)>,
        postings: search::Postings,
        problems: Vec<Diagnostic>,
        error: Option<std::io::Error>,
    }
    // Each page owns its source while it renders, and frees it once written.
    let pages: Vec<(usize, PageId, String)> = site
        .page_ids()
        .iter()
        .enumerate()
        .map(|(n, &id)| (n, id, sources[id.index()].take().unwrap_or_default()))
        .collect();
    drop(sources);
    let rendered = timed("pages", || {
        pages
            .into_par_iter()
            .fold(Rendered::default, |mut acc, (n, id, source)| {
                match renderer.page(site, &nav, id, &source) {
                    Ok(page) => {
                        if let Some(Err(e)) = out.map(|o| o.write(page.file)) {
                            acc.error.get_or_insert(e);
                        }
                        acc.postings
                            .add_page(n, site.get(id), page.prose.into_iter());
                        acc.docs.push((n, page.doc));
                    }
                    Err(problem) => {
                        let page = site.get(id);
                        acc.problems.push(problem);
                        acc.docs.push((
                            n,
                            search::Doc {
                                url: site.output_path(page),
                                title: page.title.clone(),
                                section: nav.section_of(id),
                                excerpt: String::new(),
                            },
                        ));
                    }
                }
                acc
            })
            .reduce(Rendered::default, |mut a, b| {
                a.docs.extend(b.docs);
                a.postings = a.postings.merge(b.postings);
                a.problems.extend(b.problems);
                a.error = a.error.or(b.error);
                a
            })
    });
    if let Some(e) = rendered.error {
        return Err(e);
    }
    let mut docs = rendered.docs;
    docs.sort_unstable_by_key(|(n, _)| *n);
    let docs: Vec<search::Doc> = docs.into_iter().map(|(_, d)| d).collect();
    let mut problems = rendered.problems;
    match timed("site files", || {
        renderer.site_files(site, &nav, &docs, rendered.postings)
    }) {
        Ok(files) => {
            if let Some(out) = out {
                files.into_par_iter().try_for_each(|f| out.write(f))?;
            }
        }
        Err(found) => problems.extend(found),
    }
    if let Some(out) = out {
        timed("assets", || {
            site.assets()
                .par_iter()
                .try_for_each(|a| out.copy_asset(&site.content_dir, a.file(), &a.path))
        })?;
    }
    Ok(problems)
}

/// Reads `faqsite.yaml` and finds the project's folders; a report alone when the
/// configuration is unusable.
fn open(opts: &CheckOptions, output: Option<&Path>) -> Result<Result<Project, Report>, Error> {
    let (config, config_text) = match config::load(&opts.root) {
        Ok(loaded) => loaded,
        Err(diags) => {
            let text = std::fs::read_to_string(opts.root.join(CONFIG_FILE)).unwrap_or_default();
            let layout = layout::resolve(&opts.root, Some(Path::new(".")), output)?;
            let mut report = Report {
                diagnostics: diags,
                ..Report::default()
            };
            report.texts.insert(CONFIG_FILE.to_string(), text);
            report.relocate(&layout);
            return Ok(Err(report));
        }
    };
    let content = opts
        .content
        .as_deref()
        .or(config.content.as_deref().map(Path::new));
    let layout = layout::resolve(&opts.root, content, output)?;
    Ok(Ok(Project {
        config,
        config_text,
        layout,
    }))
}

/// Loads the site and runs the checks.
fn load_and_check(
    opts: &CheckOptions,
    project: Project,
    keep_source: bool,
) -> Result<Checked, Error> {
    let Project {
        config,
        config_text,
        layout,
    } = project;
    let content_dir = layout.content.clone();
    let aliases = config.cgu.iter().flat_map(|d| &d.aliases);
    let load_opts = LoadOptions {
        keep_source,
        mention_window: check::cgu::mention_window(aliases.map(|a| a.value.as_str())),
    };
    let site = timed("load", || content::load(&layout, load_opts))
        .map_err(io(format!("reading {}", content_dir.display())))?;
    if site.page_count() == 0 && site.all_problems().next().is_none() {
        return Err(Error::NoPages(content_dir));
    }
    let (registry, mut diagnostics) = match config.cgu.is_empty() {
        true => (Registry::infer(&site), Vec::new()),
        false => Registry::from_config(&config.cgu, &config_text, &site),
    };
    diagnostics.extend(crate::render::theme::check_config(
        &config,
        &config_text,
        &site,
    ));
    let mut notes = Vec::new();
    let selected = match &opts.changed {
        Some(rev) => {
            let changes = changed::since(&opts.root, rev).map_err(Error::Changed)?;
            let selection = changed::select(&site, &registry, &layout.content_in_root(), &changes);
            notes.push(selection.note(rev, &layout.content_display()));
            match selection {
                Selection::All(_) => None,
                Selection::Pages { files, pages } => Some((Vec::from_iter(pages), files)),
            }
        }
        None => None,
    };
    let checker = Checker::new(&site, &registry);
    diagnostics.extend(timed("check", || match &selected {
        None => checker.site(),
        Some((ids, files)) => {
            let mut found = checker.pages(ids);
            let others = files.iter().filter(|f| site.page(f).is_none());
            found.extend(others.flat_map(|f| site.problems(f)).cloned());
            found
        }
    }));
    if opts.external {
        let external = check::external::Options {
            config: &config.external,
            cache: (!opts.no_cache).then(|| opts.root.join(check::external::CACHE_FILE)),
            offline: opts.offline,
            progress: opts.progress,
        };
        let pages = site.pages().filter(|p| {
            selected
                .as_ref()
                .is_none_or(|(ids, _)| ids.binary_search(&p.id).is_ok())
        });
        let (found, summary) = check::external::check_pages(pages, &external);
        diagnostics.extend(found);
        notes.push(summary);
    }
    Ok(Checked {
        config,
        config_text,
        layout,
        site,
        registry,
        checked_pages: selected.as_ref().map(|(ids, _)| ids.len()),
        diagnostics,
        notes,
    })
}

/// The report of a run, with the text of each file its diagnostics point into: pages from
/// the model when it kept them, else read again (only files with diagnostics).
fn finish(
    diagnostics: Vec<Diagnostic>,
    notes: Vec<String>,
    site: &Site,
    layout: &Layout,
    registry: Registry,
    config_text: &str,
    theme: Option<&Theme>,
) -> Report {
    let mut texts = HashMap::new();
    for d in &diagnostics {
        // A symbolic link's warning points at no text: the link is not read.
        if texts.contains_key(&d.file) || d.code == diagnostics::Code::Symlink {
            continue;
        }
        let text = if d.file == CONFIG_FILE {
            Some(config_text.to_string())
        } else if let Some(page) = site.page(&d.file) {
            page.source
                .clone()
                .or_else(|| read_source(&site.content_dir.join(&page.path)))
        } else if let Some(t) = theme.and_then(|t| t.templates.iter().find(|t| t.origin == d.file))
        {
            Some(t.source.clone())
        } else {
            read_source(&site.content_dir.join(&d.file))
        };
        if let Some(text) = text {
            texts.insert(d.file.clone(), text);
        }
    }
    let mut report = Report {
        diagnostics,
        notes,
        closing: None,
        pages: site.page_count(),
        page_paths: site.pages().map(|p| p.path.clone()).collect(),
        registry,
        trash: Vec::new(),
        texts,
    };
    report.relocate(layout);
    report
}

/// The closing line of a build that found errors: nothing was written, and how to publish
/// anyway.
fn nothing_written(layout: &Layout, diagnostics: &[Diagnostic]) -> String {
    let mut codes: Vec<&str> = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error && !d.code.is_usage())
        .map(|d| d.code.as_str())
        .collect();
    codes.sort_unstable();
    codes.dedup();
    let output = layout.display_path(&layout.output);
    let kept = match layout.output.join(output::MARKER).is_file() {
        true => format!("{output} keeps its previous version"),
        false => format!("{output} was not created"),
    };
    let codes = codes
        .iter()
        .map(|c| format!("`{c}`"))
        .collect::<Vec<_>>()
        .join(", ");
    format!("nothing was written: {kept}; to publish anyway, lower {codes} to `warning` under `checks:` in faqsite.yaml")
}

/// A page's text as the model reads it: invalid UTF-8 replaced, without a byte-order mark.
fn read_source(path: &Path) -> Option<String> {
    let bytes = std::fs::read(path).ok()?;
    if content::is_binary(&bytes) {
        return None;
    }
    let text = String::from_utf8_lossy(&bytes);
    Some(text.strip_prefix('\u{feff}').unwrap_or(&text).to_string())
}

/// Runs one stage; with `FAQSITE_TIMINGS` set, prints how long it took on stderr (for
/// benchmarks and profiles).
fn timed<T>(stage: &str, run: impl FnOnce() -> T) -> T {
    let started = std::time::Instant::now();
    let out = run();
    if std::env::var_os("FAQSITE_TIMINGS").is_some() {
        eprintln!(
            "timing: {stage}: {:.0} ms",
            started.elapsed().as_secs_f64() * 1000.0
        );
    }
    out
}
