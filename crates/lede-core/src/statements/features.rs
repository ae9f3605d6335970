//! The statement finder's view of an article: tokens of the story text
//! with their sentence, paragraph and quotation state, and the hashed
//! features both taggers read.

use std::collections::HashSet;

use crate::tokens::{IdMap, IdSet};

use crate::tokens::legacy as text;
use crate::{Article, ParagraphKind, Span};

/// Token flags.
pub(crate) const CAP: u16 = 1;
/// An opening quotation mark.
pub(crate) const QOPEN: u16 = 2;
/// A closing quotation mark.
pub(crate) const QCLOSE: u16 = 4;
/// Inside quotation marks (the marks excluded).
pub(crate) const INQ: u16 = 8;
/// A word seen as a one-word cue in training.
pub(crate) const CUEWORD: u16 = 16;
/// A comma.
pub(crate) const COMMA: u16 = 32;
/// Punctuation (no letter or digit).
pub(crate) const PUNCT: u16 = 64;
/// A headline token.
pub(crate) const HEADLINE: u16 = 128;
/// A form of a reporting or belief verb ("says", "warned", "believing").
pub(crate) const REPORT: u16 = 256;
/// A subject pronoun ("he", "they", "who").
pub(crate) const PRON: u16 = 512;

/// Reporting, belief and stance verbs, in their base forms: a general
/// English lexicon (no corpus statistics), inflected by [`inflect`].
const REPORTING_VERBS: &[&str] = &[
    "say",
    "tell",
    "add",
    "note",
    "state",
    "claim",
    "argue",
    "insist",
    "explain",
    "announce",
    "report",
    "write",
    "tweet",
    "post",
    "declare",
    "assert",
    "contend",
    "maintain",
    "suggest",
    "acknowledge",
    "admit",
    "concede",
    "deny",
    "warn",
    "predict",
    "promise",
    "pledge",
    "vow",
    "threaten",
    "urge",
    "call",
    "ask",
    "demand",
    "propose",
    "recommend",
    "reply",
    "respond",
    "answer",
    "retort",
    "counter",
    "complain",
    "criticize",
    "criticise",
    "praise",
    "accuse",
    "blame",
    "charge",
    "allege",
    "confirm",
    "reveal",
    "disclose",
    "indicate",
    "show",
    "find",
    "conclude",
    "estimate",
    "believe",
    "think",
    "feel",
    "hope",
    "fear",
    "worry",
    "expect",
    "know",
    "doubt",
    "wonder",
    "recall",
    "remember",
    "mention",
    "point",
    "stress",
    "emphasize",
    "emphasise",
    "reiterate",
    "repeat",
    "describe",
    "label",
    "dub",
    "characterize",
    "quote",
    "cite",
    "agree",
    "disagree",
    "dispute",
    "reject",
    "dismiss",
    "question",
    "challenge",
    "defend",
    "endorse",
    "oppose",
    "decline",
    "refuse",
    "speak",
    "testify",
    "observe",
    "comment",
    "remark",
    "joke",
    "quip",
    "boast",
    "brag",
    "lament",
    "concur",
    "caution",
    "advise",
    "inform",
    "notify",
    "assure",
    "reassure",
    "convince",
    "persuade",
    "announce",
    "proclaim",
    "signal",
    "hint",
    "imply",
    "acknowledge",
    "recognize",
    "recognise",
    "understand",
    "realize",
    "realise",
    "assume",
    "guess",
    "suspect",
    "presume",
    "believe",
    "consider",
    "regard",
    "deem",
    "view",
    "see",
    "want",
    "wish",
    "prefer",
    "plan",
    "intend",
    "decide",
    "vote",
    "support",
    "favor",
    "favour",
    "applaud",
    "welcome",
    "condemn",
    "denounce",
    "slam",
    "blast",
    "attack",
    "rebuke",
    "mock",
    "ridicule",
    "accuse",
    "thank",
    "apologize",
    "apologise",
    "pray",
    "shout",
    "scream",
    "yell",
    "chant",
    "sing",
    "cry",
    "whisper",
    "mutter",
    "exclaim",
    "ask",
    "inquire",
    "query",
    "interrupt",
    "continue",
    "conclude",
    "begin",
    "summarize",
    "clarify",
    "elaborate",
    "detail",
    "outline",
    "list",
    "specify",
    "tout",
    "hail",
    "brand",
    "term",
    "liken",
    "compare",
    "predict",
    "forecast",
    "project",
    "calculate",
    "rate",
    "rank",
    "poll",
    "survey",
    "learn",
    "hear",
    "read",
    "discover",
    "determine",
    "establish",
    "prove",
    "demonstrate",
    "illustrate",
    "reflect",
    "appear",
    "seem",
    "insinuate",
    "speculate",
    "theorize",
    "posit",
    "acknowledge",
];

/// Irregular forms of [`REPORTING_VERBS`].
const IRREGULAR_FORMS: &[&str] = &[
    "said",
    "told",
    "wrote",
    "written",
    "thought",
    "felt",
    "knew",
    "known",
    "found",
    "spoke",
    "spoken",
    "saw",
    "seen",
    "understood",
    "heard",
    "read",
    "taught",
    "sang",
    "sung",
    "began",
    "begun",
    "foresaw",
    "foreseen",
    "according",
];

/// `verb`, "verbs", "verbed", "verbing", with the usual spelling changes.
fn inflect(verb: &str, out: &mut HashSet<String>) {
    out.insert(verb.to_owned());
    if let Some(stem) = verb.strip_suffix('e') {
        out.extend([format!("{verb}s"), format!("{verb}d"), format!("{stem}ing")]);
    } else if let Some(stem) = verb.strip_suffix('y').filter(|s| !s.ends_with(['a', 'e', 'o', 'u'])) {
        out.extend([format!("{stem}ies"), format!("{stem}ied"), format!("{verb}ing")]);
    } else if verb.ends_with(['s', 'x', 'z']) || verb.ends_with("sh") || verb.ends_with("ch") {
        out.extend([format!("{verb}es"), format!("{verb}ed"), format!("{verb}ing")]);
    } else {
        out.extend([format!("{verb}s"), format!("{verb}ed"), format!("{verb}ing")]);
    }
}

/// Every form of the reporting verbs.
fn reporting_forms() -> &'static WordSet {
    static FORMS: std::sync::LazyLock<WordSet> = std::sync::LazyLock::new(|| {
        let mut out = HashSet::new();
        for v in REPORTING_VERBS {
            inflect(v, &mut out);
        }
        out.extend(IRREGULAR_FORMS.iter().map(|w| (*w).to_owned()));
        word_set(out.iter().map(String::as_str))
    });
    &FORMS
}

/// A token of the story text.
#[derive(Clone, Debug)]
pub(crate) struct Tok {
    /// Where it stands.
    pub span: Span,
    /// Where its lower-cased text lies in [`Doc::lower_text`] (see
    /// [`Doc::lower`]).
    lower: (u32, u32),
    /// Hash of `lower`.
    pub hw: u64,
    /// Hash of the word shape ("Xx", "x", "d", "X.", ...), compressed.
    pub hshape: u64,
    /// Hash of the last three characters of `lower`.
    pub hsuffix: u64,
    /// Hash of the crude stem of `lower`.
    pub hstem: u64,
    /// Word clusters of `lower` (fine, middle, coarse; 0 when unknown).
    pub cluster: [u16; 3],
    /// Index into [`Doc::sents`].
    pub sent: u32,
    /// Index into [`Doc::paras`].
    pub para: u32,
    /// `CAP`, `QOPEN`, ...
    pub flags: u16,
    /// For a token inside quotation marks: the first token and one past
    /// the last of its run of quoted tokens.
    pub run: (u32, u32),
}

impl Tok {
    fn has(&self, flag: u16) -> bool {
        self.flags & flag != 0
    }
}

/// A sentence: a range of token indices.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Sent {
    /// First token.
    pub begin: usize,
    /// One past the last token.
    pub end: usize,
}

/// The tokens of an article's story text (headline and body).
#[derive(Debug, Default)]
pub(crate) struct Doc {
    /// Tokens in text order.
    pub toks: Vec<Tok>,
    /// Sentences in text order.
    pub sents: Vec<Sent>,
    /// Paragraph token ranges `(begin, end)`.
    pub paras: Vec<(usize, usize)>,
    /// The lower-cased texts of all tokens, one after another (one
    /// allocation rather than one per token).
    lower_text: String,
    /// Prefix counts over the tokens: commas, quotation marks and cue
    /// words before token `k` (`toks.len() + 1` entries).
    counts: Vec<[u32; 3]>,
}

impl Doc {
    /// Tokenizes the headline and body paragraphs of `article`. Body
    /// sentences come from `article.sentences`; paragraphs without any
    /// (a headline, or an article built by hand) are split here.
    pub fn new(article: &Article, lex: &Lexicon) -> Doc {
        let text = article.text.as_str();
        let mut doc = Doc::default();
        // About one token per five bytes of news text.
        doc.toks.reserve(text.len() / 5);
        doc.lower_text.reserve(text.len());
        let mut next_sentence = 0;
        for (index, p) in article.paragraphs.iter().enumerate() {
            let headline = match p.kind {
                ParagraphKind::Body => false,
                ParagraphKind::Headline => true,
                _ => continue,
            };
            if p.span.get(text).is_none() {
                continue;
            }
            while next_sentence < article.sentences.len() && article.sentences[next_sentence].paragraph < index {
                next_sentence += 1;
            }
            let mut spans = Vec::new();
            while next_sentence < article.sentences.len() && article.sentences[next_sentence].paragraph == index {
                let s = article.sentences[next_sentence].span;
                if p.span.contains(s) && s.get(text).is_some() {
                    spans.push(s);
                }
                next_sentence += 1;
            }
            if spans.is_empty() {
                spans = text::sentences(text, p.span);
            }
            let para = doc.paras.len() as u32;
            let para_begin = doc.toks.len();
            for s in spans {
                let begin = doc.toks.len();
                let mut toks = text::tokenize(text, s);
                let paragraph_start = s.begin == p.span.begin;
                if !headline && let Some(end) = dateline_end(article, text, &toks, paragraph_start) {
                    toks.drain(..end);
                }
                for t in toks {
                    let tok = token(
                        text,
                        t.span,
                        doc.sents.len() as u32,
                        para,
                        headline,
                        lex,
                        &mut doc.lower_text,
                    );
                    doc.toks.push(tok);
                }
                if doc.toks.len() > begin {
                    doc.sents.push(Sent {
                        begin,
                        end: doc.toks.len(),
                    });
                }
            }
            if doc.toks.len() > para_begin {
                mark_quotes(&mut doc.toks[para_begin..], text);
                mark_runs(&mut doc.toks, para_begin);
                doc.paras.push((para_begin, doc.toks.len()));
            }
        }
        doc.count();
        doc
    }

    /// Fills [`Doc::counts`].
    fn count(&mut self) {
        let mut c = [0u32; 3];
        self.counts = Vec::with_capacity(self.toks.len() + 1);
        self.counts.push(c);
        for t in &self.toks {
            c[0] += u32::from(t.has(COMMA));
            c[1] += u32::from(t.has(QOPEN | QCLOSE));
            c[2] += u32::from(t.has(CUEWORD));
            self.counts.push(c);
        }
    }

    /// The lower-cased text of token `k`.
    pub fn lower(&self, k: usize) -> &str {
        let (b, e) = self.toks[k].lower;
        self.lower_text.get(b as usize..e as usize).unwrap_or_default()
    }

    /// The word hash of token `i`, or a boundary mark past the ends.
    pub fn word(&self, i: isize) -> u64 {
        if i < 0 {
            return BOS;
        }
        self.toks.get(i as usize).map_or(EOS, |t| t.hw)
    }
}

/// How many leading tokens of `toks` form a dateline ("BEIJING, Jan. 27
/// (Xinhua) --"): the parsed dateline's, or else a capitalized place and a
/// dash within the first fifteen tokens of a paragraph.
fn dateline_end(article: &Article, text: &str, toks: &[text::Token], paragraph_start: bool) -> Option<usize> {
    let first = toks.first()?;
    if let Some(d) = &article.dateline {
        let n = toks.iter().take_while(|t| t.span.end <= d.span.end).count();
        return (first.span.begin >= d.span.begin && n > 0).then_some(n);
    }
    let place = first.span.slice(text);
    if !paragraph_start || place.len() < 3 || !place.chars().all(|c| c.is_uppercase() || c == '.' || c == '-') {
        return None;
    }
    let dash = toks
        .iter()
        .take(15)
        .position(|t| matches!(t.span.slice(text), "--" | "—" | "–" | "―"))?;
    (dash + 1 < toks.len()).then_some(dash + 1)
}

/// The token at `span`, its lower-cased text appended to `lower_text`.
fn token(text: &str, span: Span, sent: u32, para: u32, headline: bool, lex: &Lexicon, lower_text: &mut String) -> Tok {
    let s = span.slice(text);
    let begin = lower_text.len();
    let (hashes, mut flags) = if s.is_ascii() {
        ascii_hashes(s, lower_text)
    } else {
        text_hashes(s, lower_text)
    };
    if s == "," {
        flags |= COMMA;
    }
    if headline {
        flags |= HEADLINE;
    }
    let info = lex.words.get(&hashes.word).copied().unwrap_or_default();
    flags |= info.flags;
    Tok {
        span,
        hw: hashes.word,
        hshape: hashes.shape,
        hsuffix: hashes.suffix,
        hstem: hashes.stem,
        cluster: info.cluster,
        lower: (begin as u32, lower_text.len() as u32),
        sent,
        para,
        flags,
        run: (0, 0),
    }
}

/// The hashes of a token's text.
#[derive(Debug, PartialEq)]
struct Hashes {
    /// Of the lower-cased text.
    word: u64,
    /// Of the compressed shape ([`shape_hash`]).
    shape: u64,
    /// Of the last three characters of the lower-cased text.
    suffix: u64,
    /// Of its [`stem`].
    stem: u64,
}

/// [`token`]'s hashes and `CAP`/`PUNCT` flags of the text `s`, its
/// lower-cased text appended to `lower_text`.
fn text_hashes(s: &str, lower_text: &mut String) -> (Hashes, u16) {
    let begin = lower_text.len();
    lower_text.push_str(&s.to_lowercase());
    let lower = &lower_text[begin..];
    let suffix = lower.char_indices().rev().nth(2).map_or(lower, |(k, _)| &lower[k..]);
    let hashes = Hashes {
        word: hash_str(lower),
        shape: shape_hash(s),
        suffix: hash_str(suffix),
        stem: hash_str(stem(lower)),
    };
    let mut flags = 0;
    if s.chars().next().is_some_and(char::is_uppercase) {
        flags |= CAP;
    }
    if !s.chars().any(char::is_alphanumeric) {
        flags |= PUNCT;
    }
    (hashes, flags)
}

/// The FNV-1a offset basis and prime of [`hash_str`].
const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0100_0000_01b3;

/// [`token`]'s hashes and `CAP`/`PUNCT` flags of the ASCII text `s` (most
/// tokens), its lower-cased text appended to `lower_text`: the same values
/// as the general path computes, without its per-character decoding.
fn ascii_hashes(s: &str, lower_text: &mut String) -> (Hashes, u16) {
    let bytes = s.as_bytes();
    let n = bytes.len();
    let lower_ends = |suffix: &[u8]| n >= suffix.len() && bytes[n - suffix.len()..].eq_ignore_ascii_case(suffix);
    let stem_len = [&b"ing"[..], b"ed", b"es", b"s", b"e"]
        .into_iter()
        .find(|suffix| lower_ends(suffix) && n - suffix.len() >= 3)
        .map_or(n, |suffix| n - suffix.len());
    let begin = lower_text.len();
    lower_text.push_str(s);
    lower_text[begin..].make_ascii_lowercase();
    let lower = &lower_text.as_bytes()[begin..];
    let fnv = |h: u64, bytes: &[u8]| bytes.iter().fold(h, |h, &b| (h ^ u64::from(b)).wrapping_mul(FNV_PRIME));
    // The stem is a prefix: the word hash goes on from its hash.
    let (head, rest) = lower.split_at(stem_len);
    let stem = fnv(FNV_OFFSET, head);
    let word = fnv(stem, rest);
    let suffix = fnv(FNV_OFFSET, &lower[n - n.min(3)..]);
    let mut shape = FNV_OFFSET;
    let mut last = b' ';
    for &b in bytes.iter().take(12) {
        let class = match b {
            b'A'..=b'Z' => b'X',
            b'a'..=b'z' => b'x',
            b'0'..=b'9' => b'd',
            _ => b,
        };
        if class != last {
            shape = (shape ^ u64::from(class)).wrapping_mul(FNV_PRIME);
            last = class;
        }
    }
    let mut flags = 0;
    if bytes.first().is_some_and(u8::is_ascii_uppercase) {
        flags |= CAP;
    }
    if !bytes.iter().any(u8::is_ascii_alphanumeric) {
        flags |= PUNCT;
    }
    (
        Hashes {
            word,
            shape,
            suffix,
            stem,
        },
        flags,
    )
}

/// The [`hash_str`] of the compressed word shape, where runs of the same
/// class collapse ("Xx", "X.X.", "d,d"), without building the string.
fn shape_hash(s: &str) -> u64 {
    let mut h = FNV_OFFSET;
    let mut last = ' ';
    for c in s.chars().take(12) {
        let k = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_numeric() {
            'd'
        } else {
            c
        };
        if k != last {
            let mut buf = [0u8; 4];
            for &b in k.encode_utf8(&mut buf).as_bytes() {
                h = (h ^ u64::from(b)).wrapping_mul(FNV_PRIME);
            }
            last = k;
        }
    }
    h
}

/// Marks quotation marks and the tokens inside quotes in one paragraph.
/// A quote still open at the paragraph's end stays open to that end (a
/// quote running over several paragraphs reopens each paragraph).
fn mark_quotes(toks: &mut [Tok], text: &str) {
    let mut double = false;
    let mut single = false;
    for i in 0..toks.len() {
        let s = toks[i].span.slice(text);
        let before_space = toks[i].span.begin == 0
            || text[..toks[i].span.begin]
                .chars()
                .next_back()
                .is_none_or(|c| c.is_whitespace() || c == '(');
        let mut mark = 0;
        match s {
            "\"" => {
                mark = if double { QCLOSE } else { QOPEN };
                double = !double;
            }
            "“" | "«" | "„" => {
                mark = QOPEN;
                double = true;
            }
            "”" | "»" => {
                mark = QCLOSE;
                double = false;
            }
            "‘" => {
                mark = QOPEN;
                single = true;
            }
            "’" | "'" if single => {
                mark = QCLOSE;
                single = false;
            }
            "'" if before_space && toks.get(i + 1).is_some_and(|n| n.span.begin == toks[i].span.end) => {
                mark = QOPEN;
                single = true;
            }
            _ => {}
        }
        if mark != 0 {
            toks[i].flags |= mark;
        } else if double || single {
            toks[i].flags |= INQ;
        }
    }
}

/// Records in each quoted token of the paragraph starting at token `begin`
/// the run of quoted tokens it belongs to.
fn mark_runs(toks: &mut [Tok], begin: usize) {
    let mut k = begin;
    while k < toks.len() {
        if toks[k].flags & INQ == 0 {
            k += 1;
            continue;
        }
        let end = (k..toks.len())
            .find(|&j| toks[j].flags & INQ == 0)
            .unwrap_or(toks.len());
        for t in &mut toks[k..end] {
            t.run = (k as u32, end as u32);
        }
        k = end;
    }
}

/// Feature hashing: FNV-1a over a template id and string parts.
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

/// Features with their template numbers, to put them in template order.
#[cfg(feature = "train")]
#[derive(Default)]
struct ByTemplate(Vec<(u8, u32)>);

#[cfg(feature = "train")]
impl AddFeature for ByTemplate {
    fn add(&mut self, template: u8, parts: &[u64]) {
        self.0.push((template, feature_hash(feature_prefix(template, parts))));
    }
}

/// The multiplier of the feature hash.
const K: u64 = 0x9E37_79B9_7F4A_7C15;
/// The word hash before a sentence's first token.
const BOS: u64 = 0x0123_4567_89ab_cdef;
/// The word hash after a sentence's last token.
const EOS: u64 = 0xfedc_ba98_7654_3210;

/// Lower-cased word hash -> word clusters (fine, middle, coarse; each one
/// more than the cluster's number, so that 0 means unknown).
pub(crate) type Clusters = IdMap<u64, [u16; 3]>;

/// What the lexicons say of one word: its flags (`CUEWORD`, `REPORT`,
/// `PRON`) and clusters.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct WordInfo {
    /// Flags the word sets on its tokens.
    pub flags: u16,
    /// Its clusters.
    pub cluster: [u16; 3],
}

/// The word lists the tokens are looked up in.
#[derive(Debug, Default)]
pub(crate) struct Lexicon {
    /// The word clusters (kept for writing the model).
    #[cfg(feature = "train")]
    pub clusters: Clusters,
    /// Every listed word by its hash: the cue words, reporting verbs,
    /// pronouns and clustered words in one table (one lookup per token).
    pub(crate) words: IdMap<u64, WordInfo>,
    /// The number of values of the fine and the middle cluster levels
    /// (those the summed-ahead features read): one more than the largest,
    /// as 0 stands for none.
    pub cluster_values: [usize; 2],
}

impl Lexicon {
    /// The lexicon of the one-word cues `cue_words` and the word `clusters`.
    pub fn new(cue_words: &WordSet, clusters: Clusters) -> Lexicon {
        let mut words: IdMap<u64, WordInfo> = IdMap::default();
        let mut cluster_values = [1; 2];
        for (&h, &cluster) in &clusters {
            words.entry(h).or_default().cluster = cluster;
            for (n, &c) in cluster_values.iter_mut().zip(&cluster) {
                *n = (*n).max(usize::from(c) + 1);
            }
        }
        for &h in cue_words {
            words.entry(h).or_default().flags |= CUEWORD;
        }
        for &h in reporting_forms() {
            words.entry(h).or_default().flags |= REPORT;
        }
        for w in ["he", "she", "they", "i", "we", "it", "you", "who"] {
            words.entry(hash_str(w)).or_default().flags |= PRON;
        }
        Lexicon {
            #[cfg(feature = "train")]
            clusters,
            words,
            cluster_values,
        }
    }
}

/// A set of words by their [`hash_str`].
pub(crate) type WordSet = IdSet<u64>;

/// The set of `words`.
pub(crate) fn word_set<'a>(words: impl IntoIterator<Item = &'a str>) -> WordSet {
    words.into_iter().map(hash_str).collect()
}

/// FNV-1a over `s`.
pub(crate) fn hash_str(s: &str) -> u64 {
    s.bytes()
        .fold(FNV_OFFSET, |h, b| (h ^ u64::from(b)).wrapping_mul(FNV_PRIME))
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

fn flag(b: bool) -> u64 {
    u64::from(b)
}

/// Whether sentence `s` holds a quotation mark.
pub(crate) fn quoted(doc: &Doc, s: Sent) -> bool {
    doc.toks[s.begin..s.end].iter().any(|t| t.has(QOPEN | QCLOSE))
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
            std::array::from_fn(|k| flag(self.flags >> k & 1 == 1));
        f.add(0, &[]);
        f.add(14, &[inq, cueword]);
        f.add(25, &[report, inq, quoted]);
        f.add(26, &[report, subject, before_comma]);
    }

    /// Templates 29, 33 and 34: the fine cluster, alone and with flags.
    pub fn fine_features(&self, f: &mut impl AddFeature) {
        let c = u64::from(self.fine);
        let [inq, subject, before_comma] = [0, 4, 5].map(|k| flag(self.flags >> k & 1 == 1));
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
/// `f`. Returns the inputs of the others.
pub(crate) fn cue_word_features(doc: &Doc, s: Sent, quoted: bool, i: usize, f: &mut impl AddFeature) -> CueDense {
    let t = &doc.toks[i];
    let ii = i as isize;
    let w = t.hw;
    let p1 = if i > s.begin { doc.word(ii - 1) } else { BOS };
    let p2 = if i > s.begin + 1 { doc.word(ii - 2) } else { BOS };
    let n1 = if i + 1 < s.end { doc.word(ii + 1) } else { EOS };
    let n2 = if i + 2 < s.end { doc.word(ii + 2) } else { EOS };
    let inq = flag(t.has(INQ));
    let suffix = t.hsuffix;
    f.add(1, &[w]);
    f.add(2, &[w, inq]);
    f.add(3, &[suffix]);
    f.add(4, &[t.hshape]);
    f.add(5, &[p1]);
    f.add(6, &[n1]);
    f.add(7, &[p2]);
    f.add(8, &[n2]);
    f.add(9, &[p1, w]);
    f.add(10, &[w, n1]);
    f.add(11, &[w, n1, n2]);
    f.add(12, &[p2, p1, w]);
    let pshape = if i > s.begin { doc.toks[i - 1].hshape } else { BOS };
    f.add(15, &[pshape, w]);
    f.add(16, &[suffix, n1]);
    // Whether a comma or quote closes just before: "..., Wang said".
    let before_comma = (s.begin..i).rev().take(6).any(|k| doc.toks[k].has(COMMA | QCLOSE));
    f.add(18, &[flag(before_comma), w]);
    let st = t.hstem;
    f.add(19, &[st]);
    f.add(20, &[st, n1]);
    f.add(21, &[p1, st]);
    f.add(22, &[st, flag(before_comma), inq]);
    let report = flag(t.has(REPORT));
    let quoted = flag(quoted);
    let subject = (s.begin..i).rev().take(3).any(|k| doc.toks[k].has(CAP | PRON));
    f.add(23, &[report, n1]);
    f.add(24, &[report, pshape]);
    f.add(27, &[w, quoted]);
    f.add(28, &[st, flag(subject)]);
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
        flag(t.has(CUEWORD)),
        report,
        quoted,
        flag(subject),
        flag(before_comma),
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
    if t.has(QOPEN) {
        1
    } else if t.has(QCLOSE) {
        2
    } else if t.has(COMMA) {
        3
    } else if t.has(PUNCT) {
        t.hw
    } else if t.has(CAP) && !t.has(PRON) {
        6
    } else if t.span.end - t.span.begin <= 5 {
        t.hw
    } else {
        100 + u64::from(t.cluster[1])
    }
}

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
            (cue_begin..cue_end).fold(0u64, |h, k| (h.rotate_left(23) ^ doc.toks[k].hw).wrapping_mul(K))
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
            cue_last: doc.toks[cue_end - 1].hw,
            cue_last_stem: doc.toks[cue_end - 1].hstem,
            cue_next: if cue_end < sent.end { doc.toks[cue_end].hw } else { EOS },
            cue_prev: if cue_begin > sent.begin {
                doc.toks[cue_begin - 1].hw
            } else {
                BOS
            },
            cue_inq: doc.toks[cue_begin].has(INQ),
            cue_sent: si as u32,
            cue_para: doc.toks[cue_begin].para,
            cue_sent_begin: cue_begin == sent.begin,
            cue_sent_end: cue_end + 1 >= sent.end,
            cue_word_prefix: [1, 2, 3].map(|rel| feature_prefix(23, &[rel, doc.toks[cue_begin].hw])),
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
        let count = |k: usize| doc.counts.get(k).copied().unwrap_or_default();
        let (a, b) = (count(lo), count(hi));
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
            poff: flag(t.para != self.cue_para),
            inq: flag(t.has(INQ)),
            mark: mark(t),
            first: flag(i == sent.begin),
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
            (flag(self.cue_inq), 1),
            (flag(self.cue_sent_begin), 1),
            (flag(self.cue_sent_end), 1),
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
        let cinq = flag(self.cue_inq);
        f.add(1, &[rel, d]);
        f.add(11, &[rel, commas]);
        f.add(12, &[rel, commas, d]);
        f.add(13, &[rel, soff, poff]);
        f.add(14, &[rel, soff, commas, d]);
        f.add(15, &[rel, inq, cinq, marks]);
        f.add(16, &[rel, mark, marks]);
        f.add(17, &[rel, cues, commas]);
        f.add(22, &[rel, flag(self.cue_sent_begin), flag(self.cue_sent_end), soff]);
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
        let w = doc.toks[i].hw;
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
const fn feature_mix(prefix: u64, part: u64) -> u64 {
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
    if t.has(QOPEN) {
        1
    } else if t.has(QCLOSE) {
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
        let [cap, pcap, first, last, headline] = std::array::from_fn(|k| flag(self.flags >> k & 1 == 1));
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
        f.add(34, &[self.rel, u64::from(self.mid), flag(self.flags & 1 == 1)]);
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
            w: t.hw,
            shape: t.hshape,
            p1: if i > sent.begin { doc.word(ii - 1) } else { BOS },
            n1: if i + 1 < sent.end { doc.word(ii + 1) } else { EOS },
            p2: if i > sent.begin + 1 { doc.word(ii - 2) } else { BOS },
            n2: if i + 2 < sent.end { doc.word(ii + 2) } else { EOS },
            cap: flag(t.has(CAP)),
            pcap: flag(i > sent.begin && doc.toks[i - 1].has(CAP)),
            first: flag(i == sent.begin),
            last: flag(i + 1 == sent.end),
            headline: flag(t.has(HEADLINE)),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Paragraph, ParagraphKind};

    fn doc(text: &str) -> (Article, Doc) {
        let article = Article {
            text: text.to_owned(),
            paragraphs: vec![Paragraph {
                span: Span::new(0, text.len()),
                kind: ParagraphKind::Body,
            }],
            ..Article::default()
        };
        let d = Doc::new(&article, &Lexicon::default());
        (article, d)
    }

    #[test]
    fn the_ascii_path_hashes_as_the_general_one() {
        let words = [
            "",
            "a",
            "X",
            "x",
            "d",
            "Said",
            "SAYS",
            "saying",
            "noted",
            "uses",
            "ring",
            "sing",
            "ed",
            "Wang",
            "U.S.",
            "1,000.5",
            "--",
            ",",
            "'s",
            "China-India",
            "McDonald's",
            "x86_64",
            "ABCDEFGHIJKLMNOP",
            "aaaaaaaaaaaaaB9",
        ];
        for w in words {
            let (mut a, mut b) = (String::from("pre"), String::from("pre"));
            assert_eq!(ascii_hashes(w, &mut a), text_hashes(w, &mut b), "{w:?}");
            assert_eq!(a, b, "{w:?}");
        }
    }

    #[test]
    fn quote_state_covers_every_style() {
        for text in [
            "He said “we agree” today.",
            "He said \"we agree\" today.",
            "He said «we agree» today.",
            "He said ‘we agree’ today.",
        ] {
            let (a, d) = doc(text);
            let inside: Vec<&str> = d.toks.iter().filter(|t| t.has(INQ)).map(|t| a.slice(t.span)).collect();
            assert_eq!(inside, ["we", "agree"], "{text}");
        }
    }

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
        let (_, d) = doc(text);
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

    #[test]
    fn an_apostrophe_is_no_quote() {
        let (_, d) = doc("The students’ union said it won't.");
        assert!(d.toks.iter().all(|t| !t.has(INQ)));
    }
}
