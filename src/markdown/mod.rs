//! Markdown → HTML with pulldown-cmark, in one pass that also records what the checks need:
//! headings and their GitHub ids, every link with its byte span (inline, reference,
//! autolink, image, raw HTML, bare URL), prose ranges, and allow comments. Links are
//! rewritten for the site as they go (`page.md` → `page.html`).

mod autolink;
mod raw_html;

use crate::content::{Heading, Link, LinkKind};
use crate::paths::rewrite_href;
use crate::slug::SlugCounter;
use pulldown_cmark::utils::TextMergeWithOffset;
use pulldown_cmark::{CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};
use std::ops::Range;

#[derive(Default)]
pub struct Parsed {
    pub first_h1: Option<String>,
    pub headings: Vec<Heading>,
    /// Ids from raw HTML (`id=`, `name=`).
    pub html_ids: Vec<String>,
    pub links: Vec<Link>,
    pub prose: Vec<Range<usize>>,
    pub allows: Vec<(usize, String)>,
    pub html: String,
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES
}

/// Parses the Markdown body of `source`, which starts at byte `body_start`, for the page at
/// content-relative `page`. Every offset in the result is into `source`.
pub fn parse(source: &str, body_start: usize, page: &str) -> Parsed {
    let mut walk = Walk {
        source,
        page,
        parsed: Parsed::default(),
        ..Walk::default()
    };
    let body = &source[body_start..];
    for (event, range) in
        TextMergeWithOffset::new(Parser::new_ext(body, options()).into_offset_iter())
    {
        walk.event(event, range.start + body_start..range.end + body_start);
    }
    let mut parsed = walk.parsed;
    // The model keeps every page's HTML: a String grown by doubling would hold up to twice
    // its length (114 MB instead of ~75 MB on the 10,000-page corpus).
    parsed.html.reserve(body.len() + body.len() / 4);
    pulldown_cmark::html::push_html(&mut parsed.html, walk.out.into_iter());
    parsed.html.shrink_to_fit();
    parsed.links.shrink_to_fit();
    parsed.prose.shrink_to_fit();
    parsed
}

#[derive(Default)]
struct Walk<'a> {
    source: &'a str,
    page: &'a str,
    parsed: Parsed,
    out: Vec<Event<'a>>,
    ids: SlugCounter,
    /// Index in `out` of the open heading's start event, and its text so far.
    heading: Option<(usize, String)>,
    /// Indices in `parsed.links` of the open links and images, innermost last.
    open_links: Vec<usize>,
    in_code_block: bool,
}

impl<'a> Walk<'a> {
    fn event(&mut self, event: Event<'a>, range: Range<usize>) {
        match event {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                self.heading = Some((self.out.len(), String::new()));
                self.out.push(Event::Start(Tag::Heading {
                    level,
                    id,
                    classes,
                    attrs,
                }));
            }
            Event::End(TagEnd::Heading(level)) => {
                if let Some((start, text)) = self.heading.take() {
                    let id = self.ids.unique(&text);
                    if let Event::Start(Tag::Heading { id: slot, .. }) = &mut self.out[start] {
                        *slot = Some(CowStr::from(id.clone()));
                    }
                    let text = text.trim().to_string();
                    if level == pulldown_cmark::HeadingLevel::H1 && self.parsed.first_h1.is_none() {
                        self.parsed.first_h1 = Some(text.clone());
                    }
                    self.parsed.headings.push(Heading {
                        level: level as u8,
                        text,
                        id,
                    });
                }
                self.out.push(Event::End(TagEnd::Heading(level)));
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let kind = match link_type {
                    LinkType::Autolink | LinkType::Email => LinkKind::Autolink,
                    LinkType::Inline => LinkKind::Inline,
                    _ => LinkKind::Reference,
                };
                let dest = match link_type {
                    LinkType::Email => format!("mailto:{dest_url}"),
                    _ => dest_url.to_string(),
                };
                let href = match link_type {
                    LinkType::Email => dest_url,
                    _ => rewrite_href(self.page, &dest_url).into(),
                };
                self.open_link(kind, dest, range);
                self.out.push(Event::Start(Tag::Link {
                    link_type,
                    dest_url: href,
                    title,
                    id,
                }));
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                self.open_link(LinkKind::Image, dest_url.to_string(), range);
                let src = rewrite_href(self.page, &dest_url).into();
                self.out.push(Event::Start(Tag::Image {
                    link_type,
                    dest_url: src,
                    title,
                    id,
                }));
            }
            Event::End(end @ (TagEnd::Link | TagEnd::Image)) => {
                self.open_links.pop();
                self.out.push(Event::End(end));
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                self.in_code_block = true;
                self.out.push(Event::Start(Tag::CodeBlock(kind)));
            }
            Event::End(TagEnd::CodeBlock) => {
                self.in_code_block = false;
                self.out.push(Event::End(TagEnd::CodeBlock));
            }
            Event::Text(text) if !self.in_code_block => self.text(text, range),
            Event::Code(code) => {
                self.add_text(&code);
                self.out.push(Event::Code(code));
            }
            Event::Html(html) => {
                let html = self.raw_html(html, range.start);
                self.out.push(Event::Html(html));
            }
            Event::InlineHtml(html) => {
                let html = self.raw_html(html, range.start);
                self.out.push(Event::InlineHtml(html));
            }
            other => self.out.push(other),
        }
    }

    fn open_link(&mut self, kind: LinkKind, dest: String, span: Range<usize>) {
        self.open_links.push(self.parsed.links.len());
        self.parsed.links.push(Link {
            kind,
            dest,
            span,
            label: String::new(),
        });
    }

    /// Text also feeds the open heading's text and the open link's label.
    fn add_text(&mut self, text: &str) {
        if let Some((_, heading)) = &mut self.heading {
            heading.push_str(text);
        }
        if let Some(&i) = self.open_links.last() {
            self.parsed.links[i].label.push_str(text);
        }
    }

    fn text(&mut self, text: CowStr<'a>, range: Range<usize>) {
        self.add_text(&text);
        self.parsed.prose.push(range.clone());
        let found = if self.open_links.is_empty() {
            autolink::find(&text)
        } else {
            Vec::new()
        };
        if found.is_empty() {
            self.out.push(Event::Text(text));
            return;
        }
        // Offsets in the text are offsets in the source unless escapes or entities changed it.
        let verbatim = self.source.get(range.clone()) == Some(&*text);
        let mut search_from = range.start;
        let mut last = 0;
        for link in found {
            let s = &text[link.range.clone()];
            let start = if verbatim {
                range.start + link.range.start
            } else {
                self.source[search_from..range.end]
                    .find(s)
                    .map_or(search_from, |i| search_from + i)
            };
            search_from = start + s.len();
            self.parsed.links.push(Link {
                kind: LinkKind::Bare,
                dest: link.href.clone(),
                span: start..start + s.len(),
                label: s.to_string(),
            });
            self.out
                .push(Event::Text(text[last..link.range.start].to_string().into()));
            self.out.push(Event::Start(Tag::Link {
                link_type: LinkType::Inline,
                dest_url: link.href.into(),
                title: "".into(),
                id: "".into(),
            }));
            self.out.push(Event::Text(s.to_string().into()));
            self.out.push(Event::End(TagEnd::Link));
            last = link.range.end;
        }
        self.out.push(Event::Text(text[last..].to_string().into()));
    }

    /// Records the links, ids and allow comments of raw HTML; returns it with links rewritten.
    fn raw_html(&mut self, html: CowStr<'a>, offset: usize) -> CowStr<'a> {
        self.parsed.allows.extend(
            raw_html::allows(&html)
                .into_iter()
                .map(|(i, code)| (offset + i, code)),
        );
        let mut rewritten = String::new();
        let mut last = 0;
        for attr in raw_html::attributes(&html) {
            match attr {
                raw_html::Attr::Id(id) => self.parsed.html_ids.push(id),
                raw_html::Attr::Link { tag_start, value } => {
                    let dest = html[value.clone()].to_string();
                    let span = offset + tag_start..offset + value.end + 1;
                    self.parsed.links.push(Link {
                        kind: LinkKind::Html,
                        dest: dest.clone(),
                        span,
                        label: String::new(),
                    });
                    rewritten.push_str(&html[last..value.start]);
                    rewritten.push_str(&rewrite_href(self.page, &dest));
                    last = value.end;
                }
            }
        }
        if last == 0 {
            return html;
        }
        rewritten.push_str(&html[last..]);
        rewritten.into()
    }
}

#[cfg(test)]
mod tests;
