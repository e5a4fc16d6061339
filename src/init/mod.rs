//! `faqsite init [DIR]`: a minimal French site that builds clean, to start from. It refuses
//! a folder that is not empty, so it never overwrites anything.

use std::io;
use std::path::Path;

/// The files of a new site, by path relative to its root.
const FILES: &[(&str, &str)] = &[
    ("faqsite.yaml", include_str!("faqsite.yaml")),
    ("content/index.md", include_str!("index.md")),
    ("content/faq/index.md", include_str!("faq_index.md")),
    (
        "content/faq/premiers-pas.md",
        include_str!("premiers_pas.md"),
    ),
    (".gitignore", "/public\n.faqsite-cache.json\n"),
];

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{0} is not empty: faqsite init writes only into a new or empty folder")]
    NotEmpty(std::path::PathBuf),
    #[error("{0}")]
    Io(#[from] io::Error),
}

/// Writes a new site into `dir` (created if need be); returns the files written.
pub fn init(dir: &Path) -> Result<Vec<String>, Error> {
    if dir.exists() {
        let mut entries = std::fs::read_dir(dir)?;
        if entries.next().is_some() {
            return Err(Error::NotEmpty(dir.to_path_buf()));
        }
    }
    for (path, text) in FILES {
        let target = dir.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(target, text)?;
    }
    Ok(FILES.iter().map(|(p, _)| p.to_string()).collect())
}
