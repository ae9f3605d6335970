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
mod keywords;
mod rank;
mod terms;

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
    rank::weigh(&mut units);
    let scores = rank::scores(&units, params);
    let chosen = rank::select(&units, &scores, options.max_sentences, options.max_characters, params);
    let sentences: Vec<SummarySentence> = chosen
        .iter()
        .map(|&i| SummarySentence {
            span: units[i].span,
            score: scores[i],
        })
        .collect();
    let keywords = keywords::keywords(article, units.iter().map(|u| u.span), 10);
    let top = scores
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.total_cmp(b.1))
        .map(|(i, _)| i);
    let by_rank = {
        let mut order: Vec<usize> = (0..units.len()).collect();
        order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]).then(a.cmp(&b)));
        order.into_iter().map(|i| units[i].span).collect::<Vec<Span>>()
    };
    let gist = gist::gist(article, extraction, &by_rank)
        .or_else(|| top.map(|i| collapse_whitespace(article.slice(units[i].span))))
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
    let mut furniture: Vec<Option<bool>> = vec![None; article.paragraphs.len()];
    let mut seen: Vec<u64> = Vec::new();
    let mut buf = String::new();
    let mut units = Vec::with_capacity(article.sentences.len());
    for s in &article.sentences {
        let Some(p) = article.paragraphs.get(s.paragraph) else {
            continue;
        };
        if p.kind != ParagraphKind::Body || s.span.get(text).is_none() || p.span.get(text).is_none() {
            continue;
        }
        let is_furniture = match furniture.get_mut(s.paragraph) {
            Some(slot) => *slot.get_or_insert_with(|| filter::is_furniture(article.slice(p.span))),
            None => true,
        };
        if is_furniture {
            continue;
        }
        let span = without_dateline(article, s.span);
        let tokens = tokenize(text, span);
        let words: Vec<&str> = tokens
            .iter()
            .map(|t| t.span.slice(text))
            .filter(|w| terms::is_word(w))
            .collect();
        if !filter::is_prose(&words) || filter::is_furniture(article.slice(span)) {
            continue;
        }
        let hash = terms::text_hash(text, &tokens, &mut buf);
        if seen.contains(&hash) {
            continue;
        }
        seen.push(hash);
        let (counts, nwords) = terms::content_terms(text, &tokens, &mut buf);
        units.push(Unit {
            span,
            chars: article.slice(span).chars().count(),
            words: nwords,
            counts,
            weights: Vec::new(),
            extraction: 0.0,
        });
    }
    units
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
