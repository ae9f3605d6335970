//! The statement finder's view of an article: tokens of the story text
//! with their sentence, paragraph and quotation state, and the hashed
//! features both taggers read.

use std::collections::HashSet;

use crate::text;
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

/// A token of the story text.
#[derive(Clone, Debug)]
pub(crate) struct Tok {
    /// Where it stands.
    pub span: Span,
    /// Lower-cased text.
    pub lower: String,
    /// Word shape ("Xx", "x", "d", "X.", ...), compressed.
    pub shape: String,
    /// Index into [`Doc::sents`].
    pub sent: u32,
    /// Index into [`Doc::paras`].
    pub para: u32,
    /// `CAP`, `QOPEN`, ...
    pub flags: u16,
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
}

impl Doc {
    /// Tokenizes the headline and body paragraphs of `article`. Body
    /// sentences come from `article.sentences`; paragraphs without any
    /// (a headline, or an article built by hand) are split here.
    pub fn new(article: &Article, cue_words: &HashSet<String>) -> Doc {
        let text = article.text.as_str();
        let mut doc = Doc::default();
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
                for t in text::tokenize(text, s) {
                    doc.toks
                        .push(token(text, t.span, doc.sents.len() as u32, para, headline, cue_words));
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
                doc.paras.push((para_begin, doc.toks.len()));
            }
        }
        doc
    }

    /// The text of token `i`, lower-cased, or "" past the ends.
    pub fn word(&self, i: isize) -> &str {
        if i < 0 {
            return "<s>";
        }
        self.toks.get(i as usize).map_or("</s>", |t| t.lower.as_str())
    }
}

fn token(text: &str, span: Span, sent: u32, para: u32, headline: bool, cue_words: &HashSet<String>) -> Tok {
    let s = span.slice(text);
    let lower = s.to_lowercase();
    let mut flags = 0;
    if s.chars().next().is_some_and(char::is_uppercase) {
        flags |= CAP;
    }
    if !s.chars().any(char::is_alphanumeric) {
        flags |= PUNCT;
    }
    if s == "," {
        flags |= COMMA;
    }
    if headline {
        flags |= HEADLINE;
    }
    if cue_words.contains(&lower) {
        flags |= CUEWORD;
    }
    Tok {
        span,
        shape: shape(s),
        lower,
        sent,
        para,
        flags,
    }
}

/// A compressed word shape: runs of the same class collapse ("Xx", "X.X.",
/// "d,d").
fn shape(s: &str) -> String {
    let mut out = String::new();
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
            out.push(k);
            last = k;
        }
    }
    out
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
            "\"" | "``" | "''" => {
                mark = if double && !(before_space && s == "``") {
                    QCLOSE
                } else {
                    QOPEN
                };
                double = mark == QOPEN;
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

    /// Adds the feature `template` over `parts`.
    pub fn add(&mut self, template: u8, parts: &[&str]) {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        let mut eat = |b: u8| {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        };
        eat(template);
        for p in parts {
            for &b in p.as_bytes() {
                eat(b);
            }
            eat(0xff);
        }
        self.list.push((h ^ (h >> 32)) as u32);
    }
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
fn bucket(d: usize) -> &'static str {
    match d {
        0 => "0",
        1 => "1",
        2 => "2",
        3 => "3",
        4..=5 => "4",
        6..=8 => "6",
        9..=14 => "9",
        15..=25 => "15",
        _ => "26",
    }
}

fn flag(b: bool) -> &'static str {
    if b { "1" } else { "0" }
}

/// Cue-tagger features of token `i` in its sentence `s`.
pub(crate) fn cue_features(doc: &Doc, s: Sent, i: usize, f: &mut Feats) {
    f.list.clear();
    let t = &doc.toks[i];
    let ii = i as isize;
    let w = t.lower.as_str();
    let p1 = if i > s.begin { doc.word(ii - 1) } else { "<s>" };
    let p2 = if i > s.begin + 1 { doc.word(ii - 2) } else { "<s>" };
    let n1 = if i + 1 < s.end { doc.word(ii + 1) } else { "</s>" };
    let n2 = if i + 2 < s.end { doc.word(ii + 2) } else { "</s>" };
    let inq = flag(t.has(INQ));
    let suffix = w.char_indices().rev().nth(2).map_or(w, |(k, _)| &w[k..]);
    f.add(0, &[]);
    f.add(1, &[w]);
    f.add(2, &[w, inq]);
    f.add(3, &[suffix]);
    f.add(4, &[&t.shape]);
    f.add(5, &[p1]);
    f.add(6, &[n1]);
    f.add(7, &[p2]);
    f.add(8, &[n2]);
    f.add(9, &[p1, w]);
    f.add(10, &[w, n1]);
    f.add(11, &[w, n1, n2]);
    f.add(12, &[p2, p1, w]);
    f.add(13, &[flag(i == s.begin), w]);
    f.add(14, &[inq, flag(t.has(CUEWORD))]);
    let pshape = if i > s.begin {
        doc.toks[i - 1].shape.as_str()
    } else {
        "<s>"
    };
    f.add(15, &[pshape, w]);
    f.add(16, &[suffix, n1]);
    f.add(17, &[flag(t.has(HEADLINE)), w]);
    // Whether a comma or quote closes just before: "..., Wang said".
    let before_comma = (s.begin..i).rev().take(6).any(|k| doc.toks[k].has(COMMA | QCLOSE));
    f.add(18, &[flag(before_comma), w]);
    let st = stem(w);
    f.add(19, &[st]);
    f.add(20, &[st, n1]);
    f.add(21, &[p1, st]);
    f.add(22, &[st, flag(before_comma), inq]);
}

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
    commas: Vec<u32>,
    marks: Vec<u32>,
    cues: Vec<u32>,
    cue_key: String,
    cue_first: String,
    cue_last: String,
    cue_next: String,
    cue_prev: String,
    cue_inq: bool,
    cue_sent: u32,
    cue_para: u32,
    cue_sent_begin: bool,
    cue_sent_end: bool,
}

impl Window {
    /// The window of sentences around the cue `[cue_begin, cue_end)`: the
    /// cue's sentence and one on either side.
    pub fn new(doc: &Doc, cue_begin: usize, cue_end: usize) -> Window {
        let si = doc.toks[cue_begin].sent as usize;
        let begin = doc.sents[si.saturating_sub(1)].begin;
        let end = doc.sents[(si + 1).min(doc.sents.len() - 1)].end;
        let mut commas = Vec::with_capacity(end - begin + 1);
        let mut marks = Vec::with_capacity(end - begin + 1);
        let mut cues = Vec::with_capacity(end - begin + 1);
        let (mut c, mut m, mut q) = (0, 0, 0);
        for k in begin..end {
            commas.push(c);
            marks.push(m);
            cues.push(q);
            let t = &doc.toks[k];
            c += u32::from(t.has(COMMA));
            m += u32::from(t.has(QOPEN | QCLOSE));
            q += u32::from(t.has(CUEWORD) && !(cue_begin..cue_end).contains(&k));
        }
        commas.push(c);
        marks.push(m);
        cues.push(q);
        let words: Vec<&str> = (cue_begin..cue_end).map(|k| doc.toks[k].lower.as_str()).collect();
        let cue_key = if words.len() <= 3 {
            words.join(" ")
        } else {
            String::from("<long>")
        };
        let sent = doc.sents[si];
        Window {
            begin,
            end,
            cue_begin,
            cue_end,
            commas,
            marks,
            cues,
            cue_key,
            cue_first: words.first().copied().unwrap_or("").to_owned(),
            cue_last: words.last().copied().unwrap_or("").to_owned(),
            cue_next: if cue_end < sent.end {
                doc.toks[cue_end].lower.clone()
            } else {
                "</s>".into()
            },
            cue_prev: if cue_begin > sent.begin {
                doc.toks[cue_begin - 1].lower.clone()
            } else {
                "<s>".into()
            },
            cue_inq: doc.toks[cue_begin].has(INQ),
            cue_sent: si as u32,
            cue_para: doc.toks[cue_begin].para,
            cue_sent_begin: cue_begin == sent.begin,
            cue_sent_end: cue_end + 1 >= sent.end,
        }
    }

    /// Counts in `[a, b)` (token indices inside the window) of a prefix array.
    fn between(prefix: &[u32], begin: usize, a: usize, b: usize) -> u32 {
        let get = |k: usize| prefix.get(k.saturating_sub(begin)).copied().unwrap_or(0);
        get(b).saturating_sub(get(a))
    }

    /// Role-tagger features of token `i` of the window.
    pub fn features(&self, doc: &Doc, i: usize, f: &mut Feats) {
        f.list.clear();
        let t = &doc.toks[i];
        let ii = i as isize;
        let (rel, dist, lo, hi) = if i < self.cue_begin {
            ("L", self.cue_begin - i, i, self.cue_begin)
        } else if i >= self.cue_end {
            ("R", i + 1 - self.cue_end, self.cue_end, i)
        } else {
            ("C", 0, i, i)
        };
        let d = bucket(dist);
        let w = t.lower.as_str();
        let sent = doc.sents[t.sent as usize];
        let p1 = if i > sent.begin { doc.word(ii - 1) } else { "<s>" };
        let n1 = if i + 1 < sent.end { doc.word(ii + 1) } else { "</s>" };
        let p2 = if i > sent.begin + 1 { doc.word(ii - 2) } else { "<s>" };
        let n2 = if i + 2 < sent.end { doc.word(ii + 2) } else { "</s>" };
        let commas = Self::between(&self.commas, self.begin, lo, hi).min(3);
        let marks = Self::between(&self.marks, self.begin, lo, hi).min(3);
        let cues = Self::between(&self.cues, self.begin, lo, hi).min(2);
        let (commas, marks, cues) = (digit(commas), digit(marks), digit(cues));
        let soff = match (t.sent as i64 - i64::from(self.cue_sent)).signum() {
            -1 => "-",
            0 => "0",
            _ => "+",
        };
        let poff = flag(t.para != self.cue_para);
        let inq = flag(t.has(INQ));
        let cinq = flag(self.cue_inq);
        let mark = if t.has(QOPEN) {
            "o"
        } else if t.has(QCLOSE) {
            "c"
        } else {
            "-"
        };
        let cap = flag(t.has(CAP));
        let pcap = flag(i > sent.begin && doc.toks[i - 1].has(CAP));
        let first = flag(i == sent.begin);
        let last = flag(i + 1 == sent.end);
        let key = self.cue_key.as_str();
        f.add(0, &[rel]);
        f.add(1, &[rel, d]);
        f.add(2, &[rel, w]);
        f.add(3, &[rel, &t.shape]);
        f.add(4, &[w]);
        f.add(5, &[rel, p1]);
        f.add(6, &[rel, n1]);
        f.add(7, &[rel, p2]);
        f.add(8, &[rel, n2]);
        f.add(9, &[rel, key]);
        f.add(10, &[rel, key, d]);
        f.add(11, &[rel, commas]);
        f.add(12, &[rel, commas, d]);
        f.add(13, &[rel, soff, poff]);
        f.add(14, &[rel, soff, commas, d]);
        f.add(15, &[rel, inq, cinq, marks]);
        f.add(16, &[rel, mark, marks]);
        f.add(17, &[rel, cues, commas]);
        f.add(18, &[rel, cap, pcap]);
        f.add(19, &[rel, first, last]);
        f.add(20, &[rel, &self.cue_next, d]);
        f.add(21, &[rel, &self.cue_prev, d]);
        f.add(22, &[rel, flag(self.cue_sent_begin), flag(self.cue_sent_end), soff]);
        f.add(23, &[rel, &self.cue_first, w]);
        f.add(24, &[rel, &self.cue_last, d, commas]);
        f.add(25, &[rel, p1, w]);
        f.add(26, &[rel, w, n1]);
        f.add(27, &[rel, inq, soff, commas]);
        f.add(28, &[rel, d, w]);
        f.add(29, &[rel, soff, first, mark]);
        f.add(30, &[rel, key, commas, soff]);
        f.add(31, &[rel, flag(t.has(HEADLINE))]);
        f.add(32, &[rel, stem(&self.cue_last), d, soff]);
    }
}

fn digit(n: u32) -> &'static str {
    match n {
        0 => "0",
        1 => "1",
        2 => "2",
        _ => "3",
    }
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
        let d = Doc::new(&article, &HashSet::new());
        (article, d)
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

    #[test]
    fn an_apostrophe_is_no_quote() {
        let (_, d) = doc("The students’ union said it won't.");
        assert!(d.toks.iter().all(|t| !t.has(INQ)));
    }
}
