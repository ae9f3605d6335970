//! The token layer of the document model: every paragraph of an article
//! split once into sentences and tokens, each token with what the later
//! stages read of it.
//!
//! Parse builds [`Tokens`] after it has labelled the paragraphs; the
//! participants, statements, summary and date stages read them and split
//! or hash no text of their own. A token carries:
//!
//! - its span in [`Article::text`](crate::Article::text), and its
//!   lower-cased text (in one shared buffer);
//! - one word hash ([`word_hash`] of the lower-cased text), with the hashes
//!   of its crude stem, its singular (a plural ending cut), last three
//!   characters and compressed shape, found in the same pass over its bytes;
//! - shape [`flag`]s (capitalized, all capitals, digits, punctuation, ...),
//!   quotation state (opening or closing mark, inside a quote) and whether
//!   it belongs to the dateline;
//! - what the [`Vocabulary`] knows of the word: clusters, capitalization
//!   class, word lists.
//!
//! Line breaks inside a paragraph are white space here like any other: the
//! paragraph splitter has already decided which breaks end paragraphs (a
//! hard-wrapped line is one paragraph with its neighbours).

mod hash;
mod quotes;
mod split;
mod vocab;

pub(crate) use hash::{FNV_OFFSET, IdMap, IdSet, TextMap, TextSet, fnv, word_hash};
pub(crate) use split::{ceil_char_boundary, floor_char_boundary, is_abbreviation, sentence_ranges, tokenize};
pub(crate) use vocab::{Vocabulary, list};

use crate::{Paragraph, ParagraphKind, Sentence, Span};

/// Token flags.
pub(crate) mod flag {
    /// The first character is upper case.
    pub const CAP: u32 = 1;
    /// Letters, none upper case.
    pub const LOWER: u32 = 1 << 1;
    /// Upper-case letters and no lower-case ones, more than one letter or
    /// with other marks ("U.S.", "NATO", not "I").
    pub const ALL_CAPS: u32 = 1 << 2;
    /// Holds a digit.
    pub const HAS_DIGIT: u32 = 1 << 3;
    /// Digits only.
    pub const ALL_DIGIT: u32 = 1 << 4;
    /// No letter or digit.
    pub const PUNCT: u32 = 1 << 5;
    /// Holds a hyphen.
    pub const HYPHEN: u32 = 1 << 6;
    /// Holds a period.
    pub const PERIOD: u32 = 1 << 7;
    /// The token is a comma.
    pub const COMMA: u32 = 1 << 8;
    /// An opening quotation mark.
    pub const QOPEN: u32 = 1 << 9;
    /// A closing quotation mark.
    pub const QCLOSE: u32 = 1 << 10;
    /// Inside quotation marks (the marks themselves are not).
    pub const INQ: u32 = 1 << 11;
    /// Part of the article's dateline ("BEIJING, Jan. 27 (Xinhua) --").
    pub const DATELINE: u32 = 1 << 12;
    /// Opens with an apostrophe ("'s", "’re").
    pub const ELIDED: u32 = 1 << 13;
    /// Holds a letter.
    pub const ALPHA: u32 = 1 << 14;
}

/// A token and what the stages read of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Token {
    /// Where it stands in the article text.
    pub span: Span,
    /// [`word_hash`] of the lower-cased text.
    pub hash: u64,
    /// Hash of the crude stem of the lower-cased text ([`stem`]).
    pub stem: u64,
    /// Hash of the lower-cased text with a plural ending cut ("talks",
    /// "countries" -> "talk", "country"), or [`Token::hash`] when there is
    /// none: the term the summarizer compares sentences by.
    pub term: u64,
    /// Hash of the last three characters of the lower-cased text.
    pub suffix: u64,
    /// Hash of the compressed shape of the first twelve characters, where
    /// runs of one class collapse ("Xx", "X.X.", "d,d").
    pub shape: u64,
    /// [`flag`] bits.
    pub flags: u32,
    /// Word clusters ([`WordInfo::cluster`]).
    pub cluster: [u16; 3],
    /// The [`list`]s that hold the word.
    pub lists: u16,
    /// Capitalization class ([`WordInfo::caps`]).
    pub caps: u8,
    /// Length in characters, at most 255.
    pub chars: u8,
    /// Index of its sentence in [`Tokens::sentences`].
    pub sentence: u32,
    /// Where its lower-cased text lies in the shared buffer.
    lower: (u32, u32),
}

impl Token {
    /// Whether any of `flags` is set.
    #[inline]
    pub(crate) fn has(&self, flags: u32) -> bool {
        self.flags & flags != 0
    }

    /// Whether the word is on `list`.
    #[inline]
    pub(crate) fn on(&self, list: u16) -> bool {
        self.lists & list != 0
    }
}

/// A sentence of the token layer: a run of tokens in one paragraph.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Sent {
    /// From its first token's start to its last token's end.
    pub span: Span,
    /// Its tokens, `[begin, end)` in [`Tokens::tokens`].
    pub tokens: (u32, u32),
    /// Index of its paragraph in [`Article::paragraphs`](crate::Article::paragraphs).
    pub paragraph: u32,
}

impl Sent {
    /// Its tokens as a range of indices.
    pub(crate) fn range(&self) -> std::ops::Range<usize> {
        self.tokens.0 as usize..self.tokens.1 as usize
    }
}

/// The sentences and tokens of every paragraph of an article, built once
/// by parse ([`Article::tokens`](crate::Article::tokens)).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tokens {
    tokens: Vec<Token>,
    sentences: Vec<Sent>,
    /// The lower-cased texts of all tokens, one after another.
    lower: String,
    /// The length of the text the tokens were built for.
    text_len: usize,
    /// For each [`BLOCK`] bytes of the text, the index of the first token
    /// starting in it or after it: where a search by offset starts.
    blocks: Vec<u32>,
}

/// The bytes of text each of [`Tokens`]' blocks covers.
const BLOCK: usize = 64;

impl Tokens {
    /// Splits every paragraph of `text` into sentences and tokens. Body
    /// paragraphs take their sentences from `body` where it gives any for
    /// them (an article a caller sent); other paragraphs are split here.
    /// Tokens inside `dateline` are flagged [`flag::DATELINE`].
    pub(crate) fn build(
        text: &str,
        paragraphs: &[Paragraph],
        body: &[Sentence],
        dateline: Option<Span>,
        vocab: &Vocabulary,
    ) -> Tokens {
        let mut out = Tokens {
            tokens: Vec::with_capacity(text.len() / 5),
            sentences: Vec::with_capacity(text.len() / 100),
            lower: String::with_capacity(text.len()),
            text_len: text.len(),
            blocks: Vec::new(),
        };
        let mut given = body.iter().peekable();
        let mut spans = Vec::new();
        for (index, p) in paragraphs.iter().enumerate() {
            if p.span.get(text).is_none() {
                continue;
            }
            while given.next_if(|s| s.paragraph < index).is_some() {}
            let first = out.tokens.len();
            spans.clear();
            let mut own = false;
            while let Some(s) = given.next_if(|s| s.paragraph == index) {
                if p.kind == ParagraphKind::Body && p.span.contains(s.span) && s.span.get(text).is_some() {
                    let tokens = tokenize(text, s.span);
                    out.push_sentence(text, &tokens, index, vocab);
                    own = true;
                }
            }
            if !own {
                spans = tokenize(text, p.span);
                for (b, e) in sentence_ranges(text, &spans) {
                    match dateline.and_then(|d| alone(text, &spans, b, e, d)) {
                        Some(k) => {
                            out.push_sentence(text, &spans[b..k], index, vocab);
                            out.push_sentence(text, &spans[k..e], index, vocab);
                        }
                        None => out.push_sentence(text, &spans[b..e], index, vocab),
                    }
                }
            }
            quotes::mark(&mut out.tokens[first..], text);
        }
        if let Some(d) = dateline {
            let from = out.tokens.partition_point(|t| t.span.end <= d.begin);
            for t in out.tokens[from..].iter_mut().take_while(|t| t.span.begin < d.end) {
                t.flags |= flag::DATELINE;
            }
        }
        out.blocks = blocks(&out.tokens, text.len());
        out
    }

    /// Appends the sentence of `spans` (tokens of paragraph `paragraph`).
    fn push_sentence(&mut self, text: &str, spans: &[Span], paragraph: usize, vocab: &Vocabulary) {
        let (Some(first), Some(last)) = (spans.first(), spans.last()) else {
            return;
        };
        let sentence = self.sentences.len() as u32;
        let begin = self.tokens.len() as u32;
        for &span in spans {
            let t = make(text, span, sentence, vocab, &mut self.lower);
            self.tokens.push(t);
        }
        self.sentences.push(Sent {
            span: Span::new(first.begin, last.end),
            tokens: (begin, self.tokens.len() as u32),
            paragraph: paragraph as u32,
        });
    }

    /// Every token, in text order.
    #[inline]
    pub(crate) fn tokens(&self) -> &[Token] {
        &self.tokens
    }

    /// Every sentence, in text order.
    #[inline]
    pub(crate) fn sentences(&self) -> &[Sent] {
        &self.sentences
    }

    /// Whether these tokens were built for a text of `len` bytes (an
    /// article assembled elsewhere has none, or stale ones).
    pub(crate) fn fit(&self, len: usize) -> bool {
        self.text_len == len && !self.tokens.is_empty()
    }

    /// The lower-cased text of token `i` ("" past the end).
    #[inline]
    pub(crate) fn lower(&self, i: usize) -> &str {
        self.tokens
            .get(i)
            .and_then(|t| self.lower.get(t.lower.0 as usize..t.lower.1 as usize))
            .unwrap_or_default()
    }

    /// The tokens of sentence `s`.
    #[inline]
    pub(crate) fn of(&self, s: &Sent) -> &[Token] {
        &self.tokens[s.range()]
    }

    /// The sentences of paragraph `p`, as a range of sentence indices.
    pub(crate) fn paragraph(&self, p: usize) -> std::ops::Range<usize> {
        let p = p as u32;
        let begin = self.sentences.partition_point(|s| s.paragraph < p);
        let end = self.sentences.partition_point(|s| s.paragraph <= p);
        begin..end
    }

    /// The index of the token starting at byte `begin`.
    pub(crate) fn at(&self, begin: usize) -> Option<usize> {
        self.tokens.binary_search_by_key(&begin, |t| t.span.begin).ok()
    }

    /// The index of the first token starting at byte `at` or after it,
    /// searched for among the tokens of its block.
    fn first_from(&self, at: usize) -> usize {
        let block = at / BLOCK;
        match (self.blocks.get(block), self.blocks.get(block + 1)) {
            (Some(&lo), Some(&hi)) => {
                let (lo, hi) = (lo as usize, hi as usize);
                lo + self.tokens[lo..hi].partition_point(|t| t.span.begin < at)
            }
            _ => self.tokens.partition_point(|t| t.span.begin < at),
        }
    }

    /// The tokens lying wholly inside `span`, as a range of indices.
    pub(crate) fn within(&self, span: Span) -> std::ops::Range<usize> {
        let begin = self.first_from(span.begin);
        // Most spans asked about are names, a few tokens long: step over
        // those before searching the rest. The tokens end in text order,
        // so the tokens ending inside `span` run on from `begin`.
        const STEPS: usize = 8;
        let inside = |t: &Token| t.span.end <= span.end;
        let rest = &self.tokens[begin..];
        let near = rest.iter().take(STEPS).take_while(|t| inside(t)).count();
        let end = if near < STEPS {
            begin + near
        } else {
            begin + STEPS + rest[STEPS..].partition_point(inside)
        };
        begin..end
    }

    /// The lower-cased words inside `span`, joined by one space: a name as
    /// the lexicons key it ("Foreign\nMinister" -> "foreign minister").
    pub(crate) fn normalized(&self, span: Span) -> String {
        let mut out = String::new();
        self.lower_words(self.within(span), &mut out);
        out
    }

    /// Puts the lower-cased texts of tokens `range` (cut at the end),
    /// joined by one space, in `out` in place of what it held. It sizes
    /// `out` once, and a caller that looks many phrases up reuses it.
    pub(crate) fn lower_words(&self, range: std::ops::Range<usize>, out: &mut String) {
        out.clear();
        let end = range.end.min(self.tokens.len());
        let range = range.start.min(end)..end;
        let len: usize = self.tokens[range.clone()]
            .iter()
            .map(|t| (t.lower.1 - t.lower.0) as usize + 1)
            .sum();
        out.reserve(len);
        for i in range {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(self.lower(i));
        }
    }
}

/// [`Tokens::blocks`] of `tokens`, for a text of `len` bytes: one entry
/// more than there are blocks, so that each block's tokens end where the
/// next block's start.
fn blocks(tokens: &[Token], len: usize) -> Vec<u32> {
    let n = len / BLOCK + 2;
    let mut out = Vec::with_capacity(n);
    let mut k = 0;
    for b in 0..n {
        while tokens.get(k).is_some_and(|t| t.span.begin < b * BLOCK) {
            k += 1;
        }
        out.push(k as u32);
    }
    out
}

/// `s` on one line: each run of white space (a line break of wrapped copy
/// among them) one space, none at the ends.
pub(crate) fn one_line(s: &str) -> String {
    if on_one_line(s) {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    if s.is_ascii() {
        // Byte by byte: the white space of `char::is_whitespace` in ASCII.
        let space = |b: u8| matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r');
        let mut gap = false;
        for b in s.bytes() {
            if space(b) {
                gap = true;
            } else {
                if gap && !out.is_empty() {
                    out.push(' ');
                }
                gap = false;
                out.push(char::from(b));
            }
        }
        return out;
    }
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// [`one_line`] of `s` in lower case ([`lower_case`]): a line as the word
/// lists compare it.
pub(crate) fn one_line_lower(s: &str) -> String {
    if on_one_line(s) {
        lower_case(s)
    } else {
        lower_case(&one_line(s))
    }
}

/// Whether `s` is on one line already ([`one_line`] would give it back
/// unchanged): its only white space single ASCII spaces between words, as
/// in most paragraphs and names. One pass over the bytes, so that the
/// common case costs a copy.
fn on_one_line(s: &str) -> bool {
    let bytes = s.as_bytes();
    if bytes.first() == Some(&b' ') || bytes.last() == Some(&b' ') {
        return false;
    }
    let mut space = false;
    for (i, &b) in bytes.iter().enumerate() {
        // Letters, digits and marks of ASCII, most bytes, first.
        if (0x21..0x80).contains(&b) {
            space = false;
            continue;
        }
        match b {
            b' ' if space => return false,
            b' ' => space = true,
            b'\t' | b'\n' | 0x0b | 0x0c | b'\r' => return false,
            // The bytes that open a white-space character beyond ASCII
            // (U+0085, U+00A0, U+1680, U+2000 to U+205F, U+3000).
            0xc2 | 0xe1..=0xe3
                if s.get(i..)
                    .and_then(|r| r.chars().next())
                    .is_some_and(char::is_whitespace) =>
            {
                return false;
            }
            _ => space = false,
        }
    }
    true
}

/// `s.to_lowercase()`, with each run of ASCII copied and lowered whole:
/// `str::to_lowercase` goes character by character from the first
/// character that is not ASCII on, and a curly quote opens most
/// paragraphs.
pub(crate) fn lower_case(s: &str) -> String {
    // The lower case of a capital sigma hangs on the letters around it.
    if s.contains('Σ') {
        return s.to_lowercase();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while !rest.is_empty() {
        let ascii = rest.bytes().position(|b| !b.is_ascii()).unwrap_or(rest.len());
        let (run, tail) = rest.split_at(ascii);
        let from = out.len();
        out.push_str(run);
        out[from..].make_ascii_lowercase();
        let mut chars = tail.chars();
        if let Some(c) = chars.next() {
            out.extend(c.to_lowercase());
        }
        rest = chars.as_str();
    }
    out
}

/// Where a dateline standing alone on its line ("LONDON 1996-08-30")
/// ends inside the sentence of tokens `b..e`: the index of the first token
/// after it, which opens a sentence of its own. A dateline that ends in a
/// dash runs on into its sentence ("BEIJING, Jan. 27 (Xinhua) --").
fn alone(text: &str, spans: &[Span], b: usize, e: usize, dateline: Span) -> Option<usize> {
    let k = b + spans[b..e].partition_point(|s| s.end <= dateline.end);
    let last = spans.get(k.checked_sub(1)?)?;
    let dash = last
        .slice(text)
        .chars()
        .all(|c| matches!(c, '-' | '—' | '–' | '―' | ':'));
    (k > b && k < e && last.end == dateline.end && !dash && text[last.end..spans[k].begin].contains('\n')).then_some(k)
}

/// A crude stem: "urges", "urged", "urging" -> "urg".
pub(crate) fn stem(w: &str) -> &str {
    for suffix in ["ing", "ed", "es", "s", "e"] {
        if let Some(s) = w.strip_suffix(suffix)
            && s.len() >= 3
        {
            return s;
        }
    }
    w
}

/// Where a plural ending is cut off a lower-cased word: the bytes kept,
/// and whether a "y" follows them ("countries" -> "countr" + "y", "talks"
/// -> "talk"); `None` when the word has none ("class", "virus", "this").
fn plural_cut(low: &[u8]) -> Option<(usize, bool)> {
    let n = low.len();
    if n > 4 && low.ends_with(b"ies") {
        return Some((n - 3, true));
    }
    (n > 3 && low.ends_with(b"s") && !low.ends_with(b"ss") && !low.ends_with(b"us") && !low.ends_with(b"is"))
        .then_some((n - 1, false))
}

/// The token at `span` of `text`, its lower-cased text appended to `lower`.
fn make(text: &str, span: Span, sentence: u32, vocab: &Vocabulary, lower: &mut String) -> Token {
    let s = span.slice(text);
    let begin = lower.len();
    let (mut t, counts) = match ascii(s, lower) {
        Some(found) => found,
        None => general(s, lower),
    };
    t.span = span;
    t.sentence = sentence;
    t.lower = (begin as u32, lower.len() as u32);
    t.flags |= shape_flags(s, counts);
    if s == "," {
        t.flags |= flag::COMMA;
    }
    let info = vocab.get(t.hash);
    t.cluster = info.cluster;
    t.caps = info.caps;
    t.lists = info.lists;
    t
}

/// Letters by case, digits and other characters in a token.
#[derive(Clone, Copy, Default)]
struct Counts {
    upper: u32,
    lower: u32,
    digit: u32,
    /// Letters without case (ideographs, Arabic).
    caseless: u32,
    other: u32,
}

/// The flags that follow from the counts and the first character.
fn shape_flags(s: &str, c: Counts) -> u32 {
    let mut f = 0;
    // An ASCII first byte is its character: no need to decode one.
    let cap = match s.as_bytes().first() {
        Some(b) if b.is_ascii() => b.is_ascii_uppercase(),
        Some(_) => s.chars().next().is_some_and(char::is_uppercase),
        None => false,
    };
    if cap {
        f |= flag::CAP;
    }
    if c.upper > 0 && c.lower == 0 && (c.upper > 1 || c.other > 0) {
        f |= flag::ALL_CAPS;
    }
    if c.digit > 0 {
        f |= flag::HAS_DIGIT;
        if c.upper + c.lower + c.caseless + c.other == 0 {
            f |= flag::ALL_DIGIT;
        }
    }
    if c.upper + c.lower + c.digit + c.caseless == 0 {
        f |= flag::PUNCT;
    }
    if c.upper == 0 && c.lower > 0 {
        f |= flag::LOWER;
    }
    if s.starts_with('\'') || s.starts_with('’') {
        f |= flag::ELIDED;
    }
    if c.upper + c.lower + c.caseless > 0 {
        f |= flag::ALPHA;
    }
    f
}

/// The hashes of an ASCII token (most tokens), `None` for any other: one
/// pass over its bytes classes them (and finds any that is not ASCII),
/// and the stem is a prefix of the word, so the word hash goes on from the
/// stem's. The same values as [`general`] computes.
fn ascii(s: &str, lower: &mut String) -> Option<(Token, Counts)> {
    let bytes = s.as_bytes();
    let n = bytes.len();
    let mut shape = FNV_OFFSET;
    let mut last = b' ';
    let mut c = Counts::default();
    let mut flags = 0;
    for (k, &b) in bytes.iter().enumerate() {
        let class = match b {
            b'A'..=b'Z' => {
                c.upper += 1;
                b'X'
            }
            b'a'..=b'z' => {
                c.lower += 1;
                b'x'
            }
            b'0'..=b'9' => {
                c.digit += 1;
                b'd'
            }
            0x80.. => return None,
            _ => {
                c.other += 1;
                match b {
                    b'-' => flags |= flag::HYPHEN,
                    b'.' => flags |= flag::PERIOD,
                    _ => {}
                }
                b
            }
        };
        if k < 12 && class != last {
            shape = (shape ^ u64::from(class)).wrapping_mul(hash::FNV_PRIME);
            last = class;
        }
    }
    let begin = lower.len();
    lower.push_str(s);
    // Most tokens have no capital to lower.
    if c.upper > 0 {
        lower[begin..].make_ascii_lowercase();
    }
    let low = &lower.as_bytes()[begin..];
    let (head, rest) = low.split_at(n - stem_cut(low));
    let stem = fnv(FNV_OFFSET, head);
    let hash = fnv(stem, rest);
    let term = match plural_cut(low) {
        Some((keep, y)) => {
            let h = fnv(FNV_OFFSET, &low[..keep]);
            if y { fnv(h, b"y") } else { h }
        }
        None => hash,
    };
    let suffix = fnv(FNV_OFFSET, &low[n - n.min(3)..]);
    let t = Token {
        span: Span::default(),
        hash,
        stem,
        term,
        suffix,
        shape,
        flags,
        cluster: [0; 3],
        lists: 0,
        caps: 0,
        chars: n.min(255) as u8,
        sentence: 0,
        lower: (0, 0),
    };
    Some((t, c))
}

/// How many bytes [`stem`] cuts off the lower-cased bytes `low`: the
/// suffixes it tries, in its order, each matched on the last bytes alone.
fn stem_cut(low: &[u8]) -> usize {
    let n = low.len();
    match low {
        [.., b'i', b'n', b'g'] if n >= 6 => 3,
        [.., b'e', b'd'] if n >= 5 => 2,
        [.., b'e', b's'] if n >= 5 => 2,
        [.., b's'] if n >= 4 => 1,
        [.., b'e'] if n >= 4 => 1,
        _ => 0,
    }
}

/// The hashes of any token.
fn general(s: &str, lower: &mut String) -> (Token, Counts) {
    let begin = lower.len();
    lower.extend(s.chars().flat_map(char::to_lowercase));
    let low = &lower[begin..];
    let suffix = low.char_indices().rev().nth(2).map_or(low, |(k, _)| &low[k..]);
    let mut shape = FNV_OFFSET;
    let mut last = ' ';
    let mut c = Counts::default();
    let mut flags = 0;
    let mut chars = 0usize;
    for (k, ch) in s.chars().enumerate() {
        let class = if ch.is_uppercase() {
            c.upper += 1;
            'X'
        } else if ch.is_lowercase() {
            c.lower += 1;
            'x'
        } else if ch.is_numeric() {
            c.digit += 1;
            'd'
        } else if ch.is_alphabetic() {
            c.caseless += 1;
            ch
        } else {
            c.other += 1;
            match ch {
                '-' => flags |= flag::HYPHEN,
                '.' => flags |= flag::PERIOD,
                _ => {}
            }
            ch
        };
        if k < 12 && class != last {
            let mut buf = [0u8; 4];
            shape = fnv(shape, class.encode_utf8(&mut buf).as_bytes());
            last = class;
        }
        chars = k + 1;
    }
    let hash = word_hash(low);
    let term = match plural_cut(low.as_bytes()) {
        Some((keep, y)) => {
            let h = fnv(FNV_OFFSET, &low.as_bytes()[..keep]);
            if y { fnv(h, b"y") } else { h }
        }
        None => hash,
    };
    let t = Token {
        span: Span::default(),
        hash,
        stem: word_hash(stem(low)),
        term,
        suffix: word_hash(suffix),
        shape,
        flags,
        cluster: [0; 3],
        lists: 0,
        caps: 0,
        chars: chars.min(255) as u8,
        sentence: 0,
        lower: (0, 0),
    };
    (t, c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn build(text: &str) -> Tokens {
        let p = Paragraph {
            span: Span::new(0, text.len()).trim(text),
            kind: ParagraphKind::Body,
        };
        Tokens::build(text, &[p], &[], None, &Vocabulary::default())
    }

    #[test]
    fn one_line_joins_every_run_of_white_space_with_one_space() {
        for s in [
            "",
            "  ",
            "one",
            " Andres\nTrujillo  said\r\n\tTuesday \x0b ",
            "Zürich\u{a0}\u{2009}café \n a",
        ] {
            assert_eq!(one_line(s), s.split_whitespace().collect::<Vec<_>>().join(" "), "{s:?}");
        }
        for s in [
            " a",
            "a ",
            "a  b",
            "a\u{a0}b",
            "a\u{3000}b",
            "a\u{2009}",
            "a\u{85}b",
            "a\tb",
        ] {
            assert!(!on_one_line(s), "{s:?}");
        }
        for s in ["", "a", "“Wang Yi,” he said.", "Zürich café", "a \u{2019}s"] {
            assert!(on_one_line(s), "{s:?}");
        }
    }

    #[test]
    fn lower_case_is_to_lowercase() {
        for s in [
            "",
            "Reuters",
            "“WE AGREE,” SAID NATO’S CHIEF",
            "ÉLYSÉE Zürich İstanbul",
            "ΟΔΥΣΣΕΥΣ ΣΑ",
            "\u{212a}elvin",
            "ß ẞ",
        ] {
            assert_eq!(lower_case(s), s.to_lowercase(), "{s:?}");
            assert_eq!(one_line_lower(s), one_line(s).to_lowercase(), "{s:?}");
        }
        assert_eq!(one_line_lower(" A\nB\u{a0} C "), "a b c");
    }

    #[test]
    fn ascii_and_general_hashing_agree() {
        for w in [
            "Urging",
            "U.S.",
            "1,000",
            "don't",
            "Xinhua",
            "--",
            "ties",
            "S",
            "seed",
            "Countries",
            "talks",
        ] {
            let (mut a, mut b) = (String::new(), String::new());
            let (x, cx) = ascii(w, &mut a).unwrap();
            let (y, cy) = general(w, &mut b);
            assert_eq!(
                (x.hash, x.stem, x.suffix, x.shape, x.flags),
                (y.hash, y.stem, y.suffix, y.shape, y.flags),
                "{w}"
            );
            assert_eq!(shape_flags(w, cx), shape_flags(w, cy), "{w}");
            assert_eq!(a, b);
        }
        let (mut a, mut b) = (String::new(), String::new());
        assert_eq!(ascii("urges", &mut a).unwrap().0.stem, general("urged", &mut b).0.stem);
        let (mut a, mut b) = (String::new(), String::new());
        assert_eq!(
            ascii("Countries", &mut a).unwrap().0.term,
            general("country", &mut b).0.hash
        );
        let (mut a, mut b) = (String::new(), String::new());
        assert_eq!(ascii("class", &mut a).unwrap().0.term, general("class", &mut b).0.hash);
        assert!(ascii("Zürich", &mut a).is_none());
        for w in [
            "", "e", "ing", "sing", "doing", "going", "bed", "shed", "sees", "goes", "was", "this", "urge", "ere",
            "lines", "talks", "tie", "ties", "ed", "es", "s",
        ] {
            assert_eq!(w.len() - stem_cut(w.as_bytes()), stem(w).len(), "{w}");
        }
    }

    #[test]
    fn a_wrapped_line_changes_no_token_and_no_sentence() {
        let flowing = build("Jacques Chirac met the Federal Reserve Board. He left.");
        let wrapped = build("Jacques\nChirac met the Federal\nReserve Board. He\nleft.");
        let key = |t: &Tokens| {
            t.tokens()
                .iter()
                .map(|k| (k.span, k.hash, k.flags, k.sentence))
                .collect::<Vec<_>>()
        };
        assert_eq!(key(&flowing), key(&wrapped));
        assert_eq!(wrapped.sentences().len(), 2);
        assert_eq!(wrapped.normalized(Span::new(0, 14)), "jacques chirac");
        assert_eq!(one_line(" Jacques\nChirac  met "), "Jacques Chirac met");
    }

    #[test]
    fn tokens_carry_shape_quotes_and_the_dateline() {
        let text = "BEIJING, Jan. 27 (Xinhua) -- \"We agree,\" said NATO's chief.";
        let p = Paragraph {
            span: Span::new(0, text.len()),
            kind: ParagraphKind::Body,
        };
        let t = Tokens::build(text, &[p], &[], Some(Span::new(0, 28)), &Vocabulary::default());
        let of = |w: &str| {
            let i = t.tokens().iter().position(|k| k.span.slice(text) == w).unwrap();
            (i, t.tokens()[i])
        };
        assert!(of("BEIJING").1.has(flag::ALL_CAPS | flag::DATELINE));
        assert!(of("--").1.has(flag::DATELINE) && !of("We").1.has(flag::DATELINE));
        assert!(of("We").1.has(flag::INQ) && of("\"").1.has(flag::QOPEN));
        assert!(!of("said").1.has(flag::INQ) && of("said").1.has(flag::LOWER));
        assert!(of(",").1.has(flag::COMMA) && of("27").1.has(flag::ALL_DIGIT));
        assert!(of("'s").1.has(flag::ELIDED));
        assert_eq!(t.lower(of("NATO").0), "nato");
        assert_eq!(of("NATO").1.hash, word_hash("nato"));
    }

    #[test]
    fn within_takes_the_tokens_inside_a_span_short_or_long() {
        let text = "a b c d e f g h i j k l m n o p q r s t. Uu vv, ww xx yy zz; aaa bbb ccc ddd eee fff ggg hhh iii jjj \
                    kkk lll mmm nnn ooo ppp qqq rrr sss ttt uuu vvv www xxx yyy zzz.";
        let t = build(text);
        assert!(t.blocks.len() > 3);
        for b in 0..text.len() {
            for e in b..=text.len() {
                let span = Span::new(b, e);
                let begin = t.tokens.partition_point(|k| k.span.begin < b);
                let end = begin + t.tokens[begin..].partition_point(|k| k.span.end <= e);
                assert_eq!(t.within(span), begin..end, "{b}..{e}");
            }
        }
    }

    #[test]
    fn given_body_sentences_are_kept() {
        let text = "One. Two three. Four.";
        let p = Paragraph {
            span: Span::new(0, text.len()),
            kind: ParagraphKind::Body,
        };
        let given = [Sentence {
            span: Span::new(0, 15),
            paragraph: 0,
        }];
        let t = Tokens::build(text, &[p], &given, None, &Vocabulary::default());
        assert_eq!(t.sentences().len(), 1);
        assert_eq!(t.sentences()[0].span.slice(text), "One. Two three.");
        assert_eq!(build(text).sentences().len(), 3);
    }
}
