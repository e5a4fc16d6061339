//! `sitemap.xml`, written only when `base_url` is set: a sitemap needs absolute URLs.

use crate::html::escape;

/// The sitemap of `urls` (site-relative, `a/b.html`) under `base_url`.
pub fn sitemap(base_url: &str, urls: impl Iterator<Item = String>) -> String {
    let base = base_url.trim_end_matches('/');
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for url in urls {
        let url = percent_encoding::utf8_percent_encode(&url, crate::paths::PATH_ESCAPES);
        xml.push_str(&format!(
            "<url><loc>{}</loc></url>\n",
            escape(&format!("{base}/{url}"))
        ));
    }
    xml + "</urlset>\n"
}

#[cfg(test)]
mod tests {
    #[test]
    fn absolute_escaped_urls() {
        let xml = super::sitemap("https://x.fr/doc/", ["a b.html".to_string()].into_iter());
        assert!(
            xml.contains("<loc>https://x.fr/doc/a%20b.html</loc>"),
            "{xml}"
        );
    }
}
