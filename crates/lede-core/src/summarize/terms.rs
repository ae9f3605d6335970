//! Terms: the content words of a sentence, as the token layer gives them.
//!
//! The summarizer compares sentences by their content words. A term is a
//! token's [`Token::term`], the word with a plural ending cut: "talks" and
//! "talk" meet, as do "countries" and "country"; function words (the
//! vocabulary's [`list::STOP`]), one-letter words and possessive endings
//! are not terms.

#[cfg(any(test, feature = "train"))]
use crate::Span;
pub(super) use crate::tokens::IdMap;
use crate::tokens::{Token, Tokens, flag, list, word_hash};

/// English function words: they say nothing about what a sentence is about
/// (the vocabulary's [`list::STOP`]).
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

/// One token's hashes and letter case, as [`scan`] reads them.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(super) struct TokenIds {
    /// [`Token::hash`]; 0 for punctuation.
    pub raw: u64,
    /// Its term id ([`Token::term`]); 0 for punctuation.
    pub term: u64,
    /// [`UPPER`], [`ACRONYM`], [`NUMERIC`], [`SHORT`], [`ELIDED`], [`STOP`].
    pub flags: u8,
    /// The term's dense index in the article's [`Vocab`].
    pub dense: u32,
    /// The vocabulary's [`list`]s that hold the word.
    pub lists: u16,
}

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

/// Flag: the word starts in lower case (or its script has no case).
const LOWER: u8 = 64;
/// Flag: the word is a possessive ending ("'s", "’s").
const POSSESSIVE: u8 = 128;

/// The summarizer's flags of a word token.
fn flags_of(t: &Token) -> u8 {
    let mut f = 0;
    if t.has(flag::CAP) {
        f |= UPPER;
    }
    // Lower case: letters, none capital at the start (a caseless script's
    // words, Chinese among them, count as lower case).
    if t.has(flag::ALPHA) && !t.has(flag::CAP | flag::ALL_CAPS) {
        f |= LOWER;
    }
    if t.has(flag::ALL_CAPS) {
        f |= ACRONYM;
    }
    if !t.has(flag::ALPHA) {
        f |= NUMERIC;
    }
    if t.chars == 1 {
        f |= SHORT;
    }
    if t.has(flag::ELIDED) {
        f |= ELIDED;
        if t.hash == *APOSTROPHE_S || t.hash == *CURLY_S {
            f |= POSSESSIVE;
        }
    }
    if t.on(list::STOP) {
        f |= STOP;
    }
    f
}

/// The hashes of the possessive endings.
static APOSTROPHE_S: std::sync::LazyLock<u64> = std::sync::LazyLock::new(|| word_hash("'s"));
static CURLY_S: std::sync::LazyLock<u64> = std::sync::LazyLock::new(|| word_hash("’s"));

/// Scans the tokens `range` of `tokens` once: terms, word counts, text hash.
pub(super) fn scan(tokens: &Tokens, range: std::ops::Range<usize>, vocab: &mut Vocab) -> Scan {
    let tokens = &tokens.tokens()[range];
    let mut out = Scan {
        ids: Vec::with_capacity(tokens.len()),
        hash: crate::tokens::FNV_OFFSET,
        ..Scan::default()
    };
    // Content terms: (term id, dense index), then counted.
    let mut found = std::mem::take(&mut vocab.found);
    found.clear();
    for t in tokens {
        if t.has(flag::PUNCT) {
            out.ids.push(TokenIds::default());
            continue;
        }
        let (raw, id, flags) = (t.hash, t.term, flags_of(t));
        let dense = vocab.id(id);
        out.ids.push(TokenIds {
            raw,
            term: id,
            flags,
            dense,
            lists: t.lists,
        });
        out.hash = (out.hash ^ raw).wrapping_mul(0x0100_0000_01b3);
        if out.words == 0 {
            out.leans_back = t.on(list::LEANING);
        }
        out.words += 1;
        if flags & LOWER != 0 {
            out.lowercase += 1;
        }
        if flags & (SHORT | NUMERIC) == SHORT || flags & (STOP | POSSESSIVE) != 0 {
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

/// The content terms of the tokens inside `span`, with their counts,
/// sorted by id, and the number of word tokens.
#[cfg(any(test, feature = "train"))]
pub(super) fn content_terms(tokens: &Tokens, span: Span) -> (Vec<(u64, u32)>, usize) {
    let s = scan(tokens, tokens.within(span), &mut Vocab::default());
    (s.counts, s.words)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Article, Document};

    fn parse(text: &str) -> Article {
        crate::pipeline::shared().parse(&Document::text(text)).expect("parses")
    }

    /// The term of a word, as a one-word text gives it.
    fn term(word: &str) -> u64 {
        let a = parse(word);
        a.tokens.tokens()[0].term
    }

    #[test]
    fn stopwords_are_sorted_and_unique() {
        assert!(STOPWORDS.windows(2).all(|w| w[0] < w[1]));
        let a = parse("The talks with China.");
        let stop: Vec<bool> = a.tokens.tokens().iter().map(|t| t.on(list::STOP)).collect();
        assert_eq!(stop, [true, false, true, false, false]);
    }

    #[test]
    fn plurals_share_a_term() {
        assert_eq!(term("talks"), term("talk"));
        assert_eq!(term("Countries"), term("country"));
        assert_ne!(term("class"), term("clas"));
        assert_ne!(term("china"), term("india"));
    }

    #[test]
    fn content_terms_drop_function_words_and_count_repeats() {
        let a = parse("The talks and the TALK, with China's envoy.");
        let (terms, words) = content_terms(&a.tokens, Span::new(0, a.text.len()));
        assert_eq!(words, 9);
        assert_eq!(terms.len(), 3);
        assert!(terms.contains(&(term("talk"), 2)));
        assert!(terms.contains(&(term("china"), 1)));
        assert!(terms.contains(&(term("envoy"), 1)));
    }

    #[test]
    fn text_hash_ignores_case_punctuation_and_line_breaks() {
        let hash = |text: &str| {
            let a = parse(text);
            scan(&a.tokens, 0..a.tokens.tokens().len(), &mut Vocab::default()).hash
        };
        assert_eq!(hash("He said: \"Yes.\""), hash("he said\nyes"));
        assert_ne!(hash("He said yes"), hash("He said no"));
    }
}
