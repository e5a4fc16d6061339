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
use std::sync::LazyLock;

/// A version ending a window of text, with what may join it to a CGU name before it:
/// `, v1.2`, ` V1.2`, ` version 1.2`, ` 1.2`.
static VERSION_AT_END: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)[\s\u{a0}]*,?[\s\u{a0}]*(?:v|version[\s\u{a0}]*)?(\d+(?:\.\d+)+)$").unwrap()
});

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
    /// The aliases by their last word (lower case), longest first, with their document:
    /// a mention is found from its version number backwards, whatever the number of aliases.
    by_last_word: HashMap<String, Vec<(&'r str, &'r Document)>>,
    /// Bytes before a version number in which its document's name may stand.
    window: usize,
    by_file: HashMap<&'r str, (&'r Document, &'r Version)>,
    /// The file names of `by_file`, to skip most links without looking them up.
    file_names: HashSet<&'r str>,
}

impl<'r> Scanner<'r> {
    pub fn new(registry: &'r Registry) -> Self {
        let mut by_last_word: HashMap<String, Vec<(&str, &Document)>> = HashMap::new();
        for doc in &registry.documents {
            for alias in &doc.aliases {
                let Some(last) = alias.split_whitespace().next_back() else {
                    continue;
                };
                by_last_word
                    .entry(normalize(last))
                    .or_default()
                    .push((alias.trim(), doc));
            }
        }
        for aliases in by_last_word.values_mut() {
            aliases.sort_by_key(|(a, _)| std::cmp::Reverse(a.chars().count()));
        }
        let aliases = registry.documents.iter().flat_map(|d| &d.aliases);
        let window = mention_window(aliases.map(String::as_str));
        let by_file = registry.by_file();
        let file_names = by_file
            .keys()
            .map(|f| f.rsplit('/').next().unwrap_or(f))
            .collect();
        Scanner {
            by_last_word,
            window,
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

    /// The mention ending at a version number in prose, if a CGU name stands before it:
    /// the longest alias that the text before the number ends with.
    fn mention(&self, numbered: &Numbered) -> Option<Mention<'r>> {
        if self.by_last_word.is_empty() {
            return None;
        }
        let mut start = numbered.text.len().saturating_sub(self.window);
        while !numbered.text.is_char_boundary(start) {
            start -= 1;
        }
        let window = &numbered.text[start..];
        let joined = VERSION_AT_END.captures(window)?;
        let number = joined.get(1)?;
        let before = &window[..joined.get(0)?.start()];
        let last_word = before.rsplit(char::is_whitespace).next()?;
        let candidates = self.by_last_word.get(&normalize(last_word))?;
        let (name_start, document) = candidates
            .iter()
            .find_map(|&(alias, doc)| Some((alias_start(before, alias)?, doc)))?;
        let at = numbered.at + start;
        Some(Mention {
            document,
            span: at + name_start..at + number.end(),
            version: at + number.start()..at + number.end(),
            text: window[name_start..number.end()].to_string(),
        })
    }

    /// The CGU diagnostics of one page (none on pages that cite old versions on purpose).
    pub fn check_page(&self, page: &Page) -> Vec<Diagnostic> {
        if (self.by_file.is_empty() && self.by_last_word.is_empty()) || page.front.cgu_history {
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
            cgu_links.push(link.span());
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
                    Diagnostic::new(Code::OutdatedCgu, &page.path, link.span(), message).with_hint(
                        format!(
                            "the current version, v{}, has no file in the registry",
                            current.version
                        ),
                    ),
                );
            };
            let new_dest = percent_encoding::utf8_percent_encode(
                &relative(&page.path, new_file),
                PATH_ESCAPES,
            )
            .to_string();
            let mut fix: Vec<Edit> = link
                .path_span()
                .map(|span| Edit {
                    span,
                    replacement: new_dest.clone(),
                })
                .into_iter()
                .collect();
            fix.extend(
                link.text_versions()
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
            let mut d = Diagnostic::new(Code::OutdatedCgu, &page.path, link.span(), message)
                .with_hint(format!("link to `{new_dest}` instead"));
            d.fix = fix;
            return Some(d);
        }
        let stated = link
            .text_versions()
            .iter()
            .map(|(_, v)| &**v)
            .find(|v| parse_version(v) != parse_version(&version.version))?;
        let message = format!(
            "the link text says v{stated} but the link points to {} v{}",
            doc.id, version.version
        );
        Some(
            Diagnostic::new(Code::CguLabelMismatch, &page.path, link.span(), message)
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

/// Where `text` ends with `alias`, read as a whole word: a space in the alias matches any
/// run of spaces (non-breaking ones too), either apostrophe matches, case is ignored.
fn alias_start(text: &str, alias: &str) -> Option<usize> {
    let mut rest = text.char_indices().rev().peekable();
    let mut wanted = alias.chars().rev().peekable();
    let mut start = text.len();
    while let Some(a) = wanted.next() {
        if a.is_whitespace() {
            while wanted.next_if(|c| c.is_whitespace()).is_some() {}
            let mut spaces = 0;
            while let Some((i, _)) = rest.next_if(|(_, c)| c.is_whitespace()) {
                start = i;
                spaces += 1;
            }
            if spaces == 0 {
                return None;
            }
            continue;
        }
        let (i, t) = rest.next()?;
        let apostrophes = ['\'', '’'];
        let same = t == a
            || (apostrophes.contains(&t) && apostrophes.contains(&a))
            || t.to_lowercase().eq(a.to_lowercase());
        if !same {
            return None;
        }
        start = i;
    }
    let word_char = |c: char| c.is_alphanumeric() || c == '_';
    let joined = alias.starts_with(word_char) && text[..start].ends_with(word_char);
    (!joined).then_some(start)
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
