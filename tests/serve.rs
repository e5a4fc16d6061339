//! `faqsite serve` end to end: the real binary on a temporary copy of a fixture site, driven
//! over HTTP and its event stream while files change on disk.

mod common;
use common::{copy_tree, fixture};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

struct Served {
    child: Child,
    addr: String,
    _dir: tempfile::TempDir,
    root: std::path::PathBuf,
    /// What the server printed on standard error so far.
    stderr: Arc<Mutex<String>>,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `faqsite serve --port 0` on a copy of the github_tree fixture.
fn serve() -> Served {
    serve_with(&[])
}

fn serve_with(extra: &[&str]) -> Served {
    serve_tree(&fixture("github_tree/site"), extra)
}

/// Starts `faqsite serve --port 0` on a copy of `tree`.
fn serve_tree(tree: &Path, extra: &[&str]) -> Served {
    serve_prepared(tree, extra, |_| {})
}

/// Starts `faqsite serve --port 0` on a copy of `tree` that `prepare` may change first.
fn serve_prepared(tree: &Path, extra: &[&str], prepare: impl FnOnce(&Path)) -> Served {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(tree, dir.path());
    prepare(dir.path());
    let mut child = Command::new(env!("CARGO_BIN_EXE_faqsite"))
        .args(["serve", "--port", "0"])
        .args(extra)
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = Arc::new(Mutex::new(String::new()));
    let (pipe, sink) = (child.stderr.take().unwrap(), stderr.clone());
    std::thread::spawn(move || {
        for line in BufReader::new(pipe).lines().map_while(Result::ok) {
            let mut sink = sink.lock().unwrap();
            sink.push_str(&line);
            sink.push('\n');
        }
    });
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let addr = line
        .trim()
        .strip_prefix("faqsite serve: http://")
        .and_then(|a| a.strip_suffix('/'))
        .unwrap_or_else(|| panic!("unexpected first line: {line:?}"))
        .to_string();
    let root = dir.path().to_path_buf();
    Served {
        child,
        addr,
        _dir: dir,
        root,
        stderr,
    }
}

struct Response {
    status: u16,
    head: String,
    body: String,
}

fn request(addr: &str, method: &str, path: &str, host: &str) -> Response {
    let mut stream = TcpStream::connect(addr).unwrap();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let raw = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
    let status = head[9..12].parse().unwrap();
    Response {
        status,
        head: head.to_lowercase(),
        body: body.to_string(),
    }
}

fn get(s: &Served, path: &str) -> Response {
    request(&s.addr, "GET", path, &s.addr)
}

/// Waits until `check` holds, or fails after ten seconds.
fn eventually(what: &str, mut check: impl FnMut() -> bool) {
    let start = Instant::now();
    while !check() {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "timed out: {what}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn problems(s: &Served) -> serde_json::Value {
    serde_json::from_str(&get(s, "/__faqsite/diagnostics.json").body).unwrap()
}

fn codes(s: &Served, file: &str) -> Vec<String> {
    problems(s)[file]
        .as_array()
        .map(|items| {
            items
                .iter()
                .map(|d| d["code"].as_str().unwrap().to_string())
                .collect()
        })
        .unwrap_or_default()
}

fn write(root: &Path, file: &str, text: &str) {
    std::fs::write(root.join("content").join(file), text).unwrap();
}

#[test]
fn an_edit_reloads_the_tabs_showing_the_page_with_the_new_html() {
    let s = serve();
    let mut events = TcpStream::connect(&s.addr).unwrap();
    write!(
        events,
        "GET /__faqsite/events HTTP/1.1\r\nHost: {}\r\n\r\n",
        s.addr
    )
    .unwrap();
    events
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut reader = BufReader::new(events);
    let mut seen = String::new();
    while !seen.contains("event: hello") {
        reader.read_line(&mut seen).unwrap();
    }
    let head = seen.to_lowercase();
    assert!(head.contains("content-type: text/event-stream"), "{seen}");
    assert!(head.contains("cache-control: no-store"), "{seen}");
    let page = get(&s, "/guide/etapes.html");
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("__faqsite/live.js"),
        "the live script is injected"
    );
    write(
        &s.root,
        "guide/etapes.md",
        "# Étapes détaillées\n\nUne phrase toute neuve.\n",
    );
    let mut line = String::new();
    while !line.contains("event: reload") {
        line.clear();
        reader.read_line(&mut line).unwrap();
    }
    line.clear();
    reader.read_line(&mut line).unwrap();
    let data: serde_json::Value =
        serde_json::from_str(line.trim().strip_prefix("data: ").unwrap()).unwrap();
    assert_eq!(data["event"], "reload", "{line}");
    assert!(
        data["paths"]
            .as_array()
            .unwrap()
            .contains(&"guide/etapes.html".into()),
        "{line}"
    );
    assert!(get(&s, "/guide/etapes.html")
        .body
        .contains("Une phrase toute neuve."));
    // The terminal names the file saved, as the person who ran faqsite names it.
    eventually("the rebuild line names the file saved", || {
        let printed = s.stderr.lock().unwrap().clone();
        printed
            .lines()
            .any(|l| l.starts_with("content/guide/etapes.md saved: ") && l.contains(" rebuilt in "))
    });
}

#[test]
fn added_and_removed_pages_and_their_referrers() {
    let s = serve();
    write(
        &s.root,
        "outils/visio.md",
        "# Visioconférence\n\nL'outil de réunion.\n",
    );
    eventually("the new page is served and listed", || {
        get(&s, "/outils/visio.html").status == 200
            && get(&s, "/outils/index.html")
                .body
                .contains("Visioconférence")
    });
    std::fs::remove_file(s.root.join("content/guide/etapes.md")).unwrap();
    eventually(
        "the removed page answers 404 and its referrer has a broken link",
        || {
            get(&s, "/guide/etapes.html").status == 404
                && codes(&s, "guide/README.md").contains(&"broken-link".to_string())
        },
    );
}

#[test]
fn broken_front_matter_shows_in_the_overlay_until_fixed() {
    let s = serve();
    let good = std::fs::read_to_string(s.root.join("content/outils/tchap.md")).unwrap();
    write(
        &s.root,
        "outils/tchap.md",
        "---\ntitle: [cassé\n---\n# Tchap\n",
    );
    let front_matter =
        |s: &Served| codes(s, "outils/tchap.md").contains(&"front-matter".to_string());
    eventually("the front matter problem appears", || front_matter(&s));
    // The last good version is still served.
    assert!(get(&s, "/outils/tchap.html").body.contains("La messagerie"));
    write(&s.root, "outils/tchap.md", &good);
    eventually("the problem is cleared", || !front_matter(&s));
}

#[test]
fn a_renamed_heading_breaks_the_anchors_pointing_to_it() {
    let s = serve();
    let readme = s.root.join("content/guide/README.md");
    let text = std::fs::read_to_string(&readme).unwrap();
    std::fs::write(&readme, text.replace("## Étapes", "## Démarches")).unwrap();
    eventually("README.md's link to #étapes is reported", || {
        problems(&s)["README.md"].as_array().is_some_and(|items| {
            items
                .iter()
                .any(|d| d["message"] == "`guide/README.md` has no heading or id `étapes`")
        })
    });
}

#[test]
fn foreign_hosts_other_methods_and_traversal_are_refused() {
    let s = serve();
    assert_eq!(request(&s.addr, "GET", "/", "evil.example:80").status, 403);
    assert_eq!(request(&s.addr, "GET", "/", "attacker.test").status, 403);
    let port = s.addr.rsplit_once(':').unwrap().1;
    assert_eq!(
        request(&s.addr, "GET", "/", &format!("localhost:{port}")).status,
        200
    );
    assert_eq!(request(&s.addr, "POST", "/", &s.addr).status, 405);
    assert_eq!(
        request(&s.addr, "DELETE", "/index.html", &s.addr).status,
        405
    );
    for path in [
        "/../faqsite.yaml",
        "/%2e%2e/faqsite.yaml",
        "/guide/..%2f..%2ffaqsite.yaml",
        "/..\\faqsite.yaml",
        "/content/README.md",
        "/guide/",
    ] {
        let r = get(&s, path);
        let allowed = path == "/guide/" && r.status == 200;
        assert!(allowed || r.status == 404, "{path}: {}", r.status);
        assert!(!r.body.contains("checks:"), "{path} leaked faqsite.yaml");
    }
    let home = get(&s, "/");
    assert!(
        home.head.contains("cache-control: no-store"),
        "{}",
        home.head
    );
    assert_eq!(request(&s.addr, "HEAD", "/", &s.addr).status, 200);
    // faqsite's own routes are guarded as the site is.
    for path in [
        "/__faqsite/events",
        "/__faqsite/live.js",
        "/__faqsite/diagnostics.json",
    ] {
        let post = request(&s.addr, "POST", path, &s.addr);
        assert_eq!(post.status, 405, "{path}");
        assert!(post.head.contains("allow: get, head"), "{}", post.head);
        let foreign = request(&s.addr, "GET", path, "evil.example");
        assert_eq!(foreign.status, 403, "{path}");
        assert!(foreign.head.contains("cache-control: no-store"), "{path}");
    }
    // A name is refused unless --allow-host gives it.
    let named = format!("docs.example.fr:{port}");
    assert_eq!(request(&s.addr, "GET", "/", &named).status, 403);
}

/// Bound to another address than 127.0.0.1 (127.0.0.2 stays on this machine): that address
/// and the `--allow-host` names are answered, and printed; every other `Host` gets 403.
#[test]
fn a_bind_address_and_allowed_names_pass_the_host_check() {
    let s = serve_with(&[
        "--bind",
        "127.0.0.2",
        "--allow-host",
        "Docs.Example.fr",
        "--allow-host",
        "poste-12.local",
    ]);
    let port = s
        .addr
        .strip_prefix("127.0.0.2:")
        .expect("the bound address is printed");
    for host in [
        s.addr.clone(),
        format!("docs.example.fr:{port}"),
        format!("DOCS.EXAMPLE.FR:{port}"),
        format!("poste-12.local:{port}"),
        format!("localhost:{port}"),
    ] {
        assert_eq!(request(&s.addr, "GET", "/", &host).status, 200, "{host}");
    }
    for host in [
        format!("evil.example:{port}"),
        format!("docs.example.fr.evil.example:{port}"),
        format!("0.0.0.0:{port}"),
        format!("127.0.0.3:{port}"),
        "docs.example.fr".to_string(),
        format!("docs.example.fr:{}", port.parse::<u16>().unwrap() ^ 1),
    ] {
        assert_eq!(request(&s.addr, "GET", "/", &host).status, 403, "{host}");
    }
}

#[test]
fn an_allowed_host_must_be_a_name() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixture("github_tree/site"), dir.path());
    for bad in ["http://docs.example.fr/", "docs.example.fr:8080", "*"] {
        let out = Command::new(env!("CARGO_BIN_EXE_faqsite"))
            .args(["serve", "--port", "0", "--allow-host", bad])
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{bad}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("--allow-host"), "{stderr}");
    }
}

/// The overlay's stylesheet comes from the site's origin (the page's CSP allows only that):
/// the default theme's, or the theme's own when it has one; no build copies the default.
#[test]
fn the_overlay_stylesheet_is_the_themes() {
    let s = serve();
    let css = get(&s, "/__faqsite/overlay.css");
    assert_eq!(css.status, 200);
    assert!(
        css.head.contains("content-type: text/css; charset=utf-8"),
        "{}",
        css.head
    );
    assert!(css.body.contains(".faqsite-problems {"), "{}", css.body);
    let live = get(&s, "/__faqsite/live.js");
    assert!(
        live.head
            .contains("content-type: text/javascript; charset=utf-8"),
        "{}",
        live.head
    );
    assert!(
        !live.body.contains("setAttribute(\"style\""),
        "styles only through classes"
    );

    let themed = serve_prepared(&fixture("github_tree/site"), &[], |root| {
        let config = std::fs::read_to_string(root.join("faqsite.yaml")).unwrap();
        std::fs::write(
            root.join("faqsite.yaml"),
            format!("{config}\ntheme: maison\n"),
        )
        .unwrap();
        let own = root.join("themes/maison/serve");
        std::fs::create_dir_all(&own).unwrap();
        std::fs::write(
            own.join("faqsite-serve.css"),
            ".faqsite-problems { top: 0 }\n",
        )
        .unwrap();
    });
    assert_eq!(
        get(&themed, "/__faqsite/overlay.css").body,
        ".faqsite-problems { top: 0 }\n"
    );

    // A build copies no serve/ file, from the theme on disk (as in faqsite's own repository,
    // whose themes/default is the built-in theme) or built in.
    let out = tempfile::tempdir().unwrap();
    for (n, root) in [common::repo(), themed.root.clone()].iter().enumerate() {
        let public = out.path().join(n.to_string());
        let build = Command::new(env!("CARGO_BIN_EXE_faqsite"))
            .args(["build", "--offline", "--output"])
            .arg(&public)
            .arg(root)
            .output()
            .unwrap();
        assert!(
            build.status.success(),
            "{}",
            String::from_utf8_lossy(&build.stderr)
        );
        assert!(public.join("static/style.css").exists());
        let copied = walkdir::WalkDir::new(&public)
            .into_iter()
            .filter_map(Result::ok)
            .find(|e| e.file_name() == "faqsite-serve.css");
        assert!(copied.is_none(), "{copied:?}");
    }
}

#[test]
fn polling_sees_edits_too() {
    let s = serve_with(&["--poll"]);
    // The poll watcher compares write times, which some file systems keep to the second.
    std::thread::sleep(Duration::from_millis(1100));
    write(
        &s.root,
        "outils/tchap.md",
        "# Tchap\n\nLa messagerie, relue.\n",
    );
    eventually("the polled edit is served", || {
        get(&s, "/outils/tchap.html")
            .body
            .contains("La messagerie, relue.")
    });
}

/// Pages at the repository's root: the output and what `.gitignore` ignores are no pages,
/// in the preview as in the build, and a `.gitignore` edit takes effect at once.
#[test]
fn a_repository_root_is_served_as_it_is_built() {
    // Written here: git keeps no file that the fixture's own .gitignore ignores.
    let s = serve_prepared(&fixture("repo_root"), &[], |root| {
        std::fs::create_dir_all(root.join("brouillons")).unwrap();
        std::fs::write(root.join("brouillons/idee.md"), "# Idée\n").unwrap();
    });
    let root = &s.root;
    assert_eq!(get(&s, "/fournisseur/eligibilite.html").status, 200);
    assert_eq!(get(&s, "/brouillons/idee.html").status, 404);
    assert_eq!(get(&s, "/public/fournisseur/ancienne.html").status, 404);
    std::fs::write(root.join("brouillons/suite.md"), "# Suite\n").unwrap();
    std::fs::write(root.join("fournisseur/suite.md"), "# Suite\n").unwrap();
    eventually("the new page is served", || {
        get(&s, "/fournisseur/suite.html").status == 200
    });
    assert_eq!(get(&s, "/brouillons/suite.html").status, 404);
    std::fs::write(root.join(".gitignore"), "").unwrap();
    eventually("the drafts are pages once no longer ignored", || {
        get(&s, "/brouillons/idee.html").status == 200
            && get(&s, "/brouillons/suite.html").status == 200
    });
}
