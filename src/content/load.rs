//! Walks the content folder (walkdir), reads and extracts every page on all cores (rayon),
//! and builds the `Site`. `.md` files are pages, `.html` and `.htm` files pages published as
//! they are (`Format::Html`), the rest assets. `read` reads one changed path the same way:
//! each file enters the model as an `Entry` made by `read_found`, for a full load and for a
//! single change alike, so that the preview is the build.

use super::linked::{sync_hidden_targets, sync_outside_targets};
use super::{front_matter, is_html_file, Asset, Format, Page, PageId, Site};
use crate::diagnostics::{Code, Diagnostic};
use crate::layout::{GitIgnores, Layout, OUTPUT_MARKER};
use crate::markdown;
use rayon::prelude::*;
use std::io;
use std::path::Path;
use walkdir::WalkDir;

#[derive(Clone, Copy, Debug, Default)]
pub struct LoadOptions {
    /// Keep each page's source in the model, to render it later.
    pub keep_source: bool,
    /// Record each page's fingerprint, to read its source again when it renders
    /// (`read_source`) rather than hold every source until then.
    pub fingerprint: bool,
    /// Bytes of prose to keep before each version number, for CGU mentions (0: none).
    pub mention_window: usize,
}

/// A page as read from its file: `None` for a draft, with the problems found reading it.
pub struct ReadPage {
    pub page: Option<Page>,
    pub problems: Vec<Diagnostic>,
}

/// One file of the content as the site takes it. `read` makes it, for the full load and for
/// a single change alike, so that both apply the same rules.
pub enum Entry {
    /// A page, or a draft (`page: None`), with the problems found reading it.
    Page(Box<ReadPage>),
    /// A file published as it is, with the problem that kept a `.md` from being a page
    /// (binary, unreadable): links to it still resolve, the problem says what is wrong.
    File(Asset, Option<Diagnostic>),
    /// An HTML file: a page whose links, ids and allow comments are checked, and a file
    /// published as it is.
    Html(Box<ReadPage>, Asset),
    /// A symbolic link: not followed, not published.
    Symlink,
    /// Nothing of the site: gone, or left out by the walk's rules.
    Absent,
}

/// A file the walk found, before it is read.
struct Found {
    /// As links name it, in NFC.
    path: String,
    /// On disk, if it differs.
    file: Option<String>,
    kind: FoundKind,
}

enum FoundKind {
    Markdown,
    Html(u64),
    Other(u64),
    Symlink,
}

/// Files read on all cores before they enter the site (`load`).
const LOAD_CHUNK: usize = 512;

/// Loads the content tree. I/O failures on the tree itself are errors; problems in pages
/// (bad front matter, bad encoding) are diagnostics, and the page loads as well as it can.
pub fn load(layout: &Layout, opts: LoadOptions) -> io::Result<Site> {
    let mut ignores = GitIgnores::new(layout);
    let (found, unreadable) = walk(layout, &mut ignores, &layout.content)?;
    let mut site = Site::new(layout.content.clone());
    site.set_content_in_root(layout.content_in_root());
    let pages = found
        .iter()
        .filter(|f| matches!(f.kind, FoundKind::Markdown | FoundKind::Html(_)));
    site.reserve_pages(pages.count());
    for problem in unreadable {
        site.set_problems(&problem.file.clone(), vec![problem]);
    }
    // Pages are read on all cores and added in path order, a chunk at a time, each chunk
    // added while the next is read: the site shares the strings of their links as they come
    // in, so that no more than two chunks' links hold their own copies.
    let mut rest = found.into_iter();
    let mut read: Vec<(String, Entry)> = Vec::new();
    loop {
        let chunk: Vec<Found> = rest.by_ref().take(LOAD_CHUNK).collect();
        if chunk.is_empty() && read.is_empty() {
            break;
        }
        let (next, ()) = rayon::join(
            || {
                chunk
                    .into_par_iter()
                    .map(|f| (f.path.clone(), read_found(&layout.content, f, opts)))
                    .collect()
            },
            || {
                for (path, entry) in read.drain(..) {
                    site.put(&path, entry);
                }
            },
        );
        read = next;
    }
    sync_hidden_targets(&mut site);
    sync_outside_targets(&mut site);
    Ok(site)
}

/// Reads again what the content-relative `path` (in NFC) now is, as the full load would
/// find it: the file, or every file of the folder; the paths the site knew under it and
/// that are gone come back `Absent`.
pub fn read(site: &Site, layout: &Layout, path: &str, opts: LoadOptions) -> Vec<(String, Entry)> {
    let mut entries: Vec<(String, Entry)> = Vec::new();
    let on_disk = crate::paths::find_on_disk(&layout.content, path);
    let mut ignores = GitIgnores::new(layout);
    let disk_path = on_disk.as_deref().map(|d| layout.content.join(d));
    let kept = disk_path
        .as_ref()
        .filter(|p| !left_out(layout, &mut ignores, path, p));
    match kept.map(|p| (p, p.symlink_metadata())) {
        Some((dir, Ok(meta))) if meta.is_dir() => {
            if let Ok((found, _)) = walk(layout, &mut ignores, dir) {
                entries.extend(
                    found
                        .into_iter()
                        .map(|f| (f.path.clone(), read_found(&layout.content, f, opts))),
                );
            }
        }
        Some((_, Ok(meta))) => {
            let kind = match meta.file_type() {
                t if t.is_symlink() => FoundKind::Symlink,
                _ if path.ends_with(".md") => FoundKind::Markdown,
                _ if is_html_file(path) => FoundKind::Html(meta.len()),
                _ => FoundKind::Other(meta.len()),
            };
            let file = on_disk.filter(|d| d != path);
            let found = Found {
                path: path.to_string(),
                file,
                kind,
            };
            entries.push((path.to_string(), read_found(&layout.content, found, opts)));
        }
        _ => entries.push((path.to_string(), Entry::Absent)),
    }
    let seen: std::collections::HashSet<String> = entries.iter().map(|(p, _)| p.clone()).collect();
    let gone = site.paths_under(path).filter(|p| !seen.contains(*p));
    let gone: Vec<String> = gone.map(str::to_string).collect();
    entries.extend(gone.into_iter().map(|p| (p, Entry::Absent)));
    entries
}

/// Whether the walk leaves out `path` (content-relative) at `disk` (its file): a hidden
/// segment, the output or one of ROOT's own files, a folder faqsite wrote, what git ignores.
fn left_out(layout: &Layout, ignores: &mut GitIgnores, path: &str, disk: &Path) -> bool {
    let segments: Vec<&str> = path.split('/').collect();
    let hidden_or_reserved = (1..=segments.len())
        .any(|n| segments[n - 1].starts_with('.') || layout.is_reserved(&segments[..n].join("/")));
    // A folder faqsite wrote, at the path or above it (on disk, in its own normal form).
    let written = disk
        .ancestors()
        .take_while(|a| *a != layout.content)
        .any(|a| a.join(OUTPUT_MARKER).is_file());
    hidden_or_reserved || written || ignores.is_ignored_under(&layout.content, disk)
}

/// Walks the content from the folder `start` (walkdir, in name order): every file the site
/// takes, and the folders that cannot be listed.
fn walk(
    layout: &Layout,
    ignores: &mut GitIgnores,
    start: &Path,
) -> io::Result<(Vec<Found>, Vec<Diagnostic>)> {
    let content_dir = layout.content.as_path();
    let mut found = Vec::new();
    let mut unreadable = Vec::new();
    let mut walker = WalkDir::new(start).sort_by_file_name().into_iter();
    while let Some(entry) = walker.next() {
        let entry = match entry {
            Ok(entry) => entry,
            // A folder that cannot be listed is reported where it is; the rest loads.
            Err(e) if e.depth() > 0 && e.path().is_some() => {
                let rel = e.path().and_then(|p| p.strip_prefix(content_dir).ok());
                let path = rel.map_or(String::new(), |r| r.to_string_lossy().into_owned());
                let why = e
                    .io_error()
                    .map_or_else(|| e.to_string(), |io| io.to_string());
                unreadable.push(unreadable_file(&path, &why));
                continue;
            }
            Err(e) => return Err(io::Error::from(e)),
        };
        let kind = entry.file_type();
        if entry.depth() == 0 {
            if kind.is_dir() {
                ignores.enter(entry.path());
            }
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(content_dir)
            .map_err(io::Error::other)?;
        let on_disk = rel
            .to_string_lossy()
            .replace(std::path::MAIN_SEPARATOR, "/");
        if skipped(layout, ignores, &entry, &on_disk) {
            if kind.is_dir() {
                walker.skip_current_dir();
            }
            continue;
        }
        if kind.is_dir() {
            ignores.enter(entry.path());
            continue;
        }
        if !kind.is_file() && !kind.is_symlink() {
            continue;
        }
        let path = crate::paths::nfc(&on_disk).into_owned();
        let file = (path != on_disk).then_some(on_disk);
        let kind = if kind.is_symlink() {
            FoundKind::Symlink
        } else if path.ends_with(".md") {
            FoundKind::Markdown
        } else if is_html_file(&path) {
            FoundKind::Html(entry.metadata().map_or(0, |m| m.len()))
        } else {
            FoundKind::Other(entry.metadata().map_or(0, |m| m.len()))
        };
        found.push(Found { path, file, kind });
    }
    Ok((found, unreadable))
}

/// What the walk leaves out: hidden files and folders (`.git`, editors' and tools' folders),
/// the output folder and ROOT's own files, a folder faqsite wrote (its output marker), and
/// what `.gitignore` ignores.
fn skipped(layout: &Layout, ignores: &GitIgnores, entry: &walkdir::DirEntry, rel: &str) -> bool {
    let is_dir = entry.file_type().is_dir();
    entry.file_name().to_string_lossy().starts_with('.')
        || layout.is_reserved(rel)
        || (is_dir && entry.path().join(OUTPUT_MARKER).is_file())
        || ignores.is_ignored(entry.path(), is_dir)
}

/// Reads a file the walk found: a `.md` file is a page unless it is binary or unreadable;
/// an HTML file is an HTML page if it is UTF-8 text, else a file published unchecked.
fn read_found(content_dir: &Path, found: Found, opts: LoadOptions) -> Entry {
    let Found { path, file, kind } = found;
    let size = match kind {
        FoundKind::Symlink => return Entry::Symlink,
        FoundKind::Other(size) => return Entry::File(Asset { path, size, file }, None),
        FoundKind::Html(size) => {
            return match read_text_file(&content_dir.join(file.as_deref().unwrap_or(&path))) {
                Ok(Err(size)) => {
                    let problem = too_large(&path, size);
                    Entry::File(Asset { path, size, file }, Some(problem))
                }
                Ok(Ok(bytes)) => {
                    let size = bytes.len() as u64;
                    let read = read_html(&path, bytes, opts);
                    let asset = Asset { path, size, file };
                    match read {
                        Some(read) => Entry::Html(Box::new(read), asset),
                        None => Entry::File(asset, None),
                    }
                }
                Err(e) => {
                    let problem = unreadable_file(&path, &e.to_string());
                    Entry::File(Asset { path, size, file }, Some(problem))
                }
            };
        }
        FoundKind::Markdown => 0,
    };
    let (size, problem) = match read_text_file(&content_dir.join(file.as_deref().unwrap_or(&path)))
    {
        Ok(Err(size)) => (size, too_large(&path, size)),
        Ok(Ok(bytes)) if is_binary(&bytes) => (bytes.len() as u64, binary_page(&path)),
        Ok(Ok(bytes)) => return Entry::Page(Box::new(read_text_page(&path, bytes, opts))),
        Err(e) => (size, unreadable_file(&path, &e.to_string())),
    };
    Entry::File(Asset { path, size, file }, Some(problem))
}

/// The largest page faqsite reads: the model keeps offsets into a page in 32 bits.
const MAX_PAGE_BYTES: u64 = u32::MAX as u64;

/// A page's bytes, or its size when it is larger than `MAX_PAGE_BYTES` (then it is not read).
/// The same calls as `std::fs::read`: open, the size for the buffer, read.
pub fn read_text_file(disk: &Path) -> io::Result<Result<Vec<u8>, u64>> {
    use std::io::Read;
    let mut file = std::fs::File::open(disk)?;
    let size = file.metadata()?.len();
    if size > MAX_PAGE_BYTES {
        return Ok(Err(size));
    }
    let mut bytes = Vec::with_capacity(size as usize);
    file.read_to_end(&mut bytes)?;
    match bytes.len() as u64 {
        // It grew while read.
        grown if grown > MAX_PAGE_BYTES => Ok(Err(grown)),
        _ => Ok(Ok(bytes)),
    }
}

fn too_large(path: &str, size: u64) -> Diagnostic {
    Diagnostic::new(
        Code::Unreadable,
        path,
        0..0,
        format!(
            "`{path}` is not read: at {} GiB it is larger than the 4 GiB faqsite reads of a page",
            size >> 30
        ),
    )
    .with_hint("split it into pages, or move it out of the content folder")
}

/// A file or folder faqsite may not read (permissions): reported, and the rest loads.
pub fn unreadable_file(path: &str, e: &str) -> Diagnostic {
    Diagnostic::new(
        Code::Unreadable,
        path,
        0..0,
        format!("cannot read `{path}`: {e}"),
    )
    .with_hint("give the user running faqsite read access to it, or remove it")
}

/// Git's test: a NUL byte in the first 8000 bytes makes a file binary.
pub fn is_binary(bytes: &[u8]) -> bool {
    memchr::memchr(0, &bytes[..bytes.len().min(8000)]).is_some()
}

fn binary_page(path: &str) -> Diagnostic {
    let message = format!("`{path}` is a binary file, not Markdown text");
    Diagnostic::new(Code::Encoding, path, 0..0, message)
        .with_hint("give it its real extension (.png, .pdf…), or remove it")
}

/// Pages larger than this get a `large-page` warning: readers download them whole.
pub const LARGE_PAGE: usize = 1 << 20;

/// Builds a page from its file's bytes (`path` is content-relative).
pub fn read_page(path: &str, bytes: Vec<u8>, opts: LoadOptions) -> ReadPage {
    // A binary file is no page at all (an image or archive misnamed): not loaded.
    if is_binary(&bytes) {
        return ReadPage {
            page: None,
            problems: vec![binary_page(path)],
        };
    }
    read_text_page(path, bytes, opts)
}

/// `read_page` for bytes already found not binary (`is_binary`).
fn read_text_page(path: &str, bytes: Vec<u8>, opts: LoadOptions) -> ReadPage {
    let mut problems = Vec::new();
    if bytes.len() > LARGE_PAGE {
        let megabytes = bytes.len() as f64 / (1 << 20) as f64;
        problems.push(
            Diagnostic::new(
                Code::LargePage,
                path,
                0..0,
                format!("the page weighs {megabytes:.1} MB: readers download it whole"),
            )
            .with_hint("split it into several pages linked from a section page"),
        );
    }
    let (source, invalid_at) = decode(bytes);
    if let Some(at) = invalid_at {
        problems.push(
            Diagnostic::new(Code::Encoding, path, at..at, "the page is not valid UTF-8")
                .with_hint("save the file as UTF-8"),
        );
    }
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
        .unwrap_or_else(|| untitled(path));
    let page = Page {
        id: PageId(u32::MAX),
        format: Format::Markdown,
        path: path.to_string(),
        fingerprint: match opts.fingerprint {
            true => fingerprint(&source),
            false => 0,
        },
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

/// A page's text as faqsite reads it: invalid UTF-8 replaced (with the offset of the first
/// invalid byte), no byte-order mark.
pub fn decode(bytes: Vec<u8>) -> (String, Option<usize>) {
    // simdutf8 validates French text (two-byte accents every few words) several times as
    // fast as the standard library, and copying it costs less than validating it again
    // (without `unsafe`); the standard library says where invalid text starts.
    let valid = simdutf8::basic::from_utf8(&bytes).map(|text| {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        text.to_string()
    });
    if let Ok(text) = valid {
        return (text, None);
    }
    let (text, invalid_at) = match String::from_utf8(bytes) {
        Ok(text) => (text, None),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            (String::from_utf8_lossy(e.as_bytes()).into_owned(), Some(at))
        }
    };
    match text.strip_prefix('\u{feff}') {
        Some(rest) => (rest.to_string(), invalid_at),
        None => (text, invalid_at),
    }
}

fn fingerprint(source: &str) -> u64 {
    use std::hash::Hasher;
    let mut hasher = rustc_hash::FxHasher::default();
    hasher.write(source.as_bytes());
    hasher.finish()
}

/// Reads the source of `page` again, to render it: the model keeps what the checks need,
/// not every page's text. An error if the file changed since it was loaded, since the
/// model's offsets and links are those of the text it read then.
pub fn read_source(site: &Site, page: &Page) -> Result<String, Diagnostic> {
    let changed = |why: &str| {
        Diagnostic::new(
            Code::Unreadable,
            &page.path,
            0..0,
            format!("`{}` {why} while faqsite was building the site", page.path),
        )
        .with_hint("run the build again")
    };
    let file = site.content_dir.join(&page.path);
    let bytes = std::fs::read(&file)
        .or_else(|e| {
            // The name on disk may be in another normal form (macOS writes NFD).
            let on_disk = crate::paths::find_on_disk(&site.content_dir, &page.path).ok_or(e)?;
            std::fs::read(site.content_dir.join(on_disk))
        })
        .map_err(|_| changed("could not be read again"))?;
    let (source, _) = decode(bytes);
    match fingerprint(&source) == page.fingerprint {
        true => Ok(source),
        false => Err(changed("changed")),
    }
}

/// Builds the page of an HTML file from its bytes (`path` is content-relative): its links,
/// ids and allow comments, its `<title>` (else its file name). `None` when it is no UTF-8
/// text (binary, or written in another encoding): it is then published unchecked, as
/// before faqsite read HTML files, rather than reported. Nothing of a Markdown page's
/// reading applies (front matter, `large-page`): faqsite publishes the file, it does not
/// make it.
pub fn read_html(path: &str, bytes: Vec<u8>, opts: LoadOptions) -> Option<ReadPage> {
    if is_binary(&bytes) {
        return None;
    }
    let source = String::from_utf8(bytes).ok()?;
    // Offsets after a byte-order mark, as `Project::text_of` shows the file.
    let source = match source.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => source,
    };
    let found = markdown::html_file::extract(&source, path);
    let title = markdown::html_file::title(&source).unwrap_or_else(|| untitled(path));
    let page = Page {
        id: PageId(u32::MAX),
        format: Format::Html,
        path: path.to_string(),
        fingerprint: 0,
        source: opts.keep_source.then_some(source),
        body_start: 0,
        front: Default::default(),
        title,
        headings: Vec::new(),
        html_ids: found.html_ids,
        links: found.links,
        allows: found.allows,
        numbers: Vec::new(),
        scripts: Vec::new(),
        diagrams: Vec::new(),
    };
    Some(ReadPage {
        page: Some(page),
        problems: Vec::new(),
    })
}

/// The title of a page with none: its file name, or for a folder's `README.md` or
/// `index.md` the folder's name, as GitHub heads the folder's listing.
fn untitled(path: &str) -> String {
    let name = path.rsplit('/').next().unwrap_or(path);
    let stem = name.strip_suffix(".md").unwrap_or(name);
    let folder = crate::paths::parent(path).rsplit('/').next().unwrap_or("");
    match stem.eq_ignore_ascii_case("readme") || stem == "index" {
        true if !folder.is_empty() => crate::paths::humanize(folder),
        _ => stem.to_string(),
    }
}
