//! The cue tagger's features: each token of a sentence with its words
//! around, its word clusters, and whether it is quoted, a cue word or a
//! reporting verb, with a subject or a comma just before.

use super::doc::{Doc, Sent};
use super::hashing::{AddFeature, BOS, EOS, bit};
#[cfg(feature = "train")]
use super::hashing::{ByTemplate, Feats};
use crate::tokens::{flag, list};

/// Whether sentence `s` holds a quotation mark.
pub(crate) fn quoted(doc: &Doc, s: Sent) -> bool {
    doc.toks[s.begin..s.end]
        .iter()
        .any(|t| t.has(flag::QOPEN | flag::QCLOSE))
}

/// Cue-tagger features of token `i` in its sentence `s`.
/// `quoted`: whether the sentence holds a quotation mark.
/// In the order of their template numbers, as the shipped model was
/// trained: the perceptron sums weights in floating point, so the order
/// counts.
#[cfg(feature = "train")]
pub(crate) fn cue_features(doc: &Doc, s: Sent, quoted: bool, i: usize, f: &mut Feats) {
    let mut all = ByTemplate::default();
    let dense = cue_word_features(doc, s, quoted, i, &mut all);
    dense.flag_features(&mut all);
    dense.fine_features(&mut all);
    dense.mid_features(&mut all);
    // Each template adds one feature: sorted by template, they are in the
    // order the model was trained in.
    all.0.sort_by_key(|&(template, _)| template);
    f.list.clear();
    f.list.extend(all.0.iter().map(|&(_, feature)| feature));
}

/// The inputs of the cue-tagger features of small range (flags and word
/// clusters), whose weights the finder sums per value when the model loads
/// ([`super::model::CueSums`]) rather than looking them up per token.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct CueDense {
    /// Bits: quoted, a one-word cue, a reporting verb, in a sentence with
    /// quotation marks, a subject just before, a comma or closing quote
    /// just before.
    pub flags: usize,
    /// Fine and middle word clusters.
    pub fine: u16,
    pub mid: u16,
}

impl CueDense {
    /// The number of distinct [`CueDense::flags`].
    pub const FLAGS: usize = 1 << 6;

    /// The number of distinct [`CueDense::fine_flags`].
    pub const FINE_FLAGS: usize = 1 << 3;

    /// The flags the fine-cluster features read: quoted, subject before,
    /// comma before.
    pub fn fine_flags(&self) -> usize {
        (self.flags & 1) | (self.flags >> 3 & 6)
    }

    /// Templates 0, 14, 25 and 26: flags alone.
    pub fn flag_features(&self, f: &mut impl AddFeature) {
        let [inq, cueword, report, quoted, subject, before_comma] =
            std::array::from_fn(|k| bit(self.flags >> k & 1 == 1));
        f.add(0, &[]);
        f.add(14, &[inq, cueword]);
        f.add(25, &[report, inq, quoted]);
        f.add(26, &[report, subject, before_comma]);
    }

    /// Templates 29, 33 and 34: the fine cluster, alone and with flags.
    pub fn fine_features(&self, f: &mut impl AddFeature) {
        let c = u64::from(self.fine);
        let [inq, subject, before_comma] = [0, 4, 5].map(|k| bit(self.flags >> k & 1 == 1));
        f.add(29, &[c]);
        f.add(33, &[c, before_comma, inq]);
        f.add(34, &[c, subject]);
    }

    /// Template 30: the middle cluster.
    pub fn mid_features(&self, f: &mut impl AddFeature) {
        f.add(30, &[u64::from(self.mid)]);
    }
}

/// The cue-tagger features of token `i` that read words: adds them to
/// `f`. Returns the inputs of the others. Inlined, so that the finder's
/// sums stay in registers.
#[inline(always)]
pub(crate) fn cue_word_features(doc: &Doc, s: Sent, quoted: bool, i: usize, f: &mut impl AddFeature) -> CueDense {
    let t = &doc.toks[i];
    let ii = i as isize;
    let w = t.hash;
    let p1 = if i > s.begin { doc.word(ii - 1) } else { BOS };
    let p2 = if i > s.begin + 1 { doc.word(ii - 2) } else { BOS };
    let n1 = if i + 1 < s.end { doc.word(ii + 1) } else { EOS };
    let n2 = if i + 2 < s.end { doc.word(ii + 2) } else { EOS };
    let inq = bit(t.has(flag::INQ));
    let suffix = t.suffix;
    f.add(1, &[w]);
    f.add(2, &[w, inq]);
    f.add(3, &[suffix]);
    f.add(4, &[t.shape]);
    f.add(5, &[p1]);
    f.add(6, &[n1]);
    f.add(7, &[p2]);
    f.add(8, &[n2]);
    f.add(9, &[p1, w]);
    f.add(10, &[w, n1]);
    f.add(11, &[w, n1, n2]);
    f.add(12, &[p2, p1, w]);
    let pshape = if i > s.begin { doc.toks[i - 1].shape } else { BOS };
    f.add(15, &[pshape, w]);
    f.add(16, &[suffix, n1]);
    // Whether a comma or quote closes just before: "..., Wang said".
    let before_comma = (s.begin..i)
        .rev()
        .take(6)
        .any(|k| doc.toks[k].has(flag::COMMA | flag::QCLOSE));
    f.add(18, &[bit(before_comma), w]);
    let st = t.stem;
    f.add(19, &[st]);
    f.add(20, &[st, n1]);
    f.add(21, &[p1, st]);
    f.add(22, &[st, bit(before_comma), inq]);
    let report = bit(t.on(list::REPORT));
    let quoted = bit(quoted);
    let subject = (s.begin..i)
        .rev()
        .take(3)
        .any(|k| doc.toks[k].has(flag::CAP) || doc.toks[k].on(list::PRONOUN));
    f.add(23, &[report, n1]);
    f.add(24, &[report, pshape]);
    f.add(27, &[w, quoted]);
    f.add(28, &[st, bit(subject)]);
    let nc = if i + 1 < s.end {
        u64::from(doc.toks[i + 1].cluster[0])
    } else {
        EOS
    };
    let pc = if i > s.begin {
        u64::from(doc.toks[i - 1].cluster[0])
    } else {
        BOS
    };
    let c = t.cluster.map(u64::from);
    f.add(31, &[c[0], n1]);
    f.add(32, &[p1, c[0]]);
    f.add(35, &[c[1], nc]);
    f.add(36, &[pc, c[1]]);
    // The third word to the left: where a subject before a verb group
    // ("the senator has repeatedly said") or a clause's start lies.
    let p3 = if i > s.begin + 2 { doc.word(ii - 3) } else { BOS };
    f.add(37, &[p3]);
    // The word's middle cluster between its neighbours, reduced to their
    // kind (quotation mark, comma, short word, capitalized word, cluster):
    // "Smith [urges] that", "he [wants] to".
    f.add(38, &[c[1], reduced(doc, s, ii - 1), reduced(doc, s, ii + 1)]);
    let flags = [
        inq,
        bit(t.on(list::CUE)),
        report,
        quoted,
        bit(subject),
        bit(before_comma),
    ]
    .into_iter()
    .enumerate()
    .fold(0, |bits, (k, b)| bits | (b as usize) << k);
    CueDense {
        flags,
        fine: t.cluster[0],
        mid: t.cluster[1],
    }
}

/// Token `k` of sentence `s` reduced to its kind, for context features
/// that generalize over words: a quotation mark or comma by its own code,
/// other punctuation and short words (five bytes at most: "that", "to",
/// "he", "about") by their word, a capitalized word by one code, a longer
/// word by its middle cluster; past the sentence's ends, a boundary mark.
fn reduced(doc: &Doc, s: Sent, k: isize) -> u64 {
    let Some(t) = usize::try_from(k)
        .ok()
        .filter(|&k| (s.begin..s.end).contains(&k))
        .and_then(|k| doc.toks.get(k))
    else {
        return if k < s.begin as isize { BOS } else { EOS };
    };
    if t.has(flag::QOPEN) {
        1
    } else if t.has(flag::QCLOSE) {
        2
    } else if t.has(flag::COMMA) {
        3
    } else if t.has(flag::PUNCT) {
        t.hash
    } else if t.has(flag::CAP) && !t.on(list::PRONOUN) {
        6
    } else if t.span.end - t.span.begin <= 5 {
        t.hash
    } else {
        100 + u64::from(t.cluster[1])
    }
}
