//! The human format: `file:line:col: error[code]: message`, the source line with a caret
//! under the link, then the hint. Colours come from anstream, which drops them when the
//! output is not a terminal or NO_COLOR is set.

use super::{Diagnostic, LineIndex, Position, Severity, Sources};
use anstyle::{AnsiColor, Style};
use std::io::{self, Write};

const BOLD: Style = Style::new().bold();
const ERROR: Style = AnsiColor::Red.on_default().bold();
const WARNING: Style = AnsiColor::Yellow.on_default().bold();
const GUTTER: Style = AnsiColor::Blue.on_default().bold();
const HINT: Style = AnsiColor::Cyan.on_default().bold();

pub fn write(out: &mut dyn Write, diags: &[Diagnostic], sources: &Sources) -> io::Result<()> {
    for d in diags {
        write_one(out, d, sources)?;
    }
    Ok(())
}

fn write_one(out: &mut dyn Write, d: &Diagnostic, sources: &Sources) -> io::Result<()> {
    // One line index serves both the position and the source line.
    let text = sources.get(&d.file);
    let index = text.map(LineIndex::new);
    let pos = match (text, &index) {
        (Some(text), Some(index)) => index.position(text, d.span.start),
        _ => Position { line: 1, column: 1 },
    };
    let level = match d.severity {
        Severity::Error => ERROR,
        Severity::Warning => WARNING,
    };
    writeln!(
        out,
        "{BOLD}{}:{}:{}:{BOLD:#} {level}{}[{}]{level:#}: {BOLD}{}{BOLD:#}",
        d.file,
        pos.line,
        pos.column,
        d.severity.as_str(),
        d.code.as_str(),
        d.message
    )?;
    if let (Some(text), Some(index)) = (text, &index) {
        let line_no = index.line_of(d.span.start.min(text.len()));
        let start = index.line_start(line_no);
        let line = text[start..]
            .split('\n')
            .next()
            .unwrap_or("")
            .trim_end_matches('\r');
        let width = pos.line.to_string().len();
        let pad = " ".repeat(width);
        let caret_end = d.span.end.clamp(d.span.start, start + line.len());
        let carets = text
            .get(d.span.start.min(text.len())..caret_end)
            .map_or(0, |s| s.chars().count())
            .max(1);
        let indent: String = line
            .chars()
            .take(pos.column - 1)
            .map(|c| if c == '\t' { '\t' } else { ' ' })
            .collect();
        writeln!(out, "{GUTTER}{pad} |{GUTTER:#}")?;
        writeln!(out, "{GUTTER}{} |{GUTTER:#} {line}", pos.line)?;
        writeln!(
            out,
            "{GUTTER}{pad} |{GUTTER:#} {indent}{level}{}{level:#}",
            "^".repeat(carets)
        )?;
        if let Some(hint) = &d.hint {
            writeln!(out, "{GUTTER}{pad} = {GUTTER:#}{HINT}hint{HINT:#}: {hint}")?;
        }
    } else if let Some(hint) = &d.hint {
        writeln!(out, "  = {HINT}hint{HINT:#}: {hint}")?;
    }
    writeln!(out)
}
