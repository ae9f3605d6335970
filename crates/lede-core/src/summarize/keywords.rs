//! Key phrases, YAKE-style.

use crate::{Article, Keyword, Span};

/// The `max` best key phrases of the given sentences.
pub(super) fn keywords(_article: &Article, _sentences: impl Iterator<Item = Span>, _max: usize) -> Vec<Keyword> {
    Vec::new()
}
