//! Navigation, computed once from the model: one section per folder holding pages (with its
//! ancestors), each section's pages and sub-sections in the author's order (`order.rs`),
//! previous / next along a depth-first walk of that ordered tree, breadcrumbs, and each
//! section's side menu rendered once to HTML and shared by all of its pages. Backlinks come
//! from the model's link graph. Each `SUMMARY.md` / `summary.md` (the root's first) orders the
//! tree but is not part of it: no menu, previous/next or backlinks block lists them.

mod order;

pub use order::{ordering_links, SortKey};

use crate::content::{Page, PageId, Site};
use crate::html::escape;
use crate::paths::{html_path, parent, relative};
use order::Mentions;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Above this many top-level sections the side menu links to the home page instead of
/// listing them all: a menu must not grow with the site.
const MAX_MENU_SECTIONS: usize = 20;

/// An item of a section: one of its pages, or a sub-section (by number).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Entry {
    Page(PageId),
    Section(usize),
}

pub struct Section {
    /// Content-relative folder without trailing `/` (`""` is the root).
    pub dir: String,
    pub title: String,
    /// The folder's page (`index.md`, else `README.md`), if it has one.
    pub index: Option<PageId>,
    /// The folder's other pages and its sub-sections, in the author's order (`order.rs`).
    pub entries: Vec<Entry>,
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

    /// The sub-sections, in order.
    pub fn children(&self) -> impl Iterator<Item = usize> + '_ {
        self.entries.iter().filter_map(|e| match *e {
            Entry::Section(c) => Some(c),
            Entry::Page(_) => None,
        })
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
    /// By page id: its section, and its place in `walk` (`None` for a summary).
    place: Vec<(usize, Option<usize>)>,
    /// Every page but the summaries, depth first along the ordered tree: each section's
    /// page, then its entries, a sub-section's whole walk at its place.
    walk: Vec<PageId>,
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
        // A parent folder sorts before its sub-folders, so it has the smaller number.
        let mut sections: Vec<Section> = dirs
            .iter()
            .map(|&dir| Section {
                dir: dir.to_string(),
                title: String::new(),
                index: None,
                entries: Vec::new(),
                parent: (!dir.is_empty()).then(|| by_dir[parent(dir)]),
            })
            .collect();
        let mut place = vec![(0, None); site.id_bound()];
        for page in site.pages() {
            let s = by_dir[parent(&page.path)];
            place[page.id.index()].0 = s;
            if site.folder_of_page(page).is_some() {
                sections[s].index = Some(page.id);
            } else if !site.is_summary(page) {
                sections[s].entries.push(Entry::Page(page.id));
            }
        }
        for s in &mut sections {
            s.title = match (s.index, s.dir.as_str()) {
                (Some(i), _) => site.get(i).title.clone(),
                (None, "") => site_title.to_string(),
                (None, dir) => titles.get(dir).cloned().unwrap_or_else(|| {
                    crate::paths::humanize(dir.rsplit('/').next().unwrap_or(dir))
                }),
            };
        }
        for i in 1..sections.len() {
            if let Some(p) = sections[i].parent {
                sections[p].entries.push(Entry::Section(i));
            }
        }
        // The page that orders each folder: its own, else the nearest enclosing folder's.
        let mut orderer: Vec<Option<PageId>> = Vec::with_capacity(sections.len());
        for s in &sections {
            let up = s.parent.and_then(|p| orderer[p]);
            orderer.push(s.index.or(up));
        }
        let mentions = Mentions::new(site);
        for i in 0..sections.len() {
            let mut entries = std::mem::take(&mut sections[i].entries);
            entries.sort_by_cached_key(|&e| {
                let (weight, kind, title, path) = match e {
                    Entry::Section(c) => {
                        let sec = &sections[c];
                        let weight = sec.index.and_then(|p| site.get(p).front.weight);
                        (weight, 0, sec.title.as_str(), sec.dir.as_str())
                    }
                    Entry::Page(p) => {
                        let page = site.get(p);
                        (
                            page.front.weight,
                            1,
                            page.title.as_str(),
                            page.path.as_str(),
                        )
                    }
                };
                (
                    // Pages with a weight first, by weight; the others after.
                    weight.unwrap_or(i64::MAX),
                    mentions.rank(orderer[i], path),
                    kind,
                    SortKey::of(title),
                    title,
                    path,
                )
            });
            sections[i].entries = entries;
        }
        let walk = walk(&sections);
        for (pos, &p) in walk.iter().enumerate() {
            place[p.index()].1 = Some(pos);
        }
        let mut nav = Nav {
            sections,
            place,
            walk,
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
        let menu = &self.menus[section];
        let needle = format!("href=\"{current}\"");
        let Some(at) = memchr::memmem::find(menu.as_bytes(), needle.as_bytes()) else {
            return menu.clone();
        };
        let end = at + needle.len();
        const CURRENT: &str = " aria-current=\"page\"";
        let mut out = String::with_capacity(menu.len() + CURRENT.len());
        out.push_str(&menu[..end]);
        out.push_str(CURRENT);
        out.push_str(&menu[end..]);
        out
    }

    /// Home › sections… down to (not including) the page at `from`, titled `current`, which
    /// is in `section`. A title never shows twice in a row: of two crumbs with one title (a
    /// space whose home is titled « Accueil » under the site's « Accueil »), the deeper
    /// stays, and a last crumb titled as the page itself goes.
    pub fn breadcrumbs(
        &self,
        from: &str,
        section: usize,
        is_index: bool,
        current: &str,
    ) -> Vec<NavLink> {
        let mut chain = Vec::new();
        let mut s = match is_index {
            true => self.sections[section].parent,
            false => Some(section),
        };
        while let Some(i) = s {
            let sec = &self.sections[i];
            let title = match i {
                0 => "Accueil",
                _ => &sec.title,
            };
            // Built from the page up: an equal title met just before was deeper.
            let deeper = chain.last().map_or(current, |c: &NavLink| c.title.as_str());
            if title != deeper {
                chain.push(NavLink {
                    title: title.to_string(),
                    url: relative(from, &html_path(&sec.index_path())),
                });
            }
            s = sec.parent;
        }
        chain.reverse();
        chain
    }

    /// The pages before and after `page` in the walk of the ordered tree (none for a
    /// summary, which is not part of it).
    pub fn prev_next(&self, site: &Site, page: PageId) -> (Option<NavLink>, Option<NavLink>) {
        let Some(pos) = self.place[page.index()].1 else {
            return (None, None);
        };
        let from = &site.get(page).path;
        let link = |i: PageId| link_to(site, from, site.get(i));
        (
            pos.checked_sub(1).map(|q| link(self.walk[q])),
            self.walk.get(pos + 1).map(|&i| link(i)),
        )
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
        for &entry in &sec.entries {
            let (url, title, class) = match entry {
                Entry::Section(c) => {
                    let child = &self.sections[c];
                    let url = relative(&from, &html_path(&child.index_path()));
                    (url, &child.title, " class=\"side-menu__section\"")
                }
                Entry::Page(p) => {
                    let page = site.get(p);
                    (relative(&from, &site.output_path(page)), &page.title, "")
                }
            };
            out += &format!(
                "<li{class}><a href=\"{}\">{}</a></li>\n",
                escape(&url),
                escape(title)
            );
        }
        out += "</ul>\n";
        let top: Vec<usize> = self.sections[0].children().collect();
        if s != 0 && top.len() <= MAX_MENU_SECTIONS {
            out += "<p class=\"side-menu__title\">Toutes les rubriques</p>\n<ul>\n";
            for c in top {
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

/// The pages along the ordered tree, depth first: a section's page, then its entries.
fn walk(sections: &[Section]) -> Vec<PageId> {
    let mut walk: Vec<PageId> = sections[0].index.into_iter().collect();
    let mut stack = vec![sections[0].entries.iter()];
    while let Some(entries) = stack.last_mut() {
        match entries.next() {
            None => {
                stack.pop();
            }
            Some(&Entry::Page(p)) => walk.push(p),
            Some(&Entry::Section(c)) => {
                walk.extend(sections[c].index);
                stack.push(sections[c].entries.iter());
            }
        }
    }
    walk
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A site as (path, text) pairs, for `Site::from_texts`.
    type Pages = &'static [(&'static str, &'static str)];

    fn nav_of(site: &Site) -> Nav {
        Nav::build(site, "Site", &BTreeMap::new())
    }

    /// The titles of the entries of folder `dir`, in menu order.
    fn menu_titles(site: &Site, nav: &Nav, dir: &str) -> Vec<String> {
        let sec = nav
            .sections
            .iter()
            .find(|s| s.dir == dir)
            .expect("a section");
        sec.entries
            .iter()
            .map(|&e| match e {
                Entry::Section(c) => format!("{}/", nav.sections[c].title),
                Entry::Page(p) => site.get(p).title.clone(),
            })
            .collect()
    }

    #[test]
    fn folder_order_table() {
        // (pages, folder, its entries in order: sub-sections end with `/`)
        let table: [(Pages, &str, &[&str]); 9] = [
            // The folder's page orders its pages and sub-folders, against alphabetical
            // order; what it does not link to follows, sub-folders first, in French order.
            (
                &[
                    ("README.md", "# Accueil\n[C](c.md) [A](a.md#x) [Sub](sub/) [A](a.md)"),
                    ("a.md", "# A"),
                    ("b.md", "# B"),
                    ("c.md", "# C"),
                    ("d.md", "# D"),
                    ("sub/x.md", "# X"),
                    ("zed/y.md", "# Y"),
                ],
                "",
                &["C", "A", "Sub/", "Zed/", "B", "D"],
            ),
            // A link to a sub-folder's README, or to a page deeper in it, places the folder.
            (
                &[
                    ("index.md", "# Accueil\n[2](deux/README.md) [1](un/profond/p.md)"),
                    ("un/README.md", "# Un"),
                    ("un/profond/p.md", "# P"),
                    ("deux/README.md", "# Deux"),
                ],
                "",
                &["Deux/", "Un/"],
            ),
            // `weight` wins where set; reference links and raw HTML count where written.
            (
                &[
                    ("index.md", "# Accueil\n<a href=\"b.md\">b</a> [a][a]\n\n[a]: a.md\n"),
                    ("a.md", "# A"),
                    ("b.md", "# B"),
                    ("c.md", "---\nweight: 2\n---\n# C"),
                    ("d.md", "---\nweight: 1\n---\n# D"),
                ],
                "",
                &["D", "C", "B", "A"],
            ),
            // French order for the pages no page links to.
            (
                &[
                    ("index.md", "# Accueil"),
                    ("sso.md", "# SSO"),
                    ("elig.md", "# Éligibilité"),
                    ("start.md", "# 🚀 Démarrer"),
                    ("ten.md", "# 10. Bar"),
                    ("two.md", "# 2. Foo"),
                    ("cap.md", "# cas"),
                    ("zz.md", "# Ça"),
                ],
                "",
                &["2. Foo", "10. Bar", "Ça", "cas", "🚀 Démarrer", "Éligibilité", "SSO"],
            ),
            // A folder without a page of its own follows the nearest enclosing folder's page.
            (
                &[
                    ("README.md", "# Accueil\n[z](guide/z.md) [a](guide/a.md)"),
                    ("guide/a.md", "# A"),
                    ("guide/z.md", "# Z"),
                    ("guide/m.md", "# M"),
                ],
                "guide",
                &["Z", "A", "M"],
            ),
            // ...but a folder's own page orders it, not its parent's.
            (
                &[
                    ("README.md", "# Accueil\n[z](guide/z.md) [a](guide/a.md)"),
                    ("guide/README.md", "# Guide\n[a](a.md) [z](z.md)"),
                    ("guide/a.md", "# A"),
                    ("guide/z.md", "# Z"),
                ],
                "guide",
                &["A", "Z"],
            ),
            // SUMMARY.md orders the tree, nesting included, before the folders' pages; it
            // and summary.md are no entries.
            (
                &[
                    ("README.md", "# Accueil\n[a](a.md) [b](b.md)"),
                    ("SUMMARY.md", "# Table of contents\n* [B](b.md)\n* [G](guide/README.md)\n  * [Y](guide/y.md)\n  * [X](guide/x.md)\n* [A](a.md)"),
                    ("summary.md", "# Table of contents\n* [C](c.md)\n* [A](a.md)"),
                    ("a.md", "# A"),
                    ("b.md", "# B"),
                    ("c.md", "# C"),
                    ("guide/README.md", "# Guide\n[x](x.md) [y](y.md)"),
                    ("guide/x.md", "# X"),
                    ("guide/y.md", "# Y"),
                ],
                "",
                &["B", "Guide/", "A", "C"],
            ),
            (
                &[
                    ("SUMMARY.md", "* [Y](guide/y.md)\n* [X](guide/x.md)"),
                    ("guide/README.md", "# Guide\n[x](x.md) [y](y.md)"),
                    ("guide/x.md", "# X"),
                    ("guide/y.md", "# Y"),
                ],
                "guide",
                &["Y", "X"],
            ),
            // Links to assets, missing pages and other folders place nothing.
            (
                &[
                    ("index.md", "# Accueil\n[pdf](b/doc.pdf) [absent](b/absent.md) [ailleurs](../x.md) [z](z.md)"),
                    ("a.md", "# A"),
                    ("z.md", "# Z"),
                    ("b/p.md", "# P"),
                ],
                "",
                &["Z", "B/", "A"],
            ),
        ];
        for (pages, dir, want) in table {
            let site = Site::from_texts(pages);
            let nav = nav_of(&site);
            assert_eq!(menu_titles(&site, &nav, dir), want, "{pages:?}");
        }
    }

    #[test]
    fn previous_next_walk_the_ordered_tree_depth_first() {
        let site = Site::from_texts(&[
            (
                "README.md",
                "# Accueil\n[z](z.md) [guide](guide/) [a](a.md)",
            ),
            ("SUMMARY.md", "# Table of contents\n[a](a.md)"),
            ("a.md", "# A"),
            ("z.md", "# Z"),
            ("guide/README.md", "# Guide\n[y](y.md)"),
            ("guide/x.md", "# X"),
            ("guide/y.md", "# Y"),
            ("vide/p.md", "# P"),
        ]);
        let nav = nav_of(&site);
        let titles: Vec<&str> = nav
            .walk
            .iter()
            .map(|&p| site.get(p).title.as_str())
            .collect();
        // SUMMARY.md puts A first; the home page puts Z before the guide; the folder
        // without a page (`vide`) is not a stop, its page is.
        assert_eq!(titles, ["Accueil", "A", "Z", "Guide", "Y", "X", "P"]);
        let pn = |path: &str| {
            let (prev, next) = nav.prev_next(&site, site.page_id(path).unwrap());
            (prev.map(|l| l.url), next.map(|l| l.url))
        };
        assert_eq!(pn("README.md"), (None, Some("a.html".into())));
        assert_eq!(
            pn("z.md"),
            (Some("a.html".into()), Some("guide/index.html".into()))
        );
        assert_eq!(
            pn("guide/x.md"),
            (Some("y.html".into()), Some("../vide/p.html".into()))
        );
        assert_eq!(pn("vide/p.md"), (Some("../guide/x.html".into()), None));
        assert_eq!(pn("SUMMARY.md"), (None, None));
    }

    #[test]
    fn breadcrumbs_never_repeat_a_title_table() {
        // (pages, page, its crumbs)
        let table: [(Pages, &str, &[&str]); 5] = [
            (
                &[("espace/README.md", "# Accueil")],
                "espace/README.md",
                &[],
            ),
            (
                &[("espace/README.md", "# Accueil"), ("espace/p.md", "# P")],
                "espace/p.md",
                &["Accueil index.html"],
            ),
            (
                &[
                    ("espace/guide/README.md", "# Guide"),
                    ("espace/guide/guide.md", "# Guide"),
                ],
                "espace/guide/guide.md",
                &["Accueil ../../index.html", "Espace ../index.html"],
            ),
            (
                &[
                    ("espace/README.md", "# Espace"),
                    ("espace/p.md", "# Accueil"),
                ],
                "espace/p.md",
                &["Accueil ../index.html", "Espace index.html"],
            ),
            (
                &[
                    ("a/README.md", "# A"),
                    ("a/b/README.md", "# A"),
                    ("a/b/p.md", "# P"),
                ],
                "a/b/p.md",
                &["Accueil ../../index.html", "A index.html"],
            ),
        ];
        for (pages, path, want) in table {
            let site = Site::from_texts(pages);
            let nav = nav_of(&site);
            let page = site.page(path).unwrap();
            let section = nav.section_of(page.id);
            let is_index = nav.sections[section].index == Some(page.id);
            let crumbs: Vec<String> = nav
                .breadcrumbs(&page.path, section, is_index, &page.title)
                .into_iter()
                .map(|c| format!("{} {}", c.title, c.url))
                .collect();
            assert_eq!(crumbs, want, "{path}");
        }
    }

    #[test]
    fn humanize_table() {
        for (name, want) in [
            ("pilotage_fca", "Pilotage fca"),
            ("étapes-clés", "Étapes clés"),
            ("", ""),
        ] {
            assert_eq!(crate::paths::humanize(name), want);
        }
    }
}
