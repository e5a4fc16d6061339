//! The network part: a tokio runtime that lives only inside this check, a lychee-lib client
//! with per-host limits and retries, a global limit on requests in flight, and a progress bar.

use super::{Options, Outcome, Request};
use futures_util::stream::{self, StreamExt};
use indicatif::{ProgressBar, ProgressStyle};
use lychee_lib::ratelimit::RateLimitConfig;
use lychee_lib::{Client, ClientBuilder, ErrorKind, FragmentCheckerOptions, Status};
use regex::Regex;
use std::sync::LazyLock;

/// Checks each request once; the outcomes come back in the order of `requests`.
pub fn run(requests: &[&Request], opts: &Options) -> Vec<Outcome> {
    if requests.is_empty() {
        return Vec::new();
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
    let client = match client(opts) {
        Ok(c) => c,
        Err(e) => return unreachable_all(requests, &format!("cannot build the HTTP client: {e}")),
    };
    let bar = progress_bar(requests.len(), opts.progress);
    let mut outcomes: Vec<(usize, Outcome)> = runtime.block_on(async {
        stream::iter(requests.iter().enumerate())
            .map(|(i, request)| {
                let (client, bar) = (&client, &bar);
                async move {
                    let outcome = check(client, request).await;
                    bar.set_message(host(&request.url));
                    bar.inc(1);
                    (i, outcome)
                }
            })
            .buffer_unordered(opts.config.max_concurrency.max(1))
            .collect()
            .await
    });
    bar.finish_and_clear();
    outcomes.sort_by_key(|(i, _)| *i);
    outcomes.into_iter().map(|(_, o)| o).collect()
}

fn client(opts: &Options) -> Result<Client, ErrorKind> {
    let c = opts.config;
    ClientBuilder::builder()
        .timeout(c.timeout.0)
        .max_retries(c.retries)
        .retry_wait_time(std::time::Duration::from_millis(500))
        .rate_limit_config(RateLimitConfig {
            concurrency: c.per_host.max(1),
            request_interval: c.host_interval.0,
        })
        .fragment_checker_options(FragmentCheckerOptions {
            check_anchor_fragments: true,
            check_text_fragments: false,
        })
        .user_agent(format!(
            "faqsite/{} (link checker)",
            env!("CARGO_PKG_VERSION")
        ))
        .build()
        .client()
}

async fn check(client: &Client, request: &Request) -> Outcome {
    let url = match &request.fragment {
        Some(f) => format!("{}#{f}", request.url),
        None => request.url.clone(),
    };
    match client.check(url.as_str()).await {
        Ok(response) => {
            let redirects = response
                .redirects()
                .map(ToString::to_string)
                .unwrap_or_default();
            outcome(response.status(), &redirects)
        }
        Err(e) => Outcome::Unreachable {
            detail: e.to_string(),
        },
    }
}

/// Maps lychee's status (after its retries) and the redirect chain it followed.
fn outcome(status: &Status, redirects: &str) -> Outcome {
    // lychee writes the chain as "origin --[301]--> url --[302]--> url".
    static HOP: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"--\[(\d{3})\]--> (\S+)").unwrap());
    let hops: Vec<(u16, &str)> = HOP
        .captures_iter(redirects)
        .filter_map(|c| Some((c[1].parse().ok()?, c.get(2)?.as_str())))
        .collect();
    match status {
        Status::Ok(_) => match hops.last() {
            Some((_, to)) if hops.iter().any(|(code, _)| matches!(code, 301 | 308)) => {
                Outcome::Redirect { to: to.to_string() }
            }
            _ => Outcome::Ok,
        },
        Status::Error(ErrorKind::InvalidFragment(_)) => Outcome::MissingAnchor,
        Status::Timeout(_) => Outcome::Timeout,
        Status::Excluded | Status::Unsupported(_) | Status::Cached(_) => Outcome::Skipped,
        other => match other.code() {
            Some(code) if code.is_server_error() || code.as_u16() == 429 => Outcome::ServerError {
                code: code.as_u16(),
            },
            Some(code) => {
                let mut detail = code.canonical_reason().unwrap_or("").to_string();
                if let Some((_, to)) = hops.last() {
                    detail = format!("{detail} (after a redirect to {to})");
                }
                Outcome::Broken {
                    code: code.as_u16(),
                    detail,
                }
            }
            None => Outcome::Unreachable {
                detail: other.to_string(),
            },
        },
    }
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
    url::Url::parse(url)
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
