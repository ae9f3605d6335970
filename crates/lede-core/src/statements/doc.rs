//! The statement finder's view of an article: the tokens of its story text
//! (headline and body paragraphs, the dateline left out) as parse built
//! them ([`Article::tokens`]), each with its sentence, paragraph and run of
//! quoted tokens in that view.

use std::ops::Deref;

use super::hashing::{BOS, EOS};
use crate::tokens::{Token, flag, list};
use crate::{Article, ParagraphKind, Tokens};

/// A token of the story text: the token layer's [`Token`] (hashes, flags,
/// clusters, word lists) and its place in the [`Doc`].
#[derive(Clone, Debug)]
pub(crate) struct Tok {
    token: Token,
    /// Its index in [`Article::tokens`].
    index: u32,
    /// Index into [`Doc::sents`].
    pub sent: u32,
    /// Index into [`Doc::paras`].
    pub para: u32,
    /// In a headline paragraph.
    pub headline: bool,
    /// For a token inside quotation marks: the first token and one past
    /// the last of its run of quoted tokens.
    pub run: (u32, u32),
}

impl Deref for Tok {
    type Target = Token;

    #[inline]
    fn deref(&self) -> &Token {
        &self.token
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
#[derive(Debug)]
pub(crate) struct Doc<'a> {
    /// The article's token layer (for the lower-cased texts).
    tokens: &'a Tokens,
    /// Tokens in text order.
    pub toks: Vec<Tok>,
    /// Sentences in text order.
    pub sents: Vec<Sent>,
    /// Paragraph token ranges `(begin, end)`.
    pub paras: Vec<(usize, usize)>,
    /// Prefix counts over the tokens: commas, quotation marks and cue
    /// words before token `k` (`toks.len() + 1` entries).
    counts: Vec<[u32; 3]>,
}

impl<'a> Doc<'a> {
    /// The headline and body sentences of `article`, without dateline
    /// tokens. Empty when the article's tokens were not built for its text.
    pub fn new(article: &'a Article) -> Doc<'a> {
        let tokens = &article.tokens;
        let mut doc = Doc {
            tokens,
            toks: Vec::new(),
            sents: Vec::new(),
            paras: Vec::new(),
            counts: Vec::new(),
        };
        if tokens.fit(article.text.len()) {
            doc.toks.reserve(tokens.tokens().len());
            doc.sents.reserve(tokens.sentences().len());
            let mut current = None;
            let mut para_begin = 0;
            for s in tokens.sentences() {
                let headline = match article.paragraphs.get(s.paragraph as usize).map(|p| p.kind) {
                    Some(ParagraphKind::Body) => false,
                    Some(ParagraphKind::Headline) => true,
                    _ => continue,
                };
                if current != Some(s.paragraph) {
                    doc.close_paragraph(para_begin);
                    current = Some(s.paragraph);
                    para_begin = doc.toks.len();
                }
                let begin = doc.toks.len();
                let (sent, para) = (doc.sents.len() as u32, doc.paras.len() as u32);
                for (index, token) in s.range().zip(tokens.of(s)) {
                    if !token.has(flag::DATELINE) {
                        doc.toks.push(Tok {
                            token: *token,
                            index: index as u32,
                            sent,
                            para,
                            headline,
                            run: (0, 0),
                        });
                    }
                }
                if doc.toks.len() > begin {
                    doc.sents.push(Sent {
                        begin,
                        end: doc.toks.len(),
                    });
                }
            }
            doc.close_paragraph(para_begin);
        }
        doc.count();
        doc
    }

    /// Ends the paragraph whose tokens start at `begin`: records its range
    /// and its runs of quoted tokens.
    fn close_paragraph(&mut self, begin: usize) {
        if self.toks.len() > begin {
            mark_runs(&mut self.toks, begin);
            self.paras.push((begin, self.toks.len()));
        }
    }

    /// Fills [`Doc::counts`].
    fn count(&mut self) {
        let mut c = [0u32; 3];
        self.counts = Vec::with_capacity(self.toks.len() + 1);
        self.counts.push(c);
        for t in &self.toks {
            c[0] += u32::from(t.has(flag::COMMA));
            c[1] += u32::from(t.has(flag::QOPEN | flag::QCLOSE));
            c[2] += u32::from(t.on(list::CUE));
            self.counts.push(c);
        }
    }

    /// The counts of commas, quotation marks and cue words before token `k`.
    #[inline]
    pub fn counts(&self, k: usize) -> [u32; 3] {
        self.counts.get(k).copied().unwrap_or_default()
    }

    /// The lower-cased text of token `k`.
    pub fn lower(&self, k: usize) -> &'a str {
        self.toks.get(k).map_or("", |t| self.tokens.lower(t.index as usize))
    }

    /// The word hash of token `i`, or a boundary mark past the ends.
    pub fn word(&self, i: isize) -> u64 {
        if i < 0 {
            return BOS;
        }
        self.toks.get(i as usize).map_or(EOS, |t| t.hash)
    }
}

/// Records in each quoted token of the paragraph starting at token `begin`
/// the run of quoted tokens it belongs to.
fn mark_runs(toks: &mut [Tok], begin: usize) {
    let mut k = begin;
    while k < toks.len() {
        if !toks[k].has(flag::INQ) {
            k += 1;
            continue;
        }
        let end = (k..toks.len()).find(|&j| !toks[j].has(flag::INQ)).unwrap_or(toks.len());
        for t in &mut toks[k..end] {
            t.run = (k as u32, end as u32);
        }
        k = end;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Document;

    fn article(text: &str) -> Article {
        crate::pipeline::shared().parse(&Document::text(text)).expect("parse")
    }

    #[test]
    fn the_dateline_is_left_out_and_the_headline_marked() {
        let a = article(
            "China and India agree on talks\n\nBEIJING, Jan. 27 (Xinhua) -- Chinese Foreign Minister Wang Yi \
             said on Monday that the two countries should work together.\n\nHe met Misri in Beijing.",
        );
        let d = Doc::new(&a);
        let words: Vec<&str> = (0..d.toks.len()).map(|k| d.lower(k)).collect();
        assert!(!words.contains(&"beijing,") && !words.contains(&"xinhua"), "{words:?}");
        assert_eq!(words.iter().filter(|w| **w == "beijing").count(), 1, "{words:?}");
        let said = words.iter().position(|w| *w == "said").expect("said");
        assert!(!d.toks[said].headline && d.toks[0].headline);
        assert_eq!(d.paras.len(), 3);
        assert_eq!(d.toks[said].sent, 1);
    }

    #[test]
    fn every_quote_style_is_quoted_and_runs_stay_in_their_paragraph() {
        for text in [
            "He said “we agree” today.",
            "He said \"we agree\" today.",
            "He said «we agree» today.",
            "He said ‘we agree’ today.",
        ] {
            let a = article(text);
            let d = Doc::new(&a);
            let inside: Vec<usize> = (0..d.toks.len()).filter(|&k| d.toks[k].has(flag::INQ)).collect();
            let words: Vec<&str> = inside.iter().map(|&k| d.lower(k)).collect();
            assert_eq!(words, ["we", "agree"], "{text}");
            assert!(inside.iter().all(|&k| d.toks[k].run == (3, 5)), "{text}");
        }
        let a = article("The students’ union said it won't.");
        assert!(Doc::new(&a).toks.iter().all(|t| !t.has(flag::INQ)));
    }

    #[test]
    fn an_article_without_its_tokens_gives_an_empty_view() {
        let a = Article {
            text: "He said so.".to_owned(),
            ..Article::default()
        };
        let d = Doc::new(&a);
        assert!(d.toks.is_empty() && d.sents.is_empty() && d.counts(0) == [0; 3]);
    }
}
