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
