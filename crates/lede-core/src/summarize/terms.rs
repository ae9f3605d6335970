//! Terms: the content words of a sentence as hashed, lightly stemmed ids.
//!
//! The summarizer compares sentences by their content words. A term is the
//! lowercased word with a plural or possessive ending cut ("talks" and
//! "talk" meet), hashed to a `u64` so that vectors hold no strings.

#[cfg(test)]
use crate::Span;
use crate::text::Token;

/// English function words: they say nothing about what a sentence is about.
/// Sorted, for binary search.
const STOPWORDS: &[&str] = &[
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

/// Whether `lower` (a lowercased word) is a function word.
pub(super) fn is_stopword(lower: &str) -> bool {
    STOPWORDS.binary_search(&lower).is_ok()
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
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// The term id of a lowercased word.
pub(super) fn term_id(lower: &str) -> u64 {
    let (stem, y) = stem(lower);
    let h = fnv(stem.as_bytes(), FNV_OFFSET);
    if y { fnv(b"y", h) } else { h }
}

/// Hash of a whole sentence's words, lowercased: equal for sentences that
/// differ only in case, spacing or punctuation.
pub(super) fn text_hash(text: &str, tokens: &[Token], buf: &mut String) -> u64 {
    let mut h = FNV_OFFSET;
    for t in tokens {
        let w = t.span.slice(text);
        if is_word(w) {
            lower_into(w, buf);
            h = fnv(buf.as_bytes(), h);
            h = fnv(b" ", h);
        }
    }
    h
}

/// The content terms of a sentence's tokens, with their counts, sorted by
/// id, and the number of word tokens.
pub(super) fn content_terms(text: &str, tokens: &[Token], buf: &mut String) -> (Vec<(u64, u32)>, usize) {
    let mut terms: Vec<(u64, u32)> = Vec::with_capacity(tokens.len());
    let mut words = 0;
    for t in tokens {
        let w = t.span.slice(text);
        if !is_word(w) {
            continue;
        }
        words += 1;
        lower_into(w, buf);
        if buf.len() < 2 && !buf.chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        if is_stopword(buf) || buf == "'s" || buf == "’s" {
            continue;
        }
        terms.push((term_id(buf), 1));
    }
    terms.sort_unstable_by_key(|&(id, _)| id);
    terms.dedup_by(|next, kept| {
        if next.0 == kept.0 {
            kept.1 += 1;
            true
        } else {
            false
        }
    });
    (terms, words)
}

/// The word tokens of a span, lowercased into owned strings (for tests).
#[cfg(test)]
pub(super) fn words_of(text: &str, span: Span) -> Vec<String> {
    crate::text::tokenize(text, span)
        .iter()
        .map(|t| t.span.slice(text).to_lowercase())
        .filter(|w| is_word(w))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokenize;

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
