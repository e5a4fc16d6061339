//! The site in memory, for the dev server: the same files a build writes, by output path.
//! Text files (HTML, scripts, stylesheets) are kept LZ4-compressed: a 10,000-page site's
//! HTML weighs 176 MB, its chrome repeats from page to page, and a page is read back in
//! microseconds when a browser asks for it.

use super::Output;
use super::OutputFile;
use std::collections::BTreeMap;
use std::io;
use std::path::Path;
use std::sync::{Mutex, MutexGuard};

#[derive(Default)]
pub struct MemorySite {
    files: Mutex<BTreeMap<String, Stored>>,
}

/// A file's bytes, compressed when it is text: made on any thread (`Stored::new`), then
/// stored (`MemorySite::store`), so that a site's pages are never held uncompressed at once.
pub enum Stored {
    Raw(Vec<u8>),
    Lz4(Box<[u8]>),
}

impl Stored {
    pub fn new(path: &str, bytes: Vec<u8>) -> Stored {
        match is_text(path) {
            true => Stored::Lz4(lz4_flex::compress_prepend_size(&bytes).into_boxed_slice()),
            false => Stored::Raw(bytes),
        }
    }

    fn bytes(&self) -> Vec<u8> {
        match self {
            Stored::Raw(bytes) => bytes.clone(),
            Stored::Lz4(packed) => lz4_flex::decompress_size_prepended(packed)
                .expect("faqsite compressed this file itself"),
        }
    }
}

/// Files whose text compresses well; images, PDFs and fonts do not.
fn is_text(path: &str) -> bool {
    let ext = path.rsplit_once('.').map_or("", |(_, e)| e);
    matches!(ext, "html" | "js" | "css" | "xml" | "json" | "svg" | "txt")
}

impl MemorySite {
    fn lock(&self) -> MutexGuard<'_, BTreeMap<String, Stored>> {
        self.files.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The bytes of the file at the output-relative `path`.
    pub fn get(&self, path: &str) -> Option<Vec<u8>> {
        self.lock().get(path).map(Stored::bytes)
    }

    /// Whether the file at `path` holds exactly `bytes`.
    pub fn holds(&self, path: &str, bytes: &[u8]) -> bool {
        self.get(path).is_some_and(|b| b == bytes)
    }

    /// Every file with its bytes, by output-relative path (for tests and whole reloads).
    pub fn snapshot(&self) -> BTreeMap<String, Vec<u8>> {
        let files = self.lock();
        files.iter().map(|(p, s)| (p.clone(), s.bytes())).collect()
    }

    /// Every output-relative path.
    pub fn paths(&self) -> Vec<String> {
        self.lock().keys().cloned().collect()
    }

    /// Stores a file made with `Stored::new`.
    pub fn store(&self, path: String, stored: Stored) {
        self.lock().insert(path, stored);
    }

    /// Removes the file at `path`; whether there was one.
    pub fn remove(&self, path: &str) -> bool {
        self.lock().remove(path).is_some()
    }
}

impl Output for MemorySite {
    fn write(&self, file: OutputFile) -> io::Result<()> {
        let stored = Stored::new(&file.path, file.contents);
        self.lock().insert(file.path, stored);
        Ok(())
    }

    fn copy_asset(&self, content: &Path, file: &str, path: &str) -> io::Result<()> {
        let bytes = std::fs::read(content.join(file))?;
        self.lock()
            .insert(path.to_string(), Stored::new(path, bytes));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_come_back_as_written() {
        let site = MemorySite::default();
        let html = "<p>é</p>".repeat(1000).into_bytes();
        let png = vec![0x89, b'P', b'N', b'G', 0, 1, 2];
        for (path, bytes) in [("a/b.html", &html), ("i.png", &png), ("vide.css", &vec![])] {
            site.write(OutputFile {
                path: path.into(),
                contents: bytes.clone(),
            })
            .unwrap();
            assert_eq!(site.get(path).as_ref(), Some(bytes), "{path}");
            assert!(site.holds(path, bytes));
        }
        assert!(!site.holds("a/b.html", b"autre"));
        assert_eq!(site.paths(), ["a/b.html", "i.png", "vide.css"]);
        assert!(site.remove("i.png") && !site.remove("i.png"));
        assert_eq!(site.snapshot().len(), 2);
    }
}
