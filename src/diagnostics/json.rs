//! The JSON format: one array of objects with exactly the fields `severity`, `code`, `file`,
//! `line`, `column`, `message`, `hint` (null when there is none).

use super::{Diagnostic, Sources};
use serde::Serialize;
use std::io::{self, Write};

#[derive(Serialize)]
struct Entry<'a> {
    severity: &'static str,
    code: &'static str,
    file: &'a str,
    line: usize,
    column: usize,
    message: &'a str,
    hint: Option<&'a str>,
}

pub fn write(out: &mut dyn Write, diags: &[Diagnostic], sources: &Sources) -> io::Result<()> {
    let entries: Vec<Entry> = diags
        .iter()
        .map(|d| {
            let pos = sources.position(d);
            Entry {
                severity: d.severity.as_str(),
                code: d.code.as_str(),
                file: &d.file,
                line: pos.line,
                column: pos.column,
                message: &d.message,
                hint: d.hint.as_deref(),
            }
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &entries)?;
    writeln!(out)
}
