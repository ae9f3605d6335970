//! Summaries: ranked body sentences, keywords and a gist.

use crate::{Article, Extraction, Summary, SummaryOptions, SummarySentence};

/// Summarizes an article: for now the lead sentences that fit the options.
pub(crate) fn summarize(article: &Article, _extraction: &Extraction, options: &SummaryOptions) -> Summary {
    let mut sentences = Vec::new();
    let mut chars = 0;
    for (rank, s) in article.sentences.iter().enumerate() {
        if sentences.len() == options.max_sentences {
            break;
        }
        let n = article.slice(s.span).chars().count();
        if options.max_characters.is_some_and(|max| chars + n > max) {
            continue;
        }
        chars += n;
        sentences.push(SummarySentence {
            span: s.span,
            score: 1.0 / (rank as f32 + 1.0),
        });
    }
    let gist = sentences
        .first()
        .map(|s| article.slice(s.span).to_owned())
        .unwrap_or_default();
    Summary {
        sentences,
        keywords: Vec::new(),
        gist,
    }
}
