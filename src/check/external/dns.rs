//! Host names that need no DNS (RFC 6761, RFC 2606): `localhost` and `*.localhost` are
//! loopback, `*.invalid` never resolves, and the example names (`example.com`, `*.example`,
//! `*.test`) are left alone, as lychee leaves them. Every other name goes to the system
//! resolver. Asking a DNS server about these names would be slow at best and, for
//! `.localhost`, could even reach another machine.

use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr};

/// What a reserved name means for a check.
#[derive(Debug, PartialEq, Eq)]
pub enum Special {
    /// This machine, without asking a resolver.
    Loopback,
    /// Can never resolve: the link is dead without a request.
    NeverResolves,
    /// Written for documentation: not requested, not reported.
    Example,
}

/// `host` is ASCII (punycode) and lower-case, as the `url` crate gives it.
pub fn special(host: &str) -> Option<Special> {
    const EXAMPLE_DOMAINS: [&str; 4] = ["example.com", "example.org", "example.net", "example.edu"];
    let host = host.trim_end_matches('.');
    let under = |tld: &str| host == tld || host.ends_with(&format!(".{tld}"));
    if under("localhost") {
        Some(Special::Loopback)
    } else if under("invalid") {
        Some(Special::NeverResolves)
    } else if under("example") || under("test") || EXAMPLE_DOMAINS.iter().any(|d| under(d)) {
        Some(Special::Example)
    } else {
        None
    }
}

/// The resolver of the check's HTTP client: loopback for `*.localhost`, else the system's.
pub struct Resolver;

/// A name the system resolver knows no address for; its message names the host.
#[derive(Debug, thiserror::Error)]
#[error("cannot resolve its host {host}: {source}")]
pub struct NotResolved {
    pub host: String,
    source: std::io::Error,
}

impl Resolve for Resolver {
    fn resolve(&self, name: Name) -> Resolving {
        let host = name.as_str().to_string();
        Box::pin(async move {
            if special(&host) == Some(Special::Loopback) {
                let loopback = [
                    SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
                    SocketAddr::from((Ipv6Addr::LOCALHOST, 0)),
                ];
                return Ok(Box::new(loopback.into_iter()) as Addrs);
            }
            let found = tokio::net::lookup_host((host.as_str(), 0))
                .await
                .map(|addrs| addrs.collect::<Vec<_>>());
            match found {
                Ok(addrs) => Ok(Box::new(addrs.into_iter()) as Addrs),
                Err(source) => Err(Box::new(NotResolved { host, source }) as _),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn special_names() {
        let table = [
            ("localhost", Some(Special::Loopback)),
            ("xn--caf-dma.localhost", Some(Special::Loopback)),
            ("docs.localhost.", Some(Special::Loopback)),
            ("localhost.fr", None),
            ("notlocalhost", None),
            ("xn--caf-dma.invalid", Some(Special::NeverResolves)),
            ("invalid", Some(Special::NeverResolves)),
            ("invalid.fr", None),
            ("example.com", Some(Special::Example)),
            ("www.example.org", Some(Special::Example)),
            ("exemple.example", Some(Special::Example)),
            ("api.test", Some(Special::Example)),
            ("myexample.com", None),
            ("example.gouv.fr", None),
            ("agentconnect.gouv.fr", None),
        ];
        for (host, want) in table {
            assert_eq!(special(host), want, "{host}");
        }
    }
}
