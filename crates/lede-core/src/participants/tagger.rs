//! The named-entity tagger: an averaged perceptron over BIO tags, trained
//! greedily left to right and decoded with a small beam, with the
//! document's earlier predictions as features.

use super::features::{self, History, N_LABELS, Tok, WordTable, label_type};
use crate::linear::Scorer;

/// The tagger's weights.
pub(crate) type Model = crate::linear::Hashed<N_LABELS>;
use super::lexicon::Lexicon;
use crate::tokens::legacy::tokenize;
use crate::{Span, Stop};

/// The beam width used at run time.
pub(crate) const BEAM: usize = 4;

/// Whether tag `label` may follow tag `prev` (no I-X after anything but X).
#[inline]
pub(crate) fn allowed(prev: usize, label: usize) -> bool {
    if label == 0 || features::is_begin(label) {
        return true;
    }
    prev != 0 && label_type(prev) == label_type(label)
}

/// Tags one sentence by beam search over tag sequences (`width` 1 is
/// greedy), extending the document history. Hypotheses that end in the same
/// two tags are merged, as the features see no further back.
pub(crate) fn decode<S: Scorer<N_LABELS>>(
    scorer: &S,
    toks: &[Tok],
    hist: &mut History,
    feats: &mut Vec<u64>,
    out: &mut Vec<usize>,
    width: usize,
) {
    // Per position, up to `width` hypotheses (score, tag, parent slot in the
    // previous column, parent's tag), in one flat buffer of `width` slots a
    // column.
    let width = width.max(1);
    let mut cells: Vec<(f32, usize, usize, usize)> = Vec::with_capacity(toks.len() * width);
    let mut counts: Vec<usize> = Vec::with_capacity(toks.len());
    let mut static_feats = Vec::with_capacity(96);
    let mut candidates: Vec<(f32, usize, usize, usize)> = Vec::with_capacity(width * N_LABELS);
    const ROOT: [(f32, usize, usize, usize); 1] = [(0.0, 0, 0, 0)];
    for i in 0..toks.len() {
        static_feats.clear();
        features::static_features(toks, i, &mut static_feats);
        let base = scorer.scores(&static_feats);
        candidates.clear();
        let parents = if i == 0 {
            &ROOT[..]
        } else {
            &cells[(i - 1) * width..(i - 1) * width + counts[i - 1]]
        };
        for (k, &(score, prev, _, prev2)) in parents.iter().enumerate() {
            feats.clear();
            features::dynamic_features(toks, i, prev, prev2, hist, feats);
            let dynamic = scorer.scores(feats);
            for label in 0..N_LABELS {
                if allowed(prev, label) {
                    candidates.push((score + base[label] + dynamic[label], label, k, prev));
                }
            }
        }
        // Keep the best `width` hypotheses; hypotheses ending in the same two
        // tags look alike to every later feature, so only the best of them stays.
        let column = cells.len();
        for &c in &candidates {
            let kept = &mut cells[column..];
            if let Some(same) = kept.iter_mut().find(|x| x.1 == c.1 && x.3 == c.3) {
                if c.0 > same.0 {
                    *same = c;
                }
                continue;
            }
            if kept.len() < width {
                cells.push(c);
            } else if let Some(worst) = kept.iter_mut().min_by(|a, b| a.0.total_cmp(&b.0))
                && c.0 > worst.0
            {
                *worst = c;
            }
        }
        cells[column..].sort_unstable_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        counts.push(cells.len() - column);
        cells.resize(column + width, (f32::MIN, 0, 0, 0));
    }
    let start = out.len();
    out.resize(start + toks.len(), 0);
    let mut k = 0;
    for i in (0..toks.len()).rev() {
        let Some(&(_, label, parent, _)) = cells.get(i * width + k) else {
            break;
        };
        out[start + i] = label;
        k = parent;
    }
    for (t, &l) in toks.iter().zip(&out[start..]) {
        hist.record(t, l);
    }
}

/// An entity the tagger found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Entity {
    /// Where it stands.
    pub span: Span,
    /// 0 PER, 1 ORG, 2 LOC, 3 MISC.
    pub ty: usize,
}

/// Reads entities off the tags of `spans`.
pub(crate) fn entities(spans: &[Span], labels: &[usize], out: &mut Vec<Entity>) {
    let mut cur: Option<Entity> = None;
    for (span, &label) in spans.iter().zip(labels) {
        match label_type(label) {
            Some(ty) if !features::is_begin(label) && cur.is_some_and(|c| c.ty == ty) => {
                if let Some(c) = cur.as_mut() {
                    c.span = c.span.cover(*span);
                }
            }
            Some(ty) => {
                out.extend(cur.take());
                cur = Some(Entity { span: *span, ty });
            }
            None => out.extend(cur.take()),
        }
    }
    out.extend(cur);
}

/// The tagger with its word table and gazetteer.
#[derive(Debug)]
pub(crate) struct Tagger {
    model: Model,
    words: WordTable,
    gazetteer: features::Gazetteer,
}

impl Tagger {
    /// Builds a tagger from a model file, the word tables and the lexicon.
    pub(crate) fn new(model: &[u8], clusters: &str, caps: &str, lexicon: &Lexicon) -> Option<Tagger> {
        Some(Tagger {
            model: Model::from_bytes(model)?,
            words: WordTable::parse(clusters, caps),
            gazetteer: lexicon.gazetteer(),
        })
    }

    /// Tags a document given as sentences of token spans into `text`;
    /// returns the entities in text order.
    /// Stops early, with the entities found so far, once `stop` says so.
    pub(crate) fn tag(&self, text: &str, sentences: &[Vec<Span>], stop: &Stop) -> Vec<Entity> {
        let mut toks: Vec<Tok> = Vec::with_capacity(sentences.iter().map(Vec::len).sum());
        let mut ranges = Vec::with_capacity(sentences.len());
        let mut words = Vec::new();
        for sentence in sentences {
            words.clear();
            words.extend(sentence.iter().map(|s| s.get(text).unwrap_or("")));
            let start = toks.len();
            toks.extend(words.iter().map(|w| features::tok(w, &self.words)));
            features::mark_sentence(&mut toks[start..], &words);
            self.gazetteer.mark(&mut toks[start..]);
            ranges.push(start..toks.len());
        }
        let flags = features::document_flags(ranges.iter().map(|r| &toks[r.clone()]));
        features::mark_document(&mut toks, &flags);
        let mut hist = History::default();
        let mut feats = Vec::with_capacity(96);
        let mut labels = Vec::new();
        let mut out = Vec::new();
        for (sentence, r) in sentences.iter().zip(ranges) {
            if stop.is_stopped() {
                break;
            }
            labels.clear();
            decode(&self.model, &toks[r], &mut hist, &mut feats, &mut labels, BEAM);
            entities(sentence, &labels, &mut out);
        }
        out
    }
}

/// Splits `span` of `text` into sentences of tokens: lines first, then
/// sentence ends within a line.
pub(crate) fn sentences_of(text: &str, span: Span, out: &mut Vec<Vec<Span>>) {
    let Some(s) = span.get(text) else { return };
    let mut begin = span.begin;
    for line in s.split('\n') {
        let line_span = Span::new(begin, begin + line.len());
        begin += line.len() + 1;
        for sentence in crate::tokens::legacy::sentences(text, line_span) {
            let tokens: Vec<Span> = tokenize(text, sentence).into_iter().map(|t| t.span).collect();
            if !tokens.is_empty() {
                out.push(tokens);
            }
        }
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
        entities(&spans, &[1, 2, 0, 5], &mut out);
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
}
