//! `lede analyze` on bad and odd input: each document ends with an analysis
//! or a refusal that names the field and the limit, never a crash.

use std::io::Write;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

#[path = "../crates/lede-core/tests/common/odd_inputs.rs"]
mod odd_inputs;

/// Runs `lede analyze` with `args`, feeding `input` on standard input.
fn lede_analyze(args: &[&str], input: Vec<u8>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_lede"))
        .arg("analyze")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start lede");
    let mut stdin = child.stdin.take().expect("stdin");
    // Write from a thread: the child may answer before it has read it all.
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let output = child.wait_with_output().expect("lede ran");
    writer.join().expect("writer");
    output
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn a_bad_document_is_refused_with_the_field_or_the_limit() {
    let cases: Vec<(&str, Vec<&str>, Vec<u8>, &str)> = vec![
        ("empty", vec![], Vec::new(), "text"),
        ("white space only", vec![], b" \n\t \n".to_vec(), "text"),
        ("empty HTML", vec!["--html"], Vec::new(), "html"),
        (
            "over the input limit",
            vec!["--max-input-bytes", "1000"],
            "word ".repeat(400).into_bytes(),
            "limit of 1000 bytes",
        ),
        ("not UTF-8", vec![], b"caf\xe9 au lait.".to_vec(), "not UTF-8"),
    ];
    for (name, args, input, expected) in cases {
        let output = lede_analyze(&args, input);
        assert!(!output.status.success(), "{name}: must fail");
        assert!(output.stdout.is_empty(), "{name}: no half answer on stdout");
        let message = stderr(&output);
        assert!(message.contains(expected), "{name}: {message}");
        assert!(!message.contains("panicked"), "{name}: {message}");
    }
}

#[test]
fn odd_documents_are_analysed() {
    for case in odd_inputs::odd_inputs() {
        let args: &[&str] = if case.html { &["--html"] } else { &[] };
        let output = lede_analyze(args, case.content.clone().into_bytes());
        let message = stderr(&output);
        assert!(!message.contains("panicked"), "{}: {message}", case.name);
        if output.status.success() {
            let response: Value = serde_json::from_slice(&output.stdout).expect("one JSON response");
            assert!(response["article"].is_object(), "{}: {response}", case.name);
        } else {
            // Refused (for instance HTML with no text): a message, no output.
            assert!(message.starts_with("lede: document."), "{}: {message}", case.name);
        }
    }
}

#[test]
fn each_jsonl_line_gets_its_answer_or_its_error_in_order() {
    let long_line = format!("{{\"id\":\"huge\",\"text\":\"{}\"}}", "word ".repeat(20_000));
    let lines: Vec<Vec<u8>> = vec![
        br#"{"id":"good","text":"Wang Yi met Vikram Misri in Beijing on Monday. Both sides said talks went well."}"#
            .to_vec(),
        br#"{"id":"none"}"#.to_vec(),
        br#"{"id":"empty","text":""}"#.to_vec(),
        br#"{"id":"blank","text":"  \n "}"#.to_vec(),
        br#"{"id":"both","text":"a","html":"<p>a</p>"}"#.to_vec(),
        b"not json".to_vec(),
        b"{\"id\":\"latin1\",\"text\":\"caf\xe9\"}".to_vec(),
        format!("{{\"id\":\"big\",\"text\":\"{}\"}}", "word ".repeat(400)).into_bytes(),
        long_line.into_bytes(),
        Vec::new(),
        br#"{"id":7,"html":"<html><body><p>Last one. It counts.</p></body></html>"}"#.to_vec(),
        br#"{"id":"dated","text":"The talks went well and will resume next month, the foreign minister said Monday.","publishedAt":"2025-01-27"}"#.to_vec(),
        br#"{"id":"undated","text":"Talks went well.","published_at":"Monday"}"#.to_vec(),
    ];
    let input = lines.join(&b"\n"[..]);
    let output = lede_analyze(&["--jsonl", "--max-input-bytes", "1000", "--threads", "2"], input);
    assert!(!output.status.success(), "failed lines make the exit status a failure");
    assert!(
        stderr(&output).contains("9 input line(s) failed"),
        "{}",
        stderr(&output)
    );
    let responses: Vec<Value> = String::from_utf8(output.stdout)
        .expect("UTF-8 output")
        .lines()
        .map(|l| serde_json::from_str(l).expect("each output line is JSON"))
        .collect();
    // Blank lines are skipped; every other line has its answer, in order.
    // (input line, document id, what the error says)
    let expected: Vec<(usize, &str, Option<&str>)> = vec![
        (1, "good", None),
        (2, "none", Some("needs exactly one of \"text\" and \"html\"")),
        (3, "empty", Some("document.text")),
        (4, "blank", Some("document.text")),
        (5, "both", Some("needs exactly one")),
        (6, "", Some("not a JSON object")),
        (7, "", Some("not UTF-8")),
        (8, "big", Some("limit of 1000 bytes")),
        (9, "", Some("bytes is over the line limit of 67536 bytes")),
        (11, "7", None),
        (12, "dated", None),
        (
            13,
            "undated",
            Some("document.published_at: \"Monday\" is neither RFC 3339"),
        ),
    ];
    assert_eq!(responses.len(), expected.len(), "{responses:?}");
    // The line's publication date resolves "said Monday".
    assert_eq!(
        responses[10]["statements"][0]["date"], "2025-01-27",
        "{}",
        responses[10]
    );
    for (response, (line, id, error)) in responses.iter().zip(expected) {
        assert_eq!(response["documentId"].as_str().unwrap_or(""), id, "{response}");
        match error {
            None => {
                assert!(response["error"].is_null(), "{response}");
                assert!(response["article"].is_object(), "{response}");
            }
            Some(message) => {
                assert_eq!(response["error"]["code"], 3, "INVALID_ARGUMENT: {response}");
                let text = response["error"]["message"].as_str().unwrap_or("");
                assert!(text.starts_with(&format!("line {line}: ")), "{text}");
                assert!(text.contains(message), "{message:?} in {text:?}");
            }
        }
    }
}

#[test]
fn a_20_mb_line_is_refused_without_stopping_the_run() {
    let huge = format!("{{\"id\":\"huge\",\"text\":\"{}\"}}", "x".repeat(20 * 1024 * 1024));
    let input = format!("{huge}\n{{\"id\":\"after\",\"text\":\"Still here. Yes.\"}}\n");
    let output = lede_analyze(&["--jsonl"], input.into_bytes());
    let responses: Vec<Value> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    assert_eq!(responses.len(), 2);
    let message = responses[0]["error"]["message"].as_str().unwrap_or("");
    assert!(message.contains("over the line limit of"), "{message}");
    assert_eq!(responses[1]["documentId"], "after");
    assert!(responses[1]["article"].is_object());
}

const SAMPLE: &str = include_str!("../examples/xinhua-china-india.txt");

/// Every value at `key` anywhere in `value`.
fn all_at<'a>(value: &'a Value, key: &str, found: &mut Vec<&'a Value>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                if k == key {
                    found.push(v);
                }
                all_at(v, key, found);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| all_at(v, key, found)),
        _ => {}
    }
}

#[test]
fn text_format_reports_who_said_what_for_a_person() {
    let output = lede_analyze(&["--format", "text"], SAMPLE.as_bytes().to_vec());
    assert!(output.status.success(), "{}", stderr(&output));
    let report = String::from_utf8(output.stdout).expect("UTF-8");
    assert!(serde_json::from_str::<Value>(&report).is_err(), "not JSON");
    let line_with = |start: &str| {
        report
            .lines()
            .find(|l| l.trim_start().starts_with(start))
            .map(str::trim)
    };
    // The header, participants with kind, title and country, statements
    // with the cue, the summary and the gist.
    assert!(
        line_with("source: Xinhua").is_some_and(|l| l.contains("BEIJING")),
        "{report}"
    );
    let wang = line_with("Wang Yi (person").unwrap_or_default();
    assert!(wang.contains("Foreign Minister") && wang.contains("CN"), "{report}");
    assert!(
        line_with("Vikram Misri (person").is_some_and(|l| l.contains("IN")),
        "{report}"
    );
    // The cue is "said" or "said Monday" (PolNeAR marks both).
    assert!(
        line_with("Wang Yi (said").is_some_and(|l| l.contains("): China and India should strive")),
        "{report}"
    );
    assert!(line_with("Vikram Misri (said):").is_some(), "{report}");
    assert!(line_with("- ").is_some() && line_with("Gist: ").is_some(), "{report}");
    let refused = lede_analyze(&["--format", "text", "--jsonl"], Vec::new());
    assert!(!refused.status.success() && stderr(&refused).contains("one document"));
}

#[test]
fn json_spans_have_both_ends_and_omit_leaves_out_what_it_names() {
    let full = lede_analyze(&[], SAMPLE.as_bytes().to_vec());
    let full: Value = serde_json::from_slice(&full.stdout).expect("JSON");
    let mut spans = Vec::new();
    all_at(&full, "span", &mut spans);
    all_at(&full, "titleSpan", &mut spans);
    assert!(spans.len() > 50);
    for span in spans {
        assert!(span["begin"].is_u64() && span["end"].is_u64(), "{span}");
    }
    // Credits from a byline at the text's start have spans from 0.
    let page = "<html><head><meta name=\"author\" content=\"Jane Doe\"></head><body><p>Wang Yi met \
                Vikram Misri in Beijing on Monday. Both sides said talks went well.</p></body></html>";
    let html = lede_analyze(&["--html"], page.as_bytes().to_vec());
    let html: Value = serde_json::from_slice(&html.stdout).expect("JSON");
    let mut begins = Vec::new();
    all_at(&html, "begin", &mut begins);
    assert!(begins.iter().any(|b| b.as_u64() == Some(0)), "{html}");

    let omitted = lede_analyze(&["--omit", "text,mentions"], SAMPLE.as_bytes().to_vec());
    let omitted: Value = serde_json::from_slice(&omitted.stdout).expect("JSON");
    assert!(full["article"]["text"].is_string() && omitted["article"]["text"].is_null());
    let mut mentions = Vec::new();
    all_at(&omitted, "mentions", &mut mentions);
    assert!(mentions.is_empty(), "{omitted}");
    assert_eq!(
        omitted["participants"].as_array().map(Vec::len),
        full["participants"].as_array().map(Vec::len)
    );
    assert_eq!(omitted["statements"], full["statements"]);
    assert_eq!(omitted["article"]["paragraphs"], full["article"]["paragraphs"]);
    let lines = format!("{{\"id\":\"a\",\"text\":{}}}\n", Value::from(SAMPLE));
    let jsonl = lede_analyze(&["--jsonl", "--omit", "text,paragraphs,sentences"], lines.into_bytes());
    let line: Value = serde_json::from_slice(&jsonl.stdout).expect("JSON line");
    let article = &line["article"];
    assert!(article["text"].is_null() && article["paragraphs"].is_null() && article["sentences"].is_null());
    assert_eq!(article["title"], full["article"]["title"]);
}

#[test]
fn language_codes_in_any_form_and_pages_sent_as_text() {
    let language = |args: &[&str]| {
        let output = lede_analyze(args, SAMPLE.as_bytes().to_vec());
        let response: Value = serde_json::from_slice(&output.stdout).unwrap_or(Value::Null);
        (response, stderr(&output))
    };
    for code in ["EN", "en-GB", "en_GB", "eng"] {
        let (response, _) = language(&["--language", code, "--omit", "text,mentions"]);
        assert_eq!(response["article"]["languageCode"], "en", "{code}");
        assert!(response["notices"].is_null(), "{code}: {response}");
        assert!(!response["statements"].as_array().is_none_or(Vec::is_empty), "{code}");
    }
    let (_, message) = language(&["--language", "english please"]);
    assert!(message.starts_with("lede: document.language_code:"), "{message}");
    let lines = [("EN", "en"), ("zh_Hans", "zh"), ("cym", "cy")]
        .map(|(code, _)| {
            format!(
                "{{\"id\":\"{code}\",\"text\":{},\"languageCode\":\"{code}\"}}",
                Value::from(SAMPLE)
            )
        })
        .join("\n");
    let output = lede_analyze(&["--jsonl", "--omit", "text,mentions"], lines.into_bytes());
    let codes: Vec<Value> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).expect("JSON")["article"]["languageCode"].clone())
        .collect();
    assert_eq!(codes, ["en", "zh", "cy"]);

    let paragraphs: String = SAMPLE.split("\n\n").map(|p| format!("<p>{}</p>\n", p.trim())).collect();
    let page = format!(
        "<!doctype html><html><head><script>if (window.HFS && HFS.ok) HFS.go();</script></head>\
         <body><article>{paragraphs}</article></body></html>"
    );
    let output = lede_analyze(&[], page.into_bytes());
    let response: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(response["notices"][0]["code"], "NOTICE_CODE_TEXT_IS_HTML", "{response}");
    let text = response["article"]["text"].as_str().unwrap_or("<");
    assert!(!text.contains('<') && !text.contains("HFS"), "{text}");
    let fragment = format!("<html><body>{paragraphs}</body></html>");
    let output = lede_analyze(&["--format", "text"], fragment.into_bytes());
    let report = String::from_utf8_lossy(&output.stdout);
    assert!(report.contains("Note: document.text is a web page"), "{report}");
}
