//! Rendering a whole project in one pass (`build`): every page on all cores, written as soon
//! as rendered (the site's HTML is never held whole), then the site-wide files and the assets.

use super::{timed, Project};
use crate::content::{self, PageId};
use crate::diagnostics::Diagnostic;
use crate::output::Output;
use crate::render::search;
use rayon::prelude::*;

/// Pages rendered between two writes of search shards: a multiple of
/// `search::DOCS_PER_SHARD`, so that each chunk's pages fill whole shards.
const RENDER_CHUNK: usize = 1024;
const _: () = assert!(RENDER_CHUNK.is_multiple_of(search::DOCS_PER_SHARD));
use std::borrow::Cow;

impl Project {
    /// Renders every page and the site-wide files, and writes them to `out` if given (the
    /// assets too). Each page's source is read again as it renders, and pages are written as
    /// soon as rendered: neither the sources nor the site's HTML are ever held whole.
    /// Returns the template problems, and the pages that changed since they were loaded.
    pub fn render_all(&self, out: Option<&dyn Output>) -> std::io::Result<Vec<Diagnostic>> {
        let project = self;
        let renderer = match project.renderer() {
            Ok(renderer) => renderer,
            Err(problems) => return Ok(problems),
        };
        let site = &project.site;
        let nav = timed("navigation", || renderer.nav(site));
        #[derive(Default)]
        struct Rendered {
            /// Each page's search entry, as its text in the `d-N.js` shards (`doc_js`).
            docs: Vec<(usize, String)>,
            postings: search::Postings,
            problems: Vec<Diagnostic>,
            error: Option<std::io::Error>,
        }
        let pages: Vec<(usize, PageId)> = site.page_ids().iter().copied().enumerate().collect();
        // Pages render a chunk at a time, on all cores; each chunk's search shards are written
        // as soon as it is done, so that the index is never held whole.
        let mut postings = search::Postings::default();
        let mut problems = Vec::new();
        let mut count = 0;
        timed("pages", || -> std::io::Result<()> {
            for (c, chunk) in pages.chunks(RENDER_CHUNK).enumerate() {
                let part = chunk
                    .par_iter()
                    .fold(Rendered::default, |mut acc, &(n, id)| {
                        let page = site.get(id);
                        // Each page owns its source while it renders, and frees it once written.
                        let source = match &page.source {
                            Some(source) => Ok(Cow::Borrowed(source.as_str())),
                            None => content::read_source(site, page).map(Cow::Owned),
                        };
                        let rendered = source.and_then(|source| {
                            match renderer.page(site, &nav, id, &source) {
                                Ok(rendered) => {
                                    let file = rendered.file;
                                    acc.postings.add_page(n, page, rendered.prose.into_iter());
                                    Ok((file, rendered.doc))
                                }
                                Err(problem) => Err(problem),
                            }
                        });
                        match rendered {
                            Ok((file, doc)) => {
                                if let Some(Err(e)) = out.map(|o| o.write(file)) {
                                    acc.error.get_or_insert(e);
                                }
                                acc.docs.push((n, search::doc_js(&doc)));
                            }
                            Err(problem) => {
                                acc.problems.push(problem);
                                let doc = search::Doc {
                                    url: site.output_path(page),
                                    title: page.title.clone(),
                                    section: nav.section_of(id),
                                    excerpt: String::new(),
                                    headings: Vec::new(),
                                };
                                acc.docs.push((n, search::doc_js(&doc)));
                            }
                        }
                        acc
                    })
                    .reduce(Rendered::default, |mut a, b| {
                        a.docs.extend(b.docs);
                        a.postings = a.postings.merge(b.postings);
                        a.problems.extend(b.problems);
                        a.error = a.error.or(b.error);
                        a
                    });
                if let Some(e) = part.error {
                    return Err(e);
                }
                let mut docs = part.docs;
                docs.sort_unstable_by_key(|(n, _)| *n);
                count += docs.len();
                if let Some(out) = out {
                    let first = c * RENDER_CHUNK / search::DOCS_PER_SHARD;
                    docs.par_chunks(search::DOCS_PER_SHARD)
                        .enumerate()
                        .try_for_each(|(k, shard)| {
                            let entries = shard.iter().map(|(_, js)| js.as_str());
                            out.write(search::doc_shard_of(first + k, entries))
                        })?;
                }
                postings = std::mem::take(&mut postings).merge(part.postings);
                problems.extend(part.problems);
            }
            Ok(())
        })?;
        timed("site files", || match renderer.section_files(site, &nav) {
            Ok(files) => {
                let Some(out) = out else { return Ok(()) };
                files.into_par_iter().try_for_each(|f| out.write(f))?;
                let sections = crate::render::section_titles(&nav);
                search::write_term_files(&mut postings, count, &sections, |f| out.write(f))
            }
            Err(found) => {
                problems.extend(found);
                Ok(())
            }
        })?;
        if let Some(out) = out {
            timed("assets", || {
                site.assets()
                    .par_iter()
                    .try_for_each(|a| out.copy_asset(&site.content_dir, a.file(), &a.path))
            })?;
        }
        Ok(problems)
    }
}
