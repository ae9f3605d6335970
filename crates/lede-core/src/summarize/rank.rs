//! Ranking: a sentence graph over TF-ISF vectors, PageRank centrality,
//! a lead prior, what extraction found, and MMR selection.

use crate::Span;

/// The knobs of the ranker. [`Params::default`] holds the values tuned on
/// the BBC and XSum dev halves.
#[derive(Clone, Copy, Debug)]
pub(super) struct Params {
    /// Weight of graph centrality (normalized to a maximum of 1).
    pub centrality: f32,
    /// Weight of the lead prior.
    pub position: f32,
    /// The lead prior halves after this many sentences.
    pub position_scale: f32,
    /// Weight of the salient participants a sentence mentions.
    pub extraction: f32,
    /// Weight of a statement in a sentence (negative: a cost).
    pub statement: f32,
    /// Weight of sentence length (words / `length_target`, at most 1).
    pub length: f32,
    /// Sentences this long (in words) count as full length.
    pub length_target: f32,
    /// Weight of similarity to the article's centroid.
    pub centroid: f32,
    /// Cost of a sentence that opens with a quotation mark.
    pub quote: f32,
    /// The lead prior counts paragraphs rather than sentences.
    pub by_paragraph: bool,
    /// Sentences past this many (in lead-prior units) lose `window_cost`.
    pub window: f32,
    /// See `window`.
    pub window_cost: f32,
    /// Cost of a sentence that leans on the one before: it opens with a
    /// pronoun or connective ("He", "But", "This").
    pub dependent: f32,
    /// Weight of PACSUM's directed centrality (normalized to 0..1).
    pub directed: f32,
    /// How similarity to earlier sentences counts in it (negative: against).
    pub backward: f32,
    /// Term weights: 0 in-article ISF, 1 background IDF, 2 their product.
    pub idf_mode: u8,
    /// MMR: how much similarity to a chosen sentence costs.
    pub redundancy: f32,
    /// Graph edges: overlap of content words normalized by log lengths
    /// (TextRank) rather than TF-ISF cosine (LexRank).
    pub overlap_edges: bool,
}

impl Default for Params {
    /// Tuned on the BBC and XSum dev halves (see `tests.rs`, `tune`).
    fn default() -> Params {
        Params {
            centrality: 1.0,
            position: 0.0,
            position_scale: 1.0,
            extraction: 0.05,
            statement: 0.1,
            length: 0.2,
            length_target: 40.0,
            redundancy: 0.6,
            centroid: 1.0,
            quote: 0.0,
            overlap_edges: true,
            idf_mode: 1,
            dependent: 0.0,
            by_paragraph: true,
            window: 5.0,
            window_cost: 1.0,
            directed: 0.0,
            backward: 0.0,
        }
    }
}

/// Sentences farther apart than this share no graph edge: the graph stays
/// linear in the number of sentences for very long articles.
const WINDOW: usize = 64;

/// PageRank damping and iterations.
const DAMPING: f32 = 0.85;
const ITERATIONS: usize = 40;

/// Cosine similarity above which two sentences count as saying the same.
const DUPLICATE: f32 = 0.8;

/// A candidate sentence as the ranker sees it.
#[derive(Clone, Debug)]
pub(super) struct Unit {
    /// The span to report (dateline cut off).
    pub span: Span,
    /// Characters in the span.
    pub chars: usize,
    /// Word tokens.
    pub words: usize,
    /// Content terms with their counts, sorted by id.
    pub counts: Vec<(u64, u32)>,
    /// TF-ISF weights, parallel to `counts`, unit length.
    pub weights: Vec<f32>,
    /// Salience of the participants it mentions (summed, at most 1).
    pub extraction: f32,
    /// Whether it holds a statement's content or cue.
    pub stated: bool,
    /// Whether it opens with a quotation mark.
    pub quoted: bool,
    /// Whether it opens with a pronoun or connective.
    pub dependent: bool,
    /// Index of each term (parallel to `counts`) in the article's vocabulary.
    pub dense: Vec<u32>,
    /// Log of its number of content words.
    pub ln_len: f32,
    /// Its tokens, as indices into the article's tokens.
    pub tokens: std::ops::Range<usize>,
    /// Word hashes and term ids of its tokens (see [`super::terms::Scan::ids`]).
    pub ids: Vec<super::terms::TokenIds>,
    /// Ordinal of its paragraph among those holding candidates.
    pub block: usize,
}

/// Fills the term weights of every unit (normalized to unit length) and
/// its log length; returns the size of the dense index space
/// ([`Unit::dense`]).
pub(super) fn weigh(units: &mut [Unit], params: &Params) -> usize {
    let n = units.len() as f32;
    let size = units
        .iter()
        .flat_map(|u| u.dense.iter())
        .map(|&k| k as usize + 1)
        .max()
        .unwrap_or(0);
    // Sentence frequency of each term, then its weight factor (one IDF
    // lookup per term, on first need).
    let mut df = vec![0u32; size];
    for u in units.iter() {
        for &k in &u.dense {
            if let Some(d) = df.get_mut(k as usize) {
                *d += 1;
            }
        }
    }
    let mut factors = vec![f32::NAN; size];
    for u in units.iter_mut() {
        let mut weights = Vec::with_capacity(u.counts.len());
        let mut norm = 0.0f32;
        let mut total = 0u32;
        for (&(id, tf), &k) in u.counts.iter().zip(&u.dense) {
            let factor = match factors.get_mut(k as usize) {
                Some(f) if f.is_nan() => {
                    let sf = df.get(k as usize).copied().unwrap_or(1).max(1) as f32;
                    let isf = ((n + 1.0) / sf).ln().max(0.05);
                    *f = match params.idf_mode {
                        0 => isf,
                        1 => super::idf::idf(id).max(0.05),
                        _ => isf * super::idf::idf(id).max(0.05),
                    };
                    *f
                }
                Some(f) => *f,
                None => 0.05,
            };
            let w = (1.0 + (tf as f32).ln()) * factor;
            norm += w * w;
            total += tf;
            weights.push(w);
        }
        let norm = norm.sqrt();
        if norm > 0.0 {
            weights.iter_mut().for_each(|w| *w /= norm);
        }
        u.weights = weights;
        u.ln_len = (total.max(1) as f32).ln();
    }
    size
}

/// Cosine of two units' TF-ISF vectors.
#[cfg(test)]
pub(super) fn cosine(a: &Unit, b: &Unit) -> f32 {
    let (mut i, mut j, mut dot) = (0, 0, 0.0);
    while i < a.counts.len() && j < b.counts.len() {
        match a.counts[i].0.cmp(&b.counts[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                dot += a.weights.get(i).copied().unwrap_or(0.0) * b.weights.get(j).copied().unwrap_or(0.0);
                i += 1;
                j += 1;
            }
        }
    }
    dot
}

/// PageRank centrality of every unit over the windowed similarity graph.
/// `vocab` is the vocabulary size [`weigh`] returned.
#[cfg(test)]
fn centrality(units: &[Unit], vocab: usize, params: &Params) -> Vec<f32> {
    graph(units, vocab, params).0
}

/// PageRank centrality (for the analysis dump).
#[cfg(test)]
pub(super) fn centrality_pub(units: &[Unit], vocab: usize, params: &Params) -> Vec<f32> {
    graph(units, vocab, params).0
}

/// PageRank centrality, and PACSUM's directed centrality (Zheng and
/// Lapata, 2019): similarity to the sentences after, plus `backward` times
/// that to the sentences before.
fn graph(units: &[Unit], vocab: usize, params: &Params) -> (Vec<f32>, Vec<f32>) {
    let n = units.len();
    if n == 0 {
        return (Vec::new(), Vec::new());
    }
    // Postings: for each term, the units holding it with its count and weight,
    // in unit order (a counting sort, one allocation).
    let mut start = vec![0u32; vocab + 1];
    for u in units {
        for &k in &u.dense {
            if let Some(c) = start.get_mut(k as usize + 1) {
                *c += 1;
            }
        }
    }
    for k in 0..vocab {
        start[k + 1] += start[k];
    }
    let mut fill = start.clone();
    let mut postings = vec![(0u32, 0u32, 0.0f32); start[vocab] as usize];
    for (i, u) in units.iter().enumerate() {
        for ((&k, &(_, tf)), &w) in u.dense.iter().zip(&u.counts).zip(&u.weights) {
            if let Some(slot) = fill.get_mut(k as usize)
                && let Some(p) = postings.get_mut(*slot as usize)
            {
                *p = (i as u32, tf, w);
                *slot += 1;
            }
        }
    }
    // Edges: shared terms of each pair within the window, through the
    // postings. TextRank's edge is the count of shared content words over
    // the sum of log lengths; LexRank's the cosine.
    let mut edges: Vec<(u32, u32, f32)> = Vec::new();
    let mut degree = vec![0.0f32; n];
    let mut acc = vec![0.0f32; n];
    let mut touched: Vec<u32> = Vec::new();
    for (i, u) in units.iter().enumerate() {
        for ((&k, &(_, tf)), &w) in u.dense.iter().zip(&u.counts).zip(&u.weights) {
            let (Some(&from), Some(&to)) = (start.get(k as usize), start.get(k as usize + 1)) else {
                continue;
            };
            let list = postings.get(from as usize..to as usize).unwrap_or_default();
            // Units after `i` in this posting list, within the window.
            let after = list.partition_point(|p| p.0 as usize <= i);
            for &(j, tf2, w2) in list.get(after..).unwrap_or_default() {
                let j = j as usize;
                if j > i + WINDOW {
                    break;
                }
                if acc[j] == 0.0 {
                    touched.push(j as u32);
                }
                acc[j] += if params.overlap_edges {
                    tf.min(tf2) as f32
                } else {
                    w * w2
                };
            }
        }
        for &j in &touched {
            let j = j as usize;
            let shared = std::mem::take(&mut acc[j]);
            let w = if params.overlap_edges {
                let norm = u.ln_len + units[j].ln_len;
                if norm > 0.0 { shared / norm } else { 0.0 }
            } else {
                shared
            };
            if w > 0.0 {
                edges.push((i as u32, j as u32, w));
                degree[i] += w;
                degree[j] += w;
            }
        }
        touched.clear();
    }
    let mut directed = vec![0.0f32; n];
    for &(i, j, w) in &edges {
        directed[i as usize] += w;
        directed[j as usize] += params.backward * w;
    }
    let base = (1.0 - DAMPING) / n as f32;
    let mut rank = vec![1.0 / n as f32; n];
    let mut next = vec![0.0f32; n];
    // Each edge's share of either end's rank, damped, computed once.
    let flows: Vec<(u32, u32, f32, f32)> = edges
        .iter()
        .map(|&(i, j, w)| {
            let share = |d: f32| if d > 0.0 { DAMPING * w / d } else { 0.0 };
            (i, j, share(degree[i as usize]), share(degree[j as usize]))
        })
        .collect();
    let isolated: Vec<usize> = (0..n).filter(|&i| degree[i] == 0.0).collect();
    for _ in 0..ITERATIONS {
        next.iter_mut().for_each(|r| *r = base);
        // A sentence with no edge spreads its rank evenly.
        let dangling: f32 = isolated.iter().map(|&i| rank[i]).sum::<f32>() / n as f32;
        // Edges come grouped by their first end: what flows into it is
        // summed in a register, then stored once.
        let (mut at, mut inflow) = (usize::MAX, 0.0f32);
        for &(i, j, to_j, to_i) in &flows {
            let (i, j) = (i as usize, j as usize);
            if i != at {
                if let Some(r) = next.get_mut(at) {
                    *r += inflow;
                }
                (at, inflow) = (i, 0.0);
            }
            let from_i = rank[i];
            next[j] += from_i * to_j;
            inflow += rank[j] * to_i;
        }
        if let Some(r) = next.get_mut(at) {
            *r += inflow;
        }
        next.iter_mut().for_each(|r| *r += DAMPING * dangling);
        let delta: f32 = rank.iter().zip(&next).map(|(a, b)| (a - b).abs()).sum();
        std::mem::swap(&mut rank, &mut next);
        if delta < 1e-3 {
            break;
        }
    }
    (rank, directed)
}

/// `scores` of `units` without the lead window's cost: the score of each
/// sentence as a gist for the whole article, where the three-sentence
/// summary favours the lead.
pub(super) fn without_window(units: &[Unit], scores: &[f32], params: &Params) -> Vec<f32> {
    units
        .iter()
        .zip(scores)
        .enumerate()
        .map(|(order, (u, &s))| {
            let at = if params.by_paragraph { u.block } else { order };
            if at as f32 >= params.window {
                s + params.window_cost
            } else {
                s
            }
        })
        .collect()
}

/// Combined score of every unit: centrality, lead prior, extraction, length.
pub(super) fn scores(units: &[Unit], vocab: usize, params: &Params) -> Vec<f32> {
    let (cent, directed) = graph(units, vocab, params);
    let (lo, hi) = directed
        .iter()
        .fold((f32::MAX, f32::MIN), |(lo, hi), &d| (lo.min(d), hi.max(d)));
    let directed: Vec<f32> = directed
        .iter()
        .map(|&d| if hi > lo { (d - lo) / (hi - lo) } else { 0.0 })
        .collect();
    let max = cent.iter().copied().fold(0.0f32, f32::max);
    let centroid = if params.centroid == 0.0 {
        vec![0.0; units.len()]
    } else {
        centroid_similarity(units, vocab)
    };
    units
        .iter()
        .zip(cent.iter().zip(&centroid).zip(&directed))
        .enumerate()
        .map(|(order, (u, ((&c, &m), &dc)))| {
            let c = if max > 0.0 { c / max } else { 0.0 };
            let at = if params.by_paragraph { u.block } else { order };
            let pos = 1.0 / (1.0 + at as f32 / params.position_scale);
            let late = if at as f32 >= params.window {
                params.window_cost
            } else {
                0.0
            };
            let len = (u.words as f32 / params.length_target).min(1.0);
            params.centrality * c
                + params.position * pos
                + params.extraction * u.extraction
                + params.statement * f32::from(u8::from(u.stated))
                + params.length * len
                + params.centroid * m
                + params.directed * dc
                - params.quote * f32::from(u8::from(u.quoted))
                - params.dependent * f32::from(u8::from(u.dependent))
                - late
        })
        .collect()
}

/// Cosine of each unit with the sum of all units' vectors.
fn centroid_similarity(units: &[Unit], vocab: usize) -> Vec<f32> {
    let mut all = vec![0.0f32; vocab];
    for u in units {
        for (&k, &w) in u.dense.iter().zip(&u.weights) {
            if let Some(slot) = all.get_mut(k as usize) {
                *slot += w;
            }
        }
    }
    let norm = all.iter().map(|x| x * x).sum::<f32>().sqrt().max(1e-6);
    units
        .iter()
        .map(|u| {
            let dot: f32 = u
                .dense
                .iter()
                .zip(&u.weights)
                .map(|(&k, &w)| w * all.get(k as usize).copied().unwrap_or(0.0))
                .sum();
            dot / norm
        })
        .collect()
}

/// Chooses up to `max` units by maximal marginal relevance, within
/// `max_chars` characters; returns their indices in article order.
pub(super) fn select(
    units: &[Unit],
    scores: &[f32],
    max: usize,
    max_chars: Option<usize>,
    params: &Params,
) -> Vec<usize> {
    let mut chosen: Vec<usize> = Vec::with_capacity(max);
    let mut chars = 0;
    let mut open: Vec<usize> = (0..units.len()).collect();
    // Each open unit's greatest similarity to a chosen one, updated as
    // units are chosen through the newest one's vector laid out densely.
    let mut most = vec![0.0f32; units.len()];
    let vocab = units
        .iter()
        .flat_map(|u| u.dense.iter())
        .map(|&k| k as usize + 1)
        .max()
        .unwrap_or(0);
    let mut dense = vec![0.0f32; vocab];
    while chosen.len() < max && !open.is_empty() {
        let mut best: Option<(usize, f32)> = None;
        for (slot, &i) in open.iter().enumerate() {
            let sim = most.get(i).copied().unwrap_or(0.0);
            if sim > DUPLICATE {
                continue;
            }
            let value = scores.get(i).copied().unwrap_or(0.0) - params.redundancy * sim;
            if best.is_none_or(|(_, v)| value > v) {
                best = Some((slot, value));
            }
        }
        let Some((slot, _)) = best else { break };
        let i = open.swap_remove(slot);
        let fits = max_chars.is_none_or(|m| chars + units[i].chars <= m);
        if fits {
            chars += units[i].chars;
            chosen.push(i);
            let u = &units[i];
            for (&k, &w) in u.dense.iter().zip(&u.weights) {
                if let Some(d) = dense.get_mut(k as usize) {
                    *d = w;
                }
            }
            for &j in &open {
                let v = &units[j];
                let sim: f32 = v
                    .dense
                    .iter()
                    .zip(&v.weights)
                    .map(|(&k, &w)| w * dense.get(k as usize).copied().unwrap_or(0.0))
                    .sum();
                if let Some(m) = most.get_mut(j) {
                    *m = m.max(sim);
                }
            }
            for &k in &u.dense {
                if let Some(d) = dense.get_mut(k as usize) {
                    *d = 0.0;
                }
            }
        }
    }
    chosen.sort_unstable();
    chosen
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(words: &[u64]) -> Unit {
        let mut counts: Vec<(u64, u32)> = Vec::new();
        for &w in words {
            match counts.iter_mut().find(|c| c.0 == w) {
                Some(c) => c.1 += 1,
                None => counts.push((w, 1)),
            }
        }
        counts.sort_unstable();
        let dense = counts.iter().map(|c| c.0 as u32).collect();
        Unit {
            span: Span::new(0, 0),
            chars: 10,
            words: words.len(),
            counts,
            weights: Vec::new(),
            extraction: 0.0,
            stated: false,
            quoted: false,
            dependent: false,
            block: 0,
            tokens: 0..0,
            ln_len: 0.0,
            dense,
            ids: Vec::new(),
        }
    }

    #[test]
    fn the_sentence_sharing_most_is_most_central() {
        let mut units = vec![unit(&[1, 2, 3]), unit(&[1, 2, 4, 5]), unit(&[4, 5, 6]), unit(&[9, 10])];
        let vocab = weigh(&mut units, &Params::default());
        for overlap_edges in [false, true] {
            let params = Params {
                overlap_edges,
                ..Params::default()
            };
            let c = centrality(&units, vocab, &params);
            assert!(c[1] > c[0] && c[1] > c[2] && c[0] > c[3], "{c:?}");
        }
        let params = Params {
            overlap_edges: false,
            ..Params::default()
        };
        let c = centrality(&units, vocab, &params);
        assert!(c[1] > c[0] && c[1] > c[2] && c[0] > c[3]);
        let total: f32 = c.iter().sum();
        assert!((total - 1.0).abs() < 1e-3);
    }

    #[test]
    fn near_duplicates_are_never_both_chosen() {
        let mut units = vec![unit(&[1, 2, 3]), unit(&[1, 2, 3]), unit(&[7, 8, 9])];
        weigh(&mut units, &Params::default());
        let chosen = select(&units, &[1.0, 0.9, 0.1], 2, None, &Params::default());
        assert_eq!(chosen, [0, 2]);
    }

    #[test]
    fn the_character_budget_holds() {
        let units = vec![unit(&[1]), unit(&[2]), unit(&[3])];
        let chosen = select(&units, &[0.3, 0.2, 0.1], 3, Some(25), &Params::default());
        assert_eq!(chosen, [0, 1]);
    }
}
