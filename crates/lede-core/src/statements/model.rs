//! The statement model: the cue and role taggers and the cue words, in
//! the one model file format (sections [`section::CUE`],
//! [`section::ROLE`], [`section::WORDS`]), with the weight sums the finder
//! keeps by value for the features of small range.

use super::cues::CueDense;
use super::hashing::Feats;
use super::roles::TokenDense;
use super::{CUE_TAGS, ROLE_TAGS};
use crate::linear::{MAX_TAGS, Sections, Tagger};
#[cfg(feature = "train")]
use crate::linear::{Writer, write_tagger};
use crate::{Error, Result};

/// The sections of the model file.
pub(crate) mod section {
    /// The cue tagger.
    pub const CUE: &[u8; 4] = b"CUET";
    /// The role tagger.
    pub const ROLE: &[u8; 4] = b"ROLE";
    /// The cue words, lower case, sorted, one a line.
    pub const WORDS: &[u8; 4] = b"CUEW";
}

/// The default [`Model::cue_bias`].
pub(crate) const CUE_BIAS: f32 = 0.0;

/// The further cue candidates: the cue tagger decodes a sentence again
/// with `bias` added to each cue's first token, and the cues it then finds
/// beyond the first decoding's stand when the role tagger finds a speaker
/// at most `max_gap` tokens away and a content of `min_content` tokens or
/// more (chosen by 5-fold cross-validation over train: `lede-train
/// statements --folds 5 --sweep`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Extra {
    pub bias: f32,
    pub min_content: usize,
    pub max_gap: usize,
}

impl Default for Extra {
    fn default() -> Extra {
        Extra {
            bias: 25.0,
            min_content: 8,
            max_gap: 2,
        }
    }
}

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
    /// (fine and middle levels).
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
    /// (fine and middle levels).
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

/// The shipped model: both taggers and the cue words.
#[derive(Debug, Default)]
pub(crate) struct Model {
    /// Tags cue tokens in a sentence (`O`, `B`, `I`, `U`, `L`).
    pub cue: Tagger,
    /// Tags source and content around one cue.
    pub role: Tagger,
    /// Lower-cased words seen as one-word cues in training, sorted.
    pub cue_words: Vec<String>,
    /// Added to the score of a cue's first token: trades the cue tagger's
    /// precision for recall (tuned on dev).
    pub cue_bias: f32,
    /// How further cue candidates are found and when they stand.
    pub extra: Extra,
    /// The cue tagger's weight sums of the features of small range.
    pub cue_sums: CueSums,
    /// The role tagger's weight sums of the token features of small range.
    pub role_sums: RoleSums,
}

impl Model {
    /// Reads a model file written by [`Model::to_bytes`], for tokens whose
    /// clusters take up to `cluster_values` values per level
    /// ([`Vocabulary::cluster_values`](crate::tokens::Vocabulary::cluster_values)).
    pub fn from_bytes(bytes: &[u8], cluster_values: [usize; 3]) -> Result<Model> {
        let sections = Sections::parse(bytes)?;
        let tagger = |tag: &[u8; 4], tags: usize| -> Result<Tagger> {
            let mut r = sections.get(tag)?;
            let t = r.tagger()?;
            if t.tags != tags || !r.is_done() {
                return Err(Error::internal("statement model: a tagger of the wrong shape"));
            }
            Ok(t)
        };
        let (cue, role) = (tagger(section::CUE, CUE_TAGS)?, tagger(section::ROLE, ROLE_TAGS)?);
        let words = std::str::from_utf8(sections.get(section::WORDS)?.rest())
            .map_err(|_| Error::internal("statement model: cue words not UTF-8"))?;
        let cue_words = words.lines().filter(|w| !w.is_empty()).map(str::to_owned).collect();
        Ok(Model::new(cue, role, cue_words, cluster_values))
    }

    /// The model of the taggers `cue` and `role` and the cue words, with
    /// the weight sums it keeps by value.
    pub fn new(cue: Tagger, role: Tagger, mut cue_words: Vec<String>, cluster_values: [usize; 3]) -> Model {
        cue_words.sort_unstable();
        cue_words.dedup();
        let values = [cluster_values[0], cluster_values[1]];
        Model {
            cue_sums: CueSums::new(&cue, values),
            role_sums: RoleSums::new(&role, values),
            cue,
            role,
            cue_words,
            cue_bias: CUE_BIAS,
            extra: Extra::default(),
        }
    }

    /// The model file, weights quantized to a signed byte.
    #[cfg(feature = "train")]
    pub fn to_bytes(&self) -> Vec<u8> {
        let tagger = |t: &Tagger| {
            let mut out = Vec::new();
            write_tagger(&mut out, t);
            out
        };
        let mut words = self.cue_words.join("\n");
        words.push('\n');
        Writer::new()
            .section(section::CUE, &tagger(&self.cue))
            .section(section::ROLE, &tagger(&self.role))
            .section(section::WORDS, words.as_bytes())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_truncated_or_foreign_model_is_an_error_not_a_panic() {
        let values = [10, 10, 10];
        let shipped = super::super::MODEL;
        assert!(Model::from_bytes(shipped, values).is_ok());
        for cut in [0, 8, 20, shipped.len() / 2, shipped.len() - 1] {
            assert!(Model::from_bytes(&shipped[..cut], values).is_err(), "cut at {cut}");
        }
        assert!(Model::from_bytes(b"nonsense", values).is_err());
        let no_words = crate::linear::Writer::new().section(section::CUE, b"").finish();
        assert!(Model::from_bytes(&no_words, values).is_err());
    }
}
