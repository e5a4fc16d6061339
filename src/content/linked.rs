//! Files the walk does not read but pages link to: a file in a hidden folder
//! (`.images/schema.png`) is published while a page links to it, and a file of the
//! repository beside the content folder (`/img/a.png`) is known, so that the check can say
//! where it is. Both are looked up on disk after the load and after each `serve` update.

use super::{Asset, Site};

/// Hidden folders are not walked (`.git`, editors' and tools' folders), but a file in one
/// that a page links to (`.images/schema.png`) is published at its path, as GitHub shows it:
/// after any change, the hidden files linked are exactly the hidden files of the site.
/// Only regular files; `.git` never.
pub fn sync_hidden_targets(site: &mut Site) {
    let wanted: std::collections::BTreeSet<String> = site
        .documents()
        .flat_map(|p| &p.links)
        .filter_map(|l| l.target.local_path())
        .filter(|path| is_hidden(path))
        .map(str::to_string)
        .collect();
    let stale: Vec<String> = site
        .assets()
        .into_iter()
        .filter(|a| is_hidden(&a.path) && !wanted.contains(&a.path))
        .map(|a| a.path.clone())
        .collect();
    for path in stale {
        site.remove_asset(&path);
    }
    for path in wanted {
        if site.asset(&path).is_some() {
            continue;
        }
        // The name on disk may be in another normal form than the link (macOS writes NFD).
        let Some(on_disk) = crate::paths::find_on_disk(&site.content_dir, &path) else {
            continue;
        };
        let Ok(meta) = std::fs::symlink_metadata(site.content_dir.join(&on_disk)) else {
            continue;
        };
        if meta.is_file() && site.lookup(&path) == super::Resolved::Missing {
            let file = (on_disk != path).then_some(on_disk);
            site.upsert_asset(Asset {
                path,
                size: meta.len(),
                file,
            });
        }
    }
}

/// Links from the root that name a file at ROOT outside the content folder (`/img/a.png`
/// with the pages in `content/`, and `img/` beside it): GitHub shows the file, the site
/// cannot, and the check says which it is rather than call it missing. Only links whose
/// target is missing from the site are looked up on disk.
pub fn sync_outside_targets(site: &mut Site) {
    let Some(root) = site.root_dir() else {
        return;
    };
    let named: std::collections::BTreeSet<String> = site
        .documents()
        .flat_map(|p| &p.links)
        .filter(|l| l.dest.starts_with('/') && !l.dest.starts_with("//"))
        .filter_map(|l| l.target.local_path())
        .filter(|path| !path.is_empty() && site.lookup(path) == super::Resolved::Missing)
        .filter(|path| root.join(path).is_file())
        .map(str::to_string)
        .collect();
    site.set_outside_files(named);
}

/// A path with a hidden segment (`.images/a.png`), never inside `.git`.
fn is_hidden(path: &str) -> bool {
    let segments = || path.split('/');
    segments().any(|s| s.starts_with('.')) && !segments().any(|s| s == ".git")
}
