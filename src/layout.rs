//! Where a project's files are, and how to name them to the person who ran faqsite.
//!
//! The content folder is `--content`, else `content:` in `faqsite.yaml`, else `ROOT/content`
//! when there is one, else ROOT itself: a documentation repository as it is cloned, pages at
//! its root. The walk never reads as content the output folder, faqsite's own files
//! (`faqsite.yaml`, `templates/`, `themes/`), a folder holding faqsite's output marker,
//! or what the repository's `.gitignore` files ignore (hidden files are the loader's rule).
//!
//! Diagnostics name files relative to the folder faqsite runs in, as rustc, ruff and eslint
//! do, so that a terminal, an editor or a CI annotation opens them as written.

use ignore::gitignore::{Gitignore, GitignoreBuilder};
use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

/// A file faqsite leaves in every output folder: a folder without it is not ours to replace,
/// and a folder with it is never read as content.
pub const OUTPUT_MARKER: &str = ".faqsite-output";

/// The configuration file, in ROOT.
pub const CONFIG_FILE: &str = "faqsite.yaml";

/// The cache of outside links' results, in ROOT.
pub const CACHE_FILE: &str = ".faqsite-cache.json";

#[derive(Clone, Debug)]
pub struct Layout {
    /// As given on the command line.
    pub root: PathBuf,
    /// `root` joined with the content folder, or `root` itself.
    pub content: PathBuf,
    /// The output folder of `build` (`ROOT/public` unless `--output`).
    pub output: PathBuf,
    /// Content-relative paths the walk skips: the output folder and ROOT's own files, when
    /// they lie inside the content.
    reserved: Vec<String>,
    /// How the person who ran faqsite names the content folder and ROOT: empty, or a path
    /// ending in `/`.
    content_prefix: String,
    root_prefix: String,
}

#[derive(Debug, thiserror::Error)]
pub enum LayoutError {
    #[error("no content folder: {} does not exist\nhint: {hint}", .path.display())]
    NoContent { path: PathBuf, hint: &'static str },
}

/// Where the files of ROOT's project are; `content` is `--content` or the configured folder
/// (relative to ROOT), `output` is `--output`.
pub fn resolve(
    root: &Path,
    content: Option<&Path>,
    output: Option<&Path>,
) -> Result<Layout, LayoutError> {
    let content_dir = match content {
        Some(dir) if dir.as_os_str().is_empty() || dir == Path::new(".") => root.to_path_buf(),
        Some(dir) => {
            let path = root.join(dir);
            if !path.is_dir() {
                return Err(LayoutError::NoContent {
                    path,
                    hint: "`content:` in faqsite.yaml and --content name the folder of the pages, relative to ROOT; leave both out to use ROOT/content, or ROOT itself when it has no content/ folder",
                });
            }
            path
        }
        None if root.join("content").is_dir() => root.join("content"),
        None => root.to_path_buf(),
    };
    let output = output.map_or_else(|| root.join("public"), Path::to_path_buf);
    let cwd = std::env::current_dir().ok();
    let mut layout = Layout {
        content_prefix: person_prefix(&content_dir, cwd.as_deref()),
        root_prefix: person_prefix(root, cwd.as_deref()),
        root: root.to_path_buf(),
        content: content_dir,
        output,
        reserved: Vec::new(),
    };
    let own = [
        root.join(CONFIG_FILE),
        root.join("templates"),
        root.join("themes"),
        layout.output.clone(),
    ];
    layout.reserved = own
        .iter()
        .filter_map(|p| layout.content_relative(p))
        .collect();
    Ok(layout)
}

impl Layout {
    /// Whether the walk skips the content-relative `path`: the output folder, or one of
    /// ROOT's own files when ROOT is the content.
    pub fn is_reserved(&self, path: &str) -> bool {
        self.reserved.iter().any(|r| r == path)
    }

    /// The content-relative form of `path`, if it lies strictly inside the content folder.
    fn content_relative(&self, path: &Path) -> Option<String> {
        let (content, path) = (absolute(&self.content), absolute(path));
        let rel = path.strip_prefix(&content).ok()?;
        let rel = rel
            .to_string_lossy()
            .replace(std::path::MAIN_SEPARATOR, "/");
        (!rel.is_empty()).then_some(rel)
    }

    /// A file as the person who ran faqsite names it: `file` is content-relative for pages
    /// and assets, ROOT-relative for `faqsite.yaml` and templates (`Diagnostic::file`).
    pub fn display(&self, file: &str) -> String {
        let prefix = match is_root_file(file) {
            true => &self.root_prefix,
            false => &self.content_prefix,
        };
        format!("{prefix}{file}")
    }

    /// Any path as the person who ran faqsite names it (`public`, `../site`).
    pub fn display_path(&self, path: &Path) -> String {
        let cwd = std::env::current_dir().ok();
        match person_prefix(path, cwd.as_deref()).trim_end_matches('/') {
            "" => ".".to_string(),
            p => p.to_string(),
        }
    }

    /// The content folder relative to ROOT, as a prefix: `content/`, or `""` when ROOT is
    /// the content (paths as git names them from ROOT).
    pub fn content_in_root(&self) -> String {
        let (root, content) = (absolute(&self.root), absolute(&self.content));
        match content.strip_prefix(&root) {
            Ok(rel) if !rel.as_os_str().is_empty() => {
                format!(
                    "{}/",
                    rel.to_string_lossy()
                        .replace(std::path::MAIN_SEPARATOR, "/")
                )
            }
            _ => String::new(),
        }
    }

    /// The content folder as the person names it (`content/`, `./` for the current folder).
    pub fn content_display(&self) -> String {
        match self.content_prefix.as_str() {
            "" => "./".to_string(),
            p => p.to_string(),
        }
    }
}

/// Files that diagnostics name relative to ROOT rather than to the content folder.
pub fn is_root_file(file: &str) -> bool {
    file == CONFIG_FILE
        || file == CACHE_FILE
        || file.starts_with("templates/")
        || file.starts_with("themes/")
}

/// How the person in `cwd` names the folder `dir`, as a prefix for the files in it: `""`
/// for `cwd` itself, `docs/`, `../`, or an absolute path outside `cwd`.
fn person_prefix(dir: &Path, cwd: Option<&Path>) -> String {
    let within = cwd.and_then(|cwd| {
        let (dir, cwd) = (absolute(dir), absolute(cwd));
        dir.strip_prefix(&cwd).ok().map(Path::to_path_buf)
    });
    let path = within.unwrap_or_else(|| lexical(dir));
    let mut text = path
        .to_string_lossy()
        .replace(std::path::MAIN_SEPARATOR, "/");
    if !text.is_empty() && !text.ends_with('/') {
        text.push('/');
    }
    text
}

/// `path` without `.` segments, and `a/..` folded where `a` is a plain name.
fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir
                if matches!(out.components().next_back(), Some(Component::Normal(_))) =>
            {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// An absolute, symlink-free form of `path`, also for paths that do not exist yet.
pub fn absolute(path: &Path) -> PathBuf {
    if let Ok(p) = path.canonicalize() {
        return p;
    }
    match (path.parent(), path.file_name()) {
        (Some(parent), Some(name)) if !parent.as_os_str().is_empty() => absolute(parent).join(name),
        _ => std::env::current_dir()
            .map(|d| lexical(&d.join(path)))
            .unwrap_or_else(|_| path.to_path_buf()),
    }
}

/// The `.gitignore` files met on the way from ROOT to each walked folder, matched as git
/// does: the deepest file that says something about a path decides (`!` re-includes).
#[derive(Default)]
pub struct GitIgnores {
    by_dir: HashMap<PathBuf, Gitignore>,
}

impl GitIgnores {
    /// The `.gitignore` files of ROOT and of every folder between ROOT and the content
    /// folder; the walk adds the others with `enter` as it meets their folders.
    pub fn new(layout: &Layout) -> GitIgnores {
        let mut ignores = GitIgnores::default();
        let mut dir = layout.content.as_path();
        loop {
            ignores.enter(dir);
            if dir == layout.root || dir.as_os_str().is_empty() {
                break;
            }
            match dir.parent() {
                Some(up) if dir.starts_with(&layout.root) => dir = up,
                _ => break,
            }
        }
        ignores
    }

    /// Reads `dir/.gitignore`, if there is one. A pattern git would reject is skipped.
    pub fn enter(&mut self, dir: &Path) {
        let file = dir.join(".gitignore");
        if self.by_dir.contains_key(dir) || !file.is_file() {
            return;
        }
        let mut builder = GitignoreBuilder::new(dir);
        builder.add(&file);
        if let Ok(matcher) = builder.build() {
            self.by_dir.insert(dir.to_path_buf(), matcher);
        }
    }

    /// Whether git ignores `path`, or one of its folders between `content` and it: for one
    /// changed file, as `serve` sees it, reading the `.gitignore` files on the way.
    pub fn is_ignored_under(&mut self, content: &Path, path: &Path) -> bool {
        let Ok(rel) = path.strip_prefix(content) else {
            return false;
        };
        let parts: Vec<_> = rel.components().collect();
        let mut dir = content.to_path_buf();
        for (i, part) in parts.iter().enumerate() {
            self.enter(&dir);
            let here = dir.join(part);
            let is_dir = i + 1 < parts.len() || here.is_dir();
            if self.is_ignored(&here, is_dir) {
                return true;
            }
            dir = here;
        }
        false
    }

    /// Whether git ignores `path` (a path the walk reached: under a folder already entered).
    pub fn is_ignored(&self, path: &Path, is_dir: bool) -> bool {
        if self.by_dir.is_empty() {
            return false;
        }
        for dir in path.ancestors().skip(1) {
            let Some(matcher) = self.by_dir.get(dir) else {
                continue;
            };
            let matched = matcher.matched(path, is_dir);
            if matched.is_ignore() {
                return true;
            }
            if matched.is_whitelist() {
                return false;
            }
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn person_prefixes() {
        let cwd = absolute(Path::new("."));
        let table = [
            (PathBuf::from("."), ""),
            (PathBuf::from("content"), "content/"),
            (PathBuf::from("./content"), "content/"),
            (PathBuf::from("a/../content"), "content/"),
            (cwd.join("content"), "content/"),
            (PathBuf::from(".."), "../"),
            (PathBuf::from("/nowhere/site"), "/nowhere/site/"),
        ];
        for (dir, want) in table {
            assert_eq!(person_prefix(&dir, Some(&cwd)), want, "{}", dir.display());
        }
    }

    #[test]
    fn content_folder_choice() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        // No content/: the root itself, and ROOT's own files are reserved.
        let layout = resolve(root, None, None).unwrap();
        assert_eq!(layout.content, root);
        for reserved in ["faqsite.yaml", "templates", "themes", "public"] {
            assert!(layout.is_reserved(reserved), "{reserved}");
        }
        assert!(!layout.is_reserved("doc_fs"));
        // content/ when it exists; the output outside it is nothing to skip.
        std::fs::create_dir(root.join("content")).unwrap();
        let layout = resolve(root, None, None).unwrap();
        assert_eq!(layout.content, root.join("content"));
        assert!(!layout.is_reserved("public"));
        // An output inside the content is skipped at its content-relative path.
        let out = root.join("content/site");
        assert!(resolve(root, None, Some(&out)).unwrap().is_reserved("site"));
        // A configured folder must exist.
        assert!(resolve(root, Some(Path::new("docs")), None).is_err());
        assert_eq!(
            resolve(root, Some(Path::new(".")), None).unwrap().content,
            root
        );
    }

    #[test]
    fn gitignore_nesting() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        std::fs::create_dir_all(root.join("a/b")).unwrap();
        std::fs::write(root.join(".gitignore"), "/build\n*.log\n").unwrap();
        std::fs::write(root.join("a/.gitignore"), "!keep.log\nb/\n").unwrap();
        let layout = resolve(root, None, None).unwrap();
        let mut ignores = GitIgnores::new(&layout);
        ignores.enter(&root.join("a"));
        // One changed file at a time, its folders read on the way.
        let mut lazy = GitIgnores::new(&layout);
        assert!(lazy.is_ignored_under(root, &root.join("a/b/page.md")));
        assert!(!lazy.is_ignored_under(root, &root.join("a/keep.log")));
        assert!(lazy.is_ignored_under(root, &root.join("build/x.md")));
        assert!(!lazy.is_ignored_under(root, &root.join("a/c.md")));
        let table = [
            ("build", true, true),
            ("a/build", true, false),
            ("x.log", false, true),
            ("a/x.log", false, true),
            ("a/keep.log", false, false),
            ("a/b", true, true),
            ("a/c.md", false, false),
        ];
        for (path, is_dir, want) in table {
            assert_eq!(ignores.is_ignored(&root.join(path), is_dir), want, "{path}");
        }
    }
}
