//! Tests of the whole stage on parsed articles, and the tuning harness.

use super::*;
use crate::{Document, Limits};

fn parse(text: &str) -> Article {
    crate::parse::parse(&Document::text(text), &Limits::default()).expect("parses")
}

const SAMPLE: &str = include_str!("../../../../../shared/examples/xinhua-china-india.txt");

#[test]
fn the_sample_leads_with_its_lead_statement_and_holds_no_caption_or_repeat() {
    let article = parse(SAMPLE);
    let summary = summarize(&article, &Extraction::default(), &SummaryOptions::default());
    let texts: Vec<&str> = summary.sentences.iter().map(|s| article.slice(s.span)).collect();
    eprintln!("{texts:#?}\n{:?}\n{}", summary.keywords, summary.gist);
    assert_eq!(texts.len(), 3);
    assert!(texts[0].starts_with("China and India should strive"), "{texts:?}");
    assert!(
        texts.iter().all(|t| !t.contains("(Xinhua/") && !t.contains("editor")),
        "{texts:?}"
    );
    let mut unique = texts.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), texts.len());
    assert!(summary.sentences.windows(2).all(|w| w[0].span.begin < w[1].span.begin));
    assert!(summary.keywords.len() >= 3);
    assert!(!summary.gist.is_empty());
}

#[test]
fn options_bound_the_summary() {
    let article = parse(SAMPLE);
    let one = SummaryOptions {
        max_sentences: 1,
        max_characters: None,
    };
    assert_eq!(summarize(&article, &Extraction::default(), &one).sentences.len(), 1);
    let short = SummaryOptions {
        max_sentences: 3,
        max_characters: Some(400),
    };
    let s = summarize(&article, &Extraction::default(), &short);
    let chars: usize = s.sentences.iter().map(|x| article.slice(x.span).chars().count()).sum();
    assert!(chars <= 400 && !s.sentences.is_empty());
    let none = SummaryOptions {
        max_sentences: 0,
        max_characters: None,
    };
    assert!(summarize(&article, &Extraction::default(), &none).sentences.is_empty());
}

#[test]
fn odd_inputs_do_not_panic() {
    for text in [
        "x",
        "...",
        "A.\n\nB.",
        "\u{feff}“ ” — --",
        "BEIJING, Jan. 27 (Xinhua) --",
    ] {
        let article = Article {
            text: text.to_owned(),
            ..parse("placeholder text.")
        };
        let _ = summarize(&article, &Extraction::default(), &SummaryOptions::default());
        if let Ok(a) = crate::parse::parse(&Document::text(text), &Limits::default()) {
            let _ = summarize(&a, &Extraction::default(), &SummaryOptions::default());
        }
    }
}

#[test]
fn a_very_long_article_stays_fast_enough() {
    let para = "The council approved the new budget for schools and roads on Tuesday. ";
    let text = para.repeat(5000);
    let article = parse(&text);
    let s = summarize(&article, &Extraction::default(), &SummaryOptions::default());
    // Every sentence has the same text: only one may be chosen.
    assert_eq!(s.sentences.len(), 1);
}

/// ROUGE-1 precision, recall and F1 as Google's rouge-score computes it with stemming:
/// lowercase, non-alphanumerics to spaces, Porter-stem tokens longer than
/// three characters (Snowball English here, close to Porter).
fn rouge1_prf(reference: &str, hypothesis: &str, stemmer: &rust_stemmers::Stemmer) -> [f64; 3] {
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
        return [0.0; 3];
    }
    let (p, rc) = (overlap as f64 / nh as f64, overlap as f64 / nr as f64);
    [p, rc, 2.0 * p * rc / (p + rc)]
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
            "centroid" => p.centroid = v,
            "quote" => p.quote = v,
            "names" => p.names = v,
            "dependent" => p.dependent = v,
            "window" => p.window = v,
            "window_cost" => p.window_cost = v,
            "by_paragraph" => p.by_paragraph = v > 0.5,
            "density" => p.density = v,
            "idf" => p.idf_mode = v as u8,
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
        let (mut sum, mut n, mut prw) = (0.0, 0, [0.0; 3]);
        for l in data.lines().filter(|l| !l.trim().is_empty()) {
            let v: serde_json::Value = serde_json::from_str(l).expect("json");
            let article = parse(v["article"].as_str().unwrap_or(""));
            let s = summarize_with(&article, &Extraction::default(), &SummaryOptions::default(), &params);
            let hyp: Vec<&str> = s.sentences.iter().map(|x| article.slice(x.span)).collect();
            let prf = rouge1_prf(v["reference"].as_str().unwrap_or(""), &hyp.join("\n"), &stemmer);
            sum += prf[2];
            prw[0] += prf[0];
            prw[1] += prf[1];
            prw[2] += hyp.iter().map(|h| h.split_whitespace().count()).sum::<usize>() as f64;
            n += 1;
            if let Some(f) = out.as_mut() {
                use std::io::Write;
                let sents: Vec<serde_json::Value> = hyp.iter().map(|t| serde_json::json!({"text": t})).collect();
                let resp = serde_json::json!({"documentId": v["id"], "summary": {"sentences": sents}});
                writeln!(f, "{resp}").expect("written");
            }
        }
        let n = f64::from(n.max(1));
        line += &format!("{set} R1 {:.2}  ", 100.0 * sum / n);
        eprintln!(
            "{set} P {:.1} R {:.1} words {:.1}",
            100.0 * prw[0] / n,
            100.0 * prw[1] / n,
            prw[2] / n
        );
    }
    println!("{line}");
}
