//! The gist: one line saying who did what, where and when.

use crate::{Article, Extraction, Span};

/// The gist of the story's main event, when one is clear.
pub(super) fn gist(_article: &Article, _extraction: &Extraction, _by_rank: &[Span]) -> Option<String> {
    None
}
