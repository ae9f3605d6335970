//! Participants: people, organizations, countries and places, with every
//! mention linked.

/// Training for this stage (`lede-train`).
#[cfg(feature = "train")]
pub mod train;

use crate::{Article, Participant};

/// Finds the participants of an article.
#[derive(Debug, Default)]
pub(crate) struct ParticipantFinder {}

impl ParticipantFinder {
    /// Loads the tagger and lexicons.
    pub(crate) fn new() -> crate::Result<ParticipantFinder> {
        Ok(ParticipantFinder {})
    }

    /// The participants of `article`, most salient first.
    pub(crate) fn find(&self, _article: &Article) -> Vec<Participant> {
        Vec::new()
    }
}
