//! The command line: parse arguments, run the library, print the report, exit with its code.

use clap::{Args, Parser, Subcommand, ValueEnum};

/// mimalloc, as ruff uses: many small allocations on all cores (pages, links, events).
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

use faqsite::diagnostics::{self, Diagnostic};
use faqsite::pipeline::{self, BuildOptions, CheckOptions, ExitStatus, Fixes, Report};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

/// mimalloc's `mi_option_purge_delay` (its place in `mi_option_e`, `mimalloc.h`; the crate
/// names no constant for it): how many milliseconds freed memory stays with the process.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Gives freed memory back to the system after 1 ms instead of mimalloc's 1 s: the load frees
/// every page's text as it goes, and a run of half a second held all it freed, which counted
/// in its peak (`check` on 10,000 pages, 87 → 77 MB; same time, medians of 11).
fn return_freed_memory_sooner() {
    // SAFETY: sets an option before any other thread starts (mimalloc: not thread safe).
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 1) }
}

#[derive(Parser)]
#[command(
    name = "faqsite",
    version,
    about = "Builds a Markdown FAQ tree into a static site and checks every link"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Load, check, render and write the site (nothing is written if an error is found)
    Build {
        #[command(flatten)]
        common: Common,
        /// Output folder [default: ROOT/public]
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// Also check external links (off by default for builds)
        #[arg(long)]
        check_external: bool,
    },
    /// Load and check the site, external links included unless --offline; write nothing
    Check {
        #[command(flatten)]
        common: Common,
        /// Rewrite in place, printing a diff: outdated CGU links and mentions to the current
        /// version, and each broken link or anchor whose target is sure (a moved or renamed
        /// file, a renamed heading); the others are left with their hint
        #[arg(long)]
        fix: bool,
        /// With --fix: print the diff, write nothing
        #[arg(long, requires = "fix")]
        dry_run: bool,
        /// Check only the pages changed since the git revision REV and the pages linking to
        /// changed, renamed or deleted files (every page if faqsite.yaml or a CGU file
        /// changed); with --fix, links to a file git saw renamed lead to its new name
        #[arg(long, value_name = "REV")]
        changed: Option<String>,
    },
    /// Start a site: in an existing documentation repository, write faqsite.yaml only; in a
    /// new or empty folder, a minimal French site. Never overwrites a file
    Init {
        /// The repository, or the folder to create
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Also write the GitHub Actions workflow (.github/workflows/docs.yml)
        #[arg(long)]
        workflow: bool,
    },
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell)
    Completions { shell: clap_complete::Shell },
    /// Serve the site from memory with live reload, rebuilding what each edit affects
    Serve {
        /// Project root: the repository, with its pages at its root or in content/, and
        /// optionally faqsite.yaml, templates/ and themes/
        #[arg(default_value = ".")]
        root: PathBuf,
        /// Folder of the pages, relative to ROOT [default: content/ if ROOT has one, else ROOT]
        #[arg(long, value_name = "DIR")]
        content: Option<PathBuf>,
        /// Port to listen on (0: any free port)
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Address to listen on; anything but a loopback address is reachable by others
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Also answer requests addressed to NAME (this machine's DNS name), repeatable
        #[arg(long = "allow-host", value_name = "NAME")]
        allow_host: Vec<String>,
        /// Open the site in the default browser
        #[arg(long)]
        open: bool,
        /// Poll the tree for changes instead of kernel notifications (network drives, WSL)
        #[arg(long)]
        poll: bool,
    },
}

#[derive(Args)]
struct Common {
    /// Project root: the repository, with its pages at its root or in content/, and
    /// optionally faqsite.yaml, templates/ and themes/
    #[arg(default_value = ".")]
    root: PathBuf,
    /// Folder of the pages, relative to ROOT [default: content/ if ROOT has one, else ROOT]
    #[arg(long, value_name = "DIR")]
    content: Option<PathBuf>,
    /// Do not touch the network: external links are counted, not checked
    #[arg(long)]
    offline: bool,
    /// Ignore the cache of external results (.faqsite-cache.json)
    #[arg(long)]
    no_cache: bool,
    /// How to print diagnostics
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Print only the diagnostics: no summary, no notes
    #[arg(long, short, conflicts_with = "verbose")]
    quiet: bool,
    /// Also print the time of each stage
    #[arg(long, short)]
    verbose: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Human,
    Json,
    Github,
    Sarif,
    Junit,
}

/// The detached process a build starts to remove the outputs it replaced: not a command a
/// user types, so not one clap (and its completions) knows.
const REMOVE_TRASH: &str = "__remove-trash";

fn main() -> ExitCode {
    return_freed_memory_sooner();
    let mut args = std::env::args_os().skip(1);
    if args.next().is_some_and(|a| a == REMOVE_TRASH) {
        for dir in args {
            let _ = faqsite::output::remove_trash(std::path::Path::new(&dir));
        }
        return ExitCode::SUCCESS;
    }
    let cli = Cli::parse();
    let started = Instant::now();
    if let Command::Build { common, .. } | Command::Check { common, .. } = &cli.command {
        if common.verbose {
            // Read by the pipeline's stage timer; set before any thread starts.
            std::env::set_var("FAQSITE_TIMINGS", "1");
        }
    }
    let (common, result) = match cli.command {
        Command::Serve {
            root,
            content,
            port,
            bind,
            allow_host,
            open,
            poll,
        } => {
            let opts = faqsite::serve::ServeOptions {
                root,
                content,
                bind,
                port,
                allow_hosts: allow_host,
                open,
                poll,
            };
            return match faqsite::serve::run(opts) {
                Ok(()) => ExitCode::SUCCESS,
                Err(faqsite::serve::Error::Load(faqsite::project::OpenError::Config(
                    diags,
                    text,
                ))) => {
                    let mut sources = diagnostics::Sources::default();
                    sources.add(faqsite::config::CONFIG_FILE, &text);
                    let _ = diagnostics::human::print(&diags, &sources);
                    ExitCode::from(ExitStatus::UsageError as u8)
                }
                Err(err) => {
                    eprintln!("error: {err}");
                    ExitCode::from(ExitStatus::UsageError as u8)
                }
            };
        }
        Command::Init { dir, workflow } => {
            return match faqsite::init::init(&dir, workflow) {
                Ok(files) => {
                    for file in files {
                        println!("wrote {}", dir.join(file).display());
                    }
                    println!("next: faqsite build {}", dir.display());
                    ExitCode::SUCCESS
                }
                Err(err) => {
                    eprintln!("error: {err}");
                    ExitCode::from(ExitStatus::UsageError as u8)
                }
            };
        }
        Command::Completions { shell } => {
            let mut command = <Cli as clap::CommandFactory>::command();
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut command, "faqsite", &mut script);
            // A reader that stops early (`| head`) is no error.
            return match std::io::stdout().write_all(&script) {
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                    eprintln!("error: cannot print the script: {e}");
                    ExitCode::from(ExitStatus::UsageError as u8)
                }
                _ => ExitCode::SUCCESS,
            };
        }
        Command::Build {
            common,
            output,
            check_external,
        } => {
            let opts = BuildOptions {
                check: check_options(&common, check_external),
                output,
            };
            (common, pipeline::build(&opts))
        }
        Command::Check {
            common,
            fix: false,
            changed,
            ..
        } => {
            let opts = CheckOptions {
                changed,
                ..check_options(&common, true)
            };
            (common, pipeline::check(&opts))
        }
        Command::Check {
            common,
            fix: true,
            dry_run,
            changed,
        } => {
            let opts = CheckOptions {
                changed,
                ..check_options(&common, true)
            };
            let result = pipeline::fix(&opts, dry_run).map(|(report, fixes)| {
                print_fixes(&fixes);
                report
            });
            (common, result)
        }
    };
    let report = match result {
        Ok(report) => report,
        Err(err) => {
            eprintln!("error: {err}");
            return ExitCode::from(ExitStatus::UsageError as u8);
        }
    };
    match faqsite::project::timed("print", || print(&report, common.format)) {
        // A reader that stops early (`| head`) has what it wanted, as with any other tool.
        Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => {}
        Err(err) => eprintln!("error: cannot print the report: {err}"),
        Ok(()) => {}
    }
    if !common.quiet {
        summarize(&report, started);
    }
    remove_in_background(&report.trash);
    ExitCode::from(report.exit_status() as u8)
}

fn check_options(common: &Common, external: bool) -> CheckOptions {
    CheckOptions {
        root: common.root.clone(),
        content: common.content.clone(),
        external,
        offline: common.offline,
        no_cache: common.no_cache,
        progress: matches!(common.format, Format::Human) && std::io::stderr().is_terminal(),
        changed: None,
    }
}

fn print(report: &Report, format: Format) -> std::io::Result<()> {
    let sources = report.sources();
    let diags: &[Diagnostic] = &report.diagnostics;
    match format {
        Format::Human => diagnostics::human::print(diags, &sources),
        Format::Json => diagnostics::json::write(&mut std::io::stdout().lock(), diags, &sources),
        Format::Sarif => diagnostics::sarif::write(&mut std::io::stdout().lock(), diags, &sources),
        Format::Junit => diagnostics::junit::write(
            &mut std::io::stdout().lock(),
            diags,
            &sources,
            &report.page_paths,
        ),
        Format::Github => {
            diagnostics::github::write(&mut std::io::stdout().lock(), diags, &sources)
        }
    }
}

/// Removes replaced outputs in a detached process, as `git gc --auto` does: the new site is
/// already in place and deleting 10,000 files takes longer than building them. Falls back
/// to removing them here.
fn remove_in_background(trash: &[PathBuf]) {
    if trash.is_empty() {
        return;
    }
    let spawned = std::env::current_exe().and_then(|exe| {
        std::process::Command::new(exe)
            .arg(REMOVE_TRASH)
            .args(trash)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
    });
    if spawned.is_err() {
        for dir in trash {
            let _ = faqsite::output::remove_trash(dir);
        }
    }
}

/// What `--fix` changed (or would, with `--dry-run`): a unified diff per file on stderr, then
/// one line of counts.
fn print_fixes(fixes: &Fixes) {
    let mut err = anstream::stderr().lock();
    let (bold, red, green, cyan) = (
        anstyle::Style::new().bold(),
        anstyle::AnsiColor::Red.on_default(),
        anstyle::AnsiColor::Green.on_default(),
        anstyle::AnsiColor::Cyan.on_default(),
    );
    for file in &fixes.files {
        for line in file.diff.lines() {
            let style = if line.starts_with("--- ") || line.starts_with("+++ ") {
                bold
            } else if line.starts_with("@@") {
                cyan
            } else if line.starts_with('-') {
                red
            } else if line.starts_with('+') {
                green
            } else {
                anstyle::Style::new()
            };
            let _ = writeln!(err, "{style}{line}{style:#}");
        }
    }
    let _ = writeln!(err, "{}", fix_summary(fixes));
}

/// `fixed 2 broken links and 1 broken anchor in 2 files; 1 broken link left: …`.
fn fix_summary(fixes: &Fixes) -> String {
    let plural = |n: usize, one: &str, many: &str| match n {
        1 => format!("1 {one}"),
        n => format!("{n} {many}"),
    };
    let names = [
        ("broken-link", "broken link", "broken links"),
        ("broken-anchor", "broken anchor", "broken anchors"),
        (
            "outdated-cgu",
            "outdated CGU reference",
            "outdated CGU references",
        ),
    ];
    let parts: Vec<String> = names
        .iter()
        .filter_map(|&(code, one, many)| Some(plural(*fixes.fixed.get(code)?, one, many)))
        .collect();
    let mut line = match parts.split_last() {
        None => "nothing to fix".to_string(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    };
    if !parts.is_empty() {
        let files = plural(fixes.files.len(), "file", "files");
        line = match fixes.dry_run {
            true => format!("would fix {line} in {files} (--dry-run: nothing written)"),
            false => format!("fixed {line} in {files}"),
        };
    }
    if fixes.left > 0 {
        let left = plural(
            fixes.left,
            "broken link or anchor",
            "broken links or anchors",
        );
        line.push_str(&format!(
            "; {left} left: no single sure target (see the hints)"
        ));
    }
    line
}

/// One line on stderr, so that stdout holds only the diagnostics.
fn summarize(report: &Report, started: Instant) {
    let counts = diagnostics::count(&report.diagnostics);
    let mut err = std::io::stderr().lock();
    for note in &report.notes {
        let _ = writeln!(err, "{note}");
    }
    let _ = writeln!(
        err,
        "{} page{} checked: {} error{}, {} warning{} ({:.2} s)",
        report.pages,
        if report.pages == 1 { "" } else { "s" },
        counts.errors,
        if counts.errors == 1 { "" } else { "s" },
        counts.warnings,
        if counts.warnings == 1 { "" } else { "s" },
        started.elapsed().as_secs_f64()
    );
    if let Some(last) = &report.closing {
        let _ = writeln!(err, "{last}");
    }
}

#[cfg(test)]
mod tests {
    /// The number is mimalloc's `purge_delay`: the option holds its default of 1,000 ms
    /// (`options.c`) before faqsite sets it (its neighbours in the list default to 1 and 0).
    #[test]
    fn purge_delay_is_the_option_set() {
        // SAFETY: reads an option; no test of this binary sets any.
        let delay = unsafe { libmimalloc_sys::mi_option_get(super::MI_OPTION_PURGE_DELAY) };
        assert_eq!(delay, 1000);
    }
}
