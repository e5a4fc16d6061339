//! `check --changed REV`: the files changed since a git revision (committed, staged, in the
//! work tree, or new and untracked), and the pages they make worth checking — each changed
//! page, and every page that links to a changed, renamed or deleted path (a renamed page
//! breaks its referrers). A change to `faqsite.yaml` or to a file of the CGU registry can
//! change any page's diagnostics: then every page is checked.

use crate::cgu::Registry;
use crate::content::{PageId, Site};
use std::collections::{BTreeSet, HashMap};
use std::path::Path;
use std::process::Command;

/// One changed file, as `git diff --name-status` tells it (paths relative to ROOT).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    Added(String),
    Modified(String),
    Deleted(String),
    Renamed { from: String, to: String },
}

/// The pages to check, or all of them and why.
#[derive(Debug, PartialEq, Eq)]
pub enum Selection {
    All(String),
    Pages {
        /// The changed content files (content-relative).
        files: BTreeSet<String>,
        pages: BTreeSet<PageId>,
    },
}

impl Selection {
    /// What `--changed REV` chose, for the end of the run.
    /// `content` is the content folder as the person names it (`content/`, `./`).
    pub fn note(&self, rev: &str, content: &str) -> String {
        match self {
            Selection::All(why) => format!("--changed {rev}: {why}, so every page is checked"),
            Selection::Pages { files, .. } => format!(
                "--changed {rev}: {} changed file{} in {content}",
                files.len(),
                if files.len() == 1 { "" } else { "s" },
            ),
        }
    }
}

/// The files changed between `rev` and the work tree under `root`, untracked ones included.
pub fn since(root: &Path, rev: &str) -> Result<Vec<Change>, String> {
    let git = |args: &[&str]| -> Result<Vec<u8>, String> {
        let out = Command::new("git")
            .arg("-C")
            .arg(root)
            .args(args)
            .output()
            .map_err(|e| format!("--changed needs git: {e}"))?;
        match out.status.success() {
            true => Ok(out.stdout),
            false => Err(format!(
                "--changed {rev}: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            )),
        }
    };
    // `--end-of-options` keeps a revision that starts with `-` from being read as an option.
    let diff = git(&[
        "diff",
        "--name-status",
        "-z",
        "-M",
        "--relative",
        "--end-of-options",
        rev,
        "--",
    ])?;
    let untracked = git(&["ls-files", "-z", "--others", "--exclude-standard"])?;
    let mut changes = parse_name_status(&String::from_utf8_lossy(&diff));
    changes.extend(
        String::from_utf8_lossy(&untracked)
            .split('\0')
            .filter(|p| !p.is_empty())
            .map(|p| Change::Added(p.to_string())),
    );
    Ok(changes)
}

/// Parses `git diff --name-status -z`: a status (`M`, `A`, `D`, `R100`, `C75`…) then one
/// path, or two for renames and copies, each ended by a NUL.
fn parse_name_status(text: &str) -> Vec<Change> {
    let mut fields = text.split('\0').filter(|f| !f.is_empty());
    let mut changes = Vec::new();
    while let Some(status) = fields.next() {
        let Some(path) = fields.next().map(str::to_string) else {
            break;
        };
        changes.push(match status.as_bytes()[0] {
            b'A' => Change::Added(path),
            b'D' => Change::Deleted(path),
            b'R' => Change::Renamed {
                from: path,
                to: fields.next().unwrap_or_default().to_string(),
            },
            // A copy leaves its source in place: only the copy is new.
            b'C' => Change::Added(fields.next().unwrap_or_default().to_string()),
            _ => Change::Modified(path),
        });
    }
    changes
}

/// The content files git saw renamed, content-relative and in NFC as the site names them
/// (from → to): `check --fix --changed REV` rewrites links to `from` into links to `to`.
pub fn renames(content: &str, changes: &[Change]) -> HashMap<String, String> {
    changes
        .iter()
        .filter_map(|change| match change {
            Change::Renamed { from, to } => Some((
                crate::paths::nfc(from.strip_prefix(content)?).into_owned(),
                crate::paths::nfc(to.strip_prefix(content)?).into_owned(),
            )),
            _ => None,
        })
        .collect()
}

/// The pages the changes make worth checking.
/// `content` is the content folder relative to ROOT, as a prefix: `content/`, or `""` when
/// ROOT is the content.
pub fn select(site: &Site, registry: &Registry, content: &str, changes: &[Change]) -> Selection {
    let registry_files = registry.by_file();
    let mut paths = BTreeSet::new();
    // The paths of files that came or went (else only their content changed).
    let mut moved = BTreeSet::new();
    for change in changes {
        let (touched, came_or_went) = match change {
            Change::Modified(p) => (vec![p], false),
            Change::Added(p) | Change::Deleted(p) => (vec![p], true),
            Change::Renamed { from, to } => (vec![from, to], true),
        };
        for path in touched {
            if path == crate::config::CONFIG_FILE {
                return Selection::All(format!("{path} changed"));
            }
            let Some(path) = path.strip_prefix(content) else {
                continue;
            };
            if registry_files.contains_key(path) {
                return Selection::All(format!("the CGU registry's file {path} changed"));
            }
            let path = crate::paths::nfc(path).into_owned();
            if came_or_went {
                moved.insert(path.clone());
            }
            paths.insert(path);
        }
    }
    let mut pages = BTreeSet::new();
    for path in &paths {
        pages.extend(site.page(path).map(|p| p.id));
        pages.extend(site.referrers(path, moved.contains(path)));
    }
    Selection::Pages {
        files: paths,
        pages,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_status_table() {
        let table: &[(&str, &[Change])] = &[
            (
                "M\0content/a.md\0",
                &[Change::Modified("content/a.md".into())],
            ),
            (
                "A\0content/é t.md\0D\0content/b.md\0",
                &[
                    Change::Added("content/é t.md".into()),
                    Change::Deleted("content/b.md".into()),
                ],
            ),
            (
                "R087\0content/old.md\0content/new.md\0T\0content/c.md\0",
                &[
                    Change::Renamed {
                        from: "content/old.md".into(),
                        to: "content/new.md".into(),
                    },
                    Change::Modified("content/c.md".into()),
                ],
            ),
            (
                "C100\0content/a.md\0content/copie.md\0",
                &[Change::Added("content/copie.md".into())],
            ),
            ("", &[]),
        ];
        for (text, want) in table {
            assert_eq!(parse_name_status(text), *want, "{text:?}");
        }
    }
}
