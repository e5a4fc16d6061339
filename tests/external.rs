//! External links against a real HTTP server on 127.0.0.1: every status the checker must tell
//! apart, one request per URL however many pages use it, the cache, and `--offline`.

mod common;
#[path = "common/http.rs"]
mod http;

use common::{assert_matches, faqsite, fixture};
use std::path::Path;

/// A site whose pages link to the server's routes; `shared` is used on ten pages.
fn write_site(root: &Path, base: &str) {
    let content = root.join("content");
    std::fs::create_dir_all(&content).unwrap();
    std::fs::write(
        root.join("faqsite.yaml"),
        // The pages exist to share URLs, not to be linked: their graph warnings are off.
        "checks:\n  orphan-page: off\n  unreachable-page: off\nexternal:\n  timeout: 1s\n  retries: 1\n  host_interval: 10ms\n  skip_anchor_prefixes: [\"L-\"]\n",
    )
    .unwrap();
    let index = format!(
        "# Liens\n\n\
         - [ok]({base}/ok) et {base}/ok encore\n\
         - [absent]({base}/missing)\n\
         - [déplacé]({base}/moved)\n\
         - [déplacé puis absent]({base}/moved-missing)\n\
         - [limité]({base}/limited)\n\
         - [lent]({base}/slow)\n\
         - [panne]({base}/broken-server)\n\
         - [ancre présente]({base}/page#present), [ancre absente]({base}/page#absent), [texte]({base}/page#:~:text=x), [préfixe]({base}/page#L-12)\n\
         - [injoignable](http://127.0.0.1:9/closed)\n\
         - <support@exemple.gouv.fr> et [mauvaise adresse](mailto:pas-une-adresse)\n"
    );
    std::fs::write(content.join("index.md"), index).unwrap();
    for i in 0..10 {
        std::fs::write(
            content.join(format!("p{i}.md")),
            format!("# Page {i}\n\nVoir {base}/shared-missing et {base}/shared-ok.\n"),
        )
        .unwrap();
    }
}

fn redact(text: &str, base: &str) -> String {
    text.replace(base, "http://[SERVER]")
}

#[test]
fn checks_each_url_once_reports_each_use_and_caches_successes() {
    let server = http::Server::start();
    let tmp = tempfile::tempdir().unwrap();
    write_site(tmp.path(), &server.base);

    let run = faqsite(tmp.path(), &["check", "--format", "json"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert_matches(
        &fixture("external/first_run.json"),
        &redact(&run.stdout, &server.base),
    );
    assert!(
        run.stderr
            .contains("external: 11 URLs in 33 links, 12 requested, 0 from cache, 8 with problems"),
        "{}",
        run.stderr
    );
    for (path, hits) in [
        ("/shared-missing", 1),
        ("/shared-ok", 1),
        ("/ok", 2),      // once, and once more as the hop of /moved
        ("/missing", 2), // once, and once more as the hop of /moved-missing
        ("/limited", 2),
        ("/moved-missing", 1),
    ] {
        assert_eq!(server.hits(path), hits, "requests to {path}");
    }
    assert_eq!(
        server.hits("/page"),
        1,
        "one GET for a page, however many fragments are verified on it"
    );
    assert!(server.hits("/slow") >= 2, "a timeout is retried");

    server.reset();
    let again = faqsite(tmp.path(), &["check", "--format", "json"]);
    assert_eq!(
        redact(&again.stdout, &server.base),
        redact(&run.stdout, &server.base),
        "the cache changed the result"
    );
    for path in ["/ok", "/shared-ok", "/limited", "/moved"] {
        assert_eq!(
            server.hits(path),
            0,
            "{path} is cached and must not be requested again"
        );
    }
    for path in [
        "/missing",
        "/shared-missing",
        "/moved-missing",
        "/broken-server",
    ] {
        assert!(
            server.hits(path) >= 1,
            "{path} failed and must be checked again"
        );
    }
    assert!(tmp.path().join(".faqsite-cache.json").is_file());

    server.reset();
    let fresh = faqsite(tmp.path(), &["check", "--no-cache", "--format", "json"]);
    assert_eq!(fresh.code, 1);
    assert_eq!(
        server.hits("/shared-ok"),
        1,
        "--no-cache requests everything again"
    );
}

#[test]
fn offline_touches_no_network_and_build_waits_to_be_asked() {
    let server = http::Server::start();
    let tmp = tempfile::tempdir().unwrap();
    write_site(tmp.path(), &server.base);

    let run = faqsite(tmp.path(), &["check", "--offline"]);
    assert!(
        run.stderr
            .contains("external: 11 URLs in 33 links not checked (--offline)"),
        "{}",
        run.stderr
    );
    let build = faqsite(tmp.path(), &["build"]);
    assert_eq!(
        server.total(),
        0,
        "--offline and a plain build must not touch the network"
    );
    assert_eq!(
        build.code, 0,
        "without --check-external a build checks no outside link: {}",
        build.stdout
    );
    assert!(
        !build.stdout.contains("[SERVER]") && !build.stdout.contains("external-"),
        "{}",
        build.stdout
    );

    let checked = faqsite(
        tmp.path(),
        &["build", "--check-external", "--format", "github"],
    );
    assert!(
        checked.stdout.contains("title=external-broken::"),
        "{}",
        checked.stdout
    );
    assert!(server.total() > 0);
}
