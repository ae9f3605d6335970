//! The averaged structured perceptron that trains both taggers: Viterbi
//! decoding under the tagger's constraints, an update where the decoded
//! tags differ from the gold ones, weights averaged over every step, and
//! optionally the mean of several such perceptrons over other shuffles.

use std::ops::Range;

use lede_core::train::statements::{MAX_TAGS, Sequence, Weights};
use rustc_hash::FxHashMap;

use crate::BoxError;

/// A map keyed by feature hashes.
type FeatureMap<V> = FxHashMap<u32, V>;

/// A training sequence: its features, gold tags and (for a role window)
/// the cue's positions in it.
pub(crate) struct Example {
    pub seq: Sequence,
    pub gold: Vec<u8>,
    pub cue: Range<usize>,
}

impl Example {
    /// The features of position `i`.
    fn feats(&self, i: usize) -> &[u32] {
        &self.seq.feats[self.seq.offsets[i] as usize..self.seq.offsets[i + 1] as usize]
    }
}

/// How a tagger is trained.
pub(crate) struct Settings {
    /// Passes over the data.
    pub epochs: usize,
    /// The margin: in training, each wrong tag of a token scores this much
    /// more before decoding (loss-augmented decoding), so that the gold
    /// sequence must win by a margin, not just win.
    pub margin: f32,
    /// Features seen fewer times are left out.
    pub min_count: u32,
    /// Averaged perceptrons, each over its own shuffles.
    pub bags: usize,
    /// Rows whose largest weight quantizes to fewer quanta are left out.
    pub min_weight: u8,
    /// Tag 0's weights are subtracted from the others' and left out of
    /// the rows (smaller rows, the same decoding).
    pub without_first: bool,
}

/// Decodes a sequence of an example: `(example, emissions, transitions)`
/// to tags.
pub(crate) type Decode<'a> = &'a dyn Fn(&Example, &[f32], &[f32]) -> Vec<u8>;

/// Averaged perceptron weights under training.
struct Trainer {
    tags: usize,
    rows: FeatureMap<u32>,
    w: Vec<f32>,
    u: Vec<f32>,
    trans: Vec<f32>,
    utrans: Vec<f32>,
    c: f32,
}

impl Trainer {
    fn new(tags: usize) -> Trainer {
        Trainer {
            tags,
            rows: FeatureMap::default(),
            w: Vec::new(),
            u: Vec::new(),
            trans: vec![0.0; (tags + 1) * tags],
            utrans: vec![0.0; (tags + 1) * tags],
            c: 1.0,
        }
    }

    fn row(&mut self, f: u32) -> usize {
        let next = self.rows.len() as u32;
        let r = *self.rows.entry(f).or_insert(next) as usize;
        if r == next as usize {
            self.w.extend(std::iter::repeat_n(0.0, self.tags));
            self.u.extend(std::iter::repeat_n(0.0, self.tags));
        }
        r
    }

    fn update(&mut self, feats: &[u32], tag: usize, delta: f32) {
        for &f in feats {
            let r = self.row(f) * self.tags + tag;
            self.w[r] += delta;
            self.u[r] += self.c * delta;
        }
    }

    fn update_trans(&mut self, prev: Option<usize>, tag: usize, delta: f32) {
        let r = prev.unwrap_or(self.tags) * self.tags + tag;
        self.trans[r] += delta;
        self.utrans[r] += self.c * delta;
    }

    fn emit(&self, feats: &[u32], out: &mut [f32]) {
        for f in feats {
            if let Some(&r) = self.rows.get(f) {
                let base = r as usize * self.tags;
                for (o, w) in out.iter_mut().zip(&self.w[base..base + self.tags]) {
                    *o += w;
                }
            }
        }
    }

    /// One pass over `data` in `order`; returns the share of wrong tags.
    fn epoch(&mut self, data: &[Example], order: &[usize], margin: f32, decode: Decode) -> f64 {
        let tags = self.tags;
        let mut emissions = Vec::new();
        let (mut wrong, mut total) = (0usize, 0usize);
        for &k in order {
            let ex = &data[k];
            let n = ex.gold.len();
            emissions.clear();
            emissions.resize(n * tags, 0.0);
            for i in 0..n {
                let scores = &mut emissions[i * tags..(i + 1) * tags];
                self.emit(ex.feats(i), scores);
                if margin != 0.0 {
                    let gold = usize::from(ex.gold[i]);
                    for (tag, e) in scores.iter_mut().enumerate() {
                        if tag != gold {
                            *e += margin;
                        }
                    }
                }
            }
            let pred = decode(ex, &emissions, &self.trans);
            total += n;
            if pred != ex.gold {
                for i in 0..n {
                    let (g, p) = (usize::from(ex.gold[i]), usize::from(pred[i]));
                    let gp = (i > 0).then(|| usize::from(ex.gold[i - 1]));
                    let pp = (i > 0).then(|| usize::from(pred[i - 1]));
                    if g != p {
                        wrong += 1;
                        self.update(ex.feats(i), g, 1.0);
                        self.update(ex.feats(i), p, -1.0);
                    }
                    if g != p || gp != pp {
                        self.update_trans(gp, g, 1.0);
                        self.update_trans(pp, p, -1.0);
                    }
                }
            }
            self.c += 1.0;
        }
        wrong as f64 / total.max(1) as f64
    }

    /// The averaged weights, unquantized: feature rows and transitions.
    fn averaged(&self) -> (FeatureMap<[f32; MAX_TAGS]>, Vec<f32>) {
        let c = self.c.max(1.0);
        let avg = |w: f32, u: f32| w - u / c;
        let mut rows = FeatureMap::default();
        for (&key, &r) in &self.rows {
            let base = r as usize * self.tags;
            let mut row = [0f32; MAX_TAGS];
            for (t, w) in row.iter_mut().enumerate().take(self.tags) {
                *w = avg(self.w[base + t], self.u[base + t]);
            }
            rows.insert(key, row);
        }
        let trans = self.trans.iter().zip(&self.utrans).map(|(&w, &u)| avg(w, u)).collect();
        (rows, trans)
    }
}

/// A small deterministic random number generator.
pub(crate) struct SplitMix(pub u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
    }
}

/// Drops from `data` the features seen fewer than `min_count` times.
fn prune(data: &mut [Example], min_count: u32) {
    let mut counts: FeatureMap<u32> = FeatureMap::default();
    for &f in data.iter().flat_map(|ex| &ex.seq.feats) {
        *counts.entry(f).or_default() += 1;
    }
    for ex in data.iter_mut() {
        let mut seq = Sequence {
            feats: Vec::with_capacity(ex.seq.feats.len()),
            offsets: vec![0],
        };
        for i in 0..ex.gold.len() {
            let kept = ex
                .feats(i)
                .iter()
                .filter(|f| counts.get(f).is_some_and(|&n| n >= min_count));
            seq.feats.extend(kept);
            seq.offsets.push(seq.feats.len() as u32);
        }
        ex.seq = seq;
    }
}

/// Trains a tagger of `tags` tags on `data`; `name` labels the progress
/// lines.
pub(crate) fn train(
    tags: usize,
    data: &mut [Example],
    settings: &Settings,
    rng: &mut SplitMix,
    decode: Decode,
    name: &str,
) -> Result<Weights, BoxError> {
    prune(data, settings.min_count);
    // Bagging over shuffles: the mean of `bags` averaged perceptrons
    // trained on different orders of the data.
    let bags = settings.bags.max(1);
    let mut sum: FeatureMap<[f32; MAX_TAGS]> = FeatureMap::default();
    let mut sum_trans = vec![0f32; (tags + 1) * tags];
    for _ in 0..bags {
        let mut t = Trainer::new(tags);
        let mut order: Vec<usize> = (0..data.len()).collect();
        for epoch in 0..settings.epochs {
            rng.shuffle(&mut order);
            let error = t.epoch(data, &order, settings.margin, decode);
            eprintln!("{name} epoch {}: token error {error:.4}", epoch + 1);
        }
        let (rows, trans) = t.averaged();
        for (key, row) in rows {
            let acc = sum.entry(key).or_insert([0.0; MAX_TAGS]);
            for (a, w) in acc.iter_mut().zip(row) {
                *a += w / bags as f32;
            }
        }
        for (a, w) in sum_trans.iter_mut().zip(trans) {
            *a += w / bags as f32;
        }
    }
    let rows: Vec<(u32, [f32; MAX_TAGS])> = sum.into_iter().collect();
    let weights = Weights::quantize(tags, &rows, sum_trans, settings.min_weight, settings.without_first)?;
    eprintln!("{name}: {} feature rows", weights.rows());
    Ok(weights)
}
