//! `outdated-cgu`, `unknown-cgu-version`, `cgu-label-mismatch`: links to the file of a CGU
//! version that is not current, and mentions in the text of a CGU name followed by a version
//! ("CGU FS v1.1", "l'Annexe des CGU FS version 1.2"). The longest name wins, so the annex
//! is never read as the CGU. Each outdated reference carries the edit that fixes it.

use crate::cgu::{parse_version, Document, Registry, Version};
use crate::content::{Link, Numbered, Page, Target};
use crate::diagnostics::{Code, Diagnostic, Edit};
use crate::markdown::versions::numbers_in;
use crate::paths::{relative, PATH_ESCAPES};
use regex::Regex;
use std::collections::{HashMap, HashSet};
use std::ops::Range;

/// A version written after a CGU name: `v1.2`, `V1.2`, `version 1.2`, `1.2`.
const VERSION: &str = r"(?:[vV]|[vV]ersion[\s\u{a0}]*)?(\d+(?:\.\d+)+)\b";

/// Bytes of prose the load stage keeps before each version number for these aliases: the
/// longest name and some room for the words between it and the number (0 without aliases).
pub fn mention_window<'a>(aliases: impl IntoIterator<Item = &'a str>) -> usize {
    aliases.into_iter().map(|a| a.len() + 40).max().unwrap_or(0)
}

/// A mention of a CGU document in text.
pub struct Mention<'r> {
    pub document: &'r Document,
    /// The whole mention, from the first character of the name.
    pub span: Range<usize>,
    /// The version number alone.
    pub version: Range<usize>,
    /// The text of `span`.
    pub text: String,
}

pub struct Scanner<'r> {
    mentions: Option<Regex>,
    /// Bytes before a version number in which its document's name may stand.
    window: usize,
    by_alias: HashMap<String, &'r Document>,
    by_file: HashMap<&'r str, (&'r Document, &'r Version)>,
    /// The file names of `by_file`, to skip most links without looking them up.
    file_names: HashSet<&'r str>,
}

impl<'r> Scanner<'r> {
    pub fn new(registry: &'r Registry) -> Self {
        let mut by_alias = HashMap::new();
        for doc in &registry.documents {
            for alias in &doc.aliases {
                by_alias.insert(normalize(alias), doc);
            }
        }
        let mut aliases: Vec<&String> =
            registry.documents.iter().flat_map(|d| &d.aliases).collect();
        aliases.sort_by_key(|a| std::cmp::Reverse(a.chars().count()));
        let pattern: Vec<String> = aliases.iter().map(|a| alias_pattern(a)).collect();
        let mentions = (!pattern.is_empty()).then(|| {
            Regex::new(&format!(
                r"(?i)\b({})[\s\u{{a0}}]*,?[\s\u{{a0}}]*{VERSION}",
                pattern.join("|")
            ))
            .unwrap()
        });
        let window = mention_window(aliases.iter().map(|a| a.as_str()));
        let by_file = registry.by_file();
        let file_names = by_file
            .keys()
            .map(|f| f.rsplit('/').next().unwrap_or(f))
            .collect();
        Scanner {
            mentions,
            window,
            by_alias,
            file_names,
            by_file,
        }
    }

    /// Every mention of a known CGU name followed by a version in `text`, offsets from `base`.
    pub fn mentions(&self, text: &str, base: usize) -> Vec<Mention<'r>> {
        numbers_in(text, 0..text.len(), self.window)
            .iter()
            .filter_map(|n| self.mention(n))
            .map(|m| Mention {
                span: base + m.span.start..base + m.span.end,
                version: base + m.version.start..base + m.version.end,
                ..m
            })
            .collect()
    }

    /// The mention ending at a version number in prose, if a CGU name stands before it.
    fn mention(&self, numbered: &Numbered) -> Option<Mention<'r>> {
        let re = self.mentions.as_ref()?;
        let mut start = numbered.text.len().saturating_sub(self.window);
        while !numbered.text.is_char_boundary(start) {
            start -= 1;
        }
        let window = &numbered.text[start..];
        let c = re
            .captures_iter(window)
            .find(|c| c.get(2).is_some_and(|n| n.end() == window.len()))?;
        let (name, number) = (c.get(1)?, c.get(2)?);
        let &document = self.by_alias.get(&normalize(name.as_str()))?;
        let at = numbered.at + start;
        Some(Mention {
            document,
            span: at + name.start()..at + number.end(),
            version: at + number.start()..at + number.end(),
            text: window[name.start()..number.end()].to_string(),
        })
    }

    /// The CGU diagnostics of one page (none on pages that cite old versions on purpose).
    pub fn check_page(&self, page: &Page) -> Vec<Diagnostic> {
        if (self.by_file.is_empty() && self.mentions.is_none()) || page.front.cgu_history {
            return Vec::new();
        }
        let mut diags = Vec::new();
        let mut cgu_links: Vec<Range<usize>> = Vec::new();
        for link in &page.links {
            let Target::Local { path, .. } = &link.target else {
                continue;
            };
            let name = path.rsplit('/').next().unwrap_or(path);
            if !self.file_names.contains(name) {
                continue;
            }
            let Some(&(doc, version)) = self.by_file.get(&**path) else {
                continue;
            };
            cgu_links.push(link.span.clone());
            diags.extend(self.link(page, link, doc, version));
        }
        for m in page.numbers.iter().filter_map(|n| self.mention(n)) {
            if !cgu_links.iter().any(|l| l.contains(&m.span.start)) {
                diags.extend(mention(page, &m));
            }
        }
        diags
    }

    fn link(
        &self,
        page: &Page,
        link: &Link,
        doc: &Document,
        version: &Version,
    ) -> Option<Diagnostic> {
        let current = doc.current();
        if !std::ptr::eq(version, current) {
            let Some(new_file) = &current.file else {
                let message = format!(
                    "link to {} v{}, which is outdated (current: v{})",
                    doc.id, version.version, current.version
                );
                return Some(
                    Diagnostic::new(Code::OutdatedCgu, &page.path, link.span.clone(), message)
                        .with_hint(format!(
                            "the current version, v{}, has no file in the registry",
                            current.version
                        )),
                );
            };
            let new_dest = percent_encoding::utf8_percent_encode(
                &relative(&page.path, new_file),
                PATH_ESCAPES,
            )
            .to_string();
            let written = link.written_path();
            let mut fix: Vec<Edit> = link
                .dest_span
                .as_ref()
                .map(|span| Edit {
                    span: span.start..span.start + written.len(),
                    replacement: new_dest.clone(),
                })
                .into_iter()
                .collect();
            fix.extend(
                link.text_versions
                    .iter()
                    .filter(|(_, v)| **v == *version.version)
                    .map(|(r, _)| Edit {
                        span: r.clone(),
                        replacement: current.version.clone(),
                    }),
            );
            let message = format!(
                "link to {} v{}, which is outdated (current: v{} of {})",
                doc.id, version.version, current.version, current.date
            );
            let mut d = Diagnostic::new(Code::OutdatedCgu, &page.path, link.span.clone(), message)
                .with_hint(format!("link to `{new_dest}` instead"));
            d.fix = fix;
            return Some(d);
        }
        let stated = link
            .text_versions
            .iter()
            .map(|(_, v)| &**v)
            .find(|v| parse_version(v) != parse_version(&version.version))?;
        let message = format!(
            "the link text says v{stated} but the link points to {} v{}",
            doc.id, version.version
        );
        Some(
            Diagnostic::new(
                Code::CguLabelMismatch,
                &page.path,
                link.span.clone(),
                message,
            )
            .with_hint(format!("make the text say v{}", version.version)),
        )
    }
}

fn mention(page: &Page, m: &Mention) -> Option<Diagnostic> {
    let name_len = m.version.start - m.span.start;
    let written = &m.text[name_len..];
    let mentioned = &m.text;
    let doc = m.document;
    let current = doc.current();
    let Some(version) = doc.find(written) else {
        let known: Vec<&str> = doc.versions.iter().map(|v| v.version.as_str()).collect();
        let message = format!(
            "`{mentioned}`: {} has no version {written} in the CGU registry (known: {})",
            doc.id,
            known.join(", ")
        );
        return Some(
            Diagnostic::new(Code::UnknownCguVersion, &page.path, m.span.clone(), message)
                .with_hint(format!("the current version is {}", current.version)),
        );
    };
    if std::ptr::eq(version, current) {
        return None;
    }
    let fixed = format!("{}{}", &m.text[..name_len], current.version);
    let message = format!(
        "mention of {} v{}, which is outdated (current: v{} of {})",
        doc.id, version.version, current.version, current.date
    );
    let mut d = Diagnostic::new(Code::OutdatedCgu, &page.path, m.span.clone(), message)
        .with_hint(format!("write `{fixed}`"));
    d.fix = vec![Edit {
        span: m.version.clone(),
        replacement: current.version.clone(),
    }];
    Some(d)
}

/// An alias as a pattern: any run of spaces matches spaces or non-breaking spaces, and
/// either apostrophe matches.
fn alias_pattern(alias: &str) -> String {
    alias
        .split_whitespace()
        .map(|word| regex::escape(word).replace(['\'', '’'], "['’]"))
        .collect::<Vec<_>>()
        .join(r"[\s\u{a0}]+")
}

fn normalize(name: &str) -> String {
    name.split(|c: char| c.is_whitespace())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
        .replace('’', "'")
        .to_lowercase()
}

#[cfg(test)]
mod tests;
