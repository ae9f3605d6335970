//! A hashed weight table: `2^bits` rows of one signed byte a tag,
//! indexed by the top bits of a feature's hash, collisions shared (the
//! named-entity tagger's weights). Stored as one section of a model file
//! ([`super::file`]): bits and tags (u32 LE each), the scale (f32 LE: the
//! weight of one step), then the weights row by row.
//!
//! Scores are the sums of the quantized weights, unscaled: whole numbers,
//! exact in `f32`, so that partial sums added in any order give the same
//! scores (decoding compares scores only).

use super::file::Reader;
use crate::{Error, Result};

/// Where feature hashes go as they are made: a `Vec` that keeps them (to
/// train), or a scorer's [`Scorer::Sum`] that adds their weights at once
/// and keeps none.
pub trait Sink {
    /// Takes the feature `feat`.
    fn push(&mut self, feat: u64);
}

impl Sink for Vec<u64> {
    #[inline]
    fn push(&mut self, feat: u64) {
        Vec::push(self, feat);
    }
}

/// Anything that scores the tags from a token's feature hashes.
pub trait Scorer<const N: usize> {
    /// The running sum of the weights of the features pushed so far.
    type Sum<'a>: Sink
    where
        Self: 'a;

    /// A sum of no feature.
    fn start(&self) -> Self::Sum<'_>;

    /// The scores of `sum`, per tag (up to a positive factor, the same for
    /// every call).
    fn total(&self, sum: Self::Sum<'_>) -> [f32; N];

    /// The sum of the weights of `feats`, per tag, as [`Scorer::total`]
    /// gives it.
    fn scores(&self, feats: &[u64]) -> [f32; N] {
        let mut sum = self.start();
        for &f in feats {
            sum.push(f);
        }
        self.total(sum)
    }
}

/// The running sum of a [`Hashed`] table's weights.
pub struct HashedSum<'a, const N: usize> {
    table: &'a Hashed<N>,
    sum: [i16; LANES],
}

impl<const N: usize> Sink for HashedSum<'_, N> {
    #[inline]
    fn push(&mut self, feat: u64) {
        // Sixteen bytes from the row's start, its `N` weights and the
        // next row's first: sixteen lanes add in a few vector
        // instructions where `N` scalar adds would not, and the lanes
        // past `N` are never read (they wrap freely).
        let r = row(feat, self.table.bits) * N;
        if let Some(w) = self.table.weights.get(r..).and_then(|w| w.first_chunk::<LANES>()) {
            for (s, &w) in self.sum.iter_mut().zip(w) {
                *s = s.wrapping_add(i16::from(w));
            }
        }
    }
}

/// Quantized, hashed weights: `2^bits` rows of `N` signed bytes, one a
/// tag, and after the last row `LANES - N` zeros, so that any row can be
/// read as [`LANES`] bytes.
#[derive(Debug)]
pub struct Hashed<const N: usize> {
    bits: u32,
    weights: Vec<i8>,
}

/// The lanes of a running sum: a row's weights are read this many at once.
const LANES: usize = 16;

/// The most features one sum may add: a quantized weight is at most 127
/// in size, so that a sum of this many fits the `i16` lanes (a token's
/// features of one kind are a few dozen; a test holds it).
#[cfg(test)]
pub(crate) const MAX_FEATURES: usize = i16::MAX as usize / 127;

/// The largest table read, in bits of row index.
const MAX_BITS: u32 = 26;

impl<const N: usize> Hashed<N> {
    /// Reads the table from its section.
    pub(crate) fn read(r: &mut Reader) -> Result<Hashed<N>> {
        let bits = r.u32()?;
        let tags = r.u32()? as usize;
        let scale = r.f32()?;
        if !(1..=MAX_BITS).contains(&bits) || tags != N || N > LANES || !(scale.is_finite() && scale > 0.0) {
            return Err(Error::internal(format!(
                "model: a hashed table of 2^{bits} rows x {tags} tags at scale {scale}, \
                 not 2^1..=2^{MAX_BITS} x {N} at a positive scale"
            )));
        }
        let mut weights: Vec<i8> = r.take((1usize << bits) * N)?.iter().map(|&b| b as i8).collect();
        weights.resize(weights.len() + LANES - N, 0);
        if !r.is_done() {
            return Err(Error::internal("model: bytes after the hashed table"));
        }
        Ok(Hashed { bits, weights })
    }

    /// The section of float `weights` (`2^bits` rows of `N`), quantized to
    /// bytes on one scale.
    #[cfg(any(test, feature = "train"))]
    pub(crate) fn section(bits: u32, weights: &[f32]) -> Vec<u8> {
        let max = weights.iter().fold(0f32, |m, w| m.max(w.abs()));
        let scale = if max > 0.0 { max / 127.0 } else { 1.0 };
        let mut out = Vec::with_capacity(12 + weights.len());
        out.extend_from_slice(&bits.to_le_bytes());
        out.extend_from_slice(&(N as u32).to_le_bytes());
        out.extend_from_slice(&scale.to_le_bytes());
        out.extend(
            weights
                .iter()
                .map(|w| (w / scale).round().clamp(-127.0, 127.0) as i8 as u8),
        );
        out
    }
}

/// The row of a feature hash in a table of `2^bits` rows.
#[inline]
pub fn row(feat: u64, bits: u32) -> usize {
    (feat >> (64 - bits)) as usize
}

impl<const N: usize> Scorer<N> for Hashed<N> {
    type Sum<'a> = HashedSum<'a, N>;

    #[inline]
    fn start(&self) -> HashedSum<'_, N> {
        HashedSum {
            table: self,
            sum: [0; LANES],
        }
    }

    #[inline]
    fn total(&self, sum: HashedSum<'_, N>) -> [f32; N] {
        std::array::from_fn(|k| f32::from(sum.sum[k]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_section_round_trips_and_a_wrong_shape_is_an_error() {
        let w = vec![0.5f32; 2 * 9];
        let bytes = Hashed::<9>::section(1, &w);
        let m = Hashed::<9>::read(&mut Reader::new(&bytes)).expect("valid table");
        assert_eq!(m.scores(&[0]), [127.0; 9], "unscaled: 0.5 is the largest weight");
        assert!(Hashed::<9>::read(&mut Reader::new(&bytes[..bytes.len() - 1])).is_err());
        assert!(Hashed::<8>::read(&mut Reader::new(&bytes)).is_err());
    }
}
