//! YAML through serde-saphyr, with errors turned into diagnostics at the right line and
//! column of the file (front matter is parsed from an offset inside its page).

use crate::diagnostics::{Code, Diagnostic, LineIndex};
use serde::de::DeserializeOwned;
use serde_saphyr::Location;

/// Parses `yaml`, which starts at byte `base` of `file_text`; an error points into `file_text`.
pub fn parse<T: DeserializeOwned>(
    yaml: &str,
    file: &str,
    file_text: &str,
    base: usize,
    code: Code,
) -> Result<T, Diagnostic> {
    serde_saphyr::from_str::<T>(yaml).map_err(|err| {
        let inner = err.without_snippet();
        let message = in_plain_words(&strip_position(&inner.to_string()));
        let offset = err
            .location()
            .map_or(base, |loc| offset_of(file_text, base, loc));
        let end = file_text[offset..]
            .find('\n')
            .map_or(file_text.len(), |i| offset + i)
            .max(offset + 1);
        Diagnostic::new(code, file, offset..end.min(file_text.len()), message)
            .with_hint(hint_for(code))
    })
}

/// Byte offset in `file_text` of a location reported inside the YAML starting at `base`.
pub fn offset_of(file_text: &str, base: usize, loc: Location) -> usize {
    let index = LineIndex::new(file_text);
    let base_line = index.line_of(base) + 1;
    index.offset(
        file_text,
        base_line + loc.line() as usize - 1,
        loc.column() as usize,
    )
}

fn hint_for(code: Code) -> &'static str {
    match code {
        Code::FrontMatter => "front matter is YAML between two `---` lines; faqsite reads title, description, weight, draft, cgu_history",
        _ => "see the configuration reference in README.md",
    }
}

/// saphyr's terse type errors, said as a documentation writer would need them.
fn in_plain_words(message: &str) -> String {
    let plain = match message {
        "invalid i64" | "invalid u64" | "invalid i32" | "invalid u32" | "invalid u16"
        | "invalid u8" => "expected a whole number",
        "invalid boolean" => "expected true or false",
        "expected string scalar" => "expected a single text value, not a list or a mapping",
        "expected mapping start" => "expected `key: value` lines, not a list",
        _ => return message.to_string(),
    };
    format!("{plain} ({message})")
}

/// saphyr appends " at line L, column C"; the diagnostic carries the position itself.
fn strip_position(message: &str) -> String {
    let first = message.lines().next().unwrap_or(message);
    match first.rfind(" at line ") {
        Some(i) => first[..i].to_string(),
        None => first.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_errors_in_plain_words() {
        let table = [
            ("invalid i64", "expected a whole number (invalid i64)"),
            ("invalid boolean", "expected true or false (invalid boolean)"),
            ("unclosed quote", "unclosed quote"),
        ];
        for (saphyr, want) in table {
            assert_eq!(in_plain_words(saphyr), want);
        }
    }
}
