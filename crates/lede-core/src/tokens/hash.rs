//! The word hash, and hash maps and sets keyed by values that are hashes
//! already (feature and word hashes) or small integers (indices).
//!
//! Every stage knows a word by one hash: FNV-1a over the bytes of its
//! lower-cased text ([`word_hash`]), computed once per token when parse
//! builds the [`Tokens`](super::Tokens). The maps use a multiply-rotate
//! hasher, as rustc's FxHasher does, instead of the standard library's
//! SipHash, which guards against adversarial keys these tables never hold.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// The FNV-1a offset basis.
pub(crate) const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
/// The FNV-1a prime.
pub(crate) const FNV_PRIME: u64 = 0x0100_0000_01b3;

/// FNV-1a over `bytes`, going on from the hash `h` ([`FNV_OFFSET`] to start).
#[inline]
pub(crate) fn fnv(h: u64, bytes: &[u8]) -> u64 {
    bytes.iter().fold(h, |h, &b| (h ^ u64::from(b)).wrapping_mul(FNV_PRIME))
}

/// The hash of a word: FNV-1a over its lower-cased text (give it lower
/// case; a token's [`hash`](super::Token::hash) is this of its text).
#[inline]
pub(crate) fn word_hash(lower: &str) -> u64 {
    fnv(FNV_OFFSET, lower.as_bytes())
}

/// The hash of a word in any case: [`word_hash`] of its lower case,
/// lower-cased byte by byte when it is ASCII (the word lists loaded at
/// start), with no string built.
pub(crate) fn lower_hash(word: &str) -> u64 {
    if word.is_ascii() {
        word.bytes().fold(FNV_OFFSET, |h, b| {
            (h ^ u64::from(b.to_ascii_lowercase())).wrapping_mul(FNV_PRIME)
        })
    } else {
        word_hash(&word.to_lowercase())
    }
}

/// The hasher of [`IdMap`] and [`IdSet`].
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.write_u64(u64::from_le_bytes(word));
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x517c_c1b7_2722_0a95);
    }

    fn write_u32(&mut self, n: u32) {
        self.write_u64(u64::from(n));
    }

    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }

    fn write_u128(&mut self, n: u128) {
        self.write_u64(n as u64);
        self.write_u64((n >> 64) as u64);
    }
}

/// The hasher of [`TextMap`] and [`TextSet`]: [`IdHasher`] over the bytes,
/// eight at a time, then mixed as MurmurHash3 finishes, so that the low
/// bits hashbrown picks a bucket by depend on every byte. It serves tables
/// whose keys are fixed (the lexicons): an article's text only looks them
/// up and cannot crowd one bucket, which is what SipHash guards the tables
/// an article fills against.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct TextHasher(IdHasher);

impl Hasher for TextHasher {
    fn finish(&self) -> u64 {
        let h = self.0.finish();
        let h = (h ^ (h >> 33)).wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^ (h >> 33)
    }

    fn write(&mut self, bytes: &[u8]) {
        // The length too: the last chunk is padded with zeros ("a", "a\0").
        self.0.write(bytes);
        self.0.write_u64(bytes.len() as u64);
    }

    fn write_u8(&mut self, n: u8) {
        self.0.write_u64(u64::from(n));
    }

    fn write_usize(&mut self, n: usize) {
        self.0.write_u64(n as u64);
    }
}

/// A map keyed by text, its keys fixed once built ([`TextHasher`]).
pub(crate) type TextMap<K, V> = HashMap<K, V, BuildHasherDefault<TextHasher>>;

/// A set of texts, fixed once built ([`TextHasher`]).
pub(crate) type TextSet<K> = HashSet<K, BuildHasherDefault<TextHasher>>;

/// A map keyed by hashes or indices.
pub(crate) type IdMap<K, V> = HashMap<K, V, BuildHasherDefault<IdHasher>>;

/// A set of hashes or indices.
pub(crate) type IdSet<K> = HashSet<K, BuildHasherDefault<IdHasher>>;

#[cfg(test)]
mod tests {
    use std::hash::Hash;

    use super::*;

    fn hash<T: Hash>(value: T) -> u64 {
        let mut hasher = IdHasher::default();
        value.hash(&mut hasher);
        hasher.finish()
    }

    #[test]
    fn small_keys_spread_over_the_high_bits() {
        // hashbrown reads its control byte from the top seven bits.
        let tops: IdSet<u64> = (0u32..64).map(|i| hash(i) >> 57).collect();
        assert!(tops.len() > 32, "{} distinct top bytes", tops.len());
        assert_ne!(hash(1u64), hash(2u64));
        assert_ne!(hash(1u128), hash(1u128 << 64));
    }

    #[test]
    fn text_hashes_spread_over_the_low_bits() {
        let hash = |s: &str| {
            let mut hasher = TextHasher::default();
            s.hash(&mut hasher);
            hasher.finish()
        };
        // hashbrown picks the bucket by the low bits.
        let lows: IdSet<u64> = (0u32..256).map(|i| hash(&format!("word{i}")) & 0xff).collect();
        assert!(lows.len() > 128, "{} distinct low bytes", lows.len());
        assert_ne!(hash("ab"), hash("ba"));
        assert_ne!(hash("a"), hash("a\0"));
    }

    #[test]
    fn lower_hash_is_the_hash_of_the_lower_case() {
        for w in ["Reuters", "U.S.", "the", "ÉLYSÉE", "Zürich", ""] {
            assert_eq!(lower_hash(w), word_hash(&w.to_lowercase()), "{w}");
        }
        assert_ne!(lower_hash("said"), lower_hash("sad"));
    }
}
