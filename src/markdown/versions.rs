//! Version numbers in text, found at load for the CGU check, which then needs no page text:
//! those stated in a link's text (`[Annexe v1.2](…)`), and those in prose with the words
//! just before them (`les CGU FS version 1.2`). Also where reference definitions write
//! their destinations, so that a fix can rewrite them.

use super::Numbered;
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

/// A version stated in link text: `v1.2`, `V1.2`, `version 1.2`.
static LABEL_VERSION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:\b[vV]|\b[vV]ersion[\s\u{a0}]*)(\d+(?:\.\d+)+)\b").unwrap());

/// `[label]: destination` at the start of a line.
static DEFINITION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?m)^[ ]{0,3}\[[^\]]+\]:[ \t]*<?([^\s>]+)").unwrap());

/// The version numbers written in the text of the link `written` (its source, from `[`),
/// with their byte ranges in it. The destination, after `](`, is not text.
pub fn in_link_text(written: &str) -> Vec<(Range<usize>, &str)> {
    let text = written.find("](").map_or(written, |i| &written[..i]);
    if !text.bytes().any(|b| b.is_ascii_digit()) {
        return Vec::new();
    }
    LABEL_VERSION
        .captures_iter(text)
        .filter_map(|c| c.get(1))
        .map(|m| (m.range(), m.as_str()))
        .collect()
}

/// The byte ranges of the destinations of the reference definitions in `source`.
pub fn reference_destinations(source: &str) -> Vec<Range<usize>> {
    DEFINITION
        .captures_iter(source)
        .filter_map(|c| c.get(1))
        .map(|m| m.range())
        .collect()
}

/// Each version number (`1.2`, `2.0.1`) in the prose `range` of `source`, with up to `window`
/// bytes of the same prose before it.
pub fn numbers_in(source: &str, range: Range<usize>, window: usize) -> Vec<Numbered> {
    let text = &source[range.clone()];
    let bytes = text.as_bytes();
    let digit_at = |i: usize| bytes.get(i).is_some_and(u8::is_ascii_digit);
    let mut found = Vec::new();
    let mut last_end = 0;
    for dot in memchr::memchr_iter(b'.', bytes) {
        if dot < last_end || dot == 0 || !digit_at(dot - 1) || !digit_at(dot + 1) {
            continue;
        }
        let mut end = dot + 1;
        while digit_at(end) || (bytes.get(end) == Some(&b'.') && digit_at(end + 1)) {
            end += 1;
        }
        last_end = end;
        let mut start = end.saturating_sub(window);
        while !text.is_char_boundary(start) {
            start -= 1;
        }
        found.push(Numbered {
            at: range.start + start,
            text: text[start..end].into(),
        });
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_in_link_text_table() {
        let table: [(&str, &[&str]); 5] = [
            ("[Annexe CGU FS v1.2](a-v1.2.pdf)", &["1.2"]),
            ("[CGU version 1.3](x.pdf)", &["1.3"]),
            ("[les CGU](cgu-v1.1.pdf)", &[]),
            ("[v2.0 et V2.1][ref]", &["2.0", "2.1"]),
            ("https://x.fr/v1.2", &["1.2"]),
        ];
        for (written, want) in table {
            let got: Vec<&str> = in_link_text(written).into_iter().map(|(_, v)| v).collect();
            assert_eq!(got, want, "{written}");
        }
    }

    #[test]
    fn numbers_keep_the_words_before_them() {
        let source = "xx les CGU FS version 1.2, puis 3.4.5 et é1.0";
        let got: Vec<(usize, &str)> = numbers_in(source, 3..source.len(), 12)
            .iter()
            .map(|n| (n.at, &source[n.at..n.at + n.text.len()]))
            .collect();
        assert_eq!(
            got,
            [
                (13, " version 1.2"),
                (25, ", puis 3.4.5"),
                (34, "4.5 et é1.0")
            ]
        );
    }

    #[test]
    fn reference_destinations_table() {
        let source = "texte\n[a]: ../cgu/A%20B.pdf\n   [b]: <c.md> \"titre\"\n    [c]: code.md\n";
        let got: Vec<&str> = reference_destinations(source)
            .into_iter()
            .map(|r| &source[r])
            .collect();
        assert_eq!(got, ["../cgu/A%20B.pdf", "c.md"]);
    }
}
