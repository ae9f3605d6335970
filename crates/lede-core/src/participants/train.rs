//! Training for the named-entity tagger (the `train` feature).
//!
//! ```text
//! cargo run --release -p lede-train -- ner [--data ../shared/data/ner]
//!     [--unlabelled ../shared/data/unlabelled/reuters21578.txt]
//!     [--out crates/lede-core/models] [--seed 7] [--epochs 15] [--bits 18]
//!     [--reuse-clusters]
//! ```
//!
//! 1. Word clusters from unlabelled news (Reuters-21578 plus the CoNLL
//!    training text): each word's left and right neighbours, weighted by
//!    positive PMI, randomly projected to 96 dimensions and clustered by
//!    spherical k-means into 1,000 clusters, whose centroids are clustered
//!    again into 200 and 40. Also the capitalization class of each word
//!    inside sentences. Written to `ner.clusters.tsv` and `ner.caps.tsv`.
//! 2. An averaged perceptron over BIO tags, trained greedily left to right
//!    on `conll2003.train.txt` with the document's earlier predictions as
//!    features; the epoch count is picked on `conll2003.dev.txt`.
//! 3. The weights, quantized to bytes, go to `ner.model.bin`; the figures
//!    on dev are printed per type.

use std::collections::HashMap;
use std::error::Error;
use std::path::PathBuf;
use std::time::Instant;

use super::features::{self, History, N_LABELS, Tok, WordTable};
use super::lexicon::Lexicon;
use super::tagger::{self, Entity, Model, allowed};
use crate::Span;
use crate::linear::{Scorer, row};
use crate::tokens::legacy::tokenize;

type Result<T> = std::result::Result<T, Box<dyn Error>>;

/// Command-line options.
#[derive(Debug)]
struct Options {
    data: PathBuf,
    unlabelled: PathBuf,
    out: PathBuf,
    seed: u64,
    epochs: usize,
    bits: u32,
    reuse_clusters: bool,
}

const HELP: &str =
    "lede-train ner [--data DIR] [--unlabelled FILE] [--out DIR] [--seed N] [--epochs N] [--bits N] [--reuse-clusters]

Trains the named-entity tagger on DIR/conll2003.train.txt, picks the epoch on
DIR/conll2003.dev.txt, and writes ner.model.bin, ner.clusters.tsv and
ner.caps.tsv to the output directory (default crates/lede-core/models).";

fn options(args: &[String]) -> Result<Option<Options>> {
    let mut o = Options {
        data: PathBuf::from("../shared/data/ner"),
        unlabelled: PathBuf::from("../shared/data/unlabelled/reuters21578.txt"),
        out: PathBuf::from("crates/lede-core/models"),
        seed: 7,
        epochs: 15,
        bits: 18,
        reuse_clusters: false,
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = || it.next().ok_or_else(|| format!("{a} needs a value"));
        match a.as_str() {
            "--data" => o.data = value()?.into(),
            "--unlabelled" => o.unlabelled = value()?.into(),
            "--out" => o.out = value()?.into(),
            "--seed" => o.seed = value()?.parse()?,
            "--epochs" => o.epochs = value()?.parse()?,
            "--bits" => o.bits = value()?.parse()?,
            "--reuse-clusters" => o.reuse_clusters = true,
            "--help" | "-h" => {
                println!("{HELP}");
                return Ok(None);
            }
            other => return Err(format!("unknown option {other}\n{HELP}").into()),
        }
    }
    if !(10..=24).contains(&o.bits) {
        return Err("--bits must lie in 10..=24".into());
    }
    Ok(Some(o))
}

/// Runs training with command-line `args`.
pub fn main(args: &[String]) -> Result<()> {
    let Some(opts) = options(args)? else { return Ok(()) };
    let start = Instant::now();
    let train = read_conll(&std::fs::read_to_string(opts.data.join("conll2003.train.txt"))?);
    let dev = read_conll(&std::fs::read_to_string(opts.data.join("conll2003.dev.txt"))?);
    eprintln!("train: {} documents, dev: {} documents", train.len(), dev.len());

    let clusters_path = opts.out.join("ner.clusters.tsv");
    let caps_path = opts.out.join("ner.caps.tsv");
    if !opts.reuse_clusters {
        let unlabelled = std::fs::read_to_string(&opts.unlabelled)?;
        let (clusters, caps) = word_tables(&unlabelled, &train, opts.seed);
        std::fs::write(&clusters_path, clusters)?;
        std::fs::write(&caps_path, caps)?;
        eprintln!("clusters written ({:.0?})", start.elapsed());
    }
    let table = WordTable::parse(
        &std::fs::read_to_string(&clusters_path)?,
        &std::fs::read_to_string(&caps_path)?,
    );
    let gazetteer = Lexicon::load().gazetteer();
    let train = prepare(&train, &table, &gazetteer);
    let dev = prepare(&dev, &table, &gazetteer);

    let rows = 1usize << opts.bits;
    let mut p = Perceptron {
        bits: opts.bits,
        w: vec![0.0; rows * N_LABELS],
        u: vec![0.0; rows * N_LABELS],
        c: 1.0,
    };
    let mut rng = Rng(opts.seed ^ 0x9e37_79b9_7f4a_7c15);
    let mut order: Vec<usize> = (0..train.len()).collect();
    let mut best_f1 = -1.0;
    let mut best_weights = Vec::new();
    let mut best_epoch = 0;
    for epoch in 1..=opts.epochs {
        rng.shuffle(&mut order);
        let mut errors = 0usize;
        for &d in &order {
            errors += p.train_document(&train[d]);
        }
        let avg = p.averaged();
        let counts = evaluate(
            &Dense {
                bits: opts.bits,
                w: &avg,
            },
            &dev,
            tagger::BEAM,
        );
        let f1 = counts.f1_scored();
        eprintln!(
            "epoch {epoch}: {errors} training errors, dev PER+ORG+LOC F1 {f1:.4} ({:.0?})",
            start.elapsed()
        );
        if f1 > best_f1 {
            best_f1 = f1;
            best_weights = avg;
            best_epoch = epoch;
        }
    }
    let bytes = Model::to_bytes(opts.bits, &best_weights);
    let model = Model::from_bytes(&bytes).ok_or("quantized model does not read back")?;
    std::fs::write(opts.out.join("ner.model.bin"), &bytes)?;
    for beam in [1, 2, 8] {
        let c = evaluate(&model, &dev, beam);
        println!("beam {beam}: dev PER+ORG+LOC F1 {:.4}", c.f1_scored());
    }
    let t0 = Instant::now();
    let counts = evaluate(&model, &dev, tagger::BEAM);
    let secs = t0.elapsed().as_secs_f64();
    let tokens: usize = dev.iter().flatten().map(|s| s.toks.len()).sum();
    println!(
        "best epoch {best_epoch} of {}; model {} bytes (seed {})",
        opts.epochs,
        bytes.len(),
        opts.seed
    );
    println!("dev figures of the shipped (quantized) model, exact spans:");
    counts.print();
    println!(
        "tagging speed (features prepared): {:.0} tokens/s",
        tokens as f64 / secs.max(1e-9)
    );
    // End to end on one core: tokenizing, features, tagging, as the pipeline runs it.
    let clusters = std::fs::read_to_string(&clusters_path)?;
    let caps = std::fs::read_to_string(&caps_path)?;
    let tagger = tagger::Tagger::new(&bytes, &clusters, &caps, &Lexicon::load()).ok_or("the tagger does not load")?;
    let texts: Vec<String> = dev
        .iter()
        .map(|d| d.iter().map(|s| s.sent.text.as_str()).collect::<Vec<_>>().join("\n"))
        .collect();
    // The best of five runs, as the machine may be shared.
    let mut secs = f64::MAX;
    let mut found = 0;
    for _ in 0..5 {
        let t0 = Instant::now();
        found = 0;
        for text in &texts {
            let mut sentences = Vec::new();
            tagger::sentences_of(text, Span::new(0, text.len()), &mut sentences);
            found += tagger.tag(text, &sentences, &crate::Stop::never()).len();
        }
        secs = secs.min(t0.elapsed().as_secs_f64());
    }
    println!(
        "tagging speed (end to end, from text, best of 5): {:.0} tokens/s ({found} entities)",
        tokens as f64 / secs.max(1e-9)
    );
    println!("total training time {:.0?}", start.elapsed());
    Ok(())
}

/// A sentence of CoNLL data, rebuilt as text and tokenized as the
/// pipeline tokenizes.
#[derive(Debug)]
pub(crate) struct Sent {
    /// Tokens joined by one space.
    pub text: String,
    /// Token spans from [`tokenize`].
    pub spans: Vec<Span>,
    /// Gold tag of each token.
    pub labels: Vec<usize>,
    /// Gold entities.
    pub gold: Vec<Entity>,
}

/// Whether a sentence is a dateline ("LONDON 1996-08-30"), as the scorer's
/// regular expression `^[A-Z][A-Z.'\- ]*( , [A-Za-z.'\- ]+)? \d{4}-\d{2}-\d{2}$` says.
pub(crate) fn is_dateline(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() < 12 {
        return false;
    }
    let (head, date) = b.split_at(b.len() - 11);
    let date_ok = date[0] == b' '
        && date[1..].iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        });
    if !date_ok {
        return false;
    }
    let place =
        |c: &u8, lower: bool| c.is_ascii_uppercase() || (lower && c.is_ascii_lowercase()) || b".'- ".contains(c);
    let (first, rest) = match s[..head.len()].split_once(" , ") {
        Some((a, b)) => (a.as_bytes(), Some(b.as_bytes())),
        None => (head, None),
    };
    first.first().is_some_and(u8::is_ascii_uppercase)
        && first.iter().all(|c| place(c, false))
        && rest.is_none_or(|r| !r.is_empty() && r.iter().all(|c| place(c, true)))
}

/// Reads a CoNLL file into documents, cut as the scorer cuts them.
pub(crate) fn read_conll(data: &str) -> Vec<Vec<Sent>> {
    let mut raw: Vec<Vec<(String, String)>> = Vec::new();
    let mut docs_marks: Vec<usize> = Vec::new();
    let mut cur: Vec<(String, String)> = Vec::new();
    for line in data.lines() {
        if line.starts_with("-DOCSTART-") {
            if !cur.is_empty() {
                raw.push(std::mem::take(&mut cur));
            }
            docs_marks.push(raw.len());
            continue;
        }
        let cols: Vec<&str> = line.split_whitespace().collect();
        match (cols.first(), cols.last()) {
            (Some(w), Some(t)) => cur.push((w.to_string(), t.to_string())),
            _ => {
                if !cur.is_empty() {
                    raw.push(std::mem::take(&mut cur));
                }
            }
        }
    }
    if !cur.is_empty() {
        raw.push(cur);
    }
    let sents: Vec<Sent> = raw.iter().map(|s| sentence(s)).collect();
    let mut cuts = if docs_marks.is_empty() {
        let mut cuts = vec![0];
        for (i, s) in sents.iter().enumerate() {
            if i >= 2 && is_dateline(&s.text) && i - 1 > *cuts.last().unwrap_or(&0) {
                cuts.push(i - 1);
            }
        }
        cuts
    } else {
        docs_marks
    };
    cuts.push(sents.len());
    cuts.dedup();
    let mut docs: Vec<Vec<Sent>> = Vec::new();
    let mut it = sents.into_iter();
    for w in cuts.windows(2) {
        let doc: Vec<Sent> = it.by_ref().take(w[1] - w[0]).collect();
        if !doc.is_empty() {
            docs.push(doc);
        }
    }
    docs
}

/// Rebuilds one sentence.
fn sentence(tokens: &[(String, String)]) -> Sent {
    let mut text = String::new();
    let mut conll_spans = Vec::new();
    let mut gold: Vec<Entity> = Vec::new();
    let mut cur: Option<Entity> = None;
    for (i, (word, tag)) in tokens.iter().enumerate() {
        if i > 0 {
            text.push(' ');
        }
        let span = Span::new(text.len(), text.len() + word.len());
        text.push_str(word);
        conll_spans.push(span);
        let ty = match tag.get(2..) {
            Some("PER") => Some(0),
            Some("ORG") => Some(1),
            Some("LOC") => Some(2),
            Some("MISC") => Some(3),
            _ => None,
        };
        match ty {
            None => gold.extend(cur.take()),
            Some(ty) => {
                if tag.starts_with("B-") || cur.is_none_or(|c| c.ty != ty) {
                    gold.extend(cur.take());
                    cur = Some(Entity { span, ty });
                } else if let Some(c) = cur.as_mut() {
                    c.span = c.span.cover(span);
                }
            }
        }
    }
    gold.extend(cur);
    let spans: Vec<Span> = tokenize(&text, Span::new(0, text.len()))
        .into_iter()
        .map(|t| t.span)
        .collect();
    let labels = spans
        .iter()
        .map(|s| match gold.iter().find(|e| e.span.contains(*s)) {
            Some(e) if e.span.begin == s.begin => 1 + 2 * e.ty,
            Some(e) => 2 + 2 * e.ty,
            None => 0,
        })
        .collect();
    Sent {
        text,
        spans,
        labels,
        gold,
    }
}

/// A sentence with its token features.
struct Prepared<'a> {
    sent: &'a Sent,
    toks: Vec<Tok>,
}

impl<'a> Prepared<'a> {
    fn new(sent: &'a Sent, table: &WordTable, gazetteer: &features::Gazetteer) -> Prepared<'a> {
        let words: Vec<&str> = sent.spans.iter().map(|s| s.slice(&sent.text)).collect();
        let mut toks: Vec<Tok> = words.iter().map(|w| features::tok(w, table)).collect();
        features::mark_sentence(&mut toks, &words);
        gazetteer.mark(&mut toks);
        Prepared { sent, toks }
    }
}

/// The best tag allowed after `prev`.
fn best(scores: &[f32; N_LABELS], prev: usize) -> usize {
    let mut best = 0;
    for l in 1..N_LABELS {
        if allowed(prev, l) && scores[l] > scores[best] {
            best = l;
        }
    }
    best
}

/// Computes the token features of every sentence.
fn prepare<'a>(docs: &'a [Vec<Sent>], table: &WordTable, gazetteer: &features::Gazetteer) -> Vec<Vec<Prepared<'a>>> {
    docs.iter()
        .map(|d| {
            let mut doc: Vec<Prepared> = d.iter().map(|s| Prepared::new(s, table, gazetteer)).collect();
            let flags = features::document_flags(doc.iter().map(|p| p.toks.as_slice()));
            for p in &mut doc {
                features::mark_document(&mut p.toks, &flags);
            }
            doc
        })
        .collect()
}

/// Float weights for training and evaluation.
struct Dense<'a> {
    bits: u32,
    w: &'a [f32],
}

impl Scorer<N_LABELS> for Dense<'_> {
    fn scores(&self, feats: &[u64]) -> [f32; N_LABELS] {
        let mut scores = [0f32; N_LABELS];
        for &f in feats {
            let r = row(f, self.bits) * N_LABELS;
            for (s, w) in scores.iter_mut().zip(&self.w[r..r + N_LABELS]) {
                *s += *w;
            }
        }
        scores
    }
}

/// An averaged perceptron (weights, summed updates scaled by time, time).
struct Perceptron {
    bits: u32,
    w: Vec<f32>,
    u: Vec<f32>,
    c: f32,
}

impl Perceptron {
    /// One greedy pass over a document, updating on each wrong tag; returns
    /// the number of wrong tags.
    fn train_document(&mut self, doc: &[Prepared]) -> usize {
        let mut hist = History::default();
        let mut feats = Vec::with_capacity(96);
        let mut errors = 0;
        let mut predicted = Vec::new();
        for s in doc {
            let (mut prev, mut prev2) = (0, 0);
            predicted.clear();
            for (i, &gold) in s.sent.labels.iter().enumerate() {
                feats.clear();
                features::static_features(&s.toks, i, &mut feats);
                features::dynamic_features(&s.toks, i, prev, prev2, &hist, &mut feats);
                let scores = Dense {
                    bits: self.bits,
                    w: &self.w,
                }
                .scores(&feats);
                let pred = best(&scores, prev);
                // The gold tag reachable from the predicted history.
                let target = if allowed(prev, gold) { gold } else { gold - 1 };
                if pred != target {
                    errors += 1;
                    for &f in &feats {
                        let r = row(f, self.bits) * N_LABELS;
                        self.w[r + target] += 1.0;
                        self.u[r + target] += self.c;
                        self.w[r + pred] -= 1.0;
                        self.u[r + pred] -= self.c;
                    }
                }
                self.c += 1.0;
                predicted.push(pred);
                prev2 = prev;
                prev = pred;
            }
            for (t, &l) in s.toks.iter().zip(&predicted) {
                hist.record(t, l);
            }
        }
        errors
    }

    /// The averaged weights.
    fn averaged(&self) -> Vec<f32> {
        self.w.iter().zip(&self.u).map(|(w, u)| w - u / self.c).collect()
    }
}

/// Per-type counts: true positives, predicted, gold.
#[derive(Debug, Default)]
struct Counts([[usize; 3]; 4]);

const TYPE_NAMES: [&str; 4] = ["PER", "ORG", "LOC", "MISC"];

fn prf(c: [usize; 3]) -> (f64, f64, f64) {
    let p = if c[1] > 0 { c[0] as f64 / c[1] as f64 } else { 0.0 };
    let r = if c[2] > 0 { c[0] as f64 / c[2] as f64 } else { 0.0 };
    let f = if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 };
    (p, r, f)
}

impl Counts {
    /// PER+ORG+LOC micro F1.
    fn f1_scored(&self) -> f64 {
        let mut total = [0; 3];
        for c in &self.0[..3] {
            for k in 0..3 {
                total[k] += c[k];
            }
        }
        prf(total).2
    }

    fn print(&self) {
        for (name, c) in TYPE_NAMES.iter().zip(&self.0) {
            let (p, r, f) = prf(*c);
            println!("{name:<5} P {p:.3}  R {r:.3}  F1 {f:.3}  (gold {})", c[2]);
        }
        let mut total = [0; 3];
        for c in &self.0[..3] {
            for k in 0..3 {
                total[k] += c[k];
            }
        }
        let (p, r, f) = prf(total);
        println!("PER+ORG+LOC  P {p:.3}  R {r:.3}  F1 {f:.3}");
    }
}

/// Tags every dev document and counts exact-span matches.
fn evaluate<S: Scorer<N_LABELS>>(scorer: &S, docs: &[Vec<Prepared>], beam: usize) -> Counts {
    let mut counts = Counts::default();
    let mut hist = History::default();
    let mut feats = Vec::with_capacity(96);
    let mut labels = Vec::new();
    let mut found = Vec::new();
    for doc in docs {
        hist.clear();
        for s in doc {
            labels.clear();
            tagger::decode(scorer, &s.toks, &mut hist, &mut feats, &mut labels, beam);
            found.clear();
            tagger::entities(&s.sent.spans, &labels, &mut found);
            for e in &found {
                counts.0[e.ty][1] += 1;
                if s.sent.gold.contains(e) {
                    counts.0[e.ty][0] += 1;
                }
            }
            for g in &s.sent.gold {
                counts.0[g.ty][2] += 1;
            }
        }
    }
    counts
}

/// A small deterministic generator (SplitMix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        features::finish(self.0)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = self.below(i + 1);
            v.swap(i, j);
        }
    }

    /// A normal-ish draw (sum of uniforms).
    fn gauss(&mut self) -> f32 {
        let mut s = 0.0;
        for _ in 0..4 {
            s += (self.next() >> 11) as f32 / (1u64 << 53) as f32;
        }
        s - 2.0
    }
}

const VOCAB: usize = 30_000;
const MIN_COUNT: u32 = 4;
const CONTEXTS: usize = 800;
const DIMS: usize = 96;
const K_FINE: usize = 1000;
const K_MID: usize = 200;
const K_COARSE: usize = 40;

/// Builds the cluster and capitalization tables from unlabelled text and
/// the training sentences' text.
fn word_tables(unlabelled: &str, train: &[Vec<Sent>], seed: u64) -> (String, String) {
    // Sentences of words: Reuters lines (titles in capitals left out of the
    // capitalization counts), then the CoNLL training text.
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
    let train_text: Vec<&str> = train.iter().flatten().map(|s| s.text.as_str()).collect();
    lines.extend(train_text.iter().map(|t| (*t, false)));

    let mut counts: HashMap<&str, u32> = HashMap::new();
    let mut lower_counts: HashMap<String, u32> = HashMap::new();
    let mut caps: HashMap<String, [u32; 2]> = HashMap::new();
    let mut tokenized: Vec<Vec<&str>> = Vec::with_capacity(lines.len());
    let mut prev_word = ".";
    for (line, body) in &lines {
        let words: Vec<&str> = tokenize(line, Span::new(0, line.len()))
            .iter()
            .map(|t| t.span.slice(line))
            .collect();
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
    let mut rng = Rng(seed);
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
    let mut clusters = String::new();
    for (v, (w, _)) in vocab.iter().enumerate() {
        let f = fine.assign[v];
        let md = mid.assign.get(f).copied().unwrap_or(0);
        let c = coarse.assign.get(md).copied().unwrap_or(0);
        clusters.push_str(&format!("{w}\t{f}\t{md}\t{c}\n"));
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
        caps_out.push_str(&format!("{w}\t{class}\n"));
    }
    (clusters, caps_out)
}

fn normalize(v: &mut [f32]) {
    let n = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    if n > 0.0 {
        v.iter_mut().for_each(|x| *x /= n);
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datelines_match_the_scorers_pattern() {
        assert!(is_dateline("LONDON 1996-08-30"));
        assert!(is_dateline("NEW YORK 1996-08-30"));
        assert!(is_dateline("MOSCOW , Russia 1996-08-30"));
        assert!(!is_dateline("London 1996-08-30"));
        assert!(!is_dateline("LONDON 1996-08"));
    }

    #[test]
    fn conll_sentences_carry_bio_tags_over_pipeline_tokens() {
        let docs = read_conll("India NNP B-NP B-LOC\n's POS B-NP O\nVikram NNP I-NP B-PER\nMisri NNP I-NP I-PER\n");
        let s = &docs[0][0];
        assert_eq!(s.text, "India 's Vikram Misri");
        assert_eq!(s.labels, [5, 0, 1, 2]);
        assert_eq!(s.gold.len(), 2);
    }
}
