//! The human format: `file:line:col: error[code]: message`, the source line with a caret
//! under the link, then the hint. The header is ours (ruff's concise form, which editors and
//! terminals turn into a link); the snippet, caret and hint are drawn by annotate-snippets,
//! as cargo and ruff draw theirs, so tabs, wide characters and long lines are its business.
//! Colours follow anstream's choice (a terminal, `NO_COLOR`, `CLICOLOR_FORCE`); where it
//! would strip them, the diagnostics are drawn plain in the first place (`print`).

use super::{Diagnostic, LineIndex, Position, Severity, Sources};
use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use anstream::ColorChoice;
use anstyle::{AnsiColor, Style};
use std::io::{self, Write};

const BOLD: Style = Style::new().bold();
const ERROR: Style = AnsiColor::Red.on_default().bold();
const WARNING: Style = AnsiColor::Yellow.on_default().bold();
const GUTTER: Style = AnsiColor::Blue.on_default().bold();

/// How diagnostics are drawn: in colour, or plain.
struct Palette {
    renderer: Renderer,
    bold: Style,
    error: Style,
    warning: Style,
}

/// Carets and gutter keep faqsite's colours rather than the crate's bright ones; the word
/// `hint` is bold, as annotate-snippets draws every footer label (it was bold cyan).
const STYLED: Palette = Palette {
    renderer: Renderer::styled()
        .error(ERROR)
        .warning(WARNING)
        .line_num(GUTTER),
    bold: BOLD,
    error: ERROR,
    warning: WARNING,
};

/// The same text without a style: what anstream leaves of `STYLED` where colours are not
/// wanted, drawn without them rather than stripped afterwards (a serial pass over every
/// byte, a tenth of `check`'s time with 10,000 broken links).
const PLAIN: Palette = Palette {
    renderer: Renderer::plain(),
    bold: Style::new(),
    error: Style::new(),
    warning: Style::new(),
};

/// Writes every diagnostic to standard output: in colour where anstream keeps colours (a
/// terminal, `CLICOLOR_FORCE`), plain otherwise (a pipe, a file, `NO_COLOR`).
pub fn print(diags: &[Diagnostic], sources: &Sources) -> io::Result<()> {
    let stdout = anstream::stdout();
    match stdout.current_choice() {
        ColorChoice::Never => write_with(&mut io::stdout().lock(), diags, sources, &PLAIN),
        _ => write_with(&mut stdout.lock(), diags, sources, &STYLED),
    }
}

/// Writes every diagnostic, in order, styled: the writer (anstream) strips the styles where
/// colours are not wanted.
pub fn write(out: &mut dyn Write, diags: &[Diagnostic], sources: &Sources) -> io::Result<()> {
    write_with(out, diags, sources, &STYLED)
}

/// Writes every diagnostic, in order. They are drawn on all cores, a few hundred at a time,
/// then written: a run with 10,000 broken links spent a third of its time here.
fn write_with(
    out: &mut dyn Write,
    diags: &[Diagnostic],
    sources: &Sources,
    palette: &Palette,
) -> io::Result<()> {
    use rayon::prelude::*;
    for chunk in diags.chunks(512) {
        let drawn: Vec<Vec<u8>> = chunk
            .par_iter()
            .map(|d| {
                let mut one = Vec::new();
                write_one(&mut one, d, sources, palette).map(|()| one)
            })
            .collect::<io::Result<_>>()?;
        for one in drawn {
            out.write_all(&one)?;
        }
    }
    Ok(())
}

fn write_one(
    out: &mut dyn Write,
    d: &Diagnostic,
    sources: &Sources,
    palette: &Palette,
) -> io::Result<()> {
    let text = sources.get(&d.file);
    let pos = text.map_or(Position { line: 1, column: 1 }, |text| {
        LineIndex::new(text).position(text, d.span.start)
    });
    let bold = palette.bold;
    let level_style = match d.severity {
        Severity::Error => palette.error,
        Severity::Warning => palette.warning,
    };
    writeln!(
        out,
        "{bold}{}:{}:{}:{bold:#} {level_style}{}[{}]{level_style:#}: {bold}{}{bold:#}",
        d.file,
        pos.line,
        pos.column,
        d.severity.as_str(),
        d.code.as_str(),
        d.message
    )?;
    let snippet = render_snippet(d, text, &palette.renderer);
    if !snippet.is_empty() {
        writeln!(out, "{snippet}")?;
    }
    writeln!(out)
}

/// The snippet and the hint of one diagnostic, without the header line; empty when there
/// is neither (a file whose text is unknown, such as a page that is not UTF-8, and no hint).
fn render_snippet(d: &Diagnostic, text: Option<&str>, renderer: &Renderer) -> String {
    let level = match d.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let mut group = Group::with_level(level);
    if let Some(text) = text {
        let index = LineIndex::new(text);
        let start = d.span.start.min(text.len());
        let line_no = index.line_of(start);
        let line_start = index.line_start(line_no);
        let line_end = text[line_start..]
            .find('\n')
            .map_or(text.len(), |i| line_start + i);
        let line = text[line_start..line_end].trim_end_matches('\r');
        // Only the line where the span starts is shown: a span over several lines (a
        // front-matter block, a diagram) is underlined on its first line, as before.
        let end = d.span.end.clamp(start, line_start + line.len()) - line_start;
        let span = floor_char(line, start - line_start)..floor_char(line, end);
        group = group.element(
            Snippet::source(line)
                .line_start(line_no + 1)
                .annotation(AnnotationKind::Primary.span(span)),
        );
    }
    if let Some(hint) = &d.hint {
        group = group.element(Level::HELP.with_name("hint").message(hint.as_str()));
    }
    if group.is_empty() {
        return String::new();
    }
    renderer.render(&[group])
}

/// A span from a stale or foreign source may not fall on a character boundary; the
/// renderer slices the line there, so round down rather than panic.
fn floor_char(line: &str, mut offset: usize) -> usize {
    offset = offset.min(line.len());
    while !line.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Code;

    /// A diagnostic drawn plain, after checking that it is the colour version stripped.
    fn plain(d: &Diagnostic, sources: &Sources) -> String {
        let (mut styled, mut plain) = (Vec::new(), Vec::new());
        write_one(&mut styled, d, sources, &STYLED).unwrap();
        write_one(&mut plain, d, sources, &PLAIN).unwrap();
        let (styled, plain) = (
            String::from_utf8(styled).unwrap(),
            String::from_utf8(plain).unwrap(),
        );
        assert_ne!(styled, plain, "no colours drawn");
        assert_eq!(anstream::adapter::strip_str(&styled).to_string(), plain);
        plain
    }

    /// The snippet of a diagnostic on line 3 of a page, `span` counted in `line`'s bytes,
    /// without colours.
    fn snippet(line: &str, span: std::ops::Range<usize>, hint: Option<&str>) -> String {
        let text = format!("# Titre\n\n{line}\n");
        let span = span.start + 9..span.end + 9;
        let d = Diagnostic::new(Code::BrokenLink, "page.md", span, "m")
            .with_hint_opt(hint.map(str::to_string));
        let mut sources = Sources::default();
        sources.add("page.md", &text);
        let drawn = plain(&d, &sources);
        // Past the header line, without the blank line that ends a diagnostic.
        let snippet = drawn.split_once('\n').unwrap().1;
        snippet.strip_suffix("\n\n").unwrap().to_string()
    }

    /// The caret sits under the link in terminal columns: "é" is one, an emoji or a CJK
    /// character two, a tab is shown as four spaces; a line too long for a terminal is cut
    /// around the link. Each expected snippet is the source line and the caret line.
    #[test]
    fn carets_sit_under_the_link_in_terminal_columns() {
        let long = format!("{} [lien](a.md) {}", "x".repeat(200), "y".repeat(200));
        let long_shown = format!("...{} [lien](a.md) {}...", "x".repeat(58), "y".repeat(58));
        let long_caret = format!("{}{}", " ".repeat(62), "^".repeat(12));
        let table: &[(&str, &str, std::ops::Range<usize>, &str, &str)] = &[
            (
                "ascii",
                "voir [lien](a.md) ici",
                5..17,
                "voir [lien](a.md) ici",
                "     ^^^^^^^^^^^^",
            ),
            (
                "accent",
                "é café [lien](a.md) ici",
                9..21,
                "é café [lien](a.md) ici",
                "       ^^^^^^^^^^^^",
            ),
            (
                "emoji",
                "😀 emoji [lien](a.md)",
                11..23,
                "😀 emoji [lien](a.md)",
                "         ^^^^^^^^^^^^",
            ),
            (
                "cjk",
                "中文字 [lien](a.md) ici",
                10..22,
                "中文字 [lien](a.md) ici",
                "       ^^^^^^^^^^^^",
            ),
            (
                "tabs",
                "\t\t[lien](a.md) tab",
                2..14,
                "        [lien](a.md) tab",
                "        ^^^^^^^^^^^^",
            ),
            ("empty line", "", 0..0, "", "^"),
            (
                "empty span",
                "voir [lien](a.md)",
                5..5,
                "voir [lien](a.md)",
                "     ^",
            ),
            (
                "span past the line",
                "voir [lien](a.md)",
                5..40,
                "voir [lien](a.md)",
                "     ^^^^^^^^^^^^",
            ),
            (
                "span inside a character",
                "é[lien](a.md)",
                1..14,
                "é[lien](a.md)",
                "^^^^^^^^^^^^^",
            ),
            ("long line", &long, 201..213, &long_shown, &long_caret),
        ];
        for (name, line, span, shown, caret) in table {
            let sep = |s: &str| {
                if s.is_empty() {
                    String::new()
                } else {
                    format!(" {s}")
                }
            };
            let want = format!("  |\n3 |{}\n  |{}", sep(shown), sep(caret));
            assert_eq!(snippet(line, span.clone(), None), want, "{name}");
        }
    }

    #[test]
    fn the_hint_follows_the_snippet_or_stands_alone() {
        assert_eq!(
            snippet("voir [lien](a.md)", 5..17, Some("did you mean `b.md`?")),
            "  |\n3 | voir [lien](a.md)\n  |      ^^^^^^^^^^^^\n  |\n  = hint: did you mean `b.md`?"
        );
        // A page that is not UTF-8 has no text to show.
        let d = Diagnostic::new(Code::Encoding, "page.md", 0..1, "m");
        let none = Sources::default();
        assert_eq!(plain(&d, &none), "page.md:1:1: error[encoding]: m\n\n");
        let d = d.with_hint("h");
        assert_eq!(
            plain(&d, &none),
            "page.md:1:1: error[encoding]: m\n = hint: h\n\n"
        );
    }

    /// Colours are faqsite's (red errors, yellow warnings, blue gutter), not the crate's.
    #[test]
    fn colours_are_faqsites() {
        let mut d = Diagnostic::new(Code::BrokenLink, "page.md", 0..6, "m");
        let out = render_snippet(&d, Some("[a](b)"), &STYLED.renderer);
        assert!(out.contains(&format!("{GUTTER}1{GUTTER:#}")), "{out:?}");
        assert!(out.contains(&format!("{ERROR}^^^^^^{ERROR:#}")), "{out:?}");
        d.severity = Severity::Warning;
        let out = render_snippet(&d, Some("[a](b)"), &STYLED.renderer);
        assert!(
            out.contains(&format!("{WARNING}^^^^^^{WARNING:#}")),
            "{out:?}"
        );
    }
}
