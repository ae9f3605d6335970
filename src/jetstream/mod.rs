//! Bulk analysis over NATS JetStream: `lede submit`, `lede work` and
//! `lede collect`.
//!
//! One queue is named after its stream (`lede` by default) and holds:
//!
//! | what | where |
//! |---|---|
//! | documents to analyse, one `lede analyze --jsonl` input line each, `Nats-Msg-Id` = the document id | stream `lede`, subject `lede.documents` (work-queue retention: a document leaves once a worker acknowledges it) |
//! | documents that were delivered too often without an answer | the same stream, subject `lede.dead` |
//! | results, one `lede analyze --jsonl` output line each, `Nats-Msg-Id` = the document id | stream `lede-results`, subject `lede.results` (work-queue retention: a result leaves once `lede collect` has written it) |
//! | the workers' shared durable pull consumer | `lede-workers` on `lede`, filtered to `lede.documents` |
//! | `lede collect`'s durable pull consumer | `lede-collect` on `lede-results` |
//!
//! JetStream does the hard parts: it drops a document or result published
//! twice with the same `Nats-Msg-Id` within the stream's duplicate window
//! (2 minutes by default), hands each document to one worker at a time, and
//! redelivers it when the worker dies before acknowledging it (after the
//! consumer's ack wait). Results and documents are in separate streams
//! because de-duplication is per stream and both carry the document id.

mod collect;
mod submit;
mod work;

use std::time::Duration;

use anyhow::Context as _;
use async_nats::jetstream::{self, stream};

pub use collect::{CollectOptions, collect};
pub use submit::{Submitted, submit};
pub use work::{WorkOptions, Worked, work, worker_consumer};

/// Header that carries the document's line number in the submitted input,
/// so that an error result names the same line as `lede analyze --jsonl`.
pub const LINE_HEADER: &str = "Lede-Line";

/// Header of a dead letter: how many times the document was delivered.
pub const DELIVERIES_HEADER: &str = "Lede-Deliveries";

/// Header of a dead letter: the document's id (dead letters carry no
/// `Nats-Msg-Id`, which would collide with the document's own).
pub const DOCUMENT_ID_HEADER: &str = "Lede-Document-Id";

/// The streams, subjects and consumers of one queue, all named after its
/// stream, and the replicas its streams are created with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Layout {
    stream: String,
    replicas: usize,
}

impl Layout {
    /// The queue of stream `stream`: letters, digits, `-` and `_` (it is
    /// also the first token of the subjects). Streams it creates keep
    /// `replicas` copies (1 to 5; more than 1 needs a NATS cluster).
    pub fn new(stream: &str, replicas: usize) -> anyhow::Result<Layout> {
        anyhow::ensure!(
            (1..=5).contains(&replicas),
            "--stream-replicas {replicas}: JetStream keeps 1 to 5 copies of a stream"
        );
        anyhow::ensure!(
            !stream.is_empty()
                && stream.len() <= 64
                && stream
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'),
            "--stream {stream:?}: use 1 to 64 letters, digits, '-' or '_' (it names the stream and its subjects)"
        );
        Ok(Layout {
            stream: stream.to_owned(),
            replicas,
        })
    }

    /// The stream of documents (and dead letters).
    pub fn stream(&self) -> &str {
        &self.stream
    }

    /// The subject documents are published to.
    pub fn documents(&self) -> String {
        format!("{}.documents", self.stream)
    }

    /// The dead-letter subject.
    pub fn dead(&self) -> String {
        format!("{}.dead", self.stream)
    }

    /// The stream of results.
    pub fn results_stream(&self) -> String {
        format!("{}-results", self.stream)
    }

    /// The subject results are published to.
    pub fn results(&self) -> String {
        format!("{}.results", self.stream)
    }

    /// The durable consumer every worker shares.
    pub fn workers(&self) -> String {
        format!("{}-workers", self.stream)
    }

    /// The durable consumer of `lede collect`.
    pub fn collectors(&self) -> String {
        format!("{}-collect", self.stream)
    }
}

/// Connects to the NATS server at `url` (a URL or a comma-separated list;
/// credentials may sit in it: `nats://user:password@host:4222`).
pub async fn connect(url: &str, name: &str) -> anyhow::Result<async_nats::Client> {
    async_nats::ConnectOptions::new()
        .name(name)
        .connect(url)
        .await
        .with_context(|| format!("cannot connect to NATS at {url}"))
}

/// Creates the queue's two streams where they are absent (work-queue
/// retention, file storage); checks the retention of streams that exist.
/// Returns the document stream.
pub async fn ensure_streams(js: &jetstream::Context, layout: &Layout) -> anyhow::Result<stream::Stream> {
    ensure_stream(js, layout, layout.results_stream(), vec![layout.results()]).await?;
    ensure_stream(
        js,
        layout,
        layout.stream().to_owned(),
        vec![layout.documents(), layout.dead()],
    )
    .await
}

async fn ensure_stream(
    js: &jetstream::Context,
    layout: &Layout,
    name: String,
    subjects: Vec<String>,
) -> anyhow::Result<stream::Stream> {
    let mut stream = js
        .get_or_create_stream(stream::Config {
            name: name.clone(),
            subjects,
            retention: stream::RetentionPolicy::WorkQueue,
            storage: stream::StorageType::File,
            num_replicas: layout.replicas,
            ..Default::default()
        })
        .await
        .with_context(|| format!("cannot find or create JetStream stream {name}"))?;
    let retention = stream.info().await?.config.retention;
    anyhow::ensure!(
        retention == stream::RetentionPolicy::WorkQueue,
        "stream {name} exists with {retention:?} retention; lede needs work-queue retention \
         (delete the stream, or choose another with --stream)"
    );
    Ok(stream)
}

/// The largest message the server takes (headers and payload).
pub fn max_payload(client: &async_nats::Client) -> usize {
    client.server_info().max_payload
}

/// How long a pull request waits for messages before it is renewed: also
/// the longest a stopping worker or a `lede collect` waits for one.
const PULL_WAIT: Duration = Duration::from_secs(2);

/// A header's value as a string.
fn header(message: &async_nats::Message, name: impl async_nats::header::IntoHeaderName) -> Option<&str> {
    message.headers.as_ref()?.get(name).map(|v| v.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_comes_from_the_stream() {
        let layout = Layout::new("bulk_1", 3).expect("a valid stream");
        assert_eq!(
            [
                layout.stream().to_owned(),
                layout.documents(),
                layout.dead(),
                layout.results_stream(),
                layout.results(),
                layout.workers(),
                layout.collectors(),
            ],
            [
                "bulk_1",
                "bulk_1.documents",
                "bulk_1.dead",
                "bulk_1-results",
                "bulk_1.results",
                "bulk_1-workers",
                "bulk_1-collect"
            ]
        );
    }

    #[test]
    fn a_stream_name_that_would_break_a_subject_is_refused() {
        for stream in ["", "a.b", "a*", "a>", "a b", &"x".repeat(65)] {
            let error = Layout::new(stream, 1).expect_err(stream).to_string();
            assert!(error.contains("--stream"), "{error}");
        }
        for replicas in [0, 6] {
            let error = Layout::new("lede", replicas).expect_err("replicas").to_string();
            assert!(error.contains("--stream-replicas"), "{error}");
        }
    }
}
