//! Statements: who said what.

/// Training for this stage (`lede-train`).
#[cfg(feature = "train")]
pub mod train;

use crate::{Article, Participant, Statement};

/// Finds statements and attributes them to participants.
#[derive(Debug, Default)]
pub(crate) struct StatementFinder {}

impl StatementFinder {
    /// Loads the cue lexicon and models.
    pub(crate) fn new() -> crate::Result<StatementFinder> {
        Ok(StatementFinder {})
    }

    /// The statements of `article` in text order. Speakers resolve to
    /// `participants`; a speaker mention not yet among a participant's
    /// mentions (a pronoun, a nominal) is added to it, and the participant
    /// gets the speaker role.
    pub(crate) fn find(&self, _article: &Article, _participants: &mut [Participant]) -> Vec<Statement> {
        Vec::new()
    }
}
