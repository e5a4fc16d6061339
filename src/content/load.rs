//! Walks `content/` (walkdir), reads and parses every page on all cores (rayon), and builds
//! the `Site`. Hidden files and folders are skipped; `.md` files are pages, the rest assets.

use super::{front_matter, Page, Site};
use crate::diagnostics::{Code, Diagnostic};
use crate::markdown;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::io;
use std::path::Path;
use walkdir::WalkDir;

/// Loads the content tree. I/O failures on the tree itself are errors; problems in pages
/// (bad front matter, bad encoding) are diagnostics, and the page loads as well as it can.
pub fn load(content_dir: &Path) -> io::Result<(Site, Vec<Diagnostic>)> {
    let mut page_paths = Vec::new();
    let mut assets = Vec::new();
    let walker = WalkDir::new(content_dir).sort_by_file_name().into_iter();
    for entry in
        walker.filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
    {
        let entry = entry.map_err(io::Error::other)?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(content_dir)
            .map_err(io::Error::other)?;
        let rel = rel
            .to_string_lossy()
            .replace(std::path::MAIN_SEPARATOR, "/");
        if rel.ends_with(".md") {
            page_paths.push(rel);
        } else {
            assets.push(rel);
        }
    }

    let loaded: Vec<(Option<Page>, Vec<Diagnostic>)> = page_paths
        .into_par_iter()
        .map(|path| load_page(content_dir, path))
        .collect::<io::Result<_>>()?;
    let mut pages = Vec::with_capacity(loaded.len());
    let mut diagnostics = Vec::new();
    for (page, diags) in loaded {
        pages.extend(page);
        diagnostics.extend(diags);
    }

    let page_index: HashMap<String, usize> = pages
        .iter()
        .enumerate()
        .map(|(i, p)| (p.path.clone(), i))
        .collect();
    let asset_set: HashSet<String> = assets.iter().cloned().collect();
    let mut dirs = HashSet::from([String::new()]);
    for path in page_index.keys().chain(&assets) {
        let mut dir = crate::paths::parent(path);
        while dirs.insert(dir.to_string()) {
            dir = crate::paths::parent(dir);
        }
    }
    let site = Site {
        content_dir: content_dir.to_path_buf(),
        pages,
        assets,
        page_index,
        asset_set,
        dirs,
    };
    Ok((site, diagnostics))
}

fn load_page(content_dir: &Path, path: String) -> io::Result<(Option<Page>, Vec<Diagnostic>)> {
    let bytes = std::fs::read(content_dir.join(&path))?;
    let mut diags = Vec::new();
    let source = match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            diags.push(
                Diagnostic::new(Code::Encoding, &path, at..at, "the page is not valid UTF-8")
                    .with_hint("save the file as UTF-8"),
            );
            String::from_utf8_lossy(e.as_bytes()).into_owned()
        }
    };
    let source = match source.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => source,
    };
    Ok((parse_page(path, source, &mut diags), diags))
}

/// Builds a page from its source; `None` for a draft.
pub fn parse_page(path: String, source: String, diags: &mut Vec<Diagnostic>) -> Option<Page> {
    let (front, body_start) = front_matter::parse(&path, &source);
    let front = front.unwrap_or_else(|d| {
        diags.push(d);
        Default::default()
    });
    if front.draft {
        return None;
    }
    let parsed = markdown::parse(&source, body_start, &path);
    let title = front
        .title
        .clone()
        .or(parsed.first_h1)
        .unwrap_or_else(|| file_stem(&path).to_string());
    let anchors = parsed
        .headings
        .iter()
        .map(|h| h.id.clone())
        .chain(parsed.html_ids)
        .collect();
    Some(Page {
        path,
        source,
        front,
        title,
        headings: parsed.headings,
        anchors,
        links: parsed.links,
        prose: parsed.prose,
        allows: parsed.allows,
        html: parsed.html,
    })
}

fn file_stem(path: &str) -> &str {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.strip_suffix(".md").unwrap_or(name)
}
