//! Hostile outside servers (issue 13), each a real server on 127.0.0.1 that writes raw HTTP
//! by hand: an endless body, redirect loops, silence, headers a byte a second, a 429 asking
//! for a day's wait, a URL of 10,000 characters, an internationalized host name. Each run
//! must end within its configured timeout with the right diagnostic, without downloading
//! what it does not need, and with its peak memory (the child's own `ru_maxrss`) bounded.

mod common;
#[path = "common/hostile.rs"]
mod hostile;

use hostile::{respond, Conn, Hostile, Request};
use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// No run may grow past this, whatever the servers send (a debug build idles near 20 MB).
const MEMORY_BOUND_KB: i64 = 200 * 1024;

/// One diagnostic as (code, message, hint), with the server's address redacted.
type Diag = (String, String, Option<String>);

struct Measured {
    code: i32,
    diags: Vec<Diag>,
    stderr: String,
    elapsed: Duration,
    /// Peak resident memory of the faqsite process, in KiB.
    peak_kb: i64,
}

/// Writes a site whose home page holds `links`; `external` overrides keys of the
/// `external:` settings every case starts from (a 1 s timeout, one retry, a 2 s cap on
/// `Retry-After`).
fn site(links: &str, external: &[(&str, &str)]) -> tempfile::TempDir {
    let mut settings = std::collections::BTreeMap::from([
        ("timeout", "1s"),
        ("retries", "1"),
        ("max_retry_wait", "2s"),
    ]);
    settings.extend(external.iter().copied());
    let yaml: String = settings
        .iter()
        .map(|(key, value)| format!("  {key}: {value}\n"))
        .collect();
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(tmp.path().join("content")).unwrap();
    std::fs::write(
        tmp.path().join("faqsite.yaml"),
        format!("external:\n{yaml}"),
    )
    .unwrap();
    std::fs::write(
        tmp.path().join("content/index.md"),
        format!("# Liens\n\n{links}\n"),
    )
    .unwrap();
    tmp
}

/// Runs `faqsite check --no-cache --format json` in `root`, timing it and reaping it with
/// `wait4` to read its own peak memory.
fn check(root: &Path, redactions: &[(&str, &str)]) -> Measured {
    let start = Instant::now();
    // Reaped below by wait4, which std's `wait` cannot replace: it drops the rusage.
    #[allow(clippy::zombie_processes)]
    let mut child = Command::new(env!("CARGO_BIN_EXE_faqsite"))
        .args(["check", "--no-cache", "--format", "json"])
        .current_dir(root)
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let read_all = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut text = String::new();
            pipe.read_to_string(&mut text).unwrap();
            text
        })
    };
    let stdout = read_all(Box::new(child.stdout.take().unwrap()));
    let stderr = read_all(Box::new(child.stderr.take().unwrap()));
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: a zeroed rusage is a valid value for wait4 to fill in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `pid` is our own child, not yet reaped (std waits only when asked to).
    let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(reaped, pid, "wait4: {}", std::io::Error::last_os_error());
    let elapsed = start.elapsed();
    let (stdout, stderr) = (stdout.join().unwrap(), stderr.join().unwrap());
    let redact = |text: &str| {
        redactions
            .iter()
            .fold(text.to_string(), |t, (from, to)| t.replace(from, to))
    };
    let json: serde_json::Value = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("{e}: stdout {stdout:?}, stderr {stderr:?}"));
    let diags = json
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                redact(d["message"].as_str().unwrap()),
                d["hint"].as_str().map(redact),
            )
        })
        .collect();
    Measured {
        code: if libc::WIFEXITED(status) {
            libc::WEXITSTATUS(status)
        } else {
            -1
        },
        diags,
        stderr,
        elapsed,
        peak_kb: usage.ru_maxrss,
    }
}

fn diag(code: &str, message: &str, hint: Option<&str>) -> Diag {
    (code.into(), message.into(), hint.map(str::to_string))
}

/// The checks every hostile case shares: exit code, exact diagnostics, wall time within
/// `[min, max]`, bounded memory. Prints the measures for the record.
fn assert_run(name: &str, run: &Measured, code: i32, diags: &[Diag], min: Duration, max: Duration) {
    eprintln!(
        "{name}: {:.2} s, peak {} MiB",
        run.elapsed.as_secs_f64(),
        run.peak_kb / 1024
    );
    assert_eq!(run.diags, diags, "{name}: {}", run.stderr);
    assert_eq!(run.code, code, "{name}: exit code; {}", run.stderr);
    assert!(
        run.elapsed >= min && run.elapsed <= max,
        "{name}: took {:?}, expected between {min:?} and {max:?}",
        run.elapsed
    );
    assert!(
        run.peak_kb > 0 && run.peak_kb < MEMORY_BOUND_KB,
        "{name}: peak memory {} KiB",
        run.peak_kb
    );
}

fn secs(s: f64) -> Duration {
    Duration::from_secs_f64(s)
}

/// 5 GiB announced, and bytes written until faqsite hangs up.
const HUGE: u64 = 5 << 30;

/// Writes an HTML body that never ends (no element has an id) until the write fails.
fn endless_html(conn: &mut Conn) {
    if conn.send(b"<!DOCTYPE html><html><body>").is_err() {
        return;
    }
    let chunk = "<p>Encore une ligne, encore une ligne, encore une ligne.</p>\n".repeat(1024);
    while conn.send(chunk.as_bytes()).is_ok() {}
}

#[test]
fn an_endless_body_is_never_downloaded_and_an_anchor_on_it_is_sought_in_a_bounded_prefix() {
    let server = Hostile::start(|request: &Request, conn: &mut Conn| {
        let head = match request.path.as_str() {
            // A status is all a plain link needs: nothing of the body should be read.
            "/endless" => format!(
                "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {HUGE}\r\n\r\n"
            ),
            // No length at all: the body ends when the server closes, which it never does.
            "/endless-chunked" => {
                "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n"
                    .to_string()
            }
            _ => return respond(conn, "404 Not Found", &[], "absent"),
        };
        if conn.send(head.as_bytes()).is_err() {
            return;
        }
        if request.path == "/endless" {
            endless_html(conn);
            return;
        }
        let chunk = "<p>Encore une ligne, encore une ligne.</p>\n".repeat(1024);
        let framed = format!("{:x}\r\n{chunk}\r\n", chunk.len());
        while conn.send(framed.as_bytes()).is_ok() {}
    });

    let plain = site(
        &format!("[gros]({}/endless)", server.base),
        &[("timeout", "5s")],
    );
    let run = check(plain.path(), &[(&server.base, "http://[SERVER]")]);
    assert_run(
        "endless body, no fragment",
        &run,
        0,
        &[],
        secs(0.0),
        secs(2.0),
    );
    let sent = server.bytes_sent();
    eprintln!("endless body, no fragment: the server sent {sent} bytes");
    assert!(sent < 64 << 20, "{sent} bytes sent for a plain link");

    let anchored = site(
        &format!("[fin]({}/endless-chunked#fin)", server.base),
        &[("timeout", "5s")],
    );
    let run = check(anchored.path(), &[(&server.base, "http://[SERVER]")]);
    assert_run(
        "endless body, fragment",
        &run,
        0,
        &[diag(
            "external-anchor",
            "http://[SERVER]/endless-chunked has no element with id `fin` in its first 8 MiB (faqsite reads no further)",
            Some("check the anchor by hand, or list its prefix in external.skip_anchor_prefixes"),
        )],
        secs(0.0),
        secs(2.5),
    );
    let sent = server.bytes_sent() - sent;
    eprintln!("endless body, fragment: the server sent {sent} bytes");
    assert!(
        (8 << 20..64 << 20).contains(&sent),
        "{sent} bytes sent: faqsite must read 8 MiB and stop"
    );
}

#[test]
fn redirect_loops_end_with_the_hops_they_took() {
    let server = Hostile::start(|request: &Request, conn: &mut Conn| {
        let path = request.path.as_str();
        let to = match path {
            "/self" => "/self".to_string(),
            "/loop-a" => "/loop-b".to_string(),
            "/loop-b" => "/loop-a".to_string(),
            // A new address each time: no loop to spot, only a count to keep.
            _ if path.starts_with("/chain/") => {
                let n: u32 = path["/chain/".len()..].parse().unwrap();
                format!("/chain/{}", n + 1)
            }
            _ => return respond(conn, "404 Not Found", &[], "absent"),
        };
        respond(conn, "302 Found", &[&format!("Location: {to}")], "");
    });
    let base = &server.base;
    let tmp = site(
        &format!("- [soi]({base}/self)\n- [boucle]({base}/loop-a)\n- [chaîne]({base}/chain/0)"),
        &[],
    );
    let run = check(tmp.path(), &[(base, "http://[SERVER]")]);
    let hint = Some("browsers give up on it too; tell the site's owner, or link elsewhere");
    assert_run(
        "redirect loops",
        &run,
        1,
        &[
            diag(
                "external-broken",
                "http://[SERVER]/self redirects to itself (302 Found)",
                hint,
            ),
            diag(
                "external-broken",
                "http://[SERVER]/loop-a redirects in a loop of 2: http://[SERVER]/loop-a → http://[SERVER]/loop-b → http://[SERVER]/loop-a",
                hint,
            ),
            diag(
                "external-broken",
                "http://[SERVER]/chain/0 redirects more than 10 times (the last one seen goes to http://[SERVER]/chain/11)",
                hint,
            ),
        ],
        secs(0.0),
        secs(1.5),
    );
    assert_eq!(
        (
            server.hits("/self"),
            server.hits("/loop-a"),
            server.hits("/loop-b")
        ),
        (1, 1, 1),
        "a loop is given up on as soon as an address comes back, and never retried"
    );
    assert_eq!(server.hits("/chain/10"), 1);
    assert_eq!(
        server.hits("/chain/11"),
        0,
        "at most 10 redirects are followed"
    );
}

#[test]
fn silence_and_headers_a_byte_a_second_end_at_the_timeout_with_each_attempt_timed() {
    let server = Hostile::start(
        |request: &Request, conn: &mut Conn| match request.path.as_str() {
            // Accepts, reads the request, and never answers.
            "/silent" => conn.wait_for_close(),
            // A well-formed answer, a byte a second: each read succeeds, the whole never comes.
            "/trickle" => {
                let head =
                    b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 5\r\n\r\nhello";
                for byte in head {
                    if conn.send(&[*byte]).is_err() {
                        return;
                    }
                    std::thread::sleep(Duration::from_secs(1));
                }
            }
            // Headers at once, then twelve bytes of body, then a byte every two seconds.
            "/trickle-body" => {
                let head = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 1000\r\n\r\n<html><body>";
                if conn.send(head.as_bytes()).is_err() {
                    return;
                }
                loop {
                    std::thread::sleep(Duration::from_secs(2));
                    if conn.send(b" ").is_err() {
                        return;
                    }
                }
            }
            _ => respond(conn, "404 Not Found", &[], "absent"),
        },
    );
    let base = &server.base;
    let tmp = site(
        &format!("- [muet]({base}/silent)\n- [goutte]({base}/trickle)\n- [corps lent]({base}/trickle-body#fin)"),
        &[],
    );
    let run = check(tmp.path(), &[(base, "http://[SERVER]")]);
    let slow = Some("raise external.timeout in faqsite.yaml if the host is slow");
    // Two attempts of 1 s each and the 0.5 s pause between them; the three URLs in parallel.
    assert_run(
        "silence and trickles",
        &run,
        0,
        &[
            diag(
                "external-timeout",
                "http://[SERVER]/silent did not answer within 1s, in 2 attempts",
                slow,
            ),
            diag(
                "external-timeout",
                "http://[SERVER]/trickle did not answer within 1s, in 2 attempts",
                slow,
            ),
            diag(
                "external-anchor",
                "http://[SERVER]/trickle-body has no element with id `fin` in the 12 bytes it sent within 1s (faqsite reads no further)",
                slow,
            ),
        ],
        secs(2.4),
        secs(4.0),
    );
    assert_eq!(
        server.hits("/trickle-body"),
        1,
        "a page that answered is not requested again for its anchor"
    );
}

#[test]
fn a_429_asking_for_a_day_is_not_waited_for_and_says_so() {
    let busy = Hostile::start(
        |request: &Request, conn: &mut Conn| match request.path.as_str() {
            "/busy" | "/busy-too" => {
                respond(conn, "429 Too Many Requests", &["Retry-After: 86400"], "")
            }
            _ => respond(conn, "404 Not Found", &[], "absent"),
        },
    );
    // Another host, which asks for a wait within the cap once, then answers.
    let asked = std::sync::atomic::AtomicBool::new(false);
    let later = Hostile::start(move |request: &Request, conn: &mut Conn| {
        if request.path != "/later" {
            return respond(conn, "404 Not Found", &[], "absent");
        }
        match asked.swap(true, std::sync::atomic::Ordering::SeqCst) {
            false => respond(conn, "429 Too Many Requests", &["Retry-After: 1"], ""),
            true => respond(conn, "200 OK", &[], "<html></html>"),
        }
    });
    let tmp = site(
        &format!(
            "- [occupé]({b}/busy)\n- [aussi]({b}/busy-too)\n- [plus tard]({l}/later)",
            b = busy.base,
            l = later.base
        ),
        // One request at a time per host, so that /busy answers before /busy-too is due.
        &[("per_host", "1")],
    );
    let run = check(tmp.path(), &[(&busy.base, "http://[SERVER]")]);
    let hint = Some("the host limits how often it is asked; check again later");
    assert_run(
        "429 Retry-After: 86400",
        &run,
        0,
        &[
            diag(
                "external-server-error",
                "http://[SERVER]/busy answers 429 Too Many Requests and asks to wait 86400 s, more than external.max_retry_wait (2s): not retried",
                hint,
            ),
            diag(
                "external-server-error",
                "http://[SERVER]/busy-too was not requested: its host answered 429 Too Many Requests and asked to wait 86400 s, more than external.max_retry_wait (2s)",
                hint,
            ),
        ],
        // /later waits the second it was asked to, within the cap.
        secs(1.0),
        secs(2.5),
    );
    assert_eq!(busy.hits("/busy"), 1, "a day's wait is not worth a retry");
    assert_eq!(
        busy.hits("/busy-too"),
        0,
        "a host that asked for a day's rest is left alone for the rest of the run"
    );
    assert_eq!(later.hits("/later"), 2, "a short Retry-After is waited for");
}

#[test]
fn a_url_of_ten_thousand_characters_is_checked_and_shown_shortened() {
    let server = Hostile::start(|request: &Request, conn: &mut Conn| {
        if request.path.starts_with("/long-ok/") {
            respond(conn, "200 OK", &[], "<html></html>")
        } else {
            respond(conn, "414 URI Too Long", &[], "")
        }
    });
    let base = &server.base;
    let long = |prefix: &str| {
        let head = format!("{base}/{prefix}/");
        format!("{head}{}", "a".repeat(10_000 - head.len()))
    };
    let (ok, refused) = (long("long-ok"), long("long-refused"));
    assert_eq!(refused.len(), 10_000);
    let tmp = site(&format!("- [ok]({ok})\n- [refusé]({refused})"), &[]);
    let run = check(tmp.path(), &[(base, "http://[SERVER]")]);
    // Messages show the first 120 and the last 40 characters of a URL over 200.
    let shown = format!(
        "{}…{} (10000 characters)",
        &refused[..120],
        &refused[refused.len() - 40..]
    )
    .replace(base.as_str(), "http://[SERVER]");
    assert_run(
        "URL of 10,000 characters",
        &run,
        1,
        &[diag(
            "external-broken",
            &format!("{shown} answers 414 URI Too Long"),
            None,
        )],
        secs(0.0),
        secs(1.5),
    );
    let paths: Vec<usize> = server.requests().iter().map(|(p, _)| p.len()).collect();
    assert_eq!(
        paths
            .iter()
            .filter(|len| **len == 10_000 - base.len())
            .count(),
        2,
        "both URLs reach the server whole: {paths:?}"
    );
    // The human format draws the 10,000-character line without trouble.
    let human = common::faqsite(tmp.path(), &["check", "--no-cache"]);
    assert_eq!(human.code, 1, "{}", human.stderr);
    assert!(
        human.stdout.contains("error[external-broken]"),
        "{}",
        human.stdout
    );
}

#[test]
fn an_internationalized_host_is_sent_as_punycode_and_shown_as_written() {
    let server = Hostile::start(
        |request: &Request, conn: &mut Conn| match request.path.as_str() {
            "/menu" => respond(conn, "200 OK", &[], "<html></html>"),
            _ => respond(conn, "404 Not Found", &[], "absent"),
        },
    );
    let port = server.port;
    // `*.localhost` is loopback without any DNS (RFC 6761), so the IDN reaches the server;
    // `.invalid` never resolves, so faqsite need not ask anyone.
    let tmp = site(
        &format!(
            "- [menu](http://café.localhost:{port}/menu)\n- [absent](http://café.localhost:{port}/absent)\n- [invalide](http://café.invalid/)"
        ),
        &[],
    );
    let run = check(tmp.path(), &[(&format!(":{port}/"), ":[PORT]/")]);
    assert_run(
        "internationalized host",
        &run,
        1,
        &[
            diag(
                "external-broken",
                "http://café.localhost:[PORT]/absent answers 404 Not Found",
                None,
            ),
            diag(
                "external-unreachable",
                "http://café.invalid/ is unreachable: its host xn--caf-dma.invalid is under .invalid, which never resolves",
                None,
            ),
        ],
        secs(0.0),
        secs(1.5),
    );
    let mut requests = server.requests();
    requests.sort();
    let host = format!("xn--caf-dma.localhost:{port}");
    assert_eq!(
        requests,
        [
            ("/absent".to_string(), host.clone()),
            ("/menu".to_string(), host)
        ],
        "the host name travels as punycode"
    );
}
