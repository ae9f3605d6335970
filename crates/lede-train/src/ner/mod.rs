//! `lede-train ner`: word clusters from unlabelled news, then the
//! named-entity tagger on CoNLL-2003 and GUM's named entities.
//!
//! 1. Word clusters and capitalization classes ([`clusters`]), written to
//!    `clusters.tsv` and `caps.tsv`: the vocabulary every stage's tokens
//!    carry (the statements stage reads the clusters too).
//! 2. The training and dev documents, rebuilt as the scorer rebuilds them,
//!    are read as the pipeline reads them (parse, the token layer, the
//!    story sentences; [`lede_core::train::ner::Reader`]), and tagged from
//!    the gold entities.
//! 3. An averaged perceptron over BIO tags ([`perceptron`]), trained
//!    greedily on CoNLL-2003 train and GUM (`gum.train.txt`, updates
//!    weighted by `--gum-weight`); the epoch is picked on CoNLL dev; the weights, quantized to a
//!    byte, go to `ner.model.bin`. The dev figures of the shipped model
//!    are printed per type.
//!
//! With `--folds K` it cross-validates instead, over K folds of the
//! CoNLL training documents, and with `--gum-folds K` over K folds of the
//! GUM documents; either writes nothing.

mod clusters;
mod conll;
mod perceptron;
mod rng;

use std::path::{Path, PathBuf};
use std::time::Instant;

use lede_core::train::ner::{BEAM, Reader, model_file, read_model};

use crate::BoxError;
use perceptron::{Dense, Example, Perceptron, evaluate};
use rng::Rng;

/// The options of `lede-train ner`.
#[derive(clap::Args)]
pub(crate) struct Args {
    /// Directory of conll2003.train.txt, conll2003.dev.txt and gum.train.txt.
    #[arg(long, default_value = "../shared/data/ner")]
    data: PathBuf,
    /// Unlabelled news for the word clusters (Reuters-21578 as one file).
    #[arg(long, default_value = "../shared/data/unlabelled/reuters21578.txt")]
    unlabelled: PathBuf,
    /// Where the model and word tables are written (and read with --reuse-clusters).
    #[arg(long, default_value = "crates/lede-core/models")]
    out: PathBuf,
    /// Seed of the random projection, k-means and the training order.
    #[arg(long, default_value_t = 7)]
    seed: u64,
    /// Passes over the training set (the best on dev is kept).
    #[arg(long, default_value_t = 15)]
    epochs: usize,
    /// Rows of the hashed weight table, as a power of two.
    #[arg(long, default_value_t = 16, value_parser = clap::value_parser!(u32).range(10..=24))]
    bits: u32,
    /// Keep the word tables in --out and train the tagger only.
    #[arg(long)]
    reuse_clusters: bool,
    /// Cross-validate over this many folds of the training set instead
    /// (each fold trained for --epochs passes); writes nothing.
    #[arg(long, value_parser = clap::value_parser!(u32).range(2..=20))]
    folds: Option<u32>,
    /// Size of an update on a GUM document (gum.train.txt, the second gold
    /// source) against 1 on CoNLL-2003; 0 trains on CoNLL-2003 alone.
    #[arg(long, default_value_t = 1.0)]
    gum_weight: f32,
    /// Take GUM's O as O everywhere, even where the tagger says MISC (by
    /// default a MISC tag where GUM says O is no error: GUM does not tag
    /// CoNLL's MISC).
    #[arg(long)]
    gum_misc_o: bool,
    /// Cross-validate over this many folds of the GUM documents instead:
    /// each fold's tagger trains on CoNLL-2003 train and the other GUM
    /// folds, and is scored on the fold left out and on CoNLL dev; writes
    /// nothing.
    #[arg(long, value_parser = clap::value_parser!(u32).range(2..=20), conflicts_with = "folds")]
    gum_folds: Option<u32>,
}

/// Reads a file, naming it in the error.
fn read(path: &Path) -> Result<String, BoxError> {
    std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()).into())
}

/// Trains and writes the word tables and the tagger.
pub(crate) fn run(args: Args) -> Result<(), BoxError> {
    let start = Instant::now();
    let train = conll::read(&read(&args.data.join("conll2003.train.txt"))?);
    let dev = conll::read(&read(&args.data.join("conll2003.dev.txt"))?);
    let gum = match args.gum_weight > 0.0 || args.gum_folds.is_some() {
        true => conll::read(&read(&args.data.join("gum.train.txt"))?),
        false => Vec::new(),
    };
    eprintln!(
        "train: {} documents, dev: {} documents, GUM: {} documents",
        train.len(),
        dev.len(),
        gum.len()
    );

    let clusters_path = args.out.join("clusters.tsv");
    let caps_path = args.out.join("caps.tsv");
    if !args.reuse_clusters && args.folds.is_none() {
        let unlabelled = read(&args.unlabelled)?;
        let sentences = train.iter().flat_map(conll::Document::sentences);
        let (clusters, caps) = clusters::word_tables(&unlabelled, sentences, args.seed);
        std::fs::write(&clusters_path, clusters)?;
        std::fs::write(&caps_path, caps)?;
        eprintln!("word tables written ({:.0?})", start.elapsed());
    }
    let reader = Reader::new(&read(&clusters_path)?, &read(&caps_path)?);
    let examples = |docs: Vec<conll::Document>, weight: f32, misc: bool| -> Result<Vec<Example>, BoxError> {
        docs.into_iter()
            .map(|d| Ok(Example::new(reader.read(&d.text)?, d.gold).weighted(weight, misc)))
            .collect()
    };
    let train = examples(train, 1.0, false)?;
    let dev = examples(dev, 1.0, false)?;
    let gum = examples(gum, args.gum_weight, !args.gum_misc_o)?;
    let tokens = |x: &[Example]| x.iter().map(|e| e.doc.toks.len()).sum::<usize>();
    eprintln!(
        "documents read ({:.0?}): {}, {} and {} tokens",
        start.elapsed(),
        tokens(&train),
        tokens(&dev),
        tokens(&gum)
    );
    let conll_train: Vec<&Example> = train.iter().collect();
    let dev: Vec<&Example> = dev.iter().collect();
    let gum: Vec<&Example> = gum.iter().collect();

    if let Some(folds) = args.gum_folds {
        return cross_validate_gum(&args, &conll_train, &gum, &dev, folds as usize);
    }
    let gum = if args.gum_weight > 0.0 { gum } else { Vec::new() };
    if let Some(folds) = args.folds {
        return cross_validate(&args, &conll_train, &gum, folds as usize);
    }
    let train = [conll_train, gum].concat();
    let (weights, best_epoch) = fit(&args, &train, Some(&dev));
    let bytes = model_file(args.bits, &weights);
    let model = read_model(&bytes)?;
    std::fs::write(args.out.join("ner.model.bin"), &bytes)?;
    for beam in [1, 2, 8] {
        let c = evaluate(&model, &dev, beam);
        println!("beam {beam}: dev PER+ORG+LOC F1 {:.4}", c.f1());
    }
    let t0 = Instant::now();
    let counts = evaluate(&model, &dev, BEAM);
    let secs = t0.elapsed().as_secs_f64();
    let tokens: usize = dev.iter().map(|e| e.doc.toks.len()).sum();
    println!(
        "best epoch {best_epoch} of {}; model {} bytes (seed {})",
        args.epochs,
        bytes.len(),
        args.seed
    );
    println!("dev figures of the shipped (quantized) model, tagger alone, exact spans, beam {BEAM}:");
    counts.print();
    println!(
        "tagging speed (features prepared): {:.0} tokens/s",
        tokens as f64 / secs.max(1e-9)
    );
    println!("total training time {:.0?}", start.elapsed());
    Ok(())
}

/// Trains on `train` for the given epochs; with `dev`, keeps the epoch
/// that scores best there. Returns the averaged weights and their epoch.
fn fit(args: &Args, train: &[&Example], dev: Option<&[&Example]>) -> (Vec<f32>, usize) {
    let mut p = Perceptron::new(args.bits);
    let mut rng = Rng::new(args.seed ^ 0x9e37_79b9_7f4a_7c15);
    let mut order: Vec<usize> = (0..train.len()).collect();
    let mut best = (-1.0, Vec::new(), 0);
    for epoch in 1..=args.epochs {
        rng.shuffle(&mut order);
        let errors: usize = order.iter().map(|&d| p.train(train[d])).sum();
        let Some(dev) = dev else {
            eprintln!("epoch {epoch}: {errors} training errors");
            continue;
        };
        let avg = p.averaged();
        let f1 = evaluate(
            &Dense {
                bits: args.bits,
                w: &avg,
            },
            dev,
            BEAM,
        )
        .f1();
        eprintln!("epoch {epoch}: {errors} training errors, dev PER+ORG+LOC F1 {f1:.4}");
        if f1 > best.0 {
            best = (f1, avg, epoch);
        }
    }
    match dev {
        Some(_) => (best.1, best.2),
        None => (p.averaged(), args.epochs),
    }
}

/// Trains on all folds but one (and `extra`, GUM) and scores the one left
/// out, for each fold (documents dealt to folds in turn); prints each
/// fold's figures and their mean and spread.
fn cross_validate(args: &Args, train: &[&Example], extra: &[&Example], folds: usize) -> Result<(), BoxError> {
    let mut f1s = Vec::new();
    for k in 0..folds {
        let (held, rest): (Vec<usize>, Vec<usize>) = (0..train.len()).partition(|d| d % folds == k);
        let mut fold_train: Vec<&Example> = rest.iter().map(|&d| train[d]).collect();
        fold_train.extend_from_slice(extra);
        let fold_test: Vec<&Example> = held.iter().map(|&d| train[d]).collect();
        let (weights, _) = fit(args, &fold_train, None);
        let counts = evaluate(
            &Dense {
                bits: args.bits,
                w: &weights,
            },
            &fold_test,
            BEAM,
        );
        println!(
            "fold {}: PER+ORG+LOC F1 {:.4}  PER {:.4}  ORG {:.4}  LOC {:.4}",
            k + 1,
            counts.f1(),
            counts.f1_of(0),
            counts.f1_of(1),
            counts.f1_of(2)
        );
        f1s.push(counts.f1());
    }
    let n = f1s.len() as f64;
    let mean = f1s.iter().sum::<f64>() / n;
    let sd = (f1s.iter().map(|f| (f - mean).powi(2)).sum::<f64>() / (n - 1.0).max(1.0)).sqrt();
    println!("{folds}-fold cross-validation over CoNLL train, float weights: PER+ORG+LOC F1 {mean:.4} (sd {sd:.4})");
    Ok(())
}

/// For each of `folds` folds of the GUM documents (dealt in turn, so each
/// holds every genre): trains on CoNLL train and the other folds (none
/// with --gum-weight 0), the epoch picked on CoNLL dev as for the shipped
/// model, and scores the fold left out and dev with the quantized model.
/// Prints each fold, then GUM's counts summed over the folds.
fn cross_validate_gum(
    args: &Args,
    conll_train: &[&Example],
    gum: &[&Example],
    dev: &[&Example],
    folds: usize,
) -> Result<(), BoxError> {
    let mut pooled = perceptron::Counts::default();
    let mut dev_f1s = Vec::new();
    for k in 0..folds {
        let (held, rest): (Vec<usize>, Vec<usize>) = (0..gum.len()).partition(|d| d % folds == k);
        let mut fold_train = conll_train.to_vec();
        if args.gum_weight > 0.0 {
            fold_train.extend(rest.iter().map(|&d| gum[d]));
        }
        let fold_test: Vec<&Example> = held.iter().map(|&d| gum[d]).collect();
        let (weights, epoch) = fit(args, &fold_train, Some(dev));
        let model = read_model(&model_file(args.bits, &weights))?;
        let counts = evaluate(&model, &fold_test, BEAM);
        let on_dev = evaluate(&model, dev, BEAM);
        println!(
            "GUM fold {}: PER+ORG+LOC F1 {:.4}  PER {:.4}  ORG {:.4}  LOC {:.4}; CoNLL dev {:.4} PER {:.4} (epoch {epoch})",
            k + 1,
            counts.f1(),
            counts.f1_of(0),
            counts.f1_of(1),
            counts.f1_of(2),
            on_dev.f1(),
            on_dev.f1_of(0),
        );
        pooled.add(&counts);
        dev_f1s.push(on_dev.f1());
    }
    println!(
        "{folds}-fold over GUM documents (GUM weight {}), tagger alone, quantized: CoNLL dev F1 mean {:.4}; GUM summed over folds:",
        args.gum_weight,
        dev_f1s.iter().sum::<f64>() / dev_f1s.len() as f64
    );
    pooled.print();
    Ok(())
}
