//! What a changed path means for the site, decided by a pure function (as Zola's
//! `detect_change_kind`), and the editor temp files to ignore.

use std::path::Path;

pub use crate::project::Change;

/// Classifies `path` (absolute or relative to the current folder) under the site `root`,
/// whose pages are in `content` (ROOT itself, or a folder of it); `reserved` says which
/// content-relative paths the walk skips (the output, ROOT's own files). `None` for what
/// the site does not use: editor temp files, hidden files, the output, any other file.
pub fn classify(
    root: &Path,
    content: &Path,
    reserved: impl Fn(&str) -> bool,
    path: &Path,
) -> Option<Change> {
    let name = path.file_name()?.to_string_lossy();
    if is_temp_file(&name) {
        return None;
    }
    // What git ignores changed: the set of pages may have.
    if name == ".gitignore" && (path.starts_with(root) || path.starts_with(content)) {
        return Some(Change::Config);
    }
    let parts = |rel: &Path| -> Vec<String> {
        rel.components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect()
    };
    if let Ok(rel) = path.strip_prefix(root) {
        let parts = parts(rel);
        let hidden = parts.iter().any(|p| p.starts_with('.'));
        let own = match parts.first().map(String::as_str) {
            Some("faqsite.yaml") if parts.len() == 1 => Some(Change::Config),
            Some("templates") if !hidden => Some(Change::Template),
            Some("themes") if parts.len() > 3 && !hidden => match parts[2].as_str() {
                "templates" => Some(Change::Template),
                "static" => Some(Change::Static(parts[3..].join("/"))),
                _ => None,
            },
            _ => None,
        };
        if own.is_some() {
            return own;
        }
    }
    let parts = parts(path.strip_prefix(content).ok()?);
    if parts.is_empty() || parts.iter().any(|p| p.starts_with('.')) {
        return None;
    }
    // Inside the output, or one of ROOT's own files.
    if (1..=parts.len()).any(|n| reserved(&parts[..n].join("/"))) {
        return None;
    }
    let inner = crate::paths::nfc(&parts.join("/")).into_owned();
    match inner.ends_with(".md") || crate::paths::is_html_file(&inner) {
        true => Some(Change::Page(inner)),
        false => Some(Change::Asset(inner)),
    }
}

/// Files editors write beside the one being saved (swap files, backups, atomic-save
/// temporaries), which are never the site's.
pub fn is_temp_file(name: &str) -> bool {
    name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".swo")
        || name.ends_with('~')
        || name.ends_with(".tmp")
        || name.ends_with("___jb_tmp___")
        || name.ends_with("___jb_old___")
        || name == "4913"
        || name == ".DS_Store"
        || name.starts_with(".#")
        || (name.starts_with('#') && name.ends_with('#'))
        || name.starts_with(".goutputstream-")
        || name.starts_with(".faqsite-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temp_files_table() {
        let table = [
            ("page.md.swp", true),
            (".page.md.swx", true),
            ("page.md~", true),
            ("4913", true),
            (".#page.md", true),
            ("#page.md#", true),
            (".goutputstream-XYZ12", true),
            ("page.md___jb_tmp___", true),
            (".DS_Store", true),
            (".faqsite-abc.tmp", true),
            ("page.md", false),
            ("cgu-v1.3.pdf", false),
            ("49130", false),
            ("#titre.md", false),
        ];
        for (name, temp) in table {
            assert_eq!(is_temp_file(name), temp, "{name}");
        }
    }

    #[test]
    fn classify_table() {
        let root = Path::new("/site");
        let content = root.join("content");
        let table: [(&str, Option<Change>); 19] = [
            ("/site/content/a/b.md", Some(Change::Page("a/b.md".into()))),
            (
                "/site/content/outils/rapport.html",
                Some(Change::Page("outils/rapport.html".into())),
            ),
            ("/site/content/A.HTM", Some(Change::Page("A.HTM".into()))),
            (
                "/site/content/index.md",
                Some(Change::Page("index.md".into())),
            ),
            (
                "/site/content/cgu/A B.pdf",
                Some(Change::Asset("cgu/A B.pdf".into())),
            ),
            ("/site/content/a/.b.md.swp", None),
            ("/site/content/.hidden/x.png", None),
            ("/site/faqsite.yaml", Some(Change::Config)),
            ("/site/templates/page.html", Some(Change::Template)),
            (
                "/site/themes/dsfr/templates/base.html",
                Some(Change::Template),
            ),
            (
                "/site/themes/dsfr/static/style.css",
                Some(Change::Static("style.css".into())),
            ),
            ("/site/themes/dsfr/README.md", None),
            ("/site/public/index.html", None),
            ("/site/.faqsite-cache.json", None),
            ("/site/content", None),
            ("/elsewhere/content/a.md", None),
            ("/site/.gitignore", Some(Change::Config)),
            ("/elsewhere/.gitignore", None),
            (
                "/site/content/e\u{301}tapes.md",
                Some(Change::Page("\u{e9}tapes.md".into())),
            ),
        ];
        let none = |_: &str| false;
        for (path, want) in table {
            assert_eq!(
                classify(root, &content, none, Path::new(path)),
                want,
                "{path}"
            );
        }
        // ROOT as the content: its own files and the output are not pages.
        let reserved = |p: &str| ["faqsite.yaml", "templates", "themes", "public"].contains(&p);
        let table = [
            ("/site/a/b.md", Some(Change::Page("a/b.md".into()))),
            ("/site/README.md", Some(Change::Page("README.md".into()))),
            ("/site/faqsite.yaml", Some(Change::Config)),
            ("/site/templates/page.html", Some(Change::Template)),
            ("/site/public/index.html", None),
            ("/site/public/a/b.html", None),
            ("/site/.git/index", None),
            ("/site/.gitbook/assets/x.png", None),
            ("/site/.gitignore", Some(Change::Config)),
            ("/site/a/.gitignore", Some(Change::Config)),
        ];
        for (path, want) in table {
            assert_eq!(
                classify(root, root, reserved, Path::new(path)),
                want,
                "{path}"
            );
        }
    }
}
