//! Rendering a whole project in one pass (`build`): every page on all cores, written as soon
//! as rendered (the site's HTML is never held whole), then the site-wide files and the assets.

use super::{timed, Project};
use crate::content::PageId;
use crate::diagnostics::Diagnostic;
use crate::output::Output;
use crate::render::search;
use rayon::prelude::*;

impl Project {
    /// Renders every page and the site-wide files, and writes them to `out` if given (the
    /// assets too). Pages are written as soon as rendered: the site's HTML is never held whole.
    /// Returns the template problems.
    pub fn render_all(
        &self,
        mut sources: Vec<Option<String>>,
        out: Option<&dyn Output>,
    ) -> std::io::Result<Vec<Diagnostic>> {
        let project = self;
        let renderer = match project.renderer() {
            Ok(renderer) => renderer,
            Err(problems) => return Ok(problems),
        };
        let site = &project.site;
        let nav = timed("navigation", || renderer.nav(site));
        #[derive(Default)]
        struct Rendered {
            docs: Vec<(usize, search::Doc)>,
            postings: search::Postings,
            problems: Vec<Diagnostic>,
            error: Option<std::io::Error>,
        }
        // Each page owns its source while it renders, and frees it once written.
        let pages: Vec<(usize, PageId, String)> = site
            .page_ids()
            .iter()
            .enumerate()
            .map(|(n, &id)| (n, id, sources[id.index()].take().unwrap_or_default()))
            .collect();
        drop(sources);
        let rendered = timed("pages", || {
            pages
                .into_par_iter()
                .fold(Rendered::default, |mut acc, (n, id, source)| {
                    match renderer.page(site, &nav, id, &source) {
                        Ok(page) => {
                            if let Some(Err(e)) = out.map(|o| o.write(page.file)) {
                                acc.error.get_or_insert(e);
                            }
                            acc.postings
                                .add_page(n, site.get(id), page.prose.into_iter());
                            acc.docs.push((n, page.doc));
                        }
                        Err(problem) => {
                            let page = site.get(id);
                            acc.problems.push(problem);
                            acc.docs.push((
                                n,
                                search::Doc {
                                    url: site.output_path(page),
                                    title: page.title.clone(),
                                    section: nav.section_of(id),
                                    excerpt: String::new(),
                                    headings: Vec::new(),
                                },
                            ));
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
                })
        });
        if let Some(e) = rendered.error {
            return Err(e);
        }
        let mut docs = rendered.docs;
        docs.sort_unstable_by_key(|(n, _)| *n);
        let docs: Vec<search::Doc> = docs.into_iter().map(|(_, d)| d).collect();
        let mut problems = rendered.problems;
        match timed("site files", || {
            renderer.site_files(site, &nav, &docs, rendered.postings)
        }) {
            Ok(files) => {
                if let Some(out) = out {
                    files.into_par_iter().try_for_each(|f| out.write(f))?;
                }
            }
            Err(found) => problems.extend(found),
        }
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
