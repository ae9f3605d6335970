//! A hashed weight table: `2^bits` rows of one signed byte a tag,
//! indexed by the top bits of a feature's hash, collisions shared (the
//! named-entity tagger's weights).

/// The header of a model file.
pub(crate) const MAGIC: &[u8; 8] = b"LEDENER1";

/// Anything that scores the tags from a token's feature hashes.
pub(crate) trait Scorer<const N: usize> {
    /// The sum of the weights of `feats`, per tag.
    fn scores(&self, feats: &[u64]) -> [f32; N];
}

/// Quantized, hashed weights: `2^bits` rows of `N` signed bytes, one a tag.
#[derive(Debug)]
pub(crate) struct Hashed<const N: usize> {
    bits: u32,
    scale: f32,
    weights: Vec<i8>,
}

impl<const N: usize> Hashed<N> {
    /// Reads a model file: magic, bits (u32 LE), scale (f32 LE), weights.
    pub(crate) fn from_bytes(bytes: &[u8]) -> Option<Hashed<N>> {
        let rest = bytes.strip_prefix(MAGIC.as_slice())?;
        let bits = u32::from_le_bytes(rest.get(..4)?.try_into().ok()?);
        let scale = f32::from_le_bytes(rest.get(4..8)?.try_into().ok()?);
        let weights: Vec<i8> = rest.get(8..)?.iter().map(|b| *b as i8).collect();
        ((1..=28).contains(&bits) && weights.len() == (1usize << bits) * N).then_some(Hashed { bits, scale, weights })
    }

    /// Quantizes float weights to a model file.
    #[cfg(any(test, feature = "train"))]
    pub(crate) fn to_bytes(bits: u32, weights: &[f32]) -> Vec<u8> {
        let max = weights.iter().fold(0f32, |m, w| m.max(w.abs()));
        let scale = if max > 0.0 { max / 127.0 } else { 1.0 };
        let mut out = Vec::with_capacity(16 + weights.len());
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&bits.to_le_bytes());
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
pub(crate) fn row(feat: u64, bits: u32) -> usize {
    (feat >> (64 - bits)) as usize
}

impl<const N: usize> Scorer<N> for Hashed<N> {
    #[inline]
    fn scores(&self, feats: &[u64]) -> [f32; N] {
        let mut sum = [0i32; N];
        for &f in feats {
            let r = row(f, self.bits) * N;
            if let Some(w) = self.weights.get(r..r + N) {
                for (s, w) in sum.iter_mut().zip(w) {
                    *s += i32::from(*w);
                }
            }
        }
        sum.map(|s| s as f32 * self.scale)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn model_bytes_round_trip() {
        let w = vec![0.5f32; 2 * 9];
        let bytes = Hashed::<9>::to_bytes(1, &w);
        let m = Hashed::<9>::from_bytes(&bytes).expect("valid model");
        let s = m.scores(&[0]);
        assert!((s[0] - 0.5).abs() < 0.01);
        assert!(Hashed::<9>::from_bytes(&bytes[..bytes.len() - 1]).is_none());
    }
}
