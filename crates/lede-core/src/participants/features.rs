//! Token features for the tagger: hashed word forms, shapes, affixes, word
//! clusters, capitalization statistics and gazetteer flags.
//!
//! Everything a token contributes is computed once per token into a [`Tok`]
//! of plain integers; feature templates then combine those integers into
//! 64-bit hashes, so the hot path allocates no strings.

use crate::tokens::IdMap;

/// The tag set: BIO over the four CoNLL-2003 types.
pub(crate) const LABELS: [&str; 9] = [
    "O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC",
];
/// Number of tags.
pub(crate) const N_LABELS: usize = LABELS.len();

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
    /// Number of flag bits in use.
    pub const BITS: u16 = 7;
}

/// Hashes a sequence of characters (FNV-1a over code points, then mixed).
pub(crate) fn hash_chars(chars: impl Iterator<Item = char>) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for c in chars {
        h ^= u64::from(u32::from(c));
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    finish(h)
}

/// Hashes `s` as written.
pub(crate) fn hash_exact(s: &str) -> u64 {
    hash_chars(s.chars())
}

/// Hashes `s` in lower case.
pub(crate) fn hash_lower(s: &str) -> u64 {
    hash_chars(s.chars().flat_map(char::to_lowercase))
}

/// Hashes `s` with its first letter as written and the rest in lower case
/// ("CHINA" -> "China").
pub(crate) fn hash_title(s: &str) -> u64 {
    let mut chars = s.chars();
    let first = chars.next();
    hash_chars(first.into_iter().chain(chars.flat_map(char::to_lowercase)))
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

/// One FNV-1a step over a character.
#[inline]
fn step(h: u64, c: char) -> u64 {
    (h ^ u64::from(u32::from(c))).wrapping_mul(0x0000_0100_0000_01b3)
}

/// Combines a hash with a value.
#[inline]
pub(crate) fn mix(h: u64, v: u64) -> u64 {
    finish(h.rotate_left(23) ^ v.wrapping_mul(0x9e37_79b9_7f4a_7c15))
}

/// Word clusters and capitalization statistics, keyed by hashed forms.
#[derive(Debug, Default)]
pub(crate) struct WordTable {
    /// Exact form hash -> clusters.
    pub clusters: IdMap<u64, [u16; 3]>,
    /// Lower-case hash -> capitalization class (1 mostly lower, 2 mixed,
    /// 3 mostly capitalized inside sentences).
    pub caps: IdMap<u64, u8>,
}

impl WordTable {
    /// Reads the cluster file (`word<TAB>fine<TAB>mid<TAB>coarse`) and the
    /// capitalization file (`word<TAB>class`).
    pub(crate) fn parse(clusters: &str, caps: &str) -> WordTable {
        let mut table = WordTable::default();
        for line in clusters.lines() {
            let mut cols = line.split('\t');
            let (Some(word), Some(a), Some(b), Some(c)) = (cols.next(), cols.next(), cols.next(), cols.next()) else {
                continue;
            };
            let ids = [a, b, c].map(|x| x.parse::<u16>().map_or(0, |v| v.saturating_add(1)));
            table.clusters.insert(hash_exact(word), ids);
        }
        for line in caps.lines() {
            let mut cols = line.split('\t');
            let (Some(word), Some(class)) = (cols.next(), cols.next()) else {
                continue;
            };
            if let Ok(class) = class.parse::<u8>() {
                table.caps.insert(hash_lower(word), class);
            }
        }
        table
    }

    /// The clusters of `word`: as written, else title-cased, else lower case.
    fn clusters_of(&self, word: &str, exact: u64, lower: u64) -> [u16; 3] {
        if let Some(c) = self.clusters.get(&exact) {
            return *c;
        }
        if let Some(c) = self.clusters.get(&hash_title(word)) {
            return *c;
        }
        self.clusters.get(&lower).copied().unwrap_or_default()
    }
}

/// A gazetteer: single words and phrases (lower-case token hashes) with flags.
#[derive(Debug, Default)]
pub(crate) struct Gazetteer {
    /// First token hash -> phrases starting with it (token hashes, flags).
    phrases: IdMap<u64, Vec<(Vec<u64>, u16)>>,
}

impl Gazetteer {
    /// Adds a phrase given as lower-case token hashes.
    pub(crate) fn add(&mut self, tokens: Vec<u64>, flags: u16) {
        let Some(&first) = tokens.first() else { return };
        let list = self.phrases.entry(first).or_default();
        if let Some(entry) = list.iter_mut().find(|(t, _)| *t == tokens) {
            entry.1 |= flags;
        } else {
            list.push((tokens, flags));
            list.sort_by_key(|(t, _)| std::cmp::Reverse(t.len()));
        }
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
pub(crate) struct Tok {
    /// Hash of the word as written.
    pub word: u64,
    /// Hash of the word in lower case.
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
}

/// Builds the [`Tok`] of a word.
pub(crate) fn tok(word: &str, table: &WordTable) -> Tok {
    let mut t = Tok {
        word: hash_exact(word),
        lower: hash_lower(word),
        ..Tok::default()
    };
    let mut shape: u64 = 0x8422_2325;
    let mut last_class = '\0';
    let (mut upper, mut lower, mut digit, mut other, mut n) = (0usize, 0usize, 0usize, 0usize, 0usize);
    let mut pre: u64 = 0x1234_5678;
    for (k, c) in word.chars().enumerate() {
        let class = if c.is_uppercase() {
            upper += 1;
            'X'
        } else if c.is_lowercase() {
            lower += 1;
            'x'
        } else if c.is_numeric() {
            digit += 1;
            'd'
        } else {
            other += 1;
            match c {
                '-' => t.flags |= flag::HYPHEN,
                '.' => t.flags |= flag::PERIOD,
                _ => {}
            }
            c
        };
        if class != last_class || !matches!(class, 'X' | 'x' | 'd') {
            shape = step(shape, class);
            last_class = class;
        }
        if k < 4 {
            for l in c.to_lowercase() {
                pre = step(pre, l);
            }
            t.affixes[k] = finish(pre);
        }
        n = k + 1;
    }
    for k in n..4 {
        t.affixes[k] = t.affixes[k.saturating_sub(1)];
    }
    let mut suf: u64 = 0x8765_4321;
    for (k, c) in word.chars().rev().take(4).enumerate() {
        for l in c.to_lowercase() {
            suf = step(suf, l);
        }
        t.affixes[4 + k] = finish(suf);
    }
    for k in n.min(4)..4 {
        t.affixes[4 + k] = t.affixes[(4 + k).saturating_sub(1).max(4)];
    }
    t.shape = finish(shape);
    t.len = n.min(12) as u8;
    if word.chars().next().is_some_and(char::is_uppercase) {
        t.flags |= flag::INIT_CAP;
    }
    if upper > 0 && lower == 0 && (upper > 1 || other > 0) {
        t.flags |= flag::ALL_CAPS;
    }
    if digit > 0 {
        t.flags |= flag::HAS_DIGIT;
        if upper + lower + other == 0 {
            t.flags |= flag::ALL_DIGIT;
        }
    }
    if upper + lower + digit == 0 {
        t.flags |= flag::PUNCT;
    }
    if upper == 0 && lower > 0 {
        t.flags |= flag::LOWER;
    }
    t.clusters = table.clusters_of(word, t.word, t.lower);
    t.caps = table.caps.get(&t.lower).copied().unwrap_or(0);
    t
}

/// Marks sentence-level facts on the tokens of one sentence: the first
/// token, and lines written all in capitals (headlines).
pub(crate) fn mark_sentence(toks: &mut [Tok], words: &[&str]) {
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
        if matches!(*prev, "\"" | ":" | "“" | "'" | "(" | "-" | "--") {
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

/// Pushes the features of token `i` that do not depend on earlier tags.
pub(crate) fn static_features(toks: &[Tok], i: usize, out: &mut Vec<u64>) {
    let Some(cur) = toks.get(i) else { return };
    let at = |d: i64| -> Option<&Tok> {
        let j = i as i64 + d;
        if j < 0 { None } else { toks.get(j as usize) }
    };
    const NONE: u64 = 0x5eed;
    let lw = |d: i64| at(d).map_or(NONE.wrapping_add(d as u64), |t| t.lower);
    let sh = |d: i64| at(d).map_or(NONE.wrapping_add(d as u64), |t| t.shape);
    out.push(f(t::BIAS, 0, 0));
    out.push(f(t::W, 0, cur.word));
    for d in -2..=2 {
        out.push(f(t::LW, d, lw(d)));
    }
    for d in -1..=1 {
        out.push(f(t::SHAPE, d, sh(d)));
    }
    out.push(f(t::SHAPE2, -1, mix(sh(-1), sh(0))));
    out.push(f(t::SHAPE2, 1, mix(sh(0), sh(1))));
    out.push(f(t::SHAPE2, 0, mix(mix(sh(-1), sh(0)), sh(1))));
    for (k, a) in cur.affixes.iter().enumerate() {
        out.push(f(t::AFFIX, k as i64, *a));
    }
    out.push(f(t::BIGRAM, -1, mix(lw(-1), lw(0))));
    out.push(f(t::BIGRAM, 1, mix(lw(0), lw(1))));
    out.push(f(t::LEN, 0, u64::from(cur.len)));
    for d in -2..=2i64 {
        let Some(tk) = at(d) else {
            out.push(f(t::CL, d * 10, NONE));
            continue;
        };
        let levels: &[usize] = if d.abs() <= 1 { &[0, 1, 2] } else { &[1, 2] };
        for &l in levels {
            out.push(f(t::CL, d * 10 + l as i64, u64::from(tk.clusters[l])));
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
    out.push(f(t::CAPS, 0, u64::from(cur.caps)));
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
    out.push(f(t::DOC, 1, mix(u64::from(doc), u64::from(cur.caps))));
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
        let g = at(d).map_or(0, |t| t.gaz);
        for bit in 0..gaz::BITS {
            if g & (1 << bit) != 0 {
                out.push(f(
                    t::GAZ,
                    d * 16 + i64::from(bit),
                    u64::from(cur.flags & flag::INIT_CAP),
                ));
            }
        }
    }
}

/// Per-document memory of the tags given to each word form so far
/// (Ratinov and Roth's "extended prediction history").
#[derive(Debug, Default)]
pub(crate) struct History {
    seen: IdMap<u64, [u16; 4]>,
}

impl History {
    /// Forgets everything (a new document).
    #[cfg(feature = "train")]
    pub(crate) fn clear(&mut self) {
        self.seen.clear();
    }

    /// Records that a capitalized word was tagged `label`.
    pub(crate) fn record(&mut self, tok: &Tok, label: usize) {
        if tok.flags & flag::INIT_CAP == 0 {
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

/// Pushes the features of token `i` that depend on the two previous tags
/// and the document history.
pub(crate) fn dynamic_features(toks: &[Tok], i: usize, prev: usize, prev2: usize, hist: &History, out: &mut Vec<u64>) {
    let Some(cur) = toks.get(i) else { return };
    let p = prev as u64;
    out.push(f(t::PREV, 0, p));
    out.push(f(t::PREV2, 0, mix(p, prev2 as u64)));
    out.push(f(t::PREV_W, 0, mix(p, cur.lower)));
    out.push(f(t::PREV_SHAPE, 0, mix(p, cur.shape)));
    out.push(f(t::PREV_CL, 0, mix(p, u64::from(cur.clusters[1]))));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_of_case_variants_meet_where_they_should() {
        assert_eq!(hash_lower("CHINA"), hash_exact("china"));
        assert_eq!(hash_title("CHINA"), hash_exact("China"));
        assert_ne!(hash_exact("China"), hash_exact("china"));
    }

    #[test]
    fn tokens_get_shape_flags() {
        let table = WordTable::default();
        let t = tok("U.S.", &table);
        assert!(t.flags & flag::ALL_CAPS != 0 && t.flags & flag::PERIOD != 0);
        let t = tok("1996-08-22", &table);
        assert!(t.flags & flag::HAS_DIGIT != 0 && t.flags & flag::HYPHEN != 0);
        assert_eq!(tok("Wang", &table).shape, tok("Misri", &table).shape);
        assert_ne!(tok("Wang", &table).shape, tok("wang", &table).shape);
    }

    #[test]
    fn the_gazetteer_marks_the_longest_phrase() {
        let mut g = Gazetteer::default();
        g.add(vec![hash_lower("new"), hash_lower("york")], gaz::PLACE);
        g.add(vec![hash_lower("new")], gaz::TITLE);
        let table = WordTable::default();
        let mut toks: Vec<Tok> = ["in", "New", "York", "new"].iter().map(|w| tok(w, &table)).collect();
        g.mark(&mut toks);
        assert_eq!(toks[1].gaz & gaz::PLACE, gaz::PLACE);
        assert_eq!(toks[2].gaz & gaz::PLACE, gaz::PLACE);
        assert_eq!(toks[3].gaz, gaz::TITLE | gaz::PHRASE_START);
        assert_eq!(toks[0].gaz, 0);
    }
}
