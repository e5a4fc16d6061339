//! `outdated-cgu`, `unknown-cgu-version`, `cgu-label-mismatch`: links to the file of a CGU
//! version that is not current, and mentions in the text of a CGU name followed by a version
//! ("CGU FS v1.1", "l'Annexe des CGU FS version 1.2"). The longest name wins, so the annex
//! is never read as the CGU. Each outdated reference carries the edit that fixes it.

use crate::cgu::{parse_version, Document, Registry, Version};
use crate::content::{Link, Page, Site};
use crate::diagnostics::{Code, Diagnostic, Edit, LineIndex};
use crate::paths::{classify, relative, resolve, Target, PATH_ESCAPES};
use rayon::prelude::*;
use regex::Regex;
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::LazyLock;

/// A version written after a CGU name or in a link label: `v1.2`, `V1.2`, `version 1.2`, `1.2`.
const VERSION: &str = r"(?:[vV]|[vV]ersion[\s\u{a0}]*)?(\d+(?:\.\d+)+)\b";
static LABEL_VERSION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:\b[vV]|\b[vV]ersion[\s\u{a0}]*)(\d+(?:\.\d+)+)\b").unwrap());

pub fn check(site: &Site, registry: &Registry) -> Vec<Diagnostic> {
    if registry.documents.is_empty() {
        return Vec::new();
    }
    let scanner = Scanner::new(registry);
    site.pages
        .par_iter()
        .filter(|p| !p.front.cgu_history)
        .flat_map_iter(|page| scanner.page(page))
        .collect()
}

/// A mention of a CGU document in text.
pub struct Mention<'r> {
    pub document: &'r Document,
    /// The whole mention, from the first character of the name.
    pub span: Range<usize>,
    /// The version number alone.
    pub version: Range<usize>,
}

pub struct Scanner<'r> {
    mentions: Option<Regex>,
    /// Bytes before a version number in which its document's name may stand.
    window: usize,
    by_alias: HashMap<String, &'r Document>,
    by_file: HashMap<&'r str, (&'r Document, &'r Version)>,
    /// The file names of `by_file`, to skip most links without resolving them.
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
        let window = aliases.first().map_or(0, |a| a.len()) + 40;
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
        let Some(re) = &self.mentions else {
            return Vec::new();
        };
        // A mention ends with a version number, which prose rarely holds: find the numbers
        // first (`1.2` around a dot), then match the names in a window just before each.
        let bytes = text.as_bytes();
        let digit_at = |i: usize| bytes.get(i).is_some_and(u8::is_ascii_digit);
        let mut found = Vec::new();
        let mut last_end = 0;
        for (dot, _) in text.match_indices('.') {
            if dot < last_end || dot == 0 || !digit_at(dot - 1) || !digit_at(dot + 1) {
                continue;
            }
            let mut end = dot + 1;
            while digit_at(end) || (bytes.get(end) == Some(&b'.') && digit_at(end + 1)) {
                end += 1;
            }
            last_end = end;
            let mut start = end.saturating_sub(self.window);
            while !text.is_char_boundary(start) {
                start -= 1;
            }
            let window = &text[start..end];
            let Some(c) = re
                .captures_iter(window)
                .find(|c| c.get(2).is_some_and(|n| n.end() == window.len()))
            else {
                continue;
            };
            let (name, number) = (c.get(1).unwrap(), c.get(2).unwrap());
            if let Some(&document) = self.by_alias.get(&normalize(name.as_str())) {
                let at = base + start;
                found.push(Mention {
                    document,
                    span: at + name.start()..at + number.end(),
                    version: at + number.start()..at + number.end(),
                });
            }
        }
        found
    }

    fn page(&self, page: &Page) -> Vec<Diagnostic> {
        let mut diags = Vec::new();
        let mut cgu_links: Vec<Range<usize>> = Vec::new();
        for link in &page.links {
            let Target::Local { path, .. } = classify(&link.dest) else {
                continue;
            };
            let name = path.rsplit('/').next().unwrap_or(path);
            if !self
                .file_names
                .contains(crate::paths::decode(name).as_ref())
            {
                continue;
            }
            let Some(&(doc, version)) = resolve(&page.path, path)
                .ok()
                .and_then(|p| self.by_file.get(p.as_str()))
            else {
                continue;
            };
            cgu_links.push(link.span.clone());
            diags.extend(self.link(page, link, path, doc, version));
        }
        // One pass over the page, keeping the mentions that lie within one prose range.
        for m in self.mentions(&page.source, 0) {
            let i = page.prose.partition_point(|r| r.start <= m.span.start);
            let in_prose = i > 0 && page.prose[i - 1].end >= m.span.end;
            if in_prose && !cgu_links.iter().any(|l| l.contains(&m.span.start)) {
                diags.extend(mention(page, &m));
            }
        }
        allowed(page, diags)
    }

    fn link(
        &self,
        page: &Page,
        link: &Link,
        path: &str,
        doc: &Document,
        version: &Version,
    ) -> Option<Diagnostic> {
        let current = doc.current();
        let source = &page.source;
        let label_versions: Vec<Range<usize>> = LABEL_VERSION
            .captures_iter(&source[link.span.clone()])
            .filter_map(|c| c.get(1))
            .map(|m| link.span.start + m.start()..link.span.start + m.end())
            .filter(|r| !source[link.span.clone()][..r.start - link.span.start].contains("]("))
            .collect();
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
            let mut fix: Vec<Edit> = dest_span(source, link, path)
                .map(|span| Edit {
                    span,
                    replacement: new_dest.clone(),
                })
                .into_iter()
                .collect();
            fix.extend(
                label_versions
                    .iter()
                    .filter(|r| source[(*r).clone()] == version.version)
                    .map(|r| Edit {
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
        let stated = label_versions
            .iter()
            .map(|r| &source[r.clone()])
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
    let written = &page.source[m.version.clone()];
    let mentioned = &page.source[m.span.clone()];
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
    let fixed = format!(
        "{}{}",
        &page.source[m.span.start..m.version.start],
        current.version
    );
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

/// Where the destination `path` is written: inside the link, or in its reference definition.
fn dest_span(source: &str, link: &Link, path: &str) -> Option<Range<usize>> {
    let inside = &source[link.span.clone()];
    if let Some(i) = inside.rfind(path) {
        return Some(link.span.start + i..link.span.start + i + path.len());
    }
    let definition = Regex::new(&format!(
        r"(?m)^[ ]{{0,3}}\[[^\]]+\]:[ \t]*<?({})",
        regex::escape(path)
    ))
    .ok()?;
    definition
        .captures(source)
        .and_then(|c| c.get(1))
        .map(|m| m.range())
}

/// Drops diagnostics on the line after (or of) an `<!-- faqsite: allow CODE -->` comment.
fn allowed(page: &Page, diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
    if page.allows.is_empty() || diags.is_empty() {
        return diags;
    }
    let index = LineIndex::new(&page.source);
    let allowed: HashSet<(usize, &str)> = page
        .allows
        .iter()
        .flat_map(|(offset, code)| {
            let line = index.line_of(*offset);
            [(line, code.as_str()), (line + 1, code.as_str())]
        })
        .collect();
    diags
        .into_iter()
        .filter(|d| !allowed.contains(&(index.line_of(d.span.start), d.code.as_str())))
        .collect()
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
