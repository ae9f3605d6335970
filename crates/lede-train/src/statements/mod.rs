//! `lede-train statements`: the cue and role taggers of the statements
//! stage, from the PolNeAR data in `../shared/data/statements`.
//!
//! Reads `polnear.train.jsonl`, learns the cue words (one-word cues seen
//! three times or more), parses every article with a vocabulary holding
//! them, trains the cue tagger and the role tagger with an averaged
//! structured perceptron (Viterbi decoding under the constraints of their
//! tags: B I L U for cues, B I for sources and contents; features seen at
//! least `--cue-min-count` or `--min-count` times), writes the model
//! quantized to a byte a weight (rows under `--cue-min-weight` or
//! `--min-weight` quanta left out; the cue rows without the O weight),
//! reloads it and prints the figures of `score_statements.py` on
//! `polnear.dev.jsonl`. The same seed gives the same file, byte for byte.
//! With `--folds K` it cross-validates instead, over K folds of the
//! training articles (dealt to folds in turn), and writes no model.

mod data;
mod perceptron;
mod score;

use std::ops::Range;
use std::path::{Path, PathBuf};

use lede_core::Statement;
use lede_core::train::statements::{
    CON_B, CON_I, CUE, CUE_B, CUE_I, CUE_L, CUE_TAGS, CUE_U, Features, Model, ROLE_TAGS, SRC_B, SRC_I, Vocab,
    decode_cues, decode_roles,
};

use self::data::{ByteSpan, GoldDoc};
use self::perceptron::{Example, Settings, SplitMix};
use self::score::{prf, score, trim};
use crate::BoxError;

/// The options of `lede-train statements`.
#[derive(clap::Args)]
pub(crate) struct Args {
    /// The directory of `polnear.train.jsonl` and `polnear.dev.jsonl`.
    #[arg(long, default_value_os_t = from_here("../../../shared/data/statements"))]
    data: PathBuf,
    /// The model file to write (or, with `--eval-only`, to read).
    #[arg(long, default_value_os_t = from_here("../lede-core/models/statements.bin"))]
    out: PathBuf,
    /// The dev set to score (default: `polnear.dev.jsonl` in `--data`),
    /// e.g. a hard-wrapped copy made by `../shared/eval/wrap.py`.
    #[arg(long)]
    dev: Option<PathBuf>,
    /// The seed of the shuffles.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Passes of the cue tagger over the data.
    #[arg(long, default_value_t = 6)]
    epochs: usize,
    /// The cue tagger's training margin (loss-augmented decoding).
    #[arg(long, default_value_t = 16.0)]
    cue_margin: f32,
    /// Passes of the role tagger over the data.
    #[arg(long, default_value_t = 10)]
    role_epochs: usize,
    /// Features seen fewer times in training are left out of the role
    /// tagger.
    #[arg(long, default_value_t = 25)]
    min_count: u32,
    /// Feature rows whose largest weight quantizes to fewer quanta (of 127
    /// for the largest weight of the tagger) are left out: 3 keeps half of
    /// the role tagger's rows and three quarters of the cue tagger's, with
    /// the same 5-fold figures as keeping all (4 keeps fewer, also with the
    /// same figures, but loses short statements after a headline), and the
    /// tables then fit the L2 cache with the NER table.
    #[arg(long, default_value_t = 3)]
    min_weight: u8,
    /// `--min-weight` of the cue tagger: 4 keeps its table (five tags,
    /// the `O` weights left out) the size of the three-tag one, with the
    /// same 5-fold figures as 3.
    #[arg(long, default_value_t = 4)]
    cue_min_weight: u8,
    /// Features seen fewer times are left out of the cue tagger: fewer
    /// than the role tagger's, so that words seen a few times as cues keep
    /// their weights.
    #[arg(long, default_value_t = 10)]
    cue_min_count: u32,
    /// Averaged perceptrons per tagger, each over its own shuffles: their
    /// mean varies less from seed to seed than one.
    #[arg(long, default_value_t = 3)]
    bags: usize,
    /// One-word cues seen fewer times in training are no cue words.
    #[arg(long, default_value_t = 3)]
    min_cue_count: usize,
    /// Score the model at `--out` without training.
    #[arg(long)]
    eval_only: bool,
    /// Train the cue tagger only, keeping the role tagger of the model at
    /// `--out` (for experiments on cue features).
    #[arg(long)]
    keep_role: bool,
    /// Write the dev predictions (as `lede analyze --jsonl` would, only what
    /// the scorer reads) to this file.
    #[arg(long)]
    pred_out: Option<PathBuf>,
    /// Score again (the dev set, or each fold with `--folds`) with each of
    /// these settings of the decoding, comma-separated, each
    /// `CUE_BIAS/EXTRA_BIAS/EXTRA_MIN_CONTENT/EXTRA_MAX_GAP` (the bias of
    /// the cue tagger, that of its second decoding for further cues, the
    /// fewest content tokens and the most tokens to the speaker such a cue
    /// needs).
    #[arg(long, value_delimiter = ',', value_parser = parse_setting)]
    sweep: Vec<Setting>,
    /// Score (and write `--pred-out`) with this setting of the decoding
    /// in place of the shipped one (as in `--sweep`).
    #[arg(long, value_parser = parse_setting)]
    setting: Option<Setting>,
    /// Time the stage on the dev set over this many rounds (CPU time).
    #[arg(long, default_value_t = 0)]
    bench: usize,
    /// Cross-validate over this many folds of the training articles
    /// instead of training the shipped model (nothing is written).
    #[arg(long)]
    folds: Option<usize>,
}

/// A setting of the decoding: cue bias, and the further cues' bias, fewest
/// content tokens and most tokens to the speaker.
#[derive(Clone, Copy, Debug)]
struct Setting(f32, (f32, usize, usize));

fn parse_setting(s: &str) -> Result<Setting, String> {
    let parts: Vec<&str> = s.split('/').collect();
    let [cb, eb, mc, mg] = parts[..] else {
        return Err(format!("{s}: want CUE_BIAS/EXTRA_BIAS/EXTRA_MIN_CONTENT/EXTRA_MAX_GAP"));
    };
    let f = |x: &str| x.parse::<f32>().map_err(|e| format!("{x}: {e}"));
    let u = |x: &str| x.parse::<usize>().map_err(|e| format!("{x}: {e}"));
    Ok(Setting(f(cb)?, (f(eb)?, u(mc)?, u(mg)?)))
}

impl Setting {
    /// Applies the setting to `model`; returns the one it replaced.
    fn apply(self, model: &mut Model) -> Setting {
        let old = Setting(model.cue_bias(), model.extra());
        model.set_cue_bias(self.0);
        model.set_extra(self.1);
        old
    }
}

/// `path` relative to this crate's folder.
fn from_here(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// A dev article, parsed.
struct DevDoc {
    gold: GoldDoc,
    article: lede_core::Article,
}

/// Trains (unless `--eval-only`), writes the model and scores it on dev.
pub(crate) fn run(args: Args) -> Result<(), BoxError> {
    let t0 = std::time::Instant::now();
    if let Some(folds) = args.folds {
        return cross_validate(&args, folds.max(2));
    }
    let mut model = if args.eval_only {
        Model::from_bytes(&std::fs::read(&args.out).map_err(|e| format!("{}: {e}", args.out.display()))?)?
    } else {
        let model = train(&args)?;
        let bytes = model.to_bytes();
        std::fs::write(&args.out, &bytes)?;
        eprintln!(
            "wrote {} ({} bytes, {:.1?})",
            args.out.display(),
            bytes.len(),
            t0.elapsed()
        );
        // Scored as the finder reads it: from the file.
        Model::from_bytes(&bytes)?
    };
    let dev_path = args.dev.clone().unwrap_or_else(|| args.data.join("polnear.dev.jsonl"));
    let dev = data::load(&dev_path)?
        .into_iter()
        .map(|gold| {
            let article = model.vocab().parse(&gold.text)?;
            Ok(DevDoc { gold, article })
        })
        .collect::<Result<Vec<_>, BoxError>>()?;
    let golds: Vec<&GoldDoc> = dev.iter().map(|d| &d.gold).collect();
    let predict =
        |model: &Model| -> Vec<Vec<Statement>> { dev.iter().map(|d| model.find_statements(&d.article)).collect() };
    if let Some(setting) = args.setting {
        setting.apply(&mut model);
    }
    for &setting in &args.sweep {
        let old = setting.apply(&mut model);
        println!("{setting:?}:");
        score(&golds, &predict(&model)).print();
        old.apply(&mut model);
    }
    // The cue tagger alone, before the role tagger drops cues without content.
    let mut cues = [0usize; 3];
    for d in &dev {
        let text = d.gold.text.as_str();
        let gold: std::collections::HashSet<ByteSpan> = d
            .gold
            .quotes
            .iter()
            .flat_map(|q| &q.cue)
            .map(|&s| trim(text, s))
            .collect();
        let found: std::collections::HashSet<ByteSpan> = model
            .find_cues(&Features::new(&d.article))
            .into_iter()
            .map(|s| trim(text, (s.begin, s.end)))
            .collect();
        cues[0] += gold.intersection(&found).count();
        cues[1] += found.len();
        cues[2] += gold.len();
    }
    let (p, r, f) = prf(cues);
    println!("cue tagger alone: exact P {p:.3} R {r:.3} F1 {f:.3}");
    let t1 = std::time::Instant::now();
    let preds = predict(&model);
    let elapsed = t1.elapsed();
    println!(
        "dev ({}, {} articles, {elapsed:.1?}), as score_statements.py computes them:",
        dev_path.display(),
        dev.len()
    );
    score(&golds, &preds).print();
    if let Some(path) = &args.pred_out {
        std::fs::write(path, predictions_jsonl(&golds, &preds))?;
        eprintln!("wrote dev predictions to {}", path.display());
    }
    if args.bench > 0 {
        bench(&model, &dev, args.bench);
    }
    eprintln!("done in {:.1?}", t0.elapsed());
    Ok(())
}

/// Trains on all folds of `polnear.train.jsonl` but one and scores the
/// one left out, for each fold; prints each fold's figures, then the mean
/// and spread of statement+speaker F1 and cue exact F1.
fn cross_validate(args: &Args, folds: usize) -> Result<(), BoxError> {
    let train = data::load(&args.data.join("polnear.train.jsonl"))?;
    let mut figures = Vec::new();
    let mut swept = vec![Vec::new(); args.sweep.len()];
    for k in 0..folds {
        let fold = |keep: bool| -> Vec<&GoldDoc> {
            train
                .iter()
                .enumerate()
                .filter(|(d, _)| (d % folds == k) == keep)
                .map(|(_, doc)| doc)
                .collect()
        };
        let (held, rest) = (fold(true), fold(false));
        let model = train_on(args, &rest)?;
        // As the finder reads it: from its bytes.
        let mut model = Model::from_bytes(&model.to_bytes())?;
        let articles = held
            .iter()
            .map(|d| model.vocab().parse(&d.text))
            .collect::<Result<Vec<_>, _>>()?;
        let predict =
            |model: &Model| -> Vec<Vec<Statement>> { articles.iter().map(|a| model.find_statements(a)).collect() };
        for (setting, out) in args.sweep.iter().zip(&mut swept) {
            let old = setting.apply(&mut model);
            let f = score(&held, &predict(&model));
            out.push((prf(f.statement_speaker).2, prf(f.exact[1]).2));
            old.apply(&mut model);
        }
        let f = score(&held, &predict(&model));
        println!("fold {} ({} articles held out):", k + 1, held.len());
        f.print();
        figures.push((prf(f.statement_speaker).2, prf(f.exact[1]).2));
    }
    let spread = |xs: Vec<f64>| {
        let n = xs.len() as f64;
        let mean = xs.iter().sum::<f64>() / n;
        let sd = (xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0).max(1.0)).sqrt();
        (mean, sd)
    };
    for (setting, figures) in args.sweep.iter().zip(&swept) {
        let (ss, ss_sd) = spread(figures.iter().map(|f| f.0).collect());
        let (cue, cue_sd) = spread(figures.iter().map(|f| f.1).collect());
        println!("{setting:?}: statement+speaker F1 {ss:.3} (sd {ss_sd:.3}), cue exact F1 {cue:.3} (sd {cue_sd:.3})");
    }
    let (ss, ss_sd) = spread(figures.iter().map(|f| f.0).collect());
    let (cue, cue_sd) = spread(figures.iter().map(|f| f.1).collect());
    println!(
        "{folds}-fold cross-validation over PolNeAR train (seed {}): statement+speaker F1 {ss:.3} (sd {ss_sd:.3}), cue exact F1 {cue:.3} (sd {cue_sd:.3})",
        args.seed
    );
    Ok(())
}

/// Trains both taggers on `polnear.train.jsonl`.
fn train(args: &Args) -> Result<Model, BoxError> {
    let train = data::load(&args.data.join("polnear.train.jsonl"))?;
    eprintln!("read {} train articles", train.len());
    train_on(args, &train.iter().collect::<Vec<_>>())
}

/// Trains both taggers on `train`.
fn train_on(args: &Args, train: &[&GoldDoc]) -> Result<Model, BoxError> {
    let t0 = std::time::Instant::now();
    // The cue words first: the articles are parsed with a vocabulary that
    // holds them, as the finder will read them.
    let cue_words = data::cue_words(train, args.min_cue_count);
    eprintln!("{} cue words", cue_words.len());
    let vocab = Vocab::new(&cue_words);
    let mut cue_data = Vec::new();
    let mut role_data = Vec::new();
    for &d in train {
        let article = vocab.parse(&d.text)?;
        examples(d, &Features::new(&article), &mut cue_data, &mut role_data);
    }
    eprintln!(
        "{} cue sequences, {} role windows ({:.1?})",
        cue_data.len(),
        role_data.len(),
        t0.elapsed()
    );
    let mut rng = SplitMix(args.seed);
    // The cue tagger's rows leave out the `O` weights (subtracted from
    // the others'): a smaller table, the same decoding.
    let settings = |epochs, margin, min_count, min_weight, without_first| Settings {
        epochs,
        margin,
        min_count,
        bags: args.bags,
        min_weight,
        without_first,
    };
    let cue = perceptron::train(
        CUE_TAGS,
        &mut cue_data,
        &settings(
            args.epochs,
            args.cue_margin,
            args.cue_min_count,
            args.cue_min_weight,
            true,
        ),
        &mut rng,
        &|ex, emissions, trans| decode_cues(ex.gold.len(), emissions, trans),
        "cue",
    )?;
    let role = if args.keep_role {
        Model::from_bytes(&std::fs::read(&args.out)?)?.role()
    } else {
        perceptron::train(
            ROLE_TAGS,
            &mut role_data,
            &settings(args.role_epochs, 0.0, args.min_count, args.min_weight, false),
            &mut rng,
            &|ex, emissions, trans| decode_roles(ex.gold.len(), emissions, trans, ex.cue.clone()),
            "role",
        )?
    };
    Ok(Model::new(cue, role, cue_words))
}

/// Token indices of `range` whose middle falls inside one of `spans`, as
/// runs.
fn token_runs(tokens: &[lede_core::Span], spans: &[ByteSpan], range: Range<usize>) -> Vec<Range<usize>> {
    let mut runs = Vec::new();
    for &(a, b) in spans {
        let mut start = None;
        for k in range.clone() {
            let t = tokens[k];
            let inside = (a..b).contains(&((t.begin + t.end) / 2));
            match (inside, start) {
                (true, None) => start = Some(k),
                (false, Some(s)) => {
                    runs.push(s..k);
                    start = None;
                }
                _ => {}
            }
        }
        if let Some(s) = start {
            runs.push(s..range.end);
        }
    }
    runs
}

/// Marks `runs` (relative to `base`) in `tags` as chunks of `b` and `i`.
fn mark(tags: &mut [u8], runs: Vec<Range<usize>>, base: usize, b: usize, i: usize) {
    for r in runs {
        tags[r.start - base] = b as u8;
        for t in &mut tags[r.start + 1 - base..r.end - base] {
            *t = i as u8;
        }
    }
}

/// The cue sequences (every sentence) and role windows (every gold cue) of
/// one article, with their gold tags.
fn examples(d: &GoldDoc, doc: &Features, cue_data: &mut Vec<Example>, role_data: &mut Vec<Example>) {
    let tokens = doc.spans();
    if tokens.is_empty() {
        return;
    }
    let all = 0..tokens.len();
    let mut cue_tags = vec![0u8; tokens.len()];
    for q in &d.quotes {
        mark(&mut cue_tags, token_runs(&tokens, &q.cue, all.clone()), 0, CUE_B, CUE_I);
    }
    // A cue of one token is `U`; a longer cue's last token `L`.
    for k in 0..cue_tags.len() {
        let next_i = cue_tags.get(k + 1).is_some_and(|&t| usize::from(t) == CUE_I);
        match usize::from(cue_tags[k]) {
            CUE_B if !next_i => cue_tags[k] = CUE_U as u8,
            CUE_I if !next_i => cue_tags[k] = CUE_L as u8,
            _ => {}
        }
    }
    for s in doc.sentences() {
        cue_data.push(Example {
            gold: cue_tags[s.clone()].to_vec(),
            seq: doc.cue_sequence(s),
            cue: 0..0,
        });
    }
    for q in &d.quotes {
        let Some(cue) = token_runs(&tokens, &q.cue, all.clone()).into_iter().next() else {
            continue;
        };
        let (window, seq) = doc.role_sequence(cue.clone());
        let base = window.start;
        let mut gold = vec![0u8; window.len()];
        mark(
            &mut gold,
            token_runs(&tokens, &q.content, window.clone()),
            base,
            CON_B,
            CON_I,
        );
        mark(
            &mut gold,
            token_runs(&tokens, &q.source, window.clone()),
            base,
            SRC_B,
            SRC_I,
        );
        // Restore B where an overwritten run left an I without its B.
        for k in 0..gold.len() {
            let prev = if k == 0 { 0 } else { usize::from(gold[k - 1]) };
            if usize::from(gold[k]) == SRC_I && !matches!(prev, SRC_B | SRC_I) {
                gold[k] = SRC_B as u8;
            }
            if usize::from(gold[k]) == CON_I && !matches!(prev, CON_B | CON_I) {
                gold[k] = CON_B as u8;
            }
        }
        for t in &mut gold[cue.start - base..cue.end - base] {
            *t = CUE as u8;
        }
        // A role resuming right after the cue starts a new chunk.
        if let Some(t) = gold.get_mut(cue.end - base) {
            if usize::from(*t) == CON_I {
                *t = CON_B as u8;
            } else if usize::from(*t) == SRC_I {
                *t = SRC_B as u8;
            }
        }
        role_data.push(Example {
            seq,
            gold,
            cue: cue.start - base..cue.end - base,
        });
    }
}

/// Dev predictions as the CLI prints them (only what the scorer reads).
fn predictions_jsonl(docs: &[&GoldDoc], preds: &[Vec<Statement>]) -> String {
    use serde_json::json;
    let span = |s: lede_core::Span| json!({"begin": s.begin, "end": s.end});
    let mut out = String::new();
    for (d, statements) in docs.iter().zip(preds) {
        let statements: Vec<serde_json::Value> = statements
            .iter()
            .map(|s| {
                let mut v = json!({
                    "id": s.id,
                    "contentSpans": s.content.iter().map(|&c| span(c)).collect::<Vec<_>>(),
                });
                if let Some(sp) = s.speaker {
                    v["speaker"] = json!({"span": span(sp), "text": &d.text[sp.begin..sp.end]});
                }
                if let Some(c) = &s.cue {
                    v["cue"] =
                        json!({"span": span(c.span), "text": &d.text[c.span.begin..c.span.end], "lemma": c.lemma});
                }
                v
            })
            .collect();
        out.push_str(&json!({"documentId": d.id, "statements": statements}).to_string());
        out.push('\n');
    }
    out
}

/// Prints the stage's time on the CPU (Linux schedstat, so that waiting
/// for a busy machine's cores does not count), the mean of `rounds` rounds:
/// some virtual machines count it in scheduler ticks, too coarse for one
/// round, but even over many.
fn bench(model: &Model, dev: &[DevDoc], rounds: usize) {
    let bytes: usize = dev.iter().map(|d| d.gold.text.len()).sum();
    let docs: Vec<Features> = dev.iter().map(|d| Features::new(&d.article)).collect();
    let windows: Vec<_> = docs.iter().map(|doc| model.role_windows(doc)).collect();
    let tokens: usize = docs.iter().map(|d| d.spans().len()).sum();
    let window_tokens: usize = windows.iter().map(|w| w.tokens()).sum();
    let (mut all, mut cues, mut view, mut roles) = (0.0, 0.0, 0.0, 0.0);
    for _ in 0..rounds {
        let t = cpu_seconds();
        for (doc, windows) in docs.iter().zip(&windows) {
            std::hint::black_box(model.tag_roles(doc, windows));
        }
        roles += cpu_seconds() - t;
        let t = cpu_seconds();
        for d in dev {
            std::hint::black_box(Features::new(&d.article));
        }
        view += cpu_seconds() - t;
        let t = cpu_seconds();
        for d in dev {
            std::hint::black_box(model.find_statements(&d.article));
        }
        all += cpu_seconds() - t;
        let t = cpu_seconds();
        for doc in &docs {
            std::hint::black_box(model.role_windows(doc));
        }
        cues += cpu_seconds() - t;
    }
    let n = (dev.len() * rounds) as f64;
    println!(
        "speed (CPU time): {:.3} ms per article of {} bytes on average, {:.3} ms per 5 KB; the cue tagger alone \
         {:.3} ms per article, the role tagger {:.3} ms, the document view {:.3} ms; {} tokens and {} role-window \
         tokens per article (mean of {rounds} rounds)",
        all * 1e3 / n,
        bytes / dev.len(),
        all * 1e3 * 5000.0 / (bytes * rounds) as f64,
        cues * 1e3 / n,
        roles * 1e3 / n,
        view * 1e3 / n,
        tokens / dev.len(),
        window_tokens / dev.len(),
    );
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
