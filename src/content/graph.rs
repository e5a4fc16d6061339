//! The link graph. Forward edges are each page's links with their resolved `Target`;
//! backward edges are kept here, by the content path a link leads to, whether or not a file
//! is there (a folder link counts for the folder's page, see `Site::backlinks`): when a page appears at a path, the pages that linked to it while it was missing
//! are its backlinks at once, and they are the pages to re-check.

use super::{Page, PageId};
use rustc_hash::FxHashMap as HashMap;

#[derive(Default)]
pub struct Graph {
    /// Content path → the pages linking to it (each page once per path, in no order).
    into: HashMap<Box<str>, Vec<PageId>>,
}

impl Graph {
    /// The pages with a link leading to `path` as resolved (a file, or a folder: `dir/`,
    /// `dir` or `""`).
    pub fn linking_to(&self, path: &str) -> &[PageId] {
        self.into.get(path).map_or(&[], Vec::as_slice)
    }

    pub(super) fn add(&mut self, id: PageId, page: &Page) {
        for key in keys(page) {
            self.into.entry(key.into()).or_default().push(id);
        }
    }

    pub(super) fn remove(&mut self, id: PageId, page: &Page) {
        for key in keys(page) {
            if let Some(from) = self.into.get_mut(key) {
                from.retain(|&p| p != id);
                if from.is_empty() {
                    self.into.remove(key);
                }
            }
        }
    }
}

/// The paths a page's links lead to, each once.
fn keys(page: &Page) -> Vec<&str> {
    let mut keys: Vec<&str> = page
        .links
        .iter()
        .filter_map(|l| l.target.local_path())
        .collect();
    keys.sort_unstable();
    keys.dedup();
    keys
}
