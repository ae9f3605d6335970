//! `lede analyze`: the analysis in-process, no server needed.
//!
//! One document prints one `AnalyzeResponse` as proto3 JSON. With `--jsonl`
//! the input is lines of `{"id", "text"}` or `{"id", "html"}` and the output
//! one `AnalyzeStreamResponse` per line, in input order (an analysis, or an
//! `error` naming the line), computed on every core with bounded memory.

use std::collections::BTreeMap;
use std::io::{BufRead, Read, Write};
use std::sync::mpsc;

use lede_core::{Content, Document, Pipeline, SummaryOptions};
use serde::Deserialize;
use tonic::Status;

use crate::convert::Encoder;
use crate::{error, pb};

/// What `lede analyze` was asked to do.
#[derive(Clone, Debug)]
pub struct AnalyzeOptions {
    /// Treat the input as HTML (single-document mode).
    pub html: bool,
    /// Summary length.
    pub summary: SummaryOptions,
    /// Unit of the output spans.
    pub offsets: pb::OffsetEncoding,
    /// Indent the JSON (single-document mode).
    pub pretty: bool,
    /// Worker threads for `--jsonl`.
    pub threads: usize,
}

/// Analyzes one document read whole from `input` and writes its response.
pub fn analyze_one(
    pipeline: &Pipeline,
    input: &mut dyn BufRead,
    output: &mut dyn Write,
    options: &AnalyzeOptions,
) -> anyhow::Result<()> {
    let limit = pipeline.limits().max_input_bytes as u64;
    let mut bytes = Vec::new();
    std::io::Read::take(&mut *input, limit + 1).read_to_end(&mut bytes)?;
    let text = String::from_utf8(bytes).map_err(|e| anyhow::anyhow!("input is not UTF-8: {e}"))?;
    let document = if options.html {
        Document::html(text)
    } else {
        Document::text(text)
    };
    let analysis = pipeline
        .analyze(&document, &options.summary)
        .map_err(|e| anyhow::anyhow!("{}", error::status(&e).message()))?;
    let response = Encoder::new(&analysis.article.text, options.offsets).analysis(String::new(), &analysis);
    if options.pretty {
        serde_json::to_writer_pretty(&mut *output, &response)?;
    } else {
        serde_json::to_writer(&mut *output, &response)?;
    }
    writeln!(output)?;
    Ok(())
}

/// One input line of `--jsonl`; other fields are ignored.
#[derive(Deserialize)]
struct Line {
    #[serde(default)]
    id: Option<serde_json::Value>,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    html: Option<String>,
}

/// Lines in flight per worker: bounds memory whatever the input's size.
const QUEUE_PER_WORKER: usize = 16;

/// Analyzes each line of `input` and writes one response line each, in
/// order. Returns how many lines failed.
pub fn analyze_jsonl(
    pipeline: &Pipeline,
    input: &mut (dyn BufRead + Send),
    output: &mut dyn Write,
    options: &AnalyzeOptions,
    mut progress: impl FnMut(u64),
) -> anyhow::Result<u64> {
    let threads = options.threads.max(1);
    // (sequence number among non-blank lines, line number, line)
    let (work_tx, work_rx) = mpsc::sync_channel::<(u64, u64, String)>(threads * QUEUE_PER_WORKER);
    let work_rx = std::sync::Mutex::new(work_rx);
    let (done_tx, done_rx) = mpsc::sync_channel::<(u64, String, bool)>(threads * QUEUE_PER_WORKER);
    std::thread::scope(|scope| -> anyhow::Result<u64> {
        for _ in 0..threads {
            let done_tx = done_tx.clone();
            let work_rx = &work_rx;
            scope.spawn(move || {
                loop {
                    let next = work_rx.lock().map(|rx| rx.recv());
                    let Ok(Ok((seq, n, line))) = next else { break };
                    let (json, failed) = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        analyze_line(pipeline, n, &line, options)
                    }))
                    .unwrap_or_else(|_| {
                        let status = Status::internal(format!("line {n}: internal error (a bug: please report it)"));
                        let response = pb::AnalyzeStreamResponse {
                            error: Some(status.into()),
                            ..Default::default()
                        };
                        (serde_json::to_string(&response).unwrap_or_default(), true)
                    });
                    if done_tx.send((seq, json, failed)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(done_tx);
        // The reader runs on its own thread so that this one can write.
        let reader = scope.spawn(move || -> std::io::Result<()> {
            let mut seq = 0;
            for (n, line) in (1..).zip(input.lines()) {
                let line = line?;
                if line.trim().is_empty() {
                    continue;
                }
                if work_tx.send((seq, n, line)).is_err() {
                    break;
                }
                seq += 1;
            }
            Ok(())
        });
        // Workers finish out of order; write in input order. At most the
        // lines in flight wait here, so memory stays bounded.
        let mut pending = BTreeMap::new();
        let mut next = 0;
        let mut failures = 0;
        for (seq, json, failed) in done_rx {
            failures += u64::from(failed);
            pending.insert(seq, json);
            while let Some(json) = pending.remove(&next) {
                output.write_all(json.as_bytes())?;
                output.write_all(b"\n")?;
                next += 1;
                progress(next);
            }
        }
        reader.join().map_err(|_| anyhow::anyhow!("input reader panicked"))??;
        output.flush()?;
        Ok(failures)
    })
}

/// The response line for input line `n`, and whether it is an error.
fn analyze_line(pipeline: &Pipeline, n: u64, line: &str, options: &AnalyzeOptions) -> (String, bool) {
    let result = serde_json::from_str::<Line>(line)
        .map_err(|e| {
            (
                String::new(),
                Status::invalid_argument(format!("line {n}: not a JSON object of id, text or html: {e}")),
            )
        })
        .and_then(|parsed| {
            let id = match parsed.id {
                Some(serde_json::Value::String(s)) => s,
                Some(other) => other.to_string(),
                None => String::new(),
            };
            let content = match (parsed.text, parsed.html) {
                (Some(text), None) => Content::Text(text),
                (None, Some(html)) => Content::Html(html),
                _ => {
                    return Err((
                        id,
                        Status::invalid_argument(format!("line {n}: needs exactly one of \"text\" and \"html\"")),
                    ));
                }
            };
            let document = Document {
                content,
                url: None,
                language_code: None,
            };
            match pipeline.analyze(&document, &options.summary) {
                Ok(analysis) => Ok(Encoder::new(&analysis.article.text, options.offsets).analysis(id, &analysis)),
                Err(e) => {
                    let status = error::status(&e);
                    Err((
                        id,
                        Status::new(status.code(), format!("line {n}: {}", status.message())),
                    ))
                }
            }
        });
    let (response, failed) = match result {
        Ok(analysis) => (pb::AnalyzeStreamResponse::from(analysis), false),
        Err((document_id, status)) => (
            pb::AnalyzeStreamResponse {
                document_id,
                error: Some(status.into()),
                ..Default::default()
            },
            true,
        ),
    };
    match serde_json::to_string(&response) {
        Ok(json) => (json, failed),
        Err(e) => (
            format!("{{\"error\":{{\"code\":13,\"message\":\"line {n}: {e}\"}}}}"),
            true,
        ),
    }
}
