//! Rendering for the live site: pages into memory, then the site-wide files, whole or,
//! after an edit, only the search shards that change.

use super::{Live, RenderResult, Rendered, Update};
use crate::content::PageId;
use crate::diagnostics::Diagnostic;
use crate::output::{Output, Stored};
use crate::render::{page_nav, search, NavContext, Renderer};
use rayon::prelude::*;
use std::collections::BTreeSet;

impl Live {
    /// Renders the given pages and then the site-wide files into memory; records what
    /// changed in `update`. Returns the template problems.
    /// With `whole_site`, every site-wide file is made again; otherwise (pages edited, none
    /// added, removed or renamed in the navigation) only the search files that change.
    pub(super) fn render(
        &mut self,
        ids: &[PageId],
        update: &mut Update,
        whole_site: bool,
    ) -> Vec<Diagnostic> {
        // The renderer borrows the configuration and the theme while the rest changes.
        let config = std::mem::take(&mut self.project.config);
        let theme = std::mem::take(&mut self.project.theme);
        let registry = std::mem::take(&mut self.project.registry);
        let problems = match Renderer::new(&config, &theme) {
            Ok(renderer) => {
                let renderer = renderer.with_registry(&registry);
                let nav = match self.nav.take() {
                    Some(nav) => nav,
                    None => renderer.nav(&self.project.site),
                };
                let problems = self.render_with(ids, update, whole_site, &renderer, &nav);
                self.nav = Some(nav);
                problems
            }
            Err(problems) => problems,
        };
        self.project.config = config;
        self.project.theme = theme;
        self.project.registry = registry;
        problems
    }

    fn render_with(
        &mut self,
        ids: &[PageId],
        update: &mut Update,
        whole_site: bool,
        renderer: &Renderer,
        nav: &crate::render::nav::Nav,
    ) -> Vec<Diagnostic> {
        let (site, files, packed) = (&self.project.site, &self.files, &self.packed);
        let table = &self.term_table;
        let results: Vec<(PageId, RenderResult)> = ids
            .par_iter()
            .map(|&id| {
                let nav_ctx = page_nav(site, nav, id);
                let nav_print = fingerprint(&nav_ctx);
                let source = super::source_of(site, packed, id);
                let result = renderer
                    .page_with_nav(site, nav, id, nav_ctx, &source)
                    .map(|page| {
                        let terms = search::doc_terms(site.get(id), page.prose.iter().copied());
                        let terms = table.pack(&terms);
                        let changed = !files.holds(&page.file.path, &page.file.contents);
                        let stored = Stored::new(&page.file.path, page.file.contents);
                        let rendered = Rendered {
                            output: page.file.path,
                            nav: nav_print,
                            doc: page.doc,
                            terms,
                        };
                        (rendered, changed, stored)
                    });
                (id, result)
            })
            .collect();
        let mut problems = Vec::new();
        let mut shard_keys: BTreeSet<String> = BTreeSet::new();
        let mut doc_chunks: BTreeSet<usize> = BTreeSet::new();
        for (id, result) in results {
            let (rendered, changed, stored) = match result {
                Ok(ok) => ok,
                Err(d) => {
                    problems.push(d);
                    continue;
                }
            };
            if let Some(old) = self.rendered.get(&id) {
                if old.output != rendered.output {
                    self.files.remove(&old.output);
                    self.sources.remove(&old.output);
                    update.removed.push(old.output.clone());
                }
            }
            if changed {
                update.changed.push(rendered.output.clone());
            }
            self.sources.insert(
                rendered.output.clone(),
                self.project.site.get(id).path.clone(),
            );
            if !whole_site {
                let n = self.doc_number(id).unwrap_or_default();
                let old = self.rendered.get(&id);
                let old_terms =
                    old.map_or_else(search::Terms::default, |r| self.term_table.unpack(&r.terms));
                let new_terms = self.term_table.unpack(&rendered.terms);
                shard_keys.extend(self.postings.replace_doc(n, &old_terms, &new_terms));
                if old.is_none_or(|r| r.doc != rendered.doc) {
                    doc_chunks.insert(n / search::DOCS_PER_SHARD);
                }
            }
            self.files.store(rendered.output.clone(), stored);
            self.rendered.insert(id, rendered);
        }
        if !whole_site {
            // Only the search files this edit changes.
            // A shard whose every term is gone has no file, as in a full build.
            let (live_keys, empty): (BTreeSet<String>, BTreeSet<String>) = shard_keys
                .into_iter()
                .partition(|k| self.postings.has_shard(k));
            for key in empty {
                let path = format!("search/t-{key}.js");
                if self.files.remove(&path) {
                    update.removed.push(path.clone());
                }
                self.site_files.remove(&path);
            }
            let mut files = self.postings.term_shards(&live_keys);
            self.site_files.extend(files.iter().map(|f| f.path.clone()));
            files.extend(doc_chunks.iter().map(|&c| {
                let start = c * search::DOCS_PER_SHARD;
                let order = self.project.site.page_ids();
                let end = (start + search::DOCS_PER_SHARD).min(order.len());
                let docs: Vec<search::Doc> = order[start..end]
                    .iter()
                    .filter_map(|id| self.rendered.get(id).map(|r| r.doc.clone()))
                    .collect();
                search::doc_shard(c, &docs)
            }));
            let docs = (self.project.site.page_ids().iter())
                .filter(|id| self.rendered.contains_key(id))
                .count();
            files.push(
                self.postings
                    .index_js(docs, &crate::render::section_titles(nav)),
            );
            self.write_changed(files, update);
            return problems;
        }
        // Site-wide files: section indexes, 404, search index, sitemap.
        let mut postings = search::Postings::default();
        for (n, id) in self.project.site.page_ids().iter().enumerate() {
            if let Some(r) = self.rendered.get(id) {
                self.term_table
                    .for_each(&r.terms, |term, w| postings.add_term(n, term, w));
            }
        }
        // Sorted by page number, as `index_files` and `replace_doc` need them.
        for list in postings.lists_mut() {
            list.sort_unstable();
        }
        let docs = self.docs();
        match renderer.section_files(&self.project.site, nav) {
            Ok(mut files) => {
                files.extend(search::index_files(
                    &docs,
                    &mut postings,
                    &crate::render::section_titles(nav),
                ));
                let produced: BTreeSet<String> = files.iter().map(|f| f.path.clone()).collect();
                let pages: BTreeSet<&String> = self.rendered.values().map(|r| &r.output).collect();
                for stale in self.site_files.difference(&produced) {
                    if !pages.contains(stale) {
                        self.files.remove(stale);
                        update.removed.push(stale.clone());
                    }
                }
                self.write_changed(files, update);
                self.site_files = produced;
            }
            Err(found) => problems.extend(found),
        }
        self.postings = postings;
        problems
    }

    /// Page `id`'s number in the search index: its place in path order.
    fn doc_number(&self, id: PageId) -> Option<usize> {
        let path = &self.project.site.get(id).path;
        let order = self.project.site.page_ids();
        let at = order.partition_point(|&p| self.project.site.get(p).path < *path);
        (order.get(at) == Some(&id)).then_some(at)
    }

    /// Every page's search result, in path order.
    fn docs(&self) -> Vec<search::Doc> {
        self.project
            .site
            .page_ids()
            .iter()
            .filter_map(|id| self.rendered.get(id).map(|r| r.doc.clone()))
            .collect()
    }

    fn write_changed(&mut self, files: Vec<crate::render::OutputFile>, update: &mut Update) {
        for file in files {
            if !self.files.holds(&file.path, &file.contents) {
                update.changed.push(file.path.clone());
                let _ = self.files.write(file);
            }
        }
    }

    pub(super) fn write_static_files(&mut self) {
        for (path, bytes) in &self.project.theme.static_files {
            let _ = self.files.write(crate::render::OutputFile {
                path: format!("static/{path}"),
                contents: bytes.clone(),
            });
        }
    }
}

pub(super) fn fingerprint(nav: &NavContext) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    nav.hash(&mut hasher);
    hasher.finish()
}
