//! Key phrases, YAKE-style (Campos et al., 2020): statistics of each word
//! within the article alone (casing, position, frequency, how many
//! different words surround it, how many sentences hold it), combined over
//! phrases of one to three words that neither start nor end with a function
//! word.
//!
//! Written here rather than taken from `yake-rust`: that crate pulls in
//! a regex-based segmenter and stopword lists for 30+ languages, while this
//! one reuses the crate's tokenizer and spans and stays allocation-light.

use super::terms::{self, IdMap, TokenIds};
use crate::tokens::{Token, list, one_line};
use crate::{Article, Keyword, Span};

/// Longest phrase, in words; phrases over `MAX_COMMON` words must be
/// names (every word capitalized: "Foreign Secretary Vikram Misri").
const MAX_WORDS: usize = 5;
const MAX_COMMON: usize = 3;

/// Words that are no key phrase's first or last word beyond the function
/// words: reporting verbs, days, months and news filler (lowercased).
pub(super) const FILLER: &[&str] = &[
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

/// Function words a phrase may hold inside ("Party of China").
pub(super) const INNER: &[&str] = &["and", "for", "of"];

/// Statistics of one word.
#[derive(Default, Clone)]
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
    /// Index of its term among the article's words (see [`Stat`]); `None`
    /// for punctuation and filler, which break phrases.
    id: Option<u32>,
    /// A function word: inside a phrase at most ("of", "and", "for").
    stop: bool,
    /// May stand inside a phrase.
    inner: bool,
    /// Capitalized content word: part of a name or title.
    cap: bool,
}

/// Bits of one word's index in a phrase key: a key packs up to
/// [`MAX_WORDS`] indices, each plus one (0: no word), into a `u128`.
const KEY_BITS: u32 = 25;

/// A phrase key: the word indices of a phrase, packed.
type Key = u128;

/// The word indices (plus one; 0 for none) of a phrase key.
fn unpack(key: Key) -> [u32; MAX_WORDS] {
    let mut out = [0u32; MAX_WORDS];
    for (k, slot) in out.iter_mut().enumerate() {
        *slot = ((key >> (k as u32 * KEY_BITS)) & ((1 << KEY_BITS) - 1)) as u32;
    }
    out
}

/// The `max` best key phrases of the given sentences, most relevant first.
/// Each sentence comes as its tokens and, parallel to them, the word
/// hashes and term ids of [`terms::Scan::ids`].
pub(super) fn keywords<'t>(
    article: &Article,
    sentences: impl Iterator<Item = (&'t [Token], &'t [TokenIds])>,
    max: usize,
) -> Vec<Keyword> {
    let sentences: Vec<(&[Token], &[TokenIds])> = sentences.collect();
    let tokens_in_all: usize = sentences.iter().map(|(t, _)| t.len()).sum();
    // Statistics by the words' dense indices ([`TokenIds::dense`]).
    let indices = sentences
        .iter()
        .flat_map(|(_, ids)| ids.iter().map(|i| i.dense as usize + 1))
        .max()
        .unwrap_or(0);
    let mut stats: Vec<Stat> = vec![Stat::default(); indices];
    // All sentences' words in a row; a word without id breaks phrases, and
    // one stands between sentences.
    let mut words: Vec<Word> = Vec::with_capacity(tokens_in_all + sentences.len());
    // Adjacent word pairs, as (left << 32) | right.
    let mut pairs: Vec<u64> = Vec::with_capacity(tokens_in_all);
    let mut nsent = 0u32;
    for (tokens, ids) in sentences {
        nsent += 1;
        let breaker = |span: Span| Word {
            span,
            id: None,
            stop: true,
            inner: false,
            cap: false,
        };
        words.push(breaker(Span::default()));
        for (
            ti,
            (
                t,
                &TokenIds {
                    raw,
                    flags,
                    dense: id,
                    lists,
                    ..
                },
            ),
        ) in tokens.iter().zip(ids).enumerate()
        {
            if raw == 0 || flags & terms::ELIDED != 0 || lists & list::FILLER != 0 {
                words.push(breaker(t.span));
                continue;
            }
            let stop = flags & (terms::STOP | terms::SHORT | terms::NUMERIC) != 0;
            let inner = !stop || lists & list::INNER != 0;
            if let Some(Word { id: Some(prev), .. }) = words.last() {
                pairs.push((u64::from(*prev) << 32) | u64::from(id));
            }
            let initial_upper = flags & terms::UPPER != 0;
            words.push(Word {
                span: t.span,
                id: Some(id),
                stop,
                inner,
                cap: !stop && initial_upper,
            });
            let Some(s) = stats.get_mut(id as usize) else { continue };
            s.tf += 1;
            if flags & terms::ACRONYM != 0 {
                s.acronym += 1;
            } else if ti > 0 && initial_upper {
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
    for (left, right) in distinct_pairs(&mut pairs, stats.len()) {
        if let Some(s) = stats.get_mut(left) {
            s.right += 1;
        }
        if let Some(s) = stats.get_mut(right) {
            s.left += 1;
        }
    }
    let word_scores = score_words(&stats, nsent as usize);
    // Candidate phrases: counted, first occurrence kept. Grams are nodes
    // of a trie over word indices: a word's own node is its index, a longer
    // gram's is found from its prefix's node and the added word, so that a
    // gram costs one lookup however long it is.
    let mut nodes = Trie::new(stats.len());
    for start in 0..words.len() {
        let Some(first_id) = words[start].id.filter(|_| !words[start].stop) else {
            continue;
        };
        let mut node = nodes.unigram(first_id);
        let mut key: Key = 0;
        let mut all_cap = true;
        for n in 1..=MAX_WORDS {
            let Some(gram) = words.get(start..start + n) else { break };
            let Some(added) = gram.last() else { break };
            // Grams grow by one word: only the new one needs checking.
            let Some(id) = added.id.filter(|_| added.inner) else {
                break;
            };
            all_cap &= added.cap;
            if n > MAX_COMMON && !all_cap {
                break;
            }
            if n > 1 {
                node = nodes.extend(node, id);
            }
            // The key packs the gram's word indices (each plus one); a word
            // index too large for its field leaves the gram uncounted.
            let packed = id + 1;
            if key != Key::MAX {
                key = if packed >= 1 << KEY_BITS {
                    Key::MAX
                } else {
                    key | Key::from(packed) << ((n - 1) as u32 * KEY_BITS)
                };
            }
            if added.stop {
                continue;
            }
            // Never cut a name: "Minister Wang" out of "Foreign Minister Wang Yi".
            let cap_at = |k: Option<usize>| k.and_then(|k| words.get(k)).is_some_and(|w| w.cap && w.id.is_some());
            let cut_after = added.cap && cap_at(Some(start + n));
            let cut_before = gram[0].cap && cap_at(start.checked_sub(1));
            if cut_after || cut_before || key == Key::MAX {
                continue;
            }
            nodes.count(node, key, start as u32, (start + n - 1) as u32);
        }
    }
    let mut scored: Vec<(f32, Key, Span)> = nodes
        .phrases
        .iter()
        .filter(|p| p.tf > 0)
        .map(|&Phrase { key, tf, first, last }| {
            let at = |k: u32| words.get(k as usize).map_or(Span::default(), |w| w.span);
            let span = Span::new(at(first).begin, at(last).end);
            let (mut prod, mut sum) = (1.0f32, 0.0f32);
            for id in unpack(key).into_iter().filter(|&id| id != 0) {
                if let Some(&s) = word_scores.get(id as usize - 1) {
                    prod *= s;
                    sum += s;
                }
            }
            (prod / (tf as f32 * (1.0 + sum)), key, span)
        })
        .collect();
    let order = |a: &(f32, Key, Span), b: &(f32, Key, Span)| {
        a.0.total_cmp(&b.0).then(a.2.begin.cmp(&b.2.begin)).then(a.1.cmp(&b.1))
    };
    // Only the best few phrases are read, unless many are skipped as
    // overlapping: sort a head first, the rest only if needed.
    let head = (max * 8).min(scored.len());
    if head < scored.len() {
        scored.select_nth_unstable_by(head, order);
    }
    let (front, back) = scored.split_at_mut(head);
    front.sort_unstable_by(order);
    let mut out: Vec<Keyword> = Vec::with_capacity(max);
    let mut kept: Vec<[u32; MAX_WORDS]> = Vec::with_capacity(max);
    let mut take = |part: &[(f32, Key, Span)], out: &mut Vec<Keyword>| {
        for &(score, key, span) in part {
            if out.len() == max {
                break;
            }
            let key = unpack(key);
            // Skip a phrase sharing most of its words with one already kept.
            if kept.iter().any(|k| overlap(k, &key) * 2 > len(&key).max(len(k))) {
                continue;
            }
            out.push(Keyword {
                text: one_line(article.slice(span)),
                score: 1.0 / (1.0 + score),
            });
            kept.push(key);
        }
    };
    take(front, &mut out);
    if out.len() < max && !back.is_empty() {
        back.sort_unstable_by(order);
        take(back, &mut out);
    }
    out
}

/// A gram of the trie: its key and, once counted as a phrase, its count
/// and the first occurrence's first and last word (indices into the
/// words).
#[derive(Clone, Copy, Default)]
struct Phrase {
    key: Key,
    tf: u32,
    first: u32,
    last: u32,
}

/// The grams met so far: node `i` < the number of word indices is the
/// one-word gram of word `i`; longer grams hang off their prefixes.
struct Trie {
    phrases: Vec<Phrase>,
    /// (prefix node << 32 | added word index) -> node.
    children: IdMap<u64, u32>,
}

impl Trie {
    /// A trie with a node for each of `words` word indices.
    fn new(words: usize) -> Trie {
        let mut children = IdMap::default();
        children.reserve(words * 2);
        Trie {
            phrases: vec![Phrase::default(); words],
            children,
        }
    }

    /// The node of a one-word gram.
    fn unigram(&self, id: u32) -> u32 {
        id
    }

    /// The node of `node`'s gram with word `id` added.
    fn extend(&mut self, node: u32, id: u32) -> u32 {
        let next = self.phrases.len() as u32;
        let child = *self
            .children
            .entry((u64::from(node) << 32) | u64::from(id))
            .or_insert(next);
        if child == next {
            self.phrases.push(Phrase::default());
        }
        child
    }

    /// Counts an occurrence of `node`'s gram as a phrase.
    fn count(&mut self, node: u32, key: Key, first: u32, last: u32) {
        if let Some(p) = self.phrases.get_mut(node as usize) {
            if p.tf == 0 {
                *p = Phrase {
                    key,
                    tf: 0,
                    first,
                    last,
                };
            }
            p.tf += 1;
        }
    }
}

/// The distinct pairs of `pairs` ((left << 32) | right, each index below
/// `words`), in no particular order. A bit per possible pair marks those
/// seen when that table is small beside the list; else the list is sorted.
fn distinct_pairs(pairs: &mut Vec<u64>, words: usize) -> Vec<(usize, usize)> {
    let split = |p: u64| ((p >> 32) as usize, (p & 0xffff_ffff) as usize);
    let bits = words.saturating_mul(words);
    if bits / 64 <= 8 * pairs.len() {
        let mut seen = vec![0u64; bits.div_ceil(64)];
        let mut out = Vec::with_capacity(pairs.len());
        for &p in pairs.iter() {
            let (l, r) = split(p);
            let bit = l * words + r;
            if let Some(w) = seen.get_mut(bit / 64) {
                let mask = 1u64 << (bit % 64);
                if *w & mask == 0 {
                    *w |= mask;
                    out.push((l, r));
                }
            }
        }
        return out;
    }
    pairs.sort_unstable();
    pairs.dedup();
    pairs.iter().map(|&p| split(p)).collect()
}

/// Words two phrases share.
fn overlap(a: &[u32; MAX_WORDS], b: &[u32; MAX_WORDS]) -> usize {
    a.iter().filter(|&&x| x != 0 && b.contains(&x)).count()
}

/// Words in a phrase key.
fn len(key: &[u32; MAX_WORDS]) -> usize {
    key.iter().filter(|&&x| x != 0).count()
}

/// YAKE's word score (lower is more relevant) of every word, by index;
/// the statistics count the words that occur (`tf` > 0) only.
fn score_words(stats: &[Stat], sentences: usize) -> Vec<f32> {
    let seen = || stats.iter().filter(|s| s.tf > 0);
    let n = seen().count().max(1) as f32;
    let mean = seen().map(|s| s.tf as f32).sum::<f32>() / n;
    let std = (seen().map(|s| (s.tf as f32 - mean).powi(2)).sum::<f32>() / n).sqrt();
    let max_tf = stats.iter().map(|s| s.tf as f32).fold(1.0f32, f32::max);
    // Logarithms of small counts, and the position term of words seen in
    // one sentence, computed once each.
    let mut ln_of = [f32::NAN; 64];
    let mut position_at = vec![f32::NAN; sentences.min(1 << 12)];
    let sentences = sentences.max(1) as f32;
    stats
        .iter()
        .map(|s| {
            if s.tf == 0 {
                // No word: no phrase reads its score.
                return 0.0;
            }
            let tf = s.tf as f32;
            let ln_tf = match ln_of.get_mut(s.tf as usize) {
                Some(l) if l.is_nan() => {
                    *l = tf.ln();
                    *l
                }
                Some(l) => *l,
                None => tf.ln(),
            };
            let case = s.upper.max(s.acronym) as f32 / (1.0 + ln_tf);
            let mean = s.index_sum / s.sentences.max(1) as f32;
            // In one sentence, the mean is that sentence's index.
            let at = (s.sentences == 1)
                .then(|| position_at.get_mut(s.index_sum as usize))
                .flatten();
            let position = match at {
                Some(p) if p.is_nan() => {
                    *p = (3.0 + mean).ln().ln();
                    *p
                }
                Some(p) => *p,
                None => (3.0 + mean).ln().ln(),
            };
            let frequency = tf / (mean + std).max(1e-6);
            let relatedness = 1.0 + (s.left + s.right) as f32 / max_tf;
            let spread = s.sentences as f32 / sentences;
            relatedness * position / (case + frequency / relatedness + spread / relatedness)
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
        let article = crate::pipeline::shared()
            .parse(&crate::Document::text(text))
            .expect("parses");
        let tokens = &article.tokens;
        let mut vocab = terms::Vocab::default();
        let ids: Vec<Vec<TokenIds>> = tokens
            .sentences()
            .iter()
            .map(|s| terms::scan(tokens, s.range(), &mut vocab).ids)
            .collect();
        let kws = keywords(
            &article,
            tokens
                .sentences()
                .iter()
                .zip(&ids)
                .map(|(s, i)| (tokens.of(s), i.as_slice())),
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
        // Names come whole or not at all.
        assert!(
            texts
                .iter()
                .all(|t| !t.ends_with("Vikram") && !t.ends_with("Wang") && !t.starts_with("Minister")),
            "{texts:?}"
        );
    }

    #[test]
    fn empty_input_gives_no_keywords() {
        let article = Article::default();
        assert!(keywords(&article, std::iter::empty(), 5).is_empty());
    }
}
