//! Corpus tests for parsing: the wire-copy gold and the HTML extraction
//! benchmark's dev half, scored as /work/shared/eval/score_parse.py and
//! score_html.py score them, each failing below a floor a little under the
//! figure measured.
//!
//! They read ../../../shared/data relative to this crate and skip, saying
//! so, when it is absent. Set `LEDE_SHOW_ERRORS=1` to print each miss.

use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::path::PathBuf;

use lede_core::{Article, CreditRole, Document, ParagraphKind, Pipeline};
use serde_json::Value;

fn data_dir() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!(
            "SKIPPED: {} is absent; the parse corpus tests need the shared dev sets",
            dir.display()
        );
        None
    }
}

fn show_errors() -> bool {
    std::env::var_os("LEDE_SHOW_ERRORS").is_some()
}

fn norm(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

fn set_f1<T: std::hash::Hash + Eq>(gold: &HashSet<T>, pred: &HashSet<T>) -> Option<f64> {
    if gold.is_empty() && pred.is_empty() {
        return None;
    }
    let tp = gold.intersection(pred).count() as f64;
    let p = if pred.is_empty() { 0.0 } else { tp / pred.len() as f64 };
    let r = if gold.is_empty() { 0.0 } else { tp / gold.len() as f64 };
    Some(if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 })
}

fn role_name(role: CreditRole) -> &'static str {
    match role {
        CreditRole::Author => "author",
        CreditRole::Reporter => "reporter",
        CreditRole::Photographer => "photographer",
        CreditRole::Editor => "editor",
        CreditRole::Contributor => "contributor",
    }
}

/// Every span of the article slices its text.
fn assert_spans_slice(a: &Article) {
    let ok = |s: lede_core::Span| s.get(&a.text).is_some();
    assert!(a.paragraphs.iter().all(|p| ok(p.span)));
    assert!(a.sentences.iter().all(|s| ok(s.span)));
    assert!(a.credits.iter().all(|c| ok(c.span)));
    assert!(a.title_span.is_none_or(ok));
    assert!(a.dateline.as_ref().is_none_or(|d| ok(d.span)));
}

#[derive(Default)]
struct Scores(HashMap<&'static str, Vec<f64>>);

impl Scores {
    fn add(&mut self, field: &'static str, v: f64) {
        self.0.entry(field).or_default().push(v);
    }
    fn mean(&self, field: &str) -> f64 {
        self.0
            .get(field)
            .filter(|v| !v.is_empty())
            .map_or(1.0, |v| v.iter().sum::<f64>() / v.len() as f64)
    }
}

const FIELDS: [&str; 8] = [
    "title",
    "source",
    "dateline_location",
    "dateline_date",
    "published",
    "first_body_sentence",
    "credits",
    "captions",
];

#[test]
fn wire_dev_fields() {
    let Some(dir) = data_dir() else { return };
    let path = dir.join("parse/wire.dev.jsonl");
    let Ok(gold) = std::fs::read_to_string(&path) else {
        eprintln!("SKIPPED: {} is absent", path.display());
        return;
    };
    let pipeline = Pipeline::new().expect("pipeline");
    let mut scores = Scores::default();
    for line in gold.lines().filter(|l| !l.trim().is_empty()) {
        let d: Value = serde_json::from_str(line).expect("gold line is JSON");
        let id = d["id"].as_str().unwrap_or("");
        let text = d["text"].as_str().unwrap_or("");
        let g = &d["gold"];
        let a = pipeline.parse(&Document::text(text)).expect("parses");
        assert_eq!(a.text, text, "{id}: the text is the input");
        assert_spans_slice(&a);
        let gs = |f: &str| g[f].as_str().map(str::to_owned);
        let dl_loc = a
            .dateline
            .as_ref()
            .map(|d| d.location.clone())
            .filter(|l| !l.is_empty());
        let dl_date = a.dateline.as_ref().and_then(|d| d.date).map(|d| d.to_string());
        let pairs = [
            ("title", gs("title"), a.title.clone()),
            ("source", gs("source"), a.source.clone()),
            ("dateline_location", gs("dateline_location"), dl_loc),
            ("dateline_date", gs("dateline_date"), dl_date),
        ];
        for (field, gv, pv) in pairs {
            let gv = gv.filter(|s| !s.is_empty());
            let pv = pv.filter(|s| !s.is_empty());
            if gv.is_some() || pv.is_some() {
                let ok = norm(gv.as_deref().unwrap_or("")) == norm(pv.as_deref().unwrap_or(""));
                scores.add(field, f64::from(u8::from(ok)));
                if show_errors() && !ok {
                    eprintln!("{id}: {field}: gold {gv:?} pred {pv:?}");
                }
            }
        }
        let gp = gs("published").filter(|s| !s.is_empty());
        let pp = a.published_at.map(|p| p.to_string());
        if gp.is_some() || pp.is_some() {
            let ok = matches!((&gp, &pp), (Some(g), Some(p)) if p.starts_with(g.as_str()));
            scores.add("published", f64::from(u8::from(ok)));
            if show_errors() && !ok {
                eprintln!("{id}: published: gold {gp:?} pred {pp:?}");
            }
        }
        let first_body = a.body().next().map_or("", |p| a.slice(p.span));
        let gf = gs("first_body_sentence").filter(|s| !s.is_empty());
        if gf.is_some() || !first_body.is_empty() {
            let ok = gf.as_deref().is_some_and(|g| norm(first_body).starts_with(&norm(g)));
            scores.add("first_body_sentence", f64::from(u8::from(ok)));
            if show_errors() && !ok {
                eprintln!(
                    "{id}: first body: gold {gf:?} pred {:?}",
                    first_body.chars().take(120).collect::<String>()
                );
            }
        }
        let gc: HashSet<(String, String)> = g["credits"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|c| {
                (
                    norm(c["name"].as_str().unwrap_or("")),
                    c["role"].as_str().unwrap_or("").to_owned(),
                )
            })
            .collect();
        let pc: HashSet<(String, String)> = a
            .credits
            .iter()
            .map(|c| (norm(&c.name), role_name(c.role).to_owned()))
            .collect();
        if let Some(f) = set_f1(&gc, &pc) {
            scores.add("credits", f);
            if show_errors() && f < 1.0 {
                eprintln!("{id}: credits: gold {gc:?} pred {pc:?}");
            }
        }
        let gcap: HashSet<String> = g["captions"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .map(norm)
            .collect();
        let pcap: HashSet<String> = a
            .paragraphs
            .iter()
            .filter(|p| p.kind == ParagraphKind::Caption)
            .map(|p| norm(a.slice(p.span)))
            .collect();
        if let Some(f) = set_f1(&gcap, &pcap) {
            scores.add("captions", f);
            if show_errors() && f < 1.0 {
                eprintln!("{id}: captions: gold {gcap:?} pred {pcap:?}");
            }
        }
    }
    let mean = FIELDS.iter().map(|f| scores.mean(f)).sum::<f64>() / FIELDS.len() as f64;
    for f in FIELDS {
        eprintln!("{f:<22} {:.3}", scores.mean(f));
    }
    eprintln!("parse fields mean accuracy {mean:.3}");
    assert!(mean >= 0.92, "mean field accuracy {mean:.3} fell below its floor");
    assert!(
        scores.mean("dateline_location") >= 0.95,
        "dateline location fell below its floor"
    );
    assert!(scores.mean("credits") >= 0.90, "credits fell below their floor");
}

/// Word tokens as Python's `\w+` finds them.
fn words(s: &str) -> Vec<&str> {
    s.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .collect()
}

fn shingles(s: &str) -> HashMap<Vec<&str>, usize> {
    let t = words(s);
    let mut out = HashMap::new();
    if t.is_empty() {
        return out;
    }
    let n = 4.min(t.len());
    for i in 0..=(t.len() - n) {
        *out.entry(t[i..i + n].to_vec()).or_insert(0) += 1;
    }
    out
}

/// (tp, fp, fn) normalised per page, as the benchmark computes them.
fn page_counts(truth: &str, pred: &str) -> (f64, f64, f64) {
    let (t, p) = (shingles(truth), shingles(pred));
    let mut tp = 0;
    let mut fp = 0;
    let mut fn_ = 0;
    for (k, &pc) in &p {
        let tc = t.get(k).copied().unwrap_or(0);
        tp += pc.min(tc);
        fp += pc.saturating_sub(tc);
    }
    for (k, &tc) in &t {
        fn_ += tc.saturating_sub(p.get(k).copied().unwrap_or(0));
    }
    let s = (tp + fp + fn_) as f64;
    if s == 0.0 {
        (0.0, 0.0, 0.0)
    } else {
        (tp as f64 / s, fp as f64 / s, fn_ as f64 / s)
    }
}

#[test]
fn html_dev_body_f1() {
    let Some(dir) = data_dir() else { return };
    let dir = dir.join("html/aeb-dev");
    let Ok(truth) = std::fs::read_to_string(dir.join("ground-truth.json")) else {
        eprintln!("SKIPPED: {} is absent", dir.display());
        return;
    };
    let truth: serde_json::Map<String, Value> = serde_json::from_str(&truth).expect("ground truth is JSON");
    let pipeline = Pipeline::new().expect("pipeline");
    let mut counts = Vec::new();
    let mut parse_time = std::time::Duration::ZERO;
    let mut text_time = std::time::Duration::ZERO;
    for (id, v) in &truth {
        let mut html = String::new();
        let file = std::fs::File::open(dir.join(format!("{id}.html.gz"))).expect("page");
        let mut bytes = Vec::new();
        flate2::read::GzDecoder::new(file)
            .read_to_end(&mut bytes)
            .expect("gzip");
        html.push_str(&String::from_utf8_lossy(&bytes));
        let mut doc = Document::html(html);
        doc.url = v["url"].as_str().map(str::to_owned);
        let started = std::time::Instant::now();
        let parsed = pipeline.parse(&doc);
        parse_time += started.elapsed();
        if let Ok(a) = &parsed {
            let t = std::time::Instant::now();
            let _ = pipeline.parse(&Document::text(a.text.clone()));
            text_time += t.elapsed();
        }
        let body = match parsed {
            Ok(a) => {
                assert_spans_slice(&a);
                if std::env::var("LEDE_KINDS").is_ok_and(|d| id.starts_with(&d)) {
                    for p in &a.paragraphs {
                        eprintln!(
                            "{:?}: {}",
                            p.kind,
                            a.slice(p.span).chars().take(100).collect::<String>()
                        );
                    }
                }
                let parts: Vec<&str> = a.body().map(|p| a.slice(p.span)).collect();
                if parts.is_empty() {
                    a.text.clone()
                } else {
                    parts.join("\n\n")
                }
            }
            Err(e) => {
                eprintln!("{id}: {e}");
                String::new()
            }
        };
        if let Some(dump) = std::env::var_os("LEDE_DUMP_DIR") {
            std::fs::write(PathBuf::from(dump).join(format!("{id}.txt")), &body).expect("dump");
        }
        if std::env::var("LEDE_DUMP").is_ok_and(|d| id.starts_with(&d)) {
            eprintln!(
                "=== PRED\n{body}\n=== TRUTH\n{}",
                v["articleBody"].as_str().unwrap_or("")
            );
        }
        let c = page_counts(v["articleBody"].as_str().unwrap_or(""), &body);
        if show_errors() {
            let p = if c.0 + c.1 > 0.0 { c.0 / (c.0 + c.1) } else { 0.0 };
            let r = if c.0 + c.2 > 0.0 { c.0 / (c.0 + c.2) } else { 0.0 };
            eprintln!("{id}: P {p:.3} R {r:.3}");
        }
        counts.push(c);
    }
    let n = counts.len() as f64;
    let precision = counts
        .iter()
        .map(|&(tp, fp, _)| if tp + fp > 0.0 { tp / (tp + fp) } else { 0.0 })
        .sum::<f64>()
        / n;
    let recall = counts
        .iter()
        .map(|&(tp, _, fn_)| if tp + fn_ > 0.0 { tp / (tp + fn_) } else { 0.0 })
        .sum::<f64>()
        / n;
    let f1 = 2.0 * precision * recall / (precision + recall);
    eprintln!("pages {n}: body P {precision:.4} R {recall:.4} F1 {f1:.4}");
    eprintln!(
        "parse time {:.3}s, {:.0} pages/s (only meaningful in a release build)",
        parse_time.as_secs_f64(),
        n / parse_time.as_secs_f64()
    );
    eprintln!("text-only {:.3}s", text_time.as_secs_f64());
    assert!(f1 >= 0.95, "HTML body F1 {f1:.3} fell below its floor");
}
