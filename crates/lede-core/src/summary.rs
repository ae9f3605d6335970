//! Summaries: ranked sentences, keywords and a one-line gist.

use crate::Span;

/// How long a summary may be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SummaryOptions {
    /// Most sentences to select.
    pub max_sentences: usize,
    /// Most characters (Unicode scalar values) the selected sentences may
    /// hold together; `None` for no bound.
    pub max_characters: Option<usize>,
}

impl Default for SummaryOptions {
    fn default() -> SummaryOptions {
        SummaryOptions {
            max_sentences: 3,
            max_characters: None,
        }
    }
}

/// A sentence chosen for the summary.
#[derive(Clone, Debug, PartialEq)]
pub struct SummarySentence {
    /// Where the sentence stands: the span of its entry in
    /// [`Article::sentences`](crate::Article::sentences).
    pub span: Span,
    /// Its text on one line (a line break inside it reads as a space).
    pub text: String,
    /// Its rank score; higher is more central.
    pub score: f32,
}

/// A key phrase.
#[derive(Clone, Debug, PartialEq)]
pub struct Keyword {
    /// The phrase as it first appears.
    pub text: String,
    /// Its relevance; higher is more relevant.
    pub score: f32,
}

/// An extractive summary of an article.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Summary {
    /// The selected body sentences, in article order.
    pub sentences: Vec<SummarySentence>,
    /// Key phrases, most relevant first.
    pub keywords: Vec<Keyword>,
    /// One line: who did what, where, when.
    pub gist: String,
}
