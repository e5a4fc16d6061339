//! Renders the site model with Tera into output files (path → bytes). No I/O: the theme is
//! loaded beforehand and the content tree is only read through the model. Navigation is
//! computed once per site (`nav.rs`); each page renders alone, from its source, its slice of
//! navigation and its backlinks (`Renderer::page`), into its file and its search entry; the
//! site-wide files come from `section_files` (section indexes, 404, sitemap) and
//! `search::write_term_files` (the search index).

mod body;
mod cgu_history;
mod errors;
mod menu;
pub mod nav;
pub mod search;
mod sitemap;
pub mod theme;
mod typography;

pub use crate::html::escape as html_escape;

use crate::cgu::Registry;
use crate::config::Config;
use crate::content::{Heading, PageId, Resolved, Site};
use crate::diagnostics::Diagnostic;
use crate::paths::{html_path, relative, root_prefix};
use nav::{Nav, NavLink};
use serde::Serialize;
use std::fmt::Write;
use tera::{Context, Tera};
use theme::Theme;

/// Backlinks shown per page; the rest are counted.
const MAX_BACKLINKS: usize = 12;
/// A page gets a table of contents from this many `h2`/`h3` on.
const TOC_MIN_HEADINGS: usize = 3;
/// Top-level sections listed in a header's navigation; past them, a link to the home page.
const MAX_HEADER_SECTIONS: usize = 8;

pub use crate::output::OutputFile;

#[derive(Serialize)]
struct SiteContext<'a> {
    title: &'a str,
    description: &'a str,
    language: &'a str,
    legal: LegalContext<'a>,
}

/// `legal:` for the footer: the operator and the mandatory links, in their order.
#[derive(Serialize)]
struct LegalContext<'a> {
    operator: &'a str,
    links: Vec<FooterLink>,
}

#[derive(Serialize)]
struct FooterLink {
    label: String,
    /// Empty when not configured (the accessibility statement is shown all the same).
    url: String,
    /// A page of the site: the URL is relative to its root.
    page: bool,
}

impl<'a> LegalContext<'a> {
    fn new(legal: &'a crate::config::Legal) -> Self {
        use crate::config::Conformity;
        let conformity = match legal.conformity {
            Conformity::Non => "non conforme",
            Conformity::Partiellement => "partiellement conforme",
            Conformity::Totalement => "totalement conforme",
        };
        let link = |label: String, target: &Option<String>| {
            let target = target.as_deref().unwrap_or("");
            let page = !target.is_empty() && !target.contains(':');
            FooterLink {
                label,
                url: match page {
                    true => theme::legal_page_url(target),
                    false => target.to_string(),
                },
                page,
            }
        };
        let mut links = vec![link(
            format!("Accessibilité : {conformity}"),
            &legal.accessibility,
        )];
        links.extend(
            [
                ("Mentions légales", &legal.legal_notice),
                ("Données personnelles", &legal.personal_data),
            ]
            .into_iter()
            .filter(|(_, target)| target.is_some())
            .map(|(label, target)| link(label.into(), target)),
        );
        LegalContext {
            operator: &legal.operator,
            links,
        }
    }
}

#[derive(Serialize)]
struct PageContext<'a> {
    title: &'a str,
    /// The `<title>`: the page's title, then the site's without what the page's repeats.
    head_title: String,
    description: Option<&'a str>,
    /// The source file, content-relative (`pilotage_fca/datapass.md`).
    path: &'a str,
    /// The output file, site-relative (`pilotage_fca/datapass.html`).
    url: String,
    /// The body, with its table of contents after the `h1` when it has enough headings.
    content: &'a str,
    headings: &'a [Heading],
    /// The CGU registry as history tables, on pages with `cgu_history: true`.
    cgu_history: Option<String>,
    /// Front matter keys faqsite does not read (other tools' `hidden`, `icon`…).
    extra: &'a std::collections::BTreeMap<String, serde_json::Value>,
}

#[derive(Serialize, Default, Clone, PartialEq, Eq, Hash)]
pub struct NavContext {
    breadcrumbs: Vec<NavLink>,
    menu: String,
    prev: Option<NavLink>,
    next: Option<NavLink>,
    /// The pages linking here as `<li>` items, rendered in Rust: a Tera loop over them cost
    /// more than the rest of the page on large sites.
    backlinks: String,
    backlinks_more: usize,
    /// The top-level sections, for a header's navigation, and whether there are more.
    sections: Vec<SectionLink>,
    sections_more: bool,
}

/// A top-level section as a header lists it; `current` when the page is in it.
#[derive(Serialize, Clone, PartialEq, Eq, Hash)]
pub struct SectionLink {
    title: String,
    url: String,
    current: bool,
}

/// One rendered page: its file, its search result, and the texts of its body to index
/// (`search::Postings::add_page`, or `search::doc_terms` for one page alone).
pub struct RenderedPage<'s> {
    pub file: OutputFile,
    pub doc: search::Doc,
    pub prose: Vec<&'s str>,
}

/// Everything needed to render pages: compiled templates and the site-wide context.
pub struct Renderer<'a> {
    tera: Tera,
    theme: &'a Theme,
    config: &'a Config,
    site_ctx: SiteContext<'a>,
    registry: Option<&'a Registry>,
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
            legal: LegalContext::new(&config.legal),
        };
        if tera.get_template_names().any(|n| n == "menu.html") {
            let mut ctx = Context::new();
            ctx.insert("site", &site_ctx);
            ctx.insert("menu", &menu::sample());
            tera.render("menu.html", &ctx)
                .map_err(|e| vec![errors::to_diagnostic(&e, theme)])?;
        }
        Ok(Renderer {
            tera,
            theme,
            config,
            site_ctx,
            registry: None,
        })
    }

    /// The navigation of `site`, computed once for all its pages.
    /// A theme's `menu.html`, when it has one, renders each section's side menu.
    pub fn nav(&self, site: &Site) -> Nav {
        let mut nav = Nav::build(site, &self.config.title, &self.config.sections);
        if self.tera.get_template_names().any(|n| n == "menu.html") {
            let menus = (0..nav.sections.len())
                .map(|s| {
                    let mut ctx = Context::new();
                    ctx.insert("site", &self.site_ctx);
                    ctx.insert("menu", &menu::menu(site, &nav, s));
                    // Checked on a sample in `new`: its data has the same shape.
                    self.tera.render("menu.html", &ctx).unwrap_or_default()
                })
                .collect();
            nav.set_menus(menus);
        }
        nav
    }

    /// The CGU registry, for history pages.
    pub fn with_registry(mut self, registry: &'a Registry) -> Self {
        self.registry = Some(registry);
        self
    }

    /// Renders one page, from its `source`, to its `.html` file and its search entry.
    pub fn page<'s>(
        &self,
        site: &'s Site,
        nav: &Nav,
        id: PageId,
        source: &'s str,
    ) -> Result<RenderedPage<'s>, Diagnostic> {
        self.page_with_nav(site, nav, id, page_nav(site, nav, id), source)
    }

    /// `page`, with the page's slice of navigation computed beforehand (`page_nav`).
    pub fn page_with_nav<'s>(
        &self,
        site: &'s Site,
        nav: &Nav,
        id: PageId,
        nav_ctx: NavContext,
        source: &'s str,
    ) -> Result<RenderedPage<'s>, Diagnostic> {
        let page = site.get(id);
        let href = |i: usize, dest: &str| href(site, page, i, dest);
        let suffix = |i: usize| download_detail(site, page, i);
        let writer = crate::markdown::LinkWriter {
            href: &href,
            suffix: &suffix,
            headings: &page.headings,
        };
        let rendered = crate::markdown::render(source, page.body_start, &page.path, &writer);
        let body = body::add_component_classes(body::mark_related(&rendered.html));
        drop(rendered.html);
        let body = body::insert_toc(body, &page.headings, TOC_MIN_HEADINGS);
        let page_ctx = PageContext {
            title: &page.title,
            head_title: head_title(&page.title, &self.config.title),
            description: page.front.description.as_deref(),
            path: &page.path,
            url: site.output_path(page),
            content: &body,
            headings: &page.headings,
            cgu_history: self
                .registry
                .filter(|_| page.front.cgu_history)
                .map(|r| body::add_component_classes(cgu_history::history_html(r, &page.path))),
            extra: &page.front.extra,
        };
        let html = self.render("page.html", page_ctx.path, |ctx| {
            ctx.insert("page", &page_ctx);
            ctx.insert("nav", &nav_ctx);
        })?;
        let prose: Vec<&str> = rendered
            .prose
            .iter()
            .filter_map(|r| source.get(r.clone()))
            .collect();
        Ok(RenderedPage {
            doc: search::Doc {
                url: page_ctx.url.clone(),
                title: page.title.clone(),
                section: nav.section_of(id),
                excerpt: search::excerpt(page, prose.iter().copied()),
                headings: search::sections(source, &rendered.prose, &rendered.headings),
            },
            prose,
            file: OutputFile {
                path: page_ctx.url,
                contents: html,
            },
        })
    }

    /// Renders `template` into the bytes of its file. Tera writes into this thread's buffer,
    /// reused from page to page, and French typography copies it into the file's bytes.
    fn render(
        &self,
        template: &str,
        path: &str,
        fill: impl FnOnce(&mut Context),
    ) -> Result<Vec<u8>, Diagnostic> {
        thread_local! {
            static TERA_OUT: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
        }
        let mut ctx = Context::new();
        ctx.insert("site", &self.site_ctx);
        ctx.insert("root", &root_prefix(path));
        fill(&mut ctx);
        let to_diagnostic = |e: tera::Error| errors::to_diagnostic(&e, self.theme);
        if !self.config.language.starts_with("fr") {
            let mut html = Vec::new();
            self.tera
                .render_to(template, &ctx, &mut html)
                .map_err(to_diagnostic)?;
            return Ok(html);
        }
        TERA_OUT.with_borrow_mut(|html| {
            html.clear();
            self.tera
                .render_to(template, &ctx, &mut *html)
                .map_err(to_diagnostic)?;
            Ok(typography::apply(html))
        })
    }

    /// The files that belong to no page but the search index (`search::write_term_files`,
    /// and the `d-N.js` shards written as pages render): the theme's static files, an index
    /// for each folder without `index.md`, `404.html` and, with `base_url`, `sitemap.xml`.
    /// They change only when the navigation does.
    pub fn section_files(
        &self,
        site: &Site,
        nav: &Nav,
    ) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
        let mut files: Vec<OutputFile> = self
            .theme
            .static_files
            .iter()
            .map(|(path, bytes)| OutputFile {
                path: format!("static/{path}"),
                contents: bytes.clone(),
            })
            .collect();
        let mut errors = Vec::new();
        for (s, section) in nav.sections.iter().enumerate() {
            if section.index.is_none() {
                match self.section_index(site, nav, s) {
                    Ok(file) => files.push(file),
                    Err(d) => errors.push(d),
                }
            }
        }
        match self.render("404.html", "404.html", |ctx| {
            ctx.insert(
                "page",
                &serde_json::json!({ "title": "Page introuvable", "head_title": head_title("Page introuvable", &self.config.title) }),
            );
            // Served for any missing URL: links are absolute when the site's path is known.
            if let Some(path) = self.config.base_url.as_deref().and_then(url_path) {
                ctx.insert("root", &path);
            }
            ctx.insert("nav", &NavContext::default());
        }) {
            Ok(html) => files.push(OutputFile {
                path: "404.html".into(),
                contents: html,
            }),
            Err(d) => errors.push(d),
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        if let Some(base) = &self.config.base_url {
            let urls = nav.sections.iter().filter(|s| s.index.is_none());
            let urls = urls.map(|s| html_path(&s.index_path()));
            let urls = urls.chain(site.pages().map(|p| site.output_path(p)));
            files.push(OutputFile {
                path: "sitemap.xml".into(),
                contents: sitemap::sitemap(base, urls).into_bytes(),
            });
        }
        Ok(files)
    }

    /// The generated index of a folder without `index.md`: its sub-sections and pages, in the
    /// menu's order.
    fn section_index(&self, site: &Site, nav: &Nav, s: usize) -> Result<OutputFile, Diagnostic> {
        let section = &nav.sections[s];
        let path = section.index_path();
        let link = |to: String, title: &str, description: Option<&str>| serde_json::json!({ "url": relative(&path, &to), "title": title, "description": description });
        let entries: Vec<serde_json::Value> = section
            .entries
            .iter()
            .map(|&entry| match entry {
                nav::Entry::Section(c) => link(
                    html_path(&nav.sections[c].index_path()),
                    &nav.sections[c].title,
                    None,
                ),
                nav::Entry::Page(p) => {
                    let page = site.get(p);
                    link(
                        site.output_path(page),
                        &page.title,
                        page.front.description.as_deref(),
                    )
                }
            })
            .collect();
        let (sections, sections_more) = top_sections(nav, &path, s);
        let ctx_nav = NavContext {
            breadcrumbs: nav.breadcrumbs(&path, s, true, &section.title),
            menu: nav.menu(s, "index.html"),
            sections,
            sections_more,
            ..NavContext::default()
        };
        let html = self.render("section.html", &path, |ctx| {
            ctx.insert(
                "page",
                &serde_json::json!({ "title": section.title, "head_title": head_title(&section.title, &self.config.title), "url": html_path(&path) }),
            );
            ctx.insert("entries", &entries);
            ctx.insert("nav", &ctx_nav);
        })?;
        Ok(OutputFile {
            path: html_path(&path),
            contents: html,
        })
    }
}

/// The title of each section, by section number, as the search index names them.
pub fn section_titles(nav: &Nav) -> Vec<String> {
    nav.sections.iter().map(|s| s.title.clone()).collect()
}

/// A page's slice of the navigation, with its backlinks from the link graph.
pub fn page_nav(site: &Site, nav: &Nav, id: PageId) -> NavContext {
    let page = site.get(id);
    let section = nav.section_of(id);
    let is_index = nav.sections[section].index == Some(id);
    let url = site.output_path(page);
    let file = url.rsplit('/').next().unwrap_or(&url);
    let (prev, next) = nav.prev_next(site, id);
    // A summary links to every page: as a backlink it would say nothing.
    let backs: Vec<PageId> = site
        .backlinks(id)
        .into_iter()
        .filter(|&b| !site.is_summary(site.get(b)))
        .collect();
    let (sections, sections_more) = top_sections(nav, &page.path, section);
    NavContext {
        sections,
        sections_more,
        breadcrumbs: nav.breadcrumbs(&page.path, section, is_index, &page.title),
        menu: nav.menu(section, file),
        prev,
        next,
        backlinks: backs
            .iter()
            .take(MAX_BACKLINKS)
            .fold(String::new(), |mut html, &b| {
                let link = nav::link_to(site, &page.path, site.get(b));
                let _ = write!(
                    html,
                    "<li><a href=\"{}\">{}</a></li>",
                    crate::html::escape(&link.url),
                    crate::html::escape(&link.title)
                );
                html
            }),
        backlinks_more: backs.len().saturating_sub(MAX_BACKLINKS),
    }
}

/// The top-level sections as links from the page at `from`, in `section`, and whether
/// there are more than a header lists.
fn top_sections(nav: &Nav, from: &str, section: usize) -> (Vec<SectionLink>, bool) {
    let mut top = section;
    while let Some(parent) = nav.sections[top].parent.filter(|&p| p != 0) {
        top = parent;
    }
    let all: Vec<usize> = nav.sections[0].children().collect();
    let links = all.iter().take(MAX_HEADER_SECTIONS).map(|&c| SectionLink {
        title: nav.sections[c].title.clone(),
        url: relative(from, &html_path(&nav.sections[c].index_path())),
        current: c == top,
    });
    (links.collect(), all.len() > MAX_HEADER_SECTIONS)
}

/// The `<title>` of a page: its title, then the segments of the site's title (split at
/// ` — `, ` – `, ` - ` or ` | `) that the page's title does not already say, so that the home
/// page « Documentation partenaires d'AgentConnect » of the site « AgentConnect —
/// Documentation partenaires » is titled once.
fn head_title(page: &str, site: &str) -> String {
    let page = page.trim();
    if page.is_empty() {
        return site.to_string();
    }
    let said = page.to_lowercase();
    let mut segments = vec![site];
    for separator in [" — ", " – ", " - ", " | "] {
        segments = segments.iter().flat_map(|s| s.split(separator)).collect();
    }
    let rest = segments
        .into_iter()
        .map(str::trim)
        .filter(|s| !s.is_empty() && !said.contains(&s.to_lowercase()));
    std::iter::once(page)
        .chain(rest)
        .collect::<Vec<_>>()
        .join(" — ")
}

/// The destination of link number `index` of `page`, rewritten for the site: pages become
/// `.html`, folders their `index.html`, and a link to the `README.md` that is its folder's
/// page goes to the folder's `index.html`. The target is the one resolved at load.
fn href(site: &Site, page: &crate::content::Page, index: usize, dest: &str) -> String {
    let published = crate::paths::from_content_root(site.content_in_root(), dest);
    let mut rewritten =
        crate::paths::rewrite_href(&page.path, published.as_deref().unwrap_or(dest));
    // `#user-content-x` works on GitHub; the site's ids have no prefix.
    let prefix = crate::slug::USER_CONTENT;
    let mut hash = rewritten.match_indices('#').map(|(i, _)| i);
    if let Some(i) = hash.find(|&i| rewritten[i + 1..].starts_with(prefix)) {
        rewritten.replace_range(i + 1..i + 1 + prefix.len(), "");
    }
    let Some(link) = page.links.get(index).filter(|l| *l.dest == *dest) else {
        return rewritten;
    };
    let Some(Resolved::Page(id)) = site.resolve(link) else {
        return rewritten;
    };
    let target = site.get(id);
    if target.path.ends_with("index.md") || site.folder_of_page(target).is_none() {
        return rewritten;
    }
    let end = rewritten.find(['#', '?']).unwrap_or(rewritten.len());
    let stem_start = rewritten[..end].rfind('/').map_or(0, |i| i + 1);
    format!(
        "{}index.html{}",
        &rewritten[..stem_start],
        &rewritten[end..]
    )
}

/// ` <span class="fr-link__detail">PDF – 12 ko</span>` for link number `index` of `page`
/// when it leads to an asset (as the DSFR labels downloads).
fn download_detail(site: &Site, page: &crate::content::Page, index: usize) -> Option<String> {
    let link = page.links.get(index)?;
    // Most links lead to pages: the table of files, asked first, answers them at once.
    let asset = site.asset(link.target.local_path()?)?;
    let Resolved::Asset(_) = site.resolve(link)? else {
        return None;
    };
    Some(body::download_detail(&asset.path, asset.size))
}

/// The path of an absolute URL, with a trailing `/`: `https://x.fr/doc` → `/doc/`.
fn url_path(url: &str) -> Option<String> {
    let after_scheme = url.split_once("://")?.1;
    let path = after_scheme.find('/').map_or("", |i| &after_scheme[i..]);
    Some(format!("{}/", path.trim_end_matches('/')))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn head_titles() {
        let site = "AgentConnect — Documentation partenaires";
        for (page, want) in [
            (
                "Documentation partenaires d'AgentConnect",
                "Documentation partenaires d'AgentConnect",
            ),
            (
                "Demander une habilitation",
                "Demander une habilitation — AgentConnect — Documentation partenaires",
            ),
            (
                "Intégrer AgentConnect",
                "Intégrer AgentConnect — Documentation partenaires",
            ),
            (site, site),
            ("", site),
        ] {
            assert_eq!(head_title(page, site), want, "{page}");
        }
        assert_eq!(
            head_title("Guide", "Docs | Équipe - DINUM"),
            "Guide — Docs — Équipe — DINUM"
        );
    }
}
