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

/// `external.remap` (lychee-lib's `Remaps`, `"REGEX REPLACEMENT"`): the written URLs, on a
/// name that does not resolve, are checked on the loopback server, once each after the
/// remap (two spellings of one URL are one request), and a diagnostic names both URLs.
#[test]
fn remapped_urls_are_checked_where_the_rule_sends_them() {
    let server = http::Server::start();
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    std::fs::create_dir_all(&content).unwrap();
    std::fs::write(
        tmp.path().join("faqsite.yaml"),
        format!(
            "external:\n  timeout: 1s\n  retries: 0\n  remap:\n    - \"^https://docs\\\\.example\\\\.invalid/(.*)$ {}/$1\"\n    - \"^https://miroir\\\\.example\\\\.invalid/(.*)$ {}/$1\"\n",
            server.base, server.base
        ),
    )
    .unwrap();
    std::fs::write(
        content.join("index.md"),
        "# Liens\n\n\
         - [bon](https://docs.example.invalid/ok)\n\
         - [absent](https://docs.example.invalid/missing)\n\
         - [absent ailleurs](https://miroir.example.invalid/missing)\n",
    )
    .unwrap();
    let run = faqsite(tmp.path(), &["check", "--no-cache"]);
    let out = redact(&run.stdout, &server.base);
    assert_eq!(run.code, 1, "{out}{}", run.stderr);
    assert_eq!(server.hits("/ok"), 1);
    assert_eq!(server.hits("/missing"), 1, "one request after the remap");
    for written in [
        "written `https://docs.example.invalid/missing`, checked as `http://[SERVER]/missing` by `external.remap`",
        "written `https://miroir.example.invalid/missing`, checked as `http://[SERVER]/missing` by `external.remap`",
    ] {
        assert!(out.contains(written), "{out}");
    }
    assert!(!out.contains("docs.example.invalid/ok"), "{out}");
    assert!(
        run.stderr
            .contains("external: 2 URLs in 3 links, 2 requested"),
        "{}",
        run.stderr
    );

    std::fs::write(
        tmp.path().join("faqsite.yaml"),
        "external:\n  remap:\n    - \"(unclosed http://x\"\n",
    )
    .unwrap();
    let bad = faqsite(tmp.path(), &["check", "--offline"]);
    assert_eq!(bad.code, 2, "{}{}", bad.stdout, bad.stderr);
    let said = format!("{}{}", bad.stdout, bad.stderr);
    assert!(
        said.contains("faqsite.yaml:3:") && said.contains("is not a remap rule"),
        "{said}"
    );
}
