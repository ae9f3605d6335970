//! Summaries: ranked body sentences, keywords and a gist.
//!
//! 1. Candidates: the body sentences, less captions, credits, footers,
//!    furniture and dateline-only fragments, each text once; a leading
//!    dateline is cut off the reported span.
//! 2. Ranking ([`rank`]): PageRank centrality over a windowed sentence graph,
//!    a lead prior (news is lead-heavy), sentence length, and what
//!    extraction found (statements, salient participants); MMR removes
//!    redundancy and the options bound the length.
//! 3. Keywords ([`keywords`]): YAKE-style key phrases.
//! 4. Gist ([`gist`]): who did what, where and when, from the participants,
//!    the dateline and resolved dates ([`crate::when`]); else the top sentence.

mod filter;
mod gist;
mod idf;
mod keywords;
mod rank;
mod terms;

/// Builds the background IDF table (`lede-train summarize`).
#[cfg(feature = "train")]
pub mod train;

use crate::tokens::IdSet;
use crate::tokens::legacy::{Token, tokenize};
use crate::{Article, Extraction, ParagraphKind, ParticipantRole, Span, Summary, SummaryOptions, SummarySentence};

use rank::{Params, Unit};

/// A sentence's tokens with their word hashes and term ids.
type TokensAndIds = (Vec<Token>, Vec<terms::TokenIds>);

/// Puts the summarizer's word lists in the vocabulary.
pub(crate) fn add_lists(vocab: &mut crate::tokens::Vocabulary) {
    use crate::tokens::list;
    vocab.add_list(terms::STOPWORDS.iter().copied(), list::STOP);
    vocab.add_list(terms::LEANING.iter().copied(), list::LEANING);
    vocab.add_list(keywords::FILLER.iter().copied(), list::FILLER);
    vocab.add_list(keywords::INNER.iter().copied(), list::INNER);
}

/// Summarizes an article: the top sentences within the options, key
/// phrases and a one-line gist.
pub(crate) fn summarize(article: &Article, extraction: &Extraction, options: &SummaryOptions) -> Summary {
    summarize_with(article, extraction, options, &Params::default())
}

/// [`summarize`] with explicit ranking parameters.
fn summarize_with(article: &Article, extraction: &Extraction, options: &SummaryOptions, params: &Params) -> Summary {
    let mut vocab = terms::Vocab::for_text(article.text.len());
    let mut units = candidates(article, &mut vocab);
    mark_extraction(&mut units, extraction);
    let size = rank::weigh(&mut units, params);
    let scores = rank::scores(&units, size, params);
    let chosen = rank::select(&units, &scores, options.max_sentences, options.max_characters, params);
    let sentences: Vec<SummarySentence> = chosen
        .iter()
        .map(|&i| SummarySentence {
            span: units[i].span,
            score: scores[i],
        })
        .collect();
    let title: Option<TokensAndIds> = article.title_span.filter(|s| s.get(&article.text).is_some()).map(|s| {
        let tokens = tokenize(&article.text, s);
        let ids = terms::scan(&article.text, &tokens, &mut String::new(), &mut vocab).ids;
        (tokens, ids)
    });
    let sentences_for_keywords = title
        .iter()
        .map(|(t, i)| (t.as_slice(), i.as_slice()))
        .chain(units.iter().map(|u| (u.tokens.as_slice(), u.ids.as_slice())));
    let keywords = keywords::keywords(article, sentences_for_keywords, 10);
    let mut order: Vec<usize> = (0..units.len()).collect();
    order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]).then(a.cmp(&b)));
    let by_rank: Vec<Span> = order.iter().map(|&i| units[i].span).collect();
    let tokens: Vec<&[Token]> = order.iter().map(|&i| units[i].tokens.as_slice()).collect();
    let gist = gist::gist(article, extraction, &by_rank, &tokens)
        .or_else(|| sentences.first().map(|s| collapse_whitespace(article.slice(s.span))))
        .unwrap_or_default();
    Summary {
        sentences,
        keywords,
        gist,
    }
}

/// The body sentences that may stand in a summary, in article order.
fn candidates(article: &Article, vocab: &mut terms::Vocab) -> Vec<Unit> {
    let text = article.text.as_str();
    // Per paragraph: (is furniture, line breaks end sentences).
    let mut kinds: Vec<Option<(bool, bool)>> = vec![None; article.paragraphs.len()];
    let mut seen: IdSet<u64> = IdSet::default();
    let mut buf = String::new();
    let mut units = Vec::with_capacity(article.sentences.len());
    let (mut blocks, mut last_paragraph) = (0usize, usize::MAX);
    for s in &article.sentences {
        let Some(p) = article.paragraphs.get(s.paragraph) else {
            continue;
        };
        if p.kind != ParagraphKind::Body || s.span.get(text).is_none() || p.span.get(text).is_none() {
            continue;
        }
        let (is_furniture, breaks) = match kinds.get_mut(s.paragraph) {
            Some(slot) => *slot.get_or_insert_with(|| {
                let p = article.slice(p.span);
                (filter::is_furniture(p), p.contains('\n') && !filter::is_hard_wrapped(p))
            }),
            None => (true, false),
        };
        if is_furniture {
            continue;
        }
        let split;
        let lines: &[Span] = if breaks {
            split = split_lines(text, s.span);
            &split
        } else {
            std::slice::from_ref(&s.span)
        };
        for &line in lines {
            if let Some(mut unit) = candidate(article, line, breaks, &mut seen, &mut buf, vocab) {
                // A new block at a new paragraph, or at a line break that ends sentences.
                let new_block = units.last().is_none_or(|u: &Unit| {
                    last_paragraph != s.paragraph || (breaks && text[u.span.end..unit.span.begin].contains('\n'))
                });
                blocks += usize::from(new_block);
                unit.block = blocks.saturating_sub(1);
                last_paragraph = s.paragraph;
                units.push(unit);
            }
        }
    }
    units
}

/// Splits a span at its line breaks, each piece trimmed.
fn split_lines(text: &str, span: Span) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = span.begin;
    for (i, _) in span.slice(text).match_indices('\n') {
        out.push(Span::new(start, span.begin + i).trim(text));
        start = span.begin + i + 1;
    }
    out.push(Span::new(start, span.end).trim(text));
    out.retain(|s| !s.is_empty());
    out
}

/// A sentence as a ranking unit, unless it is furniture, no prose, or a
/// repeat of a text already `seen`.
fn candidate(
    article: &Article,
    span: Span,
    line: bool,
    seen: &mut IdSet<u64>,
    buf: &mut String,
    vocab: &mut terms::Vocab,
) -> Option<Unit> {
    let text = article.text.as_str();
    let span = without_dateline(article, span);
    let tokens = tokenize(text, span);
    let scan = terms::scan(text, &tokens, buf, vocab);
    // Short lines are checked for furniture too ("Media playback is
    // unsupported", "Follow us on ..."): a line of its own may be one.
    // A line that does not end as a sentence is a heading or a link
    // ("More on this story and others from Kent").
    if !filter::is_prose(scan.words, scan.lowercase)
        || (line && span.len() < 200 && filter::is_furniture(article.slice(span)))
        || (line && !filter::ends_sentence(article.slice(span)))
    {
        return None;
    }
    if !seen.insert(scan.hash) {
        return None;
    }
    let slice = article.slice(span);
    let chars = slice.chars().count();
    Some(Unit {
        span,
        chars,
        words: scan.words,
        counts: scan.counts,
        weights: Vec::new(),
        extraction: 0.0,
        stated: false,
        quoted: slice.starts_with(['"', '“', '\'', '‘']),
        dependent: scan.leans_back,
        block: 0,
        tokens,
        ln_len: 0.0,
        dense: scan.dense,
        ids: scan.ids,
    })
}

/// The sentence span without a dateline it opens with.
fn without_dateline(article: &Article, span: Span) -> Span {
    let text = article.text.as_str();
    if let Some(d) = &article.dateline
        && d.span.begin <= span.begin
        && d.span.end > span.begin
        && d.span.end < span.end
    {
        return Span::new(d.span.end, span.end).trim(text);
    }
    match filter::after_dateline(article.slice(span)) {
        Some(at) if span.begin + at < span.end => Span::new(span.begin + at, span.end),
        _ => span,
    }
}

/// Raises units that hold statements or mention salient participants.
fn mark_extraction(units: &mut [Unit], extraction: &Extraction) {
    let find = |units: &[Unit], at: usize| -> Option<usize> {
        let i = units.partition_point(|u| u.span.end <= at);
        units.get(i).filter(|u| u.span.begin <= at).map(|_| i)
    };
    let mut stated = vec![false; units.len()];
    for st in &extraction.statements {
        let spans = st.content.iter().chain(st.cue.as_ref().map(|c| &c.span));
        for sp in spans {
            if let Some(i) = find(units, sp.begin) {
                stated[i] = true;
            }
        }
    }
    let mut salience = vec![0.0f32; units.len()];
    let mut last: Vec<usize> = vec![usize::MAX; units.len()];
    for (pi, p) in extraction.participants.iter().enumerate() {
        let staff = p.roles.iter().any(|r| !matches!(r, ParticipantRole::Speaker));
        if staff || p.salience.is_nan() || p.salience <= 0.0 {
            continue;
        }
        for m in &p.mentions {
            if let Some(i) = find(units, m.span.begin)
                && last[i] != pi
            {
                last[i] = pi;
                salience[i] += p.salience.min(1.0);
            }
        }
    }
    for (i, u) in units.iter_mut().enumerate() {
        u.extraction = salience[i].min(1.0);
        u.stated = stated[i];
    }
}

/// Text on one line: runs of white space become one space.
fn collapse_whitespace(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

#[cfg(test)]
mod tests;
