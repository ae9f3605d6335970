//! Word clusters and capitalization classes from unlabelled news, for the
//! vocabulary every stage looks its tokens up in (`models/clusters.tsv`,
//! `models/caps.tsv`).
//!
//! Each word's left and right neighbours (the 800 most frequent words, in
//! lower case) are counted over Reuters-21578 and the CoNLL-2003 training
//! text, weighted by positive PMI, randomly projected to 96 dimensions and
//! clustered by spherical k-means into 1,000 clusters, whose centroids are
//! clustered again into 200 and 40. Words are counted as written; the file
//! lists each word once in lower case, with the clusters of its most
//! frequent form. The capitalization class of a word is how often it opens
//! with a capital inside a sentence of a story body.

use std::collections::{HashMap, HashSet};
use std::fmt::Write;

use lede_core::train::ner::words;

use super::rng::Rng;

const VOCAB: usize = 30_000;
const MIN_COUNT: u32 = 4;
const CONTEXTS: usize = 800;
const DIMS: usize = 96;
const K_FINE: usize = 1000;
const K_MID: usize = 200;
const K_COARSE: usize = 40;

/// The cluster file and the capitalization file of `unlabelled` (stories
/// of hard-wrapped lines, a blank line between them; each story's first
/// line is its title) and the lines of `extra` (sentences, one a line).
pub(crate) fn word_tables<'a>(unlabelled: &str, extra: impl Iterator<Item = &'a str>, seed: u64) -> (String, String) {
    // Lines of words, and whether each is story body (titles in capitals
    // are left out of the capitalization counts).
    let mut lines: Vec<(&str, bool)> = Vec::new();
    let mut story_start = true;
    for line in unlabelled.lines() {
        if line.trim().is_empty() {
            story_start = true;
            continue;
        }
        lines.push((line, !story_start));
        story_start = false;
    }
    lines.extend(extra.map(|t| (t, false)));

    let mut counts: HashMap<&str, u32> = HashMap::new();
    let mut lower_counts: HashMap<String, u32> = HashMap::new();
    let mut caps: HashMap<String, [u32; 2]> = HashMap::new();
    let mut tokenized: Vec<Vec<&str>> = Vec::with_capacity(lines.len());
    let mut prev_word = ".";
    for (line, body) in &lines {
        let words = words(line);
        for w in &words {
            *counts.entry(w).or_default() += 1;
            *lower_counts.entry(w.to_lowercase()).or_default() += 1;
            if *body {
                let sentence_start = matches!(prev_word, "." | "?" | "!" | "\"" | ":" | ";" | "(" | "--" | "-");
                let first = w.chars().next();
                if !sentence_start && first.is_some_and(char::is_alphabetic) {
                    let e = caps.entry(w.to_lowercase()).or_default();
                    e[0] += 1;
                    if first.is_some_and(char::is_uppercase) {
                        e[1] += 1;
                    }
                }
            }
            prev_word = w;
        }
        if !*body {
            prev_word = ".";
        }
        tokenized.push(words);
    }
    eprintln!("unlabelled: {} lines, {} word forms", tokenized.len(), counts.len());

    // Vocabulary and contexts.
    let mut vocab: Vec<(&str, u32)> = counts
        .iter()
        .filter(|(_, c)| **c >= MIN_COUNT)
        .map(|(w, c)| (*w, *c))
        .collect();
    vocab.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    vocab.truncate(VOCAB);
    let index: HashMap<&str, usize> = vocab.iter().enumerate().map(|(i, (w, _))| (*w, i)).collect();
    let mut ctx_words: Vec<(&String, u32)> = lower_counts.iter().map(|(w, c)| (w, *c)).collect();
    ctx_words.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    ctx_words.truncate(CONTEXTS);
    let ctx_index: HashMap<&str, usize> = ctx_words
        .iter()
        .enumerate()
        .map(|(i, (w, _))| (w.as_str(), i))
        .collect();
    let width = 2 * CONTEXTS;
    let mut m = vec![0f32; vocab.len() * width];
    for words in &tokenized {
        let lower: Vec<Option<usize>> = words
            .iter()
            .map(|w| ctx_index.get(w.to_lowercase().as_str()).copied())
            .collect();
        for (i, w) in words.iter().enumerate() {
            let Some(&v) = index.get(w) else { continue };
            if let Some(Some(c)) = i.checked_sub(1).map(|j| lower[j]) {
                m[v * width + c] += 1.0;
            }
            if let Some(Some(c)) = lower.get(i + 1) {
                m[v * width + CONTEXTS + c] += 1.0;
            }
        }
    }
    // Positive PMI, then a random projection.
    let total: f32 = m.iter().sum();
    let mut col = vec![0f32; width];
    let mut rowsum = vec![0f32; vocab.len()];
    for v in 0..vocab.len() {
        for c in 0..width {
            col[c] += m[v * width + c];
            rowsum[v] += m[v * width + c];
        }
    }
    let mut rng = Rng::new(seed);
    let proj: Vec<f32> = (0..width * DIMS).map(|_| rng.gauss()).collect();
    let mut x = vec![0f32; vocab.len() * DIMS];
    for v in 0..vocab.len() {
        let out = &mut x[v * DIMS..(v + 1) * DIMS];
        for c in 0..width {
            let n = m[v * width + c];
            if n == 0.0 {
                continue;
            }
            let pmi = (n * total / (rowsum[v] * col[c])).ln();
            if pmi <= 0.0 {
                continue;
            }
            let p = &proj[c * DIMS..(c + 1) * DIMS];
            for (o, p) in out.iter_mut().zip(p) {
                *o += pmi * p;
            }
        }
        normalize(out);
    }
    drop(m);
    let fine = kmeans(&x, DIMS, K_FINE, 10, &mut rng);
    let mid = kmeans(&fine.centroids, DIMS, K_MID, 15, &mut rng);
    let coarse = kmeans(&mid.centroids, DIMS, K_COARSE, 15, &mut rng);
    // Most frequent forms first: the first form of a word gives its clusters.
    let mut clusters = String::new();
    let mut listed = HashSet::new();
    for (v, (w, _)) in vocab.iter().enumerate() {
        let lower = w.to_lowercase();
        if !listed.insert(lower.clone()) {
            continue;
        }
        let f = fine.assign[v];
        let md = mid.assign.get(f).copied().unwrap_or(0);
        let c = coarse.assign.get(md).copied().unwrap_or(0);
        let _ = writeln!(clusters, "{lower}\t{f}\t{md}\t{c}");
    }
    let mut caps: Vec<(String, [u32; 2])> = caps.into_iter().filter(|(_, c)| c[0] >= 3).collect();
    caps.sort();
    let mut caps_out = String::new();
    for (w, [n, upper]) in caps {
        let frac = upper as f32 / n as f32;
        let class = if frac < 0.1 {
            1
        } else if frac < 0.8 {
            2
        } else {
            3
        };
        let _ = writeln!(caps_out, "{w}\t{class}");
    }
    (clusters, caps_out)
}

/// Scales `v` to unit length.
fn normalize(v: &mut [f32]) {
    let n = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    if n > 0.0 {
        v.iter_mut().for_each(|x| *x /= n);
    }
}

/// Cluster assignments and unit centroids.
struct Clustering {
    assign: Vec<usize>,
    centroids: Vec<f32>,
}

/// Spherical k-means over unit rows of `x`.
fn kmeans(x: &[f32], dims: usize, k: usize, iterations: usize, rng: &mut Rng) -> Clustering {
    let n = x.len() / dims;
    let k = k.min(n).max(1);
    let mut picks: Vec<usize> = (0..n).collect();
    rng.shuffle(&mut picks);
    let mut centroids: Vec<f32> = picks[..k]
        .iter()
        .flat_map(|&i| x[i * dims..(i + 1) * dims].iter().copied())
        .collect();
    let mut assign = vec![0usize; n];
    for _ in 0..iterations {
        for i in 0..n {
            let xi = &x[i * dims..(i + 1) * dims];
            let mut best = (f32::MIN, 0);
            for c in 0..k {
                let dot: f32 = xi
                    .iter()
                    .zip(&centroids[c * dims..(c + 1) * dims])
                    .map(|(a, b)| a * b)
                    .sum();
                if dot > best.0 {
                    best = (dot, c);
                }
            }
            assign[i] = best.1;
        }
        let mut sums = vec![0f32; k * dims];
        let mut sizes = vec![0usize; k];
        for i in 0..n {
            sizes[assign[i]] += 1;
            for (s, v) in sums[assign[i] * dims..(assign[i] + 1) * dims]
                .iter_mut()
                .zip(&x[i * dims..(i + 1) * dims])
            {
                *s += v;
            }
        }
        for c in 0..k {
            if sizes[c] == 0 {
                let i = rng.below(n);
                sums[c * dims..(c + 1) * dims].copy_from_slice(&x[i * dims..(i + 1) * dims]);
            }
            normalize(&mut sums[c * dims..(c + 1) * dims]);
        }
        centroids = sums;
    }
    Clustering { assign, centroids }
}
