//! Key phrases, YAKE-style (Campos et al., 2020): statistics of each word
//! within the article alone (casing, position, frequency, how many
//! different words surround it, how many sentences hold it), combined over
//! phrases of one to three words that neither start nor end with a function
//! word.
//!
//! Written here rather than taken from `yake-rust`: that crate pulls in
//! a regex-based segmenter and stopword lists for 30+ languages, while this
//! one reuses the crate's tokenizer and spans and stays allocation-light.

use std::sync::LazyLock;

use super::terms::{self, IdMap};
use crate::text::Token;
use crate::{Article, Keyword, Span};

/// Longest phrase, in words.
const MAX_WORDS: usize = 3;

/// Words that are no key phrase's first or last word beyond the function
/// words: reporting verbs, days, months and news filler (lowercased).
const FILLER: &[&str] = &[
    "according",
    "added",
    "april",
    "august",
    "call",
    "called",
    "calls",
    "december",
    "february",
    "friday",
    "jan",
    "january",
    "july",
    "june",
    "march",
    "may",
    "monday",
    "mr",
    "mrs",
    "ms",
    "november",
    "october",
    "said",
    "saturday",
    "say",
    "saying",
    "says",
    "september",
    "sunday",
    "thursday",
    "today",
    "told",
    "tuesday",
    "wednesday",
    "week",
    "year",
    "years",
    "yesterday",
];

static FILLER_HASHES: LazyLock<Vec<u64>> = LazyLock::new(|| terms::hashes(FILLER));

/// Function words a phrase may hold inside ("Party of China").
const INNER: &[&str] = &["and", "for", "of"];

static INNER_HASHES: LazyLock<Vec<u64>> = LazyLock::new(|| terms::hashes(INNER));

/// Statistics of one word.
#[derive(Default)]
struct Stat {
    /// Occurrences.
    tf: u32,
    /// Occurrences capitalized inside a sentence.
    upper: u32,
    /// Occurrences written in capitals (acronyms).
    acronym: u32,
    /// Sentences it occurs in.
    sentences: u32,
    /// The last sentence counted, plus one (0: none yet).
    last: u32,
    /// Sum of the indices of the sentences it occurs in.
    index_sum: f32,
    /// Distinct words to its left and right.
    left: u32,
    right: u32,
}

/// A token of a sentence, as the extractor sees it.
#[derive(Clone, Copy)]
struct Word {
    span: Span,
    /// Term id; `None` for punctuation and filler, which break phrases.
    id: Option<u64>,
    /// A function word: inside a phrase at most ("of", "and", "for").
    stop: bool,
    /// May stand inside a phrase.
    inner: bool,
}

/// The `max` best key phrases of the given sentences, most relevant first.
/// Each sentence comes as its tokens and, parallel to them, the word
/// hashes and term ids of [`terms::Scan::ids`].
pub(super) fn keywords<'t>(
    article: &Article,
    sentences: impl Iterator<Item = (&'t [Token], &'t [(u64, u64)])>,
    max: usize,
) -> Vec<Keyword> {
    let text = article.text.as_str();
    let mut stats: IdMap<u64, Stat> = IdMap::default();
    // All sentences' words in a row; a word without id breaks phrases, and
    // one stands between sentences.
    let mut words: Vec<Word> = Vec::new();
    let mut pairs: Vec<(u64, u64)> = Vec::new();
    let mut nsent = 0u32;
    for (tokens, ids) in sentences {
        nsent += 1;
        let breaker = |span: Span| Word {
            span,
            id: None,
            stop: true,
            inner: false,
        };
        words.push(breaker(Span::default()));
        for (ti, (t, &(raw, id))) in tokens.iter().zip(ids).enumerate() {
            let w = t.span.slice(text);
            if raw == 0 || w.starts_with(['\'', '’']) || FILLER_HASHES.binary_search(&raw).is_ok() {
                words.push(breaker(t.span));
                continue;
            }
            let numeric = !w.chars().any(char::is_alphabetic);
            let stop = terms::is_stop_hash(raw) || w.chars().nth(1).is_none() || numeric;
            let inner = !stop || INNER_HASHES.binary_search(&raw).is_ok();
            if let Some(Word { id: Some(prev), .. }) = words.last() {
                pairs.push((*prev, id));
            }
            words.push(Word {
                span: t.span,
                id: Some(id),
                stop,
                inner,
            });
            let s = stats.entry(id).or_default();
            s.tf += 1;
            let mut letters = w.chars().filter(|c| c.is_alphabetic());
            let acronym = letters.clone().nth(1).is_some() && letters.all(char::is_uppercase);
            if acronym {
                s.acronym += 1;
            } else if ti > 0 && w.chars().next().is_some_and(char::is_uppercase) {
                s.upper += 1;
            }
            if s.last != nsent {
                s.last = nsent;
                s.sentences += 1;
                s.index_sum += (nsent - 1) as f32;
            }
        }
    }
    // Co-occurrence: distinct words right before and after each word.
    pairs.sort_unstable();
    pairs.dedup();
    for &(a, b) in &pairs {
        if let Some(s) = stats.get_mut(&a) {
            s.right += 1;
        }
        if let Some(s) = stats.get_mut(&b) {
            s.left += 1;
        }
    }
    let word_scores = score_words(&stats, nsent as usize);
    // Candidate phrases: counted, scored, first occurrence kept.
    let mut phrases: IdMap<[u64; MAX_WORDS], (u32, Span)> = IdMap::default();
    {
        for start in 0..words.len() {
            if words[start].stop || words[start].id.is_none() {
                continue;
            }
            for n in 1..=MAX_WORDS {
                let Some(gram) = words.get(start..start + n) else { break };
                if gram.iter().any(|w| w.id.is_none() || !w.inner) {
                    break;
                }
                if gram.last().is_some_and(|w| w.stop) {
                    continue;
                }
                let mut key = [0u64; MAX_WORDS];
                for (k, w) in key.iter_mut().zip(gram) {
                    *k = w.id.unwrap_or(0);
                }
                let span = Span::new(gram[0].span.begin, gram[n - 1].span.end);
                phrases.entry(key).or_insert((0, span)).0 += 1;
            }
        }
    }
    let mut scored: Vec<(f32, [u64; MAX_WORDS], Span)> = phrases
        .into_iter()
        .map(|(key, (tf, span))| {
            let (mut prod, mut sum) = (1.0f32, 0.0f32);
            for id in key.iter().filter(|&&id| id != 0) {
                if let Some(&s) = word_scores.get(id) {
                    prod *= s;
                    sum += s;
                }
            }
            (prod / (tf as f32 * (1.0 + sum)), key, span)
        })
        .collect();
    scored.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.2.begin.cmp(&b.2.begin)));
    let mut out: Vec<Keyword> = Vec::with_capacity(max);
    let mut kept: Vec<[u64; MAX_WORDS]> = Vec::with_capacity(max);
    for (score, key, span) in scored {
        if out.len() == max {
            break;
        }
        // Skip a phrase sharing most of its words with one already kept.
        if kept.iter().any(|k| overlap(k, &key) * 2 > len(&key).max(len(k))) {
            continue;
        }
        out.push(Keyword {
            text: article.slice(span).to_owned(),
            score: 1.0 / (1.0 + score),
        });
        kept.push(key);
    }
    out
}

/// Words two phrases share.
fn overlap(a: &[u64; MAX_WORDS], b: &[u64; MAX_WORDS]) -> usize {
    a.iter().filter(|&&x| x != 0 && b.contains(&x)).count()
}

/// Words in a phrase key.
fn len(key: &[u64; MAX_WORDS]) -> usize {
    key.iter().filter(|&&x| x != 0).count()
}

/// YAKE's word score (lower is more relevant) of every content word.
fn score_words(stats: &IdMap<u64, Stat>, sentences: usize) -> IdMap<u64, f32> {
    let tfs: Vec<f32> = stats.values().map(|s| s.tf as f32).collect();
    let n = tfs.len().max(1) as f32;
    let mean = tfs.iter().sum::<f32>() / n;
    let std = (tfs.iter().map(|t| (t - mean).powi(2)).sum::<f32>() / n).sqrt();
    let max_tf = tfs.iter().copied().fold(1.0f32, f32::max);
    let sentences = sentences.max(1) as f32;
    stats
        .iter()
        .map(|(&id, s)| {
            let tf = s.tf as f32;
            let case = s.upper.max(s.acronym) as f32 / (1.0 + tf.ln());
            let mean = s.index_sum / s.sentences.max(1) as f32;
            let position = (3.0 + mean).ln().ln();
            let frequency = tf / (mean + std).max(1e-6);
            let relatedness = 1.0 + (s.left + s.right) as f32 / max_tf;
            let spread = s.sentences as f32 / sentences;
            let score = relatedness * position / (case + frequency / relatedness + spread / relatedness);
            (id, score)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filler_is_sorted() {
        assert!(FILLER.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn repeated_names_and_topics_rank_first() {
        let text = "Chinese Foreign Minister Wang Yi met Indian Foreign Secretary Vikram Misri in Beijing. \
                    Wang said China and India should improve relations. \
                    Misri said India values its relations with China. \
                    The two sides agreed to resume direct flights.";
        let article = Article {
            text: text.to_owned(),
            ..Article::default()
        };
        let spans = crate::text::sentences(text, Span::new(0, text.len()));
        let tokens: Vec<Vec<Token>> = spans.iter().map(|&s| crate::text::tokenize(text, s)).collect();
        let mut buf = String::new();
        let ids: Vec<Vec<(u64, u64)>> = tokens.iter().map(|t| terms::scan(text, t, &mut buf).ids).collect();
        let kws = keywords(
            &article,
            tokens.iter().zip(&ids).map(|(t, i)| (t.as_slice(), i.as_slice())),
            5,
        );
        assert!(kws.len() >= 3, "{kws:?}");
        let texts: Vec<&str> = kws.iter().map(|k| k.text.as_str()).collect();
        assert!(
            texts.iter().any(|t| t.contains("China") || t.contains("India")),
            "{texts:?}"
        );
        assert!(
            texts.iter().all(|t| !t.starts_with("the ") && !t.ends_with(" the")),
            "{texts:?}"
        );
        assert!(kws.windows(2).all(|w| w[0].score >= w[1].score));
    }

    #[test]
    fn empty_input_gives_no_keywords() {
        let article = Article::default();
        assert!(keywords(&article, std::iter::empty(), 5).is_empty());
    }
}
