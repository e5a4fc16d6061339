//! The two runs, stage by stage: `check` (config → load → checks) and `build` (the same, then
//! render → write). Each returns a `Report`; printing and exit codes belong to `main.rs`.

use crate::cgu::Registry;
use crate::check;
use crate::config::{self, Config, CONFIG_FILE};
use crate::content::{self, Site};
use crate::diagnostics::{self, Diagnostic, Severity, Sources};
use crate::output::{self, OutputError, Staging};
use crate::render::{self, theme::Theme, Renderer};
use rayon::prelude::*;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("no content folder: {0} does not exist")]
    NoContent(PathBuf),
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
    /// Check external links (`check` does, `build` only with `--check-external`).
    pub external: bool,
    /// No network at all: external links are counted, not checked.
    pub offline: bool,
    /// Ignore and do not update `.faqsite-cache.json`.
    pub no_cache: bool,
    /// Show a progress bar while checking external links.
    pub progress: bool,
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
    pub pages: usize,
    /// The CGU registry the run checked against (configured or inferred).
    pub registry: Registry,
    /// Replaced outputs, renamed beside the output folder, for the caller to remove with
    /// `output::remove_trash` — in the background if it can: that takes longer than a build.
    pub trash: Vec<PathBuf>,
    site: Option<Site>,
    config_text: String,
    theme: Option<Theme>,
}

/// How a run ends, as the process exit code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Ok = 0,
    ContentProblems = 1,
    UsageError = 2,
}

impl Report {
    pub fn sources(&self) -> Sources<'_> {
        let mut sources = Sources::default();
        sources.add(CONFIG_FILE, &self.config_text);
        if let Some(site) = &self.site {
            for page in &site.pages {
                sources.add(&page.path, &page.source);
            }
        }
        if let Some(theme) = &self.theme {
            for t in &theme.templates {
                sources.add(&t.origin, &t.source);
            }
        }
        sources
    }

    pub fn outcome(&self) -> Outcome {
        if self.diagnostics.iter().any(|d| d.code.is_usage()) {
            Outcome::UsageError
        } else if self
            .diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
        {
            Outcome::ContentProblems
        } else {
            Outcome::Ok
        }
    }

    pub fn site(&self) -> Option<&Site> {
        self.site.as_ref()
    }
}

/// Loads and checks the site; writes nothing.
pub fn check(opts: &CheckOptions) -> Result<Report, Error> {
    let (report, _) = load_and_check(opts)?;
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
    let Some(site) = first.site() else {
        return Ok((first, Vec::new()));
    };
    let mut edits: std::collections::BTreeMap<&str, Vec<&diagnostics::Edit>> = Default::default();
    for d in first
        .diagnostics
        .iter()
        .filter(|d| d.code == diagnostics::Code::OutdatedCgu)
    {
        edits.entry(&d.file).or_default().extend(&d.fix);
    }
    let mut fixed = Vec::new();
    for (path, mut file_edits) in edits {
        let Some(page) = site.page(path) else {
            continue;
        };
        file_edits.sort_by_key(|e| std::cmp::Reverse(e.span.start));
        file_edits.dedup();
        let mut text = page.source.clone();
        let mut floor = usize::MAX;
        for edit in file_edits {
            if edit.span.end <= floor {
                text.replace_range(edit.span.clone(), &edit.replacement);
                floor = edit.span.start;
            }
        }
        if text == page.source {
            continue;
        }
        let target = site.content_dir.join(path);
        output::replace_file(&target, text.as_bytes())
            .map_err(io(format!("writing {}", target.display())))?;
        let lines = page
            .source
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
    let output = opts.output.clone().unwrap_or_else(|| root.join("public"));
    output::validate(root, &root.join("content"), &output)?;
    let (mut report, config) = load_and_check(&opts.check)?;
    let (Some(config), Some(site)) = (config, report.site.as_ref()) else {
        return Ok(report);
    };
    let theme = render::theme::load(root, &config.theme).map_err(io("reading the theme"))?;
    let publish = report.outcome() == Outcome::Ok;
    let mut trash = output::stale_trash(&output);
    let written = render_and_write(site, &report.registry, &config, &theme, &output, publish).map(
        |(errors, replaced)| {
            trash.extend(replaced);
            errors
        },
    );
    report.trash = trash;
    report.theme = Some(theme);
    let template_errors = written.map_err(io(format!("writing {}", output.display())))?;
    if publish && template_errors.is_empty() {
        report.notes.push(format!(
            "wrote {} pages to {}",
            site.pages.len(),
            output.display()
        ));
    }
    report.diagnostics.extend(template_errors);
    diagnostics::sort(&mut report.diagnostics);
    Ok(report)
}

/// Renders every page, and writes the site only if `publish` and no template failed; returns
/// the template errors and the replaced output (renamed to a trash folder). Pages are written as soon as rendered: the site is never held whole.
fn render_and_write(
    site: &Site,
    registry: &Registry,
    config: &Config,
    theme: &Theme,
    output: &Path,
    publish: bool,
) -> std::io::Result<(Vec<Diagnostic>, Option<PathBuf>)> {
    let renderer = match Renderer::new(config, theme) {
        Ok(r) => r.with_site(site, asset_sizes(site)).with_registry(registry),
        Err(diags) => return Ok((diags, None)),
    };
    let staging = match publish {
        true => Some(Staging::create(
            output,
            site.dirs.iter().map(String::as_str),
        )?),
        false => None,
    };
    // Pages and the site-wide files (search index, section indexes) render side by side:
    // page writing waits on the disk, the index does not.
    let (rendered, site_files) = rayon::join(
        || {
            site.pages
                .par_iter()
                .map(|page| match renderer.page(site, page) {
                    Ok(file) => staging
                        .as_ref()
                        .map_or(Ok(None), |s| s.write(&file).map(|()| None)),
                    Err(d) => Ok(Some(d)),
                })
                .collect::<std::io::Result<Vec<Option<Diagnostic>>>>()
        },
        || renderer.site_files(site),
    );
    let mut errors: Vec<Diagnostic> = rendered?.into_iter().flatten().collect();
    let site_files = site_files.unwrap_or_else(|diags| {
        errors.extend(diags);
        Vec::new()
    });
    let Some(staging) = staging.filter(|_| errors.is_empty()) else {
        return Ok((errors, None));
    };
    for file in &site_files {
        staging.write(file)?;
    }
    staging.copy_assets(&site.content_dir, &site.assets)?;
    Ok((errors, staging.commit()?))
}

/// The size in bytes of each asset, for download links ("PDF – 12 ko"); unreadable ones are
/// left out (the copy reports them).
fn asset_sizes(site: &Site) -> std::collections::HashMap<String, u64> {
    site.assets
        .par_iter()
        .filter_map(|a| {
            Some((
                a.clone(),
                std::fs::metadata(site.content_dir.join(a)).ok()?.len(),
            ))
        })
        .collect()
}

fn load_and_check(opts: &CheckOptions) -> Result<(Report, Option<Config>), Error> {
    let mut report = Report::default();
    let config = match config::load(&opts.root) {
        Ok((config, text)) => {
            report.config_text = text;
            config
        }
        Err(diags) => {
            report.config_text =
                std::fs::read_to_string(opts.root.join(CONFIG_FILE)).unwrap_or_default();
            report.diagnostics = diags;
            return Ok((report, None));
        }
    };
    let content_dir = opts.root.join("content");
    if !content_dir.is_dir() {
        return Err(Error::NoContent(content_dir));
    }
    let (site, mut diags) =
        content::load(&content_dir).map_err(io(format!("reading {}", content_dir.display())))?;
    diags.extend(check::internal(&site));
    let registry = match config.cgu.is_empty() {
        true => Registry::infer(&site),
        false => {
            let (registry, problems) =
                Registry::from_config(&config.cgu, &report.config_text, &site);
            diags.extend(problems);
            registry
        }
    };
    diags.extend(check::cgu::check(&site, &registry));
    if opts.external {
        let external = check::external::Options {
            config: &config.external,
            cache: (!opts.no_cache).then(|| opts.root.join(check::external::CACHE_FILE)),
            offline: opts.offline,
            progress: opts.progress,
        };
        let (found, summary) = check::external::check(&site, &external);
        diags.extend(found);
        report.notes.push(summary);
    }
    report.registry = registry;
    report.diagnostics = config.levels().apply(diags);
    diagnostics::sort(&mut report.diagnostics);
    report.pages = site.pages.len();
    report.site = Some(site);
    Ok((report, Some(config)))
}
