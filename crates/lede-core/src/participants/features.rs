//! Token features for the tagger: hashed word forms, shapes, affixes, word
//! clusters, capitalization statistics, gazetteer flags, and the
//! document's earlier predictions.
//!
//! Everything a token contributes is read off the token layer once per
//! token into a [`Tok`] of plain integers (the word hash, shape, flags,
//! clusters and capitalization class parse found; affixes hashed from the
//! lower-cased text); feature templates then combine those integers into
//! 64-bit hashes, so the hot path allocates no strings. Templates come in
//! groups by what they read ([`own_features`], [`context_features`],
//! [`history_features`], [`previous_features`], [`transition_features`]),
//! so that the decoder can keep the sums of those that repeat.

use crate::linear::Sink;
use crate::tokens::{IdMap, Tokens, flag as tf, fnv};

/// The tag set: BIO over the four CoNLL-2003 types.
pub const LABELS: [&str; 9] = [
    "O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC",
];
/// Number of tags.
pub const N_LABELS: usize = LABELS.len();

/// The entity type of a tag (0 PER, 1 ORG, 2 LOC, 3 MISC), `None` for O.
pub(crate) fn label_type(label: usize) -> Option<usize> {
    (label > 0).then(|| (label - 1) / 2)
}

/// Whether a tag begins an entity.
pub(crate) fn is_begin(label: usize) -> bool {
    label > 0 && label % 2 == 1
}

/// Token flags.
pub(crate) mod flag {
    pub const INIT_CAP: u32 = 1;
    pub const ALL_CAPS: u32 = 1 << 1;
    pub const HAS_DIGIT: u32 = 1 << 2;
    pub const ALL_DIGIT: u32 = 1 << 3;
    pub const PUNCT: u32 = 1 << 4;
    pub const HYPHEN: u32 = 1 << 5;
    pub const PERIOD: u32 = 1 << 6;
    pub const LOWER: u32 = 1 << 7;
    pub const FIRST: u32 = 1 << 8;
    pub const CAPS_LINE: u32 = 1 << 9;
    pub const AFTER_QUOTE_OR_COLON: u32 = 1 << 10;
    /// The word is capitalized inside a sentence elsewhere in the document.
    pub const DOC_CAP_INSIDE: u32 = 1 << 11;
    /// The word is in lower case elsewhere in the document.
    pub const DOC_LOWER: u32 = 1 << 12;
}

/// Gazetteer flags.
pub(crate) mod gaz {
    pub const COUNTRY: u16 = 1;
    pub const DEMONYM: u16 = 1 << 1;
    pub const PLACE: u16 = 1 << 2;
    pub const FIRST_NAME: u16 = 1 << 3;
    pub const TITLE: u16 = 1 << 4;
    pub const ORG_CUE: u16 = 1 << 5;
    pub const PHRASE_START: u16 = 1 << 6;
    /// A city or US state of GeoNames (`models/cities.tsv`).
    pub const CITY: u16 = 1 << 7;
    /// Number of flag bits in use.
    pub const BITS: u16 = 8;
}

/// A 64-bit finalizer (from MurmurHash3).
#[inline]
pub(crate) fn finish(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// Combines a hash with a value.
#[inline]
pub(crate) fn mix(h: u64, v: u64) -> u64 {
    finish(h.rotate_left(23) ^ v.wrapping_mul(0x9e37_79b9_7f4a_7c15))
}

/// A gazetteer: single words and phrases (lower-case token hashes) with flags.
#[derive(Debug, Default)]
pub(crate) struct Gazetteer {
    /// First token hash -> phrases starting with it (token hashes, flags).
    phrases: IdMap<u64, Vec<(Vec<u64>, u16)>>,
}

impl Gazetteer {
    /// The gazetteer of `phrases` (lower-case token hashes) with their
    /// flags; a phrase given twice has the flags of both.
    pub(crate) fn new(phrases: Vec<(Vec<u64>, u16)>) -> Gazetteer {
        let mut g = Gazetteer::default();
        for (tokens, flags) in phrases {
            let Some(&first) = tokens.first() else { continue };
            let list = g.phrases.entry(first).or_default();
            match list.iter_mut().find(|(t, _)| *t == tokens) {
                Some(same) => same.1 |= flags,
                None => list.push((tokens, flags)),
            }
        }
        // The longest phrase first: of phrases that start alike, [`mark`]
        // takes the first that fits.
        for list in g.phrases.values_mut() {
            list.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
        }
        g
    }

    /// Marks every token of `toks` covered by a phrase; phrases match on
    /// lower-case forms, the longest at each position.
    pub(crate) fn mark(&self, toks: &mut [Tok]) {
        let mut i = 0;
        while i < toks.len() {
            let mut advance = 1;
            if let Some(list) = self.phrases.get(&toks[i].lower) {
                for (phrase, flags) in list {
                    let fits =
                        phrase.len() <= toks.len() - i && phrase.iter().zip(&toks[i..]).all(|(h, t)| *h == t.lower);
                    if fits {
                        toks[i].gaz |= gaz::PHRASE_START;
                        for t in &mut toks[i..i + phrase.len()] {
                            t.gaz |= flags;
                        }
                        advance = advance.max(phrase.len());
                        break;
                    }
                }
            }
            i += advance;
        }
    }
}

/// Everything one token contributes to features.
#[derive(Clone, Copy, Debug, Default)]
pub struct Tok {
    /// The word form: its hash mixed with its case pattern.
    pub word: u64,
    /// The word's hash (of its lower-cased text).
    pub lower: u64,
    /// Hash of the collapsed shape ("Xx", "X.X.", "d-d").
    pub shape: u64,
    /// Hashes of prefixes (1..=4 characters) then suffixes (1..=4), lower case.
    pub affixes: [u64; 8],
    /// Word clusters (fine, middle, coarse; plus one, zero for none).
    pub clusters: [u16; 3],
    /// Capitalization class of the word in unlabelled text (0 unknown).
    pub caps: u8,
    /// [`flag`] bits.
    pub flags: u32,
    /// [`gaz`] bits.
    pub gaz: u16,
    /// Length in characters, capped.
    pub len: u8,
    /// What tells apart tokens whose [`own_features`] differ: the word
    /// form, shape and length.
    pub key: u64,
}

/// Seeds of the prefix and suffix hashes.
const PREFIX: u64 = 0x1234_5678;
const SUFFIX: u64 = 0x8765_4321;

/// The hashes of the first and last one to four characters of `lower`
/// (a word shorter than four repeats its whole self).
fn affixes(lower: &str) -> [u64; 8] {
    let b = lower.as_bytes();
    let mut out = [0u64; 8];
    if lower.is_ascii() {
        let n = b.len();
        let mut h = PREFIX;
        for k in 0..4 {
            if k < n {
                h = fnv(h, &b[k..=k]);
            }
            out[k] = finish(h);
            out[4 + k] = finish(fnv(SUFFIX, &b[n - n.min(k + 1)..]));
        }
        return out;
    }
    let mut ends = [b.len(); 4];
    for (slot, (k, _)) in ends.iter_mut().zip(lower.char_indices().skip(1)) {
        *slot = k;
    }
    let mut starts = [0; 4];
    for (slot, (k, _)) in starts.iter_mut().zip(lower.char_indices().rev()) {
        *slot = k;
    }
    for k in 0..4 {
        out[k] = finish(fnv(PREFIX, &b[..ends[k]]));
        out[4 + k] = finish(fnv(SUFFIX, &b[starts[k]..]));
    }
    out
}

impl Tok {
    /// The features of token `i` of `tokens`, as far as the token alone
    /// gives them.
    pub(crate) fn of(tokens: &Tokens, i: usize) -> Tok {
        let t = &tokens.tokens()[i];
        const FLAGS: [(u32, u32); 8] = [
            (tf::CAP, flag::INIT_CAP),
            (tf::ALL_CAPS, flag::ALL_CAPS),
            (tf::HAS_DIGIT, flag::HAS_DIGIT),
            (tf::ALL_DIGIT, flag::ALL_DIGIT),
            (tf::PUNCT, flag::PUNCT),
            (tf::HYPHEN, flag::HYPHEN),
            (tf::PERIOD, flag::PERIOD),
            (tf::LOWER, flag::LOWER),
        ];
        let flags = FLAGS
            .iter()
            .filter(|(from, _)| t.has(*from))
            .fold(0, |f, (_, to)| f | to);
        // The case pattern: lower case, capitalized, all capitals, other.
        let case = if t.has(tf::ALL_CAPS) {
            2
        } else if t.has(tf::CAP) {
            1
        } else if t.has(tf::LOWER) {
            0
        } else {
            3
        };
        let word = mix(t.hash, case);
        Tok {
            word,
            key: mix(mix(word, t.shape), u64::from(t.chars)),
            lower: t.hash,
            shape: t.shape,
            affixes: affixes(tokens.lower(i)),
            clusters: t.cluster,
            caps: t.caps,
            flags,
            gaz: 0,
            len: t.chars.min(12),
        }
    }
}

/// Marks sentence-level facts on the tokens of one sentence, whose
/// lower-cased texts are `words`: the first token, lines written all in
/// capitals (headlines), and tokens after a quotation mark or a colon.
pub(crate) fn mark_sentence<'a>(toks: &mut [Tok], words: impl Iterator<Item = &'a str>) {
    let letters = toks
        .iter()
        .filter(|t| t.flags & (flag::ALL_CAPS | flag::LOWER | flag::INIT_CAP) != 0)
        .count();
    let caps = toks.iter().filter(|t| t.flags & flag::ALL_CAPS != 0).count();
    let caps_line = letters >= 2 && caps * 10 >= letters * 7;
    for (i, t) in toks.iter_mut().enumerate() {
        if caps_line {
            t.flags |= flag::CAPS_LINE;
        }
        if i == 0 {
            t.flags |= flag::FIRST;
        }
    }
    for (t, prev) in toks.iter_mut().skip(1).zip(words) {
        if matches!(prev, "\"" | ":" | "“" | "'" | "(" | "-" | "--") {
            t.flags |= flag::AFTER_QUOTE_OR_COLON;
        }
    }
}

/// What the whole document says about each word form: capitalized inside
/// a sentence somewhere, in lower case somewhere ([`flag::DOC_CAP_INSIDE`],
/// [`flag::DOC_LOWER`]).
pub(crate) fn document_flags<'a>(sentences: impl Iterator<Item = &'a [Tok]>) -> IdMap<u64, u32> {
    let mut seen: IdMap<u64, u32> = IdMap::default();
    for t in sentences.flatten() {
        let inside = t.flags & (flag::FIRST | flag::CAPS_LINE | flag::AFTER_QUOTE_OR_COLON) == 0;
        let mark = if t.flags & flag::LOWER != 0 {
            flag::DOC_LOWER
        } else if inside && t.flags & flag::INIT_CAP != 0 && t.flags & flag::ALL_CAPS == 0 {
            flag::DOC_CAP_INSIDE
        } else {
            0
        };
        if mark != 0 {
            *seen.entry(t.lower).or_default() |= mark;
        }
    }
    seen
}

/// Marks tokens with their [`document_flags`].
pub(crate) fn mark_document(toks: &mut [Tok], flags: &IdMap<u64, u32>) {
    for t in toks {
        t.flags |= flags.get(&t.lower).copied().unwrap_or(0);
    }
}

/// Feature templates (numbers only need to be distinct).
mod t {
    pub const BIAS: u64 = 1;
    pub const W: u64 = 2;
    pub const LW: u64 = 3;
    pub const SHAPE: u64 = 4;
    pub const AFFIX: u64 = 5;
    pub const CL: u64 = 6;
    pub const CAPS: u64 = 7;
    pub const FLAGS: u64 = 8;
    pub const GAZ: u64 = 9;
    pub const BIGRAM: u64 = 10;
    pub const SHAPE2: u64 = 11;
    pub const LEN: u64 = 12;
    pub const PREV: u64 = 13;
    pub const PREV2: u64 = 14;
    pub const PREV_W: u64 = 15;
    pub const PREV_SHAPE: u64 = 16;
    pub const HIST: u64 = 17;
    pub const HIST_W: u64 = 18;
    pub const CAPS_FLAGS: u64 = 19;
    pub const PREV_CL: u64 = 20;
    pub const CL_PAIR: u64 = 21;
    pub const DOC: u64 = 22;
}

#[inline]
fn f(template: u64, offset: i64, v: u64) -> u64 {
    finish((template << 8 ^ (offset as u64 & 0xff)).wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ v)
}

/// Pushes the features of token `i` that do not depend on earlier tags:
/// [`own_features`] and [`context_features`].
#[cfg(feature = "train")]
pub fn static_features(toks: &[Tok], i: usize, out: &mut impl Sink) {
    if let Some(t) = toks.get(i) {
        own_features(t, out);
        context_features(toks, i, out);
    }
}

/// Pushes the features a token gives by itself, the same wherever the
/// word stands ([`Tok::key`] tells them apart): its form, lower-case
/// word, shape, affixes, length, clusters and capitalization class.
pub fn own_features(cur: &Tok, out: &mut impl Sink) {
    out.push(f(t::BIAS, 0, 0));
    out.push(f(t::W, 0, cur.word));
    out.push(f(t::LW, 0, cur.lower));
    out.push(f(t::SHAPE, 0, cur.shape));
    for (k, a) in cur.affixes.iter().enumerate() {
        out.push(f(t::AFFIX, k as i64, *a));
    }
    out.push(f(t::LEN, 0, u64::from(cur.len)));
    for (l, &c) in cur.clusters.iter().enumerate() {
        out.push(f(t::CL, l as i64, u64::from(c)));
    }
    out.push(f(t::CAPS, 0, u64::from(cur.caps)));
}

/// Pushes the features of token `i` that read its neighbours, its place
/// in the sentence, the document or the gazetteer.
pub fn context_features(toks: &[Tok], i: usize, out: &mut impl Sink) {
    let Some(cur) = toks.get(i) else { return };
    let at = |d: i64| -> Option<&Tok> {
        let j = i as i64 + d;
        if j < 0 { None } else { toks.get(j as usize) }
    };
    const NONE: u64 = 0x5eed;
    let lw = |d: i64| at(d).map_or(NONE.wrapping_add(d as u64), |t| t.lower);
    let sh = |d: i64| at(d).map_or(NONE.wrapping_add(d as u64), |t| t.shape);
    for d in [-2, -1, 1, 2] {
        out.push(f(t::LW, d, lw(d)));
    }
    for d in [-1, 1] {
        out.push(f(t::SHAPE, d, sh(d)));
    }
    out.push(f(t::SHAPE2, -1, mix(sh(-1), sh(0))));
    out.push(f(t::SHAPE2, 1, mix(sh(0), sh(1))));
    out.push(f(t::SHAPE2, 0, mix(mix(sh(-1), sh(0)), sh(1))));
    out.push(f(t::BIGRAM, -1, mix(lw(-1), lw(0))));
    out.push(f(t::BIGRAM, 1, mix(lw(0), lw(1))));
    for d in [-1, 1i64] {
        let Some(tk) = at(d) else {
            out.push(f(t::CL, d * 10, NONE));
            continue;
        };
        for (l, &c) in tk.clusters.iter().enumerate() {
            out.push(f(t::CL, d * 10 + l as i64, u64::from(c)));
        }
    }
    out.push(f(
        t::CL_PAIR,
        0,
        mix(
            u64::from(at(-1).map_or(9999, |t| t.clusters[1])),
            u64::from(cur.clusters[1]),
        ),
    ));
    out.push(f(
        t::CL_PAIR,
        1,
        mix(
            u64::from(cur.clusters[1]),
            u64::from(at(1).map_or(9999, |t| t.clusters[1])),
        ),
    ));
    let fl = cur.flags & (flag::INIT_CAP | flag::ALL_CAPS | flag::FIRST | flag::CAPS_LINE | flag::AFTER_QUOTE_OR_COLON);
    out.push(f(t::CAPS_FLAGS, 0, mix(u64::from(cur.caps), u64::from(fl))));
    out.push(f(
        t::CAPS_FLAGS,
        1,
        mix(mix(u64::from(cur.caps), u64::from(fl)), lw(-1)),
    ));
    let doc = cur.flags & (flag::DOC_CAP_INSIDE | flag::DOC_LOWER);
    out.push(f(
        t::DOC,
        0,
        u64::from(doc | (cur.flags & (flag::INIT_CAP | flag::FIRST | flag::CAPS_LINE))),
    ));
    out.push(f(
        t::FLAGS,
        0,
        u64::from(cur.flags & !(flag::DOC_CAP_INSIDE | flag::DOC_LOWER)),
    ));
    for d in [-1i64, 1] {
        out.push(f(
            t::FLAGS,
            d,
            at(d).map_or(NONE, |t| u64::from(t.flags & !flag::FIRST)),
        ));
    }
    for d in -2..=2i64 {
        // The flags set, lowest first (most tokens have none).
        let mut g = at(d).map_or(0, |t| t.gaz) & ((1 << gaz::BITS) - 1);
        while g != 0 {
            let bit = g.trailing_zeros();
            g &= g - 1;
            out.push(f(
                t::GAZ,
                d * 16 + i64::from(bit),
                u64::from(cur.flags & flag::INIT_CAP),
            ));
        }
    }
}

/// Per-document memory of the tags given to each word form so far
/// (Ratinov and Roth's "extended prediction history").
#[derive(Debug, Default)]
pub struct History {
    seen: IdMap<u64, [u16; 4]>,
}

impl History {
    /// Forgets everything (a new document).
    #[cfg(feature = "train")]
    pub fn clear(&mut self) {
        self.seen.clear();
    }

    /// Records that a capitalized word was tagged `label`; with
    /// `names_only`, only if `label` names a person, organization or
    /// place (not a MISC, the tag of a headline's title-case words).
    pub fn record(&mut self, tok: &Tok, label: usize, names_only: bool) {
        if tok.flags & flag::INIT_CAP == 0 || (names_only && !matches!(label_type(label), Some(0..=2))) {
            return;
        }
        let counts = self.seen.entry(tok.lower).or_default();
        if let Some(ty) = label_type(label) {
            counts[ty] = counts[ty].saturating_add(1);
        }
    }

    /// The type this word form was given most often (0..4), 4 when it was
    /// seen but never tagged, 5 when unseen.
    fn majority(&self, tok: &Tok) -> u64 {
        match self.seen.get(&tok.lower) {
            None => 5,
            Some(c) => {
                let (best, n) = c
                    .iter()
                    .enumerate()
                    .max_by_key(|(k, n)| (**n, std::cmp::Reverse(*k)))
                    .unwrap_or((0, &0));
                if *n == 0 { 4 } else { best as u64 }
            }
        }
    }
}

/// Pushes the features of token `i` that read the document's earlier
/// predictions (the same for every hypothesis of a sentence).
pub fn history_features(toks: &[Tok], i: usize, hist: &History, out: &mut impl Sink) {
    let Some(cur) = toks.get(i) else { return };
    if cur.flags & flag::INIT_CAP != 0 {
        let h = hist.majority(cur);
        out.push(f(t::HIST, 0, h));
        out.push(f(
            t::HIST_W,
            0,
            mix(h, u64::from(cur.flags & (flag::FIRST | flag::CAPS_LINE))),
        ));
        if let Some(next) = toks.get(i + 1).filter(|t| t.flags & flag::INIT_CAP != 0) {
            out.push(f(t::HIST, 1, hist.majority(next)));
        }
    }
}

/// Pushes the features of a token that read the tag before it, `prev`,
/// with the token's own word, shape or cluster (the same wherever the
/// word stands, as [`own_features`]).
pub fn previous_features(cur: &Tok, prev: usize, out: &mut impl Sink) {
    let p = prev as u64;
    out.push(f(t::PREV_W, 0, mix(p, cur.lower)));
    out.push(f(t::PREV_SHAPE, 0, mix(p, cur.shape)));
    out.push(f(t::PREV_CL, 0, mix(p, u64::from(cur.clusters[1]))));
}

/// The features of the tags before alone, `prev` and `prev2`.
#[inline]
pub fn transition_features(prev: usize, prev2: usize) -> [u64; 2] {
    let p = prev as u64;
    [f(t::PREV, 0, p), f(t::PREV2, 0, mix(p, prev2 as u64))]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokens::word_hash;

    fn toks(text: &str) -> (Tokens, Vec<Tok>) {
        let tokens = crate::participants::tests::tokens_of(text);
        let toks = (0..tokens.tokens().len()).map(|i| Tok::of(&tokens, i)).collect();
        (tokens, toks)
    }

    #[test]
    fn tokens_get_shape_flags_case_and_affixes() {
        let (_, t) = toks("U.S. 1996-08-22 Wang Misri wang WANG Zürich ab");
        assert!(t[0].flags & flag::ALL_CAPS != 0 && t[0].flags & flag::PERIOD != 0);
        assert!(t[1].flags & flag::HAS_DIGIT != 0 && t[1].flags & flag::HYPHEN != 0);
        assert_eq!(t[2].shape, t[3].shape);
        assert_ne!(t[2].shape, t[4].shape);
        // One hash for every case, one word form for each case pattern.
        assert!(t[2].lower == t[4].lower && t[4].lower == t[5].lower);
        assert!(t[2].word != t[4].word && t[4].word != t[5].word && t[2].word != t[5].word);
        // A four-letter prefix and suffix, of characters not bytes; a
        // short word repeats itself.
        let (_, z) = toks("züri zurich");
        assert_eq!(t[6].affixes[3], z[0].affixes[3]);
        assert_ne!(t[6].affixes[3], z[1].affixes[3]);
        assert_eq!(t[6].affixes[7], z[1].affixes[7]);
        assert_eq!(t[7].affixes[1], t[7].affixes[3]);
        assert_eq!(t[7].affixes[5], t[7].affixes[7]);
        assert_ne!(t[7].affixes[0], t[7].affixes[4]);
    }

    #[test]
    fn no_kind_of_feature_outgrows_a_running_sum() {
        // The most a token can push: every gazetteer flag on itself and
        // its four neighbours, a capitalized word with a history.
        let (_, mut t) = toks("The New York Times said");
        for tok in &mut t {
            tok.gaz = u16::MAX;
            tok.flags |= flag::INIT_CAP;
        }
        let mut hist = History::default();
        for tok in &t {
            hist.record(tok, 1, false);
        }
        let mut kinds: [Vec<u64>; 4] = Default::default();
        own_features(&t[2], &mut kinds[0]);
        context_features(&t, 2, &mut kinds[1]);
        history_features(&t, 2, &hist, &mut kinds[2]);
        previous_features(&t[2], 1, &mut kinds[3]);
        assert!(kinds[1].len() > 5 * usize::from(gaz::BITS), "every flag counted");
        for k in &kinds {
            assert!(!k.is_empty() && k.len() <= crate::linear::MAX_FEATURES, "{}", k.len());
        }
    }

    #[test]
    fn sentences_mark_their_first_token_capitals_and_quotes() {
        let (tokens, mut t) = toks("SPAIN WINS : He \"said\" so");
        mark_sentence(&mut t, (0..tokens.tokens().len()).map(|i| tokens.lower(i)));
        assert!(t[0].flags & flag::FIRST != 0 && t[1].flags & flag::FIRST == 0);
        assert!(t[0].flags & flag::CAPS_LINE == 0, "mixed case");
        assert!(t[3].flags & flag::AFTER_QUOTE_OR_COLON != 0 && t[5].flags & flag::AFTER_QUOTE_OR_COLON != 0);
        let (tokens, mut t) = toks("SPAIN WINS CUP");
        mark_sentence(&mut t, (0..tokens.tokens().len()).map(|i| tokens.lower(i)));
        assert!(t.iter().all(|t| t.flags & flag::CAPS_LINE != 0));
    }

    #[test]
    fn the_gazetteer_marks_the_longest_phrase() {
        let g = Gazetteer::new(vec![
            (vec![word_hash("new")], gaz::TITLE),
            (vec![word_hash("new"), word_hash("york")], gaz::PLACE),
            (vec![word_hash("new")], gaz::CITY),
        ]);
        let (_, mut t) = toks("in New York new");
        g.mark(&mut t);
        assert_eq!(t[1].gaz & gaz::PLACE, gaz::PLACE);
        assert_eq!(t[2].gaz & gaz::PLACE, gaz::PLACE);
        assert_eq!(
            t[3].gaz,
            gaz::TITLE | gaz::CITY | gaz::PHRASE_START,
            "a phrase given twice has both flags"
        );
        assert_eq!(t[0].gaz, 0);
    }
}
