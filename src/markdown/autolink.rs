//! Bare URLs and e-mail addresses in text, which GitHub turns into links and pulldown-cmark
//! does not. linkify applies GitHub's rules for trailing punctuation and parentheses.

use linkify::{LinkFinder, LinkKind};
use std::ops::Range;

pub struct Autolink {
    /// Byte range in the text.
    pub range: Range<usize>,
    /// The link target: the URL (`http://` added to `www.`), or `mailto:` + address.
    pub href: String,
}

/// Finds the links GitHub would make of plain text: `http(s)://…`, `www.…` and e-mail addresses.
pub fn find(text: &str) -> Vec<Autolink> {
    // A cheap test first: most text holds no link at all (and French text seldom a `w`).
    let bytes = text.as_bytes();
    let after = |byte: u8, what: &[u8]| {
        memchr::memchr_iter(byte, bytes).any(|i| bytes[i + 1..].starts_with(what))
    };
    if memchr::memchr(b'@', bytes).is_none() && !after(b':', b"//") && !after(b'w', b"ww.") {
        return Vec::new();
    }
    let mut finder = LinkFinder::new();
    finder.url_must_have_scheme(false);
    finder
        .links(text)
        .filter_map(|l| {
            let s = l.as_str();
            let href = match l.kind() {
                LinkKind::Email => format!("mailto:{s}"),
                LinkKind::Url if has_web_scheme(s) => s.to_string(),
                LinkKind::Url if s.starts_with("www.") => format!("http://{s}"),
                _ => return None,
            };
            Some(Autolink {
                range: l.start()..l.end(),
                href,
            })
        })
        .collect()
}

fn has_web_scheme(s: &str) -> bool {
    let lower = s.get(..8).unwrap_or(s).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_autolink_rules() {
        let table: &[(&str, &[&str])] = &[
            (
                "voir https://tools.ietf.org/html/rfc7009.",
                &["https://tools.ietf.org/html/rfc7009"],
            ),
            ("(voir https://x.fr/a)", &["https://x.fr/a"]),
            (
                "https://fr.wikipedia.org/wiki/Test_(x)",
                &["https://fr.wikipedia.org/wiki/Test_(x)"],
            ),
            ("| https://a.fr/api/v2 | ok |", &["https://a.fr/api/v2"]),
            (
                "écrire à support.partenaires@agentconnect.gouv.fr.",
                &["mailto:support.partenaires@agentconnect.gouv.fr"],
            ),
            (
                "support+partenaires@proconnect.gouv.fr",
                &["mailto:support+partenaires@proconnect.gouv.fr"],
            ),
            (
                "www.demarches-simplifiees.fr, puis",
                &["http://www.demarches-simplifiees.fr"],
            ),
            ("datapass.api.gouv.fr seul", &[]),
            ("ftp://x.fr/a et file:///etc", &[]),
            ("rien ici", &[]),
        ];
        for (text, want) in table {
            let got: Vec<String> = find(text).into_iter().map(|l| l.href).collect();
            assert_eq!(&got, want, "{text}");
        }
    }
}
