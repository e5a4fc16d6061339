//! The staging folder: the new site is written into `.NAME.faqsite-new` beside the output
//! folder and swapped in only once complete, so a failed or killed build leaves the
//! previous output as it was. The replaced output becomes a trash folder, removed later.
//!
//! A file whose bytes did not change since the previous build is not written again: the
//! staging folder gets a hard link to the output's file. A rebuild then creates (and its
//! trash removal frees) only the inodes of what changed; on ext4, allocating inodes next to
//! thousands freed a moment before cost more than rendering the whole site. Nothing ever
//! writes into an existing file, so the old and new outputs sharing one never see it change.

use super::OutputFile;
use super::{Output, MARKER};
use crate::files::remove_tree;
use rayon::prelude::*;
use std::io;
use std::path::{Path, PathBuf};

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
        // Level by level, each on all cores: a folder's parent is made before it.
        let mut folders: Vec<&str> = folders.into_iter().filter(|f| !f.is_empty()).collect();
        folders.sort_unstable_by_key(|f| (f.matches('/').count(), *f));
        folders.dedup();
        for level in folders.chunk_by(|a, b| a.matches('/').count() == b.matches('/').count()) {
            level
                .par_iter()
                .try_for_each(|f| std::fs::create_dir_all(staging.dir.join(f)))?;
        }
        Ok(staging)
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
            swap_in(&self.dir, &self.output, &trash)?;
        } else {
            std::fs::rename(&self.dir, &self.output)?;
        }
        self.committed = true;
        Ok(had_output.then_some(trash))
    }
}

impl Output for Staging {
    /// Writes a file, creating its folder if `create` was not told of it; a file the
    /// output already holds, byte for byte, is linked instead.
    fn write(&self, file: OutputFile) -> io::Result<()> {
        let path = self.dir.join(&file.path);
        if self.link_unchanged(&file.path, &file.contents) {
            return Ok(());
        }
        std::fs::write(&path, &file.contents).or_else(|e| {
            if e.kind() != io::ErrorKind::NotFound {
                return Err(e);
            }
            std::fs::create_dir_all(path.parent().unwrap_or(&self.dir))?;
            std::fs::write(&path, &file.contents)
        })
    }

    fn copy_asset(&self, content: &Path, file: &str, path: &str) -> io::Result<()> {
        let source = content.join(file);
        // `copy` gives the copy the source's permissions: a link must have them too.
        let unchanged = std::fs::metadata(self.output.join(path))
            .and_then(|old| {
                let new = std::fs::metadata(&source)?;
                Ok(old.len() == new.len() && old.permissions() == new.permissions())
            })
            .unwrap_or(false);
        if unchanged && self.link_unchanged(path, &std::fs::read(&source)?) {
            return Ok(());
        }
        std::fs::copy(source, self.dir.join(path)).map(drop)
    }
}

impl Staging {
    /// Links the output's file at `path` into the staging folder if it holds exactly
    /// `contents`; whether it did.
    fn link_unchanged(&self, path: &str, contents: &[u8]) -> bool {
        let old = self.output.join(path);
        let same = std::fs::File::open(&old).is_ok_and(|mut f| same_bytes(&mut f, contents));
        same && std::fs::hard_link(&old, self.dir.join(path)).is_ok()
    }
}

/// Whether the file holds exactly `contents` (it is read only if its length matches).
fn same_bytes(file: &mut std::fs::File, contents: &[u8]) -> bool {
    use std::io::Read;
    if file
        .metadata()
        .map_or(true, |m| m.len() != contents.len() as u64)
    {
        return false;
    }
    let mut old = Vec::with_capacity(contents.len());
    file.read_to_end(&mut old).is_ok() && old == contents
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// Puts the `new` folder in place of `output` and the old output at `trash`. The two folders
/// are exchanged in one atomic step (`renameat2` with `RENAME_EXCHANGE`), so a kill at any
/// moment leaves `output` complete, old or new; the staging name then holds the old site,
/// which the next build removes. Where the file system cannot exchange, two renames, with
/// a moment when `output` is missing.
fn swap_in(new: &Path, output: &Path, trash: &Path) -> io::Result<()> {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    match renameat_with(CWD, new, CWD, output, RenameFlags::EXCHANGE) {
        Ok(()) => return std::fs::rename(new, trash),
        Err(e) if e == rustix::io::Errno::INVAL || e == rustix::io::Errno::NOSYS => {}
        Err(e) => return Err(e.into()),
    }
    std::fs::rename(output, trash)?;
    std::fs::rename(new, output).inspect_err(|_| {
        let _ = std::fs::rename(trash, output);
    })
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A rebuild links the files that did not change and writes the others; the previous
    /// output, now the trash, keeps its own bytes.
    #[test]
    fn links_unchanged_files_and_writes_changed_ones() {
        use std::os::unix::fs::MetadataExt;
        let tmp = tempfile::tempdir().unwrap();
        let (content, output) = (tmp.path().join("content"), tmp.path().join("public"));
        std::fs::create_dir_all(&content).unwrap();
        std::fs::write(content.join("doc.pdf"), "pdf").unwrap();
        let build = |page: &str, other: &str| {
            let staging = Staging::create(&output, ["a"]).unwrap();
            for (path, text) in [
                ("a/same.html", "same"),
                ("a/page.html", page),
                ("b.html", other),
            ] {
                let file = OutputFile {
                    path: path.into(),
                    contents: text.into(),
                };
                staging.write(file).unwrap();
            }
            staging.copy_asset(&content, "doc.pdf", "doc.pdf").unwrap();
            staging.commit().unwrap()
        };
        let ino = |path: &Path| std::fs::metadata(path).unwrap().ino();
        assert_eq!(build("v1", "x"), None);
        let before: Vec<u64> = ["a/same.html", "a/page.html", "b.html", "doc.pdf"]
            .map(|p| ino(&output.join(p)))
            .into();
        let trash = build("v2", "y").expect("the previous output");
        let after: Vec<u64> = ["a/same.html", "a/page.html", "b.html", "doc.pdf"]
            .map(|p| ino(&output.join(p)))
            .into();
        assert_eq!(
            before
                .iter()
                .zip(&after)
                .map(|(a, b)| a == b)
                .collect::<Vec<_>>(),
            [true, false, false, true],
            "only the unchanged page and asset are linked"
        );
        let read = |path: PathBuf| std::fs::read_to_string(path).unwrap();
        assert_eq!(read(output.join("a/page.html")), "v2");
        assert_eq!(read(trash.join("a/page.html")), "v1");
        assert_eq!(read(output.join("a/same.html")), "same");
    }

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
