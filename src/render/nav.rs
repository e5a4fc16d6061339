//! Navigation, computed once from the model in time linear in pages: one section per folder
//! holding pages (with its ancestors), pages ordered by `weight` then title, breadcrumbs,
//! previous / next, and each section's side menu rendered once to HTML and shared by all of
//! its pages. Backlinks come from the model's link graph.

use super::html::escape;
use crate::content::{Page, PageId, Site};
use crate::paths::{html_path, parent, relative};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Above this many top-level sections the side menu links to the home page instead of
/// listing them all: a menu must not grow with the site.
const MAX_MENU_SECTIONS: usize = 20;

pub struct Section {
    /// Content-relative folder without trailing `/` (`""` is the root).
    pub dir: String,
    pub title: String,
    /// The folder's page (`index.md`, else `README.md`), if it has one.
    pub index: Option<PageId>,
    /// The other pages of the folder, by weight then title.
    pub pages: Vec<PageId>,
    /// Sub-sections, by weight of their index page then title.
    pub children: Vec<usize>,
    pub parent: Option<usize>,
}

impl Section {
    /// Where the section's index page stands, for relative links (`dir/index.md`, whether
    /// the page is `index.md`, `README.md` or generated); it is written `dir/index.html`.
    pub fn index_path(&self) -> String {
        match self.dir.as_str() {
            "" => "index.md".into(),
            d => format!("{d}/index.md"),
        }
    }
}

/// A link as the templates see it: a title and a URL relative to the current page.
#[derive(Serialize, Clone, PartialEq, Eq, Hash)]
pub struct NavLink {
    pub title: String,
    pub url: String,
}

pub struct Nav {
    pub sections: Vec<Section>,
    /// By page id: its section, and its place in `pages` (`None` for the section's index).
    place: Vec<(usize, Option<usize>)>,
    /// Per section: its side menu, relative to the section's folder.
    menus: Vec<String>,
}

impl Nav {
    /// `titles` names folders without an `index.md` (`faqsite.yaml`'s `sections`).
    pub fn build(site: &Site, site_title: &str, titles: &BTreeMap<String, String>) -> Nav {
        let mut dirs: BTreeSet<&str> = BTreeSet::from([""]);
        for page in site.pages() {
            let mut dir = parent(&page.path);
            while dirs.insert(dir) && !dir.is_empty() {
                dir = parent(dir);
            }
        }
        let by_dir: HashMap<String, usize> = dirs
            .iter()
            .enumerate()
            .map(|(i, d)| (d.to_string(), i))
            .collect();
        let mut sections: Vec<Section> = dirs
            .iter()
            .map(|&dir| Section {
                dir: dir.to_string(),
                title: String::new(),
                index: None,
                pages: Vec::new(),
                children: Vec::new(),
                parent: (!dir.is_empty()).then(|| by_dir[parent(dir)]),
            })
            .collect();
        let mut place = vec![(0, None); site.id_bound()];
        for page in site.pages() {
            let s = by_dir[parent(&page.path)];
            place[page.id.index()].0 = s;
            if site.folder_of_page(page).is_some() {
                sections[s].index = Some(page.id);
            } else {
                sections[s].pages.push(page.id);
            }
        }
        for s in &mut sections {
            s.title = match (s.index, s.dir.as_str()) {
                (Some(i), _) => site.get(i).title.clone(),
                (None, "") => site_title.to_string(),
                (None, dir) => titles
                    .get(dir)
                    .cloned()
                    .unwrap_or_else(|| humanize(dir.rsplit('/').next().unwrap_or(dir))),
            };
            s.pages
                .sort_by(|&a, &b| order_key(site.get(a)).cmp(&order_key(site.get(b))));
            for (pos, &p) in s.pages.iter().enumerate() {
                place[p.index()].1 = Some(pos);
            }
        }
        for i in 1..sections.len() {
            if let Some(p) = sections[i].parent {
                sections[p].children.push(i);
            }
        }
        let weight = |s: &Section| s.index.and_then(|i| site.get(i).front.weight);
        for i in 0..sections.len() {
            let mut children = std::mem::take(&mut sections[i].children);
            children.sort_by(|&a, &b| {
                (weight(&sections[a]).unwrap_or(i64::MAX), &sections[a].title)
                    .cmp(&(weight(&sections[b]).unwrap_or(i64::MAX), &sections[b].title))
            });
            sections[i].children = children;
        }
        let mut nav = Nav {
            sections,
            place,
            menus: Vec::new(),
        };
        nav.menus = (0..nav.sections.len())
            .map(|s| nav.render_menu(site, s))
            .collect();
        nav
    }

    /// Replaces each section's menu, by section number (a theme's `menu.html`).
    pub fn set_menus(&mut self, menus: Vec<String>) {
        self.menus = menus;
    }

    pub fn section_of(&self, page: PageId) -> usize {
        self.place[page.index()].0
    }

    /// The section's menu with `aria-current` on the link to `current` (its file name).
    pub fn menu(&self, section: usize, current: &str) -> String {
        let needle = format!("href=\"{current}\"");
        self.menus[section].replacen(&needle, &format!("{needle} aria-current=\"page\""), 1)
    }

    /// Home › sections… down to (not including) the page at `from`, which is in `section`.
    pub fn breadcrumbs(&self, from: &str, section: usize, is_index: bool) -> Vec<NavLink> {
        let mut chain = Vec::new();
        let mut s = match is_index {
            true => self.sections[section].parent,
            false => Some(section),
        };
        while let Some(i) = s {
            let sec = &self.sections[i];
            chain.push(NavLink {
                title: if i == 0 {
                    "Accueil".into()
                } else {
                    sec.title.clone()
                },
                url: relative(from, &html_path(&sec.index_path())),
            });
            s = sec.parent;
        }
        chain.reverse();
        chain
    }

    /// The pages before and after `page` in its section; the index leads to the first page.
    pub fn prev_next(&self, site: &Site, page: PageId) -> (Option<NavLink>, Option<NavLink>) {
        let (s, pos) = self.place[page.index()];
        let pages = &self.sections[s].pages;
        let from = &site.get(page).path;
        let link = |i: PageId| link_to(site, from, site.get(i));
        match pos {
            None => (None, pages.first().map(|&i| link(i))),
            Some(p) => (
                p.checked_sub(1).map(|q| link(pages[q])),
                pages.get(p + 1).map(|&i| link(i)),
            ),
        }
    }

    fn render_menu(&self, site: &Site, s: usize) -> String {
        let sec = &self.sections[s];
        let from = sec.index_path();
        let href = |path: &str| escape(&relative(&from, &html_path(path)));
        let mut out =
            String::from("<nav class=\"side-menu\" aria-label=\"Menu de la rubrique\">\n");
        out += &format!(
            "<p class=\"side-menu__title\"><a href=\"{}\">{}</a></p>\n<ul>\n",
            href(&from),
            escape(&sec.title)
        );
        for &c in &sec.children {
            let child = &self.sections[c];
            out += &format!(
                "<li class=\"side-menu__section\"><a href=\"{}\">{}</a></li>\n",
                href(&child.index_path()),
                escape(&child.title)
            );
        }
        for &p in &sec.pages {
            let page = site.get(p);
            out += &format!(
                "<li><a href=\"{}\">{}</a></li>\n",
                escape(&relative(&from, &site.output_path(page))),
                escape(&page.title)
            );
        }
        out += "</ul>\n";
        let top = &self.sections[0].children;
        if s != 0 && top.len() <= MAX_MENU_SECTIONS {
            out += "<p class=\"side-menu__title\">Toutes les rubriques</p>\n<ul>\n";
            for &c in top {
                let child = &self.sections[c];
                out += &format!(
                    "<li><a href=\"{}\">{}</a></li>\n",
                    href(&child.index_path()),
                    escape(&child.title)
                );
            }
            out += "</ul>\n";
        } else if s != 0 {
            out += &format!(
                "<p class=\"side-menu__title\"><a href=\"{}\">Toutes les rubriques</a></p>\n",
                href("index.md")
            );
        }
        out + "</nav>"
    }
}

/// A link from the page at `from` to `page`, written to its output file.
pub fn link_to(site: &Site, from: &str, page: &Page) -> NavLink {
    NavLink {
        title: page.title.clone(),
        url: relative(from, &site.output_path(page)),
    }
}

fn order_key(page: &Page) -> (i64, &str, &str) {
    (
        page.front.weight.unwrap_or(i64::MAX),
        &page.title,
        &page.path,
    )
}

/// `pilotage_fca` → `Pilotage fca`: a readable title for a folder without `index.md`.
pub fn humanize(name: &str) -> String {
    let spaced = name.replace(['_', '-'], " ");
    let mut chars = spaced.trim().chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn humanize_table() {
        for (name, want) in [
            ("pilotage_fca", "Pilotage fca"),
            ("étapes-clés", "Étapes clés"),
            ("", ""),
        ] {
            assert_eq!(humanize(name), want);
        }
    }
}
