//! Writes the site: into a new folder beside the output, swapped in only once complete, so a
//! failed or killed build leaves the previous output as it was. faqsite writes and deletes
//! only inside the output folder and its own `.NAME.faqsite-*` folders beside it.

use crate::render::OutputFile;
use rayon::prelude::*;
use std::collections::BTreeSet;
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

/// Writes `files` and copies `assets` (content-relative) from `content`, then swaps the result
/// in as `output`.
pub fn write(
    output: &Path,
    files: &[OutputFile],
    content: &Path,
    assets: &[String],
) -> io::Result<()> {
    let staging = sibling(output, "new");
    let trash = sibling(output, "old");
    for stale in [&staging, &trash] {
        if stale.exists() {
            std::fs::remove_dir_all(stale)?;
        }
    }
    if let Err(e) = fill(&staging, files, content, assets) {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(e);
    }
    if output.exists() {
        std::fs::rename(output, &trash)?;
    }
    if let Err(e) = std::fs::rename(&staging, output) {
        let _ = std::fs::rename(&trash, output);
        return Err(e);
    }
    if trash.exists() {
        remove_tree(&trash)?;
    }
    Ok(())
}

fn fill(dir: &Path, files: &[OutputFile], content: &Path, assets: &[String]) -> io::Result<()> {
    let parents: BTreeSet<&str> = files
        .iter()
        .map(|f| f.path.as_str())
        .chain(assets.iter().map(String::as_str))
        .map(crate::paths::parent)
        .collect();
    for parent in parents {
        std::fs::create_dir_all(dir.join(parent))?;
    }
    files
        .par_iter()
        .try_for_each(|f| std::fs::write(dir.join(&f.path), &f.contents))?;
    assets
        .par_iter()
        .try_for_each(|a| std::fs::copy(content.join(a), dir.join(a)).map(drop))?;
    std::fs::write(
        dir.join(MARKER),
        "This folder is written by faqsite; it is replaced on every build.\n",
    )
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
