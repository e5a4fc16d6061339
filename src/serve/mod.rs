//! `faqsite serve`: builds the site into memory, serves it (axum on tokio), watches the tree
//! (notify, debounced) and rebuilds what each change affects, pushing reloads and diagnostics
//! to the browser. Nothing is written to disk.

pub mod change;
pub mod events;
pub mod hosts;
pub mod http;

use crate::project::{Live, OpenError, Update};
use change::{classify, Change};
use events::{BrowserEvent, Notice, Saved};
use hosts::Hosts;
use notify::{EventKind, RecursiveMode};
use notify_debouncer_full::DebounceEventResult;
use std::io::Write;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::{mpsc, Arc, RwLock};
use std::time::Duration;
use tokio::sync::broadcast;

/// How long the watcher waits for a burst of file events to end (an editor's atomic save is
/// several events) before one rebuild.
const DEBOUNCE: Duration = Duration::from_millis(30);

#[derive(Clone, Debug)]
pub struct ServeOptions {
    pub root: PathBuf,
    /// `--content DIR`, relative to ROOT.
    pub content: Option<PathBuf>,
    pub bind: IpAddr,
    pub port: u16,
    /// `--allow-host`: more names requests may be addressed to (the machine's DNS name).
    pub allow_hosts: Vec<String>,
    pub open: bool,
    /// Poll the tree instead of kernel notifications (network file systems, WSL).
    pub poll: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Load(#[from] OpenError),
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("cannot watch {path}: {source}{advice}")]
    Watch {
        path: PathBuf,
        source: notify::Error,
        advice: &'static str,
    },
    #[error(transparent)]
    BadHost(#[from] hosts::BadHostName),
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// Serves until the process is stopped. Content errors never stop the server.
pub fn run(opts: ServeOptions) -> Result<(), Error> {
    let allowed = hosts::names(&opts.allow_hosts)?;
    let live = Live::load(&opts.root, opts.content.as_deref())?;
    print_problems(&live, None);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_io()
        .enable_time()
        .build()?;
    let addr = SocketAddr::new(opts.bind, opts.port);
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind(addr))
        .map_err(|source| Error::Bind { addr, source })?;
    let port = listener.local_addr()?.port();
    let own = match opts.bind.is_unspecified() {
        true => hosts::own_addresses(),
        false => Vec::new(),
    };
    let hosts = Hosts::new(opts.bind, port, &own, &allowed);
    let (events, _) = broadcast::channel(64);
    let server = Arc::new(http::Server {
        live: Arc::new(RwLock::new(live)),
        events,
        hosts: hosts.clone(),
    });
    let _watcher = watch(&opts, server.clone())?;
    if !opts.bind.is_loopback() {
        Notice::Exposed {
            bind: opts.bind,
            hosts: hosts.list(),
        }
        .print();
    }
    Notice::Listening { url: hosts.url() }.print();
    if opts.open {
        let url = hosts.local_url();
        if let Err(error) = open::that_detached(&url) {
            let error = error.to_string();
            Notice::NoBrowser { url, error }.print();
        }
    }
    let app = http::router(server);
    runtime.block_on(async move { axum::serve(listener, app).await })?;
    Ok(())
}

/// Starts the watcher; each debounced batch of changes is applied on a thread of its own.
fn watch(opts: &ServeOptions, server: Arc<http::Server>) -> Result<Box<dyn std::any::Any>, Error> {
    let (tx, rx) = mpsc::channel::<Vec<PathBuf>>();
    let handler = move |result: DebounceEventResult| {
        let Ok(events) = result else {
            return;
        };
        let paths: Vec<PathBuf> = events
            .into_iter()
            .filter(|e| !ignored(&e.kind))
            .flat_map(|e| e.event.paths)
            .collect();
        if !paths.is_empty() {
            let _ = tx.send(paths);
        }
    };
    let root = opts.root.canonicalize()?;
    // Where the pages are stays as it was at start: a new `content:` needs a restart.
    let (content, layout) = {
        let live = server.live.read().unwrap_or_else(|e| e.into_inner());
        (
            crate::layout::absolute(&live.layout().content),
            live.layout().clone(),
        )
    };
    // The watcher reports absolute paths: git's rules are read from the same ones.
    let absolute = crate::layout::resolve(&root, Some(&content), None)
        .map_err(|e| Error::Io(std::io::Error::other(e.to_string())))?;
    let watched = watched_paths(&root, &content);
    let watcher: Box<dyn std::any::Any> = if opts.poll {
        let config = notify::Config::default().with_poll_interval(Duration::from_millis(500));
        let debouncer = notify_debouncer_full::new_debouncer_opt::<_, notify::PollWatcher, _>(
            DEBOUNCE,
            None,
            handler,
            notify_debouncer_full::NoCache,
            config,
        )
        .map_err(|source| watch_error(&root, source))?;
        Box::new(watch_all(debouncer, &watched)?)
    } else {
        let debouncer = notify_debouncer_full::new_debouncer(DEBOUNCE, None, handler)
            .map_err(|source| watch_error(&root, source))?;
        Box::new(watch_all(debouncer, &watched)?)
    };
    std::thread::spawn(move || {
        while let Ok(mut paths) = rx.recv() {
            // Everything that arrived meanwhile is one batch.
            while let Ok(more) = rx.try_recv() {
                paths.extend(more);
            }
            // Read again for each batch: a few small files, and never stale.
            let mut ignores = crate::layout::GitIgnores::new(&absolute);
            let mut changes: Vec<Change> = Vec::new();
            let mut saved: Vec<Saved> = Vec::new();
            for path in &paths {
                if ignores.is_ignored_under(&content, path) {
                    continue;
                }
                if let Some(change) = classify(&root, &content, |r| layout.is_reserved(r), path) {
                    changes.push(change);
                    saved.push(Saved {
                        path: layout.display_path(path),
                        deleted: !path.exists(),
                    });
                }
            }
            changes.sort_by_key(|c| format!("{c:?}"));
            changes.dedup();
            saved.sort();
            saved.dedup();
            if changes.is_empty() {
                continue;
            }
            let started = std::time::Instant::now();
            let update = {
                let mut live = server.live.write().unwrap_or_else(|e| e.into_inner());
                let update = live.apply(&changes);
                Notice::Rebuilt {
                    files: saved,
                    pages: update.rendered,
                    outputs: update.changed.len() + update.removed.len(),
                    took: started.elapsed(),
                }
                .print();
                print_problems(&live, Some(&update));
                update
            };
            for event in BrowserEvent::for_update(&update) {
                let _ = server.events.send(event);
            }
        }
    });
    Ok(watcher)
}

/// Reads and metadata-only changes (permissions, owners, access times) change no page. A
/// new write time does: it is how the poll watcher reports a save.
fn ignored(kind: &EventKind) -> bool {
    use notify::event::{MetadataKind, ModifyKind};
    match kind {
        EventKind::Access(_) => true,
        EventKind::Modify(ModifyKind::Metadata(m)) => {
            !matches!(m, MetadataKind::WriteTime | MetadataKind::Any)
        }
        _ => false,
    }
}

/// Starts watching each path with its mode.
fn watch_all<T: notify::Watcher, C: notify_debouncer_full::FileIdCache>(
    mut debouncer: notify_debouncer_full::Debouncer<T, C>,
    watched: &[(PathBuf, RecursiveMode)],
) -> Result<notify_debouncer_full::Debouncer<T, C>, Error> {
    for (path, mode) in watched {
        debouncer
            .watch(path, *mode)
            .map_err(|source| watch_error(path, source))?;
    }
    Ok(debouncer)
}

/// What the watcher watches: the content, the templates and the themes, and the root
/// itself without its subfolders, for `faqsite.yaml` (its folder is watched, not the file:
/// an editor's atomic save replaces the file). Never the output or `target/`.
fn watched_paths(root: &Path, content: &Path) -> Vec<(PathBuf, RecursiveMode)> {
    if content == root {
        return vec![(root.to_path_buf(), RecursiveMode::Recursive)];
    }
    let mut paths = vec![(root.to_path_buf(), RecursiveMode::NonRecursive)];
    paths.push((content.to_path_buf(), RecursiveMode::Recursive));
    for dir in ["templates", "themes"] {
        if root.join(dir).is_dir() {
            paths.push((root.join(dir), RecursiveMode::Recursive));
        }
    }
    paths
}

fn watch_error(path: &Path, source: notify::Error) -> Error {
    let advice = match source.kind {
        notify::ErrorKind::MaxFilesWatch => {
            "\nhint: the system's limit of watched folders is reached: raise it with\n  sudo sysctl fs.inotify.max_user_watches=524288\nor run `faqsite serve --poll`"
        }
        _ => "\nhint: `faqsite serve --poll` polls the tree instead (network file systems, WSL)",
    };
    Error::Watch {
        path: path.to_path_buf(),
        source,
        advice,
    }
}

/// The problems of the site (at start), or those that appeared and were fixed, with files
/// named from the folder faqsite runs in, as `check` names them.
fn print_problems(live: &Live, update: Option<&Update>) {
    let shown: Vec<(String, std::borrow::Cow<str>)> = live
        .diagnostics()
        .keys()
        .filter_map(|file| Some((live.layout().display(file), live.text_of(file)?)))
        .collect();
    let mut sources = crate::diagnostics::Sources::default();
    for (name, text) in &shown {
        sources.add(name, text);
    }
    let relocated = |diags: &mut dyn Iterator<Item = &crate::diagnostics::Diagnostic>| {
        diags
            .map(|d| crate::diagnostics::Diagnostic {
                file: live.layout().display(&d.file),
                ..d.clone()
            })
            .collect::<Vec<_>>()
    };
    let mut out = anstream::stderr().lock();
    match update {
        None => {
            let all = relocated(&mut live.diagnostics().values().flatten());
            let _ = crate::diagnostics::human::write(&mut out, &all, &sources);
            let counts = crate::diagnostics::count(&all);
            let _ = writeln!(
                out,
                "{} pages: {} errors, {} warnings",
                live.page_count(),
                counts.errors,
                counts.warnings
            );
        }
        Some(update) => {
            let new = relocated(&mut update.new_problems.iter());
            let _ = crate::diagnostics::human::write(&mut out, &new, &sources);
            for d in relocated(&mut update.fixed.iter()) {
                let _ = writeln!(
                    out,
                    "fixed: {}: [{}] {}",
                    d.file,
                    d.code.as_str(),
                    d.message
                );
            }
        }
    }
}
