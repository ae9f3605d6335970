//! Byte spans into an article's text.

use std::ops::Range;

/// A half-open range `[begin, end)` of UTF-8 byte offsets into `Article::text`.
///
/// Every stage of the pipeline reports where its findings stand in the
/// original text through spans; no stage rewrites the text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    /// First byte of the span.
    pub begin: usize,
    /// One past the last byte of the span.
    pub end: usize,
}

impl Span {
    /// A span from `begin` to `end`.
    ///
    /// # Panics
    /// When `begin > end`: that is a bug in the caller.
    pub const fn new(begin: usize, end: usize) -> Span {
        assert!(begin <= end, "span begins after it ends");
        Span { begin, end }
    }

    /// Length in bytes.
    pub const fn len(self) -> usize {
        self.end - self.begin
    }

    /// Whether the span covers no bytes.
    pub const fn is_empty(self) -> bool {
        self.begin == self.end
    }

    /// Whether `other` lies wholly inside this span.
    pub const fn contains(self, other: Span) -> bool {
        self.begin <= other.begin && other.end <= self.end
    }

    /// Whether the two spans share at least one byte.
    pub const fn overlaps(self, other: Span) -> bool {
        self.begin < other.end && other.begin < self.end
    }

    /// The smallest span covering both.
    pub fn cover(self, other: Span) -> Span {
        Span::new(self.begin.min(other.begin), self.end.max(other.end))
    }

    /// The text this span covers, or `None` when it does not fit `text`
    /// or does not fall on character boundaries.
    pub fn get(self, text: &str) -> Option<&str> {
        text.get(self.begin..self.end)
    }

    /// The text this span covers.
    ///
    /// # Panics
    /// When the span is out of range or not on character boundaries; spans
    /// made by the pipeline for this text never are.
    pub fn slice(self, text: &str) -> &str {
        &text[self.begin..self.end]
    }

    /// The span shrunk so that it neither starts nor ends with white space.
    pub fn trim(self, text: &str) -> Span {
        let s = self.slice(text);
        let start = self.begin + (s.len() - s.trim_start().len());
        let end = self.end - (s.len() - s.trim_end().len());
        Span::new(start, end.max(start))
    }
}

impl From<Range<usize>> for Span {
    fn from(r: Range<usize>) -> Span {
        Span::new(r.start, r.end)
    }
}

impl From<Span> for Range<usize> {
    fn from(s: Span) -> Range<usize> {
        s.begin..s.end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trim_drops_outer_white_space_only() {
        let text = "  a b \n";
        let span = Span::new(0, text.len()).trim(text);
        assert_eq!(span.slice(text), "a b");
        assert_eq!(Span::new(0, 2).trim(text).len(), 0);
    }

    #[test]
    fn overlap_is_half_open() {
        assert!(!Span::new(0, 3).overlaps(Span::new(3, 5)));
        assert!(Span::new(0, 4).overlaps(Span::new(3, 5)));
        assert!(Span::new(0, 5).contains(Span::new(3, 5)));
    }
}
