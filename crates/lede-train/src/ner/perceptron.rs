//! The averaged perceptron that trains the tagger, greedily left to right
//! with the document's earlier predictions as features, and the figures
//! of a tagger on gold documents.

use lede_core::train::ner::{
    Decoding, Doc, Entity, History, N_LABELS, Scorer, Sink, allowed, decode, entities, history_features,
    previous_features, row, static_features, transition_features,
};

use super::conll::Gold;

/// A document read as the tagger reads it, with its gold tags and entities.
pub(crate) struct Example {
    /// The tokens and their features.
    pub doc: Doc,
    /// Gold tag of each token.
    pub labels: Vec<usize>,
    /// The gold entities.
    pub gold: Vec<Gold>,
    /// How much each update on this document counts (1 for CoNLL).
    pub weight: f32,
    /// Whether the gold standard leaves MISC untagged (GUM: events, works,
    /// nationalities are O), so that a MISC tag where it says O is no error.
    pub misc_untagged: bool,
    /// The features of each token that read no tag nor the history,
    /// `feats[offsets[i]..offsets[i + 1]]`, computed once.
    feats: Vec<u64>,
    offsets: Vec<usize>,
}

impl Example {
    /// `doc` with the tags of `gold`: B- on the token where an entity
    /// starts, I- on the other tokens inside it, O elsewhere.
    pub(crate) fn new(doc: Doc, gold: Vec<Gold>) -> Example {
        let labels = doc
            .spans
            .iter()
            .map(|s| {
                let i = gold.partition_point(|g| g.span.end <= s.begin);
                match gold.get(i).filter(|g| g.span.contains(*s)) {
                    Some(g) if g.span.begin == s.begin => 1 + 2 * g.ty,
                    Some(g) => 2 + 2 * g.ty,
                    None => 0,
                }
            })
            .collect();
        let mut feats = Vec::new();
        let mut offsets = vec![0];
        for r in &doc.sentences {
            for i in 0..r.len() {
                static_features(&doc.toks[r.clone()], i, &mut feats);
                offsets.push(feats.len());
            }
        }
        Example {
            doc,
            labels,
            gold,
            weight: 1.0,
            misc_untagged: false,
            feats,
            offsets,
        }
    }

    /// The same document with updates of size `weight`, and MISC
    /// untagged in its gold standard or not.
    pub(crate) fn weighted(self, weight: f32, misc_untagged: bool) -> Example {
        Example {
            weight,
            misc_untagged,
            ..self
        }
    }
}

/// Float weights of `2^bits` rows, for training and evaluation.
pub(crate) struct Dense<'a> {
    pub bits: u32,
    pub w: &'a [f32],
}

/// The running sum of [`Dense`] weights, feature by feature in the order
/// pushed (float sums depend on it).
pub(crate) struct DenseSum<'a> {
    dense: &'a Dense<'a>,
    scores: [f32; N_LABELS],
}

impl Sink for DenseSum<'_> {
    fn push(&mut self, feat: u64) {
        let r = row(feat, self.dense.bits) * N_LABELS;
        for (s, w) in self.scores.iter_mut().zip(&self.dense.w[r..r + N_LABELS]) {
            *s += *w;
        }
    }
}

impl<'d> Scorer<N_LABELS> for Dense<'d> {
    type Sum<'a>
        = DenseSum<'a>
    where
        Self: 'a;

    fn start(&self) -> DenseSum<'_> {
        DenseSum {
            dense: self,
            scores: [0.0; N_LABELS],
        }
    }

    fn total(&self, sum: DenseSum<'_>) -> [f32; N_LABELS] {
        sum.scores
    }
}

/// An averaged perceptron: weights, updates summed scaled by time, time.
pub(crate) struct Perceptron {
    bits: u32,
    w: Vec<f32>,
    u: Vec<f32>,
    c: f32,
}

impl Perceptron {
    /// Zero weights of `2^bits` rows.
    pub(crate) fn new(bits: u32) -> Perceptron {
        let n = (1usize << bits) * N_LABELS;
        Perceptron {
            bits,
            w: vec![0.0; n],
            u: vec![0.0; n],
            c: 1.0,
        }
    }

    /// One greedy pass over a document, updating on each wrong tag;
    /// returns the number of wrong tags.
    pub(crate) fn train(&mut self, ex: &Example) -> usize {
        let mut hist = History::default();
        let mut feats = Vec::with_capacity(96);
        let mut errors = 0;
        let mut predicted = Vec::new();
        for r in &ex.doc.sentences {
            let toks = &ex.doc.toks[r.clone()];
            let (mut prev, mut prev2) = (0, 0);
            predicted.clear();
            for (i, &gold) in ex.labels[r.clone()].iter().enumerate() {
                let k = r.start + i;
                feats.clear();
                feats.extend_from_slice(&ex.feats[ex.offsets[k]..ex.offsets[k + 1]]);
                history_features(toks, i, &hist, &mut feats);
                previous_features(&toks[i], prev, &mut feats);
                feats.extend(transition_features(prev, prev2));
                let scores = Dense {
                    bits: self.bits,
                    w: &self.w,
                }
                .scores(&feats);
                let pred = best(&scores, prev);
                // The gold tag reachable from the predicted history.
                let target = if allowed(prev, gold) { gold } else { gold - 1 };
                let unmarked = ex.misc_untagged && gold == 0 && pred >= MISC_B;
                if pred != target && !unmarked {
                    errors += 1;
                    let (a, cu) = (ex.weight, ex.weight * self.c);
                    for &f in &feats {
                        let r = row(f, self.bits) * N_LABELS;
                        self.w[r + target] += a;
                        self.u[r + target] += cu;
                        self.w[r + pred] -= a;
                        self.u[r + pred] -= cu;
                    }
                }
                self.c += 1.0;
                predicted.push(pred);
                prev2 = prev;
                prev = pred;
            }
            for (t, &l) in toks.iter().zip(&predicted) {
                hist.record(t, l, false);
            }
        }
        errors
    }

    /// The averaged weights.
    pub(crate) fn averaged(&self) -> Vec<f32> {
        self.w.iter().zip(&self.u).map(|(w, u)| w - u / self.c).collect()
    }
}

/// The first MISC tag (B-MISC, then I-MISC).
const MISC_B: usize = 1 + 2 * 3;

/// The best tag allowed after `prev`.
fn best(scores: &[f32; N_LABELS], prev: usize) -> usize {
    let mut best = 0;
    for l in 1..N_LABELS {
        if allowed(prev, l) && scores[l] > scores[best] {
            best = l;
        }
    }
    best
}

/// Per-type counts: true positives, predicted, gold.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Counts(pub [[usize; 3]; 4]);

const TYPE_NAMES: [&str; 4] = ["PER", "ORG", "LOC", "MISC"];

/// Precision, recall and F1 of (true positives, predicted, gold).
fn prf(c: [usize; 3]) -> (f64, f64, f64) {
    let p = if c[1] > 0 { c[0] as f64 / c[1] as f64 } else { 0.0 };
    let r = if c[2] > 0 { c[0] as f64 / c[2] as f64 } else { 0.0 };
    let f = if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 };
    (p, r, f)
}

impl Counts {
    /// Adds `other`'s counts.
    pub(crate) fn add(&mut self, other: &Counts) {
        for (a, b) in self.0.iter_mut().zip(&other.0) {
            for k in 0..3 {
                a[k] += b[k];
            }
        }
    }

    /// PER, ORG and LOC summed.
    fn scored(&self) -> [usize; 3] {
        let mut total = [0; 3];
        for c in &self.0[..3] {
            for k in 0..3 {
                total[k] += c[k];
            }
        }
        total
    }

    /// PER+ORG+LOC micro F1.
    pub(crate) fn f1(&self) -> f64 {
        prf(self.scored()).2
    }

    /// F1 of type `ty`.
    pub(crate) fn f1_of(&self, ty: usize) -> f64 {
        prf(self.0[ty]).2
    }

    /// Prints the figures per type.
    pub(crate) fn print(&self) {
        for (name, c) in TYPE_NAMES.iter().zip(&self.0) {
            let (p, r, f) = prf(*c);
            println!("{name:<5} P {p:.3}  R {r:.3}  F1 {f:.3}  (gold {})", c[2]);
        }
        let (p, r, f) = prf(self.scored());
        println!("PER+ORG+LOC  P {p:.3}  R {r:.3}  F1 {f:.3}");
    }
}

/// Tags every document with beam `width` and counts exact-span matches.
pub(crate) fn evaluate<S: Scorer<N_LABELS>>(scorer: &S, examples: &[&Example], width: usize) -> Counts {
    let mut counts = Counts::default();
    let mut hist = History::default();
    let mut buffers = Decoding::default();
    let mut labels = Vec::new();
    let mut found: Vec<Entity> = Vec::new();
    for ex in examples {
        hist.clear();
        found.clear();
        for r in &ex.doc.sentences {
            labels.clear();
            decode(
                scorer,
                &ex.doc.toks[r.clone()],
                &mut hist,
                &mut buffers,
                &mut labels,
                width,
                false,
            );
            entities(ex.doc.spans[r.clone()].iter().copied(), &labels, &mut found);
        }
        for e in &found {
            counts.0[e.ty][1] += 1;
            if ex.gold.binary_search(&Gold { span: e.span, ty: e.ty }).is_ok() {
                counts.0[e.ty][0] += 1;
            }
        }
        for g in &ex.gold {
            counts.0[g.ty][2] += 1;
        }
    }
    counts
}

#[cfg(test)]
mod tests {
    use lede_core::Span;

    use super::*;

    #[test]
    fn gold_entities_tag_the_tokens_inside_them() {
        let reader = lede_core::train::ner::Reader::new("", "");
        let text = "India 's Vikram Misri met Wang Yi .";
        let gold = vec![
            Gold {
                span: Span::new(0, 5),
                ty: 2,
            },
            Gold {
                span: Span::new(9, 21),
                ty: 0,
            },
        ];
        assert_eq!(gold[1].span.slice(text), "Vikram Misri");
        let ex = Example::new(reader.read(text).expect("read"), gold);
        assert_eq!(ex.labels, [5, 0, 1, 2, 0, 0, 0, 0]);
        assert_eq!(ex.offsets.len(), ex.labels.len() + 1);
    }
}
