//! Writes the site. Two implementations of one interface: `Staging` writes into a new folder
//! beside the output and swaps it in only once complete (build), `MemorySite` keeps the
//! files in memory (serve). faqsite writes and deletes only inside the output folder and its
//! own `.NAME.faqsite-*` folders beside it.

mod memory;
mod staging;

pub use memory::{MemorySite, Stored};
pub use staging::{remove_trash, stale_trash, Staging};

use crate::layout::{absolute, Layout};
use std::io;
use std::path::{Path, PathBuf};

/// One file of the published site, relative to the output folder.
pub struct OutputFile {
    pub path: String,
    pub contents: Vec<u8>,
}

/// Where rendered files go. Called from several threads at once.
pub trait Output: Sync {
    fn write(&self, file: OutputFile) -> io::Result<()>;
    /// Copies the asset at content-relative `file` of `content`, byte for byte, to `path`
    /// in the output (the two differ when the name on disk is not in NFC).
    fn copy_asset(&self, content: &Path, file: &str, path: &str) -> io::Result<()>;
}

pub use crate::layout::OUTPUT_MARKER as MARKER;

#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error("the output folder {0} is the site root")]
    IsRoot(PathBuf),
    #[error("the output folder {0} is the content folder")]
    IsContent(PathBuf),
    #[error("the output folder {0} contains the content folder")]
    ContainsContent(PathBuf),
    #[error("{0} exists and is not a folder")]
    NotAFolder(PathBuf),
    #[error("{0} is not empty and was not written by faqsite (no {MARKER} file); refusing to replace it")]
    NotOurs(PathBuf),
}

/// Refuses an output folder that would overwrite sources or someone else's files. An output
/// inside the content folder is allowed (pages at a repository's root, `public/` beside
/// them): its marker keeps the walk out of it.
pub fn validate(layout: &Layout) -> Result<(), OutputError> {
    let output = &layout.output;
    let out = absolute(output);
    let (root, content) = (absolute(&layout.root), absolute(&layout.content));
    if out == root {
        return Err(OutputError::IsRoot(output.into()));
    }
    if out == content {
        return Err(OutputError::IsContent(output.into()));
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
