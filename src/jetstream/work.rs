//! `lede work`: take documents from the shared durable pull consumer,
//! analyse each as `lede analyze --jsonl` does a line, publish the result,
//! then acknowledge the document.

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use async_nats::header::NATS_MESSAGE_ID;
use async_nats::jetstream::consumer::{AckPolicy, PullConsumer, pull};
use async_nats::jetstream::message::{AckKind, PublishMessage};
use async_nats::jetstream::{self, Message};
use lede_core::{Pipeline, Stop};
use tokio::sync::Semaphore;
use tokio::task::JoinSet;
use tokio_stream::StreamExt;
use tonic::Status;

use super::{
    DELIVERIES_HEADER, DOCUMENT_ID_HEADER, LINE_HEADER, Layout, PULL_WAIT, ensure_streams, header, max_payload,
};
use crate::cli::{self, AnalyzeOptions, Input};
use crate::metrics::{INPUT_BYTES, JETSTREAM_DOCUMENTS, JETSTREAM_REDELIVERED};
use crate::queue::{self, Queue};

/// How a worker runs.
#[derive(Clone, Debug)]
pub struct WorkOptions {
    /// Documents in analysis at once.
    pub concurrency: usize,
    /// The consumer's ack wait: how long a document taken by a worker that
    /// died waits before it is delivered again. A worker tells JetStream it
    /// is still at work on a long document, so this bounds only the wait
    /// after a crash.
    pub ack_wait: Duration,
    /// Deliveries after which a document goes to the dead-letter subject
    /// instead of being analysed again.
    pub max_deliveries: u32,
    /// Longest one document's analysis may run.
    pub request_timeout: Duration,
    /// Input bytes in analysis at once.
    pub max_inflight_bytes: usize,
    /// How often progress goes to the log.
    pub log_interval: Duration,
    /// The summary and the unit of the spans, as `lede analyze` takes them.
    pub analyze: AnalyzeOptions,
}

/// What one worker did, from its start to its stop.
#[derive(Debug, Default)]
pub struct Worked {
    /// Documents answered with an analysis.
    pub analysed: AtomicU64,
    /// Documents answered with an error (bad input, or a limit).
    pub failed: AtomicU64,
    /// Documents moved to the dead-letter subject.
    pub dead: AtomicU64,
    /// Documents this worker took that another had taken before.
    pub redelivered: AtomicU64,
    /// Documents left for another delivery because their result could not
    /// be published.
    pub retried: AtomicU64,
    /// Bytes of input taken.
    pub bytes: AtomicU64,
}

impl Worked {
    fn answered(&self) -> u64 {
        self.analysed.load(Ordering::Relaxed) + self.failed.load(Ordering::Relaxed) + self.dead.load(Ordering::Relaxed)
    }

    /// Counts one document's outcome, here and in the metrics.
    fn add(&self, outcome: Outcome) {
        let counter = match outcome {
            Outcome::Analysed => &self.analysed,
            Outcome::Failed => &self.failed,
            Outcome::Dead => &self.dead,
            Outcome::Retried => &self.retried,
        };
        counter.fetch_add(1, Ordering::Relaxed);
        metrics::counter!(JETSTREAM_DOCUMENTS, "outcome" => outcome.as_str()).increment(1);
    }
}

/// What became of a document a worker took.
#[derive(Clone, Copy, Debug)]
enum Outcome {
    Analysed,
    Failed,
    Dead,
    Retried,
}

impl Outcome {
    const ALL: [Outcome; 4] = [Outcome::Analysed, Outcome::Failed, Outcome::Dead, Outcome::Retried];

    fn as_str(self) -> &'static str {
        match self {
            Outcome::Analysed => "analysed",
            Outcome::Failed => "failed",
            Outcome::Dead => "dead",
            Outcome::Retried => "retried",
        }
    }
}

/// Every outcome at zero, so that `rate()` sees the first of each (a no-op
/// without a metrics recorder).
fn zero_metrics() {
    for outcome in Outcome::ALL {
        metrics::counter!(JETSTREAM_DOCUMENTS, "outcome" => outcome.as_str()).absolute(0);
    }
    metrics::counter!(JETSTREAM_REDELIVERED).absolute(0);
}

/// The shared durable consumer's configuration. Every worker creates or
/// updates it with its own settings at start, so the last one started
/// decides the ack wait. JetStream itself never stops delivering
/// (`max_deliver` is unlimited): the worker counts deliveries and moves a
/// document that keeps failing to the dead-letter subject.
pub fn worker_consumer(layout: &Layout, ack_wait: Duration) -> pull::Config {
    pull::Config {
        durable_name: Some(layout.workers()),
        description: Some("lede work: every worker shares this consumer".to_owned()),
        filter_subject: layout.documents(),
        ack_policy: AckPolicy::Explicit,
        ack_wait,
        max_deliver: -1,
        ..Default::default()
    }
}

/// Runs a worker until `shutdown` resolves: then it takes no more
/// documents, finishes the ones it holds, and returns what it did.
pub async fn work(
    client: async_nats::Client,
    layout: &Layout,
    pipeline: Arc<Pipeline>,
    options: WorkOptions,
    shutdown: impl Future<Output = ()>,
) -> anyhow::Result<Arc<Worked>> {
    anyhow::ensure!(
        options.ack_wait >= Duration::from_secs(1),
        "--ack-wait {:?}: at least 1s",
        options.ack_wait
    );
    anyhow::ensure!(!options.log_interval.is_zero(), "--log-interval must not be zero");
    anyhow::ensure!(
        options.max_inflight_bytes >= pipeline.limits().max_input_bytes,
        "--max-inflight-bytes ({}) must be at least --max-input-bytes ({}): a largest document could never run",
        options.max_inflight_bytes,
        pipeline.limits().max_input_bytes
    );
    zero_metrics();
    let js = jetstream::new(client.clone());
    let stream = ensure_streams(&js, layout).await?;
    let consumer: PullConsumer = stream
        .create_consumer(worker_consumer(layout, options.ack_wait))
        .await
        .map_err(|e| anyhow::anyhow!("cannot create or update consumer {}: {e}", layout.workers()))?;
    let concurrency = options.concurrency.max(1);
    tracing::info!(
        stream = layout.stream(),
        consumer = layout.workers(),
        subject = layout.documents(),
        results = layout.results(),
        concurrency,
        ack_wait = ?options.ack_wait,
        max_deliveries = options.max_deliveries,
        max_payload = max_payload(&client),
        "worker started"
    );
    let context = Arc::new(Context {
        js,
        layout: layout.clone(),
        pipeline,
        // The server's admission queue, with a place for each document the
        // worker holds: documents wait for a free core and their share of
        // the input budget, and none is ever shed.
        admission: Queue::new(queue::Limits {
            workers: concurrency,
            inflight_bytes: options.max_inflight_bytes,
            queue_length: concurrency,
            queued_bytes: usize::MAX,
        }),
        max_payload: max_payload(&client),
        options,
        worked: Arc::default(),
    });
    // Documents held at once: pulled and not yet acknowledged.
    let held = Arc::new(Semaphore::new(concurrency));
    let mut tasks = JoinSet::new();
    let progress = tokio::spawn(log_progress(Arc::clone(&context.worked), context.options.log_interval));
    tokio::pin!(shutdown);
    let started = Instant::now();
    'pull: loop {
        // Take no more documents than there is room for: a document waits in
        // JetStream, where another worker may take it, not here.
        let first = tokio::select! {
            biased;
            () = &mut shutdown => break 'pull,
            permit = Arc::clone(&held).acquire_owned() => permit?,
        };
        let mut permits = vec![first];
        while let Ok(permit) = Arc::clone(&held).try_acquire_owned() {
            permits.push(permit);
        }
        // Not cut short by a shutdown: once the request is out, what it
        // brings is taken below.
        let batch = consumer
            .batch()
            .max_messages(permits.len())
            .expires(PULL_WAIT)
            .messages()
            .await;
        let mut batch = match batch {
            Ok(batch) => batch,
            Err(e) => {
                tracing::warn!(error = %e, "cannot pull documents; retrying in a second");
                tokio::time::sleep(Duration::from_secs(1)).await;
                continue;
            }
        };
        // Every document the server sends for this pull request is taken,
        // even after a shutdown signal: it is ours until its ack wait ends.
        while let Some(message) = batch.next().await {
            match message {
                Ok(message) => {
                    let permit = permits.pop();
                    let context = Arc::clone(&context);
                    tasks.spawn(async move {
                        let _slot = permit;
                        context.handle(message).await;
                    });
                }
                Err(e) => {
                    tracing::warn!(error = %e, "pull request ended");
                    break;
                }
            }
        }
        while let Some(done) = tasks.try_join_next() {
            log_panic(done);
        }
    }
    tracing::info!(
        in_flight = tasks.len(),
        "stopping: taking no more documents, finishing those held"
    );
    while let Some(done) = tasks.join_next().await {
        log_panic(done);
    }
    progress.abort();
    let worked = Arc::clone(&context.worked);
    let seconds = started.elapsed().as_secs_f64();
    tracing::info!(
        analysed = worked.analysed.load(Ordering::Relaxed),
        failed = worked.failed.load(Ordering::Relaxed),
        dead = worked.dead.load(Ordering::Relaxed),
        redelivered = worked.redelivered.load(Ordering::Relaxed),
        retried = worked.retried.load(Ordering::Relaxed),
        documents_per_second = format!("{:.1}", worked.answered() as f64 / seconds.max(1e-9)),
        "worker stopped"
    );
    Ok(worked)
}

/// A task that panicked is a bug; its document is delivered again.
fn log_panic(done: Result<(), tokio::task::JoinError>) {
    if let Err(e) = done {
        tracing::error!(error = %e, "document task failed");
    }
}

/// Logs the documents answered per interval.
async fn log_progress(worked: Arc<Worked>, interval: Duration) {
    let mut ticker = tokio::time::interval(interval);
    ticker.tick().await;
    let (mut last, mut last_bytes, mut then) = (0, 0, Instant::now());
    loop {
        ticker.tick().await;
        let (answered, bytes, now) = (worked.answered(), worked.bytes.load(Ordering::Relaxed), Instant::now());
        if answered != last {
            let seconds = now.duration_since(then).as_secs_f64().max(1e-9);
            tracing::info!(
                answered,
                failed = worked.failed.load(Ordering::Relaxed),
                dead = worked.dead.load(Ordering::Relaxed),
                documents_per_second = format!("{:.1}", (answered - last) as f64 / seconds),
                input_kib_per_second = format!("{:.0}", (bytes - last_bytes) as f64 / 1024.0 / seconds),
                "progress"
            );
        }
        (last, last_bytes, then) = (answered, bytes, now);
    }
}

/// What every document task shares.
struct Context {
    js: jetstream::Context,
    layout: Layout,
    pipeline: Arc<Pipeline>,
    admission: Queue,
    max_payload: usize,
    options: WorkOptions,
    worked: Arc<Worked>,
}

impl Context {
    /// Answers one document: its result published (or the document moved to
    /// the dead-letter subject), then the document acknowledged. When the
    /// result cannot be published the document is left for a later
    /// delivery.
    async fn handle(&self, message: Message) {
        let (sequence, delivered) = match message.info() {
            Ok(info) => (info.stream_sequence, info.delivered),
            Err(e) => {
                tracing::warn!(error = %e, "a message without JetStream metadata; left for its ack wait");
                return;
            }
        };
        let line = String::from_utf8(message.payload.to_vec());
        // The line number `lede submit` read it from, else its place in the stream.
        let n = header(&message, LINE_HEADER)
            .and_then(|n| n.parse().ok())
            .unwrap_or(sequence);
        let id = header(&message, NATS_MESSAGE_ID)
            .map(str::to_owned)
            .or_else(|| {
                line.as_ref()
                    .ok()
                    .and_then(|line| cli::json_line(line, n).ok())
                    .map(|d| d.document_id)
            })
            .unwrap_or_default();
        tracing::debug!(id, delivered, "taken");
        self.worked
            .bytes
            .fetch_add(message.payload.len() as u64, Ordering::Relaxed);
        if delivered > 1 {
            self.worked.redelivered.fetch_add(1, Ordering::Relaxed);
            metrics::counter!(JETSTREAM_REDELIVERED).increment(1);
        }
        let result = if delivered > i64::from(self.options.max_deliveries) {
            self.dead_letter(&message, &id, n, delivered).await
        } else {
            let line = line.map_or_else(
                |e| Input::Refused(Status::invalid_argument(format!("line {n}: not UTF-8: {e}"))),
                Input::Line,
            );
            let (json, failed) = self.analyze(&message, &id, n, line).await;
            self.publish_result(&id, n, json, failed).await
        };
        let outcome = match result {
            Ok(outcome) => outcome,
            Err(e) => {
                tracing::warn!(id, error = %e, "cannot publish the answer; the document will be delivered again");
                self.worked.add(Outcome::Retried);
                let _ = message.ack_with(AckKind::Nak(Some(Duration::from_secs(1)))).await;
                return;
            }
        };
        tracing::debug!(id, "answered");
        if let Err(e) = message.ack().await {
            // The answer is out; a later delivery publishes it again, and
            // the results stream drops the duplicate.
            tracing::warn!(id, error = %e, "cannot acknowledge the document");
        }
        self.worked.add(outcome);
    }

    /// Analyses input line `n` as `lede analyze --jsonl` does, on the
    /// blocking pool, within the request timeout and the input budget (in
    /// the admission queue);
    /// tells JetStream it is still at work every half ack wait. Returns the
    /// response line and whether it is an error.
    async fn analyze(&self, message: &Message, id: &str, n: u64, line: Input) -> (String, bool) {
        let bytes = match &line {
            Input::Line(line) => line.len(),
            Input::Refused(_) => 0,
        };
        let mut slot = match self.admission.enter(bytes, None).await {
            Ok(slot) => slot,
            Err(status) => return cli::error_line(id.to_owned(), status, n),
        };
        metrics::histogram!(INPUT_BYTES).record(bytes as f64);
        let pipeline = Arc::clone(&self.pipeline);
        let options = self.options.analyze.clone();
        let stop = Stop::at(Instant::now() + self.options.request_timeout);
        let mut task = tokio::task::spawn_blocking(move || {
            let (json, failed) = cli::analyze_line(&pipeline, n, &line, &options, &stop);
            if !failed {
                slot.completed();
            }
            (json, failed)
        });
        let mut still_working = tokio::time::interval(self.options.ack_wait / 2);
        still_working.tick().await;
        loop {
            tokio::select! {
                done = &mut task => {
                    return done.unwrap_or_else(|e| {
                        tracing::error!(id, error = %e, "analysis failed");
                        cli::error_line(id.to_owned(), Status::internal(format!("line {n}: internal error (a bug: please report it)")), n)
                    });
                }
                _ = still_working.tick() => {
                    if let Err(e) = message.ack_with(AckKind::Progress).await {
                        tracing::warn!(id, error = %e, "cannot extend the ack wait");
                    }
                }
            }
        }
    }

    /// Publishes `json` as the result of document `id` (an error when
    /// `failed`); a result larger than the server's `max_payload` is
    /// replaced by an error that says so.
    async fn publish_result(&self, id: &str, n: u64, json: String, failed: bool) -> anyhow::Result<Outcome> {
        let room = self.max_payload.saturating_sub(id.len() + 64);
        let (json, failed) = if json.len() > room {
            let status = Status::resource_exhausted(format!(
                "line {n}: the result is {} bytes, over the NATS server's max_payload of {} bytes; \
                 raise max_payload on the server, or analyse this document with lede analyze or the gRPC API",
                json.len(),
                self.max_payload
            ));
            cli::error_line(id.to_owned(), status, n)
        } else {
            (json, failed)
        };
        let mut result = PublishMessage::build().payload(json.into());
        if !id.is_empty() && !id.contains(['\r', '\n']) {
            result = result.message_id(id);
        }
        self.js.send_publish(self.layout.results(), result).await?.await?;
        Ok(if failed { Outcome::Failed } else { Outcome::Analysed })
    }

    /// Moves a document delivered `delivered` times to the dead-letter
    /// subject and publishes an error result for it, so that `lede collect`
    /// still gets one line per document.
    async fn dead_letter(&self, message: &Message, id: &str, n: u64, delivered: i64) -> anyhow::Result<Outcome> {
        let dead = self.layout.dead();
        tracing::warn!(
            id,
            delivered,
            subject = dead,
            "delivered too often without an answer; moved to the dead letters"
        );
        let mut letter = PublishMessage::build()
            .payload(message.payload.clone())
            .header(LINE_HEADER, n.to_string())
            .header(DELIVERIES_HEADER, delivered.to_string());
        if !id.contains(['\r', '\n']) {
            letter = letter.header(DOCUMENT_ID_HEADER, id);
        }
        self.js.send_publish(dead.clone(), letter).await?.await?;
        let status = Status::internal(format!(
            "line {n}: delivered {delivered} times without an answer (each worker that took it stopped or ran out of \
             time first); moved to {dead} after --max-deliveries {}",
            self.options.max_deliveries
        ));
        let (json, failed) = cli::error_line(id.to_owned(), status, n);
        self.publish_result(id, n, json, failed).await?;
        Ok(Outcome::Dead)
    }
}
