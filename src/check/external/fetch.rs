//! The network part: a tokio runtime that lives only inside this check, one reqwest client,
//! and for each URL its attempts. An attempt has one deadline (`external.timeout`) for all it
//! does: resolving, connecting, each redirect, the headers, and the page when an anchor must
//! be found on it. Redirects are followed here rather than by reqwest, to name a loop as soon
//! as an address comes back and to count hops; bodies are read only for anchors, within
//! `page::PAGE_LIMIT`. Retries wait half a second, doubling, or what `Retry-After` asks
//! within `external.max_retry_wait` (hosts.rs).

use super::dns::{self, Special};
use super::hosts::{self, Hosts, Refusal};
use super::page::{self, Cut, Kind, Page};
use super::{quirks, Options, Outcome, Request};
use crate::config::External;
use futures_util::stream::{self, StreamExt};
use indicatif::{ProgressBar, ProgressStyle};
use reqwest::header::{ACCEPT, CONTENT_TYPE, LOCATION, RETRY_AFTER};
use reqwest::Response;
use std::collections::BTreeMap;
use std::error::Error;
use std::sync::Arc;
use std::time::{Duration, SystemTime};
use tokio::sync::Semaphore;
use tokio::time::Instant;
use url::Url;

/// Redirects followed in one attempt, as reqwest and lychee do (browsers allow 20).
pub const MAX_REDIRECTS: usize = 10;

/// Checks each request; the outcomes come back in the order of `requests`. Requests for one
/// URL with different fragments share one fetch.
pub fn run(requests: &[&Request], opts: &Options) -> Vec<Outcome> {
    if requests.is_empty() {
        return Vec::new();
    }
    let mut by_url: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, request) in requests.iter().enumerate() {
        by_url.entry(request.url.as_str()).or_default().push(i);
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            return unreachable_all(requests, &format!("cannot start the network runtime: {e}"))
        }
    };
    let client = match client() {
        Ok(c) => c,
        Err(e) => return unreachable_all(requests, &format!("cannot build the HTTP client: {e}")),
    };
    let config = opts.config;
    let ctx = Context {
        client,
        hosts: Hosts::new(config.per_host, config.host_interval.0),
        page_reads: Arc::new(Semaphore::new(page::PAGE_READS)),
        config,
    };
    let bar = progress_bar(by_url.len(), opts.progress);
    let checked: Vec<(Vec<usize>, Vec<Outcome>)> = runtime.block_on(async {
        stream::iter(by_url)
            .map(|(url, indices)| {
                let (ctx, bar) = (&ctx, &bar);
                async move {
                    let fragments: Vec<Option<&str>> = indices
                        .iter()
                        .map(|&i| requests[i].fragment.as_deref())
                        .collect();
                    let outcomes = check_url(ctx, url, &fragments).await;
                    bar.set_message(host(url));
                    bar.inc(1);
                    (indices, outcomes)
                }
            })
            .buffer_unordered(config.max_concurrency.max(1))
            .collect()
            .await
    });
    // A system resolver stuck on a name must not hold the process: nothing is awaited now.
    runtime.shutdown_background();
    bar.finish_and_clear();
    let mut outcomes = vec![Outcome::Skipped; requests.len()];
    for (indices, found) in checked {
        for (i, outcome) in indices.into_iter().zip(found) {
            outcomes[i] = outcome;
        }
    }
    outcomes
}

struct Context<'a> {
    client: reqwest::Client,
    hosts: Hosts,
    page_reads: Arc<Semaphore>,
    config: &'a External,
}

fn client() -> reqwest::Result<reqwest::Client> {
    reqwest::Client::builder()
        .user_agent(format!(
            "faqsite/{} (link checker)",
            env!("CARGO_PKG_VERSION")
        ))
        .redirect(reqwest::redirect::Policy::none())
        .dns_resolver(Arc::new(dns::Resolver))
        .tcp_keepalive(Duration::from_secs(60))
        .build()
}

/// The outcome of each fragment sought on `url` (`None`: the plain link).
async fn check_url(ctx: &Context<'_>, url: &str, fragments: &[Option<&str>]) -> Vec<Outcome> {
    let all = |outcome: Outcome| vec![outcome; fragments.len()];
    let Ok(url) = Url::parse(url) else {
        return all(Outcome::Unreachable {
            detail: "it is not a valid URL".into(),
        });
    };
    if !matches!(url.scheme(), "http" | "https") {
        return all(Outcome::Skipped);
    }
    let host = url.host_str().unwrap_or("");
    match dns::special(host) {
        Some(Special::Example) => return all(Outcome::Skipped),
        Some(Special::NeverResolves) => {
            return all(Outcome::Unreachable {
                detail: format!("its host {host} is under .invalid, which never resolves"),
            })
        }
        Some(Special::Loopback) | None => {}
    }
    let anchors = fragments.iter().any(Option::is_some);
    let target = quirks::target(&url, anchors);
    let got = match fetch(ctx, &target, anchors).await {
        Ok(got) => got,
        Err(outcome) => return all(outcome),
    };
    // A rewritten request's redirects are the quirk's business, not the link's.
    let status = match got.hops.last() {
        Some((_, to))
            if target.url == url && got.hops.iter().any(|(code, _)| matches!(code, 301 | 308)) =>
        {
            Outcome::Redirect { to: to.to_string() }
        }
        _ => Outcome::Ok,
    };
    let sought: Vec<&str> = fragments.iter().flatten().copied().collect();
    let mut found = match &got.page {
        Some(page) => page::find_anchors(page, &sought),
        None => Vec::new(),
    }
    .into_iter();
    let page = got.page.as_ref();
    fragments
        .iter()
        .map(|fragment| match (fragment, page) {
            (Some(_), Some(page)) => match (found.next().unwrap_or(true), page.cut) {
                (true, _) => status.clone(),
                (false, None) => Outcome::MissingAnchor,
                (false, Some(cut)) => Outcome::AnchorCut {
                    read: page.bytes.len() as u64,
                    cut,
                },
            },
            _ => status.clone(),
        })
        .collect()
}

/// A page that answered 2xx: the redirects that led to it, and what was read of it.
struct Got {
    hops: Vec<(u16, Url)>,
    page: Option<Page>,
}

/// How an attempt failed, when another may do better.
enum Failure {
    Timeout,
    /// 408, 429 or 5xx, with the wait `Retry-After` asked for (429 and 503 only).
    Status {
        code: u16,
        asked: Option<Duration>,
    },
    Broken(String),
}

enum Attempt {
    Done(Got),
    Final(Outcome),
    Again(Failure),
}

/// Attempts `target` until it answers, fails for good, or runs out of retries.
async fn fetch(ctx: &Context<'_>, target: &quirks::Target, anchors: bool) -> Result<Got, Outcome> {
    let origin = target.url.origin().ascii_serialization();
    let mut attempts: u32 = 0;
    loop {
        attempts += 1;
        let turn = ctx
            .hosts
            .turn(&origin)
            .await
            .map_err(|r| Outcome::RateLimited {
                code: r.code,
                asked_secs: r.asked.as_secs(),
                requested: false,
            })?;
        // Pages are read a few at a time; the deadline starts once this one may be read.
        let reading = match anchors {
            true => Arc::clone(&ctx.page_reads).acquire_owned().await.ok(),
            false => None,
        };
        let result = attempt(ctx, target, anchors).await;
        drop((turn, reading));
        let failure = match result {
            Attempt::Done(got) => return Ok(got),
            Attempt::Final(outcome) => return Err(outcome),
            Attempt::Again(failure) => failure,
        };
        let asked = match failure {
            Failure::Status {
                code,
                asked: Some(asked),
            } if asked > ctx.config.max_retry_wait.0 => {
                // Retrying early would ignore what the host asked, and be refused again.
                ctx.hosts.refuse(&origin, Refusal { code, asked });
                return Err(Outcome::RateLimited {
                    code,
                    asked_secs: asked.as_secs(),
                    requested: true,
                });
            }
            Failure::Status { asked, .. } => asked,
            _ => None,
        };
        if u64::from(attempts) > ctx.config.retries {
            return Err(match failure {
                Failure::Timeout => Outcome::Timeout { attempts },
                Failure::Status { code, .. } => Outcome::ServerError { code, attempts },
                Failure::Broken(detail) => Outcome::Unreachable { detail },
            });
        }
        let wait = hosts::wait_before(attempts, asked);
        match asked {
            // What the host asked holds back its other URLs too.
            Some(_) => ctx.hosts.pause(&origin, wait),
            None => tokio::time::sleep(wait).await,
        }
    }
}

/// One attempt, redirects included, within one deadline.
async fn attempt(ctx: &Context<'_>, target: &quirks::Target, anchors: bool) -> Attempt {
    let deadline = Instant::now() + ctx.config.timeout.0;
    let mut url = target.url.clone();
    let mut visited = vec![without_fragment(&url)];
    let mut hops: Vec<(u16, Url)> = Vec::new();
    loop {
        let mut request = ctx.client.get(url.clone());
        if target.accept_html {
            request = request.header(ACCEPT, "text/html");
        }
        let response = match tokio::time::timeout_at(deadline, request.send()).await {
            Err(_) => return Attempt::Again(Failure::Timeout),
            Ok(Err(e)) if e.is_timeout() => return Attempt::Again(Failure::Timeout),
            // Refused, or no such host: no use asking again so soon.
            Ok(Err(e)) if e.is_connect() => {
                return Attempt::Final(Outcome::Unreachable {
                    detail: describe(&e),
                })
            }
            Ok(Err(e)) => return Attempt::Again(Failure::Broken(describe(&e))),
            Ok(Ok(response)) => response,
        };
        let status = response.status();
        let code = status.as_u16();
        if let Some(next) = status
            .is_redirection()
            .then(|| location(&response, &url))
            .flatten()
        {
            hops.push((code, next.clone()));
            let bare = without_fragment(&next);
            if let Some(first) = visited.iter().position(|u| *u == bare) {
                let mut chain: Vec<String> = visited[first..].iter().map(Url::to_string).collect();
                chain.push(bare.to_string());
                return Attempt::Final(Outcome::RedirectLoop { chain, code });
            }
            if hops.len() > MAX_REDIRECTS {
                return Attempt::Final(Outcome::TooManyRedirects {
                    next: next.to_string(),
                });
            }
            visited.push(bare);
            url = next;
            continue;
        }
        if status.is_success() {
            let page = match anchors {
                true => match read_page(response, &url, deadline).await {
                    Ok(page) => Some(page),
                    Err(detail) => return Attempt::Again(Failure::Broken(detail)),
                },
                false => None,
            };
            return Attempt::Done(Got { hops, page });
        }
        if code == 408 || code == 429 || status.is_server_error() {
            let asked = matches!(code, 429 | 503)
                .then(|| response.headers().get(RETRY_AFTER)?.to_str().ok())
                .flatten()
                .and_then(|v| hosts::parse_retry_after(v, SystemTime::now()));
            return Attempt::Again(Failure::Status { code, asked });
        }
        return Attempt::Final(Outcome::Broken {
            code,
            redirected_to: hops.last().map(|(_, to)| to.to_string()),
        });
    }
}

/// Reads the page for its anchors, up to `PAGE_LIMIT` and the deadline; `Err` if the
/// connection broke.
async fn read_page(mut response: Response, url: &Url, deadline: Instant) -> Result<Page, String> {
    let content_type = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok());
    let kind = page::kind(content_type, url.path());
    let mut page = Page {
        kind,
        bytes: Vec::new(),
        cut: None,
    };
    if kind == Kind::Other {
        return Ok(page);
    }
    loop {
        match tokio::time::timeout_at(deadline, response.chunk()).await {
            Err(_) => {
                page.cut = Some(Cut::Timeout);
                return Ok(page);
            }
            Ok(Ok(None)) => return Ok(page),
            Ok(Ok(Some(chunk))) => {
                page.bytes.extend_from_slice(&chunk);
                if page.bytes.len() > page::PAGE_LIMIT {
                    page.bytes.truncate(page::PAGE_LIMIT);
                    page.cut = Some(Cut::Limit);
                    return Ok(page);
                }
            }
            Ok(Err(e)) => {
                return Err(format!(
                    "the page broke off after {} bytes: {}",
                    page.bytes.len(),
                    describe(&e)
                ))
            }
        }
    }
}

/// The `Location` of a redirect, resolved against the URL that answered; `None` if absent
/// or not an http(s) URL (the 3xx is then reported as it is).
fn location(response: &Response, base: &Url) -> Option<Url> {
    let value = response.headers().get(LOCATION)?.to_str().ok()?;
    let next = base.join(value).ok()?;
    matches!(next.scheme(), "http" | "https").then_some(next)
}

fn without_fragment(url: &Url) -> Url {
    let mut url = url.clone();
    url.set_fragment(None);
    url
}

/// What went wrong, in a few words: the innermost cause worth naming (an unknown host, a
/// refused or reset connection), not reqwest's chain of wrappers.
fn describe(error: &reqwest::Error) -> String {
    let mut cause: Option<&(dyn Error + 'static)> = Some(error);
    let mut innermost = error.to_string();
    while let Some(e) = cause {
        if let Some(unknown) = e.downcast_ref::<dns::NotResolved>() {
            return unknown.to_string();
        }
        if let Some(io) = e.downcast_ref::<std::io::Error>() {
            return match io.kind() {
                std::io::ErrorKind::ConnectionRefused => "connection refused".into(),
                std::io::ErrorKind::ConnectionReset => "connection reset".into(),
                _ => io.to_string(),
            };
        }
        innermost = e.to_string();
        cause = e.source();
    }
    innermost
}

fn unreachable_all(requests: &[&Request], detail: &str) -> Vec<Outcome> {
    requests
        .iter()
        .map(|_| Outcome::Unreachable {
            detail: detail.to_string(),
        })
        .collect()
}

fn host(url: &str) -> String {
    Url::parse(url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_string))
        .unwrap_or_default()
}

fn progress_bar(len: usize, visible: bool) -> ProgressBar {
    if !visible {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(len as u64);
    if let Ok(style) = ProgressStyle::with_template("{bar:30} {pos}/{len} URLs {wide_msg}") {
        bar.set_style(style);
    }
    bar
}
