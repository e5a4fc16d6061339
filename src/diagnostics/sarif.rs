//! The SARIF 2.1.0 format, read by code-scanning dashboards: one rule per diagnostic code
//! with its help text, one result per diagnostic with its physical location (the file
//! relative to the site root, the line and column).

use super::{Code, Diagnostic, Severity, Sources};
use percent_encoding::{utf8_percent_encode, AsciiSet};
use serde_json::json;
use std::io::{self, Write};

/// `artifactLocation.uri` is an RFC 3986 URI reference: a page named `Fiche été [2].md` is
/// written `Fiche%20%C3%A9t%C3%A9%20%5B2%5D.md` (non-ASCII bytes are always escaped), and
/// the characters a browser forgives in a link but RFC 3986 does not are escaped too.
const URI_ESCAPES: &AsciiSet = &crate::paths::PATH_ESCAPES
    .add(b'[')
    .add(b']')
    .add(b'\\')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

pub fn write(out: &mut dyn Write, diags: &[Diagnostic], sources: &Sources) -> io::Result<()> {
    let rules: Vec<serde_json::Value> = Code::ALL
        .iter()
        .map(|c| {
            json!({
                "id": c.as_str(),
                "name": c.as_str(),
                "shortDescription": { "text": c.help() },
                "help": { "text": c.help() },
                "defaultConfiguration": { "level": level(c.default_severity()) },
            })
        })
        .collect();
    let results: Vec<serde_json::Value> = diags
        .iter()
        .map(|d| {
            let pos = sources.position(d);
            let mut message = d.message.clone();
            if let Some(hint) = &d.hint {
                message = format!("{message}\nhint: {hint}");
            }
            json!({
                "ruleId": d.code.as_str(),
                "ruleIndex": Code::ALL.iter().position(|c| *c == d.code).unwrap_or(0),
                "level": level(d.severity),
                "message": { "text": message },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": uri(d), "uriBaseId": "ROOT" },
                        "region": { "startLine": pos.line, "startColumn": pos.column },
                    }
                }],
            })
        })
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "faqsite",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/faqsite/faqsite",
                "rules": rules,
            }},
            "results": results,
        }],
    });
    serde_json::to_writer_pretty(&mut *out, &log)?;
    writeln!(out)
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// The file as a URI reference: relative to the folder faqsite ran in, as every format
/// names it, or a `file:` URI for a file outside it.
fn uri(d: &Diagnostic) -> String {
    let path = std::path::Path::new(&d.file);
    match path.is_absolute() {
        true => url::Url::from_file_path(path).map_or_else(|()| d.file.clone(), String::from),
        false => utf8_percent_encode(&d.file, URI_ESCAPES).to_string(),
    }
}
