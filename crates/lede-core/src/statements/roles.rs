//! The role tagger's windows and features: the tokens of a cue's sentence
//! and its neighbours, each with its place relative to the cue (side,
//! distance, commas, quotation marks and other cues in between, sentence
//! and paragraph offsets) and its words.

use super::doc::{Doc, Tok};
use super::hashing::{BOS, EOS, Feats, K, bit, feature_mix, feature_prefix, feature_with};
use crate::tokens::flag;

/// The most tokens a window reaches on either side of its cue: bounds the
/// work per cue in sentences that never end.
const MAX_REACH: usize = 150;

/// Per-window prefix counts used by the role features.
pub(crate) struct Window {
    /// First token.
    pub begin: usize,
    /// One past the last token.
    pub end: usize,
    /// The cue's first token.
    pub cue_begin: usize,
    /// One past the cue's last token.
    pub cue_end: usize,
    cue_key: u64,
    cue_last: u64,
    cue_last_stem: u64,
    cue_next: u64,
    cue_prev: u64,
    cue_inq: bool,
    cue_sent: u32,
    cue_para: u32,
    cue_sent_begin: bool,
    cue_sent_end: bool,
    /// The hash of feature 23 of [`Window::word_feature_pair`] up to the
    /// word, by side (`rel - 1`).
    cue_word_prefix: [u64; 3],
}

impl Window {
    /// The window of sentences around the cue `[cue_begin, cue_end)`: the
    /// cue's sentence and one on either side, at most [`MAX_REACH`] tokens
    /// each way.
    #[cfg(any(test, feature = "train"))]
    pub fn new(doc: &Doc, cue_begin: usize, cue_end: usize) -> Window {
        Window::reaching(doc, cue_begin, cue_end, 1)
    }

    /// The window of the cue's sentence and `around` sentences on either
    /// side, at most [`MAX_REACH`] tokens each way.
    pub fn reaching(doc: &Doc, cue_begin: usize, cue_end: usize, around: usize) -> Window {
        let si = doc.toks[cue_begin].sent as usize;
        let begin = doc.sents[si.saturating_sub(around)]
            .begin
            .max(cue_begin.saturating_sub(MAX_REACH));
        let end = doc.sents[(si + around).min(doc.sents.len() - 1)]
            .end
            .min(cue_end + MAX_REACH);
        let n = cue_end - cue_begin;
        let cue_key = if n <= 3 {
            (cue_begin..cue_end).fold(0u64, |h, k| (h.rotate_left(23) ^ doc.toks[k].hash).wrapping_mul(K))
        } else {
            1
        };
        let sent = doc.sents[si];
        Window {
            begin,
            end,
            cue_begin,
            cue_end,
            cue_key,
            cue_last: doc.toks[cue_end - 1].hash,
            cue_last_stem: doc.toks[cue_end - 1].stem,
            cue_next: if cue_end < sent.end {
                doc.toks[cue_end].hash
            } else {
                EOS
            },
            cue_prev: if cue_begin > sent.begin {
                doc.toks[cue_begin - 1].hash
            } else {
                BOS
            },
            cue_inq: doc.toks[cue_begin].has(flag::INQ),
            cue_sent: si as u32,
            cue_para: doc.toks[cue_begin].para,
            cue_sent_begin: cue_begin == sent.begin,
            cue_sent_end: cue_end + 1 >= sent.end,
            cue_word_prefix: [1, 2, 3].map(|rel| feature_prefix(23, &[rel, doc.toks[cue_begin].hash])),
        }
    }

    #[cfg(any(test, feature = "train"))]
    /// Role-tagger features of token `i` of the window.
    pub fn features(&self, doc: &Doc, i: usize, f: &mut Feats) {
        f.list.clear();
        token_features(doc, i, self.side(i), f);
        self.cue_features(doc, i, f);
    }

    /// Which side of the cue token `i` stands on: 1 before, 2 after, 3 in it.
    pub fn side(&self, i: usize) -> u64 {
        if i < self.cue_begin {
            1
        } else if i >= self.cue_end {
            2
        } else {
            3
        }
    }

    /// The features of token `i` that depend on the cue beyond its side.
    #[cfg(any(test, feature = "train"))]
    pub fn cue_features(&self, doc: &Doc, i: usize, f: &mut Feats) {
        let st = self.state(doc, i);
        self.state_features(&st, f);
        self.window_features(&st, f);
        self.word_features(doc, i, &st, f);
    }

    /// Where token `i` stands relative to the cue, in a few small numbers.
    #[inline]
    pub fn state(&self, doc: &Doc, i: usize) -> State {
        let t = &doc.toks[i];
        let rel = self.side(i);
        let (dist, lo, hi) = match rel {
            1 => (self.cue_begin - i, i, self.cue_begin),
            2 => (i + 1 - self.cue_end, self.cue_end, i),
            _ => (0, i, i),
        };
        let sent = doc.sents[t.sent as usize];
        // `lo..hi` lies between the token and the cue, never in the cue:
        // the cue's own cue words do not count.
        let (a, b) = (doc.counts(lo), doc.counts(hi));
        let commas = b[0].saturating_sub(a[0]).min(3);
        let marks = b[1].saturating_sub(a[1]).min(3);
        let cues = b[2].saturating_sub(a[2]).min(2);
        State {
            rel,
            d: bucket(dist),
            commas: digit(commas),
            marks: digit(marks),
            cues: digit(cues),
            soff: ((t.sent as i64 - i64::from(self.cue_sent)).signum() + 1) as u64,
            poff: bit(t.para != self.cue_para),
            inq: bit(t.has(flag::INQ)),
            mark: mark(t),
            first: bit(i == sent.begin),
        }
    }

    /// A key for everything [`Window::state_features`] reads: the state
    /// and three bits of the cue.
    pub fn state_key(&self, st: &State) -> u32 {
        let mut k = 0u64;
        for (v, bits) in [
            (st.rel, 2),
            (st.d, 5),
            (st.commas, 2),
            (st.marks, 2),
            (st.cues, 2),
            (st.soff, 2),
            (st.poff, 1),
            (st.inq, 1),
            (st.mark, 2),
            (st.first, 1),
            (bit(self.cue_inq), 1),
            (bit(self.cue_sent_begin), 1),
            (bit(self.cue_sent_end), 1),
        ] {
            k = (k << bits) | v;
        }
        k as u32
    }

    /// A key, unique within the window, for everything
    /// [`Window::window_features`] reads of the state.
    pub fn window_key(st: &State) -> usize {
        (((st.rel as usize * 32 + st.d as usize) * 4 + st.commas as usize) * 3) + st.soff as usize
    }

    /// The number of distinct [`Window::window_key`]s.
    pub const WINDOW_KEYS: usize = 4 * 32 * 4 * 3;

    /// Features of the state alone (and of the cue's quoting and place in
    /// its sentence): the same in every window of a document.
    pub fn state_features(&self, st: &State, f: &mut Feats) {
        let State {
            rel,
            d,
            commas,
            marks,
            cues,
            soff,
            poff,
            inq,
            mark,
            first,
        } = *st;
        let cinq = bit(self.cue_inq);
        f.add(1, &[rel, d]);
        f.add(11, &[rel, commas]);
        f.add(12, &[rel, commas, d]);
        f.add(13, &[rel, soff, poff]);
        f.add(14, &[rel, soff, commas, d]);
        f.add(15, &[rel, inq, cinq, marks]);
        f.add(16, &[rel, mark, marks]);
        f.add(17, &[rel, cues, commas]);
        f.add(22, &[rel, bit(self.cue_sent_begin), bit(self.cue_sent_end), soff]);
        f.add(27, &[rel, inq, soff, commas]);
        f.add(29, &[rel, soff, first, mark]);
    }

    /// Features of the cue's words with the side, distance, commas and
    /// sentence offset: the same wherever those agree in one window.
    pub fn window_features(&self, st: &State, f: &mut Feats) {
        let State {
            rel, d, commas, soff, ..
        } = *st;
        let key = self.cue_key;
        f.add(9, &[rel, key]);
        f.add(10, &[rel, key, d]);
        f.add(20, &[rel, self.cue_next, d]);
        f.add(21, &[rel, self.cue_prev, d]);
        f.add(24, &[rel, self.cue_last, d, commas]);
        f.add(30, &[rel, key, commas, soff]);
        f.add(32, &[rel, self.cue_last_stem, d, soff]);
    }

    /// Features of token `i`'s word with the cue.
    #[cfg(any(test, feature = "train"))]
    pub fn word_features(&self, doc: &Doc, i: usize, st: &State, f: &mut Feats) {
        let w = doc.toks[i].hash;
        f.list
            .extend(self.word_feature_pair(st, Window::distance_prefix(st), w));
    }

    /// The features of a token of word hash `w` with the cue (templates
    /// 23: side, cue's first word, word; 28: side, distance, word), given
    /// `prefix`, the hash of the second up to the word
    /// ([`Window::distance_prefix`]).
    pub fn word_feature_pair(&self, st: &State, prefix: u64, w: u64) -> [u32; 2] {
        let cue = self
            .cue_word_prefix
            .get(st.rel as usize - 1)
            .copied()
            .unwrap_or_default();
        [feature_with(cue, w), feature_with(prefix, w)]
    }

    /// The hash of feature 28 of [`Window::word_feature_pair`] up to the
    /// word.
    pub fn distance_prefix(st: &State) -> u64 {
        feature_prefix(28, &[st.rel, st.d])
    }
}

/// A token's place relative to a cue: the inputs of the role features
/// that do not read words.
#[derive(Clone, Copy, Debug)]
pub(crate) struct State {
    /// 1 before the cue, 2 after, 3 in it.
    pub rel: u64,
    /// Distance bucket.
    pub d: u64,
    /// Commas between the token and the cue (at most 3).
    pub commas: u64,
    /// Quotation marks between (at most 3).
    pub marks: u64,
    /// Other cue words between (at most 2).
    pub cues: u64,
    /// The token's sentence before (0), at (1) or after (2) the cue's.
    pub soff: u64,
    /// 1 when in another paragraph.
    pub poff: u64,
    /// 1 when quoted.
    pub inq: u64,
    /// 1 for an opening quotation mark, 2 for a closing one.
    pub mark: u64,
    /// 1 for a sentence's first token.
    pub first: u64,
}

/// 1 for an opening quotation mark, 2 for a closing one, else 0.
fn mark(t: &Tok) -> u64 {
    if t.has(flag::QOPEN) {
        1
    } else if t.has(flag::QCLOSE) {
        2
    } else {
        0
    }
}

/// The number of [`token_feature_array`] features.
pub(crate) const TOKEN_FEATURES: usize = 10;

/// The role features of token `i` that depend on the cue only through
/// `rel`, the side of the cue it stands on: the same in every window, so
/// the finder computes their weights once per token and side. In the
/// order of their template numbers, as the model was trained: those of
/// [`token_feature_array`] and those of [`TokenDense`] merged.
#[cfg(any(test, feature = "train"))]
pub(crate) fn token_features(doc: &Doc, i: usize, rel: u64, f: &mut Feats) {
    let (h, dense) = token_feature_array(doc, i, rel);
    let mut d = Feats::new();
    dense.flag_features(&mut d);
    dense.fine_features(&mut d);
    dense.mid_features(&mut d);
    let d = &d.list;
    // Templates 0; 2-8; 18, 19; 25, 26; 31; 33; 34; 35.
    f.list.push(d[0]);
    f.list.extend(&h[..7]);
    f.list.extend(&d[1..3]);
    f.list.extend(&h[7..9]);
    f.list.extend(&d[3..6]);
    f.list.push(h[9]);
}

/// The inputs of the role token features of small range (side, flags and
/// word clusters), whose weights the finder sums per value when the model
/// loads ([`super::model::RoleSums`]) rather than looking them up per token.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct TokenDense {
    /// 1 before the cue, 2 after, 3 in it.
    pub rel: u64,
    /// Bits: capitalized, the previous token capitalized, first in its
    /// sentence, last in it, in a headline.
    pub flags: usize,
    /// Fine and middle word clusters.
    pub fine: u16,
    pub mid: u16,
}

impl TokenDense {
    /// The number of distinct [`TokenDense::flags`].
    pub const FLAGS: usize = 1 << 5;

    /// Templates 0, 18, 19 and 31: side and flags.
    pub fn flag_features(&self, f: &mut Feats) {
        let [cap, pcap, first, last, headline] = std::array::from_fn(|k| bit(self.flags >> k & 1 == 1));
        f.add(0, &[self.rel]);
        f.add(18, &[self.rel, cap, pcap]);
        f.add(19, &[self.rel, first, last]);
        f.add(31, &[self.rel, headline]);
    }

    /// Template 33: side and fine cluster.
    pub fn fine_features(&self, f: &mut Feats) {
        f.add(33, &[self.rel, u64::from(self.fine)]);
    }

    /// Template 34: side, middle cluster and capitalization.
    pub fn mid_features(&self, f: &mut Feats) {
        f.add(34, &[self.rel, u64::from(self.mid), bit(self.flags & 1 == 1)]);
    }
}

/// What the role token features read of token `i` and its neighbours
/// in its sentence.
struct TokenContext {
    /// Word and shape hashes.
    w: u64,
    shape: u64,
    /// The words one and two before and after ([`BOS`], [`EOS`] past the
    /// sentence's ends).
    p1: u64,
    n1: u64,
    p2: u64,
    n2: u64,
    /// 1 when capitalized; `pcap` for the token before.
    cap: u64,
    pcap: u64,
    /// 1 for the sentence's first and last token.
    first: u64,
    last: u64,
    /// 1 in a headline.
    headline: u64,
    /// The token's word clusters.
    c: [u64; 3],
    /// The previous token's middle cluster.
    pc: u64,
}

impl TokenContext {
    fn of(doc: &Doc, i: usize) -> TokenContext {
        let t = &doc.toks[i];
        let ii = i as isize;
        let sent = doc.sents[t.sent as usize];
        TokenContext {
            w: t.hash,
            shape: t.shape,
            p1: if i > sent.begin { doc.word(ii - 1) } else { BOS },
            n1: if i + 1 < sent.end { doc.word(ii + 1) } else { EOS },
            p2: if i > sent.begin + 1 { doc.word(ii - 2) } else { BOS },
            n2: if i + 2 < sent.end { doc.word(ii + 2) } else { EOS },
            cap: bit(t.has(flag::CAP)),
            pcap: bit(i > sent.begin && doc.toks[i - 1].has(flag::CAP)),
            first: bit(i == sent.begin),
            last: bit(i + 1 == sent.end),
            headline: bit(t.headline),
            c: t.cluster.map(u64::from),
            pc: if i > sent.begin {
                u64::from(doc.toks[i - 1].cluster[1])
            } else {
                BOS
            },
        }
    }
}

/// The role token features ([`token_features`]) of token `i` on side
/// `rel` of a cue: those the finder looks up, hashed in steps from
/// [`SIDE_PREFIX`] (each the hash [`Feats::add`] would give), and the
/// inputs of the others.
pub(crate) fn token_feature_array(doc: &Doc, i: usize, rel: u64) -> ([u32; TOKEN_FEATURES], TokenDense) {
    let x = TokenContext::of(doc, i);
    let t = &doc.toks[i];
    let dense = TokenDense {
        rel,
        flags: (x.cap | x.pcap << 1 | x.first << 2 | x.last << 3 | x.headline << 4) as usize,
        fine: t.cluster[0],
        mid: t.cluster[1],
    };
    // The hash after template `k` and the side.
    let side = |k: usize| SIDE_PREFIX.get(k).map_or(0, |p| p[rel as usize & 3]);
    let hashed = [
        feature_with(side(2), x.w),
        feature_with(side(3), x.shape),
        feature_with(feature_prefix(4, &[]), x.w),
        feature_with(side(5), x.p1),
        feature_with(side(6), x.n1),
        feature_with(side(7), x.p2),
        feature_with(side(8), x.n2),
        feature_with(feature_mix(side(25), x.p1), x.w),
        feature_with(feature_mix(side(26), x.w), x.n1),
        feature_with(feature_mix(side(35), x.pc), x.c[1]),
    ];
    (hashed, dense)
}

/// [`feature_prefix`] of every template up to 35 and side 0 to 3, the
/// first two parts of most role features.
const SIDE_PREFIX: [[u64; 4]; 36] = {
    let mut table = [[0; 4]; 36];
    let mut k = 0;
    while k < 36 {
        let mut rel = 0;
        while rel < 4 {
            table[k][rel] = feature_prefix(k as u8, &[rel as u64]);
            rel += 1;
        }
        k += 1;
    }
    table
};

fn digit(n: u32) -> u64 {
    u64::from(n.min(3))
}

/// Distance bucket.
fn bucket(d: usize) -> u64 {
    match d {
        0 => 0,
        1 => 1,
        2 => 2,
        3 => 3,
        4..=5 => 4,
        6..=8 => 6,
        9..=14 => 9,
        15..=25 => 15,
        _ => 26,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Document;

    /// The role token features as they were first written, with
    /// [`Feats::add`].
    fn token_features_by_add(doc: &Doc, i: usize, rel: u64, f: &mut Feats) {
        let x = TokenContext::of(doc, i);
        f.add(0, &[rel]);
        f.add(2, &[rel, x.w]);
        f.add(3, &[rel, x.shape]);
        f.add(4, &[x.w]);
        f.add(5, &[rel, x.p1]);
        f.add(6, &[rel, x.n1]);
        f.add(7, &[rel, x.p2]);
        f.add(8, &[rel, x.n2]);
        f.add(18, &[rel, x.cap, x.pcap]);
        f.add(19, &[rel, x.first, x.last]);
        f.add(25, &[rel, x.p1, x.w]);
        f.add(26, &[rel, x.w, x.n1]);
        f.add(31, &[rel, x.headline]);
        f.add(33, &[rel, x.c[0]]);
        f.add(34, &[rel, x.c[1], x.cap]);
        f.add(35, &[rel, x.pc, x.c[1]]);
    }

    #[test]
    fn token_features_hashed_in_steps_are_those_of_feats_add() {
        let text = include_str!("../../../../examples/xinhua-china-india.txt");
        let article = crate::pipeline::shared().parse(&Document::text(text)).expect("parse");
        let d = Doc::new(&article);
        assert!(d.toks.len() > 100);
        let (mut a, mut b) = (Feats::new(), Feats::new());
        for i in 0..d.toks.len() {
            for rel in 1..=3 {
                a.list.clear();
                b.list.clear();
                token_features(&d, i, rel, &mut a);
                token_features_by_add(&d, i, rel, &mut b);
                assert_eq!(a.list, b.list, "token {i} side {rel}");
            }
        }
    }
}
