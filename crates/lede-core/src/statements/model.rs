//! Linear sequence taggers: hashed features, a weight row per feature,
//! first-order tag transitions and Viterbi decoding under constraints.
//!
//! Two taggers make the statement model: the cue tagger (`O`, `B`, `I`
//! over the tokens of a sentence) and the role tagger (source, content and
//! cue over a window around one cue). Both are trained by the averaged
//! perceptron in `train.rs` and ship quantized in `models/statements.bin`.

use std::collections::{HashMap, HashSet};

use super::features::{CueDense, Feats, Lexicon, TokenDense, word_set};
#[cfg(feature = "train")]
use crate::linear::write_tagger;
use crate::linear::{MAX_TAGS, Reader, Tagger};
use crate::{Error, Result};

/// Magic bytes and version at the start of the model file.
pub(crate) const MAGIC: &[u8; 8] = b"LEDESTM2";

/// The default [`Model::cue_bias`].
pub(crate) const CUE_BIAS: f32 = 0.0;

/// A map keyed by feature hashes.
#[cfg(feature = "train")]
pub(crate) type FeatureMap<V> = crate::tokens::IdMap<u32, V>;

/// The weight sums of `tagger` for the features `add` gives each of
/// `inputs`.
fn sums<X>(tagger: &Tagger, inputs: impl Iterator<Item = X>, add: fn(&X, &mut Feats)) -> Vec<[i32; MAX_TAGS]> {
    let mut f = Feats::new();
    inputs
        .map(|x| {
            f.list.clear();
            add(&x, &mut f);
            let mut sum = [0; MAX_TAGS];
            tagger.sum(&f.list, &mut sum);
            sum
        })
        .collect()
}

/// Adds each of `rows` (those found) to `sum`.
#[inline]
fn add_rows<const N: usize>(rows: [Option<&[i32; MAX_TAGS]>; N], sum: &mut [i32; MAX_TAGS]) {
    for row in rows.into_iter().flatten() {
        for (s, &v) in sum.iter_mut().zip(row) {
            *s += v;
        }
    }
}

/// The cue tagger's weight sums of the features of small range
/// ([`CueDense`]), by value: three array reads in place of eight weight
/// look-ups for each token.
#[derive(Debug, Default)]
pub(crate) struct CueSums {
    /// By flags.
    flags: Vec<[i32; MAX_TAGS]>,
    /// By fine cluster and the flags its features read.
    fine: Vec<[i32; MAX_TAGS]>,
    /// By middle cluster.
    mid: Vec<[i32; MAX_TAGS]>,
}

impl CueSums {
    /// The sums for `cue`, for words of up to `cluster_values` clusters
    /// ([`Lexicon::cluster_values`]).
    fn new(cue: &Tagger, cluster_values: [usize; 2]) -> CueSums {
        let [fine_values, mid_values] = cluster_values;
        let x = |flags: usize, fine: usize, mid: usize| CueDense {
            flags,
            fine: fine as u16,
            mid: mid as u16,
        };
        // The flag bits `CueDense::fine_flags` reads, from its value.
        let fine_bits = |k: usize| (k & 1) | (k & 6) << 3;
        CueSums {
            flags: sums(cue, (0..CueDense::FLAGS).map(|b| x(b, 0, 0)), CueDense::flag_features),
            fine: sums(
                cue,
                (0..fine_values).flat_map(|c| (0..CueDense::FINE_FLAGS).map(move |k| x(fine_bits(k), c, 0))),
                CueDense::fine_features,
            ),
            mid: sums(cue, (0..mid_values).map(|c| x(0, 0, c)), CueDense::mid_features),
        }
    }

    /// Adds the weight sums of the features of `x` to `sum`.
    #[inline]
    pub fn add(&self, x: &CueDense, sum: &mut [i32; MAX_TAGS]) {
        add_rows(
            [
                self.flags.get(x.flags),
                self.fine
                    .get(usize::from(x.fine) * CueDense::FINE_FLAGS + x.fine_flags()),
                self.mid.get(usize::from(x.mid)),
            ],
            sum,
        );
    }
}

/// The role tagger's weight sums of the token features of small range
/// ([`TokenDense`]), by value: three array reads in place of six weight
/// look-ups for each token and side.
#[derive(Debug, Default)]
pub(crate) struct RoleSums {
    /// By side and flags.
    flags: Vec<[i32; MAX_TAGS]>,
    /// By side and fine cluster.
    fine: Vec<[i32; MAX_TAGS]>,
    /// By side, capitalization and middle cluster.
    mid: Vec<[i32; MAX_TAGS]>,
    /// The number of fine and of middle clusters (with 0 for none).
    fine_values: usize,
    mid_values: usize,
}

impl RoleSums {
    /// The sums for `role`, for words of up to `cluster_values` clusters
    /// ([`Lexicon::cluster_values`]).
    fn new(role: &Tagger, cluster_values: [usize; 2]) -> RoleSums {
        let [fine_values, mid_values] = cluster_values;
        let x = |rel: u64, flags: usize, fine: usize, mid: usize| TokenDense {
            rel,
            flags,
            fine: fine as u16,
            mid: mid as u16,
        };
        let sides = 1..=3;
        RoleSums {
            flags: sums(
                role,
                sides
                    .clone()
                    .flat_map(|rel| (0..TokenDense::FLAGS).map(move |b| x(rel, b, 0, 0))),
                TokenDense::flag_features,
            ),
            fine: sums(
                role,
                sides
                    .clone()
                    .flat_map(|rel| (0..fine_values).map(move |c| x(rel, 0, c, 0))),
                TokenDense::fine_features,
            ),
            mid: sums(
                role,
                sides.flat_map(|rel| (0..2).flat_map(move |cap| (0..mid_values).map(move |c| x(rel, cap, 0, c)))),
                TokenDense::mid_features,
            ),
            fine_values,
            mid_values,
        }
    }

    /// Adds the weight sums of the features of `x` to `sum`.
    #[inline]
    pub fn add(&self, x: &TokenDense, sum: &mut [i32; MAX_TAGS]) {
        let side = x.rel as usize - 1;
        add_rows(
            [
                self.flags.get(side * TokenDense::FLAGS + x.flags),
                self.fine.get(side * self.fine_values + usize::from(x.fine)),
                self.mid
                    .get((side * 2 + (x.flags & 1)) * self.mid_values + usize::from(x.mid)),
            ],
            sum,
        );
    }
}

/// The shipped model: both taggers and the cue-word lexicon.
#[derive(Debug, Default)]
pub(crate) struct Model {
    /// Tags cue tokens in a sentence (`O`, `B`, `I`).
    pub cue: Tagger,
    /// Tags source and content around one cue.
    pub role: Tagger,
    /// Lower-cased words seen as one-word cues in training.
    #[cfg(feature = "train")]
    pub cue_words: HashSet<String>,
    /// `cue_words` by hash and the word clusters, for the tokenizer.
    pub lex: Lexicon,
    /// Added to the score of a cue's first token: trades the cue tagger's
    /// precision for recall (tuned on dev).
    pub cue_bias: f32,
    /// The cue tagger's weight sums of the features of small range.
    pub cue_sums: CueSums,
    /// The role tagger's weight sums of the token features of small range.
    pub role_sums: RoleSums,
}

impl Model {
    /// Reads a model written by [`Model::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Model> {
        let mut r = Reader::new(bytes);
        if r.take(MAGIC.len())? != MAGIC {
            return Err(Error::internal("statement model: bad magic"));
        }
        let cue = r.tagger()?;
        let role = r.tagger()?;
        let len = r.u32()? as usize;
        let words = std::str::from_utf8(r.take(len)?).map_err(|_| Error::internal("statement model: bad lexicon"))?;
        let cue_words: HashSet<String> = words.split('\n').filter(|w| !w.is_empty()).map(str::to_owned).collect();
        let n = r.u32()? as usize;
        let mut clusters = HashMap::default();
        clusters.reserve(n.min(bytes.len() / 14));
        for _ in 0..n {
            let b = r.take(14)?;
            let mut key = [0u8; 8];
            key.copy_from_slice(&b[..8]);
            let c = |k: usize| u16::from_le_bytes([b[8 + 2 * k], b[9 + 2 * k]]);
            clusters.insert(u64::from_le_bytes(key), [c(0), c(1), c(2)]);
        }
        let lex = Lexicon::new(&word_set(cue_words.iter().map(String::as_str)), clusters);
        Ok(Model::new(
            cue,
            role,
            lex,
            #[cfg(feature = "train")]
            cue_words,
        ))
    }

    /// The model of the taggers `cue` and `role` over the lexicon `lex`,
    /// with the weight sums it keeps by value.
    pub fn new(cue: Tagger, role: Tagger, lex: Lexicon, #[cfg(feature = "train")] cue_words: HashSet<String>) -> Model {
        Model {
            cue_sums: CueSums::new(&cue, lex.cluster_values),
            role_sums: RoleSums::new(&role, lex.cluster_values),
            cue,
            role,
            lex,
            #[cfg(feature = "train")]
            cue_words,
            cue_bias: CUE_BIAS,
        }
    }

    /// Writes the model, weights quantized to 16 bits.
    #[cfg(feature = "train")]
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = MAGIC.to_vec();
        write_tagger(&mut out, &self.cue);
        write_tagger(&mut out, &self.role);
        let mut words: Vec<&str> = self.cue_words.iter().map(String::as_str).collect();
        words.sort_unstable();
        let joined = words.join("\n");
        out.extend_from_slice(&(joined.len() as u32).to_le_bytes());
        out.extend_from_slice(joined.as_bytes());
        let mut clusters: Vec<(&u64, &[u16; 3])> = self.lex.clusters.iter().collect();
        clusters.sort_unstable();
        out.extend_from_slice(&(clusters.len() as u32).to_le_bytes());
        for (key, c) in clusters {
            out.extend_from_slice(&key.to_le_bytes());
            for v in c {
                out.extend_from_slice(&v.to_le_bytes());
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncated_model_is_an_error_not_a_panic() {
        assert!(Model::from_bytes(b"LEDESTM1\x03").is_err());
        assert!(Model::from_bytes(b"nonsense").is_err());
    }
}
