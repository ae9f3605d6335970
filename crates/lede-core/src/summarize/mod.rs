//! Summaries: ranked body sentences, keywords and a gist.
//!
//! 1. Candidates: the sentences of the paragraphs parse calls body (not
//!    captions, credits, footers or furniture), each text once, that read
//!    as prose; a summary sentence has the span of its `Article::sentences`
//!    entry, but a leading dateline counts for nothing in the ranking.
//! 2. Ranking ([`rank`]): PageRank centrality over a windowed sentence graph,
//!    a lead prior (news is lead-heavy), sentence length, and what
//!    extraction found (statements, salient participants); MMR removes
//!    redundancy and the options bound the length.
//! 3. Keywords ([`keywords`]): YAKE-style key phrases.
//! 4. Gist ([`gist`]): who met whom, where and when, when the story is a
//!    meeting of its most salient people; else the sentence most central to
//!    the whole article, on one line.

mod gist;
mod idf;
mod keywords;
mod rank;
mod terms;

/// What `lede-train summarize` needs to build the background IDF table.
#[cfg(feature = "train")]
pub mod train {
    pub use super::idf::{RECORD, quantize};

    /// The distinct content terms of a story (a title line and its body),
    /// as the summarizer compares sentences by them.
    pub fn story_terms(story: &str) -> Vec<u64> {
        use crate::{Paragraph, ParagraphKind, Span, Tokens};
        let whole = Paragraph {
            span: Span::new(0, story.len()),
            kind: ParagraphKind::Body,
        };
        let vocab = crate::pipeline::base_vocabulary();
        let tokens = Tokens::build(story, &[whole], &[], None, &vocab);
        super::terms::content_terms(&tokens, whole.span)
            .0
            .into_iter()
            .map(|(term, _)| term)
            .collect()
    }
}

use crate::tokens::{IdSet, flag};
use crate::{
    Article, Extraction, MentionKind, ParagraphKind, ParticipantRole, Span, Summary, SummaryOptions, SummarySentence,
};

use rank::{Params, Unit};

/// How many of the sentences most central to the whole article the gist
/// is chosen from.
const GIST_CANDIDATES: usize = 3;

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
    let tokens = &article.tokens;
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
            text: crate::tokens::one_line(article.slice(units[i].span)),
            score: scores[i],
        })
        .collect();
    let title = article
        .title_span
        .map(|s| tokens.within(s))
        .filter(|r| !r.is_empty())
        .map(|r| (r.clone(), terms::scan(tokens, r, &mut vocab).ids));
    let sentences_for_keywords = title
        .iter()
        .map(|(r, ids)| (&tokens.tokens()[r.clone()], ids.as_slice()))
        .chain(
            units
                .iter()
                .map(|u| (&tokens.tokens()[u.tokens.clone()], u.ids.as_slice())),
        );
    let mut names: Vec<Span> = extraction
        .participants
        .iter()
        .flat_map(|p| p.mentions.iter())
        .filter(|m| m.kind == MentionKind::Name)
        .map(|m| m.span)
        .collect();
    names.sort_unstable();
    let foreign = article
        .language_code
        .as_deref()
        .filter(|_| !article.is_english())
        .and_then(terms::stopwords);
    let keywords = keywords::keywords(article, sentences_for_keywords, 10, &names, foreign.as_deref());
    let mut order: Vec<usize> = (0..units.len()).collect();
    order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]).then(a.cmp(&b)));
    let by_rank: Vec<gist::Ranked> = order
        .iter()
        .map(|&i| gist::Ranked::of(tokens, units[i].tokens.clone()))
        .collect();
    // The gist's sentence: of the few most central to the whole article,
    // the first that stands on its own (it opens with no pronoun or
    // connective, and no quotation mark).
    let whole = rank::without_window(&units, &scores, params);
    let mut central: Vec<usize> = (0..units.len()).collect();
    central.sort_by(|&a, &b| whole[b].total_cmp(&whole[a]).then(a.cmp(&b)));
    let alone = |&&i: &&usize| !units[i].dependent && !units[i].quoted;
    let central = central
        .iter()
        .take(GIST_CANDIDATES)
        .find(alone)
        .or(central.first())
        .map(|&i| gist::Ranked::of(tokens, units[i].tokens.clone()));
    let gist = gist::gist(article, extraction, &by_rank, central.as_ref()).unwrap_or_default();
    Summary {
        sentences,
        keywords,
        gist,
    }
}

/// The body sentences that may stand in a summary, in article order.
fn candidates(article: &Article, vocab: &mut terms::Vocab) -> Vec<Unit> {
    let tokens = &article.tokens;
    let mut seen: IdSet<u64> = IdSet::default();
    let mut units = Vec::with_capacity(article.sentences.len());
    let (mut blocks, mut last_paragraph) = (0usize, usize::MAX);
    for s in tokens.sentences() {
        let index = s.paragraph as usize;
        let Some(p) = article.paragraphs.get(index) else {
            continue;
        };
        if p.kind != ParagraphKind::Body {
            continue;
        }
        // A dateline opening the sentence is no part of what it says.
        let mut range = s.range();
        while range.start < range.end && tokens.tokens()[range.start].has(flag::DATELINE) {
            range.start += 1;
        }
        if let Some(mut unit) = candidate(article, s.span, range, &mut seen, vocab) {
            blocks += usize::from(last_paragraph != index);
            unit.block = blocks.saturating_sub(1);
            last_paragraph = index;
            units.push(unit);
        }
    }
    units
}

/// The sentence at `span` as a ranking unit, its words the tokens `range`
/// (the sentence less a dateline), unless it is no prose or a repeat of a
/// text already `seen`.
fn candidate(
    article: &Article,
    span: Span,
    range: std::ops::Range<usize>,
    seen: &mut IdSet<u64>,
    vocab: &mut terms::Vocab,
) -> Option<Unit> {
    if range.is_empty() {
        return None;
    }
    let first = article.tokens.tokens().get(range.start)?;
    let scan = terms::scan(&article.tokens, range.clone(), vocab);
    // A line of names, places and dates is no prose: it needs some words
    // in lower case.
    let prose = scan.words >= 4 && scan.lowercase >= 2;
    if !prose || !seen.insert(scan.hash) {
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
        quoted: first.has(flag::QOPEN),
        dependent: scan.leans_back,
        block: 0,
        tokens: range,
        ln_len: 0.0,
        dense: scan.dense,
        ids: scan.ids,
    })
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

#[cfg(test)]
mod tests;
