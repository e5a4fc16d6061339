//! Renders the site model with Tera into output files (path → bytes). No I/O: the theme is
//! loaded beforehand and the content tree is only read through the model.

mod errors;
pub mod theme;

use crate::config::Config;
use crate::content::{Page, Site};
use crate::diagnostics::Diagnostic;
use crate::paths::{html_path, root_prefix};
use rayon::prelude::*;
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

/// Compiles the theme's templates; errors point at the template file and line.
pub fn compile(theme: &Theme) -> Result<Tera, Vec<Diagnostic>> {
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html", ".xml"]);
    let sources = theme
        .templates
        .iter()
        .map(|t| (t.name.as_str(), t.source.as_str()));
    tera.add_raw_templates(sources)
        .map_err(|e| vec![errors::to_diagnostic(&e, theme)])?;
    Ok(tera)
}

/// Renders every page; pages render in parallel, each template error is reported once.
pub fn render(
    site: &Site,
    config: &Config,
    tera: &Tera,
    theme: &Theme,
) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    let site_ctx = SiteContext {
        title: &config.title,
        description: &config.description,
        language: &config.language,
    };
    let results: Vec<Result<OutputFile, Diagnostic>> = site
        .pages
        .par_iter()
        .map(|page| render_page(page, &site_ctx, tera, theme))
        .collect();
    let mut files = Vec::with_capacity(results.len() + theme.static_files.len());
    let mut diags = Vec::new();
    for r in results {
        match r {
            Ok(f) => files.push(f),
            Err(d) => diags.push(d),
        }
    }
    if !diags.is_empty() {
        crate::diagnostics::sort(&mut diags);
        return Err(diags);
    }
    files.extend(theme.static_files.iter().map(|(path, bytes)| OutputFile {
        path: format!("static/{path}"),
        contents: bytes.clone(),
    }));
    Ok(files)
}

fn render_page(
    page: &Page,
    site_ctx: &SiteContext,
    tera: &Tera,
    theme: &Theme,
) -> Result<OutputFile, Diagnostic> {
    let page_ctx = PageContext {
        title: &page.title,
        description: page.front.description.as_deref(),
        path: &page.path,
        url: html_path(&page.path),
        content: &page.html,
        headings: &page.headings,
    };
    let mut ctx = Context::new();
    ctx.insert("site", site_ctx);
    ctx.insert("page", &page_ctx);
    ctx.insert("root", &root_prefix(&page.path));
    let html = tera
        .render("page.html", &ctx)
        .map_err(|e| errors::to_diagnostic(&e, theme))?;
    Ok(OutputFile {
        path: page_ctx.url,
        contents: html.into_bytes(),
    })
}
