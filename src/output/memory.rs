//! The site in memory, for the dev server: the same files a build writes, by output path.

use super::Output;
use super::OutputFile;
use std::collections::BTreeMap;
use std::io;
use std::path::Path;
use std::sync::{Mutex, MutexGuard};

#[derive(Default)]
pub struct MemorySite {
    files: Mutex<BTreeMap<String, Vec<u8>>>,
}

impl MemorySite {
    /// The files, by output-relative path.
    pub fn files(&self) -> MutexGuard<'_, BTreeMap<String, Vec<u8>>> {
        self.files.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn remove(&self, path: &str) -> Option<Vec<u8>> {
        self.files().remove(path)
    }
}

impl Output for MemorySite {
    fn write(&self, file: OutputFile) -> io::Result<()> {
        self.files().insert(file.path, file.contents);
        Ok(())
    }

    fn copy_asset(&self, content: &Path, file: &str, path: &str) -> io::Result<()> {
        let bytes = std::fs::read(content.join(file))?;
        self.files().insert(path.to_string(), bytes);
        Ok(())
    }
}
