//! The named-entity tagger: an averaged perceptron over BIO tags, trained
//! greedily left to right (`lede-train ner`) and decoded with a small
//! beam, with the document's earlier predictions as features. It reads
//! the article's tokens ([`Story`]): their hashes, shapes, clusters and
//! sentences, as parse made them.

use super::Story;
use super::features::{self, Gazetteer, History, N_LABELS, Tok, label_type};
use crate::linear::{Beam, Hashed, Scorer, Sections};
use crate::tokens::IdMap;
use crate::{Error, Result, Span, Stop};

/// The tagger's weights.
pub type Model = Hashed<N_LABELS>;

/// The section of the model file that holds the weights.
pub(crate) const WEIGHTS: &[u8; 4] = b"NERW";
/// The section that names the tags (checked on load): their length in
/// bytes (u32 LE), then the names, one a line.
pub(crate) const TAGS: &[u8; 4] = b"TAGS";

/// The beam width used at run time.
pub const BEAM: usize = 4;

/// How far behind the best hypothesis another may stay in the beam, in
/// the model's units (a quantized weight is at most 127): a hypothesis
/// that the largest weight of one more feature could not lift back is
/// dropped. Most tokens then keep one hypothesis and cost what greedy
/// decoding does; on CoNLL-2003 dev the tags are those of the full beam
/// within 0.001 F1, at 62% of its instructions.
pub const MARGIN: f32 = 127.0;

/// Whether tag `label` may follow tag `prev` (no I-X after anything but X).
#[inline]
pub fn allowed(prev: usize, label: usize) -> bool {
    if label == 0 || features::is_begin(label) {
        return true;
    }
    prev != 0 && label_type(prev) == label_type(label)
}

/// The model file's [`TAGS`] section.
pub(crate) fn tag_names() -> Vec<u8> {
    let names = features::LABELS.join("\n");
    let mut out = (names.len() as u32).to_le_bytes().to_vec();
    out.extend_from_slice(names.as_bytes());
    out
}

/// Reads the model file.
pub fn read_model(bytes: &[u8]) -> Result<Model> {
    let sections = Sections::parse(bytes)?;
    let mut tags = sections.get(TAGS)?;
    let len = tags.u32()? as usize;
    if tags.take(len)? != &tag_names()[4..] {
        return Err(Error::internal("model: the named-entity tags are not this tagger's"));
    }
    Model::read(&mut sections.get(WEIGHTS)?)
}

/// The scores of the tags before alone: `[prev][prev2]`.
type Transitions = [[[f32; N_LABELS]; N_LABELS]; N_LABELS];

/// Buffers, and sums of one scorer's weights kept from sentence to
/// sentence: a token's own features' by its [`Tok::key`], its features
/// of the tag before by key and tag, the tags' before alone. Use one for
/// each scorer (its sums are that scorer's).
#[derive(Debug, Default)]
pub struct Decoding {
    beam: Beam,
    transitions: Option<Box<Transitions>>,
    own: IdMap<u64, [f32; N_LABELS]>,
    after: IdMap<u64, [f32; N_LABELS]>,
}

/// `a + b + c`, tag by tag.
#[inline]
fn add3(a: &[f32; N_LABELS], b: &[f32; N_LABELS], c: &[f32; N_LABELS]) -> [f32; N_LABELS] {
    std::array::from_fn(|k| a[k] + b[k] + c[k])
}

/// Tags one sentence (`width` 1 is greedy) and appends its tags to `out`,
/// then adds them to the document history: all of them, or with
/// `names_only` (a headline) only its people, organizations and places.
/// A headline's words are capitalized for style and its names stand bare
/// ("Former Trump adviser Page met ..."): a name it misses, or tags MISC
/// with the title-case words around it, is no evidence of what the word
/// is, and recorded it would take every later mention with it ("Carter
/// Page"); a name it finds ("UAW SETS STRIKE DATE") helps the body's bare
/// mentions.
pub fn decode<S: Scorer<N_LABELS>>(
    scorer: &S,
    toks: &[Tok],
    hist: &mut History,
    buffers: &mut Decoding,
    out: &mut Vec<usize>,
    width: usize,
    names_only: bool,
) {
    let Decoding {
        beam,
        transitions,
        own,
        after,
    } = buffers;
    let transitions = transitions.get_or_insert_with(|| {
        Box::new(std::array::from_fn(|p| {
            std::array::from_fn(|p2| scorer.scores(&features::transition_features(p, p2)))
        }))
    });
    let start = out.len();
    // Per position: the scores of the features that read no tag, once;
    // per tag before, those that read it; per pair of tags before, the
    // transitions'.
    let mut at = usize::MAX;
    let mut base = [0f32; N_LABELS];
    let history = &*hist;
    beam.decode::<N_LABELS>(
        toks.len(),
        width,
        MARGIN,
        allowed,
        |i, prev, prev2| {
            let tok = &toks[i];
            if i != at {
                at = i;
                let mine = *own.entry(tok.key).or_insert_with(|| {
                    let mut sum = scorer.start();
                    features::own_features(tok, &mut sum);
                    scorer.total(sum)
                });
                let mut sum = scorer.start();
                features::context_features(toks, i, &mut sum);
                features::history_features(toks, i, history, &mut sum);
                let context = scorer.total(sum);
                base = std::array::from_fn(|k| mine[k] + context[k]);
            }
            let by_prev = after.entry(features::mix(tok.key, prev as u64)).or_insert_with(|| {
                let mut sum = scorer.start();
                features::previous_features(tok, prev, &mut sum);
                scorer.total(sum)
            });
            add3(&base, by_prev, &transitions[prev][prev2])
        },
        out,
    );
    for (t, &l) in toks.iter().zip(&out[start..]) {
        hist.record(t, l, names_only);
    }
}

/// An entity the tagger found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entity {
    /// Where it stands.
    pub span: Span,
    /// 0 PER, 1 ORG, 2 LOC, 3 MISC.
    pub ty: usize,
}

/// Reads entities off the tags of tokens at `spans`.
pub fn entities(spans: impl Iterator<Item = Span>, labels: &[usize], out: &mut Vec<Entity>) {
    let mut cur: Option<Entity> = None;
    for (span, &label) in spans.zip(labels) {
        match label_type(label) {
            Some(ty) if !features::is_begin(label) && cur.is_some_and(|c| c.ty == ty) => {
                if let Some(c) = cur.as_mut() {
                    c.span = c.span.cover(span);
                }
            }
            Some(ty) => {
                out.extend(cur.take());
                cur = Some(Entity { span, ty });
            }
            None => out.extend(cur.take()),
        }
    }
    out.extend(cur);
}

/// The features of every token `story` reads, in its order: each token's
/// own, its sentence's (first word, a line in capitals, after a quote),
/// the gazetteer's phrases, and what the whole story says of the word.
pub(crate) fn features(story: &Story, gazetteer: &Gazetteer) -> Vec<Tok> {
    let mut toks: Vec<Tok> = story.read.iter().map(|&i| Tok::of(story.tokens, i)).collect();
    for r in &story.sentences {
        let words = story.read[r.clone()].iter().map(|&i| story.tokens.lower(i));
        features::mark_sentence(&mut toks[r.clone()], words);
        gazetteer.mark(&mut toks[r.clone()]);
    }
    let flags = features::document_flags(story.sentences.iter().map(|r| &toks[r.clone()]));
    features::mark_document(&mut toks, &flags);
    toks
}

/// The tagger with its gazetteer.
#[derive(Debug)]
pub(crate) struct Tagger {
    model: Model,
    gazetteer: Gazetteer,
}

impl Tagger {
    /// Builds a tagger from a model file and the gazetteer.
    pub(crate) fn new(model: &[u8], gazetteer: Gazetteer) -> Result<Tagger> {
        Ok(Tagger {
            model: read_model(model)?,
            gazetteer,
        })
    }

    /// Tags the story's sentences; returns the entities in text order.
    /// Stops early, with the entities found so far, once `stop` says so.
    pub(crate) fn tag(&self, story: &Story, stop: &Stop) -> Vec<Entity> {
        let toks = features(story, &self.gazetteer);
        let mut hist = History::default();
        let mut buffers = Decoding::default();
        let mut labels = Vec::new();
        let mut out = Vec::new();
        for (r, &headline) in story.sentences.iter().zip(&story.headline) {
            if stop.is_stopped() {
                break;
            }
            labels.clear();
            decode(
                &self.model,
                &toks[r.clone()],
                &mut hist,
                &mut buffers,
                &mut labels,
                BEAM,
                headline,
            );
            entities(story.spans(r.clone()), &labels, &mut out);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bio_constraints_hold() {
        assert!(allowed(0, 1));
        assert!(!allowed(0, 2));
        assert!(allowed(1, 2));
        assert!(!allowed(3, 2));
        assert!(allowed(2, 2));
    }

    #[test]
    fn entities_read_off_bio_tags() {
        let spans = [Span::new(0, 5), Span::new(6, 9), Span::new(10, 12), Span::new(13, 15)];
        let mut out = Vec::new();
        entities(spans.into_iter(), &[1, 2, 0, 5], &mut out);
        assert_eq!(
            out,
            [
                Entity {
                    span: Span::new(0, 9),
                    ty: 0
                },
                Entity {
                    span: Span::new(13, 15),
                    ty: 2
                }
            ]
        );
    }

    #[test]
    fn a_model_file_of_other_tags_or_format_does_not_load() {
        use crate::linear::Writer;
        let weights = vec![0f32; 2 * N_LABELS];
        let good = Writer::new()
            .section(TAGS, &tag_names())
            .section(WEIGHTS, &Model::section(1, &weights))
            .finish();
        assert!(read_model(&good).is_ok());
        let other = Writer::new()
            .section(TAGS, b"\x05\0\0\0O\nB-X")
            .section(WEIGHTS, &Model::section(1, &weights))
            .finish();
        assert!(read_model(&other).is_err());
        assert!(read_model(b"LEDENER1").is_err());
    }
}
