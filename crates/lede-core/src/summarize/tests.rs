//! Tests of the whole stage on parsed articles, and the tuning harness.

use super::*;
use crate::{Document, Limits};

fn parse(text: &str) -> Article {
    crate::parse::parse(&Document::text(text), &Limits::default()).expect("parses")
}

/// ROUGE-1 F1 as Google's rouge-score computes it with stemming:
/// lowercase, non-alphanumerics to spaces, Porter-stem tokens longer than
/// three characters (Snowball English here, close to Porter).
fn rouge1(reference: &str, hypothesis: &str, stemmer: &rust_stemmers::Stemmer) -> f64 {
    let toks = |s: &str| -> std::collections::HashMap<String, usize> {
        let lower = s.to_lowercase();
        let cleaned: String = lower
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
            .collect();
        let mut m = std::collections::HashMap::new();
        for t in cleaned.split_whitespace() {
            let t = if t.len() > 3 {
                stemmer.stem(t).into_owned()
            } else {
                t.to_owned()
            };
            *m.entry(t).or_insert(0) += 1;
        }
        m
    };
    let (r, h) = (toks(reference), toks(hypothesis));
    let overlap: usize = h.iter().map(|(t, &c)| c.min(r.get(t).copied().unwrap_or(0))).sum();
    let (nr, nh): (usize, usize) = (r.values().sum(), h.values().sum());
    if overlap == 0 || nr == 0 || nh == 0 {
        return 0.0;
    }
    let (p, rc) = (overlap as f64 / nh as f64, overlap as f64 / nr as f64);
    2.0 * p * rc / (p + rc)
}

/// Reads `LEDE_TUNE` ("position=0.6,length=0.3,...") over the defaults.
fn tuned_params() -> Params {
    let mut p = Params::default();
    let spec = std::env::var("LEDE_TUNE").unwrap_or_default();
    for kv in spec.split(',').filter(|s| !s.is_empty()) {
        let (k, v) = kv.split_once('=').expect("key=value");
        let v: f32 = v.parse().expect("number");
        match k {
            "centrality" => p.centrality = v,
            "position" => p.position = v,
            "position_scale" => p.position_scale = v,
            "extraction" => p.extraction = v,
            "length" => p.length = v,
            "length_target" => p.length_target = v,
            "redundancy" => p.redundancy = v,
            "overlap" => p.overlap_edges = v > 0.5,
            _ => panic!("unknown parameter {k}"),
        }
    }
    p
}

/// Prints the Rust ROUGE-1 on the dev halves for the parameters in
/// `LEDE_TUNE`, and writes predictions for the Python scorer to
/// `$LEDE_PRED_DIR/<set>.pred.jsonl` when that is set.
/// `cargo test --release -p lede-core tune -- --ignored --nocapture`
#[test]
#[ignore = "tuning harness over the dev data"]
fn tune() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/summaries");
    let params = tuned_params();
    let stemmer = rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English);
    let mut line = String::new();
    for set in ["bbc", "xsum"] {
        let Ok(data) = std::fs::read_to_string(dir.join(format!("{set}.dev.jsonl"))) else {
            eprintln!("no dev data at {}", dir.display());
            return;
        };
        let mut out = std::env::var("LEDE_PRED_DIR")
            .ok()
            .map(|d| std::fs::File::create(format!("{d}/{set}.pred.jsonl")).expect("writable"));
        let (mut sum, mut n) = (0.0, 0);
        for l in data.lines().filter(|l| !l.trim().is_empty()) {
            let v: serde_json::Value = serde_json::from_str(l).expect("json");
            let article = parse(v["article"].as_str().unwrap_or(""));
            let s = summarize_with(&article, &Extraction::default(), &SummaryOptions::default(), &params);
            let hyp: Vec<&str> = s.sentences.iter().map(|x| article.slice(x.span)).collect();
            sum += rouge1(v["reference"].as_str().unwrap_or(""), &hyp.join("\n"), &stemmer);
            n += 1;
            if let Some(f) = out.as_mut() {
                use std::io::Write;
                let sents: Vec<serde_json::Value> = hyp.iter().map(|t| serde_json::json!({"text": t})).collect();
                let resp = serde_json::json!({"documentId": v["id"], "summary": {"sentences": sents}});
                writeln!(f, "{resp}").expect("written");
            }
        }
        line += &format!("{set} R1 {:.2}  ", 100.0 * sum / f64::from(n.max(1)));
    }
    println!("{line}");
}
