//! `lede submit`: publish each line of `lede analyze --jsonl` input as one
//! document, with `Nats-Msg-Id` = its id.

use std::collections::VecDeque;
use std::io::BufRead;

use async_nats::jetstream::{self, context::PublishAckFuture, message::PublishMessage};
use tokio::sync::mpsc;

use super::{LINE_HEADER, Layout, ensure_streams, max_payload};
use crate::cli;

/// Publishes awaiting JetStream's confirmation at once: enough to keep the
/// connection busy, few enough to bound memory.
const ACKS_IN_FLIGHT: usize = 256;

/// What `lede submit` did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Submitted {
    /// Documents JetStream stored.
    pub published: u64,
    /// Documents JetStream dropped: an earlier one with the same id is within
    /// the stream's duplicate window.
    pub duplicates: u64,
    /// Bad lines, reported on stderr and skipped.
    pub skipped: u64,
}

/// Publishes each non-blank line of `input` to the queue's document subject,
/// creating the streams when they are absent. A line that is not a
/// document with an id, or that is larger than the server's `max_payload`,
/// is reported on stderr with its number and skipped.
pub async fn submit(
    client: &async_nats::Client,
    layout: &Layout,
    input: Box<dyn BufRead + Send>,
) -> anyhow::Result<Submitted> {
    let js = jetstream::new(client.clone());
    ensure_streams(&js, layout).await?;
    let subject = layout.documents();
    let max_line = max_payload(client);
    let mut lines = read_lines(input, max_line);
    let mut report = Submitted::default();
    let mut acks: VecDeque<(u64, PublishAckFuture)> = VecDeque::new();
    while let Some(line) = lines.recv().await {
        let (n, line) = line?;
        let (id, line) = match document(n, line, max_line) {
            Ok(document) => document,
            Err(reason) => {
                eprintln!("lede submit: {reason}; skipped");
                report.skipped += 1;
                continue;
            }
        };
        let message = PublishMessage::build()
            .message_id(id)
            .header(LINE_HEADER, n.to_string())
            .payload(line.into());
        let ack = js
            .send_publish(subject.clone(), message)
            .await
            .map_err(|e| anyhow::anyhow!("line {n}: cannot publish to {subject}: {e}"))?;
        acks.push_back((n, ack));
        if acks.len() >= ACKS_IN_FLIGHT {
            count(acks.pop_front(), &mut report).await?;
        }
    }
    while !acks.is_empty() {
        count(acks.pop_front(), &mut report).await?;
    }
    Ok(report)
}

/// Waits for JetStream's confirmation of one document and counts it.
async fn count(ack: Option<(u64, PublishAckFuture)>, report: &mut Submitted) -> anyhow::Result<()> {
    let Some((n, ack)) = ack else { return Ok(()) };
    let ack = ack.await.map_err(|e| {
        anyhow::anyhow!(
            "line {n}: JetStream did not confirm the document: {e}; the lines before it were stored, \
             and submitting again is safe within the duplicate window (2 minutes by default)"
        )
    })?;
    if ack.duplicate {
        report.duplicates += 1;
    } else {
        report.published += 1;
    }
    Ok(())
}

/// The id and text of input line `n`, or why the line is skipped.
fn document(n: u64, line: Result<String, String>, max_payload: usize) -> Result<(String, String), String> {
    let line = line?;
    let document = cli::json_line(&line, n).map_err(|(_, status)| status.message().to_owned())?;
    let id = document.document_id;
    if id.is_empty() {
        return Err(format!(
            "line {n}: needs an \"id\": it is the Nats-Msg-Id that de-duplicates documents, and collect matches results by it"
        ));
    }
    if id.chars().any(char::is_control) || id.trim() != id {
        return Err(format!(
            "line {n}: the id {id:?} has control characters or spaces at its ends, which a Nats-Msg-Id header cannot carry"
        ));
    }
    // The headers count towards max_payload too.
    if line.len() + id.len() + 64 > max_payload {
        return Err(format!(
            "line {n}: {} bytes, with its headers, is over the NATS server's max_payload of {max_payload} bytes",
            line.len()
        ));
    }
    Ok((id, line))
}

/// Reads `input` on a thread of its own (it is a blocking reader) and hands
/// on each non-blank line with its number: its text, or why it was
/// refused. Lines longer than `max` bytes are not held in memory.
fn read_lines(
    mut input: Box<dyn BufRead + Send>,
    max: usize,
) -> mpsc::Receiver<std::io::Result<(u64, Result<String, String>)>> {
    let (tx, rx) = mpsc::channel(ACKS_IN_FLIGHT);
    std::thread::spawn(move || {
        let mut buf = Vec::new();
        let mut n = 0u64;
        loop {
            let line = match cli::read_line_bounded(&mut *input, &mut buf, max) {
                Ok(None) => break,
                Err(e) => Err(e),
                Ok(Some(length)) => {
                    n += 1;
                    if length > max {
                        Ok((
                            n,
                            Err(format!(
                                "line {n}: {length} bytes is over the NATS server's max_payload of {max} bytes"
                            )),
                        ))
                    } else {
                        match String::from_utf8(std::mem::take(&mut buf)) {
                            Ok(line) if line.trim().is_empty() => continue,
                            Ok(line) => Ok((n, Ok(line))),
                            Err(e) => Ok((n, Err(format!("line {n}: not UTF-8: {e}")))),
                        }
                    }
                }
            };
            let failed = line.is_err();
            if tx.blocking_send(line).is_err() || failed {
                break;
            }
        }
    });
    rx
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(line: &str) -> Result<(String, String), String> {
        document(7, Ok(line.to_owned()), 1024)
    }

    #[test]
    fn a_document_with_an_id_is_published_as_it_came() {
        let line = r#"{"id": "a-1", "text": "Hello.", "extra": 1}"#;
        assert_eq!(check(line), Ok(("a-1".to_owned(), line.to_owned())));
        // A number is an id too, as `lede analyze --jsonl` takes it.
        assert_eq!(
            check(r#"{"id": 12, "html": "<p>x</p>"}"#).map(|(id, _)| id),
            Ok("12".to_owned())
        );
    }

    #[test]
    fn a_bad_line_is_skipped_with_its_number_and_reason() {
        let cases = [
            ("not json", "not a JSON object"),
            (r#"{"text": "no id"}"#, "needs an \"id\""),
            (r#"{"id": "", "text": "empty id"}"#, "needs an \"id\""),
            (r#"{"id": "a\nb", "text": "x"}"#, "control characters"),
            (r#"{"id": " a", "text": "x"}"#, "spaces at its ends"),
            (r#"{"id": "a"}"#, "exactly one of"),
        ];
        for (line, reason) in cases {
            let message = check(line).expect_err(line);
            assert!(
                message.starts_with("line 7: ") && message.contains(reason),
                "{line}: {message}"
            );
        }
        let long = format!(r#"{{"id": "a", "text": "{}"}}"#, "x".repeat(1000));
        let message = check(&long).expect_err("over max_payload");
        assert!(message.contains("max_payload of 1024 bytes"), "{message}");
        assert_eq!(
            document(3, Err("line 3: not UTF-8".into()), 1024),
            Err("line 3: not UTF-8".into())
        );
    }
}
