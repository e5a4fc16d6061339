//! Renders the site model with Tera into output files (path → bytes). No I/O: the theme is
//! loaded beforehand and the content tree is only read through the model.

mod errors;
pub mod theme;

use crate::config::Config;
use crate::content::{Page, Site};
use crate::diagnostics::Diagnostic;
use crate::paths::{html_path, root_prefix};
use serde::Serialize;
use tera::{Context, Tera};
use theme::Theme;

/// One file of the published site, relative to the output folder.
pub struct OutputFile {
    pub path: String,
    pub contents: Vec<u8>,
}

#[derive(Serialize)]
struct SiteContext<'a> {
    title: &'a str,
    description: &'a str,
    language: &'a str,
}

#[derive(Serialize)]
struct PageContext<'a> {
    title: &'a str,
    description: Option<&'a str>,
    /// The source file, content-relative (`pilotage_fca/datapass.md`).
    path: &'a str,
    /// The output file, site-relative (`pilotage_fca/datapass.html`).
    url: String,
    content: &'a str,
    headings: &'a [crate::content::Heading],
}

/// Everything needed to render pages: compiled templates and the site-wide context.
pub struct Renderer<'a> {
    tera: Tera,
    theme: &'a Theme,
    site_ctx: SiteContext<'a>,
}

impl<'a> Renderer<'a> {
    /// Compiles the theme's templates; errors point at the template file and line.
    pub fn new(config: &'a Config, theme: &'a Theme) -> Result<Self, Vec<Diagnostic>> {
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html", ".xml"]);
        let sources = theme
            .templates
            .iter()
            .map(|t| (t.name.as_str(), t.source.as_str()));
        tera.add_raw_templates(sources)
            .map_err(|e| vec![errors::to_diagnostic(&e, theme)])?;
        let site_ctx = SiteContext {
            title: &config.title,
            description: &config.description,
            language: &config.language,
        };
        Ok(Renderer {
            tera,
            theme,
            site_ctx,
        })
    }

    /// Renders one page to its `.html` file.
    pub fn page(&self, page: &Page) -> Result<OutputFile, Diagnostic> {
        let page_ctx = PageContext {
            title: &page.title,
            description: page.front.description.as_deref(),
            path: &page.path,
            url: html_path(&page.path),
            content: &page.html,
            headings: &page.headings,
        };
        let mut ctx = Context::new();
        ctx.insert("site", &self.site_ctx);
        ctx.insert("page", &page_ctx);
        ctx.insert("root", &root_prefix(&page.path));
        let html = self
            .tera
            .render("page.html", &ctx)
            .map_err(|e| errors::to_diagnostic(&e, self.theme))?;
        Ok(OutputFile {
            path: page_ctx.url,
            contents: html.into_bytes(),
        })
    }

    /// The files that belong to no page: the theme's static files.
    pub fn site_files(&self, _site: &Site) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
        Ok(self
            .theme
            .static_files
            .iter()
            .map(|(path, bytes)| OutputFile {
                path: format!("static/{path}"),
                contents: bytes.clone(),
            })
            .collect())
    }
}
