//! Sites whose pages do not say whether a link works, and what to request instead (lychee's
//! quirks, kept when faqsite took over the requests): YouTube answers 200 for any video id,
//! so its thumbnail is asked for; GitHub draws Markdown with scripts, so an anchor in a
//! `blob/…/*.md` page is sought in the raw file; crates.io answers HTML only when asked to.

use url::Url;

/// What to request for a link.
#[derive(Debug, PartialEq, Eq)]
pub struct Target {
    pub url: Url,
    /// Send `Accept: text/html`.
    pub accept_html: bool,
}

/// The request for `url`; `anchors` when a fragment is to be sought on the page.
pub fn target(url: &Url, anchors: bool) -> Target {
    let plain = |url: Url| Target {
        url,
        accept_html: false,
    };
    let host = url.host_str().unwrap_or("");
    let host = host.strip_prefix("www.").unwrap_or(host);
    let segments: Vec<&str> = url.path_segments().map_or(Vec::new(), Iterator::collect);
    let thumbnail = |id: &str| Url::parse(&format!("https://img.youtube.com/vi/{id}/0.jpg")).ok();
    let rewritten = match (host, segments.as_slice()) {
        ("crates.io", _) => {
            return Target {
                url: url.clone(),
                accept_html: true,
            }
        }
        ("youtube.com" | "youtube-nocookie.com", ["watch"]) => url
            .query_pairs()
            .find(|(k, _)| k == "v")
            .and_then(|(_, id)| thumbnail(&id)),
        ("youtube.com" | "youtube-nocookie.com", ["embed", id]) if !id.is_empty() => thumbnail(id),
        ("youtu.be", [id]) if !id.is_empty() => thumbnail(id),
        ("github.com", [user, repo, "blob", rest @ ..])
            if anchors
                && rest.len() >= 2
                && rest
                    .last()
                    .is_some_and(|f| f.ends_with(".md") || f.ends_with(".markdown")) =>
        {
            Url::parse(&format!(
                "https://raw.githubusercontent.com/{user}/{repo}/{}",
                rest.join("/")
            ))
            .ok()
        }
        _ => None,
    };
    plain(rewritten.unwrap_or_else(|| url.clone()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets() {
        let table = [
            (
                "https://crates.io/crates/url",
                false,
                "https://crates.io/crates/url",
                true,
            ),
            (
                "https://www.youtube.com/watch?v=NlKuICiT470&list=x",
                false,
                "https://img.youtube.com/vi/NlKuICiT470/0.jpg",
                false,
            ),
            (
                "https://www.youtube-nocookie.com/embed/BIguvia6AvM",
                false,
                "https://img.youtube.com/vi/BIguvia6AvM/0.jpg",
                false,
            ),
            (
                "https://youtu.be/NlKuICiT470",
                false,
                "https://img.youtube.com/vi/NlKuICiT470/0.jpg",
                false,
            ),
            (
                "https://www.youtube.com/@chaine",
                false,
                "https://www.youtube.com/@chaine",
                false,
            ),
            (
                "https://www.youtube.com/watch",
                false,
                "https://www.youtube.com/watch",
                false,
            ),
            (
                "https://github.com/o/r/blob/main/docs/README.md",
                true,
                "https://raw.githubusercontent.com/o/r/main/docs/README.md",
                false,
            ),
            (
                "https://github.com/o/r/blob/main/docs/README.md",
                false,
                "https://github.com/o/r/blob/main/docs/README.md",
                false,
            ),
            (
                "https://github.com/o/r/blob/main/src/lib.rs",
                true,
                "https://github.com/o/r/blob/main/src/lib.rs",
                false,
            ),
            (
                "https://x.fr/watch?v=1",
                false,
                "https://x.fr/watch?v=1",
                false,
            ),
        ];
        for (url, anchors, want, accept_html) in table {
            let got = target(&Url::parse(url).unwrap(), anchors);
            assert_eq!(
                (got.url.as_str(), got.accept_html),
                (want, accept_html),
                "{url}"
            );
        }
    }
}
