//! What `lede-train statements` needs of the stage (the `train` feature):
//! the vocabulary articles are parsed with, each token's features, the
//! taggers' decoding under their constraints, the model file, and the
//! finder itself. The averaged perceptron, the data and the scoring live
//! in `crates/lede-train`.

use std::ops::Range;

use super::cues::{cue_features, quoted};
use super::doc::Doc;
use super::hashing::Feats;
use super::roles::Window;
use super::{CueConstraint, RoleConstraint, TokenCache};
use crate::linear::{Tagger, viterbi};
use crate::tokens::Vocabulary;
use crate::{Article, Document, Limits, Result, Span, Statement, Stop};

pub use super::{CON_B, CON_I, CUE, CUE_B, CUE_I, CUE_L, CUE_TAGS, CUE_U, ROLE_TAGS, SRC_B, SRC_I};
/// The most tags a tagger may have: the length of a weight row.
pub const MAX_TAGS: usize = crate::linear::MAX_TAGS;

/// The vocabulary articles are parsed with: the shipped word tables, and
/// the stage's word lists for a model's cue words.
pub struct Vocab(Vocabulary);

impl Vocab {
    /// The vocabulary for a model of the cue words `cue_words`.
    pub fn new(cue_words: &[String]) -> Vocab {
        let mut vocab = crate::pipeline::base_vocabulary();
        super::lists::add(&mut vocab, cue_words);
        Vocab(vocab)
    }

    /// Parses `text` as the pipeline does, its tokens looked up here.
    pub fn parse(&self, text: &str) -> Result<Article> {
        crate::parse::parse(&Document::text(text), &Limits::default(), &self.0)
    }
}

/// A trained tagger, quantized.
#[derive(Clone, Debug)]
pub struct Weights(Tagger);

impl Weights {
    /// Quantizes a tagger of `tags` tags: its float weights `rows` (a
    /// feature and a weight per tag) and transitions `trans`
    /// (`(tags + 1) × tags`, the last row for the first tag), leaving out
    /// the rows whose largest weight comes to fewer than `min` quanta (of
    /// 127 for the largest weight of all); with `without_first`, tag 0's
    /// weights subtracted from the others' and left out (a row of one
    /// fewer weight, which decodes the same).
    pub fn quantize(
        tags: usize,
        rows: &[(u32, [f32; MAX_TAGS])],
        trans: Vec<f32>,
        min: u8,
        without_first: bool,
    ) -> Result<Weights> {
        Tagger::quantize(tags, rows, trans, min, without_first).map(Weights)
    }

    /// The number of feature rows kept.
    pub fn rows(&self) -> usize {
        self.0.rows.iter().count()
    }
}

/// A statement model and the vocabulary its articles are parsed with.
pub struct Model {
    model: super::Model,
    vocab: Vocab,
}

impl Model {
    /// The model of the taggers `cue` and `role` and the cue words.
    pub fn new(cue: Weights, role: Weights, cue_words: Vec<String>) -> Model {
        let vocab = Vocab::new(&cue_words);
        let model = super::Model::new(cue.0, role.0, cue_words, vocab.0.cluster_values());
        Model { model, vocab }
    }

    /// Reads a model file.
    pub fn from_bytes(bytes: &[u8]) -> Result<Model> {
        let base = crate::pipeline::base_vocabulary();
        let model = super::Model::from_bytes(bytes, base.cluster_values())?;
        let vocab = Vocab::new(&model.cue_words);
        Ok(Model { model, vocab })
    }

    /// The model file.
    pub fn to_bytes(&self) -> Vec<u8> {
        self.model.to_bytes()
    }

    /// The vocabulary to parse articles with for this model.
    pub fn vocab(&self) -> &Vocab {
        &self.vocab
    }

    /// The role tagger.
    pub fn role(&self) -> Weights {
        Weights(self.model.role.clone())
    }

    /// The bias added to the score of a cue's first token.
    pub fn cue_bias(&self) -> f32 {
        self.model.cue_bias
    }

    /// Sets the bias added to the score of a cue's first token.
    pub fn set_cue_bias(&mut self, bias: f32) {
        self.model.cue_bias = bias;
    }

    /// How further cue candidates are found and when they stand: the bias
    /// of the second decoding, the fewest content tokens and the most
    /// tokens between cue and speaker.
    pub fn extra(&self) -> (f32, usize, usize) {
        let e = self.model.extra;
        (e.bias, e.min_content, e.max_gap)
    }

    /// Sets what [`Model::extra`] gives.
    pub fn set_extra(&mut self, (bias, min_content, max_gap): (f32, usize, usize)) {
        self.model.extra = super::model::Extra {
            bias,
            min_content,
            max_gap,
        };
    }

    /// The statements of `article` (parsed with [`Model::vocab`]), speakers
    /// unresolved.
    pub fn find_statements(&self, article: &Article) -> Vec<Statement> {
        super::find_statements(article, &self.model, &Stop::never())
    }

    /// The cues the cue tagger alone finds.
    pub fn find_cues(&self, doc: &Features) -> Vec<Span> {
        super::find_cue_candidates(&doc.0, &self.model, self.model.cue_bias, None)
            .0
            .into_iter()
            .map(|(b, e)| super::cover(&doc.0, b, e))
            .collect()
    }

    /// The role windows [`Model::find_statements`] tags: those of every
    /// cue and further cue candidate.
    pub fn role_windows(&self, doc: &Features) -> Windows {
        let (cues, extras) =
            super::find_cue_candidates(&doc.0, &self.model, self.model.cue_bias, Some(self.model.extra.bias));
        let cues = cues.into_iter().map(|(b, e)| Window::reaching(&doc.0, b, e, 1));
        Windows(
            cues.chain(extras.into_iter().map(|(b, e)| Window::reaching(&doc.0, b, e, 0)))
                .collect(),
        )
    }

    /// Tags the roles of every window; returns the number of content chunks.
    pub fn tag_roles(&self, doc: &Features, windows: &Windows) -> usize {
        let mut cache = TokenCache::new(&doc.0);
        windows
            .0
            .iter()
            .map(|w| super::find_roles(&doc.0, w, &self.model, &mut cache).1.len())
            .sum()
    }
}

/// Role windows of one article.
pub struct Windows(Vec<Window>);

impl Windows {
    /// The number of tokens in all windows.
    pub fn tokens(&self) -> usize {
        self.0.iter().map(|w| w.end - w.begin).sum()
    }
}

/// One training sequence's features: those of token `k` are
/// `feats[offsets[k]..offsets[k + 1]]`.
#[derive(Clone, Debug, Default)]
pub struct Sequence {
    /// Every token's features, one after another.
    pub feats: Vec<u32>,
    /// Where each token's features start, and one past the last's end.
    pub offsets: Vec<u32>,
}

impl Sequence {
    fn push(&mut self, f: &Feats) {
        if self.offsets.is_empty() {
            self.offsets.push(0);
        }
        self.feats.extend_from_slice(&f.list);
        self.offsets.push(self.feats.len() as u32);
    }
}

/// An article as the taggers see it: the tokens of its headline and body.
pub struct Features<'a>(Doc<'a>);

impl<'a> Features<'a> {
    /// The view of `article`.
    pub fn new(article: &'a Article) -> Features<'a> {
        Features(Doc::new(article))
    }

    /// Every token's span.
    pub fn spans(&self) -> Vec<Span> {
        self.0.toks.iter().map(|t| t.span).collect()
    }

    /// Every sentence's tokens.
    pub fn sentences(&self) -> impl Iterator<Item = Range<usize>> + '_ {
        self.0.sents.iter().map(|s| s.begin..s.end)
    }

    /// The cue tagger's features of the sentence of tokens `s`.
    pub fn cue_sequence(&self, s: Range<usize>) -> Sequence {
        let sent = super::doc::Sent {
            begin: s.start,
            end: s.end,
        };
        let quoted = quoted(&self.0, sent);
        let mut f = Feats::new();
        let mut out = Sequence::default();
        for i in s {
            cue_features(&self.0, sent, quoted, i, &mut f);
            out.push(&f);
        }
        out
    }

    /// The role window of the cue of tokens `cue` (its sentence and one on
    /// either side) and the role tagger's features of its tokens.
    pub fn role_sequence(&self, cue: Range<usize>) -> (Range<usize>, Sequence) {
        let w = Window::new(&self.0, cue.start, cue.end);
        let mut f = Feats::new();
        let mut out = Sequence::default();
        for i in w.begin..w.end {
            w.features(&self.0, i, &mut f);
            out.push(&f);
        }
        (w.begin..w.end, out)
    }
}

/// The best cue tags of a sentence of `n` tokens under the cue tagger's
/// constraints, from emission scores (`n × CUE_TAGS`) and transitions.
pub fn decode_cues(n: usize, emissions: &[f32], trans: &[f32]) -> Vec<u8> {
    viterbi(n, CUE_TAGS, emissions, trans, &CueConstraint)
}

/// The best role tags of a window of `n` tokens whose cue covers positions
/// `cue`, under the role tagger's constraints.
pub fn decode_roles(n: usize, emissions: &[f32], trans: &[f32], cue: Range<usize>) -> Vec<u8> {
    let c = RoleConstraint {
        cue_begin: cue.start,
        cue_end: cue.end,
    };
    viterbi(n, ROLE_TAGS, emissions, trans, &c)
}
