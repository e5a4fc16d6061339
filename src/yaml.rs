//! YAML through serde-saphyr, with errors turned into diagnostics at the right line and
//! column of the file (front matter is parsed from an offset inside its page).

use crate::diagnostics::{Code, Diagnostic, LineIndex};
use serde::de::DeserializeOwned;
use serde_saphyr::Location;
use std::ops::Range;

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
/// saphyr gives the byte offset itself; its line numbers are no guide, as YAML also breaks
/// lines at a lone `\r`, which `LineIndex` does not.
pub fn offset_of(file_text: &str, base: usize, loc: Location) -> usize {
    let Some(offset) = loc.span().byte_offset() else {
        let index = LineIndex::new(file_text);
        let base_line = index.line_of(base) + 1;
        return index.offset(
            file_text,
            base_line + loc.line() as usize - 1,
            loc.column() as usize,
        );
    };
    let mut offset = (base + offset as usize).min(file_text.len());
    while !file_text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// Where the scalar at `loc` is written in `file_text`, without its quotes (at least one
/// character where there is one): what a diagnostic about a value underlines. Its length is
/// the written one, not the value's: `'a''b'` or `"\u00e9"` differ.
pub fn value_span(file_text: &str, base: usize, loc: Location) -> Range<usize> {
    let start = offset_of(file_text, base, loc);
    let written = loc.span().byte_len().map_or(0, |len| len as usize);
    let mut end = (start + written).min(file_text.len());
    while !file_text.is_char_boundary(end) {
        end -= 1;
    }
    let text = &file_text[start..end];
    let quoted = text.len() >= 2
        && ['"', '\'']
            .iter()
            .any(|&q| text.starts_with(q) && text.ends_with(q));
    let (start, end) = if quoted {
        (start + 1, end - 1)
    } else {
        (start, end)
    };
    let one_char = file_text[start..].chars().next().map_or(0, char::len_utf8);
    start..end.max(start + one_char)
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

/// The key of `known` that `key` is most likely a typo of: one edit away (a swap counts as
/// one), or two for keys of eight letters and more. Never between unrelated words.
pub fn near_miss<'k>(key: &str, known: impl IntoIterator<Item = &'k str>) -> Option<&'k str> {
    let lower = key.to_lowercase();
    known.into_iter().find(|known| {
        let allowed = if known.len() >= 8 { 2 } else { 1 };
        key != *known && strsim::damerau_levenshtein(&lower, known) <= allowed
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_errors_in_plain_words() {
        let table = [
            ("invalid i64", "expected a whole number (invalid i64)"),
            (
                "invalid boolean",
                "expected true or false (invalid boolean)",
            ),
            ("unclosed quote", "unclosed quote"),
        ];
        for (saphyr, want) in table {
            assert_eq!(in_plain_words(saphyr), want);
        }
    }

    /// `a` comes first, unread: what it holds moves `b`.
    #[derive(serde::Deserialize)]
    struct Doc {
        b: serde_saphyr::Spanned<String>,
    }

    /// Found by fuzzing (`fuzz/corpus/config`): a lone `\r` is a line break to YAML, so
    /// counting lines put the value of `b` past the end of the text.
    #[test]
    fn a_lone_carriage_return_breaks_no_span() {
        let table = [
            ("a: \"x\ry\"\nb: bad", "bad"),
            ("a: x\rb: 'c''é'", "c''é"),
            ("a: x\r\nb: \"\\L\\L\"", "\\L\\L"),
            ("a: x\nb: \"\"", "\""),
        ];
        for (text, want) in table {
            let doc: Doc = serde_saphyr::from_str(text).unwrap();
            let span = value_span(text, 0, doc.b.referenced);
            assert_eq!(text.get(span), Some(want), "{text:?}");
        }
    }

    #[test]
    fn errors_after_a_lone_carriage_return_point_at_their_value() {
        let text = "t: x\rn: [1]\n";
        let err =
            parse::<std::collections::HashMap<String, String>>(text, "f", text, 0, Code::Config)
                .unwrap_err();
        assert_eq!(&text[err.span], "[1]");
    }
}
