//! The JUnit XML format, read by CI systems: one test case per page (and per other file
//! with problems), one failure per error diagnostic; warnings go to the case's output.

use super::{Diagnostic, Severity, Sources};
use std::collections::BTreeMap;
use std::io::{self, Write};

/// `files` are every checked page (content-relative); files with diagnostics are added.
pub fn write(
    out: &mut dyn Write,
    diags: &[Diagnostic],
    sources: &Sources,
    files: &[String],
) -> io::Result<()> {
    let mut cases: BTreeMap<&str, Vec<&Diagnostic>> =
        files.iter().map(|f| (f.as_str(), Vec::new())).collect();
    for d in diags {
        cases.entry(d.file.as_str()).or_default().push(d);
    }
    let failures = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<testsuites name="faqsite" tests="{}" failures="{failures}">"#,
        cases.len()
    )?;
    writeln!(
        out,
        r#"  <testsuite name="faqsite check" tests="{}" failures="{failures}" errors="0">"#,
        cases.len()
    )?;
    for (file, found) in &cases {
        let name = escape(file);
        if found.is_empty() {
            writeln!(out, r#"    <testcase classname="faqsite" name="{name}"/>"#)?;
            continue;
        }
        writeln!(out, r#"    <testcase classname="faqsite" name="{name}">"#)?;
        let mut warnings = String::new();
        for d in found {
            let pos = sources.position(d);
            let text = match &d.hint {
                Some(hint) => format!(
                    "{}:{}:{}: {}\nhint: {hint}",
                    d.file, pos.line, pos.column, d.message
                ),
                None => format!("{}:{}:{}: {}", d.file, pos.line, pos.column, d.message),
            };
            match d.severity {
                Severity::Error => writeln!(
                    out,
                    r#"      <failure type="{}" message="{}">{}</failure>"#,
                    d.code.as_str(),
                    escape(&d.message),
                    escape(&text)
                )?,
                Severity::Warning => {
                    warnings.push_str(&format!("warning[{}]: {text}\n", d.code.as_str()));
                }
            }
        }
        if !warnings.is_empty() {
            writeln!(out, "      <system-out>{}</system-out>", escape(&warnings))?;
        }
        writeln!(out, "    </testcase>")?;
    }
    writeln!(out, "  </testsuite>")?;
    writeln!(out, "</testsuites>")
}

/// Text and attribute values of XML.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 cannot carry at all.
            c if (c as u32) < 0x20 && !matches!(c, '\n' | '\r' | '\t') => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}
