//! What `lede-train ner` reads of the stage (the `train` feature): texts
//! read as the pipeline reads them, up to the tagger's token features; the
//! feature templates, the decoder and the model file. The training itself
//! (word clusters, the perceptron) lives in `crates/lede-train`.

use std::ops::Range;

use super::features::Gazetteer;
use super::lexicon::Lexicon;
use super::{Story, credits, tagger};
use crate::tokens::{Vocabulary, tokenize};
use crate::{Document, Limits, Result, Span};

pub use super::features::{
    History, LABELS, N_LABELS, Tok, history_features, previous_features, static_features, transition_features,
};
pub use super::tagger::{BEAM, Decoding, Entity, Model, allowed, decode, entities, read_model};
pub use crate::linear::{Scorer, Sink, row};

/// Reads texts into what the tagger sees of them.
pub struct Reader {
    vocab: Vocabulary,
    gazetteer: Gazetteer,
    limits: Limits,
}

/// A text as the tagger reads it: the tokens of its story sentences.
#[derive(Debug)]
pub struct Doc {
    /// Each token's features, in text order.
    pub toks: Vec<Tok>,
    /// Where each token stands in the text.
    pub spans: Vec<Span>,
    /// The sentences, as ranges of `toks`.
    pub sentences: Vec<Range<usize>>,
}

impl Reader {
    /// A reader whose tokens carry the word clusters and capitalization
    /// classes of these files (as `models/clusters.tsv` and
    /// `models/caps.tsv` hold them).
    pub fn new(clusters: &str, caps: &str) -> Reader {
        Reader {
            vocab: Vocabulary::new(clusters, caps),
            gazetteer: Lexicon::load().gazetteer(),
            limits: Limits::default(),
        }
    }

    /// Parses `text` as the pipeline does and gives the tokens of its
    /// story sentences, credits left out, with their features.
    pub fn read(&self, text: &str) -> Result<Doc> {
        let article = crate::parse::parse(&Document::text(text), &self.limits, &self.vocab)?;
        let credits = credits::credits(&article);
        let story = Story::of(&article, &credits.excluded);
        Ok(Doc {
            toks: tagger::features(&story, &self.gazetteer),
            spans: story.spans(0..story.read.len()).collect(),
            sentences: story.sentences,
        })
    }
}

/// The model file of float `weights` (`2^bits` rows of [`N_LABELS`]),
/// quantized to a byte a weight.
pub fn model_file(bits: u32, weights: &[f32]) -> Vec<u8> {
    crate::linear::Writer::new()
        .section(tagger::TAGS, &tagger::tag_names())
        .section(tagger::WEIGHTS, &Model::section(bits, weights))
        .finish()
}

/// The words of a line of unlabelled text as the tokenizer splits them
/// (for word clusters).
pub fn words(line: &str) -> Vec<&str> {
    tokenize(line, Span::new(0, line.len()))
        .into_iter()
        .map(|s| s.slice(line))
        .collect()
}
