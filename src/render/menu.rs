//! The data of a section's side menu for a theme's `menu.html` (the `dsfr` theme's side menu
//! component): rendered once per section, like the built-in menu of `nav.rs`, with links
//! relative to the section's folder so that every page of the folder shares it.

use super::nav::{Entry, Nav};
use crate::content::Site;
use crate::html::escape;
use crate::paths::{html_path, relative};
use serde::Serialize;

#[derive(Serialize)]
pub struct Menu<'a> {
    pub title: &'a str,
    /// HTML-escaped, as Tera would write `/` as `&#x2F;` and `aria-current` is set by
    /// matching `href="file"` (`Nav::menu`).
    pub url: String,
    pub items: Vec<Item<'a>>,
}

#[derive(Serialize)]
pub struct Item<'a> {
    pub title: &'a str,
    pub url: String,
    /// A sub-section (its index page), rather than a page.
    pub section: bool,
}

/// Section `s`'s menu: its pages and sub-sections, in the author's order (`nav::order`).
pub fn menu<'a>(site: &'a Site, nav: &'a Nav, s: usize) -> Menu<'a> {
    let sec = &nav.sections[s];
    let from = sec.index_path();
    let href = |to: &str| escape(&relative(&from, to));
    let items = sec.entries.iter().map(|entry| match *entry {
        Entry::Section(c) => Item {
            title: &nav.sections[c].title,
            url: href(&html_path(&nav.sections[c].index_path())),
            section: true,
        },
        Entry::Page(p) => {
            let page = site.get(p);
            Item {
                title: &page.title,
                url: href(&site.output_path(page)),
                section: false,
            }
        }
    });
    Menu {
        title: &sec.title,
        url: href(&html_path(&from)),
        items: items.collect(),
    }
}

/// A menu with one item of each kind, to check a theme's `menu.html` before any site.
pub fn sample() -> Menu<'static> {
    Menu {
        title: "Rubrique",
        url: "index.html".into(),
        items: vec![
            Item {
                title: "Sous-rubrique",
                url: "sous/index.html".into(),
                section: true,
            },
            Item {
                title: "Page",
                url: "page.html".into(),
                section: false,
            },
        ],
    }
}
