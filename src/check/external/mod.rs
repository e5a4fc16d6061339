//! External links: every outside URL of the site, deduplicated (fragment stripped), checked
//! once over HTTP, politely (per-host limits, retries honouring `Retry-After` up to a cap),
//! with a cache of successes; then one diagnostic per place the URL is used. `mailto:`
//! addresses are checked for syntax only, never contacted. Hostile servers are expected:
//! every attempt has a deadline, bodies are read only to find anchors and only so far,
//! redirect loops are named, and a host asking for a day's rest is left alone.

mod cache;
mod dns;
mod fetch;
mod hosts;
mod page;
mod quirks;

use crate::config::External;
use crate::content::{Page, Target};
use crate::diagnostics::{Code, Diagnostic};
use regex::{Regex, RegexSet};
use std::collections::BTreeMap;
use std::ops::Range;
use std::path::PathBuf;
use std::sync::LazyLock;

pub use cache::CACHE_FILE;

pub struct Options<'a> {
    pub config: &'a External,
    /// `ROOT/.faqsite-cache.json`, or `None` to bypass the cache (`--no-cache`).
    pub cache: Option<PathBuf>,
    pub offline: bool,
    /// Show a progress bar (interactive terminal, human format).
    pub progress: bool,
}

/// One request: a URL without fragment, or with the fragment to verify on the page.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Request {
    pub url: String,
    pub fragment: Option<String>,
}

impl Request {
    fn key(&self) -> String {
        match &self.fragment {
            Some(f) => format!("{}#{f}", self.url),
            None => self.url.clone(),
        }
    }
}

/// What became of one request.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "status", rename_all = "kebab-case")]
pub enum Outcome {
    Ok,
    /// A permanent redirect (301, 308) to the final URL.
    Redirect {
        to: String,
    },
    /// A 4xx other than 408 and 429, or a 3xx without a usable `Location`; with the last
    /// redirect followed to get there, if any.
    Broken {
        code: u16,
        redirected_to: Option<String>,
    },
    /// A 5xx, 408 or 429 on every attempt.
    ServerError {
        code: u16,
        attempts: u32,
    },
    /// A 429 or 503 whose `Retry-After` asked for more than `max_retry_wait`; `requested` is
    /// false for the host's other URLs, not asked at all after that.
    RateLimited {
        code: u16,
        asked_secs: u64,
        requested: bool,
    },
    Timeout {
        attempts: u32,
    },
    Unreachable {
        detail: String,
    },
    /// A redirect back to an address of the chain: from that address round to it again.
    RedirectLoop {
        chain: Vec<String>,
        /// The status of the redirect that closed the loop.
        code: u16,
    },
    /// More than `fetch::MAX_REDIRECTS` redirects; `next` is where the last one pointed.
    TooManyRedirects {
        next: String,
    },
    MissingAnchor,
    /// The anchor is not in the part of the page that was read (`read` bytes).
    AnchorCut {
        read: u64,
        cut: page::Cut,
    },
    /// Not requested: not http(s), or a reserved example domain.
    Skipped,
}

impl Outcome {
    /// Only successes are cached: a failure is checked again next time (lychee#1400).
    fn cacheable(&self) -> bool {
        matches!(self, Outcome::Ok | Outcome::Redirect { .. })
    }
}

struct Use<'a> {
    page: &'a str,
    span: Range<usize>,
    /// The URL as written, when `external.remap` changed it.
    written: Option<&'a str>,
}

/// Checks every external URL and e-mail address of the given pages, each URL once. Returns
/// the diagnostics and a summary line.
pub fn check_pages<'p>(
    pages: impl Iterator<Item = &'p Page>,
    opts: &Options,
) -> (Vec<Diagnostic>, String) {
    // Validated when the config was read.
    let patterns = opts.config.exclude.iter().map(|p| p.0.as_str());
    let excludes = RegexSet::new(patterns).unwrap_or_else(|_| RegexSet::empty());
    let remaps = lychee_lib::remap::Remaps::new(
        opts.config
            .remap
            .iter()
            .map(|r| (r.pattern.clone(), r.replacement.clone()))
            .collect(),
    );
    let mut diags = Vec::new();
    let mut requests: BTreeMap<Request, Vec<Use>> = BTreeMap::new();
    let mut links = 0;
    for page in pages {
        for link in &page.links {
            match link.target {
                Target::Mail => {
                    let address = link.dest.split_once(':').map_or("", |(_, a)| a);
                    diags.extend(check_address(&page.path, link.span(), address))
                }
                Target::External if !excludes.is_match(&link.dest) => {
                    // Remapped before deduplication and the cache: the request is the URL
                    // checked.
                    let checked = match remapped(&remaps, &link.dest) {
                        Ok(checked) => checked,
                        Err(problem) => {
                            diags.push(Diagnostic::new(
                                Code::ExternalBroken,
                                &page.path,
                                link.span(),
                                problem,
                            ));
                            continue;
                        }
                    };
                    let written = checked.is_some().then_some(&*link.dest);
                    let checked = checked.as_deref().unwrap_or(&link.dest);
                    let Some(request) = request_for(checked, &opts.config.skip_anchor_prefixes)
                    else {
                        diags.push(Diagnostic::new(
                            Code::ExternalBroken,
                            &page.path,
                            link.span(),
                            format!("`{}` is not a valid URL", link.dest),
                        ));
                        continue;
                    };
                    links += 1;
                    requests.entry(request).or_default().push(Use {
                        page: &page.path,
                        span: link.span(),
                        written,
                    });
                }
                _ => {}
            }
        }
    }
    let urls = requests
        .keys()
        .map(|r| r.url.as_str())
        .collect::<std::collections::HashSet<_>>()
        .len();
    if opts.offline {
        return (
            diags,
            format!("external: {urls} URLs in {links} links not checked (--offline)"),
        );
    }

    let (mut cache, cache_problem) = opts
        .cache
        .as_deref()
        .map(|p| cache::Cache::load(p, opts.config.cache_max_age.0))
        .unwrap_or_default();
    diags.extend(cache_problem);
    // A page linked both with and without a fragment is fetched once, with the fragment:
    // its status answers for the plain links too (requests sort plain first).
    let stand_ins: Vec<(&Request, &Request)> = requests
        .keys()
        .zip(requests.keys().skip(1))
        .filter(|(plain, with)| plain.fragment.is_none() && with.url == plain.url)
        .collect();
    let mut outcomes: BTreeMap<&Request, Outcome> = BTreeMap::new();
    let mut pending = Vec::new();
    for request in requests
        .keys()
        .filter(|r| !stand_ins.iter().any(|(plain, _)| plain == r))
    {
        match cache.get(&request.key()) {
            Some(outcome) => {
                outcomes.insert(request, outcome.clone());
            }
            None => pending.push(request),
        }
    }
    let cached = outcomes.len();
    let pending_len = pending.len();
    let fetched = fetch::run(&pending, opts);
    for (request, outcome) in pending.into_iter().zip(fetched) {
        if outcome.cacheable() {
            cache.put(request.key(), outcome.clone());
        }
        outcomes.insert(request, outcome);
    }
    if let Some(path) = &opts.cache {
        cache.save(path);
    }
    let requested = pending_len;
    for (plain, with) in stand_ins {
        let outcome = match &outcomes[with] {
            Outcome::MissingAnchor | Outcome::AnchorCut { .. } => Outcome::Ok,
            other => other.clone(),
        };
        outcomes.insert(plain, outcome);
    }

    let unreachable_hosts = no_host_answered(&outcomes);
    let mut failed = std::collections::HashSet::new();
    for (request, outcome) in &outcomes {
        // No host at all answered: one line says so, rather than a warning per link.
        if unreachable_hosts.is_some() && matches!(outcome, Outcome::Unreachable { .. }) {
            failed.insert(request.url.as_str());
            continue;
        }
        let Some((code, message, hint)) = diagnose(request, outcome, opts.config) else {
            continue;
        };
        failed.insert(request.url.as_str());
        for u in &requests[*request] {
            let message = match u.written {
                Some(written) => format!(
                    "{message} (written `{}`, checked as `{}` by `external.remap`)",
                    shown(written),
                    shown(&request.url)
                ),
                None => message.clone(),
            };
            diags.push(
                Diagnostic::new(code, u.page, u.span.clone(), message).with_hint_opt(hint.clone()),
            );
        }
    }
    let summary = match unreachable_hosts {
        Some(hosts) => format!(
            "external: none of the {hosts} outside hosts could be reached (no network?): {urls} URLs in {links} links not checked; `--offline` skips them"
        ),
        None => format!(
            "external: {urls} URLs in {links} links, {requested} requested, {cached} from cache, {} with problems",
            failed.len()
        ),
    };
    (diags, summary)
}

/// How many hosts were asked when none of them, two or more, could be reached: the machine
/// is most likely offline, and a warning per link would bury the other problems.
fn no_host_answered(outcomes: &BTreeMap<&Request, Outcome>) -> Option<usize> {
    let mut hosts = std::collections::BTreeSet::new();
    for (request, outcome) in outcomes {
        if !matches!(outcome, Outcome::Unreachable { .. }) {
            return None;
        }
        let url = url::Url::parse(&request.url).ok()?;
        hosts.insert((
            url.host_str().map(str::to_string),
            url.port_or_known_default(),
        ));
    }
    (hosts.len() >= 2).then_some(hosts.len())
}

/// The request for a link: the URL without its fragment, plus the fragment when it names an
/// element of the page (not a text fragment, a GitHub line anchor or a configured prefix).
fn request_for(dest: &str, skip_prefixes: &[String]) -> Option<Request> {
    // A protocol-relative URL (`//unpkg.com/x.css`) takes the page's scheme: a published
    // site's is https.
    let dest = match dest.starts_with("//") {
        true => std::borrow::Cow::Owned(format!("https:{dest}")),
        false => std::borrow::Cow::Borrowed(dest),
    };
    let mut url = url::Url::parse(&dest).ok()?;
    let fragment = url.fragment().map(str::to_string);
    url.set_fragment(None);
    let fragment = fragment.filter(|f| {
        !f.is_empty()
            && !f.starts_with(":~:")
            && !is_line_anchor(f)
            && !skip_prefixes.iter().any(|p| f.starts_with(p.as_str()))
    });
    Some(Request {
        url: url.to_string(),
        fragment,
    })
}

/// The URL `external.remap` makes of `dest` (lychee-lib's `Remaps`: the first rule that
/// matches), `None` when no rule matches, or why the result is no URL.
fn remapped(remaps: &lychee_lib::remap::Remaps, dest: &str) -> Result<Option<String>, String> {
    if remaps.is_empty() {
        return Ok(None);
    }
    let Ok(uri) = lychee_lib::Uri::try_from(dest) else {
        return Ok(None);
    };
    match remaps.remap(&uri) {
        Ok(found) => Ok(found.map(|r| r.new.as_str().to_string())),
        Err(e) => Err(format!(
            "`{}` is not checked: `external.remap` turns it into no URL ({e})",
            shown(dest)
        )),
    }
}

/// GitHub line anchors: `L12`, `L12-L20`.
fn is_line_anchor(fragment: &str) -> bool {
    static LINES: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^L\d+(?:C\d+)?(?:-L\d+(?:C\d+)?)?$").unwrap());
    LINES.is_match(fragment)
}

/// `mailto:` addresses are checked for syntax only.
fn check_address(page: &str, span: Range<usize>, address: &str) -> Option<Diagnostic> {
    static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}$").unwrap()
    });
    let address = address.split('?').next().unwrap_or("");
    let address = crate::paths::decode(address);
    (!EMAIL.is_match(&address)).then(|| {
        Diagnostic::new(
            Code::InvalidEmail,
            page,
            span,
            format!("`{address}` is not a valid e-mail address"),
        )
        .with_hint("write it as name@domain.fr")
    })
}

/// A URL as messages show it: the host as written (`café.fr`, not `xn--caf-dma.fr`), and the
/// middle of a very long URL left out, its length said instead.
fn shown(url: &str) -> String {
    const LONG: usize = 200;
    let mut text = match url::Url::parse(url) {
        Ok(parsed) => match parsed.host_str() {
            Some(host) if host.contains("xn--") => format!(
                "{}{}{}",
                &parsed[..url::Position::BeforeHost],
                url::quirks::domain_to_unicode(host),
                &parsed[url::Position::AfterHost..]
            ),
            _ => url.to_string(),
        },
        Err(_) => url.to_string(),
    };
    let chars = text.chars().count();
    if chars > LONG {
        let head: String = text.chars().take(120).collect();
        let tail: String = text.chars().skip(chars - 40).collect();
        text = format!("{head}…{tail} ({chars} characters)");
    }
    text
}

fn plural(n: u32, one: &str) -> String {
    match n {
        1 => format!("1 {one}"),
        n => format!("{n} {one}s"),
    }
}

fn reason(code: u16) -> String {
    let reason = reqwest::StatusCode::from_u16(code)
        .ok()
        .and_then(|s| s.canonical_reason());
    match reason {
        Some(reason) => format!("{code} {reason}"),
        None => code.to_string(),
    }
}

fn diagnose(
    request: &Request,
    outcome: &Outcome,
    config: &External,
) -> Option<(Code, String, Option<String>)> {
    let url = shown(&request.url);
    let timeout = humantime::format_duration(config.timeout.0);
    let max_wait = humantime::format_duration(config.max_retry_wait.0);
    let loop_hint = "browsers give up on it too; tell the site's owner, or link elsewhere";
    let rate_hint = "the host limits how often it is asked; check again later";
    Some(match outcome {
        Outcome::Ok | Outcome::Skipped => return None,
        Outcome::Redirect { to } => (
            Code::ExternalRedirect,
            format!("{url} redirects permanently to {}", shown(to)),
            Some(format!("link to `{to}` directly")),
        ),
        Outcome::Broken {
            code,
            redirected_to,
        } => {
            let after = match redirected_to {
                Some(to) => format!(" (after a redirect to {})", shown(to)),
                None => String::new(),
            };
            (
                Code::ExternalBroken,
                format!("{url} answers {}{after}", reason(*code)),
                None,
            )
        }
        Outcome::ServerError { code, attempts } => (
            Code::ExternalServerError,
            format!("{url} answers {}, in {}", reason(*code), plural(*attempts, "attempt")),
            Some(match code {
                429 => rate_hint.into(),
                _ => "the server failed; if it persists, ask its owner or exclude it in faqsite.yaml"
                    .into(),
            }),
        ),
        Outcome::RateLimited {
            code,
            asked_secs,
            requested: true,
        } => (
            Code::ExternalServerError,
            format!(
                "{url} answers {} and asks to wait {asked_secs} s, more than external.max_retry_wait ({max_wait}): not retried",
                reason(*code)
            ),
            Some(rate_hint.into()),
        ),
        Outcome::RateLimited {
            code,
            asked_secs,
            requested: false,
        } => (
            Code::ExternalServerError,
            format!(
                "{url} was not requested: its host answered {} and asked to wait {asked_secs} s, more than external.max_retry_wait ({max_wait})",
                reason(*code)
            ),
            Some(rate_hint.into()),
        ),
        Outcome::Timeout { attempts } => (
            Code::ExternalTimeout,
            format!(
                "{url} did not answer within {timeout}, in {}",
                plural(*attempts, "attempt")
            ),
            Some("raise external.timeout in faqsite.yaml if the host is slow".into()),
        ),
        Outcome::Unreachable { detail } => (
            Code::ExternalUnreachable,
            format!("{url} is unreachable: {detail}"),
            None,
        ),
        Outcome::RedirectLoop { chain, code } if chain.len() <= 2 => (
            Code::ExternalBroken,
            format!("{url} redirects to itself ({})", reason(*code)),
            Some(loop_hint.into()),
        ),
        Outcome::RedirectLoop { chain, .. } => {
            let hops: Vec<String> = chain.iter().map(|u| shown(u)).collect();
            (
                Code::ExternalBroken,
                format!(
                    "{url} redirects in a loop of {}: {}",
                    chain.len() - 1,
                    hops.join(" → ")
                ),
                Some(loop_hint.into()),
            )
        }
        Outcome::TooManyRedirects { next } => (
            Code::ExternalBroken,
            format!(
                "{url} redirects more than {} times (the last one seen goes to {})",
                fetch::MAX_REDIRECTS,
                shown(next)
            ),
            Some(loop_hint.into()),
        ),
        Outcome::MissingAnchor => {
            let fragment = request.fragment.as_deref().unwrap_or("");
            (
                Code::ExternalAnchor,
                format!("{url} has no element with id `{fragment}`"),
                Some("link to the page without the fragment, or list its prefix in external.skip_anchor_prefixes".into()),
            )
        }
        Outcome::AnchorCut { read, cut } => {
            let fragment = request.fragment.as_deref().unwrap_or("");
            let (part, hint) = match cut {
                page::Cut::Limit => (
                    format!("its first {} MiB", page::PAGE_LIMIT >> 20),
                    "check the anchor by hand, or list its prefix in external.skip_anchor_prefixes",
                ),
                page::Cut::Timeout => (
                    format!("the {read} bytes it sent within {timeout}"),
                    "raise external.timeout in faqsite.yaml if the host is slow",
                ),
            };
            (
                Code::ExternalAnchor,
                format!("{url} has no element with id `{fragment}` in {part} (faqsite reads no further)"),
                Some(hint.into()),
            )
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_strip_fragments_that_are_not_anchors() {
        let table = [
            ("https://x.fr/a#sec", "https://x.fr/a", Some("sec")),
            ("https://x.fr/a", "https://x.fr/a", None),
            ("https://x.fr/a#:~:text=bonjour", "https://x.fr/a", None),
            (
                "https://github.com/o/r/blob/main/a.rs#L12-L20",
                "https://github.com/o/r/blob/main/a.rs",
                None,
            ),
            ("https://x.fr/a#skip-me", "https://x.fr/a", None),
            ("HTTPS://X.fr/a?b=1#", "https://x.fr/a?b=1", None),
            (
                "//unpkg.com/a@4/b.css#c",
                "https://unpkg.com/a@4/b.css",
                Some("c"),
            ),
        ];
        for (dest, url, fragment) in table {
            let r = request_for(dest, &["skip-".to_string()]).unwrap();
            assert_eq!(
                (r.url.as_str(), r.fragment.as_deref()),
                (url, fragment),
                "{dest}"
            );
        }
    }

    #[test]
    fn urls_as_messages_show_them() {
        let long = format!("https://x.fr/{}", "a".repeat(300));
        let table = [
            ("https://x.fr/a?b=1", "https://x.fr/a?b=1".to_string()),
            (
                "http://xn--caf-dma.localhost:8080/menu#plat",
                "http://café.localhost:8080/menu#plat".into(),
            ),
            (
                "https://user@xn--exempl-gva.gouv.fr/",
                "https://user@exemplé.gouv.fr/".into(),
            ),
            (
                long.as_str(),
                format!(
                    "https://x.fr/{}…{} (313 characters)",
                    "a".repeat(107),
                    "a".repeat(40)
                ),
            ),
            ("pas une URL", "pas une URL".into()),
        ];
        for (url, want) in table {
            assert_eq!(shown(url), want, "{url}");
        }
        let exactly = format!("https://x.fr/{}", "é".repeat(187));
        assert_eq!(shown(&exactly), exactly, "200 characters are shown whole");
    }

    #[test]
    fn addresses() {
        for (address, ok) in [
            ("support.partenaires@agentconnect.gouv.fr", true),
            ("a+b@x.fr", true),
            ("support.accès@exemple.gouv.fr", true),
            ("a@b", false),
            ("a b@x.fr", false),
            ("x@y.fr?subject=Bonjour", true),
        ] {
            assert_eq!(
                check_address("p.md", 0..1, address).is_none(),
                ok,
                "{address}"
            );
        }
    }
}
