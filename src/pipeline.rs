//! The runs, as drivers over the project: `check` (open → check → judge), `check --changed`
//! (the same, for the pages the changes affect), `check --fix` (check, rewrite, check again)
//! and `build` (the same as check, then render → write aside → swap in). Each returns a
//! `Report` naming files from where faqsite runs; printing and exit codes belong to `main.rs`.

use crate::changed::{self, Selection};
use crate::check;
use crate::config::CONFIG_FILE;
use crate::diagnostics::{self, Diagnostic, Severity, Sources};
use crate::layout::{self, Layout, LayoutError};
use crate::output::{self, MemorySite, Output, OutputError, Staging};
use crate::project::{timed, Open, OpenError, Project};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Layout(#[from] LayoutError),
    #[error(transparent)]
    Open(OpenError),
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

/// A project opened and checked, before the diagnostics are judged.
struct Checked {
    project: Project,
    diagnostics: Vec<Diagnostic>,
    notes: Vec<String>,
    /// With `--changed`, how many pages were checked (else all of them).
    checked_pages: Option<usize>,
}

/// Loads and checks the site; writes nothing.
pub fn check(opts: &CheckOptions) -> Result<Report, Error> {
    check_keeping(opts, Texts::Quoted)
}

/// The texts a report keeps of the files its diagnostics point into: the lines they quote,
/// or, for `check --fix`, the whole text of each file a fix edits.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Texts {
    Quoted,
    ForFixes,
}

fn check_keeping(opts: &CheckOptions, texts: Texts) -> Result<Report, Error> {
    let open = Open {
        content: opts.content.as_deref(),
        ..Open::new(&opts.root)
    };
    let checked = match open_and_check(opts, open)? {
        Ok(checked) => checked,
        Err(report) => return Ok(report),
    };
    let Checked {
        project,
        diagnostics,
        notes,
        checked_pages,
    } = checked;
    let diagnostics = project.judge(diagnostics);
    let mut report = timed("report", || finish(diagnostics, notes, &project, texts));
    report.pages = checked_pages.unwrap_or(report.pages);
    drop_aside(project);
    Ok(report)
}

/// What `check --fix` did: the files it rewrote (or would have, with `--dry-run`), how
/// many problems of each code that fixed, and how many broken links and anchors it left.
#[derive(Default)]
pub struct Fixes {
    pub files: Vec<FixedFile>,
    /// Problems fixed, by code (`broken-link`, `broken-anchor`, `outdated-cgu`).
    pub fixed: BTreeMap<&'static str, usize>,
    /// `broken-link` and `broken-anchor` diagnostics with no fix: no single sure target, or
    /// none at all; their hints say what may have been meant.
    pub left: usize,
    pub dry_run: bool,
}

/// A file `check --fix` rewrote: its unified diff, `--- a/PATH` and `+++ b/PATH` naming it
/// as the diagnostics do.
pub struct FixedFile {
    pub path: String,
    pub diff: String,
}

/// Applies the fixes the diagnostics carry — outdated CGU references, and the broken links
/// and anchors whose target is sure — in place (each file atomically, only if it changed;
/// with `dry_run`, nowhere), then checks again. Returns the new report and what changed.
pub fn fix(opts: &CheckOptions, dry_run: bool) -> Result<(Report, Fixes), Error> {
    // Only the internal checks carry fixes: outside links wait for the final check.
    let first = check_keeping(
        &CheckOptions {
            external: false,
            ..opts.clone()
        },
        Texts::ForFixes,
    )?;
    let mut fixes = Fixes {
        dry_run,
        ..Fixes::default()
    };
    let mut by_file: BTreeMap<&str, Vec<&Diagnostic>> = BTreeMap::new();
    for d in &first.diagnostics {
        if !d.fix.is_empty() {
            by_file.entry(&d.file).or_default().push(d);
        } else if matches!(
            d.code,
            diagnostics::Code::BrokenLink | diagnostics::Code::BrokenAnchor
        ) {
            fixes.left += 1;
        }
    }
    for (path, diags) in by_file {
        let Some(source) = first.texts.get(path) else {
            continue;
        };
        let mut edits: Vec<&diagnostics::Edit> = diags.iter().flat_map(|d| &d.fix).collect();
        edits.sort_by_key(|e| std::cmp::Reverse(e.span.start));
        edits.dedup();
        let mut text = source.clone();
        let mut floor = usize::MAX;
        for edit in edits {
            if edit.span.end <= floor {
                text.replace_range(edit.span.clone(), &edit.replacement);
                floor = edit.span.start;
            }
        }
        if text == *source {
            continue;
        }
        for d in diags {
            *fixes.fixed.entry(d.code.as_str()).or_default() += 1;
        }
        if !dry_run {
            // Diagnostics name files from the current folder.
            let target = PathBuf::from(path);
            crate::files::replace_file(&target, text.as_bytes())
                .map_err(io(format!("writing {}", target.display())))?;
        }
        fixes.files.push(FixedFile {
            path: path.to_string(),
            diff: unified_diff(path, source, &text),
        });
    }
    Ok((check(opts)?, fixes))
}

/// The unified diff of a fixed file, as `git diff` prints it (three lines of context).
fn unified_diff(path: &str, before: &str, after: &str) -> String {
    similar::TextDiff::from_lines(before, after)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string()
}

/// Loads, checks, renders and, when no error was found, writes the site.
pub fn build(opts: &BuildOptions) -> Result<Report, Error> {
    let open = Open {
        content: opts.check.content.as_deref(),
        output: opts.output.as_deref(),
        validate_output: true,
        renders: true,
        ..Open::new(&opts.check.root)
    };
    let checked = match open_and_check(&opts.check, open)? {
        Ok(checked) => checked,
        Err(report) => return Ok(report),
    };
    let Checked {
        project,
        diagnostics,
        mut notes,
        ..
    } = checked;
    let output = project.layout.output.clone();
    let mut diagnostics = project.judge(diagnostics);
    let publish = exit_status(&diagnostics) == ExitStatus::Ok;
    let staging = match publish {
        true => Some(
            timed("staging", || Staging::create(&output, project.site.dirs()))
                .map_err(io(format!("writing {}", output.display())))?,
        ),
        false => None,
    };
    let template_problems = project
        .render_all(staging.as_ref().map(|s| s as &dyn Output))
        .map_err(io(format!("writing {}", output.display())))?;
    let template_problems = project.judge(template_problems);
    let mut trash = output::stale_trash(&output);
    if let Some(staging) = staging.filter(|_| exit_status(&template_problems) == ExitStatus::Ok) {
        let replaced = staging
            .commit()
            .map_err(io(format!("writing {}", output.display())))?;
        trash.extend(replaced);
        notes.push(format!(
            "wrote {} pages to {}",
            project.site.page_count(),
            project.layout.display_path(&output)
        ));
    }
    diagnostics.extend(template_problems);
    diagnostics::sort(&mut diagnostics);
    let closing = (exit_status(&diagnostics) != ExitStatus::Ok)
        .then(|| nothing_written(&project.layout, &diagnostics));
    let mut report = timed("report", || {
        finish(diagnostics, notes, &project, Texts::Quoted)
    });
    report.trash = trash;
    report.closing = closing;
    drop_aside(project);
    Ok(report)
}

/// Loads, checks and renders the whole site into memory, whatever its problems: the files
/// a build would write, in memory (the batch renderer, to compare `serve` with a build).
pub fn build_in_memory(opts: &CheckOptions) -> Result<(Report, MemorySite), Error> {
    let memory = MemorySite::default();
    let open = Open {
        content: opts.content.as_deref(),
        renders: true,
        ..Open::new(&opts.root)
    };
    let checked = match open_and_check(opts, open)? {
        Ok(checked) => checked,
        Err(report) => return Ok((report, memory)),
    };
    let Checked {
        project,
        mut diagnostics,
        notes,
        ..
    } = checked;
    diagnostics.extend(
        project
            .render_all(Some(&memory))
            .map_err(io("rendering in memory"))?,
    );
    let diagnostics = project.judge(diagnostics);
    let report = finish(diagnostics, notes, &project, Texts::Quoted);
    Ok((report, memory))
}

/// Opens the project and runs the checks: every page, or those `--changed` selects, and
/// outside links if asked. A report alone when the configuration is unusable.
fn open_and_check(opts: &CheckOptions, open: Open) -> Result<Result<Checked, Report>, Error> {
    let project = match Project::open(open) {
        Ok(project) => project,
        Err(OpenError::Config(diags, text)) => {
            let layout = layout::resolve(&opts.root, Some(Path::new(".")), None)?;
            let mut report = Report {
                diagnostics: diags,
                ..Report::default()
            };
            report.texts.insert(CONFIG_FILE.to_string(), text);
            report.relocate(&layout);
            return Ok(Err(report));
        }
        Err(OpenError::Layout(e)) => return Err(Error::Layout(e)),
        Err(OpenError::Output(e)) => return Err(Error::Output(e)),
        Err(e) => return Err(Error::Open(e)),
    };
    let mut notes = Vec::new();
    let mut renames = HashMap::new();
    let selected = match &opts.changed {
        Some(rev) => {
            let changes = changed::since(&opts.root, rev).map_err(Error::Changed)?;
            let layout = &project.layout;
            let content = layout.content_in_root();
            renames = changed::renames(&content, &changes);
            let selection = changed::select(&project.site, &project.registry, &content, &changes);
            notes.push(selection.note(rev, &layout.content_display()));
            match selection {
                Selection::All(_) => None,
                Selection::Pages { files, pages } => Some((Vec::from_iter(pages), files)),
            }
        }
        None => None,
    };
    let mut diagnostics = match &selected {
        None => project.check_all(&renames),
        Some((ids, files)) => project.check_some(ids, files, &renames),
    };
    if opts.external {
        let external = check::external::Options {
            config: &project.config.external,
            cache: (!opts.no_cache).then(|| opts.root.join(check::external::CACHE_FILE)),
            offline: opts.offline,
            progress: opts.progress,
        };
        let pages = project.site.documents().filter(|p| {
            selected
                .as_ref()
                .is_none_or(|(ids, _)| ids.binary_search(&p.id).is_ok())
        });
        let (found, summary) = check::external::check_pages(pages, &external);
        diagnostics.extend(found);
        notes.push(summary);
    }
    Ok(Ok(Checked {
        checked_pages: selected.as_ref().map(|(ids, _)| ids.len()),
        project,
        diagnostics,
        notes,
    }))
}

/// The report of a run, with the text of each file its diagnostics point into (only those),
/// as far as they need it.
/// Frees the project on a thread of its own: returning the model's hundreds of thousands of
/// allocations takes longer than printing the report, which need not wait for it.
fn drop_aside(project: Project) {
    std::thread::spawn(move || drop(project));
}

fn finish(
    mut diagnostics: Vec<Diagnostic>,
    notes: Vec<String>,
    project: &Project,
    texts: Texts,
) -> Report {
    // Each file's diagnostics, and whether a fix needs its text whole (`check --fix` only:
    // printing needs the quoted lines alone). A symbolic link's warning points at no text:
    // the link is not read.
    let mut files: BTreeMap<&str, (Vec<usize>, bool)> = BTreeMap::new();
    for (i, d) in diagnostics.iter().enumerate() {
        if d.code != diagnostics::Code::Symlink {
            let (of_file, whole) = files.entry(d.file.as_str()).or_default();
            of_file.push(i);
            *whole |= texts == Texts::ForFixes && !d.fix.is_empty();
        }
    }
    // Read on all cores; a file no fix touches keeps only the lines the diagnostics quote
    // (the others emptied, their line breaks kept), its diagnostics' spans moved to match:
    // the same positions and snippets from a fraction of the text.
    /// A file's name, its text or excerpt, and its diagnostics' spans in the excerpt.
    type Read = (String, String, Vec<(usize, Range<usize>)>);
    let read: Vec<Read> = files
        .into_par_iter()
        .filter_map(|(f, (of_file, whole))| {
            let text = project.text_of(f)?;
            if whole {
                return Some((f.to_string(), text.into_owned(), Vec::new()));
            }
            let spans: Vec<Range<usize>> = of_file
                .iter()
                .map(|&i| diagnostics[i].span.clone())
                .collect();
            let (excerpt, moved) = diagnostics::excerpt(&text, &spans);
            Some((
                f.to_string(),
                excerpt,
                of_file.into_iter().zip(moved).collect(),
            ))
        })
        .collect();
    let mut texts = HashMap::new();
    for (file, text, moved) in read {
        for (i, span) in moved {
            diagnostics[i].span = span;
        }
        texts.insert(file, text);
    }
    let site = &project.site;
    let mut report = Report {
        diagnostics,
        notes,
        closing: None,
        pages: site.document_count(),
        page_paths: site.documents().map(|p| p.path.clone()).collect(),
        trash: Vec::new(),
        texts,
    };
    report.relocate(&project.layout);
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
