//! Writes the site: into a new folder beside the output, swapped in only once complete, so a
//! failed or killed build leaves the previous output as it was. faqsite writes and deletes
//! only inside the output folder and its own `.NAME.faqsite-*` folders beside it.

use crate::render::OutputFile;
use rayon::prelude::*;
use std::io;
use std::path::{Path, PathBuf};

/// A file faqsite leaves in every output folder: a folder without it is not ours to replace.
pub const MARKER: &str = ".faqsite-output";

#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error("the output folder {0} is the site root")]
    IsRoot(PathBuf),
    #[error("the output folder {0} is, or lies inside, the content folder")]
    InsideContent(PathBuf),
    #[error("the output folder {0} contains the content folder")]
    ContainsContent(PathBuf),
    #[error("{0} exists and is not a folder")]
    NotAFolder(PathBuf),
    #[error("{0} is not empty and was not written by faqsite (no {MARKER} file); refusing to replace it")]
    NotOurs(PathBuf),
}

/// Refuses an output folder that would overwrite sources or someone else's files.
pub fn validate(root: &Path, content: &Path, output: &Path) -> Result<(), OutputError> {
    let out = absolute(output);
    let (root, content) = (absolute(root), absolute(content));
    if out == root {
        return Err(OutputError::IsRoot(output.into()));
    }
    if out.starts_with(&content) {
        return Err(OutputError::InsideContent(output.into()));
    }
    if content.starts_with(&out) {
        return Err(OutputError::ContainsContent(output.into()));
    }
    if out.exists() {
        if !out.is_dir() {
            return Err(OutputError::NotAFolder(output.into()));
        }
        let empty = std::fs::read_dir(&out)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if !empty && !out.join(MARKER).is_file() {
            return Err(OutputError::NotOurs(output.into()));
        }
    }
    Ok(())
}

/// An absolute, symlink-free form of `path`, also for paths that do not exist yet.
fn absolute(path: &Path) -> PathBuf {
    if let Ok(p) = path.canonicalize() {
        return p;
    }
    match (path.parent(), path.file_name()) {
        (Some(parent), Some(name)) if !parent.as_os_str().is_empty() => absolute(parent).join(name),
        _ => std::env::current_dir()
            .map(|d| d.join(path))
            .unwrap_or_else(|_| path.to_path_buf()),
    }
}

/// The new site, built in `.NAME.faqsite-new` beside the output folder. Dropped before
/// `commit`, it removes itself and the previous output stays as it was.
pub struct Staging {
    dir: PathBuf,
    output: PathBuf,
    committed: bool,
}

impl Staging {
    /// Creates the staging folder with the given (output-relative) subfolders.
    pub fn create<'a>(
        output: &Path,
        folders: impl IntoIterator<Item = &'a str>,
    ) -> io::Result<Staging> {
        let dir = sibling(output, "new");
        if dir.exists() {
            std::fs::remove_dir_all(&dir)?;
        }
        let staging = Staging {
            dir,
            output: output.to_path_buf(),
            committed: false,
        };
        std::fs::create_dir_all(&staging.dir)?;
        for folder in folders {
            std::fs::create_dir_all(staging.dir.join(folder))?;
        }
        Ok(staging)
    }

    /// Writes a file, creating its folder if `create` was not told of it.
    pub fn write(&self, file: &OutputFile) -> io::Result<()> {
        let path = self.dir.join(&file.path);
        std::fs::write(&path, &file.contents).or_else(|e| {
            if e.kind() != io::ErrorKind::NotFound {
                return Err(e);
            }
            std::fs::create_dir_all(path.parent().unwrap_or(&self.dir))?;
            std::fs::write(&path, &file.contents)
        })
    }

    /// Copies the assets (content-relative paths) verbatim, on all cores.
    pub fn copy_assets(&self, content: &Path, assets: &[String]) -> io::Result<()> {
        assets
            .par_iter()
            .try_for_each(|a| std::fs::copy(content.join(a), self.dir.join(a)).map(drop))
    }

    /// Swaps the new site in as the output folder. Returns the previous one, renamed to a
    /// trash folder beside it, for the caller to remove (`remove_trash`) when it suits: removing
    /// 10,000 files takes longer than building them.
    pub fn commit(mut self) -> io::Result<Option<PathBuf>> {
        std::fs::write(
            self.dir.join(MARKER),
            "This folder is written by faqsite; it is replaced on every build.\n",
        )?;
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let trash = sibling(
            &self.output,
            &format!("{TRASH}{}-{nanos}", std::process::id()),
        );
        let had_output = self.output.exists();
        if had_output {
            std::fs::rename(&self.output, &trash)?;
        }
        if let Err(e) = std::fs::rename(&self.dir, &self.output) {
            let _ = std::fs::rename(&trash, &self.output);
            return Err(e);
        }
        self.committed = true;
        Ok(had_output.then_some(trash))
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// Trash folders are `.NAME.faqsite-old-…` beside the output.
const TRASH: &str = "old-";

/// Trash folders left beside `output` by earlier builds (a removal that was interrupted).
pub fn stale_trash(output: &Path) -> Vec<PathBuf> {
    let (Some(parent), Some(name)) = (output.parent(), output.file_name()) else {
        return Vec::new();
    };
    let prefix = format!(".{}.faqsite-{TRASH}", name.to_string_lossy());
    let parent = if parent.as_os_str().is_empty() {
        Path::new(".")
    } else {
        parent
    };
    std::fs::read_dir(parent)
        .map(|entries| {
            entries
                .flatten()
                .filter(|e| e.file_name().to_string_lossy().starts_with(&prefix))
                .map(|e| output.with_file_name(e.file_name()))
                .collect()
        })
        .unwrap_or_default()
}

/// Removes a trash folder, refusing any path that is not one (the only folders faqsite
/// deletes outside the output are its own staging and trash folders).
pub fn remove_trash(dir: &Path) -> io::Result<()> {
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if !(name.starts_with('.') && name.contains(&format!(".faqsite-{TRASH}"))) {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("{} is not a faqsite trash folder", dir.display()),
        ));
    }
    remove_tree(dir)
}

/// `.NAME.faqsite-KIND` beside `output`.
fn sibling(output: &Path, kind: &str) -> PathBuf {
    let name = output
        .file_name()
        .map_or("public".into(), |n| n.to_string_lossy());
    output.with_file_name(format!(".{name}.faqsite-{kind}"))
}

/// Removes a folder tree with files deleted on all cores (a large old output is the slowest
/// part of a swap).
fn remove_tree(dir: &Path) -> io::Result<()> {
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry.map_err(io::Error::other)?;
        if !entry.file_type().is_dir() {
            files.push(entry.into_path());
        }
    }
    files.par_iter().try_for_each(std::fs::remove_file)?;
    std::fs::remove_dir_all(dir)
}

/// Replaces a file's contents atomically: a temporary file beside it, then a rename.
pub fn replace_file(path: &Path, contents: &[u8]) -> io::Result<()> {
    let name = path
        .file_name()
        .map_or("file".into(), |n| n.to_string_lossy());
    let tmp = path.with_file_name(format!(".{name}.faqsite-tmp"));
    std::fs::write(&tmp, contents)?;
    if let Ok(meta) = std::fs::metadata(path) {
        let _ = std::fs::set_permissions(&tmp, meta.permissions());
    }
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removes_only_its_own_trash() {
        let tmp = tempfile::tempdir().unwrap();
        let precious = tmp.path().join("public");
        std::fs::create_dir(&precious).unwrap();
        for name in [
            "public",
            ".public.faqsite-new",
            "faqsite-old-1",
            ".faqsite-cache.json",
        ] {
            assert!(
                remove_trash(&tmp.path().join(name)).is_err(),
                "{name} must not be removed"
            );
        }
        let trash = tmp.path().join(".public.faqsite-old-12-34");
        std::fs::create_dir_all(trash.join("a")).unwrap();
        std::fs::write(trash.join("a/b.html"), "x").unwrap();
        assert_eq!(stale_trash(&precious), vec![trash.clone()]);
        remove_trash(&trash).unwrap();
        assert!(!trash.exists() && precious.exists());
    }
}
