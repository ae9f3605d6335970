//! Throughput of each stage and of the whole analysis, on the sample article
//! and on dev-set articles read from ../shared/data at bench time.
//!
//! ```text
//! cargo bench -p lede-core --bench pipeline            # everything
//! cargo bench -p lede-core --bench pipeline -- analyze # one group
//! taskset -c 0 cargo bench ...                          # pinned to one core
//! ```

use std::hint::black_box;
use std::path::{Path, PathBuf};

use criterion::{BatchSize, BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use lede_core::{Document, ParagraphKind, Pipeline, SummaryOptions};

const SAMPLE: &str = include_str!("../../../examples/xinhua-china-india.txt");

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data")
}

/// Up to `n` values of `field` from a JSONL file under ../shared/data.
fn jsonl(path: &str, field: &str, n: usize) -> Vec<String> {
    let Ok(text) = std::fs::read_to_string(data_dir().join(path)) else {
        eprintln!("bench: ../shared/data/{path} is absent; skipping its articles");
        return Vec::new();
    };
    text.lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v.get(field).and_then(|t| t.as_str()).map(str::to_owned))
        .take(n)
        .collect()
}

/// The AEB dev pages, gunzipped by the `gzip` on the machine (no crate
/// needed just for benches); empty when either is missing.
fn html_pages(n: usize) -> Vec<String> {
    let dir = data_dir().join("html/aeb-dev");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("bench: ../shared/data/html/aeb-dev is absent; skipping HTML");
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".html.gz"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .take(n)
        .filter_map(|p| std::process::Command::new("gzip").arg("-dc").arg(&p).output().ok())
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .collect()
}

/// CoNLL dev text rebuilt as the NER scorer does: tokens joined by spaces.
fn conll_text(max_sentences: usize) -> (String, u64) {
    let Ok(raw) = std::fs::read_to_string(data_dir().join("ner/conll2003.dev.txt")) else {
        return (String::new(), 0);
    };
    let mut text = String::new();
    let mut tokens = 0;
    let mut sentence = Vec::new();
    let mut sentences = 0;
    for line in raw.lines().chain(std::iter::once("")) {
        if line.trim().is_empty() {
            if !sentence.is_empty() {
                text.push_str(&sentence.join(" "));
                text.push('\n');
                tokens += sentence.len() as u64;
                sentence.clear();
                sentences += 1;
                if sentences == max_sentences {
                    break;
                }
            }
        } else if let Some(token) = line.split_whitespace().next() {
            sentence.push(token.to_owned());
        }
    }
    (text, tokens)
}

fn stages(c: &mut Criterion) {
    let pipeline = Pipeline::new().expect("pipeline");
    let options = SummaryOptions::default();
    // PolNeAR marks every attribution, about 24 an article; wire copy
    // (the parse gold's 41 pages) and BBC stories carry fewer.
    let mut corpora: Vec<(&str, Vec<String>)> = vec![
        ("sample", vec![SAMPLE.to_owned()]),
        ("polnear-dev", jsonl("statements/polnear.dev.jsonl", "text", 84)),
        ("wire-dev", jsonl("parse/wire.dev.jsonl", "text", 41)),
        ("bbc-dev", jsonl("summaries/bbc.dev.jsonl", "article", 100)),
    ];
    corpora.retain(|(_, texts)| !texts.is_empty());

    for (name, texts) in &corpora {
        let bytes: usize = texts.iter().map(String::len).sum();
        let documents: Vec<Document> = texts.iter().map(|t| Document::text(t.as_str())).collect();
        let articles: Vec<_> = documents.iter().map(|d| pipeline.parse(d).expect("parse")).collect();
        let extractions: Vec<_> = articles.iter().map(|a| pipeline.extract(a)).collect();

        let mut group = c.benchmark_group("parse-text");
        group.throughput(Throughput::Bytes(bytes as u64));
        group.bench_function(BenchmarkId::from_parameter(name), |b| {
            b.iter(|| {
                documents
                    .iter()
                    .map(|d| pipeline.parse(black_box(d)).map(|a| a.sentences.len()).unwrap_or(0))
                    .sum::<usize>()
            })
        });
        group.finish();

        let mut group = c.benchmark_group("extract");
        group.throughput(Throughput::Elements(articles.len() as u64));
        group.bench_function(BenchmarkId::from_parameter(name), |b| {
            b.iter(|| {
                articles
                    .iter()
                    .map(|a| pipeline.extract(black_box(a)).statements.len())
                    .sum::<usize>()
            })
        });
        group.finish();

        // The statements stage alone: parse and participants done outside.
        // Its throughput is in bytes of story text (headline and body, what
        // the stage reads), for the time of a 5 KB article whatever the
        // corpus and however much boilerplate a scraped page carries.
        let story: usize = articles
            .iter()
            .flat_map(|a| &a.paragraphs)
            .filter(|p| matches!(p.kind, ParagraphKind::Body | ParagraphKind::Headline))
            .map(|p| p.span.len())
            .sum();
        let mut group = c.benchmark_group("statements");
        group.throughput(Throughput::Bytes(story as u64));
        group.bench_function(BenchmarkId::from_parameter(name), |b| {
            b.iter_batched_ref(
                || extractions.iter().map(|e| e.participants.clone()).collect::<Vec<_>>(),
                |participants| {
                    articles
                        .iter()
                        .zip(participants.iter_mut())
                        .map(|(a, p)| pipeline.find_statements(black_box(a), p).len())
                        .sum::<usize>()
                },
                BatchSize::LargeInput,
            )
        });
        group.finish();

        let mut group = c.benchmark_group("summarize");
        group.throughput(Throughput::Elements(articles.len() as u64));
        group.bench_function(BenchmarkId::from_parameter(name), |b| {
            b.iter(|| {
                articles
                    .iter()
                    .zip(&extractions)
                    .map(|(a, e)| pipeline.summarize(black_box(a), e, &options).sentences.len())
                    .sum::<usize>()
            })
        });
        group.finish();

        let mut group = c.benchmark_group("analyze");
        group.throughput(Throughput::Elements(documents.len() as u64));
        group.bench_function(BenchmarkId::from_parameter(name), |b| {
            b.iter(|| {
                documents
                    .iter()
                    .map(|d| {
                        pipeline
                            .analyze(black_box(d), &options)
                            .map(|a| a.summary.sentences.len())
                            .unwrap_or(0)
                    })
                    .sum::<usize>()
            })
        });
        group.finish();
    }

    let (conll, tokens) = conll_text(2000);
    if tokens > 0 {
        let article = pipeline.parse(&Document::text(conll)).expect("parse");
        let mut group = c.benchmark_group("tagging");
        group.throughput(Throughput::Elements(tokens));
        group.sample_size(20);
        group.bench_function("conll-dev-2000-sentences", |b| {
            b.iter(|| pipeline.extract(black_box(&article)).participants.len())
        });
        group.finish();
    }

    let pages = html_pages(92);
    if !pages.is_empty() {
        let documents: Vec<Document> = pages.into_iter().map(Document::html).collect();
        let mut group = c.benchmark_group("parse-html");
        group.throughput(Throughput::Elements(documents.len() as u64));
        group.sample_size(10);
        group.bench_function("aeb-dev", |b| {
            b.iter(|| {
                documents
                    .iter()
                    .map(|d| pipeline.parse(black_box(d)).map(|a| a.text.len()).unwrap_or(0))
                    .sum::<usize>()
            })
        });
        group.finish();
    }

    // How cost grows with size: the sample repeated from ~1 KB to ~1 MB.
    let mut group = c.benchmark_group("analyze-by-size");
    group.sample_size(10);
    for kb in [1usize, 10, 100, 1000] {
        let body: String = SAMPLE
            .split("\n\n")
            .filter(|p| p.len() > 150)
            .collect::<Vec<_>>()
            .join("\n\n");
        let mut text = String::new();
        while text.len() < kb * 1024 {
            text.push_str(&body);
            text.push_str("\n\n");
        }
        group.throughput(Throughput::Bytes(text.len() as u64));
        let document = Document::text(text);
        group.bench_function(BenchmarkId::from_parameter(format!("{kb}KB")), |b| {
            b.iter(|| {
                pipeline
                    .analyze(black_box(&document), &options)
                    .map(|a| a.summary.sentences.len())
                    .unwrap_or(0)
            })
        });
    }
    group.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
