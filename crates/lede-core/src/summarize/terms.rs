//! Terms: the content words of a sentence as hashed, lightly stemmed ids.
//!
//! The summarizer compares sentences by their content words. A term is the
//! lowercased word with a plural or possessive ending cut ("talks" and
//! "talk" meet), hashed to a `u64` so that vectors hold no strings.

use std::sync::LazyLock;

#[cfg(test)]
use crate::Span;
pub(super) use crate::tokens::IdMap;
use crate::tokens::legacy::Token;

/// English function words: they say nothing about what a sentence is about.
/// Sorted, for binary search.
pub(super) const STOPWORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "after",
    "again",
    "against",
    "ago",
    "all",
    "also",
    "although",
    "am",
    "among",
    "an",
    "and",
    "another",
    "any",
    "are",
    "around",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "down",
    "during",
    "each",
    "either",
    "even",
    "ever",
    "every",
    "few",
    "for",
    "from",
    "further",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "however",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "itself",
    "just",
    "least",
    "less",
    "many",
    "may",
    "me",
    "might",
    "more",
    "most",
    "much",
    "must",
    "my",
    "myself",
    "neither",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "on",
    "once",
    "one",
    "only",
    "or",
    "other",
    "others",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "own",
    "per",
    "rather",
    "same",
    "says",
    "she",
    "should",
    "since",
    "so",
    "some",
    "such",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "though",
    "through",
    "thus",
    "to",
    "too",
    "under",
    "until",
    "up",
    "upon",
    "us",
    "very",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "whether",
    "which",
    "while",
    "who",
    "whom",
    "whose",
    "why",
    "will",
    "with",
    "within",
    "without",
    "would",
    "yet",
    "you",
    "your",
    "yours",
    "yourself",
];

/// Hashes of the function words: a check is one hash and a probe or two.
static STOP_HASHES: LazyLock<WordSet> = LazyLock::new(|| hashes(STOPWORDS));

/// A set of word hashes: open addressing over a power-of-two table at most
/// a quarter full, so a lookup (most often a miss) reads one or two slots.
pub(super) struct WordSet {
    slots: Vec<u64>,
}

impl WordSet {
    /// Whether the set holds `hash`.
    pub(super) fn contains(&self, hash: u64) -> bool {
        let mask = self.slots.len() - 1;
        let mut i = (hash >> 32) as usize & mask;
        loop {
            match self.slots.get(i) {
                Some(&0) | None => return false,
                Some(&h) if h == hash => return true,
                Some(_) => i = (i + 1) & mask,
            }
        }
    }
}

/// The set of the word hashes of a list of lowercased words.
pub(super) fn hashes(words: &[&str]) -> WordSet {
    let size = (words.len() * 4).next_power_of_two().max(16);
    let mut slots = vec![0u64; size];
    for w in words {
        let h = word_hash(w);
        let mut i = (h >> 32) as usize & (size - 1);
        while slots[i] != 0 && slots[i] != h {
            i = (i + 1) & (size - 1);
        }
        slots[i] = h;
    }
    WordSet { slots }
}

/// Hash of a lowercased word as written (no stemming).
pub(super) fn word_hash(lower: &str) -> u64 {
    fnv(lower.as_bytes(), FNV_OFFSET)
}

/// Whether `lower` (a lowercased word) is a function word.
pub(super) fn is_stopword(lower: &str) -> bool {
    is_stop_hash(word_hash(lower))
}

/// Whether a word hash is a function word's.
pub(super) fn is_stop_hash(hash: u64) -> bool {
    STOP_HASHES.contains(hash)
}

/// Whether a token is a word or number (holds a letter or digit).
pub(super) fn is_word(token: &str) -> bool {
    token.chars().any(char::is_alphanumeric)
}

/// Lowercases `word` into `buf` (cleared first).
pub(super) fn lower_into(word: &str, buf: &mut String) {
    buf.clear();
    if word.is_ascii() {
        buf.push_str(word);
        buf.make_ascii_lowercase();
    } else {
        buf.extend(word.chars().flat_map(char::to_lowercase));
    }
}

/// A light stemmer: cuts plural endings so that "talks" meets "talk" and
/// "countries" meets "country". Returns the stem and an optional `y` to
/// append.
fn stem(lower: &str) -> (&str, bool) {
    let n = lower.len();
    if n > 4 && lower.ends_with("ies") {
        return (&lower[..n - 3], true);
    }
    if n > 3 && lower.ends_with('s') && !lower.ends_with("ss") && !lower.ends_with("us") && !lower.ends_with("is") {
        return (&lower[..n - 1], false);
    }
    (lower, false)
}

/// FNV-1a over bytes.
fn fnv(bytes: &[u8], mut h: u64) -> u64 {
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(FNV_PRIME);
    }
    h
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0100_0000_01b3;

/// The term id of a lowercased word.
#[cfg(test)]
pub(super) fn term_id(lower: &str) -> u64 {
    term_id_hashed(lower, word_hash(lower))
}

/// [`term_id`] given the word's hash: a word with no ending to cut is its
/// own term.
fn term_id_hashed(lower: &str, hash: u64) -> u64 {
    let (stem, y) = stem(lower);
    if stem.len() == lower.len() {
        return hash;
    }
    let h = fnv(stem.as_bytes(), FNV_OFFSET);
    if y { fnv(b"y", h) } else { h }
}

/// The words of an article, each given a dense index on first sight, so
/// that later steps index arrays rather than hash term ids again.
#[derive(Default)]
pub(super) struct Vocab {
    /// Open addressing over a power-of-two table at most half full: term
    /// ids (0: an empty slot) and their dense indices.
    slots: Vec<(u64, u32)>,
    /// Terms indexed so far.
    len: u32,
    /// The dense index of term id 0, which cannot take a slot.
    zero: Option<u32>,
    /// Scratch for [`scan`]: a sentence's content terms before counting.
    found: Vec<(u64, u32)>,
}

impl Vocab {
    /// A vocabulary with room for about the words of `bytes` of text.
    pub(super) fn for_text(bytes: usize) -> Vocab {
        let words = (bytes / 12).min(1 << 16);
        Vocab {
            slots: vec![(0, 0); (words * 2).next_power_of_two().max(64)],
            ..Vocab::default()
        }
    }

    /// The slot a term id hashes to in a table of `size` slots.
    fn home(term: u64, size: usize) -> usize {
        (term.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 32) as usize & (size - 1)
    }

    /// The dense index of a term id.
    fn id(&mut self, term: u64) -> u32 {
        if term == 0 {
            let next = self.len;
            let id = *self.zero.get_or_insert(next);
            self.len += u32::from(id == next);
            return id;
        }
        if (self.len as usize + 1) * 2 > self.slots.len() {
            self.grow();
        }
        let mask = self.slots.len() - 1;
        let mut i = Vocab::home(term, self.slots.len());
        loop {
            match self.slots.get_mut(i) {
                Some(slot) if slot.0 == term => return slot.1,
                Some(slot) if slot.0 == 0 => {
                    *slot = (term, self.len);
                    self.len += 1;
                    return slot.1;
                }
                Some(_) => i = (i + 1) & mask,
                None => return u32::MAX,
            }
        }
    }

    /// Doubles the table.
    fn grow(&mut self) {
        let size = (self.slots.len() * 2).max(64);
        let old = std::mem::replace(&mut self.slots, vec![(0, 0); size]);
        for (term, id) in old.into_iter().filter(|s| s.0 != 0) {
            let mut i = Vocab::home(term, size);
            while self.slots.get(i).is_some_and(|s| s.0 != 0) {
                i = (i + 1) & (size - 1);
            }
            if let Some(slot) = self.slots.get_mut(i) {
                *slot = (term, id);
            }
        }
    }
}

/// What one pass over a sentence's tokens finds.
#[derive(Debug, Default)]
pub(super) struct Scan {
    /// Content terms with their counts, sorted by id.
    pub counts: Vec<(u64, u32)>,
    /// The dense index of each term in `counts` (see [`Vocab`]).
    pub dense: Vec<u32>,
    /// Word tokens (not punctuation).
    pub words: usize,
    /// Words that begin in lowercase.
    pub lowercase: usize,
    /// Hash of all words, lowercased: equal for sentences that differ only
    /// in case, spacing or punctuation.
    pub hash: u64,
    /// The first word leans on the sentence before ("He", "But").
    pub leans_back: bool,
    /// For each token: the hash of the word as written, lowercased, its
    /// term id and what its letters are; zeros for punctuation.
    pub ids: Vec<TokenIds>,
}

/// One token's hashes and letter case, found once by [`scan`].
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(super) struct TokenIds {
    /// Hash of the word as written, lowercased ([`word_hash`]); 0 for
    /// punctuation.
    pub raw: u64,
    /// Its term id ([`term_id`]); 0 for punctuation.
    pub term: u64,
    /// [`UPPER`], [`ACRONYM`], [`NUMERIC`], [`SHORT`], [`ELIDED`], [`STOP`].
    pub flags: u8,
    /// The term's dense index in the article's [`Vocab`].
    pub dense: u32,
    /// Which word lists of the key-phrase step hold the word
    /// ([`IN_FILLER`], [`IN_INNER`]).
    pub lists: u8,
}

/// List flag: a filler word, which no key phrase starts or ends with.
pub(super) const IN_FILLER: u8 = 1;
/// List flag: a function word a key phrase may hold inside.
pub(super) const IN_INNER: u8 = 2;
/// List flag: a function word ([`is_stop_hash`]).
const IN_STOP: u8 = 4;
/// List flag: opening a sentence, the word leans on the one before.
const IN_LEANING: u8 = 8;

/// The word lists a token is looked up in, one table for all: word hashes
/// with the flags of the lists that hold them, by open addressing over a
/// power-of-two table at most a quarter full.
struct Lexicon {
    slots: Vec<(u64, u8)>,
}

impl Lexicon {
    /// The table of the lists.
    fn build() -> Lexicon {
        let lists: [(&[&str], u8); 4] = [
            (STOPWORDS, IN_STOP),
            (LEANING, IN_LEANING),
            (super::keywords::FILLER, IN_FILLER),
            (super::keywords::INNER, IN_INNER),
        ];
        let words: usize = lists.iter().map(|(l, _)| l.len()).sum();
        let size = (words * 4).next_power_of_two().max(16);
        let mut slots = vec![(0u64, 0u8); size];
        for (list, flag) in lists {
            for w in list {
                let h = word_hash(w);
                let mut i = (h >> 32) as usize & (size - 1);
                while slots.get(i).is_some_and(|s| s.0 != 0 && s.0 != h) {
                    i = (i + 1) & (size - 1);
                }
                if let Some(slot) = slots.get_mut(i) {
                    *slot = (h, slot.1 | flag);
                }
            }
        }
        Lexicon { slots }
    }

    /// The flags of the lists holding the word of hash `hash`.
    fn get(&self, hash: u64) -> u8 {
        let mask = self.slots.len() - 1;
        let mut i = (hash >> 32) as usize & mask;
        loop {
            match self.slots.get(i) {
                Some(&(0, _)) | None => return 0,
                Some(&(h, flags)) if h == hash => return flags,
                Some(_) => i = (i + 1) & mask,
            }
        }
    }
}

static LEXICON: LazyLock<Lexicon> = LazyLock::new(Lexicon::build);

/// Flag: the word opens with a capital.
pub(super) const UPPER: u8 = 1;
/// Flag: two or more letters, all capitals.
pub(super) const ACRONYM: u8 = 2;
/// Flag: no letter (a number).
pub(super) const NUMERIC: u8 = 4;
/// Flag: one character.
pub(super) const SHORT: u8 = 8;
/// Flag: opens with an apostrophe ("'s", "’re").
pub(super) const ELIDED: u8 = 16;
/// Flag: a function word.
pub(super) const STOP: u8 = 32;

/// Flag: the word opens with a lowercase letter.
const LOWER: u8 = 64;
/// Flag: the word is a possessive ending ("'s", "’s").
const POSSESSIVE: u8 = 128;

/// A word's hashes and flags.
struct Hashed {
    raw: u64,
    term: u64,
    flags: u8,
}

/// Hashes a token: its lowercased hash, its term id and its flags; `None`
/// for punctuation (no letter or digit). ASCII words take one pass with
/// no copy: FNV runs over the lowercased bytes, and the hash of the word
/// without its plural ending is kept on the way.
fn hash_word(w: &str, buf: &mut String) -> Option<Hashed> {
    let bytes = w.as_bytes();
    let n = bytes.len();
    // One pass over the bytes: FNV over the lowercased bytes, keeping the
    // hashes of the word less its last three bytes and less its last byte
    // on the way, and the counts the flags need.
    let (mut letters, mut upper, mut any) = (0usize, 0usize, 0u8);
    let mut fnv_lower = |h: u64, part: &[u8]| {
        let mut h = h;
        for &b in part {
            let class = BYTE_CLASS[b as usize];
            letters += usize::from(class & LETTER);
            upper += usize::from(class >> 1 & 1);
            any |= class;
            h = (h ^ u64::from(b.to_ascii_lowercase())).wrapping_mul(FNV_PRIME);
        }
        h
    };
    let (head, tail) = bytes.split_at(n.saturating_sub(3));
    let (mid, last) = tail.split_at(tail.len().saturating_sub(1));
    let h3 = fnv_lower(FNV_OFFSET, head);
    let h1 = fnv_lower(h3, mid);
    let h = fnv_lower(h1, last);
    if any & BEYOND_ASCII != 0 {
        return hash_unicode_word(w, buf);
    }
    if any & (LETTER | DIGIT) == 0 {
        return None;
    }
    let first = char::from(bytes.first().copied().unwrap_or(b' '));
    let mut flags = shape_flags(first, letters, upper, n);
    if bytes.eq_ignore_ascii_case(b"'s") {
        flags |= POSSESSIVE;
    }
    // The plural endings of `stem`, on the lowercased bytes: the `k`th
    // byte from the end (1: the last).
    let back = |k: usize| {
        n.checked_sub(k)
            .and_then(|i| bytes.get(i))
            .map_or(0, u8::to_ascii_lowercase)
    };
    let term = if n > 4 && back(3) == b'i' && back(2) == b'e' && back(1) == b's' {
        fnv(b"y", h3)
    } else if n > 3 && back(1) == b's' && !matches!(back(2), b's' | b'u' | b'i') {
        h1
    } else {
        h
    };
    Some(Hashed { raw: h, term, flags })
}

/// Byte classes for [`hash_word`].
const LETTER: u8 = 1;
const CAPITAL: u8 = 2;
const DIGIT: u8 = 4;
const BEYOND_ASCII: u8 = 8;

/// The class of every byte: an ASCII letter ([`LETTER`], and [`CAPITAL`]
/// for A to Z; bit 1 is the capital flag, as [`hash_word`] reads it), a
/// digit, or part of a character beyond ASCII.
static BYTE_CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0usize;
    while b < 256 {
        let c = b as u8;
        t[b] = if c.is_ascii_uppercase() {
            LETTER | CAPITAL
        } else if c.is_ascii_lowercase() {
            LETTER
        } else if c.is_ascii_digit() {
            DIGIT
        } else if c >= 0x80 {
            BEYOND_ASCII
        } else {
            0
        };
        b += 1;
    }
    t
};

/// [`hash_word`] for a word with a character beyond ASCII.
fn hash_unicode_word(w: &str, buf: &mut String) -> Option<Hashed> {
    if !is_word(w) {
        return None;
    }
    lower_into(w, buf);
    let raw = word_hash(buf);
    let (mut letters, mut upper, mut count) = (0usize, 0usize, 0usize);
    for c in w.chars() {
        count += 1;
        if c.is_alphabetic() {
            letters += 1;
            upper += usize::from(c.is_uppercase());
        }
    }
    let mut flags = shape_flags(w.chars().next().unwrap_or(' '), letters, upper, count);
    if buf == "’s" {
        flags |= POSSESSIVE;
    }
    Some(Hashed {
        raw,
        term: term_id_hashed(buf, raw),
        flags,
    })
}

/// The flags of a word's shape: from its first character, its letters
/// and capitals among them, and its length in characters.
fn shape_flags(first: char, letters: usize, upper: usize, chars: usize) -> u8 {
    let mut flags = 0;
    if first.is_uppercase() {
        flags |= UPPER;
    }
    if first.is_lowercase() {
        flags |= LOWER;
    }
    if letters >= 2 && upper == letters {
        flags |= ACRONYM;
    }
    if letters == 0 {
        flags |= NUMERIC;
    }
    if chars == 1 {
        flags |= SHORT;
    }
    if matches!(first, '\'' | '’') {
        flags |= ELIDED;
    }
    flags
}

/// Words that, opening a sentence, make it lean on the one before.
pub(super) const LEANING: &[&str] = &[
    "also",
    "and",
    "but",
    "he",
    "her",
    "his",
    "however",
    "i",
    "it",
    "its",
    "meanwhile",
    "she",
    "so",
    "that",
    "their",
    "there",
    "these",
    "they",
    "this",
    "those",
    "we",
    "yet",
];

/// Scans a sentence's tokens once: terms, word counts, text hash.
pub(super) fn scan(text: &str, tokens: &[Token], buf: &mut String, vocab: &mut Vocab) -> Scan {
    let mut out = Scan {
        ids: Vec::with_capacity(tokens.len()),
        hash: FNV_OFFSET,
        ..Scan::default()
    };
    // Content terms: (term id, dense index), then counted.
    let mut found = std::mem::take(&mut vocab.found);
    found.clear();
    for t in tokens {
        let w = t.span.slice(text);
        let Some(Hashed { raw, term: id, flags }) = hash_word(w, buf) else {
            out.ids.push(TokenIds::default());
            continue;
        };
        let lists = LEXICON.get(raw);
        let stop = lists & IN_STOP != 0;
        let dense = vocab.id(id);
        out.ids.push(TokenIds {
            raw,
            term: id,
            flags: flags | if stop { STOP } else { 0 },
            dense,
            lists,
        });
        out.hash = (out.hash ^ raw).wrapping_mul(0x0100_0000_01b3);
        if out.words == 0 {
            out.leans_back = lists & IN_LEANING != 0;
        }
        out.words += 1;
        if flags & LOWER != 0 {
            out.lowercase += 1;
        }
        if flags & (SHORT | NUMERIC) == SHORT || stop || flags & POSSESSIVE != 0 {
            continue;
        }
        found.push((id, dense));
    }
    found.sort_unstable();
    out.counts.reserve(found.len());
    out.dense.reserve(found.len());
    for &(id, dense) in &found {
        match out.counts.last_mut() {
            Some(last) if last.0 == id => last.1 += 1,
            _ => {
                out.counts.push((id, 1));
                out.dense.push(dense);
            }
        }
    }
    vocab.found = found;
    out
}

/// The content terms of a sentence's tokens, with their counts, sorted by
/// id, and the number of word tokens.
#[cfg(any(test, feature = "train"))]
pub(super) fn content_terms(text: &str, tokens: &[Token], buf: &mut String) -> (Vec<(u64, u32)>, usize) {
    let s = scan(text, tokens, buf, &mut Vocab::default());
    (s.counts, s.words)
}

/// Hash of a whole sentence's words (see [`Scan::hash`]).
#[cfg(test)]
pub(super) fn text_hash(text: &str, tokens: &[Token], buf: &mut String) -> u64 {
    scan(text, tokens, buf, &mut Vocab::default()).hash
}

/// The word tokens of a span, lowercased into owned strings (for tests).
#[cfg(test)]
pub(super) fn words_of(text: &str, span: Span) -> Vec<String> {
    crate::tokens::legacy::tokenize(text, span)
        .iter()
        .map(|t| t.span.slice(text).to_lowercase())
        .filter(|w| is_word(w))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokens::legacy::tokenize;

    #[test]
    fn stopwords_are_sorted_and_unique() {
        assert!(STOPWORDS.windows(2).all(|w| w[0] < w[1]));
        assert!(is_stopword("the") && is_stopword("with") && !is_stopword("china"));
    }

    #[test]
    fn plurals_share_a_term() {
        assert_eq!(term_id("talks"), term_id("talk"));
        assert_eq!(term_id("countries"), term_id("country"));
        assert_ne!(term_id("class"), term_id("clas"));
        assert_ne!(term_id("china"), term_id("india"));
    }

    #[test]
    fn content_terms_drop_function_words_and_count_repeats() {
        let text = "The talks and the TALK, with China.";
        let tokens = tokenize(text, Span::new(0, text.len()));
        let mut buf = String::new();
        let (terms, words) = content_terms(text, &tokens, &mut buf);
        assert_eq!(words, 7);
        assert_eq!(terms.len(), 2);
        assert!(terms.contains(&(term_id("talk"), 2)));
        assert!(terms.contains(&(term_id("china"), 1)));
        assert_eq!(words_of(text, Span::new(0, 9)), ["the", "talks"]);
    }

    #[test]
    fn text_hash_ignores_case_and_punctuation() {
        let mut buf = String::new();
        let a = "He said: \"Yes.\"";
        let b = "he said yes";
        let ta = tokenize(a, Span::new(0, a.len()));
        let tb = tokenize(b, Span::new(0, b.len()));
        assert_eq!(text_hash(a, &ta, &mut buf), text_hash(b, &tb, &mut buf));
    }
}
