//! Markdown with pulldown-cmark, in two passes over the same walk. `extract` (load) records
//! what checks and navigation need and makes no HTML: headings and their GitHub ids, every
//! link with its byte span (inline, reference, autolink, image, raw HTML, bare URL), allow
//! comments, and version numbers in prose. `render` (render stage) makes the HTML, with
//! links rewritten for the site (`page.md` → `page.html`), and the prose ranges for search.
//! `html_file` reads the HTML files of the content with the same raw-HTML extraction.

mod autolink;
mod emoji;
mod found;
pub mod html_file;
pub mod html_links;
mod link;
mod mermaid;
mod raw_html;
pub mod versions;

use crate::paths::rewrite_href;
use crate::slug::SlugCounter;
pub use found::{Allow, Heading, Numbered};
pub use link::{Link, LinkKind, Target};
use pulldown_cmark::utils::TextMergeWithOffset;
use pulldown_cmark::{
    BlockQuoteKind, CodeBlockKind, CowStr, Event, LinkType, Options, Parser, Tag, TagEnd,
};
use std::ops::Range;

/// What the load stage keeps of a page's Markdown.
#[derive(Default)]
pub struct Extracted {
    pub first_h1: Option<String>,
    pub headings: Vec<Heading>,
    /// Ids from raw HTML (`id=`, `name=`).
    pub html_ids: Vec<String>,
    pub links: Vec<Link>,
    pub allows: Vec<Allow>,
    pub numbers: Vec<Numbered>,
    /// Where raw HTML opens a `<script>`.
    pub scripts: Vec<Range<usize>>,
    /// Mermaid diagrams that do not parse: where (the faulty line) and why.
    pub diagrams: Vec<(Range<usize>, String)>,
}

impl Extracted {
    /// Gives back the room the lists grew into while the page was read: the model holds
    /// them for every page until the run ends (a tenth of `check`'s peak on 10,000 pages).
    pub fn shrink(&mut self) {
        self.links.shrink_to_fit();
        self.headings.shrink_to_fit();
        for h in &mut self.headings {
            h.text.shrink_to_fit();
            h.id.shrink_to_fit();
        }
        self.html_ids.shrink_to_fit();
        self.allows.shrink_to_fit();
        self.numbers.shrink_to_fit();
        self.scripts.shrink_to_fit();
        self.diagrams.shrink_to_fit();
    }
}

/// A page's body as HTML, with the byte ranges of its prose (text outside code).
pub struct Rendered {
    pub html: String,
    pub prose: Vec<Range<usize>>,
    /// Each heading with the indexes in `prose` where its text starts and ends: the section
    /// under it is the prose from its end to the next heading's start.
    pub headings: Vec<(Range<usize>, Heading)>,
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_GFM
}

/// A GitHub alert (`> [!NOTE]`) as a callout: its class and French title.
fn alert(kind: BlockQuoteKind) -> (&'static str, &'static str) {
    match kind {
        BlockQuoteKind::Note => ("note", "Remarque"),
        BlockQuoteKind::Tip => ("tip", "Astuce"),
        BlockQuoteKind::Important => ("important", "Important"),
        BlockQuoteKind::Warning => ("warning", "Avertissement"),
        BlockQuoteKind::Caution => ("caution", "Attention"),
    }
}

/// Extracts the Markdown body of `source`, which starts at byte `body_start`, for the page at
/// content-relative `page`; keeps `mention_window` bytes of prose before each version number.
/// Every offset in the result is into `source`.
pub fn extract(source: &str, body_start: usize, page: &str, mention_window: usize) -> Extracted {
    let mut walk = Walk::new(source, body_start, page, false);
    walk.mention_window = mention_window;
    walk.run();
    let mut found = walk.found;
    found.shrink();
    found
}

/// How the render pass writes the page's links, each known by its number (as `extract`
/// numbers them), so that the renderer reads the targets resolved at load.
pub struct LinkWriter<'a> {
    /// The destination of link `i`, rewritten for the site.
    pub href: &'a dyn Fn(usize, &str) -> String,
    /// HTML to add at the end of link `i`'s text (a download's format and size).
    pub suffix: &'a dyn Fn(usize) -> Option<String>,
    /// The page's headings as `extract` found them: their ids are reused, not slugged again
    /// (an id is computed where this holds none).
    pub headings: &'a [Heading],
}

/// Renders the Markdown body of `source` (from `body_start`) of the page at `page` to HTML.
pub fn render(source: &str, body_start: usize, page: &str, links: &LinkWriter) -> Rendered {
    let mut walk = Walk::new(source, body_start, page, true);
    walk.links = Some(links);
    walk.run();
    let body_len = source.len() - body_start;
    let mut html = String::with_capacity(body_len + body_len / 4);
    pulldown_cmark::html::push_html(&mut html, walk.out.into_iter());
    let headings = walk
        .heading_prose
        .into_iter()
        .zip(walk.found.headings)
        .collect();
    Rendered {
        html,
        prose: walk.prose,
        headings,
    }
}

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

struct Walk<'a> {
    source: &'a str,
    body_start: usize,
    page: &'a str,
    /// Make HTML: collect the events, links rewritten.
    html: bool,
    /// Writes links for the site (`rewrite_href` when not given).
    links: Option<&'a LinkWriter<'a>>,
    /// Links met so far: the next link's number.
    links_seen: usize,
    /// What to add at the end of each open link's text, innermost last.
    suffixes: Vec<Option<String>>,
    /// Footnote labels referred to, and those defined.
    footnotes: (std::collections::HashSet<String>, Vec<String>),
    /// The open mermaid block: where it starts in the source and in `out`, and its text.
    mermaid: Option<(usize, usize, String)>,
    mention_window: usize,
    found: Extracted,
    prose: Vec<Range<usize>>,
    out: Vec<Event<'a>>,
    ids: SlugCounter,
    /// The heading being read, if any.
    heading: Option<OpenHeading>,
    /// For each heading read, the indexes in `prose` of its text (see `Rendered::headings`).
    heading_prose: Vec<Range<usize>>,
    /// Images open (their alt text is not part of a heading's id).
    images_open: usize,
    /// Indices in `found.links` of the open links and images, innermost last.
    open_links: Vec<usize>,
    in_code_block: bool,
    /// Reference definitions (`[r]: dest`) of the page, found when a reference link needs them.
    definitions: Option<Vec<Range<usize>>>,
}

impl<'a> Walk<'a> {
    fn new(source: &'a str, body_start: usize, page: &'a str, html: bool) -> Self {
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

    fn run(&mut self) {
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
    fn link(&mut self, kind: LinkKind, dest: String, span: Range<usize>) -> Link {
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

    /// Records the links, ids and allow comments of raw HTML; returns it with links rewritten.
    fn raw_html(&mut self, html: CowStr<'a>, range: Range<usize>) -> CowStr<'a> {
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

#[cfg(test)]
mod tests;
