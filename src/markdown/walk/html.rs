//! Raw HTML met by the walk: its links (faqsite's own attributes and those only lychee-lib's
//! extractor finds), ids and allow comments, placed in the page's source.

use super::Walk;
use crate::markdown::{html_links, raw_html, Allow, LinkKind};
use pulldown_cmark::CowStr;
use std::ops::Range;

impl<'a> Walk<'a> {
    /// Records the links, ids and allow comments of raw HTML; returns it with links rewritten.
    pub(in crate::markdown) fn raw_html(
        &mut self,
        html: CowStr<'a>,
        range: Range<usize>,
    ) -> CowStr<'a> {
        let source = self.source;
        let at = |i: usize| source_offset(source, range.clone(), &html, i);
        if !self.html {
            let allows = raw_html::allows(&html)
                .into_iter()
                .map(|(comment, code)| Allow {
                    lines: lines_of(source, at(comment.start)),
                    span: at(comment.start)..at(comment.end),
                    code,
                });
            self.found.allows.extend(allows);
            let scripts = raw_html::scripts(&html).map(|r| at(r.start)..at(r.end));
            self.found.scripts.extend(scripts);
        }
        let mut rewritten = String::new();
        let mut last = 0;
        for attr in with_lychee_links(&html, raw_html::attributes(&html)) {
            match attr {
                raw_html::Attr::Id(id) if !self.html => self.found.html_ids.push(id),
                raw_html::Attr::Id(_) => {}
                raw_html::Attr::Link {
                    tag_start,
                    value,
                    end,
                    decoded,
                    lychee,
                } => {
                    let verbatim = decoded.is_none();
                    let dest = decoded.unwrap_or_else(|| html[value.clone()].to_string());
                    let index = self.next_link();
                    if !self.html {
                        // lychee's links are placed at their value (each candidate of a
                        // `srcset` at its own), faqsite's own from their tag.
                        let span = match lychee {
                            true => at(value.start)..at(value.end),
                            false => at(tag_start)..at(end),
                        };
                        let mut link = self.link(LinkKind::Html, dest, span);
                        // A `srcset` candidate may also be written elsewhere in its tag.
                        if link.dest_at().is_some() && verbatim && lychee {
                            link.set_dest_at(Some(at(value.start)));
                        }
                        self.found.links.push(link);
                        continue;
                    }
                    if !verbatim {
                        continue; // written with entities: left as it is
                    }
                    rewritten.push_str(&html[last..value.start]);
                    rewritten.push_str(&self.rewrite(index, &dest));
                    last = value.end;
                }
            }
        }
        let html: CowStr<'a> = if last == 0 {
            html
        } else {
            rewritten.push_str(&html[last..]);
            rewritten.into()
        };
        match self.html {
            true => raw_html::no_opener(html),
            false => html,
        }
    }
}

/// faqsite's own attributes (`href`, `src`, ids) and the links only lychee-lib's extractor
/// finds (`srcset`, `poster`, `cite`…), in the order they are written: a value both find is
/// one link, as faqsite reads it.
fn with_lychee_links(html: &str, mut attrs: Vec<raw_html::Attr>) -> Vec<raw_html::Attr> {
    let more = html_links::links(html);
    if more.is_empty() {
        return attrs;
    }
    let known: std::collections::HashSet<usize> = attrs
        .iter()
        .filter_map(|a| match a {
            raw_html::Attr::Link { value, .. } => Some(value.start),
            raw_html::Attr::Id(_) => None,
        })
        .collect();
    let extra = more
        .into_iter()
        .filter(|l| !known.contains(&l.value.start))
        .map(|l| raw_html::Attr::Link {
            tag_start: l.tag_start,
            value: l.value,
            end: l.end,
            decoded: l.decoded,
            lychee: true,
        });
    attrs.extend(extra);
    // Ids keep their place; links go in the order of their values.
    let position = |a: &raw_html::Attr| match a {
        raw_html::Attr::Link { value, .. } => value.start,
        raw_html::Attr::Id(_) => 0,
    };
    let (mut links, ids): (Vec<_>, Vec<_>) = attrs
        .into_iter()
        .partition(|a| matches!(a, raw_html::Attr::Link { .. }));
    links.sort_by_key(position);
    links.extend(ids);
    links
}

/// Where byte `at` of the text of a raw-HTML event found at `range` is in `source`. The text
/// is the source itself, except for inline HTML over several lines in a list or a quote:
/// its continuation lines lose their indentation or `>`, so each line of the text is the end
/// of its line in the source (else the offset falls back to the start of that line).
fn source_offset(source: &str, range: Range<usize>, text: &str, at: usize) -> usize {
    let written = &source[range.clone()];
    if written == text {
        return range.start + at;
    }
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    let line = &text[line_start..line_end];
    let line_number = text[..line_start].matches('\n').count();
    let mut written_start = 0;
    for (n, written_line) in written.split_inclusive('\n').enumerate() {
        if n == line_number {
            let written_line = written_line.strip_suffix('\n').unwrap_or(written_line);
            return match written_line.strip_suffix(line) {
                Some(prefix) => range.start + written_start + prefix.len() + (at - line_start),
                None => range.start + written_start,
            };
        }
        written_start += written_line.len();
    }
    range.start
}

/// From the start of the line holding `offset` to the end of the next line.
fn lines_of(source: &str, offset: usize) -> Range<usize> {
    let start = source[..offset].rfind('\n').map_or(0, |i| i + 1);
    let mut end = offset;
    for _ in 0..2 {
        end = source[end..]
            .find('\n')
            .map_or(source.len(), |i| end + i + 1);
    }
    start..end
}
