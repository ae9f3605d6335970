//! Training, from the PolNeAR data in `../shared/data/statements` (the
//! `train` feature).
//!
//! ```text
//! cargo run --release -p lede-train -- statements [--data DIR] [--out FILE] [--seed N] [--epochs N] [--cue-margin M] [--role-epochs N]
//! ```
//!
//! Reads `polnear.train.jsonl`, trains the cue tagger and the role tagger
//! with an averaged structured perceptron (Viterbi decoding under the BIO
//! constraints, features seen at least `--min-count` times), writes the quantized model,
//! reloads it and prints the figures of `score_statements.py` on
//! `polnear.dev.jsonl`.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use serde_json::Value;

use super::features::{Doc, Feats, Lexicon, Window, cue_features, hash_str};
use super::model::{FeatureMap, Model};
use super::{CON_B, CON_I, CUE, CUE_B, CUE_I, CUE_TAGS, CueConstraint, ROLE_TAGS, RoleConstraint, SRC_B, SRC_I};
use crate::linear::{Constraint, MAX_TAGS, Row, Rows, Tagger, viterbi};
use crate::{Document, Limits, Statement};

type BoxError = Box<dyn std::error::Error>;

/// Runs training with command-line `args`.
pub fn main(args: &[String]) -> Result<(), BoxError> {
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut data = here.join("../../../shared/data/statements");
    let mut out = here.join("models/statements.bin");
    let mut seed: u64 = 1;
    let mut epochs: usize = 6;
    let mut cue_margin: f32 = 16.0;
    let mut role_epochs: usize = 10;
    let mut min_count: u32 = 25;
    let mut pred_out: Option<PathBuf> = None;
    let mut eval_only = false;
    let mut keep_role = false;
    let mut bags: usize = 1;
    let mut bench = 0usize;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = || it.next().ok_or_else(|| format!("{a} needs a value"));
        match a.as_str() {
            "--data" => data = PathBuf::from(value()?),
            "--out" => out = PathBuf::from(value()?),
            "--seed" => seed = value()?.parse()?,
            "--epochs" => epochs = value()?.parse()?,
            "--cue-margin" => cue_margin = value()?.parse()?,
            "--role-epochs" => role_epochs = value()?.parse()?,
            "--min-count" => min_count = value()?.parse()?,
            "--pred-out" => pred_out = Some(PathBuf::from(value()?)),
            "--eval-only" => eval_only = true,
            "--keep-role" => keep_role = true,
            "--bags" => bags = value()?.parse()?,
            "--bench" => bench = value()?.parse()?,
            "--help" | "-h" => {
                println!(
                    "lede-train statements [--data DIR] [--out FILE] [--seed N] [--epochs N] [--cue-margin M] [--role-epochs N] [--min-count N] [--bags N] [--pred-out FILE]"
                );
                return Ok(());
            }
            _ => return Err(format!("unknown option {a}").into()),
        }
    }
    let t0 = std::time::Instant::now();
    let dev = load(&data.join("polnear.dev.jsonl"))?;
    let bytes = if eval_only {
        std::fs::read(&out)?
    } else {
        train(
            &data,
            &out,
            seed,
            Settings {
                epochs,
                cue_margin,
                role_epochs,
                min_count,
                keep_role,
                bags,
            },
        )?
    };
    let mut model = Model::from_bytes(&bytes)?;
    if let Ok(biases) = std::env::var("LEDE_CUE_BIAS_SWEEP") {
        for b in biases.split(',').filter_map(|b| b.parse::<f32>().ok()) {
            model.cue_bias = b;
            let preds: Vec<Vec<Statement>> = dev
                .iter()
                .map(|d| super::find_statements(&d.article, &model, &crate::Stop::never()))
                .collect();
            println!("cue bias {b}:");
            score(&dev, &preds).print();
        }
        model.cue_bias = super::model::CUE_BIAS;
    }
    // The cue tagger alone, before the role tagger drops cues without content.
    let mut cues = [0usize; 3];
    for d in &dev {
        let doc = Doc::new(&d.article, &model.lex);
        let g: HashSet<(usize, usize)> = d
            .quotes
            .iter()
            .flat_map(|q| q.cue.iter())
            .map(|&s| trim(&d.text, s))
            .collect();
        let p: HashSet<(usize, usize)> = super::find_cues(&doc, &model, model.cue_bias)
            .into_iter()
            .map(|(b, e)| trim(&d.text, (doc.toks[b].span.begin, doc.toks[e - 1].span.end)))
            .collect();
        cues[0] += g.intersection(&p).count();
        cues[1] += p.len();
        cues[2] += g.len();
    }
    let (p, r, f) = prf(cues);
    println!("cue tagger alone: exact P {p:.3} R {r:.3} F1 {f:.3}");
    let t1 = std::time::Instant::now();
    let preds: Vec<Vec<Statement>> = dev
        .iter()
        .map(|d| super::find_statements(&d.article, &model, &crate::Stop::never()))
        .collect();
    let elapsed = t1.elapsed();
    let figures = score(&dev, &preds);
    println!(
        "dev (polnear.dev.jsonl, {} articles, {elapsed:.1?}), as score_statements.py computes them:",
        dev.len()
    );
    figures.print();
    if let Some(path) = pred_out {
        std::fs::write(&path, predictions_jsonl(&dev, &preds))?;
        eprintln!("wrote dev predictions to {}", path.display());
    }
    if bench > 0 {
        // Time on the CPU (Linux schedstat, so that waiting for a busy
        // machine's cores does not count), the mean of `bench` rounds:
        // some virtual machines count it in scheduler ticks, too coarse
        // for one round, but even over many.
        let bytes: usize = dev.iter().map(|d| d.text.len()).sum();
        let docs: Vec<Doc> = dev.iter().map(|d| Doc::new(&d.article, &model.lex)).collect();
        // The windows `find_statements` tags roles in: every cue and every
        // further cue candidate.
        let windows: Vec<Vec<Window>> = docs
            .iter()
            .map(|doc| {
                let (cues, extras) = super::find_cue_candidates(doc, &model, model.cue_bias, Some(super::EXTRA_BIAS));
                let cues = cues.into_iter().map(|(b, e)| Window::reaching(doc, b, e, 1));
                cues.chain(extras.into_iter().map(|(b, e)| Window::reaching(doc, b, e, 0)))
                    .collect()
            })
            .collect();
        let tokens: usize = docs.iter().map(|d| d.toks.len()).sum();
        let window_tokens: usize = windows.iter().flatten().map(|w| w.end - w.begin).sum();
        let (mut all, mut cues, mut tokenize, mut roles) = (0.0, 0.0, 0.0, 0.0);
        for _ in 0..bench {
            let t = cpu_seconds();
            for (doc, windows) in docs.iter().zip(&windows) {
                let mut cache = super::TokenCache::new(doc);
                for w in windows {
                    std::hint::black_box(super::find_roles(doc, w, &model, &mut cache));
                }
            }
            roles += cpu_seconds() - t;
            let t = cpu_seconds();
            for d in &dev {
                std::hint::black_box(Doc::new(&d.article, &model.lex));
            }
            tokenize += cpu_seconds() - t;
            let t = cpu_seconds();
            for d in &dev {
                std::hint::black_box(super::find_statements(&d.article, &model, &crate::Stop::never()));
            }
            all += cpu_seconds() - t;
            let t = cpu_seconds();
            for doc in &docs {
                std::hint::black_box(super::find_cue_candidates(
                    doc,
                    &model,
                    model.cue_bias,
                    Some(super::EXTRA_BIAS),
                ));
            }
            cues += cpu_seconds() - t;
        }
        let n = (dev.len() * bench) as f64;
        println!(
            "speed (CPU time): {:.3} ms per article of {} bytes on average, {:.3} ms per 5 KB; the cue tagger alone \
             {:.3} ms per article, the role tagger {:.3} ms, building its tokens (Doc::new) {:.3} ms; {} tokens and {} role-window tokens per article (mean of {bench} rounds)",
            all * 1e3 / n,
            bytes / dev.len(),
            all * 1e3 * 5000.0 / (bytes * bench) as f64,
            cues * 1e3 / n,
            roles * 1e3 / n,
            tokenize * 1e3 / n,
            tokens / dev.len(),
            window_tokens / dev.len(),
        );
    }
    eprintln!("done in {:.1?}", t0.elapsed());
    Ok(())
}

/// Trains on `polnear.train.jsonl` in `data`, writes the model to `out`
/// and returns its bytes.
fn train(data: &std::path::Path, out: &std::path::Path, seed: u64, settings: Settings) -> Result<Vec<u8>, BoxError> {
    let t0 = std::time::Instant::now();
    let train = load(&data.join("polnear.train.jsonl"))?;
    eprintln!("read {} train articles", train.len());

    // Cue words: one-word cues seen three times or more.
    let mut counts: HashMap<String, usize> = HashMap::new();
    for d in &train {
        for q in &d.quotes {
            for &(a, b) in &q.cue {
                let w = d.text[a..b].trim().to_lowercase();
                if !w.is_empty() && !w.contains(char::is_whitespace) {
                    *counts.entry(w).or_default() += 1;
                }
            }
        }
    }
    let cue_words: HashSet<String> = counts.into_iter().filter(|&(_, n)| n >= 3).map(|(w, _)| w).collect();
    eprintln!("{} cue words", cue_words.len());
    let lex = Lexicon::new(
        &super::features::word_set(cue_words.iter().map(String::as_str)),
        read_clusters(&PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("models/ner.clusters.tsv"))?,
    );
    eprintln!("{} words with clusters", lex.clusters.len());

    let mut cue_data = Vec::new();
    let mut role_data = Vec::new();
    for d in &train {
        let doc = Doc::new(&d.article, &lex);
        examples(d, &doc, &mut cue_data, &mut role_data);
    }
    eprintln!(
        "{} cue sequences, {} role windows ({:.1?})",
        cue_data.len(),
        role_data.len(),
        t0.elapsed()
    );

    let mut rng = SplitMix(seed);
    let cue = train_tagger(
        CUE_TAGS,
        &mut cue_data,
        &settings,
        &mut rng,
        |_| Box::new(CueConstraint),
        "cue",
    );
    let role = if settings.keep_role {
        Model::from_bytes(&std::fs::read(out)?)?.role
    } else {
        train_tagger(
            ROLE_TAGS,
            &mut role_data,
            &settings,
            &mut rng,
            |ex| {
                Box::new(RoleConstraint {
                    cue_begin: ex.cue.0,
                    cue_end: ex.cue.1,
                })
            },
            "role",
        )
    };
    let model = Model::new(cue, role, lex, cue_words);
    let bytes = model.to_bytes();
    std::fs::write(out, &bytes)?;
    eprintln!("wrote {} ({} bytes, {:.1?})", out.display(), bytes.len(), t0.elapsed());
    Ok(bytes)
}

/// The word clusters of the participant tagger (`word<TAB>fine<TAB>mid<TAB>coarse`),
/// by lower-cased word: the first (most frequent) spelling of each.
fn read_clusters(path: &std::path::Path) -> Result<super::features::Clusters, BoxError> {
    let raw = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut out = HashMap::default();
    for line in raw.lines() {
        let mut cols = line.split('\t');
        let (Some(word), Some(a), Some(b), Some(c)) = (cols.next(), cols.next(), cols.next(), cols.next()) else {
            continue;
        };
        let ids = [a, b, c].map(|x| x.parse::<u16>().map_or(0, |v| v.saturating_add(1)));
        out.entry(hash_str(&word.to_lowercase())).or_insert(ids);
    }
    Ok(out)
}

/// This thread's time on the CPU in seconds (Linux), or wall time where
/// `/proc/thread-self/schedstat` is missing.
fn cpu_seconds() -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<f64>().ok())
        .map_or_else(
            || std::time::UNIX_EPOCH.elapsed().unwrap_or_default().as_secs_f64(),
            |ns| ns / 1e9,
        )
}

/// Dev predictions as the CLI prints them (only what the scorer reads).
fn predictions_jsonl(docs: &[GoldDoc], preds: &[Vec<Statement>]) -> String {
    let span = |s: crate::Span| serde_json::json!({"begin": s.begin, "end": s.end});
    let mut out = String::new();
    for (d, statements) in docs.iter().zip(preds) {
        let statements: Vec<Value> = statements
            .iter()
            .map(|s| {
                let mut v = serde_json::json!({
                    "id": s.id,
                    "contentSpans": s.content.iter().map(|&c| span(c)).collect::<Vec<_>>(),
                });
                if let Some(sp) = s.speaker {
                    v["speaker"] = serde_json::json!({"span": span(sp), "text": &d.text[sp.begin..sp.end]});
                }
                if let Some(c) = &s.cue {
                    v["cue"] = serde_json::json!({"span": span(c.span), "text": &d.text[c.span.begin..c.span.end], "lemma": c.lemma});
                }
                v
            })
            .collect();
        out.push_str(&serde_json::json!({"documentId": d.id, "statements": statements}).to_string());
        out.push('\n');
    }
    out
}

/// One gold attribution, in UTF-8 byte spans.
pub(crate) struct Gold {
    source: Vec<(usize, usize)>,
    cue: Vec<(usize, usize)>,
    content: Vec<(usize, usize)>,
}

/// One article with its gold attributions.
pub(crate) struct GoldDoc {
    id: String,
    text: String,
    article: crate::Article,
    quotes: Vec<Gold>,
}

/// Reads a PolNeAR JSONL file, converting code-point spans to bytes and
/// parsing each text as the pipeline does.
fn load(path: &std::path::Path) -> Result<Vec<GoldDoc>, BoxError> {
    let raw = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let vocab = crate::pipeline::base_vocabulary();
    let mut out = Vec::new();
    for line in raw.lines().filter(|l| !l.trim().is_empty()) {
        let v: Value = serde_json::from_str(line)?;
        let text = v["text"].as_str().ok_or("record without text")?.to_owned();
        let mut bytes: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        bytes.push(text.len());
        let spans = |q: &Value, key: &str| -> Vec<(usize, usize)> {
            q[key]
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|s| {
                            let a = bytes.get(s[0].as_u64()? as usize)?;
                            let b = bytes.get(s[1].as_u64()? as usize)?;
                            (a < b).then_some((*a, *b))
                        })
                        .collect()
                })
                .unwrap_or_default()
        };
        let quotes = v["quotes"]
            .as_array()
            .map(|qs| {
                qs.iter()
                    .map(|q| Gold {
                        source: spans(q, "speaker_spans"),
                        cue: spans(q, "cue_spans"),
                        content: spans(q, "content_spans"),
                    })
                    .collect()
            })
            .unwrap_or_default();
        let article = crate::parse::parse(&Document::text(text.clone()), &Limits::default(), &vocab)?;
        let id = v["id"].as_str().unwrap_or_default().to_owned();
        out.push(GoldDoc {
            id,
            text,
            article,
            quotes,
        });
    }
    Ok(out)
}

/// A training sequence: flattened features, gold tags and (for role
/// windows) the cue's positions.
struct Example {
    feats: Vec<u32>,
    offsets: Vec<u32>,
    gold: Vec<u8>,
    cue: (usize, usize),
}

/// Token indices whose middle falls inside one of `spans`, as runs.
fn token_runs(doc: &Doc, spans: &[(usize, usize)], range: (usize, usize)) -> Vec<(usize, usize)> {
    let mut runs = Vec::new();
    for &(a, b) in spans {
        let mut start = None;
        for k in range.0..range.1 {
            let t = doc.toks[k].span;
            let inside = (a..b).contains(&((t.begin + t.end) / 2));
            match (inside, start) {
                (true, None) => start = Some(k),
                (false, Some(s)) => {
                    runs.push((s, k));
                    start = None;
                }
                _ => {}
            }
        }
        if let Some(s) = start {
            runs.push((s, range.1));
        }
    }
    runs
}

fn examples(d: &GoldDoc, doc: &Doc, cue_data: &mut Vec<Example>, role_data: &mut Vec<Example>) {
    if doc.toks.is_empty() {
        return;
    }
    let all = (0, doc.toks.len());
    let mut cue_tags = vec![0u8; doc.toks.len()];
    for q in &d.quotes {
        for (b, e) in token_runs(doc, &q.cue, all) {
            cue_tags[b] = CUE_B as u8;
            for t in &mut cue_tags[b + 1..e] {
                *t = CUE_I as u8;
            }
        }
    }
    let mut f = Feats::new();
    for &s in &doc.sents {
        let mut ex = Example {
            feats: Vec::new(),
            offsets: vec![0],
            gold: cue_tags[s.begin..s.end].to_vec(),
            cue: (0, 0),
        };
        let quoted = super::features::quoted(doc, s);
        for i in s.begin..s.end {
            cue_features(doc, s, quoted, i, &mut f);
            ex.feats.extend_from_slice(&f.list);
            ex.offsets.push(ex.feats.len() as u32);
        }
        cue_data.push(ex);
    }
    for q in &d.quotes {
        let Some(&(cb, ce)) = token_runs(doc, &q.cue, all).first() else {
            continue;
        };
        let w = Window::new(doc, cb, ce);
        let range = (w.begin, w.end);
        let mut gold = vec![0u8; w.end - w.begin];
        for (b, e) in token_runs(doc, &q.content, range) {
            gold[b - w.begin] = CON_B as u8;
            for t in &mut gold[b + 1 - w.begin..e - w.begin] {
                *t = CON_I as u8;
            }
        }
        for (b, e) in token_runs(doc, &q.source, range) {
            gold[b - w.begin] = SRC_B as u8;
            for t in &mut gold[b + 1 - w.begin..e - w.begin] {
                *t = SRC_I as u8;
            }
        }
        // Restore B where an overwritten run left an I without its B.
        for k in 0..gold.len() {
            let prev = if k == 0 { 0 } else { gold[k - 1] };
            if gold[k] == SRC_I as u8 && !matches!(usize::from(prev), SRC_B | SRC_I) {
                gold[k] = SRC_B as u8;
            }
            if gold[k] == CON_I as u8 && !matches!(usize::from(prev), CON_B | CON_I) {
                gold[k] = CON_B as u8;
            }
        }
        for t in &mut gold[cb - w.begin..ce - w.begin] {
            *t = CUE as u8;
        }
        // A role resuming right after the cue starts a new chunk.
        if let Some(t) = gold.get_mut(ce - w.begin) {
            if *t == CON_I as u8 {
                *t = CON_B as u8;
            } else if *t == SRC_I as u8 {
                *t = SRC_B as u8;
            }
        }
        let mut ex = Example {
            feats: Vec::new(),
            offsets: vec![0],
            gold,
            cue: (cb - w.begin, ce - w.begin),
        };
        for i in w.begin..w.end {
            w.features(doc, i, &mut f);
            ex.feats.extend_from_slice(&f.list);
            ex.offsets.push(ex.feats.len() as u32);
        }
        role_data.push(ex);
    }
}

/// Averaged perceptron weights under training.
struct Trainer {
    tags: usize,
    rows: FeatureMap<u32>,
    w: Vec<f32>,
    u: Vec<f32>,
    trans: Vec<f32>,
    utrans: Vec<f32>,
    c: f32,
}

impl Trainer {
    fn row(&mut self, f: u32) -> usize {
        let next = self.rows.len() as u32;
        let r = *self.rows.entry(f).or_insert(next) as usize;
        if r == next as usize {
            self.w.extend(std::iter::repeat_n(0.0, self.tags));
            self.u.extend(std::iter::repeat_n(0.0, self.tags));
        }
        r
    }

    fn update(&mut self, feats: &[u32], tag: usize, delta: f32) {
        for &f in feats {
            let r = self.row(f) * self.tags + tag;
            self.w[r] += delta;
            self.u[r] += self.c * delta;
        }
    }

    fn update_trans(&mut self, prev: Option<usize>, tag: usize, delta: f32) {
        let r = prev.unwrap_or(self.tags) * self.tags + tag;
        self.trans[r] += delta;
        self.utrans[r] += self.c * delta;
    }

    fn emit(&self, feats: &[u32], out: &mut [f32]) {
        for f in feats {
            if let Some(&r) = self.rows.get(f) {
                let base = r as usize * self.tags;
                for (o, w) in out.iter_mut().zip(&self.w[base..base + self.tags]) {
                    *o += w;
                }
            }
        }
    }

    /// The averaged weights, unquantized: feature rows and transitions.
    fn averaged(&self) -> (FeatureMap<[f32; MAX_TAGS]>, Vec<f32>) {
        let c = self.c.max(1.0);
        let avg = |w: f32, u: f32| w - u / c;
        let mut rows = FeatureMap::default();
        for (&key, &r) in &self.rows {
            let base = r as usize * self.tags;
            let mut row = [0f32; MAX_TAGS];
            for (t, w) in row.iter_mut().enumerate().take(self.tags) {
                *w = avg(self.w[base + t], self.u[base + t]);
            }
            rows.insert(key, row);
        }
        let trans = self.trans.iter().zip(&self.utrans).map(|(&w, &u)| avg(w, u)).collect();
        (rows, trans)
    }
}

/// Float weights quantized to 16 bits; rows whose weights all fall below a
/// small floor are left out.
fn quantize(tags: usize, weights: &FeatureMap<[f32; MAX_TAGS]>, trans: Vec<f32>) -> Tagger {
    let max = weights
        .values()
        .flat_map(|r| r.iter())
        .fold(0f32, |m, &w| m.max(w.abs()))
        .max(1e-9);
    let scale = max / 32767.0;
    let floor = max / 1000.0;
    let mut rows = Vec::new();
    for (&key, weights) in weights {
        if weights.iter().any(|w| w.abs() > floor) {
            let mut row: Row = [0; MAX_TAGS];
            for (q, w) in row.iter_mut().zip(weights) {
                *q = (w / scale).round().clamp(-32767.0, 32767.0) as i16;
            }
            rows.push((key, row));
        }
    }
    Tagger {
        tags,
        scale,
        rows: Rows::new(tags, rows).expect("distinct feature keys"),
        trans,
    }
}

/// A small deterministic random number generator.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
    }
}

/// Training settings.
struct Settings {
    /// Passes over the data for the cue tagger.
    epochs: usize,
    /// The cue tagger's margin: in training, each wrong tag of a token
    /// scores this much more before decoding (loss-augmented decoding), so
    /// the gold sequence must win by a margin, not just win.
    cue_margin: f32,
    /// Passes over the data for the role tagger.
    role_epochs: usize,
    /// Features seen fewer times are left out.
    min_count: u32,
    /// Averaged perceptrons per tagger, each over its own shuffles.
    bags: usize,
    /// Train the cue tagger only, keeping the role tagger of the model at
    /// `--out` (for experiments on cue features).
    keep_role: bool,
}

type Allowed = Box<dyn Constraint>;

fn train_tagger(
    tags: usize,
    data: &mut [Example],
    settings: &Settings,
    rng: &mut SplitMix,
    allowed: impl Fn(&Example) -> Allowed,
    name: &str,
) -> Tagger {
    // Keep only features seen at least `min_count` times.
    let mut counts: FeatureMap<u32> = FeatureMap::default();
    for ex in data.iter() {
        for &f in &ex.feats {
            *counts.entry(f).or_default() += 1;
        }
    }
    for ex in data.iter_mut() {
        let mut feats = Vec::with_capacity(ex.feats.len());
        let mut offsets = vec![0u32];
        for k in 0..ex.gold.len() {
            let (a, b) = (ex.offsets[k] as usize, ex.offsets[k + 1] as usize);
            feats.extend(
                ex.feats[a..b]
                    .iter()
                    .copied()
                    .filter(|f| counts.get(f).is_some_and(|&n| n >= settings.min_count)),
            );
            offsets.push(feats.len() as u32);
        }
        ex.feats = feats;
        ex.offsets = offsets;
    }
    drop(counts);
    // Bagging over shuffles: the mean of `bags` averaged perceptrons
    // trained on different orders of the data.
    let bags = settings.bags.max(1);
    let mut sum: FeatureMap<[f32; MAX_TAGS]> = FeatureMap::default();
    let mut sum_trans = vec![0f32; (tags + 1) * tags];
    for _ in 0..bags {
        let mut t = Trainer {
            tags,
            rows: FeatureMap::default(),
            w: Vec::new(),
            u: Vec::new(),
            trans: vec![0.0; (tags + 1) * tags],
            utrans: vec![0.0; (tags + 1) * tags],
            c: 1.0,
        };
        let mut order: Vec<usize> = (0..data.len()).collect();
        let mut emissions = Vec::new();
        let (epochs, margin) = if tags == ROLE_TAGS {
            (settings.role_epochs, 0.0)
        } else {
            (settings.epochs, settings.cue_margin)
        };
        for epoch in 0..epochs {
            rng.shuffle(&mut order);
            let (mut wrong, mut total) = (0usize, 0usize);
            for &k in &order {
                let ex = &data[k];
                let n = ex.gold.len();
                emissions.clear();
                emissions.resize(n * tags, 0.0);
                for i in 0..n {
                    let f = &ex.feats[ex.offsets[i] as usize..ex.offsets[i + 1] as usize];
                    let scores = &mut emissions[i * tags..(i + 1) * tags];
                    t.emit(f, scores);
                    if margin != 0.0 {
                        let gold = usize::from(ex.gold[i]);
                        for (tag, e) in scores.iter_mut().enumerate() {
                            if tag != gold {
                                *e += margin;
                            }
                        }
                    }
                }
                let pred = viterbi(n, tags, &emissions, &t.trans, &*allowed(ex));
                total += n;
                if pred != ex.gold {
                    for i in 0..n {
                        let (g, p) = (usize::from(ex.gold[i]), usize::from(pred[i]));
                        let gp = (i > 0).then(|| usize::from(ex.gold[i - 1]));
                        let pp = (i > 0).then(|| usize::from(pred[i - 1]));
                        if g != p {
                            wrong += 1;
                            let f = &ex.feats[ex.offsets[i] as usize..ex.offsets[i + 1] as usize];
                            t.update(f, g, 1.0);
                            t.update(f, p, -1.0);
                        }
                        if g != p || gp != pp {
                            t.update_trans(gp, g, 1.0);
                            t.update_trans(pp, p, -1.0);
                        }
                    }
                }
                t.c += 1.0;
            }
            eprintln!(
                "{name} epoch {}: token error {:.4}",
                epoch + 1,
                wrong as f64 / total.max(1) as f64
            );
        }
        let (rows, trans) = t.averaged();
        for (key, row) in rows {
            let acc = sum.entry(key).or_insert([0.0; MAX_TAGS]);
            for (a, w) in acc.iter_mut().zip(row) {
                *a += w / bags as f32;
            }
        }
        for (a, w) in sum_trans.iter_mut().zip(trans) {
            *a += w / bags as f32;
        }
    }
    let tagger = quantize(tags, &sum, sum_trans);
    eprintln!("{name}: {} feature rows", tagger.rows.iter().count());
    tagger
}

/// The figures of `score_statements.py`.
pub(crate) struct Figures {
    /// Exact (tp, predicted, gold) per role: source, cue, content.
    pub exact: [[usize; 3]; 3],
    /// Token (tp, predicted, gold) per role.
    pub token: [[usize; 3]; 3],
    /// Statement matches.
    pub statement: [usize; 3],
    /// Statement matches with the speaker.
    pub statement_speaker: [usize; 3],
}

fn prf(c: [usize; 3]) -> (f64, f64, f64) {
    let p = if c[1] > 0 { c[0] as f64 / c[1] as f64 } else { 0.0 };
    let r = if c[2] > 0 { c[0] as f64 / c[2] as f64 } else { 0.0 };
    let f = if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 };
    (p, r, f)
}

impl Figures {
    fn print(&self) {
        println!(
            "{:<10}{:>9}{:>7}{:>7}   {:>8}{:>7}{:>7}",
            "role", "exact P", "R", "F1", "token P", "R", "F1"
        );
        for (k, role) in ["source", "cue", "content"].iter().enumerate() {
            let (ep, er, ef) = prf(self.exact[k]);
            let (tp, tr, tf) = prf(self.token[k]);
            println!("{role:<10}{ep:>9.3}{er:>7.3}{ef:>7.3}   {tp:>8.3}{tr:>7.3}{tf:>7.3}");
        }
        let (sp, sr, sf) = prf(self.statement);
        let (kp, kr, kf) = prf(self.statement_speaker);
        println!("statement          P {sp:.3}  R {sr:.3}  F1 {sf:.3}");
        println!("statement+speaker  P {kp:.3}  R {kr:.3}  F1 {kf:.3}");
    }
}

/// Outer characters the scorer trims before exact comparison.
const TRIM: &str = " \t\r\n\"'“”‘’.,;:—–-―()";

/// Scores statements against gold as `score_statements.py` does, in byte
/// offsets (equal to its code-point comparison since both map one to one).
fn score(docs: &[GoldDoc], preds: &[Vec<Statement>]) -> Figures {
    let mut fig = Figures {
        exact: [[0; 3]; 3],
        token: [[0; 3]; 3],
        statement: [0; 3],
        statement_speaker: [0; 3],
    };
    for (d, pred) in docs.iter().zip(preds) {
        let text = d.text.as_str();
        let words = word_tokens(text);
        let mut gold_roles: [Vec<(usize, usize)>; 3] = Default::default();
        let mut gold_items = Vec::new();
        for q in &d.quotes {
            gold_roles[0].extend(&q.source);
            gold_roles[1].extend(&q.cue);
            gold_roles[2].extend(&q.content);
            gold_items.push((q.source.clone(), token_ids(&words, &q.content)));
        }
        let mut pred_roles: [Vec<(usize, usize)>; 3] = Default::default();
        let mut pred_items = Vec::new();
        for s in pred {
            let src: Vec<(usize, usize)> = s.speaker.iter().map(|sp| (sp.begin, sp.end)).collect();
            pred_roles[0].extend(&src);
            pred_roles[1].extend(s.cue.iter().map(|c| (c.span.begin, c.span.end)));
            let con: Vec<(usize, usize)> = s.content.iter().map(|c| (c.begin, c.end)).collect();
            pred_roles[2].extend(&con);
            pred_items.push((src, token_ids(&words, &con)));
        }
        for r in 0..3 {
            let g: HashSet<(usize, usize)> = gold_roles[r].iter().map(|&s| trim(text, s)).collect();
            let p: HashSet<(usize, usize)> = pred_roles[r].iter().map(|&s| trim(text, s)).collect();
            fig.exact[r][0] += g.intersection(&p).count();
            fig.exact[r][1] += p.len();
            fig.exact[r][2] += g.len();
            let gt = token_ids(&words, &gold_roles[r]);
            let pt = token_ids(&words, &pred_roles[r]);
            fig.token[r][0] += gt.intersection(&pt).count();
            fig.token[r][1] += pt.len();
            fig.token[r][2] += gt.len();
        }
        for (counts, need_speaker) in [(&mut fig.statement, false), (&mut fig.statement_speaker, true)] {
            let mut used = HashSet::new();
            for (psrc, ptoks) in &pred_items {
                let mut best = (0.0, None);
                for (j, (gsrc, gtoks)) in gold_items.iter().enumerate() {
                    if used.contains(&j) || ptoks.is_empty() || gtoks.is_empty() {
                        continue;
                    }
                    let dice = 2.0 * ptoks.intersection(gtoks).count() as f64 / (ptoks.len() + gtoks.len()) as f64;
                    if dice < 0.5 {
                        continue;
                    }
                    if need_speaker
                        && (!gsrc.is_empty() || !psrc.is_empty())
                        && !psrc
                            .iter()
                            .any(|&(pa, pb)| gsrc.iter().any(|&(ga, gb)| pa < gb && ga < pb))
                    {
                        continue;
                    }
                    if dice > best.0 {
                        best = (dice, Some(j));
                    }
                }
                if let (_, Some(j)) = best {
                    used.insert(j);
                    counts[0] += 1;
                }
            }
            counts[1] += pred_items.len();
            counts[2] += gold_items.len();
        }
    }
    fig
}

/// `re.finditer(r"\w+")` spans.
fn word_tokens(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        let word = c.is_alphanumeric() || c == '_';
        match (word, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, text.len()));
    }
    out
}

fn token_ids(words: &[(usize, usize)], spans: &[(usize, usize)]) -> HashSet<usize> {
    let mut out = HashSet::new();
    for &(a, b) in spans {
        let first = words.partition_point(|&(wa, _)| wa < a);
        for (k, &(wa, wb)) in words.iter().enumerate().skip(first) {
            if wa >= b {
                break;
            }
            if wb <= b {
                out.insert(k);
            }
        }
    }
    out
}

fn trim(text: &str, (mut a, mut b): (usize, usize)) -> (usize, usize) {
    while a < b {
        match text[a..b].chars().next() {
            Some(c) if TRIM.contains(c) => a += c.len_utf8(),
            _ => break,
        }
    }
    while b > a {
        match text[a..b].chars().next_back() {
            Some(c) if TRIM.contains(c) => b -= c.len_utf8(),
            _ => break,
        }
    }
    (a, b)
}
