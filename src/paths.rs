//! Link destinations: classify what a link points to, resolve relative paths against the
//! content tree (the way GitHub resolves them in a repository), and rewrite them for the site.

use percent_encoding::{percent_decode_str, AsciiSet, CONTROLS};
use std::borrow::Cow;

/// Characters to percent-encode when faqsite writes a path into a link (spaces in PDF names).
pub const PATH_ESCAPES: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'?')
    .add(b'<')
    .add(b'>');

/// An id as a link's fragment writes it: what would end the destination or change its
/// meaning (space, `"`, `#`, `%`, `<`, `>`, brackets, controls) percent-encoded, letters
/// kept as they are (`#points-daccès`, as GitHub's own links to headings write them).
pub fn encode_anchor(id: &str) -> String {
    const ESCAPES: &AsciiSet = &PATH_ESCAPES.add(b'(').add(b')');
    let mut out = String::with_capacity(id.len());
    let mut buf = [0; 4];
    for c in id.chars() {
        match c.is_ascii() {
            true => out.extend(percent_encoding::utf8_percent_encode(
                c.encode_utf8(&mut buf),
                ESCAPES,
            )),
            false => out.push(c),
        }
    }
    out
}

/// What a link destination points to, as written in the page.
#[derive(Debug, PartialEq, Eq)]
pub enum Target<'a> {
    /// `http://`, `https://` or protocol-relative `//host`.
    External,
    /// `mailto:` with the address.
    Mail(&'a str),
    /// Another scheme (`tel:`, `data:`, `ftp:`…): not ours to check.
    OtherScheme,
    /// A path inside the site (possibly empty: `#anchor`), without query, and its fragment.
    Local {
        path: &'a str,
        fragment: Option<&'a str>,
    },
}

pub fn classify(dest: &str) -> Target<'_> {
    if dest.starts_with("//") {
        return Target::External;
    }
    if let Some(colon) = memchr::memchr(b':', dest.as_bytes()) {
        let scheme = &dest[..colon];
        let is_scheme = !scheme.is_empty()
            && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c));
        if is_scheme && !dest[..colon].contains('/') {
            let is = |name: &str| scheme.eq_ignore_ascii_case(name);
            return match () {
                _ if is("http") || is("https") => Target::External,
                _ if is("mailto") => Target::Mail(&dest[colon + 1..]),
                _ => Target::OtherScheme,
            };
        }
    }
    let (rest, fragment) = match dest.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (dest, None),
    };
    let path = rest.split_once('?').map_or(rest, |(p, _)| p);
    Target::Local { path, fragment }
}

/// The link leaves the content folder.
#[derive(Debug, PartialEq, Eq)]
pub struct Outside;

/// Resolves `path` (as written, percent-encoded) from the page `from` (content-relative, `/`
/// separators) to a normalised content-relative path. A leading `/` means the content root,
/// as GitHub reads it from the repository root. A trailing `/` is kept to mark a folder.
pub fn resolve(from: &str, path: &str) -> Result<String, Outside> {
    let decoded = decode(path);
    let (base, rel) = match decoded.strip_prefix('/') {
        Some(rest) => ("", rest),
        None => (parent(from), decoded.as_ref()),
    };
    let mut parts: Vec<&str> = base.split('/').filter(|s| !s.is_empty()).collect();
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop().ok_or(Outside)?;
            }
            s => parts.push(s),
        }
    }
    let mut out = parts.join("/");
    let is_dir = rel.is_empty()
        || rel.ends_with('/')
        || rel.ends_with("/.")
        || rel == "."
        || rel.ends_with("..");
    if is_dir && !out.is_empty() {
        out.push('/');
    }
    Ok(out)
}

/// Percent-decodes a path or fragment; invalid UTF-8 is kept as written.
pub fn decode(s: &str) -> Cow<'_, str> {
    percent_decode_str(s)
        .decode_utf8()
        .unwrap_or(Cow::Borrowed(s))
}

/// A path in Unicode NFC, as faqsite compares and publishes names (macOS writes NFD).
pub fn nfc(path: &str) -> Cow<'_, str> {
    use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};
    match path.is_ascii() || is_nfc_quick(path.chars()) == IsNormalized::Yes {
        true => Cow::Borrowed(path),
        false => Cow::Owned(path.nfc().collect()),
    }
}

/// The name on disk, under `base`, of the content-relative `path` written in NFC: the same
/// path when it exists as written, else the path whose segments match once in NFC (a file
/// that macOS named in NFD). `None` when there is no such file.
pub fn find_on_disk(base: &std::path::Path, path: &str) -> Option<String> {
    if base.join(path).symlink_metadata().is_ok() {
        return Some(path.to_string());
    }
    let mut found = String::new();
    for segment in path.split('/') {
        let dir = base.join(&found);
        let name = match dir.join(segment).symlink_metadata() {
            Ok(_) => segment.to_string(),
            Err(_) => std::fs::read_dir(&dir)
                .ok()?
                .filter_map(|e| e.ok()?.file_name().into_string().ok())
                .find(|name| nfc(name) == nfc(segment))?,
        };
        if !found.is_empty() {
            found.push('/');
        }
        found.push_str(&name);
    }
    Some(found)
}

/// `pilotage_fca` → `Pilotage fca`: a readable title for a folder without a page, or whose
/// page has no title.
pub fn humanize(name: &str) -> String {
    let spaced = name.replace(['_', '-'], " ");
    let mut chars = spaced.trim().chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Whether the content path `path` names an HTML file (`.html`, `.htm`, in any case): an
/// HTML page of the site, published as it is.
pub fn is_html_file(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    let ext = name.rsplit_once('.').map_or("", |(_, e)| e);
    ext.eq_ignore_ascii_case("html") || ext.eq_ignore_ascii_case("htm")
}

/// The folder of a content-relative file path, without trailing `/` (`""` at the root).
pub fn parent(path: &str) -> &str {
    path.rfind('/').map_or("", |i| &path[..i])
}

/// The relative path from the page `from` to the content-relative `to`.
pub fn relative(from: &str, to: &str) -> String {
    let from_dir: Vec<&str> = parent(from).split('/').filter(|s| !s.is_empty()).collect();
    let to_parts: Vec<&str> = to.split('/').collect();
    let common = from_dir
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count()
        .min(to_parts.len().saturating_sub(1));
    let mut out = "../".repeat(from_dir.len() - common);
    out.push_str(&to_parts[common..].join("/"));
    if out.is_empty() {
        out.push_str("./");
    }
    out
}

/// `../` once per folder between the page and the site root (`""` at the root).
pub fn root_prefix(page: &str) -> String {
    "../".repeat(page.matches('/').count())
}

/// The output file of a page: `a/b.md` → `a/b.html`.
pub fn html_path(page: &str) -> String {
    let stem = page.strip_suffix(".md").unwrap_or(page);
    format!("{stem}.html")
}

/// `dest` as the published site reads it when it is written from ROOT's root and names
/// the content folder (`content_in_root`, `content/`): `/content/docs/a.md#b` is
/// `/docs/a.md#b`, as GitHub reads the first from the repository's root. `None` for any
/// other destination.
pub fn from_content_root(content_in_root: &str, dest: &str) -> Option<String> {
    let folder = content_in_root.trim_end_matches('/');
    if folder.is_empty() || dest.starts_with("//") {
        return None;
    }
    let rest = dest.strip_prefix('/')?.strip_prefix(folder)?;
    match rest.strip_prefix('/') {
        Some(inside) => Some(format!("/{inside}")),
        None if rest.is_empty() || rest.starts_with(['#', '?']) => Some(format!("/{rest}")),
        None => None,
    }
}

/// Rewrites a link destination for the published site, from the page `from`: pages become
/// `.html`, folders their `index.html`, root-absolute paths relative; assets keep their
/// percent-encoded form; outside links are untouched.
pub fn rewrite_href(from: &str, dest: &str) -> String {
    let Target::Local { path, .. } = classify(dest) else {
        return dest.to_string();
    };
    if path.is_empty() {
        return dest.to_string();
    }
    let tail = &dest[path.len()..];
    let mut out = match path.strip_prefix('/') {
        Some(abs) => root_prefix(from) + abs,
        None => path.to_string(),
    };
    if out.is_empty()
        || out.ends_with('/')
        || out == "."
        || out.ends_with("/.")
        || out.ends_with("..")
    {
        if !out.is_empty() && !out.ends_with('/') {
            out.push('/');
        }
        out.push_str("index.html");
    } else if let Some(stem) = out.strip_suffix(".md") {
        out = format!("{stem}.html");
    }
    out + tail
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn from_content_root_table() {
        let table = [
            ("content/", "/content/docs/a.md#b", Some("/docs/a.md#b")),
            ("content/", "/content/", Some("/")),
            ("content/", "/content", Some("/")),
            ("content/", "/content#x", Some("/#x")),
            ("content/", "/content/img%20a.png", Some("/img%20a.png")),
            ("content/", "/contents/a.md", None),
            ("content/", "/docs/a.md", None),
            ("content/", "docs/a.md", None),
            ("content/", "//content/a.js", None),
            ("content/", "https://x.fr/content/a", None),
            ("docs/fr/", "/docs/fr/a.md", Some("/a.md")),
            ("", "/content/a.md", None),
        ];
        for (prefix, dest, want) in table {
            assert_eq!(
                from_content_root(prefix, dest).as_deref(),
                want,
                "{prefix} {dest}"
            );
        }
    }

    #[test]
    fn classify_table() {
        use Target::*;
        let local = |path, fragment| Local { path, fragment };
        let table = [
            ("https://datapass.api.gouv.fr/", External),
            ("HTTP://x.fr", External),
            ("//cdn.example.org/a.js", External),
            ("mailto:a@b.fr", Mail("a@b.fr")),
            ("tel:+33100000000", OtherScheme),
            ("../a/b.md#c", local("../a/b.md", Some("c"))),
            ("#id_token", local("", Some("id_token"))),
            ("page.md?x=1#y", local("page.md", Some("y"))),
            ("a:b/c.md", OtherScheme),
            ("dir/a:b.md", local("dir/a:b.md", None)),
        ];
        for (dest, want) in table {
            assert_eq!(classify(dest), want, "{dest}");
        }
    }

    #[test]
    fn resolve_table() {
        let table = [
            (
                "pilotage_fca/a.md",
                "../implementation_fca/b.md",
                Ok("implementation_fca/b.md"),
            ),
            ("pilotage_fca/a.md", "b.md", Ok("pilotage_fca/b.md")),
            ("pilotage_fca/a.md", "./b.md", Ok("pilotage_fca/b.md")),
            ("pilotage_fca/a.md", "/assets/pc.svg", Ok("assets/pc.svg")),
            ("a.md", "../x.md", Err(Outside)),
            ("d/a.md", "../../x.md", Err(Outside)),
            (
                "d/a.md",
                "../cgu_fca/Annexe%20CGU.pdf",
                Ok("cgu_fca/Annexe CGU.pdf"),
            ),
            ("d/a.md", "../cgu_fca/", Ok("cgu_fca/")),
            ("d/a.md", "..", Ok("")),
            ("d/a.md", ".", Ok("d/")),
        ];
        for (from, path, want) in table {
            assert_eq!(
                resolve(from, path).as_deref(),
                want.as_ref().map(|s| *s).map_err(|_| &Outside),
                "{from} {path}"
            );
        }
    }

    #[test]
    fn relative_table() {
        let table = [
            ("a/x.md", "b/y.md", "../b/y.md"),
            ("a/x.md", "a/y.md", "y.md"),
            ("x.md", "a/y.md", "a/y.md"),
            ("a/b/x.md", "a/y.md", "../y.md"),
            ("a/x.md", "index.md", "../index.md"),
        ];
        for (from, to, want) in table {
            assert_eq!(relative(from, to), want, "{from} -> {to}");
        }
    }

    #[test]
    fn rewrite_table() {
        let table = [
            ("a/x.md", "../b/y.md#frag", "../b/y.html#frag"),
            ("a/x.md", "y.md", "y.html"),
            ("a/x.md", "../cgu/A%20B.pdf", "../cgu/A%20B.pdf"),
            ("a/x.md", "/assets/pc.svg", "../assets/pc.svg"),
            ("x.md", "/assets/pc.svg", "assets/pc.svg"),
            ("a/x.md", "#id", "#id"),
            ("a/x.md", "../b/", "../b/index.html"),
            ("a/x.md", "..", "../index.html"),
            ("a/x.md", "https://x.fr/a.md", "https://x.fr/a.md"),
            ("a/x.md", "y.md#:~:text=abc", "y.html#:~:text=abc"),
        ];
        for (from, dest, want) in table {
            assert_eq!(rewrite_href(from, dest), want, "{from} {dest}");
        }
    }
}
