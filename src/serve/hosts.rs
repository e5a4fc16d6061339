//! Whom the dev server answers: the `Host` values a request may carry, and the address to
//! print. A browser sends the name it was given in `Host`, so checking it stops DNS
//! rebinding (a page of another site, its name pointed at this machine, reading the
//! preview). Bound to a loopback address, only local names pass; bound to another address,
//! that address passes too, and bound to `0.0.0.0` or `::`, each of the machine's own
//! addresses; `--allow-host` adds names such as the machine's DNS name.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// The names always accepted: they can only reach this machine.
const LOOPBACK_NAMES: [&str; 3] = ["127.0.0.1", "localhost", "[::1]"];

#[derive(Debug, thiserror::Error)]
#[error("--allow-host {0:?} is not a host name or an IP address (give the name alone, as in `--allow-host docs.example.fr`)")]
pub struct BadHostName(pub String);

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hosts {
    port: u16,
    /// Bound to `0.0.0.0` or `::`.
    unspecified: bool,
    /// Lower-case names and addresses without the port, IPv6 in brackets, in the order
    /// printed: the address to give others first.
    names: Vec<String>,
}

impl Hosts {
    /// The hosts of a server bound to `bind`:`port`; `own` are the machine's addresses
    /// (used for an unspecified `bind`), `extra` the `--allow-host` names ([`names`]).
    pub fn new(bind: IpAddr, port: u16, own: &[IpAddr], extra: &[String]) -> Hosts {
        let mut addresses: Vec<IpAddr> = Vec::new();
        if bind.is_unspecified() {
            // `::` also takes IPv4 connections (dual stack); `0.0.0.0` only IPv4 ones.
            let mut reachable: Vec<IpAddr> = own
                .iter()
                .copied()
                .filter(|ip| bind.is_ipv6() || ip.is_ipv4())
                .filter(|ip| !ip.is_loopback() && !ip.is_unspecified() && !is_link_local(ip))
                .collect();
            // The address to print is an IPv4 one when there is one: easier to type.
            reachable.sort_by_key(|ip| ip.is_ipv6());
            addresses.extend(reachable);
        } else {
            addresses.push(bind);
        }
        let mut names: Vec<String> = addresses.iter().map(|ip| host_name(*ip)).collect();
        names.extend(LOOPBACK_NAMES.iter().map(|n| n.to_string()));
        names.extend(extra.iter().cloned());
        let mut seen = std::collections::HashSet::new();
        names.retain(|n| seen.insert(n.clone()));
        Hosts {
            port,
            unspecified: bind.is_unspecified(),
            names,
        }
    }

    /// Whether a request whose `Host` header is `header` is addressed to this server.
    pub fn allows(&self, header: &str) -> bool {
        let header = header.to_ascii_lowercase();
        let (name, port) = match header.rsplit_once(':') {
            // `[::1]` alone has colons but no port.
            Some((name, port)) if !port.contains(']') => (name, port.parse::<u16>().ok()),
            _ => (header.as_str(), Some(80)),
        };
        port == Some(self.port) && self.names.iter().any(|n| n == name)
    }

    /// The address to print and to give others: the bound address, or for `0.0.0.0` / `::`
    /// one of the machine's own (`127.0.0.1` when it has none).
    pub fn url(&self) -> String {
        format!("http://{}:{}/", self.names[0], self.port)
    }

    /// The address for a browser on this machine: the loopback one when every address is
    /// bound (it works without a network), else the bound one.
    pub fn local_url(&self) -> String {
        match self.unspecified {
            true => format!("http://127.0.0.1:{}/", self.port),
            false => self.url(),
        }
    }

    /// Every accepted `host:port`, for the terminal.
    pub fn list(&self) -> Vec<String> {
        self.names
            .iter()
            .map(|n| format!("{n}:{}", self.port))
            .collect()
    }
}

/// `--allow-host` values as `Host` headers name them, or the first that is no host name.
pub fn names(given: &[String]) -> Result<Vec<String>, BadHostName> {
    given
        .iter()
        .map(|name| normalize(name).ok_or_else(|| BadHostName(name.clone())))
        .collect()
}

/// The machine's own addresses, as its interfaces list them; none if they cannot be read.
pub fn own_addresses() -> Vec<IpAddr> {
    if_addrs::get_if_addrs()
        .map(|interfaces| interfaces.iter().map(|i| i.ip()).collect())
        .unwrap_or_default()
}

/// An address as it appears in a URL and a `Host` header.
fn host_name(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(ip) => ip.to_string(),
        IpAddr::V6(ip) => format!("[{ip}]"),
    }
}

/// Link-local addresses need a zone (`%eth0`) that browsers do not put in a URL.
fn is_link_local(ip: &IpAddr) -> bool {
    match ip {
        IpAddr::V4(ip) => ip.is_link_local(),
        IpAddr::V6(ip) => (ip.segments()[0] & 0xffc0) == 0xfe80,
    }
}

/// A `--allow-host` value as a `Host` header names it: a DNS name (lower case, no final
/// dot) or an IP address (IPv6 in brackets); `None` for anything else (a port, a URL).
fn normalize(name: &str) -> Option<String> {
    let bare = name.strip_prefix('[').and_then(|n| n.strip_suffix(']'));
    if let Ok(ip) = bare.unwrap_or(name).parse::<Ipv6Addr>() {
        return Some(host_name(IpAddr::V6(ip)));
    }
    if let Ok(ip) = name.parse::<Ipv4Addr>() {
        return Some(ip.to_string());
    }
    let name = name.strip_suffix('.').unwrap_or(name).to_ascii_lowercase();
    let label_ok = |l: &str| {
        !l.is_empty()
            && l.len() <= 63
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    };
    (name.len() <= 253 && name.split('.').all(label_ok)).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn hosts_by_bind_address() {
        let own = [
            ip("127.0.0.1"),
            ip("::1"),
            ip("192.0.2.2"),
            ip("fd00::2"),
            ip("fe80::fc:ff:fe00:1"),
            ip("169.254.3.4"),
        ];
        let docs = names(&["Docs.Example.fr".to_string()]).unwrap();
        // (bind, --allow-host, printed URL, Host values accepted, Host values refused)
        type Row<'a> = (&'a str, &'a [String], &'a str, &'a [&'a str], &'a [&'a str]);
        let table: [Row; 5] = [
            (
                "127.0.0.1",
                &[],
                "http://127.0.0.1:1111/",
                &[
                    "127.0.0.1:1111",
                    "localhost:1111",
                    "LOCALHOST:1111",
                    "[::1]:1111",
                ],
                &[
                    "192.0.2.2:1111",
                    "evil.example:1111",
                    "127.0.0.1:80",
                    "127.0.0.1",
                    "localhost:11111",
                ],
            ),
            (
                "127.0.0.2",
                &docs,
                "http://127.0.0.2:1111/",
                &["127.0.0.2:1111", "localhost:1111", "docs.example.fr:1111"],
                &["127.0.0.3:1111", "docs.example.fr", "example.fr:1111"],
            ),
            (
                "0.0.0.0",
                &docs,
                "http://192.0.2.2:1111/",
                &["192.0.2.2:1111", "127.0.0.1:1111", "docs.example.fr:1111"],
                &[
                    "0.0.0.0:1111",
                    "[fd00::2]:1111",
                    "169.254.3.4:1111",
                    "[fe80::fc:ff:fe00:1]:1111",
                    "evil.example:1111",
                ],
            ),
            (
                "::",
                &[],
                "http://192.0.2.2:1111/",
                &["192.0.2.2:1111", "[fd00::2]:1111", "[::1]:1111"],
                &["[::]:1111", "docs.example.fr:1111"],
            ),
            (
                "192.0.2.2",
                &[],
                "http://192.0.2.2:1111/",
                &["192.0.2.2:1111"],
                &["[fd00::2]:1111", "evil.example:1111", ""],
            ),
        ];
        for (bind, extra, url, accepted, refused) in table {
            let hosts = Hosts::new(ip(bind), 1111, &own, extra);
            assert_eq!(hosts.url(), url, "{bind}");
            for host in accepted {
                assert!(hosts.allows(host), "{bind} refuses {host}");
            }
            for host in refused {
                assert!(!hosts.allows(host), "{bind} accepts {host}");
            }
        }
        // No address but loopback: the printed address still works here.
        let alone = Hosts::new(ip("0.0.0.0"), 8000, &[ip("127.0.0.1")], &[]);
        assert_eq!(alone.url(), "http://127.0.0.1:8000/");
        // Port 80 may be left out of Host, as browsers do.
        let eighty = Hosts::new(ip("127.0.0.1"), 80, &[], &[]);
        assert!(eighty.allows("localhost") && eighty.allows("localhost:80"));
    }

    #[test]
    fn allow_host_values_table() {
        let table = [
            ("docs.example.fr", Some("docs.example.fr")),
            ("Poste-12.Local.", Some("poste-12.local")),
            ("192.0.2.7", Some("192.0.2.7")),
            ("fd00::7", Some("[fd00::7]")),
            ("[FD00::7]", Some("[fd00::7]")),
            ("docs.example.fr:8080", None),
            ("http://docs.example.fr/", None),
            ("-bad.example", None),
            ("a..b", None),
            ("", None),
            ("*", None),
        ];
        for (given, want) in table {
            assert_eq!(normalize(given).as_deref(), want, "{given}");
        }
    }
}
