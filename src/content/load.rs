//! Walks `content/` (walkdir), reads and extracts every page on all cores (rayon), and builds
//! the `Site`. Hidden files and folders are skipped; `.md` files are pages, the rest assets.
//! `read_page` is the one way a page enters the model, for a full load and for a single file.

use super::{front_matter, Asset, Page, PageId, Site};
use crate::diagnostics::{Code, Diagnostic};
use crate::markdown;
use rayon::prelude::*;
use std::io;
use std::path::Path;
use walkdir::WalkDir;

#[derive(Clone, Copy, Debug, Default)]
pub struct LoadOptions {
    /// Keep each page's source in the model, to render it later.
    pub keep_source: bool,
    /// Bytes of prose to keep before each version number, for CGU mentions (0: none).
    pub mention_window: usize,
}

/// A page as read from its file: `None` for a draft, with the problems found reading it.
pub struct ReadPage {
    pub page: Option<Page>,
    pub problems: Vec<Diagnostic>,
}

/// Loads the content tree. I/O failures on the tree itself are errors; problems in pages
/// (bad front matter, bad encoding) are diagnostics, and the page loads as well as it can.
pub fn load(content_dir: &Path, opts: LoadOptions) -> io::Result<Site> {
    // (path as links name it, in NFC; path on disk, if it differs)
    let mut page_paths: Vec<(String, Option<String>)> = Vec::new();
    let mut assets = Vec::new();
    let mut symlinks = Vec::new();
    let walker = WalkDir::new(content_dir).sort_by_file_name().into_iter();
    for entry in
        walker.filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
    {
        let entry = entry.map_err(io::Error::other)?;
        let kind = entry.file_type();
        if !kind.is_file() && !kind.is_symlink() {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(content_dir)
            .map_err(io::Error::other)?;
        let on_disk = rel
            .to_string_lossy()
            .replace(std::path::MAIN_SEPARATOR, "/");
        let path = crate::paths::nfc(&on_disk).into_owned();
        let file = (path != on_disk).then_some(on_disk);
        if kind.is_symlink() {
            symlinks.push(path);
        } else if path.ends_with(".md") {
            page_paths.push((path, file));
        } else {
            let size = entry.metadata().map_or(0, |m| m.len());
            assets.push(Asset { path, size, file });
        }
    }

    // In path order, so that each page is appended to the site's order.
    page_paths.sort_unstable();
    let read: Vec<(String, ReadPage)> = page_paths
        .into_par_iter()
        .map(|(path, file)| {
            let text = std::fs::read(content_dir.join(file.as_deref().unwrap_or(&path)))?;
            let page = read_page(&path, text, opts);
            Ok((path, page))
        })
        .collect::<io::Result<_>>()?;
    let mut site = Site::new(content_dir.to_path_buf());
    for asset in assets {
        site.upsert_asset(asset);
    }
    for path in symlinks {
        site.add_symlink(path);
    }
    for (path, page) in read {
        site.upsert_page(&path, page);
    }
    adopt_hidden_targets(&mut site);
    Ok(site)
}

/// Hidden folders are not walked (`.git`, editors' and tools' folders), but a file in one
/// that a page links to (`.images/schema.png`) is published at its path, as GitHub shows it.
/// Only regular files; `.git` never.
pub fn adopt_hidden_targets(site: &mut Site) {
    let wanted: std::collections::BTreeSet<String> = site
        .pages()
        .flat_map(|p| &p.links)
        .filter_map(|l| l.target.local_path())
        .filter(|path| is_hidden(path) && site.lookup(path) == super::Resolved::Missing)
        .map(str::to_string)
        .collect();
    for path in wanted {
        let Ok(meta) = std::fs::symlink_metadata(site.content_dir.join(&path)) else {
            continue;
        };
        if meta.is_file() {
            site.upsert_asset(Asset {
                path,
                size: meta.len(),
                file: None,
            });
        }
    }
}

/// A path with a hidden segment (`.images/a.png`), never inside `.git`.
fn is_hidden(path: &str) -> bool {
    let segments = || path.split('/');
    segments().any(|s| s.starts_with('.')) && !segments().any(|s| s == ".git")
}

/// Builds a page from its file's bytes (`path` is content-relative).
pub fn read_page(path: &str, bytes: Vec<u8>, opts: LoadOptions) -> ReadPage {
    let mut problems = Vec::new();
    let source = match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            problems.push(
                Diagnostic::new(Code::Encoding, path, at..at, "the page is not valid UTF-8")
                    .with_hint("save the file as UTF-8"),
            );
            String::from_utf8_lossy(e.as_bytes()).into_owned()
        }
    };
    let source = match source.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => source,
    };
    let (front, warnings, body_start) = front_matter::parse(path, &source);
    problems.extend(warnings);
    let front = front.unwrap_or_else(|d| {
        problems.push(d);
        Default::default()
    });
    if front.draft {
        return ReadPage {
            page: None,
            problems,
        };
    }
    let found = markdown::extract(&source, body_start, path, opts.mention_window);
    let title = front
        .title
        .clone()
        .or(found.first_h1)
        .unwrap_or_else(|| file_stem(path).to_string());
    let page = Page {
        id: PageId(u32::MAX),
        path: path.to_string(),
        source: opts.keep_source.then_some(source),
        body_start,
        front,
        title,
        headings: found.headings,
        html_ids: found.html_ids,
        links: found.links,
        allows: found.allows,
        numbers: found.numbers,
        scripts: found.scripts,
        diagrams: found.diagrams,
    };
    ReadPage {
        page: Some(page),
        problems,
    }
}

fn file_stem(path: &str) -> &str {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.strip_suffix(".md").unwrap_or(name)
}
