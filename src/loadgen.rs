//! `lede loadgen`: drives a running server through the generated client and
//! reports throughput, latency percentiles and counts by status code.
//!
//! Closed loop by default (`--concurrency` calls always in flight); with
//! `--rate` it is open loop: calls start at that rate whatever the latency,
//! which is how latency at a given load must be measured.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::{Mutex, Semaphore};
use tonic::transport::{Channel, Endpoint};

use crate::pb;
use crate::pb::article_service_client::ArticleServiceClient;

/// What to send and how hard.
#[derive(Clone, Debug)]
pub struct LoadOptions {
    /// Server address, such as `http://127.0.0.1:50051`.
    pub target: String,
    /// HTTP/2 connections to spread calls over.
    pub connections: usize,
    /// Calls in flight at once (closed loop), or at most (open loop).
    pub concurrency: usize,
    /// How long to run.
    pub duration: Duration,
    /// Stop after this many calls, if given.
    pub requests: Option<u64>,
    /// Calls per second to start (open loop), if given.
    pub rate: Option<f64>,
    /// Per-call deadline.
    pub timeout: Duration,
}

/// What a run measured.
#[derive(Debug, Default)]
pub struct Report {
    /// Calls by final status code name ("Ok", "ResourceExhausted", ...).
    pub codes: BTreeMap<String, u64>,
    /// Latencies of every finished call, sorted.
    pub latencies: Vec<Duration>,
    /// Wall time from first call to last answer.
    pub elapsed: Duration,
    /// Open loop: calls not started because `concurrency` were in flight.
    pub skipped: u64,
}

impl Report {
    /// The `q` quantile (0..=1) of the latencies.
    pub fn quantile(&self, q: f64) -> Duration {
        if self.latencies.is_empty() {
            return Duration::ZERO;
        }
        let rank = ((self.latencies.len() as f64 - 1.0) * q).round() as usize;
        self.latencies[rank.min(self.latencies.len() - 1)]
    }

    /// Finished calls per second.
    pub fn rate(&self) -> f64 {
        self.latencies.len() as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        writeln!(
            f,
            "calls:      {} in {:.2} s = {:.1} calls/s",
            self.latencies.len(),
            self.elapsed.as_secs_f64(),
            self.rate()
        )?;
        writeln!(
            f,
            "latency ms: p50 {:.2}  p90 {:.2}  p99 {:.2}  p99.9 {:.2}  max {:.2}",
            ms(self.quantile(0.5)),
            ms(self.quantile(0.9)),
            ms(self.quantile(0.99)),
            ms(self.quantile(0.999)),
            ms(self.quantile(1.0)),
        )?;
        if self.skipped > 0 {
            writeln!(
                f,
                "skipped:    {} (open loop, all {} slots busy)",
                self.skipped,
                self.latencies.len()
            )?;
        }
        let codes: Vec<String> = self.codes.iter().map(|(code, n)| format!("{code} {n}")).collect();
        write!(f, "status:     {}", codes.join(", "))
    }
}

/// Runs the load: `documents` are sent round-robin as `Analyze` calls.
pub async fn run(options: &LoadOptions, documents: Vec<pb::Document>) -> anyhow::Result<Report> {
    anyhow::ensure!(!documents.is_empty(), "no documents to send");
    let mut clients = Vec::new();
    for _ in 0..options.connections.max(1) {
        let channel: Channel = Endpoint::from_shared(options.target.clone())?.connect().await?;
        clients.push(ArticleServiceClient::new(channel).max_decoding_message_size(usize::MAX));
    }
    let documents = Arc::new(documents);
    let report = Arc::new(Mutex::new(Report::default()));
    let slots = Arc::new(Semaphore::new(options.concurrency.max(1)));
    let start = Instant::now();
    let deadline = start + options.duration;
    let mut interval = options.rate.map(|r| {
        let mut i = tokio::time::interval(Duration::from_secs_f64(1.0 / r.max(0.001)));
        i.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Burst);
        i
    });
    let mut sent: u64 = 0;
    let mut tasks = tokio::task::JoinSet::new();
    while Instant::now() < deadline && options.requests.is_none_or(|n| sent < n) {
        let permit = match &mut interval {
            Some(interval) => {
                interval.tick().await;
                match Arc::clone(&slots).try_acquire_owned() {
                    Ok(p) => p,
                    Err(_) => {
                        report.lock().await.skipped += 1;
                        continue;
                    }
                }
            }
            None => Arc::clone(&slots).acquire_owned().await?,
        };
        let mut client = clients[(sent as usize) % clients.len()].clone();
        let document = documents[(sent as usize) % documents.len()].clone();
        let report = Arc::clone(&report);
        let timeout = options.timeout;
        sent += 1;
        tasks.spawn(async move {
            let began = Instant::now();
            let mut request = tonic::Request::new(pb::AnalyzeRequest {
                document: Some(document),
                ..Default::default()
            });
            request.set_timeout(timeout);
            let code = match client.analyze(request).await {
                Ok(_) => tonic::Code::Ok,
                Err(status) => status.code(),
            };
            let latency = began.elapsed();
            drop(permit);
            let mut report = report.lock().await;
            report.latencies.push(latency);
            *report.codes.entry(format!("{code:?}")).or_default() += 1;
        });
        while tasks.try_join_next().is_some() {}
    }
    while tasks.join_next().await.is_some() {}
    let mut report = std::mem::take(&mut *report.lock().await);
    report.elapsed = start.elapsed();
    report.latencies.sort_unstable();
    Ok(report)
}
