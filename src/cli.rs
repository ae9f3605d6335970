//! `lede analyze`: the analysis in-process, no server needed.
//!
//! One document prints one `AnalyzeResponse` as proto3 JSON (or, with
//! `--format text`, a report for a person). With `--jsonl`
//! the input is lines of `{"id", "text"}` or `{"id", "html"}` (optionally
//! with `url`, `languageCode`, `publishedAt`) and the output
//! one `AnalyzeStreamResponse` per line, in input order (an analysis, or an
//! `error` naming the line), computed on every core with bounded memory.

use std::collections::BTreeMap;
use std::io::{BufRead, Read, Write};
use std::sync::mpsc;

use lede_core::{Document, Pipeline, Published, Stop, SummaryOptions};
use serde::Deserialize;
use tonic::Status;

use crate::convert::{self, Encoder};
use crate::{error, pb, report};

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
    /// When the document was published (single-document mode; `--jsonl`
    /// lines carry their own `publishedAt`).
    pub published_at: Option<Published>,
    /// The document's language code as the caller gives it (single-document
    /// mode; `--jsonl` lines carry their own `languageCode`).
    pub language_code: Option<String>,
    /// JSON, or a report for a person (single-document mode).
    pub format: Format,
    /// Parts of the JSON to leave out.
    pub omit: Vec<Omit>,
    /// The lowest statement confidence to write.
    pub min_confidence: f32,
}

/// How `lede analyze` writes an analysis.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// One `AnalyzeResponse` in proto3 JSON (spans always with both ends).
    Json,
    /// A short report for a person: header, participants, who said what,
    /// summary.
    Text,
}

/// A part of the JSON that a reader may not want.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Omit {
    /// `article.text`, the text every span points into.
    Text,
    /// `participants[].mentions`, every place a participant is named.
    Mentions,
    /// `article.paragraphs`, the span and kind of each paragraph.
    Paragraphs,
    /// `article.sentences`, the span of each body sentence.
    Sentences,
}

/// Leaves out of `response` what `omit` names.
fn leave_out(response: &mut pb::AnalyzeResponse, omit: &[Omit]) {
    for part in omit {
        match part {
            Omit::Text => response.article.iter_mut().for_each(|a| a.text.clear()),
            Omit::Mentions => response.participants.iter_mut().for_each(|p| p.mentions.clear()),
            Omit::Paragraphs => response.article.iter_mut().for_each(|a| a.paragraphs.clear()),
            Omit::Sentences => response.article.iter_mut().for_each(|a| a.sentences.clear()),
        }
    }
}

/// Analyzes one document read whole from `input` and writes its response.
pub fn analyze_one(
    pipeline: &Pipeline,
    input: &mut dyn BufRead,
    output: &mut dyn Write,
    options: &AnalyzeOptions,
) -> anyhow::Result<()> {
    let limit = pipeline.limits().max_input_bytes;
    let mut bytes = Vec::new();
    std::io::Read::take(&mut *input, limit as u64 + 1).read_to_end(&mut bytes)?;
    if bytes.len() > limit {
        anyhow::bail!("input is larger than the limit of {limit} bytes (--max-input-bytes)");
    }
    let text = String::from_utf8(bytes).map_err(|e| anyhow::anyhow!("input is not UTF-8: {e}"))?;
    let mut document = if options.html {
        Document::html(text)
    } else {
        Document::text(text)
    };
    document.published_at = options.published_at;
    document.language_code.clone_from(&options.language_code);
    let mut analysis = pipeline
        .analyze(&document, &options.summary)
        .map_err(|e| anyhow::anyhow!("{}", error::status(&e).message()))?;
    analysis.extraction.retain_confident(options.min_confidence);
    let mut response = Encoder::new(&analysis.article.text, options.offsets).analysis(String::new(), &analysis);
    if options.format == Format::Text {
        output.write_all(report::report(&response).as_bytes())?;
        return Ok(());
    }
    leave_out(&mut response, &options.omit);
    if options.pretty {
        serde_json::to_writer_pretty(&mut *output, &response)?;
    } else {
        serde_json::to_writer(&mut *output, &response)?;
    }
    writeln!(output)?;
    Ok(())
}

/// One input line of `--jsonl`: `Document`'s fields (camelCase or
/// snake_case, as proto3 JSON allows) with `id` for `document_id`; other
/// fields are ignored.
#[derive(Deserialize)]
struct Line {
    #[serde(default)]
    id: Option<serde_json::Value>,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    html: Option<String>,
    #[serde(default)]
    url: Option<String>,
    #[serde(default, rename = "languageCode", alias = "language_code")]
    language_code: Option<String>,
    #[serde(default, rename = "publishedAt", alias = "published_at")]
    published_at: Option<String>,
}

/// Reads input line `n` of `--jsonl` (`{"id", "text"}` or `{"id", "html"}`,
/// optionally with `url`, `languageCode` and `publishedAt`) into a
/// `Document`; an error carries the id when the line had one. `lede
/// loadgen --jsonl` reads the same lines.
pub fn json_line(line: &str, n: u64) -> Result<pb::Document, (String, Status)> {
    let parsed: Line = serde_json::from_str(line).map_err(|e| {
        (
            String::new(),
            Status::invalid_argument(format!("line {n}: not a JSON object of id, text or html: {e}")),
        )
    })?;
    let id = match parsed.id {
        Some(serde_json::Value::String(s)) => s,
        Some(other) => other.to_string(),
        None => String::new(),
    };
    let content = match (parsed.text, parsed.html) {
        (Some(text), None) => pb::document::Content::Text(text),
        (None, Some(html)) => pb::document::Content::Html(html),
        _ => {
            return Err((
                id,
                Status::invalid_argument(format!("line {n}: needs exactly one of \"text\" and \"html\"")),
            ));
        }
    };
    Ok(pb::Document {
        document_id: id,
        content: Some(content),
        url: parsed.url.unwrap_or_default(),
        language_code: parsed.language_code.unwrap_or_default(),
        published_at: parsed.published_at.unwrap_or_default(),
    })
}

/// Lines in flight per worker: bounds memory whatever the input's size.
const QUEUE_PER_WORKER: usize = 16;

/// The longest input line read, for documents of at most `max_input_bytes`:
/// room for JSON escapes and the other fields. Longer lines are refused
/// without being held in memory.
fn max_line_bytes(max_input_bytes: usize) -> usize {
    max_input_bytes.saturating_mul(2).saturating_add(64 * 1024)
}

/// One input line as the reader hands it on.
pub enum Input {
    /// The line's text.
    Line(String),
    /// Why the line was not read.
    Refused(Status),
}

/// Reads the next line of at most `max` bytes into `buf` (without its line
/// end). Returns `None` at the end of input, else the line's length; a
/// longer line is skipped to its end and only counted.
pub fn read_line_bounded(input: &mut dyn BufRead, buf: &mut Vec<u8>, max: usize) -> std::io::Result<Option<usize>> {
    buf.clear();
    let mut length = 0usize;
    let mut any = false;
    loop {
        let chunk = input.fill_buf()?;
        if chunk.is_empty() {
            return Ok(any.then_some(length));
        }
        any = true;
        let (part, end) = match chunk.iter().position(|&b| b == b'\n') {
            Some(i) => (&chunk[..i], Some(i + 1)),
            None => (chunk, None),
        };
        length = length.saturating_add(part.len());
        if length <= max {
            buf.extend_from_slice(part);
        }
        let used = end.unwrap_or(chunk.len());
        input.consume(used);
        if end.is_some() {
            if buf.last() == Some(&b'\r') {
                buf.pop();
            }
            return Ok(Some(length));
        }
    }
}

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
    let (work_tx, work_rx) = mpsc::sync_channel::<(u64, u64, Input)>(threads * QUEUE_PER_WORKER);
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
                        analyze_line(pipeline, n, &line, options, &Stop::never())
                    }))
                    .unwrap_or_else(|_| {
                        let status = Status::internal(format!("line {n}: internal error (a bug: please report it)"));
                        error_line(String::new(), status, n)
                    });
                    if done_tx.send((seq, json, failed)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(done_tx);
        // The reader runs on its own thread so that this one can write.
        let max_line = max_line_bytes(pipeline.limits().max_input_bytes);
        let reader = scope.spawn(move || -> std::io::Result<()> {
            let mut seq = 0;
            let mut buf = Vec::new();
            let mut n = 0u64;
            while let Some(length) = read_line_bounded(input, &mut buf, max_line)? {
                n += 1;
                let line = if length > max_line {
                    Input::Refused(Status::invalid_argument(format!(
                        "line {n}: {length} bytes is over the line limit of {max_line} bytes \
                         (twice --max-input-bytes, for JSON escapes)"
                    )))
                } else {
                    match String::from_utf8(std::mem::take(&mut buf)) {
                        Ok(line) if line.trim().is_empty() => continue,
                        Ok(line) => Input::Line(line),
                        Err(e) => Input::Refused(Status::invalid_argument(format!("line {n}: not UTF-8: {e}"))),
                    }
                };
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

/// The response line for input line `n`, analysed until `stop`, and
/// whether it is an error. `lede work` answers each document with it.
pub fn analyze_line(
    pipeline: &Pipeline,
    n: u64,
    line: &Input,
    options: &AnalyzeOptions,
    stop: &Stop,
) -> (String, bool) {
    let line = match line {
        Input::Line(line) => line,
        Input::Refused(status) => return error_line(String::new(), status.clone(), n),
    };
    let on_line = |status: Status| Status::new(status.code(), format!("line {n}: {}", status.message()));
    let result = json_line(line, n).and_then(|document| {
        let id = document.document_id.clone();
        let (id, document) = convert::document(Some(document)).map_err(|s| (id, on_line(s)))?;
        match pipeline.analyze_until(&document, &options.summary, stop) {
            Ok(mut analysis) => {
                analysis.extraction.retain_confident(options.min_confidence);
                let mut response = Encoder::new(&analysis.article.text, options.offsets).analysis(id, &analysis);
                leave_out(&mut response, &options.omit);
                Ok(response)
            }
            Err(e) => Err((id, on_line(error::status(&e)))),
        }
    });
    match result {
        Ok(analysis) => response_line(pb::AnalyzeStreamResponse::from(analysis), n, false),
        Err((document_id, status)) => error_line(document_id, status, n),
    }
}

/// The response line that reports `status` for input line `n`.
pub fn error_line(document_id: String, status: Status, n: u64) -> (String, bool) {
    let response = pb::AnalyzeStreamResponse {
        document_id,
        error: Some(status.into()),
        ..Default::default()
    };
    response_line(response, n, true)
}

/// `response` as one JSON line, and whether it reports an error.
fn response_line(response: pb::AnalyzeStreamResponse, n: u64, failed: bool) -> (String, bool) {
    match serde_json::to_string(&response) {
        Ok(json) => (json, failed),
        Err(e) => (
            format!("{{\"error\":{{\"code\":13,\"message\":\"line {n}: {e}\"}}}}"),
            true,
        ),
    }
}
