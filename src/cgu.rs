//! The CGU registry: the legal documents partners must accept, their versions (oldest
//! first, the last one current), the files that carry them and the names pages use for them.
//! Read from `faqsite.yaml` and validated, or inferred from the PDF names of the tree.

use crate::content::Site;
use crate::diagnostics::{Code, Diagnostic};
use crate::yaml;
use regex::Regex;
use serde_saphyr::Spanned;
use std::collections::HashMap;
use std::sync::LazyLock;

pub use crate::config::{CguDocument, CguVersion};

#[derive(Debug, Default)]
pub struct Registry {
    pub documents: Vec<Document>,
}

#[derive(Debug)]
pub struct Document {
    pub id: String,
    pub title: String,
    pub aliases: Vec<String>,
    /// Oldest first; the last is current.
    pub versions: Vec<Version>,
}

#[derive(Debug)]
pub struct Version {
    pub version: String,
    pub date: String,
    /// Content-relative path of the file carrying this version.
    pub file: Option<String>,
    pub changes: Option<String>,
}

impl Document {
    /// A document titled by its id, whose versions share one date and carry the file
    /// `file(version)`: the registry tests and fuzz targets build.
    pub fn sketch(
        id: &str,
        aliases: &[&str],
        versions: &[&str],
        file: impl Fn(&str) -> String,
    ) -> Document {
        Document {
            id: id.into(),
            title: id.into(),
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            versions: versions
                .iter()
                .map(|v| Version {
                    version: v.to_string(),
                    date: "2022-06-10".into(),
                    file: Some(file(v)),
                    changes: None,
                })
                .collect(),
        }
    }

    pub fn current(&self) -> &Version {
        self.versions
            .last()
            .expect("validated: a document has versions")
    }

    pub fn find(&self, version: &str) -> Option<&Version> {
        let wanted = parse_version(version)?;
        self.versions
            .iter()
            .find(|v| parse_version(&v.version).as_ref() == Some(&wanted))
    }
}

impl Registry {
    /// The document and version a content-relative file carries, if any.
    pub fn by_file(&self) -> HashMap<&str, (&Document, &Version)> {
        let mut map = HashMap::new();
        for doc in &self.documents {
            for v in &doc.versions {
                if let Some(file) = &v.file {
                    map.insert(file.as_str(), (doc, v));
                }
            }
        }
        map
    }

    /// The registry of `faqsite.yaml`, checked against the site: versions in order, files
    /// present, ids and aliases unique. Problems are config diagnostics at their line.
    pub fn from_config(
        docs: &[CguDocument],
        config_text: &str,
        site: &Site,
    ) -> (Registry, Vec<Diagnostic>) {
        let mut diags = Vec::new();
        let at = |s: &Spanned<String>| yaml::value_span(config_text, 0, s.referenced);
        let mut err = |s: &Spanned<String>, message: String, hint: &str| {
            diags.push(
                Diagnostic::new(Code::Config, crate::config::CONFIG_FILE, at(s), message)
                    .with_hint(hint),
            );
        };
        let mut ids: HashMap<String, ()> = HashMap::new();
        let mut aliases: HashMap<String, String> = HashMap::new();
        let mut documents = Vec::new();
        for doc in docs {
            if ids.insert(doc.id.value.clone(), ()).is_some() {
                err(
                    &doc.id,
                    format!("duplicate CGU id `{}`", doc.id.value),
                    "give each document its own id",
                );
            }
            for alias in &doc.aliases {
                let key = alias.value.to_lowercase();
                if let Some(other) = aliases.insert(key, doc.id.value.clone()) {
                    err(
                        alias,
                        format!("alias `{}` is already used by `{other}`", alias.value),
                        "an alias must name one document",
                    );
                }
            }
            if doc.versions.is_empty() {
                err(
                    &doc.id,
                    format!("CGU `{}` has no versions", doc.id.value),
                    "list its versions, oldest first",
                );
                continue;
            }
            let mut previous: Option<(Vec<u32>, &str)> = None;
            for v in &doc.versions {
                let Some(number) = parse_version(&v.version.value) else {
                    err(
                        &v.version,
                        format!("`{}` is not a version number", v.version.value),
                        "write versions as \"1.2\"",
                    );
                    continue;
                };
                if let Some((prev, prev_text)) = &previous {
                    if number <= *prev {
                        err(
                            &v.version,
                            format!("version {} comes after {prev_text}", v.version.value),
                            "list versions oldest first; the last one is current",
                        );
                    }
                }
                if !is_date(&v.date.value) {
                    err(
                        &v.date,
                        format!("`{}` is not a date", v.date.value),
                        "write dates as YYYY-MM-DD",
                    );
                }
                if let Some(file) = &v.file {
                    if site.page(&file.value).is_none() && site.asset(&file.value).is_none() {
                        err(
                            file,
                            format!("`{}` does not exist in the content folder", file.value),
                            "`file` is relative to the content folder",
                        );
                    }
                }
                previous = Some((number, &v.version.value));
            }
            documents.push(Document {
                id: doc.id.value.clone(),
                title: doc.title.clone(),
                aliases: doc.aliases.iter().map(|a| a.value.clone()).collect(),
                versions: doc
                    .versions
                    .iter()
                    .map(|v| Version {
                        version: v.version.value.clone(),
                        date: v.date.value.clone(),
                        file: v.file.as_ref().map(|f| f.value.clone()),
                        changes: v.changes.clone(),
                    })
                    .collect(),
            });
        }
        (Registry { documents }, diags)
    }

    /// Without a registry: documents from PDF names `…-vMAJOR.MINOR.pdf`, grouped by the name
    /// without its leading date and version, so that links to old files are still flagged.
    pub fn infer(site: &Site) -> Registry {
        static VERSIONED: LazyLock<Regex> =
            LazyLock::new(|| Regex::new(r"^(?:(\d{8})-)?(.+)-[vV](\d+(?:\.\d+)+)\.pdf$").unwrap());
        let mut groups: HashMap<String, Vec<(Vec<u32>, Version)>> = HashMap::new();
        for asset in site.assets() {
            let asset = &asset.path;
            let (dir, name) = asset.rsplit_once('/').unwrap_or(("", asset));
            let Some(c) = VERSIONED.captures(name) else {
                continue;
            };
            let number = parse_version(&c[3]).unwrap_or_default();
            let version = Version {
                version: c[3].to_string(),
                date: c.get(1).map_or("", |m| m.as_str()).to_string(),
                file: Some(asset.clone()),
                changes: None,
            };
            groups
                .entry(format!("{dir}/{}", &c[2]))
                .or_default()
                .push((number, version));
        }
        let mut documents: Vec<Document> = groups
            .into_iter()
            .filter(|(_, versions)| versions.len() > 1)
            .map(|(id, mut versions)| {
                versions.sort_by(|a, b| a.0.cmp(&b.0));
                let title = id.rsplit('/').next().unwrap_or(&id).to_string();
                Document {
                    id,
                    title,
                    aliases: Vec::new(),
                    versions: versions.into_iter().map(|(_, v)| v).collect(),
                }
            })
            .collect();
        documents.sort_by(|a, b| a.id.cmp(&b.id));
        Registry { documents }
    }
}

/// `1.2` → `[1, 2]`; also `v1.2` and `V1.2`. At least two parts.
pub fn parse_version(text: &str) -> Option<Vec<u32>> {
    let text = text.trim().trim_start_matches(['v', 'V']);
    let parts: Option<Vec<u32>> = text.split('.').map(|p| p.parse().ok()).collect();
    parts.filter(|p| p.len() >= 2)
}

fn is_date(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && text
            .chars()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_parsing() {
        let table = [
            ("1.2", Some(vec![1, 2])),
            ("v1.3", Some(vec![1, 3])),
            ("V1.10", Some(vec![1, 10])),
            ("1.2.3", Some(vec![1, 2, 3])),
            ("1", None),
            ("1.x", None),
            ("", None),
        ];
        for (text, want) in table {
            assert_eq!(parse_version(text), want, "{text}");
        }
        assert!(parse_version("1.10") > parse_version("1.9"));
    }

    /// Found by fuzzing (`fuzz/regressions/config`): after a lone `\r` in a value (a line
    /// break to YAML), the problems that followed pointed past the end of the file.
    #[test]
    fn registry_problems_point_at_their_values() {
        let text =
            "cgu:\n  - id: a\n    title: A\n    versions:\n      - version: \"1.0\"\n        \
                    date: \"2\ri\"\n      - version: '0.9'\n        date: \"28/\"\n";
        let config = crate::config::parse_text(text).unwrap();
        let site = Site::new("content".into());
        let (_, diags) = Registry::from_config(&config.cgu, text, &site);
        let spans: Vec<_> = diags.iter().map(|d| text.get(d.span.clone())).collect();
        assert_eq!(spans, [Some("2\ri"), Some("0.9"), Some("28/")]);
    }
}
