//! Feature hashing: a feature is a template number and a few parts (word
//! hashes, small codes) hashed to 32 bits, the key of its weights in a
//! [`Tagger`](crate::linear::Tagger). Features that share their leading
//! parts can hash them once ([`feature_prefix`], [`feature_with`]).

use crate::linear::{MAX_TAGS, Tagger};

/// The multiplier of the feature hash.
pub(crate) const K: u64 = 0x9E37_79B9_7F4A_7C15;
/// The word hash before a sentence's first token.
pub(crate) const BOS: u64 = 0x0123_4567_89ab_cdef;
/// The word hash after a sentence's last token.
pub(crate) const EOS: u64 = 0xfedc_ba98_7654_3210;

/// The features of one token.
pub(crate) struct Feats {
    /// The features of the current token.
    pub list: Vec<u32>,
}

impl Feats {
    pub fn new() -> Feats {
        Feats {
            list: Vec::with_capacity(64),
        }
    }

    /// Adds the feature `template` over `parts` (hashes or small codes).
    pub fn add(&mut self, template: u8, parts: &[u64]) {
        self.list.push(feature_hash(feature_prefix(template, parts)));
    }
}

/// Where the cue features go: a [`Feats`], or in training a
/// [`ByTemplate`] that orders them.
pub(crate) trait AddFeature {
    /// Adds the feature `template` over `parts`, as [`Feats::add`] does.
    fn add(&mut self, template: u8, parts: &[u64]);
}

impl AddFeature for Feats {
    fn add(&mut self, template: u8, parts: &[u64]) {
        Feats::add(self, template, parts);
    }
}

/// Features kept in a buffer on the stack and summed by `tagger` in
/// one pass ([`Summing::total`]): one look-up of the table's shape and
/// the running sum in registers, where summing each feature as it is
/// made would pay both every time.
pub(crate) struct Summing<'a> {
    tagger: &'a Tagger,
    feats: [u32; SUMMING],
    len: usize,
    sum: [i32; MAX_TAGS],
}

/// The features [`Summing`] holds before it sums them.
const SUMMING: usize = 64;

impl<'a> Summing<'a> {
    pub fn new(tagger: &'a Tagger) -> Summing<'a> {
        Summing {
            tagger,
            feats: [0; SUMMING],
            len: 0,
            sum: [0; MAX_TAGS],
        }
    }

    /// The sum of the weights of every feature added.
    pub fn total(mut self) -> [i32; MAX_TAGS] {
        self.flush();
        self.sum
    }

    fn flush(&mut self) {
        self.tagger.sum(&self.feats[..self.len], &mut self.sum);
        self.len = 0;
    }
}

impl AddFeature for Summing<'_> {
    #[inline(always)]
    fn add(&mut self, template: u8, parts: &[u64]) {
        if self.len == SUMMING {
            self.flush();
        }
        self.feats[self.len] = feature_hash(feature_prefix(template, parts));
        self.len += 1;
    }
}

/// Features with their template numbers, to put them in template order.
#[cfg(feature = "train")]
#[derive(Default)]
pub(crate) struct ByTemplate(pub Vec<(u8, u32)>);

#[cfg(feature = "train")]
impl AddFeature for ByTemplate {
    fn add(&mut self, template: u8, parts: &[u64]) {
        self.0.push((template, feature_hash(feature_prefix(template, parts))));
    }
}

/// The hash [`Feats::add`] reaches after `template` and `parts`, before
/// its final mix: features that share their leading parts hash them once.
pub(crate) const fn feature_prefix(template: u8, parts: &[u64]) -> u64 {
    let mut h = (template as u64 + 1).wrapping_mul(K);
    let mut k = 0;
    while k < parts.len() {
        h = feature_mix(h, parts[k]);
        k += 1;
    }
    h
}

/// One more part into a [`feature_prefix`].
pub(crate) const fn feature_mix(prefix: u64, part: u64) -> u64 {
    (prefix.rotate_left(23) ^ part).wrapping_mul(K)
}

/// The feature [`Feats::add`] gives for the parts hashed into `h`.
fn feature_hash(h: u64) -> u32 {
    ((h ^ (h >> 29)).wrapping_mul(K) >> 32) as u32
}

/// The feature [`Feats::add`] gives for the parts hashed into `prefix`
/// ([`feature_prefix`]) followed by `last`.
pub(crate) fn feature_with(prefix: u64, last: u64) -> u32 {
    feature_hash(feature_mix(prefix, last))
}

/// 1 for true, 0 for false: a feature part.
pub(crate) fn bit(b: bool) -> u64 {
    u64::from(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashing_in_steps_gives_the_same_features() {
        let mut f = Feats::new();
        for (template, parts) in [(23u8, [1u64, 77, 12_345]), (28, [3, 26, u64::MAX]), (0, [0, 0, 0])] {
            f.list.clear();
            f.add(template, &parts);
            let prefix = feature_prefix(template, &parts[..2]);
            assert_eq!(f.list, [feature_with(prefix, parts[2])]);
        }
    }
}
