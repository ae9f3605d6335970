//! `lede collect`: take results off the results stream until a number of
//! distinct documents have answered, and write each once.

use std::collections::HashSet;
use std::time::Duration;

use async_nats::header::NATS_MESSAGE_ID;
use async_nats::jetstream::consumer::{AckPolicy, PullConsumer, pull};
use async_nats::jetstream::{self, Message};
use serde::Deserialize;
use tokio::io::{AsyncWrite, AsyncWriteExt};
use tokio::time::Instant;
use tokio_stream::StreamExt;

use super::{Layout, PULL_WAIT, ensure_streams, header};

/// What `lede collect` waits for.
#[derive(Clone, Copy, Debug)]
pub struct CollectOptions {
    /// Distinct documents to collect.
    pub count: u64,
    /// Give up after this long (`None`: wait for ever).
    pub timeout: Option<Duration>,
}

/// Results taken per pull request.
const BATCH: u64 = 64;

/// Writes results to `output` until `options.count` distinct document ids
/// have answered, each once (a second result for an id is dropped).
/// Results leave the stream once written. Returns how many were written,
/// which is fewer than asked only when the timeout passed.
pub async fn collect(
    client: &async_nats::Client,
    layout: &Layout,
    options: CollectOptions,
    output: &mut (dyn AsyncWrite + Unpin + Send),
) -> anyhow::Result<u64> {
    let js = jetstream::new(client.clone());
    ensure_streams(&js, layout).await?;
    let stream = js.get_stream(layout.results_stream()).await?;
    let consumer: PullConsumer = stream
        .create_consumer(pull::Config {
            durable_name: Some(layout.collectors()),
            description: Some("lede collect".to_owned()),
            filter_subject: layout.results(),
            ack_policy: AckPolicy::Explicit,
            ..Default::default()
        })
        .await
        .map_err(|e| anyhow::anyhow!("cannot create or update consumer {}: {e}", layout.collectors()))?;
    let deadline = options.timeout.map(|t| Instant::now() + t);
    let mut seen = HashSet::new();
    let mut written = 0u64;
    while written < options.count {
        let wait = match deadline {
            Some(d) if d <= Instant::now() => break,
            Some(d) => PULL_WAIT.min(d - Instant::now()).max(Duration::from_millis(10)),
            None => PULL_WAIT,
        };
        // Never ask for more than is missing: results past the count stay
        // in the stream for the next collect.
        let want = (options.count - written).min(BATCH) as usize;
        let mut batch = consumer.batch().max_messages(want).expires(wait).messages().await?;
        let mut taken: Vec<Message> = Vec::with_capacity(want);
        while let Some(message) = batch.next().await {
            let message = message.map_err(|e| anyhow::anyhow!("cannot pull results: {e}"))?;
            if seen.insert(document_id(&message)) {
                output.write_all(&message.payload).await?;
                output.write_all(b"\n").await?;
                written += 1;
            }
            taken.push(message);
        }
        // Only what is written leaves the stream.
        output.flush().await?;
        for message in taken {
            message
                .ack()
                .await
                .map_err(|e| anyhow::anyhow!("cannot acknowledge a result: {e}"))?;
        }
    }
    Ok(written)
}

/// The document a result answers: its `Nats-Msg-Id`, else its `documentId`.
fn document_id(message: &Message) -> String {
    #[derive(Deserialize)]
    struct Response {
        #[serde(default, rename = "documentId")]
        document_id: String,
    }
    header(message, NATS_MESSAGE_ID).map_or_else(
        || {
            serde_json::from_slice::<Response>(&message.payload)
                .map(|r| r.document_id)
                .unwrap_or_default()
        },
        str::to_owned,
    )
}
