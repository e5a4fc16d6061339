//! The history of the CGU registry as HTML, for pages with `cgu_history: true`: one table
//! per document, versions newest first, with date, changes and file; the current one marked.

use crate::cgu::Registry;
use crate::html::escape;
use crate::paths::{relative, PATH_ESCAPES};
use percent_encoding::utf8_percent_encode;

const MONTHS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

/// The history tables, with file links relative to the page at `page_path`.
pub fn history_html(registry: &Registry, page_path: &str) -> String {
    let mut html = String::from(
        "<section class=\"cgu-history\" aria-labelledby=\"historique-des-versions\">\n",
    );
    html.push_str("<h2 id=\"historique-des-versions\">Historique des versions</h2>\n");
    for doc in &registry.documents {
        html.push_str(&format!(
            "<table>\n<caption>{}</caption>\n<thead><tr><th scope=\"col\">Version</th><th scope=\"col\">Date</th>\
             <th scope=\"col\">Modifications</th><th scope=\"col\">Document</th></tr></thead>\n<tbody>\n",
            escape(&doc.title)
        ));
        let last = doc.versions.len().saturating_sub(1);
        for (i, v) in doc.versions.iter().enumerate().rev() {
            let current = if i == last {
                " <strong class=\"cgu-history__current\">(en vigueur)</strong>"
            } else {
                ""
            };
            let file = v.file.as_ref().map_or(String::from("—"), |f| {
                let href = utf8_percent_encode(&relative(page_path, f), PATH_ESCAPES).to_string();
                format!(
                    "<a href=\"{}\">version {} (PDF)</a>",
                    escape(&href),
                    escape(&v.version)
                )
            });
            html.push_str(&format!(
                "<tr><th scope=\"row\">{}{current}</th><td>{}</td><td>{}</td><td>{file}</td></tr>\n",
                escape(&v.version),
                french_date(&v.date),
                escape(v.changes.as_deref().unwrap_or("—"))
            ));
        }
        html.push_str("</tbody>\n</table>\n");
    }
    html.push_str("</section>\n");
    html
}

/// `2022-06-10` → `10 juin 2022`; anything else as written.
fn french_date(date: &str) -> String {
    let parts: Vec<&str> = date.split('-').collect();
    match parts.as_slice() {
        [y, m, d] => match (m.parse::<usize>(), d.parse::<u32>()) {
            (Ok(m @ 1..=12), Ok(d)) => format!(
                "{} {} {y}",
                if d == 1 {
                    "1er".to_string()
                } else {
                    d.to_string()
                },
                MONTHS[m - 1]
            ),
            _ => escape(date),
        },
        _ => escape(date),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cgu::{Document, Version};

    #[test]
    fn newest_first_with_the_current_marked() {
        let version = |v: &str, date: &str| Version {
            version: v.into(),
            date: date.into(),
            file: Some(format!("cgu_fca/Annexe CGU FS-v{v}.pdf")),
            changes: Some("DataPass".into()),
        };
        let registry = Registry {
            documents: vec![Document {
                id: "annexe".into(),
                title: "Annexe des CGU".into(),
                aliases: vec![],
                versions: vec![version("1.2", "2022-02-10"), version("1.3", "2022-06-01")],
            }],
        };
        let html = history_html(&registry, "cgu_fca/index.md");
        let newest = html.find(">1.3").unwrap();
        assert!(newest < html.find(">1.2").unwrap());
        assert!(html.contains("1.3 <strong class=\"cgu-history__current\">(en vigueur)</strong>"));
        assert!(html.contains("<td>1er juin 2022</td>"));
        assert!(html.contains("href=\"Annexe%20CGU%20FS-v1.2.pdf\""));
    }
}
