//! Tests of the whole stage on parsed articles, and the tuning harness.

use super::*;
use crate::Document;

fn parse(text: &str) -> Article {
    crate::pipeline::shared().parse(&Document::text(text)).expect("parses")
}

const SAMPLE: &str = include_str!("../../../../examples/xinhua-china-india.txt");

#[test]
fn the_sample_leads_with_its_lead_statement_and_holds_no_caption_or_repeat() {
    let article = parse(SAMPLE);
    let summary = summarize(&article, &Extraction::default(), &SummaryOptions::default());
    let texts: Vec<&str> = summary.sentences.iter().map(|s| article.slice(s.span)).collect();
    eprintln!("{texts:#?}\n{:?}\n{}", summary.keywords, summary.gist);
    assert_eq!(texts.len(), 3);
    assert!(
        texts[0].starts_with("BEIJING, Jan. 27 (Xinhua) -- China and India should strive"),
        "{texts:?}"
    );
    // A summary sentence is an article sentence, span and all.
    for s in &summary.sentences {
        assert!(
            article.sentences.iter().any(|a| a.span == s.span),
            "{:?}",
            article.slice(s.span)
        );
    }
    assert!(!summary.gist.starts_with("BEIJING"), "{}", summary.gist);
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
fn a_dateline_alone_on_its_line_is_no_summary_sentence() {
    let article = parse(
        "Storm hits coast\n\nLONDON 1996-08-30\nA storm hit the coast on Friday, cutting power to thousands of homes.\n\n\
         More rain is expected on Saturday, the weather office said in its forecast.\n",
    );
    let summary = summarize(&article, &Extraction::default(), &SummaryOptions::default());
    let texts: Vec<&str> = summary.sentences.iter().map(|s| article.slice(s.span)).collect();
    assert_eq!(texts.len(), 2, "{texts:?}");
    assert!(texts[0].starts_with("A storm hit"), "{texts:?}");
}

#[test]
fn a_summary_sentence_keeps_its_sentence_span_and_reads_on_one_line() {
    let article = parse(
        "The harbour board said on Tuesday that the new ferry terminal\nwould open in May after two years of work.\n\n\
         Builders finished the roof last week, a spokeswoman for the board said.\n",
    );
    let summary = summarize(&article, &Extraction::default(), &SummaryOptions::default());
    let first = &summary.sentences[0];
    assert!(article.sentences.iter().any(|s| s.span == first.span));
    assert!(article.slice(first.span).contains('\n'));
    assert_eq!(
        first.text,
        "The harbour board said on Tuesday that the new ferry terminal would open in May after two years of work."
    );
}

#[test]
fn an_article_in_chinese_gets_a_summary_and_a_gist() {
    let article = parse(
        "中印应该合作而不是分裂\n\n新华社北京1月27日电 外交部长王毅27日在北京会见印度外交秘书米斯里。王毅表示，中印双方应该相互理解、相互支持、相互成就。双方同意恢复直航。\n\n米斯里表示，印方愿同中方庆祝两国建交75周年。\n",
    );
    assert_eq!(article.sentences.len(), 4);
    let summary = summarize(&article, &Extraction::default(), &SummaryOptions::default());
    assert_eq!(summary.sentences.len(), 3);
    assert!(summary.sentences.iter().all(|s| article.slice(s.span).ends_with('。')));
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
        // Spans that do not fit the text: the pipeline refuses the article.
        let article = Article {
            text: text.to_owned(),
            tokens: Default::default(),
            ..parse("placeholder text.")
        };
        let pipeline = crate::pipeline::shared();
        let _ = pipeline.summarize(&article, &Extraction::default(), &SummaryOptions::default());
        if let Ok(a) = crate::pipeline::shared().parse(&Document::text(text)) {
            let _ = summarize(&a, &Extraction::default(), &SummaryOptions::default());
        }
    }
}

#[test]
fn thousands_of_distinct_sentences_stay_near_linear() {
    let words = [
        "council", "budget", "schools", "roads", "mayor", "vote", "tax", "plan", "city", "report",
    ];
    let mut text = String::new();
    for i in 0..4000 {
        let (a, b, c) = (words[i % 10], words[(i / 10) % 10], words[(i / 100) % 10]);
        text.push_str(&format!("The {a} and the {b} met the {c} on day {i} of the year. "));
        if i % 7 == 6 {
            text.push_str("\n\n");
        }
    }
    let article = parse(&text);
    assert!(article.sentences.len() >= 4000);
    // The graph is windowed: this runs in about a second in a debug build,
    // where all 8 million sentence pairs would not.
    let s = summarize(&article, &Extraction::default(), &SummaryOptions::default());
    assert_eq!(s.sentences.len(), 3);
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
fn tuned_params(spec: &str) -> Params {
    let mut p = Params::default();
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
            "statement" => p.statement = v,
            "directed" => p.directed = v,
            "backward" => p.backward = v,
            "dependent" => p.dependent = v,
            "window" => p.window = v,
            "window_cost" => p.window_cost = v,
            "by_paragraph" => p.by_paragraph = v > 0.5,
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
    let specs = std::env::var("LEDE_TUNE").unwrap_or_default();
    let specs: Vec<&str> = specs.split(';').collect();
    let pipeline = crate::Pipeline::new().expect("pipeline");
    let extract = std::env::var("LEDE_TUNE_EXTRACT").is_ok();
    let stemmer = rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English);
    let mut lines = vec![String::new(); specs.len()];
    for set in ["bbc", "xsum"] {
        let Ok(data) = std::fs::read_to_string(dir.join(format!("{set}.dev.jsonl"))) else {
            eprintln!("no dev data at {}", dir.display());
            return;
        };
        let docs: Vec<(serde_json::Value, Article, Extraction)> = data
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| {
                let v: serde_json::Value = serde_json::from_str(l).expect("json");
                let article = parse(v["article"].as_str().unwrap_or(""));
                let extraction = if extract {
                    pipeline.extract(&article)
                } else {
                    Extraction::default()
                };
                (v, article, extraction)
            })
            .collect();
        for (spec, line) in specs.iter().zip(lines.iter_mut()) {
            let params = tuned_params(spec);
            let mut out = std::env::var("LEDE_PRED_DIR")
                .ok()
                .map(|d| std::fs::File::create(format!("{d}/{set}.pred.jsonl")).expect("writable"));
            let (mut sum, mut prw) = (0.0, [0.0; 3]);
            for (v, article, extraction) in &docs {
                let s = summarize_with(article, extraction, &SummaryOptions::default(), &params);
                let hyp: Vec<&str> = s.sentences.iter().map(|x| article.slice(x.span)).collect();
                let prf = rouge1_prf(v["reference"].as_str().unwrap_or(""), &hyp.join("\n"), &stemmer);
                sum += prf[2];
                prw[0] += prf[0];
                prw[1] += prf[1];
                prw[2] += hyp.iter().map(|h| h.split_whitespace().count()).sum::<usize>() as f64;
                if let Some(f) = out.as_mut() {
                    use std::io::Write;
                    let sents: Vec<serde_json::Value> = hyp.iter().map(|t| serde_json::json!({"text": t})).collect();
                    let resp = serde_json::json!({"documentId": v["id"], "summary": {"sentences": sents}});
                    writeln!(f, "{resp}").expect("written");
                }
            }
            let n = docs.len().max(1) as f64;
            *line += &format!(
                "{set} R1 {:.2} (P {:.1} R {:.1} words {:.1})  ",
                100.0 * sum / n,
                100.0 * prw[0] / n,
                100.0 * prw[1] / n,
                prw[2] / n
            );
        }
    }
    for (spec, line) in specs.iter().zip(&lines) {
        println!("{line}:: {spec}");
    }
}

#[test]
fn statements_and_salient_participants_raise_a_sentence() {
    use crate::{Cue, Mention, MentionKind, Participant, ParticipantKind, Statement, StatementKind};
    let text =
        "Rain fell on the city. The mayor said roads would close. Traffic slowed near the river. Shops opened late.";
    let article = parse(text);
    let at = |s: &str| {
        let b = text.find(s).unwrap_or(0);
        Span::new(b, b + s.len())
    };
    let extraction = Extraction {
        participants: vec![Participant {
            id: "p1".into(),
            kind: ParticipantKind::Person,
            name: "mayor".into(),
            aliases: Vec::new(),
            titles: Vec::new(),
            country_code: None,
            salience: 0.9,
            roles: vec![crate::ParticipantRole::Speaker],
            mentions: vec![Mention {
                span: at("The mayor"),
                kind: MentionKind::Nominal,
            }],
        }],
        statements: vec![Statement {
            id: "s1".into(),
            speaker_id: Some("p1".into()),
            speaker: Some(at("The mayor")),
            cue: Some(Cue {
                span: at("said"),
                lemma: "say".into(),
            }),
            content: vec![at("roads would close")],
            kind: StatementKind::Indirect,
            date: None,
            confidence: 0.9,
            attribution: crate::Attribution::Cue,
        }],
        notices: Vec::new(),
    };
    let all = SummaryOptions {
        max_sentences: 4,
        max_characters: None,
    };
    let score = |e: &Extraction| {
        let s = summarize(&article, e, &all);
        s.sentences
            .iter()
            .find(|x| x.span.contains(at("roads would close")))
            .map(|x| x.score)
    };
    let (without, with) = (score(&Extraction::default()), score(&extraction));
    assert!(
        with.zip(without).is_some_and(|(w, wo)| w > wo + 0.1),
        "{with:?} vs {without:?}"
    );
}

/// Writes per-sentence features and stemmed tokens of the dev halves to
/// `$LEDE_DUMP` (JSON lines) for offline analysis.
/// `LEDE_DUMP=/tmp/x.jsonl cargo test --release -p lede-core dump_features -- --ignored`
#[test]
#[ignore = "analysis dump over the dev data"]
fn dump_features() {
    use std::io::Write;
    let Ok(path) = std::env::var("LEDE_DUMP") else { return };
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/summaries");
    let stemmer = rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English);
    let toks = |s: &str| -> Vec<String> {
        let cleaned: String = s
            .to_lowercase()
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
            .collect();
        cleaned
            .split_whitespace()
            .map(|t| {
                if t.len() > 3 {
                    stemmer.stem(t).into_owned()
                } else {
                    t.to_owned()
                }
            })
            .collect()
    };
    let mut out = std::fs::File::create(path).expect("writable");
    let params = Params::default();
    for set in ["bbc", "xsum"] {
        let Ok(data) = std::fs::read_to_string(dir.join(format!("{set}.dev.jsonl"))) else {
            return;
        };
        for l in data.lines().filter(|l| !l.trim().is_empty()) {
            let v: serde_json::Value = serde_json::from_str(l).expect("json");
            let article = parse(v["article"].as_str().unwrap_or(""));
            let mut units = candidates(&article, &mut terms::Vocab::default());
            let vocab = rank::weigh(&mut units, &params);
            let scores = rank::scores(&units, vocab, &params);
            let cent = rank::centrality_pub(&units, vocab, &params);
            let units_json: Vec<serde_json::Value> = units
                .iter()
                .enumerate()
                .map(|(i, u)| {
                    let t = article.slice(u.span);
                    let idfs: Vec<f32> = u.counts.iter().map(|c| idf::idf(c.0)).collect();
                    let caps = t
                        .split_whitespace()
                        .skip(1)
                        .filter(|w| w.starts_with(char::is_uppercase))
                        .count();
                    let digits = t
                        .split_whitespace()
                        .filter(|w| w.chars().any(|c| c.is_ascii_digit()))
                        .count();
                    serde_json::json!({
                        "toks": toks(t),
                        "order": i, "block": u.block, "words": u.words, "chars": u.chars,
                        "content": u.counts.len(), "idf_sum": idfs.iter().sum::<f32>(),
                        "cent": cent[i], "score": scores[i],
                        "sim_first": rank::cosine(u, &units[0]),
                        "quoted": u.quoted, "dependent": u.dependent, "caps": caps, "digits": digits,
                    })
                })
                .collect();
            let rec = serde_json::json!({"set": set, "id": v["id"], "ref": toks(v["reference"].as_str().unwrap_or("")), "units": units_json});
            writeln!(out, "{rec}").expect("written");
        }
    }
}
