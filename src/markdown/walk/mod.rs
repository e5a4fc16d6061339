//! The walk over a page's Markdown events that both passes share (`extract` and `render`):
//! headings and their ids, links and their numbers, prose, autolinks in text, diagrams.
//! Raw HTML met on the way is read in `html.rs`.

mod html;

use super::{alert, autolink, emoji, mermaid, options, versions};
use super::{Extracted, Heading, Link, LinkKind, LinkWriter, Target};
use crate::paths::rewrite_href;
use crate::slug::SlugCounter;
use pulldown_cmark::utils::TextMergeWithOffset;
use pulldown_cmark::{CodeBlockKind, CowStr, Event, LinkType, Parser, Tag, TagEnd};
use std::ops::Range;

/// The text of an inline code span at `range`, without its backticks and the one space
/// CommonMark strips inside them.
fn code_inner(source: &str, range: Range<usize>) -> Range<usize> {
    let Some(span) = source.get(range.clone()) else {
        return range;
    };
    let ticks = span.len() - span.trim_start_matches('`').len();
    let end_ticks = span.len() - span.trim_end_matches('`').len();
    if ticks + end_ticks >= span.len() {
        return range.start..range.start;
    }
    range.start + ticks..range.end - end_ticks
}

/// A heading being read: where its start event is in `out`, and its text two ways.
#[derive(Default)]
struct OpenHeading {
    start: usize,
    /// How many prose ranges there were when it opened.
    prose_start: usize,
    /// The text GitHub makes the id from, the text content of the heading it renders:
    /// entities decoded (`Pilote&#x20;` ends with a space), code spans' text, emphasis
    /// markers gone, emoji shortcodes as written, and no image's alt text (line breaks are
    /// left out: GitHub's id drops them as control characters). Blanks around the heading
    /// were already dropped by the Markdown parse, as by GitHub's; nothing more is trimmed.
    github_text: String,
    /// The title as faqsite shows it (navigation, search): emoji shortcodes shown, images'
    /// alt text kept.
    text: String,
}

pub(super) struct Walk<'a> {
    source: &'a str,
    body_start: usize,
    page: &'a str,
    /// Make HTML: collect the events, links rewritten.
    html: bool,
    /// Writes links for the site (`rewrite_href` when not given).
    pub(super) links: Option<&'a LinkWriter<'a>>,
    /// Links met so far: the next link's number.
    links_seen: usize,
    /// What to add at the end of each open link's text, innermost last.
    suffixes: Vec<Option<String>>,
    /// Footnote labels referred to, and those defined.
    footnotes: (std::collections::HashSet<String>, Vec<String>),
    /// The open mermaid block: where it starts in the source and in `out`, and its text.
    mermaid: Option<(usize, usize, String)>,
    pub(super) mention_window: usize,
    pub(super) found: Extracted,
    pub(super) prose: Vec<Range<usize>>,
    pub(super) out: Vec<Event<'a>>,
    ids: SlugCounter,
    /// The heading being read, if any.
    heading: Option<OpenHeading>,
    /// For each heading read, the indexes in `prose` of its text (see `Rendered::headings`).
    pub(super) heading_prose: Vec<Range<usize>>,
    /// Images open (their alt text is not part of a heading's id).
    images_open: usize,
    /// Indices in `found.links` of the open links and images, innermost last.
    open_links: Vec<usize>,
    in_code_block: bool,
    /// Reference definitions (`[r]: dest`) of the page, found when a reference link needs them.
    definitions: Option<Vec<Range<usize>>>,
}

impl<'a> Walk<'a> {
    pub(super) fn new(source: &'a str, body_start: usize, page: &'a str, html: bool) -> Self {
        Walk {
            source,
            body_start,
            page,
            html,
            links: None,
            links_seen: 0,
            suffixes: Vec::new(),
            footnotes: Default::default(),
            mermaid: None,
            mention_window: 0,
            found: Extracted::default(),
            prose: Vec::new(),
            out: Vec::new(),
            ids: SlugCounter::default(),
            heading: None,
            heading_prose: Vec::new(),
            images_open: 0,
            open_links: Vec::new(),
            in_code_block: false,
            definitions: None,
        }
    }

    pub(super) fn run(&mut self) {
        let source: &'a str = self.source;
        let base = self.body_start;
        let body = &source[base..];
        for (event, range) in
            TextMergeWithOffset::new(Parser::new_ext(body, options()).into_offset_iter())
        {
            self.event(event, range.start + base..range.end + base);
        }
        let (referred, defined) = std::mem::take(&mut self.footnotes);
        let ids = defined.into_iter().filter(|l| referred.contains(l));
        self.found.html_ids.extend(ids.map(|l| format!("fn-{l}")));
    }

    /// The destination of the link numbered `index`, rewritten for the site.
    fn rewrite(&self, index: usize, dest: &str) -> String {
        match self.links {
            Some(links) => (links.href)(index, dest),
            None => rewrite_href(self.page, dest),
        }
    }

    /// Numbers the next link, in both passes alike.
    fn next_link(&mut self) -> usize {
        self.links_seen += 1;
        self.links_seen - 1
    }

    fn emit(&mut self, event: Event<'a>) {
        if self.html {
            self.out.push(event);
        }
    }

    fn event(&mut self, event: Event<'a>, range: Range<usize>) {
        match event {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                self.heading = Some(OpenHeading {
                    start: self.out.len(),
                    prose_start: self.prose.len(),
                    ..OpenHeading::default()
                });
                self.emit(Event::Start(Tag::Heading {
                    level,
                    id,
                    classes,
                    attrs,
                }));
            }
            Event::End(TagEnd::Heading(level)) => {
                if let Some(heading) = self.heading.take() {
                    let known = self
                        .links
                        .and_then(|l| l.headings.get(self.found.headings.len()));
                    let id = match known {
                        Some(known) => known.id.clone(),
                        None => self.ids.unique(&heading.github_text),
                    };
                    if let Some(Event::Start(Tag::Heading { id: slot, .. })) =
                        self.out.get_mut(heading.start)
                    {
                        *slot = Some(CowStr::from(id.clone()));
                    }
                    let text = heading.text.trim().to_string();
                    if level == pulldown_cmark::HeadingLevel::H1 && self.found.first_h1.is_none() {
                        self.found.first_h1 = Some(text.clone());
                    }
                    self.heading_prose
                        .push(heading.prose_start..self.prose.len());
                    self.found.headings.push(Heading {
                        level: level as u8,
                        text,
                        id,
                    });
                }
                self.emit(Event::End(TagEnd::Heading(level)));
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
                let index = self.open_link(kind, dest, range);
                if self.html {
                    let suffix = self.links.and_then(|links| (links.suffix)(index));
                    self.suffixes.push(suffix);
                    let href = match link_type {
                        LinkType::Email => dest_url,
                        _ => self.rewrite(index, &dest_url).into(),
                    };
                    self.emit(Event::Start(Tag::Link {
                        link_type,
                        dest_url: href,
                        title,
                        id,
                    }));
                }
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let index = self.open_link(LinkKind::Image, dest_url.to_string(), range);
                self.images_open += 1;
                if self.html {
                    self.suffixes.push(None);
                    let src = self.rewrite(index, &dest_url).into();
                    self.emit(Event::Start(Tag::Image {
                        link_type,
                        dest_url: src,
                        title,
                        id,
                    }));
                }
            }
            Event::End(end @ (TagEnd::Link | TagEnd::Image)) => {
                self.open_links.pop();
                if end == TagEnd::Image {
                    self.images_open -= 1;
                }
                if let Some(Some(suffix)) = self.suffixes.pop() {
                    self.emit(Event::InlineHtml(suffix.into()));
                }
                self.emit(Event::End(end));
            }
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                let (class, title) = alert(kind);
                self.emit(Event::Html(
                    format!(
                        "<div class=\"callout callout--{class}\" role=\"note\" aria-label=\"{title}\">\n\
                         <p class=\"callout__title\">{title}</p>\n"
                    )
                    .into(),
                ));
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => self.emit(Event::Html("</div>\n".into())),
            // Footnotes get GitHub's ids (`fn-LABEL`, which `#user-content-fn-LABEL` reaches
            // too); GitHub shows only the definitions that something refers to.
            Event::FootnoteReference(label) => {
                self.footnotes.0.insert(label.to_string());
                self.emit(Event::FootnoteReference(format!("fn-{label}").into()));
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                self.footnotes.1.push(label.to_string());
                let id = format!("fn-{label}").into();
                self.emit(Event::Start(Tag::FootnoteDefinition(id)));
            }
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(lang)))
                if lang.split_whitespace().next() == Some("mermaid") =>
            {
                self.in_code_block = true;
                self.mermaid = Some((range.start, self.out.len(), String::new()));
                self.emit(Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(lang))));
            }
            Event::Text(text) if self.mermaid.is_some() => {
                if let Some((_, _, source)) = &mut self.mermaid {
                    source.push_str(&text);
                }
                self.emit(Event::Text(text));
            }
            Event::End(TagEnd::CodeBlock) if self.mermaid.is_some() => {
                self.in_code_block = false;
                self.emit(Event::End(TagEnd::CodeBlock));
                self.diagram();
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                self.in_code_block = true;
                self.emit(Event::Start(Tag::CodeBlock(kind)));
            }
            Event::End(TagEnd::CodeBlock) => {
                self.in_code_block = false;
                self.emit(Event::End(TagEnd::CodeBlock));
            }
            Event::Text(text) if !self.in_code_block => self.text(text, range),
            Event::Code(code) => {
                self.add_heading_text(&code, &code);
                if self.html {
                    // Identifiers in inline code (`client_secret`) are what partners search.
                    self.prose.push(code_inner(self.source, range));
                }
                self.emit(Event::Code(code));
            }
            Event::Html(html) => {
                let html = self.raw_html(html, range);
                self.emit(Event::Html(html));
            }
            Event::InlineHtml(html) => {
                let html = self.raw_html(html, range);
                self.emit(Event::InlineHtml(html));
            }
            other => self.emit(other),
        }
    }

    /// Records a link that has text (or alt text) inside; returns its number.
    fn open_link(&mut self, kind: LinkKind, dest: String, span: Range<usize>) -> usize {
        let index = self.next_link();
        self.open_links.push(index);
        if !self.html {
            let link = self.link(kind, dest, span);
            self.found.links.push(link);
        }
        index
    }

    /// A link with what the checks need: its target, resolved once, and where it is written.
    pub(super) fn link(&mut self, kind: LinkKind, dest: String, span: Range<usize>) -> Link {
        let target = Target::of(self.page, &dest);
        let written = &self.source[span.clone()];
        let local = matches!(target, Target::Local { .. } | Target::Anchor);
        let dest_at = match memchr::memmem::rfind(written.as_bytes(), dest.as_bytes()) {
            Some(i) if local => Some(span.start + i),
            None if local && kind == LinkKind::Reference => self.definition_of(&dest),
            _ => None,
        };
        let text_versions = match kind {
            LinkKind::Inline | LinkKind::Reference => versions::in_link_text(written)
                .into_iter()
                .map(|(r, v)| (span.start + r.start..span.start + r.end, v.into()))
                .collect(),
            _ => Vec::new(),
        };
        Link::new(kind, dest.into(), target, span, dest_at, text_versions)
    }

    /// Where `dest` starts in the first reference definition that holds it.
    fn definition_of(&mut self, dest: &str) -> Option<usize> {
        let source = self.source;
        let definitions = self
            .definitions
            .get_or_insert_with(|| versions::reference_destinations(source));
        definitions
            .iter()
            .find(|r| source[(*r).clone()].starts_with(dest))
            .map(|r| r.start)
    }

    /// A mermaid block just closed: drawn in place of its code (render), or checked (extract).
    fn diagram(&mut self) {
        let Some((start, out_at, source)) = self.mermaid.take() else {
            return;
        };
        if self.html {
            if let Some(html) = mermaid::render(&source) {
                self.out.truncate(out_at);
                self.out.push(Event::Html(html.into()));
            }
            return;
        }
        if let Some(problem) = mermaid::check(&source) {
            // The block's first line is its fence: the diagram's line N is the block's N + 1.
            let mut at = start;
            for _ in 0..problem.line {
                at = self.source[at..].find('\n').map_or(at, |i| at + i + 1);
            }
            let end = self.source[at..]
                .find('\n')
                .map_or(self.source.len(), |i| at + i);
            self.found.diagrams.push((at..end, problem.message));
        }
    }

    /// Text also feeds the open heading: `written` (entities decoded, emoji shortcodes
    /// as written) its id, unless it is an image's alt text; `shown` its title.
    fn add_heading_text(&mut self, written: &str, shown: &str) {
        if let Some(heading) = &mut self.heading {
            if self.images_open == 0 {
                heading.github_text.push_str(written);
            }
            heading.text.push_str(shown);
        }
    }

    fn text(&mut self, text: CowStr<'a>, range: Range<usize>) {
        // GitHub shows `:warning:` as ⚠️, but makes heading ids from the shortcode as
        // written: `## :sparkles: Features` is `#sparkles-features`.
        let text = match self.heading.is_some() {
            true => {
                let shown = emoji::replace(text.clone());
                self.add_heading_text(&text, &shown);
                shown
            }
            false => emoji::replace(text),
        };
        if self.html {
            self.prose.push(range.clone());
        } else if self.mention_window > 0 {
            let numbers = versions::numbers_in(self.source, range.clone(), self.mention_window);
            self.found.numbers.extend(numbers);
        }
        let found = if self.open_links.is_empty() {
            autolink::find(&text)
        } else {
            Vec::new()
        };
        if found.is_empty() {
            self.emit(Event::Text(text));
            return;
        }
        // Offsets in the text are offsets in the source unless escapes or entities changed it.
        let verbatim = self.source.get(range.clone()) == Some(&*text);
        let mut search_from = range.start;
        let mut last = 0;
        for link in found {
            let s = &text[link.range.clone()];
            let (start, end) = if verbatim {
                let start = range.start + link.range.start;
                (start, start + s.len())
            } else {
                self.place_in_source(s, search_from..range.end)
            };
            search_from = end;
            self.next_link();
            if !self.html {
                let link = self.link(LinkKind::Bare, link.href.clone(), start..end);
                self.found.links.push(link);
                continue;
            }
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
        if self.html {
            self.out.push(Event::Text(text[last..].to_string().into()));
        }
    }

    /// Where the text `shown` (a URL found in text that escapes or entities changed) is
    /// written within `within`: the text itself, or else its part before the first `&` or
    /// `\\` up to the next space (`https://a.fr/x&amp;y`). Always on character boundaries.
    fn place_in_source(&self, shown: &str, within: Range<usize>) -> (usize, usize) {
        let hay = &self.source[within.clone()];
        if let Some(i) = hay.find(shown) {
            return (within.start + i, within.start + i + shown.len());
        }
        let prefix = shown.split(['&', '\\']).next().unwrap_or(shown);
        match hay.find(prefix).filter(|_| !prefix.is_empty()) {
            Some(i) => {
                let len = hay[i..].find(char::is_whitespace).unwrap_or(hay.len() - i);
                (within.start + i, within.start + i + len)
            }
            None => (within.start, within.start),
        }
    }
}
