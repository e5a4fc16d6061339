//! Byte offset → line and column, with a table of line starts and a binary search
//! (as lychee's `SourceSpanProvider`). Columns count characters from 1: "é" is one column.

use std::ops::Range;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        LineIndex { starts }
    }

    /// The 0-based line holding `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset) - 1
    }

    pub fn line_start(&self, line: usize) -> usize {
        self.starts[line]
    }

    pub fn position(&self, text: &str, offset: usize) -> Position {
        let offset = offset.min(text.len());
        let line = self.line_of(offset);
        let start = self.starts[line];
        let column = text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count())
            + 1;
        Position {
            line: line + 1,
            column,
        }
    }

    /// Byte offset of a 1-based line and character column, clamped to the text.
    pub fn offset(&self, text: &str, line: usize, column: usize) -> usize {
        let Some(&start) = self.starts.get(line.saturating_sub(1)) else {
            return text.len();
        };
        text[start..]
            .char_indices()
            .take_while(|(_, c)| *c != '\n')
            .nth(column.saturating_sub(1))
            .map_or_else(
                || text[start..].find('\n').map_or(text.len(), |i| start + i),
                |(i, _)| start + i,
            )
    }
}

/// `text` with only the lines where the `spans` start: every other line emptied, its line
/// break kept, so that lines keep their numbers and the kept lines their columns. Returns the
/// excerpt and each span moved into it (an end past its line is cut at the line's end, as
/// snippets show one line).
pub fn excerpt(text: &str, spans: &[Range<usize>]) -> (String, Vec<Range<usize>>) {
    let index = LineIndex::new(text);
    let line_end = |line: usize| {
        index
            .starts
            .get(line + 1)
            .map_or(text.len(), |&next| next - 1)
    };
    let mut kept: Vec<usize> = spans
        .iter()
        .map(|s| index.line_of(s.start.min(text.len())))
        .collect();
    kept.sort_unstable();
    kept.dedup();
    let mut out = String::new();
    // Where each kept line starts in `out`.
    let mut moved_starts = Vec::with_capacity(kept.len());
    let mut next = kept.iter().peekable();
    for line in 0..index.starts.len() {
        let start = index.starts[line];
        let end = line_end(line);
        let has_break = end < text.len();
        if next.peek() == Some(&&line) {
            next.next();
            moved_starts.push(out.len());
            out.push_str(&text[start..end]);
        }
        if has_break {
            out.push('\n');
        }
    }
    let moved = spans
        .iter()
        .map(|s| {
            let at = s.start.min(text.len());
            let line = index.line_of(at);
            let k = kept.binary_search(&line).expect("a kept line");
            let shift = |offset: usize| moved_starts[k] + (offset - index.starts[line]);
            let end = s.end.clamp(at, line_end(line));
            shift(at)..shift(end)
        })
        .collect();
    (out, moved)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An excerpt gives every diagnostic the position and the line it has in the whole text.
    #[test]
    fn excerpts_keep_positions_and_lines() {
        let text =
            "---\ntitle: é\n---\n# Titre\r\n\nvoir [é](a.md) et [b](b.md)\nfin\nsans fin de ligne";
        let spans = [
            23..29,
            26..100,
            50..60,
            0..0,
            text.len() - 3..text.len(),
            text.len()..text.len(),
            1000..1000,
        ];
        let (short, moved) = excerpt(text, &spans);
        assert!(short.len() < text.len() / 2 + 30, "{short:?}");
        let (whole, part) = (LineIndex::new(text), LineIndex::new(&short));
        let line = |t: &str, i: &LineIndex, at: usize| {
            let at = at.min(t.len());
            let n = i.line_of(at);
            t[i.line_start(n)..].split('\n').next().unwrap().to_string()
        };
        for (s, m) in spans.iter().zip(&moved) {
            assert_eq!(
                whole.position(text, s.start),
                part.position(&short, m.start),
                "{s:?}"
            );
            assert_eq!(
                line(text, &whole, s.start),
                line(&short, &part, m.start),
                "{s:?}"
            );
            assert!(m.end <= short.len() && m.start <= m.end);
        }
        assert_eq!(short.matches('\n').count(), text.matches('\n').count());
    }

    #[test]
    fn positions_count_characters() {
        let text = "é[a](b)\nsecond [x](y)\n";
        let idx = LineIndex::new(text);
        let table = [(0, 1, 1), (2, 1, 2), (9, 2, 1), (16, 2, 8)];
        for (offset, line, column) in table {
            assert_eq!(
                idx.position(text, offset),
                Position { line, column },
                "offset {offset}"
            );
        }
        assert_eq!(idx.offset(text, 2, 8), 16);
        assert_eq!(idx.offset(text, 1, 2), 2);
    }
}
