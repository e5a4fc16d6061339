//! The GitHub Actions format: one `::error file=…,line=…,col=…,title=CODE::message` workflow
//! command per diagnostic, so that each lands as an annotation on the pull request.

use super::{Diagnostic, Severity, Sources};
use std::io::{self, Write};

pub fn write(out: &mut dyn Write, diags: &[Diagnostic], sources: &Sources) -> io::Result<()> {
    for d in diags {
        let pos = sources.position(d);
        let kind = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut message = d.message.clone();
        if let Some(hint) = &d.hint {
            message = format!("{message}\nhint: {hint}");
        }
        writeln!(
            out,
            "::{kind} file={},line={},col={},title={}::{}",
            escape_property(&d.file),
            pos.line,
            pos.column,
            d.code.as_str(),
            escape_data(&message)
        )?;
    }
    Ok(())
}

/// Escaping of the message part, as in @actions/core's `escapeData`.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escaping of a property value, as in @actions/core's `escapeProperty`.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_like_actions_core() {
        assert_eq!(escape_data("50% done\nnext"), "50%25 done%0Anext");
        assert_eq!(escape_property("a,b:c.md"), "a%2Cb%3Ac.md");
    }
}
