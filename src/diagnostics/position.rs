//! Byte offset → line and column, with a table of line starts and a binary search
//! (as lychee's `SourceSpanProvider`). Columns count characters from 1: "é" is one column.

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

#[cfg(test)]
mod tests {
    use super::*;

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
