//! Lede's domain: news articles in, structured metadata out.
//!
//! A [`Pipeline`] turns a [`Document`] (plain text or HTML) into an
//! [`Analysis`]:
//!
//! - [`Article`]: the text, its headline, source, publication time,
//!   dateline, credits, and every paragraph labelled (body, caption,
//!   footer, ...), with the body's sentences;
//! - [`Extraction`]: the [`Participant`]s (people, organizations, countries,
//!   places, each with all its mentions) and the [`Statement`]s (who said
//!   what, with cue and content spans);
//! - [`Summary`]: ranked body sentences, keywords and a one-line gist.
//!
//! Every position is a [`Span`] of UTF-8 byte offsets into
//! [`Article::text`]; no stage rewrites the text. Build the pipeline once:
//! [`Pipeline::new`] loads all lexicons and models, which ship inside the
//! crate, and analysis takes `&self`, so one pipeline serves every thread.
//!
//! ```
//! use lede_core::{Document, Pipeline, SummaryOptions};
//!
//! let pipeline = Pipeline::new()?;
//! let text = include_str!("../../../examples/xinhua-china-india.txt");
//! let analysis = pipeline.analyze(&Document::text(text), &SummaryOptions::default())?;
//! for statement in &analysis.extraction.statements {
//!     let speaker = statement.speaker.map_or("(unnamed)", |s| analysis.article.slice(s));
//!     println!("{speaker}: {}", analysis.article.slice(statement.content[0]));
//! }
//! assert!(!analysis.summary.sentences.is_empty());
//! # Ok::<(), lede_core::Error>(())
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod article;
mod document;
mod error;
mod extraction;
mod linear;
mod parse;
mod participants;
mod pipeline;
mod span;
mod statements;
mod stop;
mod summarize;
mod summary;
mod tokens;
mod when;

pub use article::{Article, Credit, CreditRole, Dateline, Paragraph, ParagraphKind, Published, Sentence};
pub use document::{Content, Document, Limits};
pub use error::{Error, ErrorKind, Result};
pub use extraction::{
    Attribution, Cue, Extraction, Mention, MentionKind, Notice, Participant, ParticipantKind, ParticipantRole,
    Statement, StatementKind,
};
pub use pipeline::{Analysis, Pipeline, Stage, StageObserver};
pub use span::Span;
pub use stop::{Canceller, Stop};
pub use summary::{Keyword, Summary, SummaryOptions, SummarySentence};
pub use tokens::Tokens;
pub use when::When;

/// Training entry points for the learned components, used by `lede-train`.
#[cfg(feature = "train")]
#[doc(hidden)]
pub mod train {
    pub use crate::participants::train as ner;
    pub use crate::statements::train as statements;
    pub use crate::summarize::train as summarize;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_types_are_send_and_sync() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Pipeline>();
        assert_send_sync::<Analysis>();
        assert_send_sync::<Document>();
        assert_send_sync::<Error>();
    }
}
