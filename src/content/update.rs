//! Changing the site model one file at a time: a page, an asset, a symbolic link or a file's
//! reading problems put in, replaced or taken out, with the link graph, the folders and the
//! shared strings kept in step. A full load and `serve`'s updates both come through here.

#[cfg(test)]
use super::{is_html_file, read_html, read_page, LoadOptions};
use super::{Asset, AssetId, Entry, Format, PageId, ReadPage, Site, Target};
use crate::diagnostics::Diagnostic;

impl Site {
    /// Makes `path` what `entry` says it now is: a page, a file, an HTML page (both), a
    /// symbolic link, or nothing. Returns the page's id if `path` is a page of the site.
    pub fn put(&mut self, path: &str, entry: Entry) -> Option<PageId> {
        if !matches!(entry, Entry::Page(_) | Entry::Html(..)) {
            self.remove_page(path);
        }
        if !matches!(entry, Entry::File(..) | Entry::Html(..)) {
            self.remove_asset(path);
        }
        if !matches!(entry, Entry::Symlink) {
            self.symlinks.remove(path);
        }
        match entry {
            Entry::Page(read) => {
                self.remove_asset(path);
                self.upsert_page(path, *read)
            }
            Entry::File(asset, problem) => {
                self.set_problems(path, problem.into_iter().collect());
                self.upsert_asset(asset);
                None
            }
            Entry::Html(read, asset) => {
                self.upsert_asset(asset);
                self.upsert_page(path, *read)
            }
            Entry::Symlink => {
                self.add_symlink(path.to_string());
                None
            }
            Entry::Absent => {
                self.set_problems(path, Vec::new());
                None
            }
        }
    }

    /// Adds the page read from `path`, or replaces the page already there (keeping its id).
    /// A draft (`page` is `None`) removes it. Returns the page's id, if it is in the site.
    pub fn upsert_page(&mut self, path: &str, read: ReadPage) -> Option<PageId> {
        self.set_problems(path, read.problems);
        let Some(mut page) = read.page else {
            self.remove_page(path);
            return None;
        };
        let id = match self.page_ids.get(path) {
            Some(&id) => {
                let old = self.pages[id.index()].take().expect("a live page");
                self.graph.remove(id, &old);
                id
            }
            None => {
                let id = PageId(self.pages.len() as u32);
                self.pages.push(None);
                self.page_ids.insert(path.to_string(), id);
                let order = match page.format {
                    Format::Markdown => &self.order,
                    Format::Html => &self.html_order,
                };
                // A full load adds pages nearly in path order: most go at the end.
                let last = order.last().map(|&p| self.get(p).path.as_str());
                let at = match last.is_none_or(|last| last < path) {
                    true => order.len(),
                    false => order.partition_point(|&p| self.get(p).path.as_str() < path),
                };
                match page.format {
                    Format::Markdown => self.order.insert(at, id),
                    Format::Html => self.html_order.insert(at, id),
                }
                self.add_dirs(path);
                id
            }
        };
        page.id = id;
        for link in &mut page.links {
            from_repository_root(&self.content_in_root, link);
            intern(&mut self.strings, &mut link.dest);
            if let Target::Local { path } = &mut link.target {
                intern(&mut self.strings, path);
            }
        }
        self.graph.add(id, &page);
        self.pages[id.index()] = Some(page);
        self.refresh_folder_page(crate::paths::parent(path));
        Some(id)
    }

    /// Drops the shared strings no link uses any more (after pages changed or went).
    pub fn forget_unused_strings(&mut self) {
        self.strings.retain(|s| std::sync::Arc::strong_count(s) > 1);
    }

    /// Removes the page at `path`; returns its id if there was one.
    pub fn remove_page(&mut self, path: &str) -> Option<PageId> {
        let id = self.page_ids.remove(path)?;
        let page = self.pages[id.index()].take().expect("a live page");
        self.graph.remove(id, &page);
        self.order.retain(|&p| p != id);
        self.html_order.retain(|&p| p != id);
        self.remove_dirs(path);
        self.refresh_folder_page(crate::paths::parent(path));
        Some(id)
    }

    /// Adds or replaces the asset at `path`.
    pub fn upsert_asset(&mut self, asset: Asset) -> AssetId {
        if let Some(&id) = self.asset_ids.get(&asset.path) {
            self.assets[id.0 as usize] = Some(asset);
            return id;
        }
        let id = AssetId(self.assets.len() as u32);
        self.add_dirs(&asset.path);
        self.asset_ids.insert(asset.path.clone(), id);
        self.assets.push(Some(asset));
        id
    }

    pub fn remove_asset(&mut self, path: &str) -> Option<AssetId> {
        let id = self.asset_ids.remove(path)?;
        self.assets[id.0 as usize] = None;
        self.remove_dirs(path);
        Some(id)
    }

    /// Sets the reading problems of a file, e.g. a page that could not be read at all.
    pub fn set_problems(&mut self, path: &str, problems: Vec<Diagnostic>) {
        if problems.is_empty() {
            self.problems.remove(path);
        } else {
            self.problems.insert(path.to_string(), problems);
        }
    }

    fn add_dirs(&mut self, file: &str) {
        let mut dir = crate::paths::parent(file);
        loop {
            *self.dirs.entry(dir.to_string()).or_default() += 1;
            if dir.is_empty() {
                return;
            }
            dir = crate::paths::parent(dir);
        }
    }

    fn remove_dirs(&mut self, file: &str) {
        let mut dir = crate::paths::parent(file);
        loop {
            if let Some(n) = self.dirs.get_mut(dir) {
                *n -= 1;
                if *n == 0 && !dir.is_empty() {
                    self.dirs.remove(dir);
                }
            }
            if dir.is_empty() {
                return;
            }
            dir = crate::paths::parent(dir);
        }
    }
}

/// A link written from the root that names the content folder (`/content/docs/guide.md`
/// when the content is ROOT's `content/`) leads where GitHub takes it, from the
/// repository's root: `docs/guide.md` in the content. A link from the root that does not
/// name it (`/docs/guide.md`) is still read from the content's root, where the published
/// site serves it.
fn from_repository_root(content_in_root: &str, link: &mut crate::content::Link) {
    if !matches!(link.target, Target::Local { .. }) {
        return;
    }
    if let Some(dest) = crate::paths::from_content_root(content_in_root, &link.dest) {
        link.target = crate::content::Target::of("", &dest);
    }
}

/// Makes `s` the set's copy of its text, adding it if new.
fn intern(strings: &mut rustc_hash::FxHashSet<std::sync::Arc<str>>, s: &mut std::sync::Arc<str>) {
    match strings.get(&**s) {
        Some(shared) => *s = shared.clone(),
        None => {
            strings.insert(s.clone());
        }
    }
}

impl Site {
    /// A site of pages given as (path, text), for tests; `.html` paths are HTML pages.
    #[cfg(test)]
    pub fn from_texts(pages: &[(&str, &str)]) -> Site {
        let mut site = Site::new("content".into());
        for (path, text) in pages {
            let bytes = text.as_bytes().to_vec();
            if is_html_file(path) {
                let read = read_html(path, bytes, LoadOptions::default()).expect("UTF-8");
                let asset = Asset {
                    path: path.to_string(),
                    size: text.len() as u64,
                    file: None,
                };
                site.put(path, Entry::Html(Box::new(read), asset));
                continue;
            }
            site.upsert_page(path, read_page(path, bytes, LoadOptions::default()));
        }
        site
    }
}
