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
//!    the dateline and resolved dates ([`dates`]); else the top sentence.

mod dates;
mod filter;
mod gist;
mod idf;
mod keywords;
mod rank;
mod terms;

/// Builds the background IDF table (`lede-train summarize`).
#[cfg(feature = "train")]
pub mod train;

use std::collections::HashSet;

use crate::text::tokenize;
use crate::{Article, Extraction, ParagraphKind, ParticipantRole, Span, Summary, SummaryOptions, SummarySentence};

use rank::{Params, Unit};

/// Summarizes an article: the top sentences within the options, key
/// phrases and a one-line gist.
pub(crate) fn summarize(article: &Article, extraction: &Extraction, options: &SummaryOptions) -> Summary {
    summarize_with(article, extraction, options, &Params::default())
}

/// [`summarize`] with explicit ranking parameters.
fn summarize_with(article: &Article, extraction: &Extraction, options: &SummaryOptions, params: &Params) -> Summary {
    let mut units = candidates(article);
    mark_extraction(&mut units, extraction);
    rank::weigh(&mut units, params);
    let scores = rank::scores(&units, params);
    let chosen = rank::select(&units, &scores, options.max_sentences, options.max_characters, params);
    let sentences: Vec<SummarySentence> = chosen
        .iter()
        .map(|&i| SummarySentence {
            span: units[i].span,
            score: scores[i],
        })
        .collect();
    let title = article.title_span.filter(|s| s.get(&article.text).is_some());
    let keywords = keywords::keywords(article, title.into_iter().chain(units.iter().map(|u| u.span)), 10);
    let by_rank = {
        let mut order: Vec<usize> = (0..units.len()).collect();
        order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]).then(a.cmp(&b)));
        order.into_iter().map(|i| units[i].span).collect::<Vec<Span>>()
    };
    let gist = gist::gist(article, extraction, &by_rank)
        .or_else(|| sentences.first().map(|s| collapse_whitespace(article.slice(s.span))))
        .unwrap_or_default();
    Summary {
        sentences,
        keywords,
        gist,
    }
}

/// The body sentences that may stand in a summary, in article order.
fn candidates(article: &Article) -> Vec<Unit> {
    let text = article.text.as_str();
    // Per paragraph: (is furniture, line breaks end sentences).
    let mut kinds: Vec<Option<(bool, bool)>> = vec![None; article.paragraphs.len()];
    let mut seen: HashSet<u64> = HashSet::new();
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
        let lines = if breaks {
            split_lines(text, s.span)
        } else {
            vec![s.span]
        };
        for line in lines {
            if let Some(mut unit) = candidate(article, line, &mut seen, &mut buf) {
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
fn candidate(article: &Article, span: Span, seen: &mut HashSet<u64>, buf: &mut String) -> Option<Unit> {
    let text = article.text.as_str();
    let span = without_dateline(article, span);
    let tokens = tokenize(text, span);
    let words: Vec<&str> = tokens
        .iter()
        .map(|t| t.span.slice(text))
        .filter(|w| terms::is_word(w))
        .collect();
    if !filter::is_prose(&words) || filter::is_furniture(article.slice(span)) {
        return None;
    }
    if !seen.insert(terms::text_hash(text, &tokens, buf)) {
        return None;
    }
    let (counts, nwords) = terms::content_terms(text, &tokens, buf);
    Some(Unit {
        span,
        chars: article.slice(span).chars().count(),
        words: nwords,
        counts,
        weights: Vec::new(),
        extraction: 0.0,
        quoted: article.slice(span).starts_with(['"', '“', '\'', '‘']),
        dependent: words.first().is_some_and(|w| filter::leans_back(w)),
        names: names(&words, buf),
        block: 0,
    })
}

/// Term ids of the capitalized content words after the first, each once.
fn names(words: &[&str], buf: &mut String) -> Vec<u64> {
    let mut out: Vec<u64> = Vec::new();
    for w in words.iter().skip(1) {
        if w.chars().next().is_some_and(char::is_uppercase) {
            terms::lower_into(w, buf);
            if !terms::is_stopword(buf) {
                out.push(terms::term_id(buf));
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    out
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
        u.extraction = 0.5 * f32::from(u8::from(stated[i])) + salience[i].min(1.0);
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
