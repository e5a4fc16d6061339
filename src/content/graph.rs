//! The link graph. Forward edges are each page's links with their resolved `Target`;
//! backward edges are kept here, by the content path a link leads to, whether or not a file
//! is there (a folder link counts for the folder's page, see `Site::backlinks`): when a page appears at a path, the pages that linked to it while it was missing
//! are its backlinks at once, and they are the pages to re-check.

use super::{Page, PageId};
use rustc_hash::FxHashMap as HashMap;
use std::borrow::Cow;

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
            // Most targets are already known: no key to allocate then.
            match self.into.get_mut(key.as_ref()) {
                Some(from) => from.push(id),
                None => {
                    self.into.insert(key.as_ref().into(), vec![id]);
                }
            }
        }
    }

    pub(super) fn remove(&mut self, id: PageId, page: &Page) {
        for key in keys(page) {
            if let Some(from) = self.into.get_mut(key.as_ref()) {
                from.retain(|&p| p != id);
                if from.is_empty() {
                    self.into.remove(key.as_ref());
                }
            }
        }
    }
}

/// The paths a page's links lead to, each once; for an address of the site, every content
/// path it may show (`Site::published_keys`).
fn keys(page: &Page) -> Vec<Cow<'_, str>> {
    let mut keys: Vec<Cow<str>> = Vec::new();
    for link in &page.links {
        let Some(path) = link.target.local_path() else {
            continue;
        };
        match link.on_site {
            true => keys.extend(
                super::Site::published_keys(path)
                    .into_iter()
                    .map(Cow::Owned),
            ),
            false => keys.push(Cow::Borrowed(path)),
        }
    }
    keys.sort_unstable();
    keys.dedup();
    keys
}
