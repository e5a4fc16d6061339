//! `faqsite serve`: builds the site into memory, serves it (axum on tokio), watches the tree
//! (notify, debounced) and rebuilds what each change affects, pushing reloads and diagnostics
//! to the browser. Nothing is written to disk.

pub mod change;
pub mod http;
pub mod live;

use change::{classify, Change};
use live::{Live, LoadError, Update};
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
    pub open: bool,
    /// Poll the tree instead of kernel notifications (network file systems, WSL).
    pub poll: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Load(#[from] LoadError),
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
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// Serves until the process is stopped. Content errors never stop the server.
pub fn run(opts: ServeOptions) -> Result<(), Error> {
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
    let addr = listener.local_addr()?;
    let (events, _) = broadcast::channel(64);
    let server = Arc::new(http::Server {
        live: Arc::new(RwLock::new(live)),
        events,
        hosts: allowed_hosts(addr),
    });
    let _watcher = watch(&opts, server.clone())?;
    let url = format!("http://{}/", display_host(addr));
    if !opts.bind.is_loopback() {
        eprintln!(
            "warning: serving on {} — anyone on this network can read the site; faqsite answers only to requests addressed to {url}",
            opts.bind
        );
    }
    println!("faqsite serve: {url}");
    let _ = std::io::stdout().flush();
    if opts.open {
        open_browser(&url);
    }
    let app = axum::Router::new().fallback({
        let server = server.clone();
        move |method, uri, headers| http::handle(server.clone(), method, uri, headers)
    });
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
            crate::layout::absolute(&live.layout.content),
            live.layout.clone(),
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
            let mut changes: Vec<Change> = paths
                .iter()
                .filter(|p| !ignores.is_ignored_under(&content, p))
                .filter_map(|p| classify(&root, &content, |r| layout.is_reserved(r), p))
                .collect();
            changes.sort_by_key(|c| format!("{c:?}"));
            changes.dedup();
            if changes.is_empty() {
                continue;
            }
            let started = std::time::Instant::now();
            let update = {
                let mut live = server.live.write().unwrap_or_else(|e| e.into_inner());
                let update = live.apply(&changes);
                print_update(&live, &update, started.elapsed());
                update
            };
            announce(&server, &update);
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

/// Sends the browser what changed: typed server-sent events.
fn announce(server: &http::Server, update: &Update) {
    let mut pages: Vec<&String> = update.changed.iter().chain(&update.removed).collect();
    pages.retain(|p| p.ends_with(".html"));
    if !pages.is_empty() {
        let data = serde_json::json!({ "paths": pages });
        let _ = server
            .events
            .send(format!("event: reload\ndata: {data}\n\n"));
    }
    if update.styles {
        let _ = server
            .events
            .send("event: styles\ndata: {}\n\n".to_string());
    }
    if !update.new_problems.is_empty() || !update.fixed.is_empty() {
        let _ = server
            .events
            .send("event: diagnostics\ndata: {}\n\n".to_string());
    }
}

/// One line per rebuild, then the problems that appeared and those fixed.
fn print_update(live: &Live, update: &Update, took: Duration) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(
        err,
        "rebuilt {} page{} ({} file{} changed) in {:.0} ms",
        update.rendered,
        if update.rendered == 1 { "" } else { "s" },
        update.changed.len() + update.removed.len(),
        if update.changed.len() + update.removed.len() == 1 {
            ""
        } else {
            "s"
        },
        took.as_secs_f64() * 1000.0
    );
    drop(err);
    print_problems(live, Some(update));
}

/// The problems of the site (at start), or those that appeared and were fixed, with files
/// named from the folder faqsite runs in, as `check` names them.
fn print_problems(live: &Live, update: Option<&Update>) {
    let shown: Vec<(String, &str)> = live
        .diagnostics()
        .keys()
        .filter_map(|file| Some((live.layout.display(file), live.text_of(file)?)))
        .collect();
    let mut sources = crate::diagnostics::Sources::default();
    for (name, text) in &shown {
        sources.add(name, text);
    }
    let relocated = |diags: &mut dyn Iterator<Item = &crate::diagnostics::Diagnostic>| {
        diags
            .map(|d| crate::diagnostics::Diagnostic {
                file: live.layout.display(&d.file),
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

/// The `Host` values a request may carry: the bound address, `localhost` and `[::1]`.
fn allowed_hosts(addr: SocketAddr) -> Vec<String> {
    let port = addr.port();
    let mut hosts = vec![
        format!("localhost:{port}"),
        format!("127.0.0.1:{port}"),
        format!("[::1]:{port}"),
        format!(
            "{}:{port}",
            display_host(addr).rsplit_once(':').map_or("", |(h, _)| h)
        ),
    ];
    hosts.dedup();
    hosts
}

fn display_host(addr: SocketAddr) -> String {
    match addr.ip() {
        IpAddr::V6(ip) => format!("[{ip}]:{}", addr.port()),
        IpAddr::V4(ip) => format!("{ip}:{}", addr.port()),
    }
}

fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    let _ = std::process::Command::new(opener)
        .arg(url)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
}
